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
from collections.abc import Sequence

from qpr_tui import __version__
from qpr_tui.errors import QprError
from qpr_tui.loading import config_from_args, default_files, load_from_args
from qpr_tui.views.text import clean, json_text

COMMANDS = ("summary", "validate", "export", "tui")
SCOPE_HELP = "limit to one directorate or service area (any case)"
#: `qpr_tui.export.FORMATS`, spelt out so that parsing arguments does not load the exports
#: (a test keeps the two the same).
EXPORT_FORMATS = ("docx", "pdf", "html", "md", "txt", "xlsx", "csv", "json", "svg")


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
    summary.add_argument("--scope", metavar="NAME", help=SCOPE_HELP)
    summary.add_argument(
        "--peers",
        metavar="GROUP",
        help="benchmark against a [peer_groups] group (default: everyone)",
    )
    validate = sub.add_parser("validate", help="list data problems (exit 1 for errors or warnings)")
    _common(validate)
    validate.add_argument("--json", action="store_true", help="print JSON for scripts")
    export = sub.add_parser(
        "export",
        help="write the paper (docx, pdf, html, md, txt), its data (xlsx, csv, json) or an svg",
    )
    _common(export)
    export.add_argument(
        "-f",
        "--format",
        required=True,
        metavar="FORMAT",
        choices=EXPORT_FORMATS,
        help="docx, pdf, html, md, txt, xlsx, csv, json or svg (the summary as a screenshot)",
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="file to write ('-' for standard output)",
    )
    export.add_argument("--scope", metavar="NAME", help=SCOPE_HELP)
    export.add_argument(
        "--peers",
        metavar="GROUP",
        help="benchmark against a [peer_groups] group (default: everyone)",
    )
    export.add_argument("--force", action="store_true", help="overwrite an existing file")
    return parser


def cmd_summary(args: argparse.Namespace) -> int:
    import polars as pl

    from qpr_tui.views.serialise import benchmark_json, summary_json

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
    from qpr_tui.tui.app import QprApp

    files = default_files(args.files)
    config = config_from_args(args, files)
    app = QprApp(files, config=config, period=args.period, organisation=args.organisation)
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
