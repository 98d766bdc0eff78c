"""CPU time and peak memory of each step of ``qpr validate FILE --json``, in-process.

    python -m benchmarks.validate_steps FILE [--runs 2]

Wraps the named steps of the ingest and of ``qpr validate`` (module functions, looked up where
their callers find them) with `time.process_time` (the CPU of every thread, so polars' engine
counts) and prints, per run, the CPU and wall time of each step and the peak RSS after it.
The output of the command is discarded. The steps nest: ``reader.load`` holds the others
up to ``reader._dataset``; ``reader._collect`` is within ``reader._query``. The peak is the
process's so far, so only the first run's peaks are those of one ``qpr validate``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

STEPS = {
    "qpr_tui.ingest.reader": [
        "_query",
        "_collect",
        "_short_records",
        "finish",
        "findings",
        "_frame",
        "blank_thresholds",
        "_dataset",
        "load",
    ],
    "qpr_tui.ingest.stages.values": ["clean"],
    "qpr_tui.ingest.stages.text": ["on_one_line", "coded"],
    "qpr_tui.analysis.summary": ["Analysis"],
    "qpr_tui.validate.command": ["find_issues"],
    "qpr_tui.views.output": ["write_json"],
}


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _wrapped(key: str, step: Callable[..., Any], seen: dict[str, list[float]]) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            spent = seen.setdefault(key, [0.0, 0.0, 0.0])
            spent[0] += time.process_time() - cpu
            spent[1] += time.perf_counter() - wall
            spent[2] = _peak_mib()

    return timed


def main(argv: list[str] | None = None) -> int:
    """Run ``qpr validate FILE --json`` ``--runs`` times and print each step's cost."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args(argv)
    cpu, wall = time.process_time(), time.perf_counter()
    from qpr_tui.cli import main as qpr

    imported = time.process_time() - cpu, time.perf_counter() - wall
    print(f"import of qpr_tui.cli: {imported[0]:.2f} s CPU, {imported[1]:.2f} s wall")
    seen: dict[str, list[float]] = {}
    for name, steps in STEPS.items():
        module = importlib.import_module(name)
        for step in steps:
            key = f"{name.rsplit('.', 1)[-1]}.{step}"
            setattr(module, step, _wrapped(key, getattr(module, step), seen))
    for run in range(1, args.runs + 1):
        seen.clear()
        cpu, wall = time.process_time(), time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            qpr(["validate", args.file, "--json"])
        print(
            f"run {run}: {time.process_time() - cpu:.2f} s CPU, "
            f"{time.perf_counter() - wall:.2f} s wall, peak {_peak_mib()} MiB"
        )
        for key, (step_cpu, step_wall, peak) in seen.items():
            print(f"  {key:28s} {step_cpu:6.2f} s CPU {step_wall:6.2f} s wall  peak {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
