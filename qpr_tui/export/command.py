"""``qpr export FILE... --format FORMAT --output PATH``.

A file export prints the path of every file it wrote on standard output, one per line, so
a script can take them (``paper=$(qpr export -f docx -o paper.docx)``); messages go to
standard error. ``--output -`` writes the export itself to standard output instead.
"""

from __future__ import annotations

import argparse
import sys

from qpr_tui.errors import QprError
from qpr_tui.export import BINARY, left_out, output_paths, render_bytes, write_export
from qpr_tui.loading import load_from_args
from qpr_tui.views import output
from qpr_tui.views.text import clean


def run_export(args: argparse.Namespace) -> int:
    """Write the report named by ``--format`` to ``--output`` (``-``: standard output)."""
    analysis, period, scope = load_from_args(args)
    if analysis.has_peers:
        group = analysis.peer_group(args.peers)
        if group.warning:
            print(f"qpr: warning: {clean(group.warning)}", file=sys.stderr)
    elif args.peers:
        print(
            f"qpr: warning: --peers {clean(args.peers)} was ignored: the data has no other "
            "organisations to compare with.",
            file=sys.stderr,
        )
    if not getattr(args, "quiet", False):  # the paper itself says it too
        for sentence in left_out(analysis, args.format, period, scope):
            print(f"qpr: note: {clean(sentence)}", file=sys.stderr)
    if args.output == "-":
        if args.format in BINARY and output.stdout().isatty():
            raise QprError(
                f"a .{args.format} file is not text and would garble the terminal.",
                hint=f"Give a file name (-o paper.{args.format}) or redirect the output.",
            )
        # CSV on standard output has no provenance file; use --format json for a pipeline
        # that needs both.
        output.write_bytes(render_bytes(analysis, args.format, period, scope, peers=args.peers))
        return 0
    path = write_export(
        analysis, args.format, args.output, period, scope, force=args.force, peers=args.peers
    )
    if sys.stdout is None:  # closed: nobody asked for the names of the files written
        return 0
    names = [str(p) for p in [path, *output_paths(args.format, path)[1:]]]
    if sys.stdout.isatty():  # exact for a script; harmless on a terminal
        names = [clean(name) for name in names]
    output.write_text("".join(f"{name}\n" for name in names))
    return 0
