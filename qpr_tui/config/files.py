"""Which ``[files."NAME"]`` table applies to an input file.

NAME is a file name or a glob pattern (``"hart_kpis_*.csv"``), matched with `fnmatch` against
the file's base name only, so the same configuration works wherever the files are kept.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

from qpr_tui.config.schema import Config, FileConfig
from qpr_tui.errors import QprError


def matching_names(config: Config, path: str | Path) -> list[str]:
    """The ``[files]`` names that match ``path``'s base name, in the configuration's order."""
    name = Path(path).name
    return [key for key in config.files if key == name or fnmatch.fnmatch(name, key)]


def settings_for(config: Config, path: str | Path) -> FileConfig:
    """The ``[files."NAME"]`` settings of one input file (the defaults when none matches).

    A table named exactly as the file wins over patterns; two patterns that both match (and
    no exact name) are refused, since merging them could apply the wrong period or columns.
    """
    name = Path(path).name
    matches = matching_names(config, path)
    if name in matches:
        return config.files[name]
    if len(matches) > 1:
        keys = " and ".join(f'[files."{key}"]' for key in matches)
        raise QprError(
            f"{keys} both match the file {name}, so its settings are not clear.",
            hint="Make the patterns narrower, or add a table for the file itself: "
            f'[files."{name}"].',
        )
    return config.files[matches[0]] if matches else FileConfig()
