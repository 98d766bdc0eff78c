"""``[files."NAME"]`` tables checked against the files given, before any file is read: a
table that matches no file is a warning, and a setting that cannot work stops the load with
its key and line (the reader would otherwise meet it file by file, without the line)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from qpr_tui.config import Config
from qpr_tui.config.files import matching_names, settings_for
from qpr_tui.errors import Issue, Location, QprError, Severity
from qpr_tui.periods import PeriodError, parse_period

KeyPlace = Callable[[tuple[str, ...]], Location]


def check_file_settings(
    config: Config, paths: Sequence[str | Path], key_place: KeyPlace
) -> list[Issue]:
    """Warnings about ``[files]`` tables that match no input file; `QprError` (at the key's
    line) for a period that is not one and for a file that two patterns match."""
    for name, table in config.files.items():
        if table.period:
            try:
                parse_period(table.period, config.year_quarters)
            except PeriodError as exc:
                raise QprError(
                    f'[files."{name}"] period = "{table.period}" is not a period ({exc.message}).',
                    key_place(("files", name, "period")),
                    hint="Use a financial quarter such as '2024/25 Q2'.",
                ) from None
    for path in paths:
        try:
            settings_for(config, path)
        except QprError as exc:
            first = matching_names(config, path)[0]
            raise QprError(exc.message, key_place(("files", first)), exc.hint) from None
    used = {name for path in paths for name in matching_names(config, path)}
    return [
        Issue(
            Severity.WARNING,
            "config-unused-file",
            f'[files."{name}"] matches none of the input files, so its settings were not used',
            key_place(("files", name)),
        )
        for name in config.files
        if name not in used
    ]
