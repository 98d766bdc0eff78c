"""Chart pictures: trend charts of the sample's KPIs drawn as PNG and SVG.

The charts are built here from the sample's history (the document model builds them in the
app), then drawn once per module and shared, since every picture costs vl-convert time.
"""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, replace
from typing import Any

import pytest

from qpr_tui.analysis.summary import Analysis
from qpr_tui.document.chart import TrendChart
from qpr_tui.export.chart_spec import FONT, STATUS_SHAPES, axis_title, build_spec
from qpr_tui.export.charts import chart_json, render_png, render_svg, smaller_png
from qpr_tui.periods import label
from qpr_tui.views.print_colours import REFERENCE_INK, SERIES_INK, STATUS_INK
from qpr_tui.vocabulary import AMBER, GREEN, HIGHER, LOWER, NO_DATA, RED
from tests.export.conftest import Loaded

HOSTILE_TITLE = (
    '<script>alert("x")</script> {{ title }} ${x} "quoted" & \'single\'\nsecond line\x1b[31m '
    + "a very long indicator name " * 8
)


def trend_of(analysis: Analysis, kpi_id: str) -> TrendChart:
    """A KPI's history in the sample as a `TrendChart`, oldest period first."""
    history = analysis.history(kpi_id)
    polarity = history.get_column("polarity")[0]
    return TrendChart(
        kpi_id=kpi_id,
        title=history.get_column("indicator")[0],
        unit=history.get_column("unit")[0],
        periods=tuple(label(p) for p in history.get_column("period")),
        values=tuple(history.get_column("value")),
        statuses=tuple(history.get_column("rag")),
        targets=tuple(history.get_column("target")),
        floors=tuple(history.get_column("floor")),
        higher_is_better={HIGHER: True, LOWER: False}.get(polarity),
    )


