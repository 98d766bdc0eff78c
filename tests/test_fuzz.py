"""Fuzzing the command line with hostile files: seeded byte-level mutations of the bundled
sample, and CSV files built by hypothesis from odd structure (headers, quoting, separators,
blank and ragged rows, odd values).

Whatever the file, ``qpr`` must end in an outcome a user can act on:

- never an internal error (exit 3) or a traceback;
- on exit 0 or 1, ``summary --json`` and ``validate --json`` print valid JSON;
- on exit 2, the one-line message names the file and the line (``line N``), or is one of
  `WITHOUT_LINE`: messages about the file as a whole, where no line applies;
- the input file is left as it was (bytes and modification time).

Workbook mutations damage one XML part of the bundled .xlsx inside an intact zip;
configuration mutations damage the sample's TOML, whose messages must name its line.

The mutations run in-process through `qpr_tui.cli.main` (a process each would take minutes).
``python -m tests.test_fuzz COUNT [SEED] [COMMAND ...]`` runs more of them by hand and prints
what each failing case broke.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qpr_tui.cli import main
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG, SAMPLE_WORKBOOK

#: Exit-2 messages about a whole file, which have no line to name, and why.
WITHOUT_LINE = {
    "the file is empty": "nothing in it has a line",
    "the workbook cannot be read": "its zip container is damaged, so it has no rows",
    "the sheet cannot be read": "calamine names no row of a sheet whose XML is damaged",
}
LINE = re.compile(r"\bline \d+\b")
BYTES = b',;"\t\r\n \x00\x81\x9d\xa3\xef\xbb\xbf\xff0123456789.-%'


def _flip(data: bytearray, rng: random.Random) -> None:
    data[rng.randrange(len(data))] = rng.randrange(256)


def _insert(data: bytearray, rng: random.Random) -> None:
    data.insert(rng.randrange(len(data) + 1), BYTES[rng.randrange(len(BYTES))])


def _delete(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    del data[start : start + rng.randint(1, 64)]


def _duplicate(data: bytearray, rng: random.Random) -> None:
    start = rng.randrange(len(data))
    piece = data[start : start + rng.randint(1, 400)]
    spot = rng.randrange(len(data) + 1)
    data[spot:spot] = piece


def _truncate(data: bytearray, rng: random.Random) -> None:
    del data[rng.randrange(len(data) + 1) :]


def _line_endings(data: bytearray, rng: random.Random) -> None:
    at = rng.randrange(len(data))
    end = data.find(b"\n", at)
    if end > 0:
        data[end : end + 1] = rng.choice([b"\r\n", b"\r", b"\n\n", b""])


MUTATORS: tuple[Callable[[bytearray, random.Random], None], ...] = (
    _flip,
    _flip,
    _insert,
    _insert,
    _delete,
    _duplicate,
    _truncate,
    _line_endings,
)


def mutate(original: bytes, seed: int) -> bytes:
    """``original`` with one to four seeded byte-level mutations."""
    rng = random.Random(seed)
    data = bytearray(original)
    for _ in range(rng.randint(1, 4)):
        if data:
            rng.choice(MUTATORS)(data, rng)
    return bytes(data)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def run(args: list[str]) -> Outcome:
    """``qpr ARGS`` in this process, its standard output and error captured."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return Outcome(code, out.getvalue(), err.getvalue())


def problems(path: Path, command: list[str]) -> list[str]:
    """What ``qpr COMMAND PATH ...`` did wrong with ``path`` (empty when nothing)."""
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    outcome = run([command[0], str(path), *command[1:]])
    found = []
    if outcome.code not in (0, 1, 2):
        found.append(f"exit {outcome.code}: {outcome.err.strip()[:300]}")
    if "Traceback" in outcome.err + outcome.out:
        found.append("traceback")
    if outcome.code in (0, 1) and "--json" in command:
        try:
            json.loads(outcome.out)
        except ValueError as exc:
            found.append(f"not JSON: {exc}")
    if outcome.code == 2:
        found.extend(_unplaced(outcome.err, path.name))
    if (path.read_bytes(), path.stat().st_mtime_ns) != before:
        found.append("the input file was changed")
    return found


def _unplaced(err: str, name: str) -> list[str]:
    lines = [line for line in err.splitlines() if line.startswith("qpr: error:")]
    if len(lines) != 1:
        return [f"not one error line: {err.strip()[:300]}"]
    message = lines[0]
    if name not in message:  # only the file varies, so every message is about it
        return [f"the file is not named: {message[:300]}"]
    if LINE.search(message):
        return []
    if any(reason in message for reason in WITHOUT_LINE):
        return []
    return [f"no line: {message[:300]}"]


COMMANDS = (["summary", "--json"], ["validate", "--json"])
MUTATIONS = 240
WORKBOOK_MUTATIONS = 24
CONFIG_MUTATIONS = 60


@pytest.fixture(scope="module")
def sample_bytes() -> bytes:
    return SAMPLE.read_bytes()


@pytest.mark.parametrize("seed", range(MUTATIONS))
def test_a_mutation_of_the_sample(tmp_path: Path, sample_bytes: bytes, seed: int) -> None:
    path = tmp_path / f"mutant_{seed}.csv"
    path.write_bytes(mutate(sample_bytes, seed))
    failures = [f"{c[0]}: {p}" for c in COMMANDS for p in problems(path, c)]
    assert not failures, "\n".join(failures)


