"""`frozen` lays a group of texts out text by text (remembering each) and gets the lines
that laying out the whole group gets."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, Group, RenderableType
from rich.style import Style
from rich.text import Text

from qpr_tui.tui.kpi_text import _LAID_OUT, frozen
from qpr_tui.views.hanging import Hanging

NAME = "      – KPI0001 % of posts filled by agency staff across every service of the council"


def whole(renderable: RenderableType, width: int) -> Text:
    """The group laid out in one go, line by line, as styled text."""
    console = Console(
        width=width, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    text = Text(no_wrap=True, overflow="crop", end="")
    for number, line in enumerate(console.render_lines(renderable, console.options, pad=False)):
        if number:
            text.append("\n")
        for segment in line:
            if not segment.control:
                text.append(segment.text, segment.style)
    return text


def styled(text: Text) -> tuple[str, list[tuple[int, int, str]]]:
    return text.plain, [(s.start, s.end, str(s.style)) for s in text.spans]


def group() -> Group:
    return Group(
        Text.assemble(("2.3 ", "bold"), "Eight KPIs did not meet the floor standard " * 4),
        Text(""),
        Text.assemble("  • ", ("Adult Social Care", Style(bold=True, color="red"))),
        Text(NAME),
        Text(NAME),  # the same line twice: remembered once, shown twice
        Text(NAME, style="dim"),  # the same words in another style are another text
        Text("tab\tseparated", justify="right"),
        Hanging(Text("  • "), Text(NAME.strip() + " and more words to wrap")),
        Hanging(Text("  WM01 "), Text(NAME.strip()), Text("  ● Green  →  ▲ Amber")),
        Text(""),
    )


@pytest.mark.parametrize("width", [20, 41, 76, 120])
def test_a_group_of_texts_is_laid_out_as_a_whole(width: int) -> None:
    for _ in range(2):  # laid out afresh, then from what was remembered
        assert styled(frozen(group(), width)) == styled(whole(group(), width))


def test_a_group_whose_texts_run_on_is_laid_out_as_a_whole() -> None:
    # A text that does not end its line runs into the next: only the whole can lay it out.
    runs_on = Group(Text("first part ", end=""), Text("and the rest " * 8), Text(NAME))
    assert styled(frozen(runs_on, 30)) == styled(whole(runs_on, 30))
    assert frozen(runs_on, 30).plain.startswith("first part and the rest")


def test_hanging_lines_are_remembered_like_texts() -> None:
    _LAID_OUT.clear()
    frozen(group(), 41)
    kinds = [part[0] for part, _width in _LAID_OUT if isinstance(part, tuple)]
    assert kinds.count("hanging") == 2
