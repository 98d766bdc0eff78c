from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG

ROOT = Path(__file__).resolve().parent.parent
__all__ = ["ROOT", "SAMPLE", "SAMPLE_CONFIG"]

# No wall-clock limits in tests: hypothesis' per-example deadline fails on a loaded machine.
settings.register_profile("qpr", deadline=None)
settings.load_profile("qpr")


@pytest.fixture(autouse=True)
def user_config_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Every test has user configuration and data folders of its own (empty), so none reads
    or writes the real ``~/.config/qpr`` or ``~/.local/share/qpr``; commands run in a
    subprocess inherit them."""
    home = tmp_path_factory.mktemp("xdg-config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))
    monkeypatch.delenv("QPR_CONFIG", raising=False)
    return home


@pytest.fixture
def write_csv(tmp_path: Path):
    """Write text (or bytes) to a CSV file in tmp_path and return its path."""

    def make(text: str | bytes, name: str = "data.csv") -> Path:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    return make
