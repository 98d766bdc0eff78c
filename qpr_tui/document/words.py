"""The paper's fixed sentences, in the words of a council's QPR cover report, and the
names, committees and recommendation that `[report]` configures.

The cover-report narrative itself (summary, 2.2 to 2.4) is `qpr_tui.views.narrative`'s;
this module adds what surrounds it: the purpose of the report, the introduction, 2.1, the
recommendation, the legend and the header block.
"""

from __future__ import annotations

from qpr_tui.analysis.summary import Summary
from qpr_tui.config import ReportConfig
from qpr_tui.config.wording import fill_placeholders
from qpr_tui.periods import quarter
from qpr_tui.views.headings import scope_label
from qpr_tui.views.numbers import number, plural
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    CORE_STATUSES,
    GREEN,
    NO_DATA,
    NOT_RATED,
    RED,
    STATUSES,
    status_label,
)

#: What each status means, for the appendix's legend.
LEGEND = {
    BLUE: "target exceeded by the Blue margin",
    GREEN: "target achieved or exceeded",
    AMBER: "floor standard achieved but not the target",
    RED: "floor standard not achieved",
    NO_DATA: "no value this quarter",
    NOT_RATED: "no target, so not rated",
}
#: Who is asked to note the report when `[report]` names no meeting.
ANY_MEETING = "The meeting"


def joined(names: list[str]) -> str:
    """``CMT and Cabinet``; ``A, B and C``."""
    names = [n for n in names if n.strip()]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def purpose(report: ReportConfig) -> str:
    """The first sentence of the Summary: whom the QPR informs (only the configured names)."""
    informed = joined(report.committees or ([report.to] if report.to else []))
    if informed:
        return (
            f"The purpose of the Quarterly Performance Report (QPR) is to inform {informed} "
            "about key areas of performance for the authority."
        )
    return (
        "The purpose of the Quarterly Performance Report (QPR) is to report on key areas of "
        "performance for the authority."
    )


def meeting(report: ReportConfig) -> str:
    """The body asked to note the report."""
    return report.meeting or report.to or ANY_MEETING


def recommendation(report: ReportConfig, s: Summary) -> str:
    """The configured recommendation (placeholders filled), or the cover report's."""
    if report.recommendation.strip():
        values = {
            "meeting": meeting(report),
            "quarter": str(quarter(s.period)),
            "period": s.calendar.long_label(s.period),
        }
        return fill_placeholders(report.recommendation.strip(), values)
    return (
        f"{meeting(report)} is asked to NOTE the {s.calendar.report_name(s.period)} Performance "
        "Report and the actions being taken to address areas where performance is not as "
        "targeted."
    )


def introduction(s: Summary) -> tuple[str, str]:
    """Paragraphs 1.1 and 1.2."""
    what = plural(s.total, "Key Performance Indicator (KPI)", "Key Performance Indicators (KPIs)")
    scope = "" if s.scope.is_all else f" for {scope_label(s.scope)}"
    return (
        "The Quarterly Performance Report (QPR) is a key mechanism within the Performance "
        "Management Framework for the Council. The report summary for "
        f"{s.calendar.long_label(s.period)} is attached at Appendix 1, and includes data up to "
        f"the end of {s.calendar.end_month(s.period):%B %Y}.",
        f"The QPR includes {s.total} {what}{scope} where results are assessed against "
        "Targets set at the start of the financial year.",
    )


RAG_METHOD = (
    "Results for KPIs compared to Target are assessed using a Red/Amber/Green (RAG) status."
)


def legend(s: Summary) -> str:
    """The status key: each status the period uses, with its glyph, word and meaning."""
    shown = [k for k in STATUSES if s.rag.get(k) or k in CORE_STATUSES]
    return "; ".join(f"{status_label(k)}, {LEGEND[k]}" for k in shown)


def addressed_to(report: ReportConfig) -> str:
    """``Cabinet – 9 January 2025``."""
    return " – ".join(part for part in (report.to, report.date) if part.strip())


#: The paper's section of notes taken in the app.
QUESTIONS = "Questions for the meeting"


def questions_intro(count: int, s: Summary) -> str:
    """The opening line of the Questions for the meeting."""
    where = "" if s.scope.is_all else f" in {scope_label(s.scope)}"
    return (
        f"Questions and actions to raise on {number(count)} {plural(count, 'KPI', 'KPIs')}"
        f"{where} for {s.calendar.long_label(s.period)}:"
    )
