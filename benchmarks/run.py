"""Run the qpr_tui benchmarks and write ``benchmarks/results/latest.md``.

    python -m benchmarks.run [--sizes small,medium,large,messy] [--runs 5] [--quick] [--profile]

Generates missing data (`benchmarks.generate`), then measures, each against a baseline
measured in the same run:

1. ``qpr summary FILE --json`` vs ``python -c "import polars as pl; pl.read_csv(F)"``;
2. the TUI's first paint and "data ready" (`benchmarks.first_paint`) vs a process that only
   imports polars and Textual (``python -c "import polars, textual.app"``);
3. key-press latency in the TUI (`benchmarks.keypress`, in-process with Pilot);
4. peak memory (max RSS) of ``qpr summary`` vs polars' eager ``read_csv`` (from the runs of 1);
5. ``qpr validate FILE --json`` vs ``read_csv``, time and peak memory (`benchmarks.validate`);
6. every export format vs ``qpr summary --json`` on files of 2,000 and 8,000 KPIs, and once on
   200,000 (`benchmarks.exports`; ``--quick``: 2,000 only).

qpr_tui is compiled to bytecode first, as an installed package is: with
``PYTHONDONTWRITEBYTECODE`` set (as on the development machine) an editable checkout would
otherwise recompile its sources on every run (about 55 ms), which polars, installed with its
bytecode, never pays.

Whole-process timings: one unmeasured warm-up of each command, then ``--runs`` rounds in which
the commands run one after the other (A B A B ...). Reported: the median wall time of each
command and the median of the per-round ratios (the machine's speed drifts, so the ratio of two
commands measured side by side is steadier than either time). Peak memory is ``ru_maxrss`` of
each child from ``os.wait4``.

5. national scale (``--sizes national``, or ``national_4m``, ``national_10m``, ``national_20m``:
   Parquet files of 4M to 40M rows, generated on first use and never by default or by
   ``--quick``): ``qpr summary FILE --organisation "Council 001" --json`` and the TUI's data
   ready vs the polars floor of `benchmarks.national` (the same peer statistics with
   ``scan_parquet`` and ``group_by``), with peak memory against 6 GiB.

``--quick``: small and medium only, 3 rounds, 3 key presses per action (about a minute).
``--profile``: also time each ingest stage in-process (`benchmarks.profile_ingest`) on every
size measured, and add the tables to the report. ``--sizes huge`` adds the 8M-row file
(1.8 GB, generated on first use).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.generate import DATA_DIR, PARQUET_SIZES, SIZES, ensure, home_organisation

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
PY = sys.executable
SAMPLE = ROOT / "qpr_tui" / "sample" / "kcc_qpr_sample.csv"
SAMPLE_CONFIG = ROOT / "qpr_tui" / "sample" / "kcc.toml"

# Targets (2-core machine, medians).
# qpr summary / polars read_csv, per size (the large file's is the headline target)
SUMMARY_TARGETS = {"medium": 1.5, "large": 1.25, "messy": 1.3, "huge": 1.3}
SUMMARY_TARGET = SUMMARY_TARGETS["large"]
PAINT_TARGET = {"sample": 1.5, "large": 2.5}  # first paint / import-only process
KEY_TARGET_MS = 100.0  # per action on the large file
MEMORY_TARGET = 0.9  # qpr summary peak RSS / polars read_csv peak RSS on the large file
NATIONAL_TARGET = 1.3  # qpr summary / the polars floor (`benchmarks.national`), 40M rows
NATIONAL_MEMORY_MIB = 6 * 1024  # peak RSS of qpr summary on 40M rows


class BenchError(RuntimeError):
    pass


@dataclass
class Sample:
    wall: float  # seconds, process start to exit
    rss: float  # MiB, peak resident set size
    out: str = ""
    cpu: float = 0.0  # seconds of CPU, user and system (all threads)


@dataclass
class Paired:
    """Samples of several commands run in alternation; ``names[0]`` is the baseline."""

    names: list[str]
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    def wall(self, name: str) -> float:
        return statistics.median(s.wall for s in self.samples[name])

    def rss(self, name: str) -> float:
        return statistics.median(s.rss for s in self.samples[name])

    def ratio(self, name: str, base: str | None = None) -> float:
        base = base or self.names[0]
        pairs = zip(self.samples[name], self.samples[base], strict=True)
        return statistics.median(a.wall / b.wall for a, b in pairs)

    def rss_ratio(self, name: str, base: str | None = None) -> float:
        return self.rss(name) / self.rss(base or self.names[0])

    def spread(self, name: str) -> str:
        walls = [s.wall for s in self.samples[name]]
        return f"{min(walls):.2f}-{max(walls):.2f}"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("QPR_CONFIG", None)
    env.pop("QPR_DEBUG", None)
    return env


def run_once(
    cmd: Sequence[str], capture: bool = False, timeout: float = 600.0, ok: Sequence[int] = (0,)
) -> Sample:
    """Run one command to completion; wall time and the child's own peak RSS. An exit code
    outside ``ok`` is a `BenchError`."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd),
            stdin=subprocess.DEVNULL,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=err,
            cwd=ROOT,
            env=_env(),
        )
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-2000:]
            out.seek(0)
            tail += out.read().decode(errors="replace")[-1000:]
            raise BenchError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{tail}")
        text = ""
        if capture:
            out.seek(0)
            text = out.read().decode(errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall=wall, rss=usage.ru_maxrss / 1024, out=text, cpu=cpu)