def with_gaps(chart: TrendChart) -> TrendChart:
    """The chart with three values missing and a target raised half way (a stepped line);
    the floor ends early and one floor stands alone."""
    gaps = {3, 4, 9}
    n = len(chart.periods)
    targets = [t if i < n // 2 or t is None else t + 3 for i, t in enumerate(chart.targets)]
    floors: list[float | None] = [*chart.floors[: n - 4], None, None, chart.floors[-1], None]
    return replace(
        chart,
        values=tuple(None if i in gaps else v for i, v in enumerate(chart.values)),
        statuses=tuple(NO_DATA if i in gaps else s for i, s in enumerate(chart.statuses)),
        targets=tuple(targets),
        floors=tuple(floors),
    )


@dataclass
class Drawn:
    chart: TrendChart
    png: bytes
    svg: str
    spec: dict[str, Any]


@pytest.fixture(scope="module")
def charts(sample: Loaded) -> dict[str, TrendChart]:
    analysis = sample.analysis
    cs04 = trend_of(analysis, "CS04")
    return {
        "red": trend_of(analysis, "CS07"),  # Red in every period
        "lower": trend_of(analysis, "SK01"),  # lower is better, Red then Amber
        "gaps": with_gaps(trend_of(analysis, "GL03")),
        "none": trend_of(analysis, "EY02"),  # no value at all
        "hostile": replace(cs04, title=HOSTILE_TITLE, unit="<b>%</b>\n{{u}}"),
    }


@pytest.fixture(scope="module")
def drawn(charts: dict[str, TrendChart]) -> dict[str, Drawn]:
    return {
        name: Drawn(chart, render_png(chart), render_svg(chart), json.loads(chart_json(chart)))
        for name, chart in charts.items()
    }


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def layers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return list(spec.get("layer", [spec]))


def point_layer(spec: dict[str, Any]) -> dict[str, Any]:
    return next(layer for layer in layers(spec) if layer["mark"]["type"] == "point")


def strings(node: object) -> list[str]:
    """Every string anywhere in a JSON value."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


def keys(node: object) -> set[str]:
    """Every key anywhere in a JSON value."""
    if isinstance(node, dict):
        return set(node) | {k for value in node.values() for k in keys(value)}
    if isinstance(node, list):
        return {k for value in node for k in keys(value)}
    return set()


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(svg: str) -> list[str]:
    """The SVG's lines of text (a title of two lines is a text of two tspans)."""
    found: list[str] = []
    for text in ET.fromstring(svg).iter(f"{SVG}text"):
        spans = list(text.iter(f"{SVG}tspan"))
        found += [span.text or "" for span in spans] if spans else [text.text or ""]
    return found


# ---- the sample's charts ----------------------------------------------------------------------
def test_the_sample_gives_sixteen_periods(charts: dict[str, TrendChart]) -> None:
    red = charts["red"]
    assert len(red.periods) == 16
    assert red.periods[0] == "2020/21 Q3" and red.periods[-1] == "2024/25 Q2"
    assert set(red.statuses) == {RED}


def test_pictures_have_the_asked_size(drawn: dict[str, Drawn]) -> None:
    for item in drawn.values():
        assert png_size(item.png) == (1280, 560)  # 640 x 280 at scale 2
        root = ET.fromstring(item.svg)
        assert (root.get("width"), root.get("height")) == ("640", "280")


def idat_pixels(png: bytes) -> bytes:
    """The inflated pixel data (filter bytes included) of a PNG."""
    at, data = 8, b""
    while at < len(png):
        (size,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += 12 + size
    return zlib.decompress(data)


def test_the_png_is_deflated_harder_with_the_same_pixels(drawn: dict[str, Drawn]) -> None:
    import vl_convert

    item = drawn["red"]
    plain = vl_convert.svg_to_png(item.svg, scale=2)
    assert len(item.png) < len(plain) / 2
    assert idat_pixels(item.png) == idat_pixels(plain)
    assert item.png.endswith(b"IEND\xaeB`\x82")  # the end chunk, with its checksum


def test_a_png_that_does_not_parse_is_kept() -> None:
    assert smaller_png(b"not a png") == b"not a png"
    truncated = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR"
    assert smaller_png(truncated) == truncated


def test_other_sizes_and_scales(charts: dict[str, TrendChart]) -> None:
    png = render_png(charts["red"], width=400, height=200, scale=1)
    assert png_size(png) == (400, 200)
    svg = render_svg(charts["red"], width=480, height=240)
    assert ET.fromstring(svg).get("viewBox") == "0 0 480 240"


def test_points_take_their_status_ink_and_shape(drawn: dict[str, Drawn]) -> None:
    red = point_layer(drawn["red"].spec)["encoding"]
    assert red["color"]["scale"] == {"domain": ["Red"], "range": [STATUS_INK[RED]]}
    assert red["shape"]["scale"] == {"domain": ["Red"], "range": [STATUS_SHAPES[RED]]}
    lower = point_layer(drawn["lower"].spec)["encoding"]
    assert lower["color"]["scale"]["domain"] == ["Amber", "Red"]  # the vocabulary's order
    assert lower["shape"]["scale"]["range"] == [STATUS_SHAPES[AMBER], STATUS_SHAPES[RED]]
    svg = drawn["red"].svg
    assert svg.count(f'fill="{STATUS_INK[RED]}"') >= 16  # 16 points and the legend's symbol


def test_every_status_has_its_own_shape() -> None:
    assert len(set(STATUS_SHAPES.values())) == len(STATUS_SHAPES)


def test_the_legend_names_statuses_and_lines(drawn: dict[str, Drawn]) -> None:
    texts = svg_texts(drawn["gaps"].svg)
    for word in ("Target", "Floor", "Green", "Amber", "Red"):
        assert word in texts
    assert "No data" not in texts  # a missing value draws no point, so needs no legend entry
    legend = [t for t in texts if t in ("Target", "Floor", "Green", "Amber", "Red")]
    assert legend == ["Target", "Floor", "Green", "Amber", "Red"]


def test_title_subtitle_and_value_axis(drawn: dict[str, Drawn]) -> None:
    texts = svg_texts(drawn["red"].svg)
    assert "Percentage of complaints responded to within timescale" in texts
    assert "CS07 · higher is better" in texts
    assert "Per cent (%)" in texts
    assert "CS01 · higher is better" not in texts
    assert "SK01 · lower is better" in svg_texts(drawn["lower"].svg)


def test_no_polarity_says_nothing_of_direction(charts: dict[str, TrendChart]) -> None:
    spec = json.loads(chart_json(replace(charts["red"], higher_is_better=None)))
    assert spec["title"]["subtitle"] == "CS07"


def test_sixteen_period_labels_are_rotated_and_all_shown(drawn: dict[str, Drawn]) -> None:
    axis = point_layer(drawn["red"].spec)["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == -40
    assert axis["values"] == list(drawn["red"].chart.periods)
    texts = svg_texts(drawn["red"].svg)
    assert all(period in texts for period in drawn["red"].chart.periods)


def test_many_periods_are_thinned_keeping_the_latest(charts: dict[str, TrendChart]) -> None:
    base = charts["red"]
    periods = tuple(f"{2000 + i // 4}/{(i // 4 + 1) % 100:02d} Q{i % 4 + 1}" for i in range(40))
    many = replace(
        base,
        periods=periods,
        values=(base.values * 3)[:40],
        statuses=(base.statuses * 3)[:40],
        targets=(base.targets * 3)[:40],
        floors=(base.floors * 3)[:40],
    )
    axis = point_layer(json.loads(chart_json(many)))["encoding"]["x"]["axis"]
    assert axis["values"] == list(periods[1::2])
    assert axis["values"][-1] == periods[-1]


def test_few_periods_stay_level(charts: dict[str, TrendChart]) -> None:
    red = charts["red"]
    two = replace(
        red,
        periods=red.periods[-2:],
        values=red.values[-2:],
        statuses=red.statuses[-2:],
        targets=red.targets[-2:],
        floors=red.floors[-2:],
    )
    axis = point_layer(json.loads(chart_json(two)))["encoding"]["x"]["axis"]
    assert axis["labelAngle"] == 0


def line_path(svg: str, ink: str) -> str:
    paths = re.findall(rf'<path[^>]*d="([^"]*)"[^>]*stroke="{ink}"', svg)
    assert len(paths) == 1, paths
    return paths[0]


def test_missing_values_leave_gaps(drawn: dict[str, Drawn]) -> None:
    # Values missing at 3, 4 and 9 of 16: three runs of the line, so three moves.
    assert line_path(drawn["gaps"].svg, SERIES_INK).count("M") == 3
    assert line_path(drawn["red"].svg, SERIES_INK).count("M") == 1
    points = point_layer(drawn["gaps"].spec)
    rows = drawn["gaps"].spec["datasets"][points["data"]["name"]]
    assert len(rows) == 13 and all(row["value"] is not None for row in rows)


def test_target_and_floor_are_stepped_lines_with_a_lone_level_as_a_tick(
    drawn: dict[str, Drawn],
) -> None:
    spec = drawn["gaps"].spec
    marks = [layer["mark"] for layer in layers(spec)]
    lines = next(m for m in marks if m.get("interpolate") == "step")
    assert lines["color"] == REFERENCE_INK
    ticks = [m for m in marks if m["type"] == "tick"]
    assert len(ticks) == 1
    tick_layer = next(layer for layer in layers(spec) if layer["mark"]["type"] == "tick")
    rows = spec["datasets"][tick_layer["data"]["name"]]
    assert [(r["period"], r["line"]) for r in rows] == [("2024/25 Q1", "Floor")]
    # The raised target: the stepped path has a vertical part (same x twice in a row).
    dashed = r'<path[^>]*d="([^"]*)"[^>]*stroke-dasharray="6,3"'
    reference_paths = re.findall(dashed, drawn["gaps"].svg)
    assert any(re.search(r"L([\d.]+),[\d.]+L\1,", d) for d in reference_paths)
    red_marks = [layer["mark"]["type"] for layer in layers(drawn["red"].spec)]
    assert "tick" not in red_marks  # levels in every period: lines only


@pytest.mark.parametrize(("level", "domain"), [(0.5, [0.475, 0.525]), (0.0, [-1.0, 1.0])])
def test_a_flat_series_gets_a_band_round_it(level: float, domain: list[float]) -> None:
    pair = (level, level)
    flat = TrendChart("F1", "Flat", "", ("a", "b"), pair, (GREEN,) * 2, pair, (None,) * 2, True)
    scale = point_layer(json.loads(chart_json(flat)))["encoding"]["y"]["scale"]
    assert scale["domain"] == pytest.approx(domain) and scale["zero"] is False


def test_no_reference_lines_without_target_or_floor(charts: dict[str, TrendChart]) -> None:
    red = charts["red"]
    bare = replace(red, targets=(None,) * 16, floors=(None,) * 16)
    spec = json.loads(chart_json(bare))
    assert [layer["mark"]["type"] for layer in layers(spec)] == ["line", "point"]


def test_a_chart_without_values_is_a_placeholder(drawn: dict[str, Drawn]) -> None:
    item = drawn["none"]
    assert item.chart.values == (None, None)
    assert "No values recorded for 2024/25 Q1 to 2024/25 Q2" in svg_texts(item.svg)
    assert png_size(item.png) == (1280, 560)
    empty = TrendChart("X1", "Nothing yet", "%", (), (), (), (), (), True)
    assert "No periods to show" in svg_texts(render_svg(empty))


def test_not_a_number_is_a_gap_and_an_unknown_status_is_drawn(
    charts: dict[str, TrendChart],
) -> None:
    red = charts["red"]
    odd = replace(
        red,
        values=(float("nan"), *red.values[1:]),
        statuses=(*red.statuses[:-1], "purple"),
    )
    spec = json.loads(chart_json(odd))
    scale = point_layer(spec)["encoding"]["shape"]["scale"]
    assert scale["domain"] == ["Red", "purple"]
    assert scale["range"][-1] == "cross"
    rows = spec["datasets"][point_layer(spec)["data"]["name"]]
    assert len(rows) == 15


def plot_points(svg: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """The plot's size and each point's centre in it, from the plot's frame and the points'
    ``translate`` (the points are the paths filled in a status's ink with a thin outline)."""
    w, h = re.search(r'd="M0\.5,0\.5h([\d.]+)v([\d.]+)h-', svg).groups()  # type: ignore[union-attr]
    found = re.findall(
        r'<path [^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*stroke-width="0\.7"', svg
    )
    return (float(w), float(h)), [(float(x), float(y)) for x, y in found]


def test_the_picture_is_laid_out_as_vega_lays_out_its_specification(
    drawn: dict[str, Drawn],
) -> None:
    """The own SVG against Vega's drawing of the chart's Vega-Lite specification: the same
    plot size, points at the same places (Vega kerns text, so a legend may be a pixel
    narrower, and may leave 5 pixels more above the plot),
    the same tick labels and the same legend."""
    import vl_convert

    for name, item in drawn.items():
        vega = vl_convert.vegalite_to_svg(chart_json(item.chart))
        if not item.chart.values or all(v is None for v in item.chart.values):
            assert svg_texts(vega) == svg_texts(item.svg), name
            continue
        (vw, vh), theirs = plot_points(vega)
        (ow, oh), ours = plot_points(item.svg)
        assert abs(ow - vw) <= 1 and abs(oh - vh) <= 5, name  # Vega kerns its text
        assert len(ours) == len(theirs), name
        for (ox, oy), (vx, vy) in zip(ours, theirs, strict=True):
            assert ox == pytest.approx(vx, abs=1), name
            assert oy / oh == pytest.approx(vy / vh, abs=0.01), name
        assert sorted(svg_texts(item.svg)) == sorted(svg_texts(vega)), name


# ---- data is never interpreted ------------------------------------------------------------------
def test_a_hostile_title_is_text(drawn: dict[str, Drawn]) -> None:
    item = drawn["hostile"]
    assert "<script" not in item.svg and "<b>" not in item.svg
    assert "&lt;script&gt;" in item.svg
    texts = svg_texts(item.svg)  # well-formed XML despite the control character
    first, second = item.spec["title"]["text"]
    assert first.startswith('<script>alert("x")</script> {{ title }} ${x} "quoted"')
    assert "\n" not in first + second and "\x1b" not in item.svg
    assert "\\x1b[31m" in first + second  # the control character made visible
    assert second.endswith("…")
    assert first in texts and second in texts
    assert "<b>%</b> {{u}}" in texts  # the unit, as written, on one line
    assert not {"signal", "expr", "labelExpr", "href"} & keys(item.spec)


def test_hostile_period_labels_are_data(charts: dict[str, TrendChart]) -> None:
    red = charts["red"]
    periods = (*red.periods[:-1], "<i>Q9</i> {{p}} datum.x")
    spec = json.loads(chart_json(replace(red, periods=periods)))
    assert "<i>Q9</i> {{p}} datum.x" in strings(spec["datasets"])
    assert not {"signal", "expr", "labelExpr"} & keys(spec)
    svg = render_svg(replace(red, periods=periods))
    assert "<i>Q9</i> {{p}} datum.x" in svg_texts(svg)


def test_every_kind_of_chart_is_valid_vega_lite(
    drawn: dict[str, Drawn], charts: dict[str, TrendChart]
) -> None:
    from altair.vegalite.v6.schema.core import Root

    bare = replace(charts["red"], targets=(None,) * 16, floors=(None,) * 16)
    for spec in [item.spec for item in drawn.values()] + [json.loads(chart_json(bare))]:
        Root.validate(spec)  # raises on any property Vega-Lite does not know


def test_the_svg_can_be_inlined_several_times(drawn: dict[str, Drawn]) -> None:
    for item in drawn.values():
        assert ' id="' not in item.svg  # no ids to clash between charts on one page
        assert "<script" not in item.svg and "href=" not in item.svg
        assert f'font-family="{FONT}"' in item.svg


# ---- same bytes, fonts, imports ------------------------------------------------------------------
def test_the_same_chart_gives_the_same_bytes(drawn: dict[str, Drawn]) -> None:
    item = drawn["gaps"]
    assert render_png(item.chart) == item.png
    assert render_svg(item.chart) == item.svg
    again = build_spec(item.chart, width=640, height=280)  # not the cached one
    assert json.dumps(again, sort_keys=True) == chart_json(item.chart)


def test_charts_import_nothing_heavy_until_drawn() -> None:
    code = (
        "import sys, io, contextlib\n"
        "import qpr_tui.export, qpr_tui.export.charts, qpr_tui.export.chart_spec\n"
        "from qpr_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    rc = main(['summary'])\n"
        "heavy = sorted(m for m in ('altair', 'vl_convert', 'narwhals') if m in sys.modules)\n"
        "print(heavy)\nraise SystemExit(rc or (1 if heavy else 0))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ---- callers' mistakes -----------------------------------------------------------------------
def test_columns_of_different_lengths_are_refused(charts: dict[str, TrendChart]) -> None:
    short = replace(charts["red"], values=(1.0, 2.0), floors=())
    with pytest.raises(ValueError) as caught:
        chart_json(short)
    assert str(caught.value) == "chart 'CS07': 16 periods but 2 values, 0 floors."


def test_a_repeated_period_is_refused(charts: dict[str, TrendChart]) -> None:
    red = charts["red"]
    twice = replace(red, periods=(red.periods[0], *red.periods[:-1]))
    with pytest.raises(ValueError, match=r"^chart 'CS07': a period label repeats \(2020/21 Q3, "):
        chart_json(twice)


def test_sizes_and_scales_are_checked(charts: dict[str, TrendChart]) -> None:
    with pytest.raises(ValueError) as caught:
        render_svg(charts["red"], width=100, height=50)
    assert str(caught.value) == "a chart needs at least 120 x 80 pixels, not 100 x 50."
    with pytest.raises(ValueError) as caught:
        render_png(charts["red"], scale=0)
    assert str(caught.value) == "a chart's scale must be above 0, not 0."


@pytest.mark.parametrize(
    ("unit", "title"),
    [
        ("%", "Per cent (%)"),
        ("Percentage", "Per cent (%)"),
        ("£", "Pounds (£)"),
        ("£m", "£ millions"),
        ("number", "Number"),
        ("days", "days"),
        ("", "Value"),
        ("  weeks\n(median) ", "weeks (median)"),
    ],
)
def test_the_value_axis_names_the_unit(unit: str, title: str) -> None:
    assert axis_title(unit) == title


def test_status_inks_cover_the_vocabulary() -> None:
    from qpr_tui.vocabulary import STATUSES

    assert set(STATUS_INK) == set(STATUSES) == set(STATUS_SHAPES)
    assert STATUS_INK[GREEN] != STATUS_INK[RED]


# ---- the own SVG writer's pieces -----------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "stop", "count", "expected"),
    [
        (60, 71, 5, [60, 62, 64, 66, 68, 70]),
        (0, 1, 5, [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        (-1500, 4000, 5, [-1000, 0, 1000, 2000, 3000, 4000]),
        (20.6, 22.6, 4, [21, 21.5, 22, 22.5]),
        (5, 5, 5, [5]),
    ],
)
def test_ticks_are_d3s(start: float, stop: float, count: int, expected: list[float]) -> None:
    from qpr_tui.export.chart_svg import ticks

    assert ticks(start, stop, count) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("band", "expected"),
    [((60.6, 70.7), (60, 71)), ((0.0123, 0.0987), (0.01, 0.1)), ((-3.2, 7.9), (-4, 8))],
)
def test_the_band_is_widened_to_round_ends(
    band: tuple[float, float], expected: tuple[float, float]
) -> None:
    from qpr_tui.export.chart_svg import nice

    assert nice(*band) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "label"),
    [(1000, "1,000"), (-1000, "−1,000"), (2.5, "2.5"), (0.1 + 0.2, "0.3"), (-0.001, "0"), (7, "7")],
)
def test_tick_labels_are_written_as_d3_writes_them(value: float, label: str) -> None:
    from qpr_tui.export.chart_svg import number_label

    assert number_label(value) == label


def test_long_texts_are_cut_to_their_room() -> None:
    from qpr_tui.export.chart_svg import fit, text_width

    assert text_width("70", 10) == pytest.approx(11.12)  # two digits of Liberation Sans
    assert fit("2024/25 Q2", 120, 10) == "2024/25 Q2"
    cut = fit("A period label far too long to stand under its tick", 120, 10)
    assert cut.endswith("…") and text_width(cut, 10) <= 120


def test_every_shape_is_drawn_for_points_and_legend(charts: dict[str, TrendChart]) -> None:
    from qpr_tui.export.chart_svg import shape_path

    for shape in (*STATUS_SHAPES.values(), "cross"):
        assert shape_path(shape, 60).startswith("M")
    assert shape_path(STATUS_SHAPES[RED], 100) == "M-5,-5h10v10h-10Z"
    statuses = (GREEN, AMBER, RED, NO_DATA, "purple") * 3 + (RED,)
    svg = render_svg(replace(charts["red"], statuses=statuses))
    legend = [t for t in svg_texts(svg) if t in ("Green", "Amber", "Red", "No data", "purple")]
    assert legend == ["Green", "Amber", "Red", "No data", "purple"]
