"""Where ``qpr summary`` spends its time: cProfile, summarised for people.

    python -m benchmarks.profile_summary FILE [--organisation NAME] [--top 15] [--save OUT]
        [--command validate]

Runs ``qpr summary FILE --json`` (or ``qpr validate FILE --json``) in-process under cProfile
(output discarded) and prints:

1. the wall time of the profiled run (cProfile adds some overhead to Python-heavy code; the
   polars engine's own time is unaffected);
2. self time grouped by where it is spent: the polars engine (Rust, inside ``collect`` and
   friends), polars' Python layer, qpr_tui's Python code, imports, the standard library;
3. the top functions by self time;
4. the polars engine time attributed to the qpr_tui function that asked for it (split along
   the call graph in proportion to cumulative time), which is what to optimise;
5. the top qpr_tui functions by cumulative time.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import time
from collections import defaultdict
from typing import Any

Func = tuple[str, int, str]


def _group(func: Func) -> str:
    path, _, name = func
    if path == "~":
        if (
            "PyLazyFrame" in name
            or "PyDataFrame" in name
            or "PySeries" in name
            or ("polars" in name)
        ):
            return "polars engine (Rust)"
        if "exec" in name or "import" in name or "marshal" in name:
            return "imports"
        return "built-ins (I/O, bytes, json ...)"
    if "importlib" in path or path.startswith("<frozen"):
        return "imports"
    if "/polars/" in path:
        return "polars Python layer"
    if "/qpr_tui/" in path:
        return "qpr_tui Python"
    if "/rich/" in path:
        return "rich"
    return "standard library / other"


def _is_engine(func: Func) -> bool:
    return _group(func) == "polars engine (Rust)"


def _label(func: Func) -> str:
    path, line, name = func
    if path == "~":
        return name
    if "/qpr_tui/" in path:
        module = path.split("/qpr_tui/", 1)[1].removesuffix(".py").replace("/", ".")
        return f"qpr_tui.{module}.{name} (line {line})"
    return f"{os.path.basename(path)}:{line} {name}"


def attribute(
    stats: dict[Func, Any], func: Func, amount: float, out: dict[str, float], depth: int = 0
) -> None:
    """Give ``amount`` of ``func``'s time to the nearest qpr_tui callers."""
    if "/qpr_tui/" in func[0]:
        out[_label(func)] += amount
        return
    callers = stats.get(func, (0, 0, 0, 0, {}))[4]
    total = sum(c[3] for c in callers.values())
    if not callers or total <= 0 or depth > 40 or amount < 1e-6:
        out["(not under qpr_tui code)"] += amount
        return
    for caller, c in callers.items():
        attribute(stats, caller, amount * c[3] / total, out, depth + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_summary")
    parser.add_argument("file")
    parser.add_argument("--organisation")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--save", help="also write the raw profile (.prof) here")
    parser.add_argument("--command", choices=("summary", "validate"), default="summary")
    args = parser.parse_args(argv)
    cli_args = [args.command, args.file, "--json"]
    cli_args += ["--organisation", args.organisation] if args.organisation else []

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    from qpr_tui.cli import main as qpr_main

    with (
        open(os.devnull, "w") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        code = qpr_main(cli_args)
    profile.disable()
    wall = time.perf_counter() - start
    if code != 0 and not (args.command == "validate" and code == 1):  # 1: it found problems
        print(f"qpr {args.command} exited with {code}", file=sys.stderr)
        return code
    if args.save:
        profile.dump_stats(args.save)
    st = pstats.Stats(profile)
    stats: dict[Func, Any] = st.stats  # type: ignore[attr-defined]

    print(f"qpr {' '.join(cli_args)}: {wall:.3f} s under cProfile\n")
    groups: dict[str, float] = defaultdict(float)
    for func, (_, _, tottime, _, _) in stats.items():
        groups[_group(func)] += tottime
    total = sum(groups.values())
    print("Self time by where it is spent:")
    for name, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {name:36} {seconds:7.3f} s  {100 * seconds / total:5.1f}%")

    print(f"\nTop {args.top} functions by self time:")
    ranked = sorted(stats.items(), key=lambda item: -item[1][2])[: args.top]
    for func, (_, calls, tottime, _, _) in ranked:
        print(f"  {tottime:7.3f} s  {calls:7d} calls  {_group(func):28}  {_label(func)}")

    engine: dict[str, float] = defaultdict(float)
    for func, (_, _, tottime, _, _) in stats.items():
        if _is_engine(func) and tottime > 0:
            attribute(stats, func, tottime, engine)
    print("\npolars engine time by the qpr_tui function that asked for it:")
    for name, seconds in sorted(engine.items(), key=lambda kv: -kv[1])[: args.top]:
        print(f"  {seconds:7.3f} s  {name}")

    print(f"\nTop {args.top} qpr_tui functions by cumulative time:")
    ours = [(func, row) for func, row in stats.items() if "/qpr_tui/" in func[0]]
    ours.sort(key=lambda item: -item[1][3])
    for func, (_, calls, tottime, cumtime, _) in ours[: args.top]:
        print(f"  {cumtime:7.3f} s cum  {tottime:7.3f} s self  {calls:6d} calls  {_label(func)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
