"""The QPR for one period and scope: counts, changes, the Red list, movers, the KPI table.

`Analysis` wraps a loaded `Dataset`, rates every row once, and answers questions about any
period or directorate quickly (Direction of Travel is computed per period and cached), which
is what lets the TUI move between quarters and directorates instantly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from qpr_tui.analysis import dot as dot_mod
from qpr_tui.analysis import moves
from qpr_tui.analysis.benchmark import (
    PeerGroup,
    benchmark,
    field_benchmark,
    field_ranks,
    peer_group,
)
from qpr_tui.analysis.rag import rate
from qpr_tui.config import ConfigSource, DotConfig
from qpr_tui.errors import QprError
from qpr_tui.model import Dataset, not_in_data
from qpr_tui.notes import NoteBook
from qpr_tui.periods import UK, Calendar, fy_start, read_period
from qpr_tui.vocabulary import DIRECTIONS, NO_DATA, RED, STATUSES


@dataclass(frozen=True)
class Scope:
    """A slice of the QPR: everything, a directorate, or one service area in it."""

    directorate: str | None = None
    service_area: str | None = None

    def expr(self) -> pl.Expr:
        cond = pl.lit(True)
        if self.directorate is not None:
            cond = cond & (pl.col("directorate") == self.directorate)
        if self.service_area is not None:
            cond = cond & (pl.col("service_area") == self.service_area)
        return cond

    @property
    def is_all(self) -> bool:
        return self.directorate is None


@dataclass(frozen=True)
class KpiLine:
    """One KPI as the Red list and the movers show it."""

    kpi_id: str
    indicator: str
    directorate: str
    service_area: str
    unit: str
    value: float | None
    target: float | None
    floor: float | None
    rag: str
    previous_rag: str | None
    commentary: str = ""
    actions: str = ""
    provisional: bool = False  # the value was marked provisional in the file


@dataclass
class Summary:
    organisation: str
    period: int
    previous_period: int | None
    scope: Scope
    total: int
    total_previous: int | None
    rag: dict[str, int]
    rag_previous: dict[str, int] | None
    dot: dict[str, int]
    dot_previous: dict[str, int] | None
    red: list[KpiLine]
    new_red: list[KpiLine]
    no_longer_red: list[KpiLine]
    changes: list[KpiLine]
    transitions: dict[tuple[str, str], int]
    no_data: list[KpiLine]
    no_data_all_new: bool
    kpis: pl.DataFrame = field(repr=False)
    dot_config: DotConfig = field(repr=False)
    #: The data's calendar: how its periods are labelled (quarters, or years when annual).
    calendar: Calendar = field(default=UK, repr=False)

    @property
    def dot_changes(self) -> pl.DataFrame:
        """KPIs whose Direction of Travel changed since the previous quarter (see
        `moves.dot_changes`)."""
        return moves.dot_changes(self.kpis)

    @property
    def biggest_moves(self) -> pl.DataFrame:
        """The KPIs whose gap to target moved most since the previous quarter."""
        return moves.biggest_moves(self.kpis)

    @property
    def period_label(self) -> str:
        return self.calendar.label(self.period)

    @property
    def previous_label(self) -> str | None:
        if self.previous_period is None:
            return None
        return self.calendar.label(self.previous_period)


def _counts(frame: pl.DataFrame, column: str, keys: tuple[str, ...]) -> dict[str, int]:
    counts = dict.fromkeys(keys, 0)
    for key, n in frame.group_by(column).len().iter_rows():
        if key in counts:
            counts[key] = int(n)
    return counts


class Analysis:
    """All the analysis of one dataset, for any period and scope.

    ``config_source`` names the configuration file behind ``dataset.config`` (for provenance
    and the exports' never-overwrite-an-input check) and carries its warnings (findings).
    ``notes`` are the notes for the meeting on its KPIs (none unless given), which the
    papers list and the app edits.
    """

    def __init__(
        self,
        dataset: Dataset,
        organisation: str | None = None,
        config_source: ConfigSource | None = None,
        notes: NoteBook | None = None,
    ) -> None:
        self.dataset = dataset
        self.config = dataset.config
        self.config_source = config_source or ConfigSource()
        self.calendar = dataset.calendar
        self.notes = notes if notes is not None else NoteBook()
        frame = dataset.frame
        wanted = organisation or self.config.organisation
        if dataset.home is not None:  # loaded for one home organisation, peers kept lean
            if organisation and organisation != dataset.home:
                raise QprError(f"the data was loaded for '{dataset.home}', not '{organisation}'.")
            self.organisation = dataset.home
            home = frame
        else:
            orgs = frame.get_column("organisation").unique(maintain_order=True).to_list()
            named = [o for o in orgs if o]
            if wanted and named and wanted not in orgs:  # as the ingest says for a home
                raise not_in_data(wanted, named)
            if len(orgs) > 1:
                self.organisation = wanted or orgs[0]
                # Lazily: an eager filter would first copy every column into one chunk.
                mine = pl.col("organisation") == self.organisation
                home = frame.lazy().filter(mine).collect()
            else:
                self.organisation = orgs[0] if orgs and orgs[0] else wanted or ""
                home = frame
        home = home.with_columns(pl.int_range(pl.len()).alias("_order"))
        self.rated = rate(home, self.config).sort("period")
        pairs = home.select("organisation", "kpi_id").unique()
        self.months = dataset.months.join(pairs, on=["organisation", "kpi_id"], how="semi")
        self._dot: dict[int, pl.DataFrame] = {}
        self._summaries: dict[tuple[int, Scope], Summary] = {}
        self._benchmarks: dict[tuple[str, object, PeerGroup | None], pl.DataFrame] = {}
        self._group_stats: dict[frozenset[str], pl.DataFrame] = {}
        self._tree_counts: dict[int, dict[tuple[str | None, str | None], dict[str, int]]] = {}

    @cached_property
    def organisations(self) -> list[str]:
        """Every organisation in the data, the home one first."""
        if self.dataset.peer_field is not None:
            others = self.dataset.peer_field.organisations
            return [self.organisation, *[o for o in others if o != self.organisation]]
        others = self.values.get_column("organisation").unique(maintain_order=True).to_list()
        return [self.organisation, *[o for o in others if o != self.organisation]]

    @cached_property
    def values(self) -> pl.DataFrame:
        """organisation, kpi_id, period, value for every organisation (benchmarking)."""
        return self.dataset.all_values()

    # ---- periods -------------------------------------------------------------------------
    @cached_property
    def periods(self) -> list[int]:
        return sorted(self.rated.get_column("period").unique().to_list())

    @property
    def latest(self) -> int:
        return self.periods[-1]

    def previous(self, period: int) -> int | None:
        earlier = [p for p in self.periods if p < period]
        return earlier[-1] if earlier else None

    def next(self, period: int) -> int | None:
        later = [p for p in self.periods if p > period]
        return later[0] if later else None

    def resolve_period(self, text: str | None) -> int:
        if not text:
            return self.latest
        wanted = self.calendar.quarter_of(read_period(text, self.calendar))
        if wanted not in self.periods:
            label = self.calendar.label
            shown = ", ".join(label(p) for p in self.periods[-8:])
            raise QprError(f"there is no data for {label(wanted)} (latest periods: {shown}).")
        return wanted

    # ---- ordering ------------------------------------------------------------------------
    @cached_property
    def kpi_order(self) -> dict[str, int]:
        first = self.rated.group_by("kpi_id").agg(pl.col("_order").min()).sort("_order")
        return {k: i for i, k in enumerate(first.get_column("kpi_id").to_list())}

    @cached_property
    def directorates(self) -> list[str]:
        """Directorates in configured order, then in order of first appearance."""
        seen = (
            self.rated.sort("_order")
            .get_column("directorate")
            .unique(maintain_order=True)
            .to_list()
        )
        configured = [d for d in self.config.directorate_order if d in seen]
        return configured + [d for d in seen if d not in configured]

    def service_areas(self, directorate: str) -> list[str]:
        return (
            self.rated.filter(pl.col("directorate") == directorate)
            .sort("_order")
            .get_column("service_area")
            .unique(maintain_order=True)
            .to_list()
        )

    # ---- per-period results --------------------------------------------------------------
    def dot(self, period: int) -> pl.DataFrame:
        if period not in self._dot:
            self._dot[period] = dot_mod.direction_of_travel(
                self._dot_rows, period, self.config.dot, self.months, self.calendar
            )
        return self._dot[period]

    @cached_property
    def _dot_rows(self) -> pl.DataFrame:
        """The ratings' columns that Direction of Travel reads: its filters then move six
        columns rather than all of them (commentary included)."""
        return self.rated.select(*dot_mod.KEYS, "period", "value", "polarity", "target")

    def table(self, period: int, scope: Scope = Scope()) -> pl.DataFrame:
        """One row per KPI reported in ``period`` within ``scope``, in report order."""
        now = self.rated.filter((pl.col("period") == period) & scope.expr())
        rated = self._rows_of(now, scope)
        prev_p = self.previous(period)
        if prev_p is not None:
            prev = rated.filter(pl.col("period") == prev_p).select(
                "kpi_id",
                pl.col("value").alias("previous_value"),
                pl.col("rag").alias("previous_rag"),
            )
        else:
            prev = pl.DataFrame(
                schema={
                    "kpi_id": pl.String,
                    "previous_value": pl.Float64,
                    "previous_rag": pl.String,
                }
            )
        first = self._first_periods
        history = (
            rated.filter(pl.col("period") <= period)
            .group_by("kpi_id")
            .agg(pl.col("value").alias("history"))
        )
        dot = self.dot(period).select("kpi_id", "dot", "dot_detail")
        table = (
            now.join(prev, on="kpi_id", how="left")
            .join(dot, on="kpi_id", how="left")
            .join(first, on="kpi_id", how="left")
            .join(history, on="kpi_id", how="left")
        )
        table = moves.with_moves(
            table,
            moves.previous_columns(rated, self.dot(prev_p) if prev_p is not None else dot, prev_p),
            moves.year_ago_columns(rated, period),
        )
        order = self.kpi_order
        dir_rank = {d: i for i, d in enumerate(self.directorates)}
        table = table.with_columns(
            # New this year: first reported in this financial year, after the data begins
            # (in a file that starts this year nothing can be told apart as new).
            (
                (pl.col("first_period") // 4 == fy_start(period))
                & (pl.col("first_period") > self.periods[0])
            ).alias("new_this_year"),
            pl.col("directorate")
            .replace_strict(dir_rank, default=len(dir_rank), return_dtype=pl.Int64)
            .alias("_dir_rank"),
            pl.col("kpi_id")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_kpi_rank"),
        )
        return table.sort("_dir_rank", "_kpi_rank").drop("_dir_rank", "_kpi_rank", "_order")

    def _rows_of(self, now: pl.DataFrame, scope: Scope) -> pl.DataFrame:
        """Every period's rows of the KPIs in ``now``: all of them for the whole QPR, else
        those KPIs' rows (all their periods, as a KPI may have moved directorate), so that a
        directorate's table joins its own KPIs rather than everyone's."""
        if scope == Scope():
            return self.rated
        return self.rated.filter(pl.col("kpi_id").is_in(now.get_column("kpi_id").implode()))

    @cached_property
    def _first_periods(self) -> pl.DataFrame:
        """kpi_id and the first period it is reported in (the same for every period)."""
        return self.rated.group_by("kpi_id").agg(pl.col("period").min().alias("first_period"))

    @cached_property
    def _one_row_per_period(self) -> bool:
        """Whether each KPI has one row per period (the ingest reports duplicates as errors,
        but a frame built otherwise could still hold them)."""
        return bool(self.rated.select(pl.struct("kpi_id", "period").is_unique().all()).item())

    def _previous_counts(
        self, period: int, scope: Scope
    ) -> tuple[int, dict[str, int], dict[str, int]]:
        """The KPI count and the RAG and Direction of Travel counts of ``period`` in ``scope``,
        as its table would give them, without building the table unless it is cached."""
        cached = self._summaries.get((period, scope))
        if cached is not None:
            return cached.total, dict(cached.rag), dict(cached.dot)
        if not self._one_row_per_period:
            table = self.table(period, scope)
            return table.height, _counts(table, "rag", STATUSES), _counts(table, "dot", DIRECTIONS)
        rows = self.rated.filter((pl.col("period") == period) & scope.expr()).select(
            "kpi_id", "rag"
        )
        rows = rows.join(self.dot(period).select("kpi_id", "dot"), on="kpi_id", how="left")
        return rows.height, _counts(rows, "rag", STATUSES), _counts(rows, "dot", DIRECTIONS)

    def prepare(self, period: int, scope: Scope) -> None:
        """Compute what showing ``period`` in ``scope`` needs, so it is ready when asked
        for (the TUI calls this for the neighbouring quarters in a background thread)."""
        self.summary(period, scope)
        self.tree_counts(period)

    def summary(self, period: int | None = None, scope: Scope = Scope()) -> Summary:
        period = self.latest if period is None else period
        key = (period, scope)
        if key not in self._summaries:
            self._summaries[key] = self._summary(period, scope)
        return self._summaries[key]

    def _summary(self, period: int, scope: Scope) -> Summary:
        table = self.table(period, scope)
        prev_p = self.previous(period)
        before = self._previous_counts(prev_p, scope) if prev_p is not None else None
        prev_rag, rag = pl.col("previous_rag"), pl.col("rag")
        # Lines only for the KPIs a list names (a line for each of 200,000 KPIs costs seconds).
        listed = table.filter(
            (rag == RED) | (rag == NO_DATA) | (prev_rag.is_not_null() & prev_rag.ne_missing(rag))
        )
        lines = _lines(listed)
        moved = table.filter(prev_rag.is_not_null()).group_by(
            "previous_rag", "rag", maintain_order=True
        )
        transitions = {(p, r): int(n) for p, r, n in moved.len().iter_rows()}
        changes = [i for i in lines if i.previous_rag is not None and i.previous_rag != i.rag]
        no_data = [i for i in lines if i.rag == NO_DATA]
        new_flags = dict(
            zip(
                listed.get_column("kpi_id").to_list(),
                listed.get_column("new_this_year").to_list(),
                strict=True,
            )
        )
        return Summary(
            organisation=self.organisation,
            period=period,
            previous_period=prev_p,
            scope=scope,
            total=table.height,
            total_previous=before[0] if before is not None else None,
            rag=_counts(table, "rag", STATUSES),
            rag_previous=before[1] if before is not None else None,
            dot=_counts(table, "dot", DIRECTIONS),
            dot_previous=before[2] if before is not None else None,
            red=[i for i in lines if i.rag == RED],
            new_red=[i for i in lines if i.rag == RED and i.previous_rag not in (RED, None)],
            no_longer_red=[i for i in lines if i.previous_rag == RED and i.rag != RED],
            changes=changes,
            transitions=transitions,
            no_data=no_data,
            no_data_all_new=bool(no_data) and all(new_flags[i.kpi_id] for i in no_data),
            kpis=table,
            dot_config=self.config.dot,
            calendar=self.calendar,
        )

    # ---- benchmarking --------------------------------------------------------------------
    @property
    def has_peers(self) -> bool:
        return len(self.organisations) > 1

    def peer_group(self, name: str | None) -> PeerGroup:
        return peer_group(name, self.config.peer_groups, self.organisations, self.organisation)

    def benchmark(self, period: int, group: PeerGroup | None = None) -> pl.DataFrame:
        """Every KPI's standing among the organisations in ``period`` (see `benchmark`)."""
        key = ("period", period, group)
        if key not in self._benchmarks and self.dataset.peer_field is not None:
            self._benchmarks[key] = self._from_field(pl.col("period") == period, self.rated, group)
        if key not in self._benchmarks:
            values = self.values.filter(pl.col("period") == period)
            self._benchmarks[key] = benchmark(values, self.rated, self.organisation, group)
        return self._benchmarks[key]

    def field_ranks(
        self, period: int | None = None, group: PeerGroup | None = None
    ) -> pl.DataFrame:
        """Every compared organisation's rank per KPI in ``period`` (None: every period),
        oriented by the home organisation's polarity (see `field_ranks`)."""
        values = self.values if period is None else self.values.filter(pl.col("period") == period)
        return field_ranks(values, self.rated, group)

    def benchmark_history(self, kpi_id: str, group: PeerGroup | None = None) -> pl.DataFrame:
        """One KPI's standing in every period, oldest first."""
        key = ("kpi", kpi_id, group)
        if key not in self._benchmarks and self.dataset.peer_field is not None:
            wanted = pl.col("kpi_id") == kpi_id
            self._benchmarks[key] = self._from_field(wanted, self.rated.filter(wanted), group)
        if key not in self._benchmarks:
            kpis = self.rated.filter(pl.col("kpi_id") == kpi_id)
            values = self.values.filter(pl.col("kpi_id") == kpi_id)
            self._benchmarks[key] = benchmark(values, kpis, self.organisation, group)
        return self._benchmarks[key]

    def _from_field(
        self, wanted: pl.Expr, kpis: pl.DataFrame, group: PeerGroup | None
    ) -> pl.DataFrame:
        """`benchmark` of the ``wanted`` KPIs and periods from the field's statistics (the
        data was read for its home organisation; see `qpr_tui.ingest.field`)."""
        assert self.dataset.peer_field is not None
        everyone = self.dataset.peer_field.stats.filter(wanted)
        stats = everyone
        if group is not None and group.members is not None:
            stats = self._group_statistics(group.members).filter(wanted)
        return field_benchmark(stats, everyone.select("period").unique(), kpis)

    def _group_statistics(self, members: frozenset[str]) -> pl.DataFrame:
        """A peer group's field statistics: one more pass over the file, once per group."""
        from qpr_tui.ingest.field import field_statistics

        assert self.dataset.peer_field is not None
        if members not in self._group_stats:
            rows = self.dataset.peer_field.rows
            self._group_stats[members] = field_statistics(rows, self.dataset.frame, members)
        return self._group_stats[members]

    def history(self, kpi_id: str) -> pl.DataFrame:
        """Every period of one KPI with its rating, oldest first."""
        ordered, spans = self._histories
        span = spans.get(kpi_id)
        return ordered.slice(*span) if span is not None else self.rated.clear()

    @cached_property
    def _histories(self) -> tuple[pl.DataFrame, dict[str, tuple[int, int]]]:
        """The ratings by KPI, oldest first, and where each KPI's rows start and how many
        there are: one sort instead of a filter per KPI (a paper asks for thousands), and a
        slice per KPI asked for (a partition of 200,000 KPIs costs seconds). Built on first
        use and never written after; two threads asking at once would each build the same,
        and one is kept."""
        ordered = self.rated.sort("kpi_id", "period")
        runs = ordered.group_by("kpi_id", maintain_order=True).len()
        spans: dict[str, tuple[int, int]] = {}
        start = 0
        for kpi_id, length in runs.iter_rows():
            spans[str(kpi_id)] = (start, length)
            start += length
        return ordered, spans

    def month_history(self, kpi_id: str) -> pl.DataFrame:
        """A monthly KPI's months, oldest first: ``month`` (its ordinal), ``period`` (its
        quarter), ``value``, and its quarter's ``target``, ``floor`` and ``rag``; empty for a
        KPI that is not monthly."""
        if self.months.height == 0:  # no monthly KPI: nothing to look up
            return pl.DataFrame(
                schema={
                    "month": pl.Int32,
                    "period": pl.Int32,
                    "value": pl.Float64,
                    "target": pl.Float64,
                    "floor": pl.Float64,
                    "rag": pl.String,
                }
            )
        shifted = pl.col("month") - (self.calendar.year_start - 1)
        quarter = (shifted // 12 * 4 + shifted % 12 // 3).cast(pl.Int32).alias("period")
        months = self.months.filter(pl.col("kpi_id") == kpi_id).with_columns(quarter)
        rated = self.history(kpi_id).select("period", "target", "floor", "rag")
        return (
            months.join(rated, on="period")
            .sort("month")
            .select("month", "period", "value", "target", "floor", "rag")
        )

    def tree_counts(self, period: int) -> dict[tuple[str | None, str | None], dict[str, int]]:
        """RAG counts for All, each directorate and each service area (cached per period)."""
        if period not in self._tree_counts:
            self._tree_counts[period] = self._count_tree(period)
        return self._tree_counts[period]

    def _count_tree(self, period: int) -> dict[tuple[str | None, str | None], dict[str, int]]:
        """One count by directorate, service area and RAG, summed up the tree."""
        now = self.rated.filter(pl.col("period") == period)
        result: dict[tuple[str | None, str | None], dict[str, int]] = {
            (None, None): dict.fromkeys(STATUSES, 0)
        }
        counted = now.group_by("directorate", "service_area", "rag").len()
        for d, s, rag, n in counted.iter_rows():
            for key in ((None, None), (str(d), None), (str(d), str(s))):
                counts = result.setdefault(key, dict.fromkeys(STATUSES, 0))
                if rag in counts:
                    counts[rag] += int(n)
        return result


#: The table's columns that make a `KpiLine`, in its fields' order.
LINE_COLUMNS = (
    "kpi_id",
    "indicator",
    "directorate",
    "service_area",
    "unit",
    "value",
    "target",
    "floor",
    "rag",
    "previous_rag",
    "commentary",
    "actions",
)


def _lines(table: pl.DataFrame) -> list[KpiLine]:
    """Each row of the table as a `KpiLine`, read column by column (a dict per row costs
    seconds at 200,000 KPIs)."""
    missing = [None] * table.height
    columns = [
        table.get_column(c).to_list() if c in table.columns else missing for c in LINE_COLUMNS
    ]
    if "provisional" in table.columns:
        flags = [bool(v) for v in table.get_column("provisional").to_list()]
    else:
        flags = [False] * table.height
    return [KpiLine(*fields) for fields in zip(*columns, flags, strict=True)]
