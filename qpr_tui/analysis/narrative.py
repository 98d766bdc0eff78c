"""The cover report written from the data, in the style of KCC's QPR cover report.

Sections follow the reference report: the summary paragraph, 2.2 (RAG counts with the change
since the previous Quarter), 2.3 (the Red indicators by directorate and service area) and 2.4
(Direction of Travel). Numbers below ten are words, capitalised at a sentence start.
"""

from __future__ import annotations

from dataclasses import dataclass

from qpr_tui.analysis.numbers import change, number, plural
from qpr_tui.analysis.rag import AMBER, BLUE, GREEN, NO_DATA, NOT_RATED, RED
from qpr_tui.analysis.summary import Summary
from qpr_tui.periods import end_month, financial_year, label, long_label, quarter


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


def write(s: Summary) -> Narrative:
    rag, prev = s.rag, s.rag_previous or {}
    has_prev = s.rag_previous is not None

    # "the previous Quarter" only when it is the quarter before; after a gap, name it.
    before = (
        "the previous Quarter"
        if s.previous_period == s.period - 1
        else label(s.previous_period)
        if s.previous_period is not None
        else ""
    )

    def chg(key: str) -> str:
        text = change(rag[key], prev.get(key) if has_prev else None, before)
        return f" {text}" if text else ""

    total = s.total
    green = rag[GREEN] + rag[BLUE]
    what = "KPI" if total == 1 else "KPIs"
    fy = financial_year(s.period)
    no_data = rag[NO_DATA]
    no_data_phrase = (
        f"{number(no_data, True)} of the new KPIs for {fy} "
        f"{plural(no_data, 'has', 'have')} no data at time of publication."
        if s.no_data_all_new
        else f"{number(no_data, True)} {plural(no_data, 'has', 'have')} "
        "no data at time of publication."
    )

    # Summary paragraph (the report's "Summary:" block).
    reds = rag[RED]
    red_sentence = (
        "No KPI failed to meet the floor standard (Red)"
        if reds == 0
        else f"{number(reds, True)} {plural(reds, 'KPI', 'KPIs')} "
        "did not meet the floor standard (Red)"
    )
    summary = (
        f"Of the {number(total)} Key Performance {plural(total, 'Indicator', 'Indicators')} "
        f"({what}) "
        f"contained within the QPR, {number(green)} achieved target (Green), and "
        f"{number(rag[AMBER])} achieved or exceeded the floor standard but did not meet target "
        f"(Amber). {red_sentence}"
    )
    if no_data:
        summary += (
            f", and {number(no_data)} {plural(no_data, 'has', 'have')} no data at time "
            "of publication."
        )
    else:
        summary += "."
    if rag[NOT_RATED]:
        summary += (
            f" {number(rag[NOT_RATED], True)} {plural(rag[NOT_RATED], 'is', 'are')} "
            "not rated (no target, or reported for information only)."
        )

    bullets = []
    if rag[BLUE]:
        bullets.append(
            f"{number(rag[BLUE], True)} {plural(rag[BLUE], 'is', 'are')} rated Blue"
            f"{chg(BLUE)} – the target was exceeded by more than the tolerance."
        )
    bullets += [
        f"{number(rag[GREEN], True)} {plural(rag[GREEN], 'is', 'are')} rated Green{chg(GREEN)} "
        "– the target was achieved or exceeded.",
        f"{number(rag[AMBER], True)} {plural(rag[AMBER], 'is', 'are')} rated Amber{chg(AMBER)} "
        "– performance achieved or exceeded the expected floor standard but did not meet target.",
        f"{number(rag[RED], True)} {plural(rag[RED], 'is', 'are')} rated Red{chg(RED)} "
        "– performance did not meet the expected floor standard.",
    ]
    if no_data:
        bullets.append(no_data_phrase)
    if rag[NOT_RATED]:
        bullets.append(
            f"{number(rag[NOT_RATED], True)} {plural(rag[NOT_RATED], 'is', 'are')} "
            "not rated (no target, or reported for information only)."
        )

    if reds == 0:
        red_intro = "No indicators are rated Red."
    elif reds == 1:
        red_intro = "The one indicator where the RAG rating is Red, is in:"
    else:
        red_intro = f"The {number(reds)} indicators where the RAG rating is Red, are in:"
    groups = [(head, [i.indicator for i in items]) for head, items in s.red_groups()]

    d, dp = s.dot, s.dot_previous or {}
    dprev = s.dot_previous is not None

    def dchg(key: str) -> str:
        text = change(d[key], dp.get(key) if dprev else None, before)
        return f" {text}" if text else ""

    pos, stable, neg = d["positive"], d["stable"], d["negative"]
    dot = (
        f"With regards to Direction of Travel, {number(pos) if pos else 'no'} "
        f"{plural(pos, 'indicator shows', 'indicators show')} a positive trend{dchg('positive')}, "
        f"{number(stable)} {plural(stable, 'is', 'are')} stable or with no clear trend"
        f"{dchg('stable')}, and {number(neg)} {plural(neg, 'is', 'are')} showing a negative "
        f"trend{dchg('negative')}."
    )
    month = end_month(s.period)
    scope = "" if s.scope.is_all else f" ({s.scope.label})"
    return Narrative(
        title=f"Quarterly Performance Report, {long_label(s.period)}{scope}",
        summary=summary,
        intro=(
            f"This report presents performance to the end of {month:%B %Y} "
            f"(Quarter {quarter(s.period)}, {fy})."
        ),
        rag_intro=f"Of the {number(total)} {what} included in the report, the latest RAG status "
        "are as follows:",
        rag_bullets=bullets,
        red_intro=red_intro,
        red_groups=groups,
        dot=dot,
    )
