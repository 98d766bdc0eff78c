"""The ``qpr`` command.

``qpr [FILE ...]`` opens the terminal app (the bundled sample when no file is given);
``qpr summary``, ``qpr validate`` and ``qpr export`` run headless for scripts and cron.
Exit codes: 0 success, 1 data problems found by ``validate``, 2 unusable input or usage.
Textual is imported only when the app is opened, so the headless commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui import __version__
from qpr_tui.errors import QprError, Severity
from qpr_tui.views.text import clean, json_text

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.config import LoadedConfig

COMMANDS = ("summary", "validate", "export", "tui")
SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "kcc_qpr_sample.csv"
SAMPLE_CONFIG = SAMPLE.with_name("kcc.toml")


class UsageError(QprError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="KPI files (CSV long or wide layout, or Parquet); several are combined",
    )
    parser.add_argument("-c", "--config", metavar="TOML", help="configuration file")
    parser.add_argument(
        "-p",
        "--period",
        metavar="P",
        help="period to report, e.g. '2024/25 Q2' (default: the latest)",
    )
    parser.add_argument(
        "--organisation", metavar="NAME", help="home organisation when the data holds several"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qpr",
        description="Review a council's Quarterly Performance Report.",
        epilog="'qpr [FILE ...]' opens the app (the bundled sample when no file is given). "
        "Exit codes: 0 success, 1 data problems found by validate, 2 unusable input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"qpr_tui {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    tui = sub.add_parser("tui", help="open the terminal app (the default)")
    _common(tui)
    summary = sub.add_parser("summary", help="print the QPR summary (or --json)")
    _common(summary)
    summary.add_argument("--json", action="store_true", help="print JSON for scripts")
    summary.add_argument("--scope", metavar="DIRECTORATE", help="limit to one directorate")
    summary.add_argument(
        "--peers",
        metavar="GROUP",
        help="benchmark against a [peer_groups] group (default: everyone)",
    )
    validate = sub.add_parser("validate", help="list data problems (exit 1 for errors or warnings)")
    _common(validate)
    validate.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = sub.add_parser("export", help="write a report (html, svg, txt, md, csv, json)")
    _common(export)
    export.add_argument(
        "-f",
        "--format",
        required=True,
        metavar="FORMAT",
        choices=("html", "svg", "txt", "md", "csv", "json"),
        help="html, svg, txt, md, csv or json",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="file to write ('-' for standard output)",
    )
    export.add_argument("--scope", metavar="DIRECTORATE", help="limit to one directorate")
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def default_files(files: list[str]) -> list[str]:
    if files:
        return files
    if not SAMPLE.exists():
        raise QprError(f"no file was given and the bundled sample is missing ({SAMPLE}).")
    return [str(SAMPLE)]


def _config_path(args: argparse.Namespace, files: list[str]) -> str | None:
    if args.config:
        return str(args.config)
    if os.environ.get("QPR_CONFIG"):
        return os.environ["QPR_CONFIG"]
    if files == [str(SAMPLE)] and SAMPLE_CONFIG.exists():
        return str(SAMPLE_CONFIG)
    return None


BIG_INPUT = 20 * 1024 * 1024  # bytes: larger inputs show progress on stderr


@contextmanager
def _progress(files: list[str]) -> Iterator[Callable[[str, float], None] | None]:
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


def config_from_args(args: argparse.Namespace, files: list[str]) -> LoadedConfig:
    from qpr_tui.config import load_config

    return load_config(_config_path(args, files))


def _report_issues(issues: Sequence[object]) -> None:
    from qpr_tui.errors import Issue

    out = sys.stderr
    problems = [i for i in issues if isinstance(i, Issue) and i.severity is not Severity.INFO]
    if not problems:
        return
    for issue in problems[:10]:
        print(f"qpr: {clean(issue)}", file=out)
    if len(problems) > 10:
        print(
            f"qpr: … and {len(problems) - 10} more; run 'qpr validate' to list them all", file=out
        )


def load_from_args(args: argparse.Namespace) -> tuple[Analysis, int, Scope]:
    """Load the files, configuration, period and scope named on the command line."""
    from qpr_tui.analysis.summary import Analysis, Scope
    from qpr_tui.ingest.reader import load

    files = default_files(args.files)
    loaded = config_from_args(args, files)
    for warning in loaded.warnings:
        print(f"qpr: warning: {clean(f'{warning.location}: {warning.message}')}", file=sys.stderr)
    with _progress(files) as progress:
        dataset = load(files, loaded.config, organisation=args.organisation, progress=progress)
    _report_issues(dataset.issues)
    analysis = Analysis(dataset, args.organisation, loaded.source)
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


def cmd_summary(args: argparse.Namespace) -> int:
    import polars as pl

    from qpr_tui.analysis.serialise import benchmark_json, summary_json

    analysis, period, scope = load_from_args(args)
    summary = analysis.summary(period, scope)
    bench = None
    group = analysis.peer_group(args.peers)
    if group.warning:
        print(f"qpr: warning: {clean(group.warning)}", file=sys.stderr)
    if analysis.has_peers:
        kpi_ids = summary.kpis.get_column("kpi_id")
        bench = analysis.benchmark(period, group).filter(pl.col("kpi_id").is_in(kpi_ids.implode()))
    if args.json:
        data = summary_json(summary)
        if bench is not None:
            data["benchmark"] = benchmark_json(
                bench, group.label, len(analysis.organisations), group.warning
            )
        sys.stdout.write(json_text(data) + "\n")
        return 0
    from rich.console import Console

    from qpr_tui.views.summary import benchmark_table, summary_report

    console = Console()
    console.print(summary_report(summary))
    if bench is not None:
        console.print(benchmark_table(summary, bench, group.label, len(analysis.organisations)))
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from qpr_tui.config import load_config
    from qpr_tui.tui.app import QprApp

    files = default_files(args.files)
    loaded = load_config(_config_path(args, files))
    app = QprApp(files, config=loaded, period=args.period, organisation=args.organisation)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["tui", *argv]
    try:
        args = build_parser().parse_args(argv)
        if args.command == "export":
            from qpr_tui.export.command import run_export

            return run_export(args)
        if args.command == "validate":
            from qpr_tui.validate.command import run_validate

            return run_validate(args)
        handler = {"summary": cmd_summary, "tui": cmd_tui}
        return handler[args.command](args)
    except QprError as exc:
        print(f"qpr: error: {clean(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qpr: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug: say so plainly rather than dumping a traceback
        if os.environ.get("QPR_DEBUG"):
            raise
        print(
            f"qpr: internal error: {type(exc).__name__}: {exc}. Set QPR_DEBUG=1 for details "
            "and please report it.",
            file=sys.stderr,
        )
        return 3


if __name__ == "__main__":
    sys.exit(main())
