"""The cover report written from the data, in the style of KCC's QPR cover report.

Sections follow the reference report: the summary paragraph, 2.2 (RAG counts with the change
since the previous Quarter), 2.3 (the Red indicators by directorate and service area) and 2.4
(Direction of Travel). Numbers below ten are words, capitalised at a sentence start.
"""

from __future__ import annotations

from dataclasses import dataclass

from qpr_tui.analysis.summary import Summary
from qpr_tui.views.headings import red_groups, scope_label
from qpr_tui.views.numbers import change, number, plural
from qpr_tui.vocabulary import (
    AMBER,
    BLUE,
    GREEN,
    NEGATIVE,
    NO_DATA,
    NOT_RATED,
    POSITIVE,
    RED,
    STABLE,
    STATUS_WORDS,
)


@dataclass(frozen=True)
class Narrative:
    title: str
    summary: str
    intro: str
    rag_intro: str
    rag_bullets: list[str]
    red_intro: str
    red_groups: list[tuple[str, list[str]]]
    dot: str

    def text(self) -> str:
        """Plain text with the reference report's numbering."""
        lines = [self.summary, "", f"2.2. {self.rag_intro}"]
        lines += [f" - {b}" for b in self.rag_bullets]
        lines += ["", f"2.3. {self.red_intro}"]
        for head, names in self.red_groups:
            lines.append(f"- {head}")
            lines += [f" - {n}" for n in names]
        lines += ["", f"2.4. {self.dot}"]
        return "\n".join(lines)


def _before(s: Summary) -> str:
    """What a change is against: "the previous Quarter" only when it is the quarter before;
    after a gap, its name."""
    if s.previous_period == s.period - s.calendar.step:
        return f"the previous {s.calendar.period_word.title()}"
    return s.calendar.label(s.previous_period) if s.previous_period is not None else ""


def _change(now: dict[str, int], then: dict[str, int] | None, key: str, before: str) -> str:
    """`` (one fewer than the previous Quarter)`` or nothing."""
    text = change(now[key], then.get(key) if then is not None else None, before)
    return f" {text}" if text else ""


def _kpis(n: int) -> str:
    return "KPI" if n == 1 else "KPIs"


def _not_rated(rag: dict[str, int]) -> str:
    n = rag[NOT_RATED]
    return (
        f"{number(n, True)} {plural(n, 'is', 'are')} "
        "not rated (no target, or reported for information only)."
    )


def _of_the(s: Summary) -> str:
    """How the summary opens: the whole QPR, or the directorate or service area in scope."""
    total = s.total
    if s.scope.is_all:
        return (
            f"Of the {number(total)} Key Performance {plural(total, 'Indicator', 'Indicators')} "
            f"({_kpis(total)}) contained within the QPR"
        )
    return f"Of the {number(total)} {_kpis(total)} in {scope_label(s.scope)}"


def _rag_intro(s: Summary) -> str:
    """Section 2.2's opening line."""
    where = "included in the report" if s.scope.is_all else f"in {scope_label(s.scope)}"
    return (
        f"Of the {number(s.total)} {_kpis(s.total)} {where}, the latest RAG status are as follows:"
    )


def _summary(s: Summary) -> str:
    """The report's "Summary:" paragraph."""
    rag = s.rag
    reds, no_data = rag[RED], rag[NO_DATA]
    red_sentence = (
        "No KPI failed to meet the floor standard (Red)"
        if reds == 0
        else f"{number(reds, True)} {plural(reds, 'KPI', 'KPIs')} "
        "did not meet the floor standard (Red)"
    )
    summary = (
        f"{_of_the(s)}, {number(rag[GREEN] + rag[BLUE])} achieved target (Green), "
        f"and {number(rag[AMBER])} achieved or exceeded the floor standard but did not meet "
        f"target (Amber). {red_sentence}"
    )
    if no_data:
        summary += (
            f", and {number(no_data)} {plural(no_data, 'has', 'have')} no data at time "
            "of publication."
        )
    else:
        summary += "."
    if rag[NOT_RATED]:
        summary += f" {_not_rated(rag)}"
    return summary


def _rag_bullets(s: Summary, before: str) -> list[str]:
    """Section 2.2: one line per status, with the change since ``before``."""
    rag = s.rag

    def rated(key: str, meaning: str) -> str:
        n = rag[key]
        return (
            f"{number(n, True)} {plural(n, 'is', 'are')} rated {STATUS_WORDS[key]}"
            f"{_change(rag, s.rag_previous, key, before)} – {meaning}"
        )

    bullets = []
    if rag[BLUE]:
        bullets.append(rated(BLUE, "the target was exceeded by more than the tolerance."))
    bullets += [
        rated(GREEN, "the target was achieved or exceeded."),
        rated(
            AMBER,
            "performance achieved or exceeded the expected floor standard but did not meet target.",
        ),
        rated(RED, "performance did not meet the expected floor standard."),
    ]
    no_data = rag[NO_DATA]
    if no_data:
        year = s.calendar.financial_year(s.period)
        new = f" of the new KPIs for {year}" if s.no_data_all_new else ""
        bullets.append(
            f"{number(no_data, True)}{new} {plural(no_data, 'has', 'have')} "
            "no data at time of publication."
        )
    if rag[NOT_RATED]:
        bullets.append(_not_rated(rag))
    return bullets


def _red_intro(reds: int) -> str:
    """Section 2.3's opening line."""
    if reds == 0:
        return "No indicators are rated Red."
    if reds == 1:
        return "The one indicator where the RAG rating is Red, is in:"
    return f"The {number(reds)} indicators where the RAG rating is Red, are in:"


def _dot(s: Summary, before: str) -> str:
    """Section 2.4: the Direction of Travel counts, with the changes since ``before``."""
    d = s.dot
    pos, stable, neg = d[POSITIVE], d[STABLE], d[NEGATIVE]

    def since(key: str) -> str:
        return _change(d, s.dot_previous, key, before)

    return (
        f"With regards to Direction of Travel, {number(pos) if pos else 'no'} "
        f"{plural(pos, 'indicator shows', 'indicators show')} a positive trend{since(POSITIVE)}, "
        f"{number(stable)} {plural(stable, 'is', 'are')} stable or with no clear trend"
        f"{since(STABLE)}, and {number(neg)} {plural(neg, 'is', 'are')} showing a negative "
        f"trend{since(NEGATIVE)}."
    )


def write(s: Summary) -> Narrative:
    """The cover report's text for one summary."""
    before = _before(s)
    calendar = s.calendar
    month = calendar.end_month(s.period)
    scope = "" if s.scope.is_all else f" ({scope_label(s.scope)})"
    kind = "Annual" if calendar.annual else "Quarterly"
    return Narrative(
        title=f"{kind} Performance Report, {calendar.long_label(s.period)}{scope}",
        summary=_summary(s),
        intro=(
            f"This report presents performance to the end of {month:%B %Y} "
            f"({calendar.long_label(s.period)})."
        ),
        rag_intro=_rag_intro(s),
        rag_bullets=_rag_bullets(s, before),
        red_intro=_red_intro(s.rag[RED]),
        red_groups=[(head, [i.indicator for i in items]) for head, items in red_groups(s)],
        dot=_dot(s, before),
    )
