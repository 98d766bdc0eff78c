"""The ``qpr`` command.

``qpr [FILE ...]`` opens the terminal app (the bundled sample when no file is given);
``qpr summary``, ``qpr validate`` and ``qpr export`` run headless for scripts and cron.
Exit codes: 0 success, 1 data problems found by ``validate``, 2 unusable input or usage.
``qpr serve`` shows the app in a web browser; ``qpr completion SHELL`` prints a completion
script. A first word that is neither a command nor a file is a usage error.
Textual is imported only when the app is opened, and nothing heavy before the arguments are
parsed, so ``qpr --version`` and the headless commands start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from qpr_tui import __version__
from qpr_tui.errors import QprError
from qpr_tui.views import output

if TYPE_CHECKING:
    from collections.abc import Callable

COMMANDS = ("summary", "validate", "export", "tui", "serve", "completion")
SHELLS = ("bash", "zsh", "fish")
HELP_OPTIONS = ("-h", "--help", "--version")
SCOPE_HELP = "limit to one directorate or service area (any case)"
#: `qpr_tui.export.FORMATS`, spelt out so that parsing arguments does not load the exports
#: (a test keeps the two the same).
EXPORT_FORMATS = ("docx", "pdf", "html", "md", "txt", "xlsx", "csv", "json", "svg")


class UsageError(QprError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def format_help(self) -> str:
        text = super().format_help()
        if self.prog != "qpr":
            return text
        from qpr_tui.loading import config_search

        # Where configuration was looked for is worked out when help is asked for only, so
        # that every other start does not pay for it.
        return text + "\n" + _wrapped(config_search()) + "\n"


def _wrapped(text: str) -> str:
    import textwrap

    return textwrap.fill(text, width=88, break_on_hyphens=False, break_long_words=False)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="KPI files (CSV long or wide layout, or Parquet; '-' for standard input); "
        "several are combined",
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
    _chatter(parser)


def _chatter(parser: argparse.ArgumentParser) -> None:
    talk = parser.add_mutually_exclusive_group()
    talk.add_argument(
        "-q", "--quiet", action="store_true", help="no progress, warnings or notes (errors only)"
    )
    talk.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say which configuration was used and how long loading took",
    )


# The numbers are `qpr_tui.document.limits`' (a test keeps them in step): importing it here
# would load polars for `qpr --help`.
EXPORT_LIMITS = (
    "Big scopes: a paper (docx, pdf, html, md, txt) keeps the summary, the counts, the changes "
    "and the list of Red KPIs whole, but lists the first 2,000 KPIs in its KPI summary tables, "
    "gives the first 25 Red KPIs a page of their own (history, chart, commentary, actions) "
    'and, with [report] charts = "all", draws the first 100 trend charts; docx and pdf also '
    "list the first 2,000 Red KPIs and changes and name the first 2,000 Red indicators in "
    "paragraph 2.3. Each limit reached is said in the paper and "
    "on standard error. xlsx, csv and json hold every KPI; --scope limits the paper to one "
    "directorate or service area."
)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qpr",
        description="Review a council's Quarterly Performance Report.",
        epilog="'qpr [FILE ...]' opens the app (the bundled sample when no file is given); a "
        "first word that is not a command is a file only if it exists or looks like one "
        "(has a '.' or a '/'), so 'qpr ./summary' opens a file named summary. "
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
        epilog=EXPORT_LIMITS,
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
    _serve_parser(sub)
    completion = sub.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")
    return parser


def _serve_parser(sub: argparse._SubParsersAction[_Parser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="show the app in a web browser (on this computer only, unless --allow-remote)",
        description="Serve the app over HTTP with textual-serve. There is no login: anyone who "
        "can reach the address can use the app and read the data.",
    )
    _common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other computers can reach (there is no login)",
    )


def cmd_summary(args: argparse.Namespace) -> int:
    import polars as pl

    from qpr_tui.loading import load_from_args
    from qpr_tui.views.serialise import benchmark_json, summary_json
    from qpr_tui.views.text import clean

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
        output.write_json(data)
        return 0
    from qpr_tui.views.summary import benchmark_table, summary_report

    parts = [summary_report(summary)]
    if bench is not None:
        parts.append(benchmark_table(summary, bench, group.label, len(analysis.organisations)))
    output.show(*parts)
    return 0


def cmd_tui(args: argparse.Namespace) -> int:
    from qpr_tui.loading import config_from_args, default_files
    from qpr_tui.tui.app import QprApp

    files = default_files(args.files)
    _keys_from_terminal(files)
    _needs_terminal()
    config = config_from_args(args, files)
    app = QprApp(files, config=config, period=args.period, organisation=args.organisation)
    app.run()
    return app.return_code or 0


def _keys_from_terminal(files: list[str]) -> None:
    """``qpr -``: the data comes on standard input, so it is read first and the app then
    reads its keys from the terminal."""
    from qpr_tui.ingest.streams import local_path, reads_standard_input

    piped = [name for name in files if reads_standard_input(name)]
    if not piped:
        return
    for name in piped:
        local_path(name)
    try:
        terminal = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        raise QprError(
            "the data came on standard input and there is no terminal to read keys from.",
            hint="Use 'qpr summary -' or 'qpr export -' without a terminal.",
        ) from None
    os.dup2(terminal, 0)
    os.close(terminal)


def _needs_terminal() -> None:
    """The app reads keys from standard input and draws on standard error (as Textual
    does): without a terminal on both it would wait forever, writing escapes to a file."""
    if os.environ.get("TEXTUAL_DRIVER"):  # a browser session of `qpr serve`
        return
    streams = {"standard input": sys.__stdin__, "standard error": sys.__stderr__}
    missing = [name for name, stream in streams.items() if not _is_terminal(stream)]
    if missing:
        raise QprError(
            f"the app needs a terminal, and {' and '.join(missing)} "
            f"{'is not one' if len(missing) == 1 else 'are not'}.",
            hint="Run qpr in a terminal; to write a report to a file or a pipe, use "
            "'qpr summary FILE' or 'qpr export FILE --format txt --output -'.",
        )


def _is_terminal(stream: object) -> bool:
    try:
        return stream is not None and bool(stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, OSError):  # closed
        return False


def cmd_completion(args: argparse.Namespace) -> int:
    from qpr_tui.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from qpr_tui.serve import serve

    return serve(args)


def cmd_export(args: argparse.Namespace) -> int:
    from qpr_tui.export.command import run_export

    return run_export(args)


def cmd_validate(args: argparse.Namespace) -> int:
    from qpr_tui.validate.command import run_validate

    return run_validate(args)


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "summary": cmd_summary,
    "tui": cmd_tui,
    "export": cmd_export,
    "validate": cmd_validate,
    "serve": cmd_serve,
    "completion": cmd_completion,
}


def looks_like_file(word: str) -> bool:
    """A first word that is not a command names a file if one exists by that name, or if
    it is written like one (a '.' or a path separator): ``qpr data.csv``, ``qpr ./summary``."""
    return Path(word).exists() or any(mark in word for mark in "./\\")


def with_command(argv: list[str]) -> list[str]:
    """The arguments with their command: ``qpr [FILE ...]`` is ``qpr tui [FILE ...]``."""
    if not argv:
        return ["tui"]
    first = argv[0]
    if first in COMMANDS or first in HELP_OPTIONS:
        return argv
    if first.startswith("-") or looks_like_file(first):
        return ["tui", *argv]
    import difflib

    close = difflib.get_close_matches(first, COMMANDS, n=1, cutoff=0.6)
    guess = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(
        f"'{first}' is not a command ({', '.join(COMMANDS)}) and no file of that name exists"
        f"{guess} (see 'qpr --help')"
    )


def _say(message: str) -> None:
    """One line on standard error, if there is one to write to."""
    if sys.stderr is not None:
        try:
            print(message, file=sys.stderr)
        except OSError:
            pass


#: Objects made before the cyclic collector runs its youngest generation (Python's default is
#: 700). A big file's summary or paper makes millions of small objects that live to the end,
#: and the default collects them over and over: a 200,000-KPI text paper 28 s to 19 s.
GC_YOUNG_THRESHOLD = 100_000
#: Commands whose objects nearly all live to their end (the analysis, the paper, the KPI
#: register): the collector would only walk them again, once a second at 200,000 KPIs, so it
#: is off for their short life. A 200,000-KPI workbook: 4 s of CPU less.
ONE_SHOT = frozenset({"summary", "export"})
#: Commands that write to standard output only, flushed before `main` returns: `run` ends
#: their process without the interpreter's teardown, which frees a large load's objects and
#: memory one by one for nothing (0.1–0.2 s on 800,000 rows).
QUICK_EXIT = frozenset({"summary", "validate"})
#: polars' allocator (jemalloc) keeps the pages it frees "muzzy" for a second before the
#: system takes them back, and they count in the process's memory all that time. A big read
#: frees most of what it used just before the next step asks for more, so these commands have
#: them returned at once. Peak memory on 800,000 rows, in the same time (docs/performance.md):
#: validate 529 to 508 MiB, summary 398 to 361 MiB, an html export 398 to 364 MiB.
RETURN_MEMORY = frozenset({"summary", "validate", "export"})
ALLOCATOR_SETTING = ("_RJEM_MALLOC_CONF", "muzzy_decay_ms:0")


def return_memory_early(command: str) -> None:
    """Add `ALLOCATOR_SETTING` for ``command`` if it is one of `RETURN_MEMORY`; polars reads
    it when it is imported, so it does nothing once polars is. It goes after what the
    environment already says: a process that imported polars passes polars' own setting on
    to the processes it starts, and that would hide it (jemalloc takes the last value)."""
    variable, setting = ALLOCATOR_SETTING
    if command in RETURN_MEMORY and "polars" not in sys.modules:
        given = os.environ.get(variable)
        os.environ[variable] = f"{given},{setting}" if given else setting


def _run(args: argparse.Namespace) -> int:
    import gc

    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    return_memory_early(args.command)
    if args.command in ("summary", "validate") or getattr(args, "output", None) == "-":
        output.stdout()  # closed: say so before doing the work
    collecting = gc.isenabled()
    if args.command in ONE_SHOT:
        gc.disable()
    try:
        return HANDLERS[args.command](args)
    finally:
        if collecting:
            gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``qpr`` with ``argv`` (default: the command line); return the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    output.prepare()
    try:
        try:
            with output.writing():  # --help and --version print through argparse
                args = build_parser().parse_args(with_command(argv))
        except SystemExit as done:  # --help or --version: printed, nothing more to do
            output.finish()
            return int(done.code or 0)
        code = _run(args)
        output.finish()
        return code
    except output.OutputStopped:  # the reader of a pipe took what it wanted (| head)
        return 0
    except QprError as exc:
        _say(f"qpr: error: {_clean(exc)}")
        return 2
    except KeyboardInterrupt:
        _say("qpr: interrupted")
        return 130
    except Exception as exc:  # a bug: say so plainly rather than dumping a traceback
        if os.environ.get("QPR_DEBUG"):
            raise
        _say(
            f"qpr: internal error: {type(exc).__name__}: {_clean(exc)}. Set QPR_DEBUG=1 for "
            "details and please report it."
        )
        return 3


def run() -> NoReturn:
    """The ``qpr`` program: `main` on the command line, its result the exit code."""
    argv = sys.argv[1:]
    code = main(argv)
    if argv[:1] and argv[0] in QUICK_EXIT:  # the command is named first, or it is the app
        try:
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):  # left to the usual exit, which reports it as before
            sys.exit(code)
        os._exit(code)
    sys.exit(code)


def _clean(value: object) -> str:
    from qpr_tui.views.text import clean

    return clean(value)


if __name__ == "__main__":
    sys.exit(main())
