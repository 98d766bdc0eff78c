"""Properties of whole data sets: counts add up whatever the data."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qpr_tui.analysis.summary import Analysis
from qpr_tui.ingest.reader import load

cell = st.one_of(
    st.none(),
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False),
    st.sampled_from(["n/a", "-", "TBC", "", "85%", "£1.2k", "(3)"]),
)


@st.composite
def datasets(draw: st.DrawFn) -> str:
    n_kpis = draw(st.integers(min_value=1, max_value=6))
    periods = draw(
        st.lists(
            st.sampled_from(["2023/24 Q3", "2023/24 Q4", "2024/25 Q1", "Sep-24", "2024-12-31"]),
            min_size=1,
            max_size=5,
            unique=True,
        )
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kpi_id", "directorate", "polarity", "period", "value", "target", "floor"])
    for k in range(n_kpis):
        polarity = draw(st.sampled_from(["H", "L", "T", ""]))
        directorate = draw(st.sampled_from(["A", "B", "[b]C[/]"]))
        for period in periods:
            writer.writerow(
                [f"K{k}", directorate, polarity, period, draw(cell), draw(cell), draw(cell)]
            )
    return out.getvalue()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(datasets())
def test_counts_add_up(tmp_path_factory, text: str) -> None:
    path = tmp_path_factory.mktemp("p") / "d.csv"
    path.write_text(text)
    analysis = Analysis(load([path]))
    for period in analysis.periods:
        s = analysis.summary(period)
        assert sum(s.rag.values()) == s.total
        with_value = s.kpis.filter(s.kpis["value"].is_not_null()).height
        assert sum(s.dot.values()) == with_value
        assert len(s.red) == s.rag["red"]
        for directorate in analysis.directorates:
            from qpr_tui.analysis.summary import Scope

            assert analysis.summary(period, Scope(directorate)).total <= s.total
