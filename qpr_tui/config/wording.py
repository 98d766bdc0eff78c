"""The placeholders a configured sentence may use, such as ``[report] recommendation``."""

from __future__ import annotations

import string

#: Placeholder -> what it stands for (the words in a refusal name them all).
PLACEHOLDERS = {
    "meeting": "the meeting asked to note the report",
    "quarter": "the quarter's number",
    "period": "the period in words, such as 'Quarter 2, 2024/25'",
}


def check_placeholders(text: str) -> str:
    """Why ``text`` cannot be filled in ("" when it can): an unknown or malformed
    ``{placeholder}``. Literal braces are written doubled: ``{{`` and ``}}``."""
    known = ", ".join("{" + name + "}" for name in PLACEHOLDERS)
    try:
        fields = [name for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        return f"recommendation is not a valid sentence template ({error}); use {known}"
    for name in fields:
        if name not in PLACEHOLDERS:
            shown = "{" + name + "}"
            return f"recommendation uses {shown}, which is not a placeholder (use {known})"
    return ""


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders replaced (checked by `check_placeholders` first)."""
    return text.format_map(values)