def mutate_workbook(original: bytes, seed: int) -> bytes:
    """``original`` (an .xlsx) with one of its XML parts given one to three byte-level
    mutations inside an intact zip container, so calamine reaches the damaged XML."""
    rng = random.Random(seed)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as mutant,
    ):
        parts = [i for i in source.infolist() if i.filename.endswith(".xml")]
        target = rng.choice(parts).filename
        for info in source.infolist():
            data = source.read(info)
            if info.filename == target:
                data = mutate(data, rng.randrange(1 << 30))
            mutant.writestr(info, data)
    return out.getvalue()


@pytest.mark.parametrize("seed", range(WORKBOOK_MUTATIONS))
def test_a_mutation_of_the_sample_workbook(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"mutant_{seed}.xlsx"
    path.write_bytes(mutate_workbook(SAMPLE_WORKBOOK.read_bytes(), seed))
    failures = [f"{c[0]}: {p}" for c in COMMANDS for p in problems(path, c)]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("seed", range(CONFIG_MUTATIONS))
def test_a_mutation_of_the_sample_configuration(tmp_path: Path, seed: int) -> None:
    path = tmp_path / f"mutant_{seed}.toml"
    path.write_bytes(mutate(SAMPLE_CONFIG.read_bytes(), seed))
    outcome = run(["summary", str(SAMPLE), "--config", str(path), "--json"])
    assert outcome.code in (0, 1, 2), outcome.err
    assert "Traceback" not in outcome.err
    if outcome.code == 2:
        assert not _unplaced(outcome.err, path.name), outcome.err
    else:
        json.loads(outcome.out)


# CSV structure ------------------------------------------------------------------------------

FIELDS = ["kpi_id", "indicator", "polarity", "period", "value", "target", "floor", "unit"]
ODD_VALUES = st.sampled_from(
    ["", " ", "n/a", "-", "TBC", "85.2%", "1,234", "£1.2m", "1e999", "-0", "NaN", "0x10",
     "١٢٣", "\u00a0", "85.2.1", "(5)", "'", '"', "Sep-24", "2024/25 Q2", "H", "L", "\ufeff1"]
)  # fmt: skip
PERIODS = st.sampled_from(
    ["2024/25 Q1", "2024/25 Q2", "Sep-24", "2024-06-30", "Q3 2024/25", "2023/24", "Q5", ""]
)
CELL = st.one_of(
    ODD_VALUES,
    PERIODS,
    st.text(st.characters(codec="utf-8"), max_size=8),
)


NUMBERS = st.one_of(
    st.integers(-1000, 100000).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    ODD_VALUES,
)
#: What each known column's cells are drawn from (mostly plausible, sometimes anything).
COLUMN_CELLS = {
    "kpi_id": st.one_of(st.sampled_from(["A1", "B2", "A1 ", "a1", ""]), CELL),
    "period": st.one_of(PERIODS, PERIODS, CELL),
    "polarity": st.one_of(st.sampled_from(["H", "L", "T", "higher", ""]), CELL),
    "value": NUMBERS,
    "target": NUMBERS,
    "floor": NUMBERS,
}


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A CSV file of odd structure: a header of the known fields in any order, some left
    out, with strays and repeats, then rows that may be blank, short or long, with odd
    cells, quoted or not."""
    fields = draw(st.permutations(FIELDS))[: draw(st.integers(2, len(FIELDS)))]
    strays = draw(st.lists(st.one_of(st.sampled_from(FIELDS), CELL), max_size=2))
    header = draw(st.permutations([*fields, *strays]))
    separator = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    rows = [list(header)]
    for _ in range(draw(st.integers(0, 8))):
        width = draw(st.sampled_from([len(header)] * 4 + [0, 1, len(header) + 1]))
        names = [*header, "stray"][:width]
        rows.append([draw(COLUMN_CELLS.get(name, CELL)) for name in names])
    quoting = draw(st.sampled_from(["none", "all", "needed", "needed"]))
    text = newline.join(separator.join(_quote(c, quoting, separator) for c in r) for r in rows)
    return (text + draw(st.sampled_from(["", newline]))).encode("utf-8")


def _quote(cell: str, quoting: str, separator: str) -> str:
    needed = any(c in cell for c in (separator, '"', "\n", "\r"))
    if quoting == "all" or (quoting == "needed" and needed):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@settings(max_examples=120, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_files())
def test_csv_structure(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "structure.csv"
    path.write_bytes(data)
    failures = [p for command in COMMANDS for p in problems(path, command)]
    assert not failures, "\n".join(failures)


def _by_hand(argv: list[str]) -> None:
    """Run COUNT mutations from SEED through COMMAND (default: summary/validate --json)."""
    count, first = int(argv[0]), int(argv[1]) if len(argv) > 1 else 0
    commands = [argv[2:]] if len(argv) > 2 else list(COMMANDS)
    original, folder = SAMPLE.read_bytes(), Path(os.environ.get("TMPDIR", "/tmp"))
    broken = 0
    for seed in range(first, first + count):
        path = folder / f"qpr_mutant_{seed}.csv"
        path.write_bytes(mutate(original, seed))
        found = [f"{c[0]}: {p}" for c in commands for p in problems(path, c)]
        if found:
            broken += 1
            print(f"seed {seed}: " + " | ".join(found), file=sys.__stdout__, flush=True)
        else:
            path.unlink()
    print(f"{broken} of {count} mutations mishandled", file=sys.__stdout__)


if __name__ == "__main__":
    _by_hand(sys.argv[1:])
