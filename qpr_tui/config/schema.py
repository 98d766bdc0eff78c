"""The configuration schema: every key of the TOML file, its type, default, choices and range.

This is the one declaration of the configuration. `qpr_tui.config.loader` converts the parsed
TOML into these structs with msgspec, which refuses every wrong type, choice and range;
`qpr_tui.config.checking` reads the same declaration to report unknown keys and to word the
errors; ``config/qpr.toml`` documents every key declared here (a test keeps the two in step).

Field names are the TOML keys. ``Meta(description=...)`` says in words what a value must be
(used in error messages); ``Meta(extra={"note": ...})`` adds advice to a range error.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from qpr_tui.config.wording import check_placeholders

RagRule = Literal["floor", "tolerance"]
ToleranceType = Literal["relative", "absolute"]
DotMethod = Literal["regression", "previous", "year", "spc"]
YearQuarters = Literal["financial", "calendar"]
Frequency = Literal["month", "quarter", "year"]
QuarterValue = Literal["last", "sum", "mean"]
PolarityName = Literal["higher", "lower", "target", "data only"]
RagWord = Literal["green", "amber", "red", "blue", "not rated"]
EqualToTarget = Literal["green", "amber"]
ZeroTarget = Literal["a target", "no target"]
FileRole = Literal["values", "kpis"]
Restated = Literal["error", "later file wins"]
NotDue = Literal["not due", "no data"]
MonthName = Literal[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

NotNegative = Annotated[float, Meta(ge=0)]
# Run lengths for the SPC shift and trend rules: shorter runs flag noise, longer ones never fire.
SpcRun = Annotated[int, Meta(ge=3, le=12, extra={"note": "NHS Making Data Count uses 6 to 8"})]
HeaderNames = Annotated[list[str], Meta(description="a list of header names")]
OrganisationNames = Annotated[list[str], Meta(description="a list of organisation names")]
KeyName = Annotated[str, Meta(description='a key name in quotes, such as "ctrl+n" or "comma"')]


class SettingsConflict(ValueError):
    """Settings that are each valid but cannot hold together; ``keys`` are the ones involved,
    the one to change first."""

    def __init__(self, message: str, keys: tuple[str, ...]) -> None:
        super().__init__(message)
        self.keys = keys


class Table(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A TOML table of the configuration: immutable, keyword-only, no unknown keys.

    (Subclasses repeat ``frozen=True`` for type checkers; msgspec inherits it anyway.)
    """


class RagConfig(Table, frozen=True):
    """How a value is rated against its target and floor.

    ``rule = "floor"`` is KCC's: Green at or beyond target, Amber at or beyond the floor, else
    Red. A KPI with no floor then falls back to ``tolerance`` if one is set, and is otherwise
    Red when it misses target. ``rule = "tolerance"`` ignores floors: Amber is within
    ``tolerance`` of target, measured as a percentage of the target (``relative``) or in the
    KPI's own units (``absolute``). ``blue`` (same measure) adds a Blue band for beating the
    target by at least that much. ``close_band`` is the Green band, as a percentage of target,
    for close-to-target (T) KPIs.
    """

    rule: RagRule = "floor"
    tolerance: NotNegative | None = None
    tolerance_type: ToleranceType = "relative"
    blue: NotNegative | None = None
    close_band: NotNegative = 5.0
    equal_to_target: EqualToTarget = "green"
    zero_target: ZeroTarget = "a target"
    words: Annotated[
        dict[str, RagWord], Meta(description="a table of published text = status")
    ] = {}


class DotConfig(Table, frozen=True):
    """How Direction of Travel is decided.

    ``regression`` (KCC's method): ordinary least squares over the last ``window`` quarters up to
    the reported one; a trend only when the slope's two-sided p-value is below
    ``significance`` and at least ``min_points`` values exist. ``previous`` and ``year`` compare
    with the previous quarter or the same quarter last year; a change smaller than
    ``stable_tolerance`` percent of the earlier value counts as stable. ``spc`` applies NHS
    Making Data Count rules (shift and trend run lengths below) to the whole series.
    """

    method: DotMethod = "regression"
    window: Annotated[int, Meta(ge=2)] = 8
    significance: Annotated[float, Meta(gt=0, lt=1)] = 0.05
    min_points: Annotated[int, Meta(ge=3)] = 4
    stable_tolerance: NotNegative = 0.0
    spc_shift: SpcRun = 7
    spc_trend: SpcRun = 7

    def __post_init__(self) -> None:
        if self.min_points > self.window:
            raise SettingsConflict(
                f"min_points = {self.min_points} must not exceed window = {self.window} "
                "(no window could hold enough points for a trend)",
                ("min_points", "window"),
            )


class KpiRule(Table, frozen=True):
    """Per-KPI settings (from ``[kpi."ID"]`` tables): overrides of the RAG rule (None keeps
    [rag]'s) and of what the files say of the KPI (None keeps the files')."""

    rule: RagRule | None = None
    tolerance: NotNegative | None = None
    tolerance_type: ToleranceType | None = None
    blue: NotNegative | None = None
    equal_to_target: EqualToTarget | None = None
    zero_target: ZeroTarget | None = None
    polarity: PolarityName | None = None
    unit: str | None = None
    target: float | None = None
    floor: float | None = None
    frequency: Frequency | None = None
    quarter_value: QuarterValue | None = None