def paired(
    commands: list[tuple[str, list[str]]],
    runs: int,
    warmup: int = 1,
    capture: bool = False,
    label: str = "",
    ok: Sequence[int] = (0,),
    last_output_only: bool = False,
) -> Paired:
    """``runs`` rounds of ``commands`` in turn, after ``warmup`` rounds. ``last_output_only``:
    keep only each command's latest output, for big outputs (kept from every round they grow
    this process, and a child's peak RSS counts the pages it was forked with)."""
    result = Paired(names=[n for n, _ in commands], samples={n: [] for n, _ in commands})
    for _ in range(warmup):
        for _, cmd in commands:
            run_once(cmd, capture, ok=ok)
    for i in range(runs):
        for name, cmd in commands:
            samples = result.samples[name]
            if last_output_only and samples:
                samples[-1].out = ""
            samples.append(run_once(cmd, capture, ok=ok))
        _progress(f"{label} round {i + 1}/{runs}")
    return result


def compile_bytecode(*packages: Path) -> None:
    """Write the ``__pycache__`` of each package directory (git-ignored)."""
    for package in packages:
        compileall.compile_dir(str(package), quiet=1)


def _progress(text: str) -> None:
    print(f"  … {text}", file=sys.stderr, flush=True)


# ---- the workloads ---------------------------------------------------------------------------


def polars_read(path: Path) -> list[str]:
    return [PY, "-c", f"import polars as pl; pl.read_csv({str(path)!r})"]


def qpr_summary(path: Path, organisation: str | None) -> list[str]:
    cmd = [PY, "-m", "qpr_tui", "summary", str(path), "--json"]
    return cmd + (["--organisation", organisation] if organisation else [])


def first_paint(path: Path, until: str, organisation: str | None, config: Path | None) -> list[str]:
    cmd = [PY, "-m", "benchmarks.first_paint", str(path), "--until", until]
    cmd += ["--organisation", organisation] if organisation else []
    return cmd + (["--config", str(config)] if config else [])


IMPORT_ONLY = [PY, "-c", "import polars, textual.app"]


