"""Configuration: one declared schema (`qpr_tui.config.schema`), read from TOML.

``load_config(path)`` and ``parse_config(text)`` return a `LoadedConfig`: the `Config`
(whose attributes the ingest and analysis read) and, beside it, its `ConfigSource` (the file,
the SHA-256 of the bytes read, and warnings about unknown keys).
"""

from __future__ import annotations

from qpr_tui.config.loader import ConfigSource, LoadedConfig, load_config, parse_config
from qpr_tui.config.schema import (
    Config,
    Contact,
    DirectoratesConfig,
    DotConfig,
    KpiRule,
    RagConfig,
    ReportConfig,
    SettingsConflict,
)

__all__ = [
    "Config",
    "ConfigSource",
    "Contact",
    "DirectoratesConfig",
    "DotConfig",
    "KpiRule",
    "LoadedConfig",
    "RagConfig",
    "ReportConfig",
    "SettingsConflict",
    "load_config",
    "parse_config",
]