class PolarityConfig(Table, frozen=True):
    """Polarity text as the council writes it (``[polarity.words]``), tried before the
    built-in spellings."""

    words: Annotated[
        dict[str, PolarityName], Meta(description="a table of published text = polarity")
    ] = {}


class PeriodsConfig(Table, frozen=True):
    """The calendar of the reporting year. ``year_starts`` is the financial year's first
    month; ``not_due`` says how an annual KPI counts in the quarters before its year ends."""

    year_starts: MonthName = "April"
    not_due: NotDue = "not due"


class FileConfig(Table, frozen=True):
    """Settings for one input file (a ``[files."NAME"]`` table; NAME is the file's name or a
    glob pattern such as ``"hart_kpis_*.csv"``)."""

    period: str = ""
    role: FileRole = "values"
    columns: Annotated[
        dict[str, HeaderNames], Meta(description="a table of column = [header names]")
    ] = {}
    sheets: Annotated[list[str], Meta(description="a list of sheet names")] = []
    header_row: Annotated[int, Meta(ge=1)] | None = None


class LoadConfig(Table, frozen=True):
    """How several files are put together. ``restated``: what a second value for the same KPI
    and period does (``"error"``, or ``"later file wins"`` with a note naming both places)."""

    restated: Restated = "error"


class DirectoratesConfig(Table, frozen=True):
    """Report order of the directorates; those not listed follow in order of appearance."""

    order: Annotated[list[str], Meta(description="a list of names")] = []


class Contact(Table, frozen=True):
    """One person named under the paper's "Contact details" (a ``[[report.contacts]]`` table)."""

    name: str = ""
    role: str = ""
    team: str = ""
    email: str = ""
    phone: str = ""


ChartChoice = Literal["red", "all", "none"]


class ReportConfig(Table, frozen=True):
    """The paper's own words: who it is from and to, its meeting, contacts and template.

    Nothing here has a council's value by default: an unset key is left out of the paper,
    or worded without it (the recommendation names "The meeting" when no meeting is set).
    ``recommendation`` may use ``{meeting}``, ``{quarter}`` and ``{period}``; ``template``
    is a Word file whose styles the .docx export uses (relative to the configuration file).
    """

    organisation: str = ""
    from_: Annotated[list[str], Meta(description="a list of names and roles")] = msgspec.field(
        default_factory=list, name="from"
    )
    to: str = ""
    meeting: str = ""
    date: str = ""
    decision_number: str = ""
    classification: str = ""
    committees: Annotated[list[str], Meta(description="a list of committee names")] = []
    recommendation: str = ""
    contacts: Annotated[
        list[Contact], Meta(description="a list of [[report.contacts]] tables")
    ] = []
    template: str = ""
    charts: ChartChoice = "red"

    def __post_init__(self) -> None:
        problem = check_placeholders(self.recommendation)
        if problem:
            raise SettingsConflict(problem, ("recommendation",))


class NotesConfig(Table, frozen=True):
    """Where the notes for the meeting are kept: ``path`` (relative to the configuration
    file); empty keeps them in ``NAME.qpr-notes.toml`` beside the first data file."""

    path: str = ""


class Config(Table, frozen=True):
    """The whole configuration. Every key has a default, so ``Config()`` is a working one."""

    organisation: str = ""
    year_quarters: YearQuarters = "financial"
    theme: Annotated[str, Meta(description='a theme name in quotes, such as "nord"')] = ""
    columns: Annotated[
        dict[str, HeaderNames], Meta(description="a table of column = [header names]")
    ] = {}
    rag: RagConfig = msgspec.field(default_factory=RagConfig)
    polarity: PolarityConfig = msgspec.field(default_factory=PolarityConfig)
    periods: PeriodsConfig = msgspec.field(default_factory=PeriodsConfig)
    files: Annotated[
        dict[str, FileConfig], Meta(description='a table of [files."NAME"] tables')
    ] = {}
    load: LoadConfig = msgspec.field(default_factory=LoadConfig)
    dot: DotConfig = msgspec.field(default_factory=DotConfig)
    directorates: DirectoratesConfig = msgspec.field(default_factory=DirectoratesConfig)
    kpi: Annotated[dict[str, KpiRule], Meta(description='a table of [kpi."ID"] tables')] = {}
    keys: Annotated[dict[str, KeyName], Meta(description="a table of binding id = key name")] = {}
    peer_groups: Annotated[
        dict[str, OrganisationNames],
        Meta(description="a table of group name = [organisation names]"),
    ] = {}
    report: ReportConfig = msgspec.field(default_factory=ReportConfig)
    notes: NotesConfig = msgspec.field(default_factory=NotesConfig)

    @property
    def directorate_order(self) -> list[str]:
        """``[directorates] order``."""
        return self.directorates.order
