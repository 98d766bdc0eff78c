"""Oflog's adult social care file (../shared/real-data/oflog/): its ``rank_order`` polarity
(``desc``, ``DESC``, ``None``) read through the example configuration's [polarity.words].

The file's financial years (``2016-17``) are written as their fourth quarter in a temporary
copy, so that this test checks the polarity words on their own."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from qpr_tui.config import Config
from qpr_tui.config.loader import load_config
from qpr_tui.ingest.reader import load

ROOT = Path(__file__).resolve().parents[2]
OFLOG = (ROOT / ".." / "shared" / "real-data" / "oflog").resolve()
EXAMPLE = ROOT / "config" / "examples" / "oflog.toml"

pytestmark = pytest.mark.skipif(
    not OFLOG.is_dir(), reason=f"Oflog's published file is not in {OFLOG}"
)


def quarterly_copy(folder: Path) -> Path:
    with (OFLOG / "ASC_data.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    path = folder / "ASC_data.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(rows[0])
        out.writerows([f"{row[0].replace('-', '/')} Q4", *row[1:]] for row in rows[1:])
    return path


def test_rank_order_words_give_each_measure_its_polarity(tmp_path: Path) -> None:
    config = load_config(EXAMPLE).config
    ds = load([quarterly_copy(tmp_path)], config, organisation="Darlington")
    firsts = ds.frame.group_by("kpi_id").agg(pl.col("polarity").unique())
    polarity = {kpi: codes for kpi, codes in firsts.iter_rows()}
    higher = {kpi: ["H"] for kpi in ("ASC1", "ASC2", "ASC3", "ASC4", "ASC5")}
    assert polarity == {**higher, "ASC6": ["N"], "ASC7": ["N"]}
    assert not [i for i in ds.issues if i.code == "unknown-polarity"]


def test_without_the_words_desc_is_a_finding(tmp_path: Path) -> None:
    config = Config(columns=load_config(EXAMPLE).config.columns)
    ds = load([quarterly_copy(tmp_path)], config, organisation="Darlington")
    unknown = {i.kpi_id: i.message for i in ds.issues if i.code == "unknown-polarity"}
    assert sorted(unknown) == ["ASC1", "ASC2", "ASC3", "ASC4", "ASC5"]
    assert unknown["ASC3"].startswith("polarity 'DESC' is not recognised")
