"""``qpr export FILE... --format FORMAT --output PATH``."""

from __future__ import annotations

import argparse
import sys

from qpr_tui.export import output_paths, render, write_export
from qpr_tui.loading import load_from_args


def _to_stdout(text: str) -> None:
    """UTF-8 whatever the terminal's encoding: the output is a file format."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
    else:
        buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    if buffer is not None:
        buffer.flush()


def run_export(args: argparse.Namespace) -> int:
    """Write the report named by ``--format`` to ``--output`` (``-``: standard output)."""
    analysis, period, scope = load_from_args(args)
    if args.output == "-":
        # CSV on standard output has no provenance file; use --format json for a pipeline
        # that needs both.
        _to_stdout(render(analysis, args.format, period, scope))
        return 0
    path = write_export(analysis, args.format, args.output, period, scope, force=args.force)
    if sys.stderr.isatty():
        written = [str(path)] + [str(p) for p in output_paths(args.format, path)[1:]]
        print(f"qpr: wrote {' and '.join(written)}", file=sys.stderr)
    return 0
