"""A line that wraps under its own text, not under its lead: a bullet's continuation lines
line up with the words they continue, and a change's with the indicator's name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

#: The least width the text keeps beside its lead, however narrow the space.
MIN_TEXT_WIDTH = 12


class Hanging:
    """``lead`` (an indent and a bullet, or a KPI id), then ``body`` wrapped to the width
    left, each line after the first indented by the lead's width; ``tail`` (a change of
    status) ends the last line, or makes a line of its own, but is never broken."""

    def __init__(self, lead: Text, body: Text, tail: Text | None = None) -> None:
        self.lead = lead
        self.body = body
        self.tail = tail

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.lead.cell_len
        width = max(options.max_width - indent, MIN_TEXT_WIDTH)
        lines = list(self.body.wrap(console, width))
        if self.tail is not None:
            last = lines[-1]
            last.rstrip()
            if last.cell_len + self.tail.cell_len <= width:
                last.append_text(self.tail)
            else:
                plain = self.tail.plain
                lines.append(self.tail[len(plain) - len(plain.lstrip()) :])
        pad = Text(" " * indent)
        for n, line in enumerate(lines):
            line.rstrip()
            yield from Text.assemble(self.lead if n == 0 else pad, line).render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        tail = self.tail.cell_len if self.tail is not None else 0
        widest = self.lead.cell_len + self.body.cell_len + tail
        return Measurement(min(widest, self.lead.cell_len + MIN_TEXT_WIDTH), widest)
