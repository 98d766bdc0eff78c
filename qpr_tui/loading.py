"""From parsed command-line arguments to loaded data: files, configuration, period and scope.

Shared by every headless command (``summary``, ``validate``, ``export``) and by the app's
launcher, so it sits below all of them; it imports nothing of theirs. Heavy modules (polars,
the ingest) are imported inside the functions so that ``qpr --help`` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import Issue, QprError, Severity
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.config import LoadedConfig
    from qpr_tui.notes import NoteBook


def _on_disk(resource: Traversable) -> Path:
    # The reader and the provenance hash open files by path. Package data is a plain file in
    # a checkout and in an installed wheel; inside a zip it has no path, and default_files
    # then reports the sample as missing.
    return resource if isinstance(resource, Path) else Path(str(resource))


_SAMPLE_DIR = resources.files("qpr_tui").joinpath("sample")
#: The bundled sample QPR (package data) and the configuration used with it.
SAMPLE = _on_disk(_SAMPLE_DIR.joinpath("kcc_qpr_sample.csv"))
SAMPLE_CONFIG = _on_disk(_SAMPLE_DIR.joinpath("kcc.toml"))
BIG_INPUT = 20 * 1024 * 1024  # bytes: larger inputs show progress on stderr
SHOWN_ISSUES = 10  # problems printed before pointing at 'qpr validate'


def default_files(files: list[str]) -> list[str]:
    """The files named on the command line, or the bundled sample when there are none."""
    if files:
        return files
    if not SAMPLE.exists():
        raise QprError(f"no file was given and the bundled sample is missing ({SAMPLE}).")
    return [str(SAMPLE)]


def config_path(args: argparse.Namespace, files: list[str]) -> str | None:
    """``--config``, else ``QPR_CONFIG``, else the sample's own configuration for the sample."""
    if args.config:
        return str(args.config)
    if os.environ.get("QPR_CONFIG"):
        return os.environ["QPR_CONFIG"]
    if files == [str(SAMPLE)] and SAMPLE_CONFIG.exists():
        return str(SAMPLE_CONFIG)
    return None


def config_from_args(args: argparse.Namespace, files: list[str]) -> LoadedConfig:
    """The configuration the arguments (or the environment) name for these files."""
    from qpr_tui.config import load_config

    return load_config(config_path(args, files))


@contextmanager
def progress_reporter(files: list[str]) -> Iterator[Callable[[str, float], None] | None]:
    """Progress on stderr for big inputs: a spinner on a terminal, plain lines otherwise."""
    total = sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    if total < BIG_INPUT:
        yield None
        return
    started = time.monotonic()
    if sys.stderr.isatty():
        from rich.console import Console

        console = Console(stderr=True)
        with console.status("Loading…") as status:
            yield lambda message, _fraction: status.update(
                f"{clean(message)}  ({time.monotonic() - started:.1f} s)"
            )
        return

    def plain(message: str, _fraction: float) -> None:
        print(f"qpr: {clean(message)} ({time.monotonic() - started:.1f} s)", file=sys.stderr)

    yield plain


def report_issues(issues: Sequence[object]) -> None:
    """The first few errors and warnings of a load on stderr (notes are left to validate)."""
    out = sys.stderr
    problems = [i for i in issues if isinstance(i, Issue) and i.severity is not Severity.INFO]
    if not problems:
        return
    for issue in problems[:SHOWN_ISSUES]:
        print(f"qpr: {clean(issue)}", file=out)
    if len(problems) > SHOWN_ISSUES:
        print(
            f"qpr: … and {len(problems) - SHOWN_ISSUES} more; run 'qpr validate' to list them all",
            file=out,
        )


def notes_for(files: Sequence[str], loaded: LoadedConfig) -> NoteBook:
    """The notes for the meeting kept for these files (see `qpr_tui.notes`)."""
    from qpr_tui.notes import load_notes, notes_path

    path = notes_path(files, loaded.config, loaded.source.path)
    return load_notes(path, loaded.config.year_quarters)


def load_from_args(args: argparse.Namespace) -> tuple[Analysis, int, Scope]:
    """Load the files, configuration, period and scope named on the command line."""
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.ingest.reader import load

    files = default_files(args.files)
    loaded = config_from_args(args, files)
    for warning in loaded.warnings:
        print(f"qpr: warning: {clean(f'{warning.location}: {warning.message}')}", file=sys.stderr)
    with progress_reporter(files) as progress:
        dataset = load(files, loaded.config, organisation=args.organisation, progress=progress)
    report_issues(dataset.issues)
    notes = notes_for(files, loaded)
    if notes.problem is not None:
        print(f"qpr: warning: {clean(notes.problem)}", file=sys.stderr)
    analysis = Analysis(dataset, args.organisation, loaded.source, notes)
    period = analysis.resolve_period(args.period)
    scope = Scope()
    if getattr(args, "scope", None):
        if args.scope not in analysis.directorates:
            raise QprError(
                f"there is no directorate '{args.scope}' (the data has: "
                f"{'; '.join(analysis.directorates)})."
            )
        scope = Scope(args.scope)
    return analysis, period, scope
