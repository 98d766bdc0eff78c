"""Lines that wrap under their own text: the summary's bullets and changes of RAG status."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from qpr_tui.views.hanging import MIN_TEXT_WIDTH, Hanging


def lines_of(renderable: Hanging, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text().splitlines()


def test_wrapped_lines_start_under_the_text_not_the_lead() -> None:
    lines = lines_of(Hanging(Text("  • "), Text("one two three four five six seven")), 16)
    assert lines == ["  • one two", "    three four", "    five six", "    seven"]


def test_the_tail_ends_the_last_line_when_it_fits_and_is_never_broken() -> None:
    tail = Text("  ● Green  →  ▲ Amber")
    fits = lines_of(Hanging(Text("  WM01 "), Text("Waste"), tail), 40)
    assert fits == ["  WM01 Waste  ● Green  →  ▲ Amber"]
    apart = lines_of(Hanging(Text("  WM01 "), Text("Municipal waste diverted"), tail), 40)
    assert apart == ["  WM01 Municipal waste diverted", "       ● Green  →  ▲ Amber"]


def test_text_keeps_a_least_width_however_narrow_the_space() -> None:
    lead = Text(" " * 20 + "– ")
    lines = lines_of(Hanging(lead, Text("abcdefghij klmnop")), 24)
    assert all(len(line) >= len(lead) for line in lines)
    assert lines[1].startswith(" " * len(lead))
    assert MIN_TEXT_WIDTH >= 10


def test_the_text_is_printed_as_written() -> None:
    lines = lines_of(Hanging(Text("  • "), Text("[bold]not markup[/bold]")), 80)
    assert lines == ["  • [bold]not markup[/bold]"]
