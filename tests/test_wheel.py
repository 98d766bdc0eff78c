"""The wheel works on its own: built from the sources, installed into a fresh virtualenv and
run from a directory outside the checkout, ``qpr`` opens the bundled sample (package data).

Run alone with ``pytest -m wheel``. To stay quick the new virtualenv has no pip and borrows
the test environment's installed libraries (polars, textual) through a ``.pth`` file; the
wheel itself is installed with ``--no-deps``. A ``.pth`` path line adds a directory without
running the ``.pth`` files inside it, so the checkout's editable install stays out of sight.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "qpr_tui")
TIMEOUT = 300  # seconds: the build installs its backend into an isolated environment

pytestmark = pytest.mark.wheel


def run(*argv: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (the build writes nothing in the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = work / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source, cwd=work)
    (built,) = dist.glob("qpr_tui-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path) -> Path:
    """A fresh virtualenv with the wheel installed and the test environment's libraries."""
    root = wheel.parent.parent / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", root, cwd=wheel.parent)
    python = root / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=root)
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site.strip(), "_test_libraries.pth").write_text("\n".join(sorted(libraries)) + "\n")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "-q",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=root,
    )
    return root


def clean_env() -> dict[str, str]:
    """The caller's environment without what would point ``qpr`` elsewhere."""
    drop = {"PYTHONPATH", "QPR_CONFIG", "QPR_DEBUG", "QPR_EXPORT_TIME", "VIRTUAL_ENV"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_the_wheel_ships_the_sample_and_the_styles(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for wanted in (
        "qpr_tui/sample/kcc_qpr_sample.csv",
        "qpr_tui/sample/kcc_qpr_sample.xlsx",
        "qpr_tui/sample/kcc.toml",
        "qpr_tui/tui/app.tcss",
        "qpr_tui/py.typed",
    ):
        assert wanted in names
    assert not [n for n in names if n.startswith(("tests/", "sample_data/", "benchmarks/"))]


def test_installed_qpr_summarises_the_bundled_sample(venv: Path, tmp_path: Path) -> None:
    where = run(
        venv / "bin" / "python",
        "-c",
        "from qpr_tui.loading import SAMPLE; print(SAMPLE)",
        cwd=tmp_path,
        env=clean_env(),
    )
    assert Path(where.strip()).is_relative_to(venv), where
    out = run(venv / "bin" / "qpr", "summary", "--json", cwd=tmp_path, env=clean_env())
    summary = json.loads(out)
    assert summary["organisation"] == "Kent County Council"
    assert summary["period"] == "2024/25 Q2"
    assert summary["total"] == 40
    counts = {k: summary["rag"][k] for k in ("green", "amber", "red", "no_data")}
    assert counts == {"green": 16, "amber": 15, "red": 8, "no_data": 1}


def test_installed_qpr_reads_the_bundled_sample_workbook(venv: Path, tmp_path: Path) -> None:
    where = run(
        venv / "bin" / "python",
        "-c",
        "from qpr_tui.loading import SAMPLE_WORKBOOK; print(SAMPLE_WORKBOOK)",
        cwd=tmp_path,
        env=clean_env(),
    )
    workbook = where.strip()
    assert Path(workbook).is_relative_to(venv) and Path(workbook).is_file(), workbook
    out = run(venv / "bin" / "qpr", "summary", "--json", workbook, cwd=tmp_path, env=clean_env())
    summary = json.loads(out)
    assert (summary["organisation"], summary["period"], summary["total"]) == (
        "Kent County Council",
        "2024/25 Q2",
        40,
    )
    assert summary["rag"]["red"] == 8