def _marks(samples: list[Sample], key: str) -> float | None:
    values = []
    for s in samples:
        try:
            data = json.loads(s.out.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return None
        if key in data:
            values.append(float(data[key]))
    return statistics.median(values) if values else None


def qpr_summary_from(source: Path, path: Path, organisation: str | None) -> list[str]:
    """``qpr summary`` run from the ``qpr_tui`` package under ``source`` (another checkout)."""
    args = ["summary", str(path), "--json"] + (
        ["--organisation", organisation] if organisation else []
    )
    code = (
        f"import sys; sys.path.insert(0, {str(source)!r}); from qpr_tui.cli import main; "
        f"sys.exit(main({args!r}))"
    )
    return [PY, "-c", code]


def bench_summary(files: dict[str, Path], runs: int, compare: Path | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for size, path in files.items():
        org = home_organisation(size)
        _progress(f"qpr summary vs polars read_csv: {size}")
        commands = [("polars", polars_read(path)), ("qpr", qpr_summary(path, org))]
        if compare is not None:
            commands.append(("compared", qpr_summary_from(compare, path, org)))
        try:
            p = paired(commands, runs, label=f"summary {size}")
        except BenchError as exc:
            out[size] = {"error": str(exc)[-1500:]}
            continue
        if compare is not None:
            out.setdefault("_compared", {})[size] = {
                "ratio": p.ratio("compared"),
                "rss_ratio": p.rss_ratio("compared"),
                "s": p.wall("compared"),
                "mib": p.rss("compared"),
            }
        out[size] = against_polars(p)
    return out


def against_polars(p: Paired) -> dict[str, Any]:
    """qpr's time and peak memory beside polars' in one paired measurement, and their ratios."""
    return {
        "polars_s": p.wall("polars"),
        "qpr_s": p.wall("qpr"),
        "ratio": p.ratio("qpr"),
        "polars_mib": p.rss("polars"),
        "qpr_mib": p.rss("qpr"),
        "rss_ratio": p.rss_ratio("qpr"),
        "qpr_range": p.spread("qpr"),
        "polars_range": p.spread("polars"),
    }


def national_floor(path: Path, organisation: str) -> list[str]:
    return [PY, "-m", "benchmarks.national", str(path), "--organisation", organisation]


def bench_national(files: dict[str, Path], runs: int, tui: bool) -> dict[str, Any]:
    """qpr summary (and the TUI's data ready) on each national file vs the polars floor."""
    out: dict[str, Any] = {}
    for size, path in files.items():
        org = home_organisation(size) or ""
        _progress(f"national: qpr summary vs the polars floor: {size}")
        commands = [("floor", national_floor(path, org)), ("qpr", qpr_summary(path, org))]
        if tui:
            commands.append(("ready", first_paint(path, "ready", org, None)))
        try:
            p = paired(commands, runs, warmup=0, label=f"national {size}")
        except BenchError as exc:
            out[size] = {"error": str(exc)[-1500:]}
            continue
        out[size] = {
            name: {"s": p.wall(name), "mib": p.rss(name), "range": p.spread(name)}
            for name in p.names
        }
        out[size]["ratio"] = p.ratio("qpr")
        if tui:
            out[size]["ready_ratio"] = p.ratio("ready")
    return out


def bench_tui(files: dict[str, Path], runs: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    targets: dict[str, tuple[Path, Path | None, str | None]] = {
        "sample": (SAMPLE, SAMPLE_CONFIG, None)
    }
    for size, path in files.items():
        targets[size] = (path, None, home_organisation(size))
    for name, (path, config, org) in targets.items():
        _progress(f"TUI first paint / data ready vs import-only: {name}")
        try:
            p = paired(
                [
                    ("imports", IMPORT_ONLY),
                    ("paint", first_paint(path, "paint", org, config)),
                    ("ready", first_paint(path, "ready", org, config)),
                ],
                runs,
                capture=True,
                label=f"tui {name}",
            )
        except BenchError as exc:
            out[name] = {"error": str(exc)[-1500:]}
            continue
        out[name] = {
            "imports_s": p.wall("imports"),
            "paint_s": p.wall("paint"),
            "ready_s": p.wall("ready"),
            "paint_ratio": p.ratio("paint"),
            "ready_ratio": p.ratio("ready"),
            "imports_mib": p.rss("imports"),
            "paint_mib": p.rss("paint"),
            "ready_mib": p.rss("ready"),
            # in-process marks (seconds after the script's first line)
            "in_imports": _marks(p.samples["paint"], "imports"),
            "in_paint": _marks(p.samples["paint"], "first_paint"),
            "in_data_frame": _marks(p.samples["ready"], "data_frame"),
            "in_ready": _marks(p.samples["ready"], "ready"),
        }
    return out


def bench_keys(path: Path, organisation: str | None, repeat: int) -> dict[str, Any]:
    cmd = [PY, "-m", "benchmarks.keypress", str(path), "--json", "--repeat", str(repeat)]
    cmd += ["--organisation", organisation] if organisation else []
    sample = run_once(cmd, capture=True, timeout=1800)
    data: dict[str, Any] = json.loads(sample.out.strip().splitlines()[-1])
    data["peak_mib"] = sample.rss
    data["repeat"] = repeat
    return data


def bench_profile(path: Path, size: str) -> str:
    """The in-process stage table of `benchmarks.profile_ingest` for one file."""
    _progress(f"ingest stages in-process: {size}")
    cmd = [PY, "-m", "benchmarks.profile_ingest", str(path)]
    home = home_organisation(size)
    cmd += ["--organisation", home] if home else []
    try:
        return run_once(cmd, capture=True, timeout=3600).out.strip()
    except BenchError as exc:
        return f"failed: {_one_line(str(exc))}"


# ---- reporting -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 0

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        memory = f"{int(Path('/proc/meminfo').read_text().split()[1]) / 1024**2:.0f} GiB"
    except (OSError, ValueError, IndexError):
        memory = "?"
    return {
        "nproc": str(cpus),
        "cpu": model,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "polars": version("polars"),
        "textual": version("textual"),
        "rich": version("rich"),
        "qpr_tui": version("qpr_tui"),
    }


def _verdict(value: float | None, limit: float, unit: str = "×") -> str:
    if value is None:
        return "pending"
    if value <= limit:
        return "**met**"
    shown = f"{value:.0f}{unit}" if unit.strip() == "ms" else f"{value:.2f}{unit}"
    return f"**missed** by {value / limit:.2f}× ({shown} vs {limit:g}{unit})"


def _f(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# qpr_tui benchmark results",
        "",
        f"Measured {results['started']} → {results['finished']} ({results['elapsed_s']:.0f} s) "
        f"with `{results['command']}`.",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} RAM, {m['os']}; "
        f"Python {m['python']}, polars {m['polars']}, Textual {m['textual']}, rich {m['rich']}. "
        f"Load average before/after: {results['load_before']} / {results['load_after']}.",
        "",
        f"Whole-process timings: 1 warm-up, then {results['runs']} alternating rounds; medians "
        "of wall time and peak RSS, and the median of the per-round ratios.",
        "",
    ]
    summary = results.get("summary", {})
    if summary:
        lines += [
            "## 1. `qpr summary FILE --json` vs `pl.read_csv(FILE)`",
            "",
            "| File | Rows | polars read_csv (s) | qpr summary (s) | ratio (paired median) "
            "| range of the runs (s): polars; qpr |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for size, r in summary.items():
            name, orgs, kpis, quarters = SIZES[size]
            if "error" in r:
                lines.append(f"| {size} `{name}` | failed: {_one_line(r['error'])} | | | | |")
                continue
            lines.append(
                f"| {size} `{name}` | {orgs * kpis * quarters:,} | {r['polars_s']:.3f} | "
                f"{r['qpr_s']:.3f} | **{r['ratio']:.2f}×** | {r['polars_range']}; "
                f"{r['qpr_range']} |"
            )
        lines.append("")
    compared = results.get("compared", {})
    if compared:
        lines += [
            f"`qpr summary` run from `{results.get('compared_source')}` in the same rounds "
            "(a third command in each round):",
            "",
            "| File | compared (s) | ratio to read_csv | peak MiB | memory ratio |",
            "|---|---:|---:|---:|---:|",
        ]
        for size, r in compared.items():
            lines.append(
                f"| {size} | {r['s']:.3f} | **{r['ratio']:.2f}×** | {r['mib']:.0f} | "
                f"{r['rss_ratio']:.2f}× |"
            )
        lines.append("")
    tui = results.get("tui", {})
    if tui:
        lines += [
            "## 2. TUI first paint and data ready vs `import polars, textual.app`",
            "",
            "Headless, 120x40. *First paint*: the first frame (the loading state). *Data ready*: "
            "the summary shown and the screen settled. In-process columns are seconds after "
            "the benchmark script's first line (interpreter start-up excluded).",
            "",
            "| File | import-only (s) | first paint (s) | ratio | data ready (s) | ratio "
            "| in-process: imports / paint / data frame / settled (s) | peak MiB (ready) |",
            "|---|---:|---:|---:|---:|---:|---|---:|",
        ]
        for name, r in tui.items():
            if "error" in r:
                lines.append(f"| {name} | failed: {_one_line(r['error'])} | | | | | | |")
                continue
            marks = " / ".join(
                _f(r[k]) for k in ("in_imports", "in_paint", "in_data_frame", "in_ready")
            )
            lines.append(
                f"| {name} | {r['imports_s']:.3f} | {r['paint_s']:.3f} | "
                f"**{r['paint_ratio']:.2f}×** | {r['ready_s']:.3f} | {r['ready_ratio']:.2f}× | "
                f"{marks} | {r['ready_mib']:.0f} |"
            )
        lines.append("")
    for size, keys in results.get("keys", {}).items():
        lines += [
            f"## 3{'' if size == 'large' else 'b'}. Key-press latency, {size} file "
            f"({keys.get('kpis_in_view', '?')} KPIs in the home organisation's view)",
            "",
            f"Data shown after {keys.get('load_s', '?')} s in-process. Each action "
            f"repeated {keys.get('repeat', '?')}×; from posting the key to the app settled "
            "(messages handled, frame composed and rendered). `pilot.press` + `pilot.pause()` "
            f"would add about {keys.get('harness_ms', '?')} ms of harness sleeps to each.",
            "",
            "| Action | median (ms) | max (ms) | CPU median (ms) | took effect |",
            "|---|---:|---:|---:|---:|",
        ]
        for action, row in keys.get("actions", {}).items():
            if "median_ms" not in row:
                state = "skipped" if row.get("skipped") else "did not settle"
                lines.append(f"| {action} | {state} | | | |")
                continue
            lines.append(
                f"| {action} | **{row['median_ms']:.0f}** | {row['max_ms']:.0f} | "
                f"{row['cpu_median_ms']:.0f} | {row['effective']}/{row['n']} |"
            )
        if "not_settled" in keys:
            lines.append("")
            lines.append(
                f"**The app did not settle** during `{keys['not_settled']['action']}` "
                f"({keys['not_settled']['message']}); later actions were skipped."
            )
        if "error" in keys:
            lines.append(f"\nError: {keys['error']}")
        lines.append("")
    if summary:
        lines += [
            "## 4. Peak memory (max RSS of the process; same runs as 1)",
            "",
            "| File | polars read_csv (MiB) | qpr summary (MiB) | ratio |",
            "|---|---:|---:|---:|",
        ]
        for size, r in summary.items():
            if "error" in r:
                continue
            lines.append(
                f"| {size} | {r['polars_mib']:.0f} | {r['qpr_mib']:.0f} | "
                f"**{r['rss_ratio']:.2f}×** |"
            )
        lines.append("")
    if results.get("validate"):
        from benchmarks import validate

        lines += validate.markdown(results["validate"])
    if results.get("exports"):
        from benchmarks import exports

        lines += [exports.markdown(results["exports"], "python -m benchmarks.run"), ""]
    for size, table in results.get("profile", {}).items():
        lines += [
            f"## Ingest stages in-process, {size} (`python -m benchmarks.profile_ingest`)",
            "",
            "```",
            table,
            "```",
            "",
        ]
    lines += _national_lines(results.get("national", {}))
    lines += ["## Targets", "", "| Target | Measured | Verdict |", "|---|---|---|"]
    for target, measured, verdict in targets(results):
        lines.append(f"| {target} | {measured} | {verdict} |")
    lines.append("")
    return "\n".join(lines)


def _national_lines(national: dict[str, Any]) -> list[str]:
    if not national:
        return []
    lines = [
        "## 5. National scale: `qpr summary FILE --json` vs the polars floor",
        "",
        "| File | Rows | floor (s) | qpr summary (s) | **ratio** | TUI data ready (s) | ratio "
        "| peak MiB: floor / qpr / TUI |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size, r in national.items():
        name, orgs, kpis, quarters = SIZES[size]
        if "error" in r:
            lines.append(f"| {size} `{name}` | failed: {_one_line(r['error'])} | | | | | | |")
            continue
        ready = r.get("ready", {})
        lines.append(
            f"| {size} `{name}` | {orgs * kpis * quarters:,} | {r['floor']['s']:.2f} | "
            f"{r['qpr']['s']:.2f} | **{r['ratio']:.2f}×** | {_f(ready.get('s'))} | "
            f"{_f(r.get('ready_ratio'))} | {r['floor']['mib']:.0f} / {r['qpr']['mib']:.0f} / "
            f"{_f(ready.get('mib'), 0)} |"
        )
    return [*lines, ""]


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return (lines[-1] if lines else "?").replace("|", "/")[:200]


def _ok(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return row if row and "error" not in row else None


def targets(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    large = _ok(results.get("summary", {}).get("large"))
    for size, limit in SUMMARY_TARGETS.items():
        row = _ok(results.get("summary", {}).get(size))
        if row is None and size != "large":
            continue
        name, orgs, kpis, quarters = SIZES[size]
        rows.append(
            (
                f"`qpr summary` on {size} `{name}` ({orgs * kpis * quarters:,} rows) ≤ "
                f"{limit}× polars read_csv",
                f"{row['ratio']:.2f}×" if row else "not run",
                _verdict(row["ratio"], limit) if row else "not run",
            )
        )
    for name, limit in PAINT_TARGET.items():
        r = _ok(results.get("tui", {}).get(name))
        label = "the sample" if name == "sample" else "800k rows"
        rows.append(
            (
                f"TUI first paint ≤ {limit}× import-only on {label}",
                f"{r['paint_ratio']:.2f}×" if r else "not run",
                _verdict(r["paint_ratio"], limit) if r else "not run",
            )
        )
    keys = results.get("keys", {}).get("large")
    if keys and not keys.get("actions"):
        rows.append(
            (
                f"key press < {KEY_TARGET_MS:g} ms on 800k",
                f"failed: {_one_line(keys.get('error', '?'))}",
                "pending",
            )
        )
    elif keys:
        for action, row in keys.get("actions", {}).items():
            if "median_ms" in row:
                rows.append(
                    (
                        f"key press < {KEY_TARGET_MS:g} ms on 800k: {action}",
                        f"{row['median_ms']:.0f} ms (max {row['max_ms']:.0f})",
                        _verdict(row["median_ms"], KEY_TARGET_MS, " ms"),
                    )
                )
            else:
                rows.append(
                    (
                        f"key press < {KEY_TARGET_MS:g} ms on 800k: {action}",
                        "did not settle / skipped",
                        "**missed**",
                    )
                )
    else:
        rows.append((f"key press < {KEY_TARGET_MS:g} ms on 800k", "not run", "not run"))
    national = _ok(results.get("national", {}).get("national"))
    if national:
        rows.append(
            (
                f"national 40M rows: qpr summary ≤ {NATIONAL_TARGET}× the polars floor",
                f"{national['ratio']:.2f}×",
                _verdict(national["ratio"], NATIONAL_TARGET),
            )
        )
        mib = national["qpr"]["mib"]
        rows.append(
            (
                f"national 40M rows: peak memory ≤ {NATIONAL_MEMORY_MIB:,} MiB",
                f"{mib:,.0f} MiB",
                _verdict(mib, NATIONAL_MEMORY_MIB, " MiB"),
            )
        )
    rows.append(
        (
            f"peak memory on 800k ≤ {MEMORY_TARGET}× polars eager read_csv",
            f"{large['qpr_mib']:.0f} vs {large['polars_mib']:.0f} MiB ({large['rss_ratio']:.2f}×)"
            if large
            else "not run",
            _verdict(large["rss_ratio"], MEMORY_TARGET) if large else "not run",
        )
    )
    if "validate" in results:
        from benchmarks import validate

        rows += validate.targets(results["validate"])
    return rows


def print_tables(results: dict[str, Any]) -> None:
    print()
    for table in results.get("profile", {}).values():
        print(table, end="\n\n")
    for size, r in results.get("summary", {}).items():
        if "error" in r:
            print(f"summary  {size:7} failed: {_one_line(r['error'])}")
            continue
        print(
            f"summary  {size:7} polars {r['polars_s']:6.3f} s  qpr {r['qpr_s']:6.3f} s  "
            f"ratio {r['ratio']:5.2f}x   peak {r['polars_mib']:5.0f} / {r['qpr_mib']:5.0f} MiB "
            f"({r['rss_ratio']:.2f}x)"
        )
    for size, r in results.get("national", {}).items():
        if "error" in r:
            print(f"national {size:7} failed: {_one_line(r['error'])}")
            continue
        print(
            f"national {size:12} floor {r['floor']['s']:7.2f} s  qpr {r['qpr']['s']:7.2f} s  "
            f"ratio {r['ratio']:5.2f}x   peak {r['floor']['mib']:5.0f} / {r['qpr']['mib']:5.0f} MiB"
        )
    for size, r in results.get("compared", {}).items():
        print(
            f"compared {size:7} {r['s']:6.3f} s  ratio {r['ratio']:5.2f}x   peak {r['mib']:5.0f} "
            f"MiB ({r['rss_ratio']:.2f}x)   [{results.get('compared_source')}]"
        )
    if results.get("validate"):
        from benchmarks import validate

        validate.print_table(results["validate"])
    for name, r in results.get("tui", {}).items():
        if "error" in r:
            print(f"tui      {name:7} failed: {_one_line(r['error'])}")
            continue
        print(
            f"tui      {name:7} imports {r['imports_s']:6.3f} s  paint {r['paint_s']:6.3f} s "
            f"({r['paint_ratio']:.2f}x)  ready {r['ready_s']:6.3f} s ({r['ready_ratio']:.2f}x)"
        )
    for size, keys in results.get("keys", {}).items():
        for action, row in keys.get("actions", {}).items():
            if "median_ms" in row:
                print(
                    f"keys     {size:7} {action:30} median {row['median_ms']:7.1f} ms  "
                    f"max {row['max_ms']:7.1f} ms"
                )
            else:
                print(f"keys     {size:7} {action:30} {row}")
    print()
    for target, measured, verdict in targets(results):
        print(f"{target:60} {measured:28} {verdict.replace('**', '')}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="Benchmark qpr_tui against same-run baselines."
    )
    parser.add_argument(
        "--sizes",
        default="small,medium,large,messy",
        help="comma-separated: " + ", ".join(SIZES),
    )
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (after 1 warm-up)")
    parser.add_argument(
        "--quick", action="store_true", help="small and medium only, 3 rounds, 3 presses per action"
    )
    parser.add_argument("--repeat", type=int, default=10, help="key presses per action")
    parser.add_argument(
        "--skip",
        default="",
        help="comma-separated parts to skip: summary, validate, tui, keys, exports",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also time each ingest stage in-process"
    )
    parser.add_argument(
        "--compare-with",
        metavar="DIR",
        help="also run qpr summary from the qpr_tui package in DIR (e.g. an older checkout)",
    )
    parser.add_argument("--data-dir", default=str(DATA_DIR))
    parser.add_argument("--output", default=str(RESULTS / "latest.md"))
    parser.add_argument(
        "--render", metavar="JSON", help="only re-render the Markdown from a saved results .json"
    )
    args = parser.parse_args(argv)
    if args.render:
        saved = json.loads(Path(args.render).read_text(encoding="utf-8"))
        Path(args.output).write_text(markdown(saved), encoding="utf-8")
        print_tables(saved)
        return 0
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    runs, repeat = args.runs, args.repeat
    if args.quick:
        sizes = [s for s in sizes if s != "large" and s not in PARQUET_SIZES] or ["small"]
        runs, repeat = min(runs, 3), min(repeat, 3)
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s): {', '.join(unknown)}")
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    compile_bytecode(ROOT / "qpr_tui", ROOT / "benchmarks")
    if args.compare_with:
        compile_bytecode(Path(args.compare_with) / "qpr_tui")
    started = dt.datetime.now().astimezone()
    t0 = time.perf_counter()
    files = {size: ensure(size, args.data_dir) for size in sizes}
    national = {size: files.pop(size) for size in PARQUET_SIZES if size in files}
    results: dict[str, Any] = {
        "command": " ".join(
            ["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)]
        ),
        "started": started.strftime("%Y-%m-%d %H:%M %Z"),
        "machine": machine(),
        "runs": runs,
        "key_repeat": repeat,
        "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    if national:
        results["national"] = bench_national(national, runs, "tui" not in skip)
    if "summary" not in skip and files:
        compare = Path(args.compare_with) if args.compare_with else None
        results["summary"] = bench_summary(files, runs, compare)
        if "_compared" in results["summary"]:
            results["compared"] = results["summary"].pop("_compared")
            results["compared_source"] = args.compare_with
    if "validate" not in skip and files:
        from benchmarks.validate import bench_validate

        results["validate"] = bench_validate(files, runs)
    if "tui" not in skip and files:
        results["tui"] = bench_tui(files, runs)
    if "keys" not in skip and files:
        results["keys"] = {}
        key_sizes = [s for s in ("large", "medium") if s in files][: 2 if not args.quick else 1]
        for size in key_sizes:
            _progress(f"key-press latency: {size}")
            org = home_organisation(size)
            try:
                results["keys"][size] = bench_keys(
                    files[size], org, repeat if size == "large" else min(repeat, 5)
                )
            except (BenchError, ValueError, IndexError) as exc:
                results["keys"][size] = {"error": str(exc)[-1500:], "actions": {}}
    if "exports" not in skip:
        from benchmarks import exports

        sizes_measured = [2000] if args.quick else [2000, 8000]
        big = None if args.quick else 200000
        rows = exports.bench_exports(
            exports.FORMATS, sizes_measured, big, min(runs, 3), Path(args.data_dir)
        )
        results["exports"] = exports.as_dicts(rows)
    if args.profile:
        results["profile"] = {size: bench_profile(path, size) for size, path in files.items()}
    results["finished"] = dt.datetime.now().astimezone().strftime("%H:%M %Z")
    results["elapsed_s"] = time.perf_counter() - t0
    results["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print_tables(results)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(results), encoding="utf-8")
    output.with_suffix(".json").write_text(
        json.dumps(results, indent=2, default=str), encoding="utf-8"
    )
    print(
        f"\nwrote {output} (and {output.with_suffix('.json').name}) "
        f"in {results['elapsed_s']:.0f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
