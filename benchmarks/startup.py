"""Start-up time of ``qpr`` commands: this tree against another checkout, interleaved.

    python -m benchmarks.startup OTHER_TREE [--runs 21]

``OTHER_TREE`` is a directory holding another version's ``qpr_tui`` package, for example
``git archive 56baf1d | tar -x -C /tmp/before``. Each command runs once unmeasured per tree,
then ``--runs`` rounds of (other, this) with ``PYTHONPATH`` pointing at each tree in turn.
Printed: the median wall time of each and the median of the per-round ratios (this / other),
which is steadier than either time on a machine whose speed drifts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "qpr --version": ["--version"],
    "qpr summary": ["summary"],
    "qpr summary --json": ["summary", "--json"],
}


def wall_time(tree: Path, args: list[str]) -> float:
    """Seconds for ``python -m qpr_tui ARGS`` with ``tree`` first on the path."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    env.pop("QPR_CONFIG", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "qpr_tui", *args],
        env=env,
        cwd=tree,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - start


def compare(other: Path, runs: int) -> list[str]:
    lines = []
    for name, args in COMMANDS.items():
        wall_time(other, args), wall_time(ROOT, args)
        before: list[float] = []
        after: list[float] = []
        for _ in range(runs):
            before.append(wall_time(other, args))
            after.append(wall_time(ROOT, args))
        ratio = statistics.median(a / b for a, b in zip(after, before, strict=True))
        lines.append(
            f"{name:20s} other {statistics.median(before) * 1000:5.0f} ms   this "
            f"{statistics.median(after) * 1000:5.0f} ms   median ratio {ratio:.3f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="a directory holding another qpr_tui")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    if not (args.other / "qpr_tui" / "__init__.py").is_file():
        parser.error(f"{args.other} holds no qpr_tui package")
    print("\n".join(compare(args.other.resolve(), args.runs)))


if __name__ == "__main__":
    main()
