"""Which ``[files."NAME"]`` table applies to an input file.

NAME is the file's name (``kpis.xlsx``) or a glob pattern (``hart_kpis_*.csv``), matched
against the file's name without its folder. An exact name wins over a pattern; among patterns
the first in the configuration wins.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

from qpr_tui.config.schema import Config, FileConfig

_NO_SETTINGS = FileConfig()


def settings_for(config: Config, path: str | Path) -> FileConfig:
    """The ``[files."NAME"]`` settings for the file at ``path`` (the defaults when none
    match)."""
    name = Path(path).name
    if name in config.files:
        return config.files[name]
    for pattern, settings in config.files.items():
        if fnmatchcase(name, pattern):
            return settings
    return _NO_SETTINGS
