"""Small pieces of KPI wording used by several panels (gaps, deltas, polarity)."""

from __future__ import annotations

import io

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.text import Text

from qpr_tui.tui.palette import Palette
from qpr_tui.views.hanging import Hanging
from qpr_tui.views.numbers import format_value
from qpr_tui.vocabulary import DECREASE_MARK, GREEN, INCREASE_MARK, LOWER, RED, TARGET


def _amount(diff: float, unit: str) -> str:
    if unit.strip() == "%":
        return f"{abs(diff):,.1f} pts"
    return format_value(abs(diff), unit)


def gap(
    value: float | None,
    threshold: float | None,
    polarity: str,
    unit: str,
    what: str,
    colours: Palette,
) -> Text:
    """How far the value is from a threshold, in words: ``4.2 pts short of target``."""
    if value is None or threshold is None:
        return Text("–", style=colours.muted)
    diff = value - threshold
    if abs(diff) < 1e-9:
        return Text(f"exactly on {what}", style=colours.fg[GREEN])
    if polarity == TARGET:
        return Text(f"{_amount(diff, unit)} {'above' if diff > 0 else 'below'} {what}")
    good = diff > 0 if polarity != LOWER else diff < 0
    word = "better than" if good else "short of"
    style = colours.fg[GREEN] if good else colours.fg[RED]
    return Text(f"{_amount(diff, unit)} {word} {what}", style=style)


def delta(current: int, previous: int | None) -> Text:
    """Compact change in a count: ``2 more`` or ``1 fewer`` after the vocabulary's increase
    or decrease mark, ``= same`` when unchanged."""
    if previous is None:
        return Text("no earlier quarter", style="dim")
    diff = current - previous
    if diff == 0:
        return Text("= same", style="dim")
    mark, word = (INCREASE_MARK, "more") if diff > 0 else (DECREASE_MARK, "fewer")
    return Text(f"{mark} {abs(diff):,} {word}")


def rag_strip(
    labels: list[str], rags: list[str | None], colours: Palette, limit: int = 12
) -> RenderableType:
    """``RAG by quarter`` and the glyph of each of the last ``limit`` quarters, laid out in
    as many columns as fit (an item never breaks across lines)."""
    items: list[Text] = []
    for label, status in list(zip(labels, rags, strict=True))[-limit:]:
        item = Text(label[2:] if label[:2].isdigit() else label, style="dim", no_wrap=True)
        item.append(" ")
        item.append_text(colours.glyph(status))
        items.append(item)
    return Group(Text("RAG by quarter", style="bold"), Columns(items, padding=(0, 2)))


def frozen(renderable: RenderableType, width: int) -> Text:
    """A Rich renderable laid out once at ``width`` and kept as styled text.

    Textual measures and renders a Static's content on every layout pass; a Rich ``Table``
    is laid out afresh each time, which made changing period cost tens of milliseconds.
    Text of fixed lines is cheap to draw. A ``Group`` of texts (the cover report: hundreds
    of Red KPIs' lines, most of them the same from one quarter to the next) is laid out
    text by text (or `Hanging` line by line), each remembered, as a group's texts are laid
    out each on its own lines.
    """
    console = _console(width)
    parts = renderable.renderables if isinstance(renderable, Group) else None
    keys = [_part_key(p) for p in parts] if parts is not None else None
    if parts is None or keys is None or None in keys:
        return _joined(_segment_lines(console, renderable))
    lines: list[Text] = []
    for part, key in zip(parts, keys, strict=True):
        laid = _LAID_OUT.get((key, console.width))
        if laid is None:
            if len(_LAID_OUT) >= LAID_OUT_KEPT:
                _LAID_OUT.clear()
            laid = _LAID_OUT[(key, console.width)] = _segment_lines(console, part)
        lines += laid
    return _joined(lines)


def _part_key(part: RenderableType) -> tuple[object, ...] | None:
    """What a part of a group is remembered by: a text that ends its line, or a `Hanging`
    line of such texts; None for anything else (the group is laid out whole)."""
    if isinstance(part, Hanging):
        texts = (part.lead, part.body, part.tail)
        if any(t is not None and _text_key(t) is None for t in texts):
            return None
        return ("hanging", *(None if t is None else _text_key(t) for t in texts))
    return _text_key(part) if isinstance(part, Text) else None


def _text_key(text: Text) -> tuple[object, ...] | None:
    if text.end != "\n":
        return None  # it runs into what follows: only the whole group can lay it out
    spans = tuple(text.spans)
    return (text.plain, spans, text.style, text.justify, text.overflow, text.no_wrap, text.tab_size)


#: Texts of a group laid out before, by their content and width (see `frozen`). Written from
#: the UI thread and the prefetch worker (`lay_out`) alike: each entry is set whole, and a
#: race at worst lays a text out twice, so no lock.
_LAID_OUT: dict[tuple[object, ...], list[Text]] = {}
LAID_OUT_KEPT = 20_000


def _console(width: int) -> Console:
    return Console(
        width=max(width, 20),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        file=io.StringIO(),
    )


def _segment_lines(console: Console, renderable: RenderableType) -> list[Text]:
    """Each line ``console`` renders ``renderable`` to, as styled text."""
    result: list[Text] = []
    for line in console.render_lines(renderable, console.options, pad=False):
        text = Text()
        for segment in line:
            if not segment.control:
                text.append(segment.text, segment.style)
        result.append(text)
    return result


def _joined(lines: list[Text]) -> Text:
    text = Text(no_wrap=True, overflow="crop", end="")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        text.append_text(line)
    return text
