"""Loading another home organisation from what a load of the same file kept
(`qpr_tui.ingest.switching`) gives exactly what a load of the whole file for it gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from qpr_tui.config import Config
from qpr_tui.ingest import reader
from qpr_tui.ingest.switching import Keeping
from qpr_tui.ingest.textfile import TextFile
from qpr_tui.model import Dataset

HEADER = "organisation,kpi_id,indicator,directorate,polarity,period,value,target,floor,commentary\n"
PERIODS = ("2024/25 Q1", "2024/25 Q2", "Sep-24x", "2024/25 Q4")


def _records(org: int) -> list[str]:
    """One organisation's records: a readable and an unreadable period, a value that is not
    a number, a floor above its target and commentary of its own, different per org."""
    lines = []
    for kpi in ("K1", "K2", "K3"):
        for quarter, period in enumerate(PERIODS):
            value = "oops" if (org + quarter) % 5 == 0 else f"{10 * org + quarter}.5"
            floor = "90" if kpi == "K3" and org % 2 else "40"
            lines.append(
                f"Org {org},{kpi},Indicator {kpi},Dir {kpi},H,{period},{value},50,{floor},"
                f'"Org {org}, {kpi} in {period}: said so"\n'
            )
    return lines


def _file(tmp_path: Path, body: list[str]) -> str:
    path = tmp_path / "bench.csv"
    path.write_text(HEADER + "".join(body))
    return str(path)


def _same(got: Dataset, want: Dataset) -> None:
    assert_frame_equal(got.frame, want.frame)
    assert got.peers is not None and want.peers is not None
    assert_frame_equal(got.peers, want.peers)
    assert_frame_equal(got.months, want.months)
    assert_frame_equal(got.issues.frame, want.issues.frame)
    assert got.sources == want.sources and got.home == want.home


def _whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    whole = reader._read_whole

    def counted(tf: TextFile, *args: object, **kwargs: object) -> object:
        reads.append(tf.path)
        return whole(tf, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "_read_whole", counted)
    return reads


@pytest.mark.parametrize("home", ["Org 0", "Org 3", "Org 6"])
def test_another_home_from_what_was_kept_is_the_whole_files_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    path = _file(tmp_path, [line for org in range(7) for line in _records(org)])
    keeping = Keeping()
    reader.load([path], Config(), organisation="Org 3", keeping=keeping)
    kept = keeping.kept
    assert kept is not None and sorted(kept.blocks) == [f"Org {n}" for n in range(7)]
    reads = _whole_reads(monkeypatch)
    got = reader.load([path], Config(), organisation=home, keeping=keeping)
    assert reads == [] and keeping.kept is kept  # its records only, and still reusable
    want = reader.load([path], Config(), organisation=home)
    assert reads == [path]
    _same(got, want)
    assert set(got.frame.get_column("organisation")) == {home}
    assert any(f"{home}, K1" in text for text in got.frame.get_column("commentary"))
    assert len(got.issues) > 0  # the unreadable values of the new home organisation


def test_an_organisation_whose_records_are_not_together_is_read_from_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _records(1), _records(2)
    body = _records(0) + first[:5] + second + first[5:]  # Org 1's records around Org 2's
    path = _file(tmp_path, body)
    keeping = Keeping()
    reader.load([path], Config(), organisation="Org 0", keeping=keeping)
    assert keeping.kept is not None and sorted(keeping.kept.blocks) == ["Org 0", "Org 2"]
    reads = _whole_reads(monkeypatch)
    got = reader.load([path], Config(), organisation="Org 2", keeping=keeping)
    assert reads == []
    _same(got, reader.load([path], Config(), organisation="Org 2"))
    reads.clear()
    got = reader.load([path], Config(), organisation="Org 1", keeping=keeping)
    assert reads == [path]
    _same(got, reader.load([path], Config(), organisation="Org 1"))
    # Org 1's rows apart: a blank name anywhere could be one of them, so nothing is kept.
    assert keeping.kept is None


@pytest.mark.parametrize(
    "change",
    [
        lambda body: [body[0].replace("Org 0,", ",", 1), *body[1:]],
        lambda body: [body[0].replace(": said", ":\nsaid"), *body[1:]],
    ],
    ids=["blank-organisation-apart", "record-over-two-lines"],
)
def test_nothing_is_kept_when_a_part_of_the_file_cannot_stand_for_its_records(
    tmp_path: Path, change: object
) -> None:
    body = [line for org in range(3) for line in _records(org)]
    path = _file(tmp_path, change(body))  # type: ignore[operator]
    keeping = Keeping()
    reader.load([path], Config(), organisation="Org 1", strict=False, keeping=keeping)
    assert keeping.kept is None


def test_a_blank_name_next_to_the_home_organisations_records_reads_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The blank name after Org 1's records is Org 1's row while Org 1 is the home one, so
    # the file's runs of records do not show it; it would be Org 2's once Org 2 is.
    body = [line for org in range(3) for line in _records(org)]
    first = body.index(_records(2)[0])
    body[first] = body[first].replace("Org 2,", ",", 1)
    path = _file(tmp_path, body)
    keeping = Keeping()
    reader.load([path], Config(), organisation="Org 1", strict=False, keeping=keeping)
    assert keeping.kept is not None and keeping.kept.named is None
    reads = _whole_reads(monkeypatch)
    got = reader.load([path], Config(), organisation="Org 2", strict=False, keeping=keeping)
    assert reads == [path]
    _same(got, reader.load([path], Config(), organisation="Org 2", strict=False))
    assert got.frame.filter(got.frame["_line"] == first + 2).height > 0  # the blank one's


def test_several_files_keep_nothing(tmp_path: Path) -> None:
    one = _file(tmp_path, _records(0) + _records(1))
    two = tmp_path / "two.csv"
    two.write_text(HEADER + "".join(_records(2)))
    keeping = Keeping()
    reader.load([one], Config(), organisation="Org 0", keeping=keeping)
    assert keeping.kept is not None
    reader.load([one, str(two)], Config(), organisation="Org 0", keeping=keeping)
    assert keeping.kept is None
