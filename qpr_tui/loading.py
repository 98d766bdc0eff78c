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
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import QprError, Severity
from qpr_tui.views.text import clean

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.config import LoadedConfig
    from qpr_tui.findings import Findings
    from qpr_tui.notes import NoteBook


def _on_disk(resource: Traversable) -> Path:
    # The reader and the provenance hash open files by path. Package data is a plain file in
    # a checkout and in an installed wheel; inside a zip it has no path, and default_files
    # then reports the sample as missing.
    return resource if isinstance(resource, Path) else Path(str(resource))


_SAMPLE_DIR = resources.files("qpr_tui").joinpath("sample")
#: The bundled sample QPR (package data) and the configuration used with it.
SAMPLE = _on_disk(_SAMPLE_DIR.joinpath("kcc_qpr_sample.csv"))
# The sample as a council's workbook: a sheet per directorate (from `sample_data.generate`).
SAMPLE_WORKBOOK = _on_disk(_SAMPLE_DIR.joinpath("kcc_qpr_sample.xlsx"))
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


@dataclass(frozen=True)
class ConfigChoice:
    """The configuration file to read (None: the built-in defaults) and why that one."""

    path: str | None
    origin: str


def find_config(args: argparse.Namespace, files: list[str]) -> ConfigChoice:
    """``--config``, else ``QPR_CONFIG``, else the sample's own configuration for the sample,
    else the user's configuration file if there is one, else the defaults."""
    from qpr_tui.config.user import user_config_file

    if args.config:
        return ConfigChoice(str(args.config), "--config")
    if os.environ.get("QPR_CONFIG"):
        return ConfigChoice(os.environ["QPR_CONFIG"], "QPR_CONFIG")
    if files in ([str(SAMPLE)], [str(SAMPLE_WORKBOOK)]) and SAMPLE_CONFIG.exists():
        return ConfigChoice(str(SAMPLE_CONFIG), "the bundled sample's own")
    user = user_config_file()
    if user.is_file():
        return ConfigChoice(str(user), "the user's configuration")
    return ConfigChoice(None, "none found: the built-in defaults")


def config_path(args: argparse.Namespace, files: list[str]) -> str | None:
    """The configuration file `find_config` chooses (None: the defaults)."""
    return find_config(args, files).path


def config_search() -> str:
    """Where configuration is looked for, in order, and what is there now (for --help)."""
    from qpr_tui.config.user import user_config_file

    env = os.environ.get("QPR_CONFIG")
    user = user_config_file()
    return (
        "Configuration is read from --config TOML, else $QPR_CONFIG "
        f"({'set to ' + clean(env) if env else 'not set'}), else (for the bundled sample) the "
        f"sample's own, else {clean(user)} ({'found' if user.is_file() else 'not found'}), "
        "else the built-in defaults."
    )


def say(args: argparse.Namespace, message: str) -> None:
    """A progress note on stderr, for ``-v`` only."""
    if getattr(args, "verbose", False):
        print(f"qpr: {clean(message)}", file=sys.stderr)


def config_from_args(args: argparse.Namespace, files: list[str]) -> LoadedConfig:
    """The configuration the arguments (or the environment) name for these files (``-v``
    says which and why)."""
    from qpr_tui.config import load_config

    choice = find_config(args, files)
    say(args, f"configuration: {choice.path or 'none'} ({choice.origin})")
    return load_config(choice.path)


@contextmanager
def progress_reporter(
    files: list[str], quiet: bool = False
) -> Iterator[Callable[[str, float], None] | None]:
    """Progress on stderr for big inputs: a spinner on a terminal, plain lines otherwise
    (none with ``quiet``)."""
    total = sum(Path(f).stat().st_size for f in files if Path(f).is_file())
    if quiet or total < BIG_INPUT:
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


def report_issues(issues: Findings) -> None:
    """The first few errors and warnings of a load on stderr (notes are left to validate)."""
    import polars as pl

    out = sys.stderr
    problems = issues.where(pl.col("severity") != Severity.INFO.value)
    if not problems:
        return
    for issue in problems.first(SHOWN_ISSUES):
        print(f"qpr: {clean(issue)}", file=out)
    if len(problems) > SHOWN_ISSUES:
        print(
            f"qpr: … and {len(problems) - SHOWN_ISSUES:,} more; "
            "run 'qpr validate' to list them all",
            file=out,
        )


def notes_for(files: Sequence[str], loaded: LoadedConfig) -> NoteBook:
    """The notes for the meeting kept for these files (see `qpr_tui.notes`)."""
    from qpr_tui.ingest.streams import is_stream
    from qpr_tui.notes import load_notes, notes_path

    # A stream has no folder of its own to keep notes beside.
    beside = [] if files and is_stream(files[0]) else files
    path = notes_path(beside, loaded.config, loaded.source.path)
    return load_notes(path, loaded.config.year_quarters)


def load_from_args(args: argparse.Namespace) -> tuple[Analysis, int, Scope]:
    """Load the files, configuration, period and scope named on the command line."""
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.ingest.reader import load

    files = default_files(args.files)
    loaded = config_from_args(args, files)
    quiet = getattr(args, "quiet", False)
    for warning in () if quiet else loaded.warnings:
        print(f"qpr: warning: {clean(f'{warning.location}: {warning.message}')}", file=sys.stderr)
    started = time.perf_counter()
    with progress_reporter(files, quiet) as progress:
        dataset = load(
            files,
            loaded.config,
            organisation=args.organisation,
            progress=progress,
            config_source=loaded.source,
        )
    say(
        args,
        f"read {dataset.frame.height:,} rows from {len(files)} file(s) in "
        f"{time.perf_counter() - started:.2f} s",
    )
    if not quiet:
        report_issues(dataset.issues)
    notes = notes_for(files, loaded)
    if notes.problem is not None:
        print(f"qpr: warning: {clean(notes.problem)}", file=sys.stderr)
    analysis = Analysis(dataset, args.organisation, loaded.source, notes)
    period = analysis.resolve_period(args.period)
    scope = find_scope(analysis, args.scope) if getattr(args, "scope", None) else Scope()
    say(args, f"loaded and analysed in {time.perf_counter() - started:.2f} s")
    return analysis, period, scope


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def find_scope(analysis: Analysis, text: str) -> Scope:
    """The directorate or service area ``text`` names, in any case: a directorate, a
    service area (as the tree lists it), or ``Directorate (Service area)`` as the export
    dialog and the papers' headings write it."""
    from qpr_tui.analysis.summary import Scope
    from qpr_tui.views.headings import ALL_DIRECTORATES, heading

    wanted = _key(text)
    if wanted in (_key(ALL_DIRECTORATES), "all"):
        return Scope()
    areas: list[Scope] = []
    for directorate in analysis.directorates:
        if _key(directorate) == wanted:
            return Scope(directorate)
        for area in analysis.service_areas(directorate):
            if area and wanted in (_key(area), _key(heading(directorate, area))):
                areas.append(Scope(directorate, area))
    if len(areas) == 1:
        return areas[0]
    if areas:
        raise QprError(
            f"'{text}' is a service area in several directorates "
            f"({'; '.join(str(a.directorate) for a in areas)}): name it as "
            f"'{heading(str(areas[0].directorate), str(areas[0].service_area))}'."
        )
    raise QprError(
        f"there is no directorate '{text}' (the data has: {'; '.join(analysis.directorates)})"
        ", nor a service area of that name (any case; a service area may also be written "
        "'Directorate (Service area)')."
    )
