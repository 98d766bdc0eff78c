"""A virtual table: rows drawn on demand with Textual's Line API.

Textual's DataTable builds and measures every row it holds, which takes about a second for a
few thousand KPIs. This table holds its cells as plain column lists (each cell a
`rich.text.Text` or a `str`, never markup) and an order of rows (the result of a sort or a
filter); only the lines on screen are turned into Segments, and those are cached until the
rows, the cursor or the styles change. It looks and behaves as a row-cursor DataTable with
zebra stripes and a header row: the same component classes, keys and messages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, overload

import rich.repr
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.data_table import Column, ColumnKey, RowKey

from qpr_tui.tui.messages import KpiChosen, KpiHighlighted

Cell = Text | str
#: The vim keys every table has, with the ids ``[keys]`` remaps them by.
VIM_TABLE_BINDINGS: list[BindingType] = [
    Binding("j", "cursor_down", "Down", show=False, id="table.down"),
    Binding("k", "cursor_up", "Up", show=False, id="table.up"),
    Binding("g", "scroll_top", "Top", show=False, id="table.top"),
    Binding("G", "scroll_bottom", "Bottom", show=False, id="table.bottom"),
    Binding("h", "scroll_left", "Scroll left", show=False, id="table.left"),
    Binding("l", "scroll_right", "Scroll right", show=False, id="table.right"),
    Binding("ctrl+d", "page_down", "Page down", show=False, id="table.page_down"),
    Binding("ctrl+u", "page_up", "Page up", show=False, id="table.page_up"),
]
#: The keys Textual's DataTable binds (no id), bound here to the same actions.
DATATABLE_BINDINGS: list[BindingType] = [
    Binding("enter", "select_cursor", "Select", show=False),
    Binding("up", "cursor_up", "Cursor up", show=False),
    Binding("down", "cursor_down", "Cursor down", show=False),
    Binding("right", "scroll_right", "Cursor right", show=False),
    Binding("left", "scroll_left", "Cursor left", show=False),
    Binding("pageup", "page_up", "Page up", show=False),
    Binding("pagedown", "page_down", "Page down", show=False),
    Binding("ctrl+home", "scroll_top", "Top", show=False),
    Binding("ctrl+end", "scroll_bottom", "Bottom", show=False),
    Binding("home", "scroll_home", "Home", show=False),
    Binding("end", "scroll_end", "End", show=False),
]
LINE_CACHE = 512  # rendered lines kept (a few screens' worth)


@dataclass
class ColumnLook:
    """How a column's `str` cells are drawn (a `Text` cell carries its own)."""

    style: Style
    justify: str


def cell_text(cell: Cell, look: ColumnLook) -> Text:
    """A cell as Text (a `str` cell in its column's style)."""
    if isinstance(cell, Text):
        return cell
    return Text(cell, style=look.style, justify=look.justify)  # type: ignore[arg-type]


def _cell_segments(cell: Cell, look: ColumnLook, width: int, console: Console) -> list[Segment]:
    """A cell's segments exactly ``width`` cells wide: cut with an ellipsis when longer,
    padded on the side its justification leaves free."""
    if isinstance(cell, str) and "\x1b" not in cell:
        length = cell_len(cell)
        if length <= width:
            pad = " " * (width - length)
            if look.justify == "right":
                return [Segment(pad + cell, look.style)]
            return [Segment(cell, look.style), Segment(pad)]
    text = cell_text(cell, look)
    if text.cell_len > width:
        text = text.copy()
        text.truncate(width, overflow="ellipsis")
    # Text.render draws the spans; the text's own style lies under them, as Rich's
    # rendering of a Text puts it.
    style = console.get_style(text.style) if text.style else Style.null()
    segments = list(Segment.apply_style(text.render(console, end=""), style))
    excess = width - text.cell_len
    if excess > 0:
        if text.justify == "right":
            segments.insert(0, Segment(" " * excess, style))
        else:
            segments.append(Segment(" " * excess))
    return segments


class VirtualTable(ScrollView, can_focus=True):
    """A row-cursor table over column lists: ``j``/``k`` down and up, ``g``/``G`` top and
    bottom, ``h``/``l`` left and right, ``ctrl+d``/``ctrl+u`` half a page."""

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [*DATATABLE_BINDINGS, *VIM_TABLE_BINDINGS]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--cursor",
        "datatable--hover",
        "datatable--header",
        "datatable--header-cursor",
        "datatable--header-hover",
        "datatable--odd-row",
        "datatable--even-row",
    }
    # Textual's DataTable look, rule for rule.
    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .datatable--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--odd-row {
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-cursor {
            background: $accent-darken-1;
            color: $foreground;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    cell_padding = 1
    header_height = 1

    @rich.repr.auto
    class RowMessage(Message):
        """Something happened on a row: which table, the row's position and its key."""

        def __init__(self, table: VirtualTable, cursor_row: int, row_key: RowKey) -> None:
            self.table = table
            self.cursor_row = cursor_row
            self.row_key = row_key
            super().__init__()

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowHighlighted(RowMessage):
        """The cursor moved onto a row."""

    class RowSelected(RowMessage):
        """Enter on the cursor's row, or a click on it."""

    @rich.repr.auto
    class HeaderSelected(Message):
        """A click on a column's header."""

        def __init__(
            self, table: VirtualTable, column_key: ColumnKey, column_index: int, label: Text
        ) -> None:
            self.table = table
            self.column_key = column_key
            self.column_index = column_index
            self.label = label
            super().__init__()

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.columns: dict[ColumnKey, Column] = {}
        self.ordered_columns: list[Column] = []
        self._looks: list[ColumnLook] = []
        self._keys: Sequence[str | None] = ()
        self._data: list[Sequence[Cell]] = []
        self._order: Sequence[int] | None = None
        self._positions: dict[str, int] | None = None
        self._lines: dict[tuple[object, ...], Strip] = {}
        self._style_cache: dict[str, Style] | None = None
        self._generation = 0

    # ---- filling -------------------------------------------------------------------------
    def clear(self, columns: bool = False) -> VirtualTable:
        """No rows (and with ``columns``, no columns); the cursor back on the first row."""
        self._keys, self._data, self._order, self._positions = (), [], None, None
        if columns:
            self.columns, self.ordered_columns, self._looks = {}, [], []
        self.set_reactive(VirtualTable.cursor_row, 0)
        self._changed()
        self.scroll_to(0, 0, animate=False, immediate=True)
        return self

    def add_column(
        self,
        label: str | Text,
        *,
        width: int | None = None,
        key: str | None = None,
        style: Style | str = "",
        justify: str = "left",
    ) -> ColumnKey:
        """A column: a fixed ``width``, or as wide as its widest cell (measured when the rows
        are set); ``style`` and ``justify`` are for its `str` cells."""
        header = label if isinstance(label, Text) else Text(label)
        column_key = ColumnKey(key)
        column = Column(
            column_key,
            header,
            width=width or 0,
            content_width=header.cell_len,
            auto_width=width is None,
        )
        self.columns[column_key] = column
        self.ordered_columns.append(column)
        self._looks.append(
            ColumnLook(Style.parse(style) if isinstance(style, str) else style, justify)
        )
        return column_key

    def set_rows(
        self,
        keys: Sequence[str | None],
        columns: Sequence[Sequence[Cell]],
        widths: Iterable[int | None] | None = None,
        order: Sequence[int] | None = None,
    ) -> None:
        """Every row at once: ``keys`` (one a row) and one cell list per column, all as long
        as ``keys``, shown in ``order`` (positions in those lists; None: as they are).
        Columns of automatic width measure their cells unless ``widths`` gives their
        content width. The cursor goes back to the first row."""
        if len(columns) != len(self.ordered_columns) or any(len(c) != len(keys) for c in columns):
            raise ValueError("every column needs one cell for each row")
        self._keys, self._data, self._order, self._positions = keys, list(columns), order, None
        given = list(widths) if widths is not None else [None] * len(columns)
        for column, cells, known in zip(self.ordered_columns, columns, given, strict=True):
            if column.auto_width:
                measured = known if known is not None else widest(cells)
                column.content_width = max(column.label.cell_len, measured)
        self._restart()

    def set_order(self, order: Sequence[int] | None) -> None:
        """Show the rows at these positions of the cells, in this order (None: all, as set);
        the cursor goes back to the first row."""
        self._order, self._positions = order, None
        self._restart()

    def _restart(self) -> None:
        self.set_reactive(VirtualTable.cursor_row, 0)
        self._changed()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if self.row_count:
            self._post_highlighted(0)

    def _changed(self) -> None:
        self._generation += 1
        self._lines.clear()
        height = self.row_count + self.header_height
        resized = height != self.virtual_size.height
        self.virtual_size = Size(self.table_width, height)
        self.refresh(layout=resized)

    def render_width(self, column: Column) -> int:
        """A column's width on screen, with its padding."""
        inner = column.content_width if column.auto_width else column.width
        return inner + 2 * self.cell_padding

    @property
    def table_width(self) -> int:
        """Every column's width on screen, added up."""
        return sum(self.render_width(c) for c in self.ordered_columns)

    # ---- reading -------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._keys) if self._order is None else len(self._order)

    def _base(self, row: int) -> int:
        return row if self._order is None else self._order[row]

    def row_key(self, row: int) -> str | None:
        """The key of the row at ``row`` (None past the end)."""
        if not 0 <= row < self.row_count:
            return None
        return self._keys[self._base(row)]

    def get_row_at(self, row: int) -> list[Text]:
        """The cells of the row at ``row``, as Text."""
        if not 0 <= row < self.row_count:
            raise IndexError(f"no row {row}")
        base = self._base(row)
        return [
            cell_text(cells[base], look)
            for cells, look in zip(self._data, self._looks, strict=True)
        ]

    def get_row_index(self, key: str) -> int:
        """The row a key is on (KeyError if it is not shown)."""
        if self._positions is None:
            keys = self._keys
            shown = range(len(keys)) if self._order is None else self._order
            self._positions = {}
            for position, base in enumerate(shown):
                kpi = keys[base]
                if kpi is not None:
                    self._positions.setdefault(kpi, position)
        return self._positions[key]

    def spare_width(self, fixed: list[int], minimum: int = 16, fallback: int = 80) -> int:
        """Room left for one flexible column after the ``fixed`` columns and cell padding."""
        width = self.scrollable_content_region.width or fallback
        padding = 2 * self.cell_padding * (len(fixed) + 1)
        return max(minimum, width - sum(fixed) - padding - 1)

    # ---- the cursor ----------------------------------------------------------------------
    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, self.row_count - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        if old != new:
            # The cached lines stay: a line's key says whether the cursor is on it. Only the
            # two lines repaint (a scroll repaints the rest itself).
            self._refresh_rows(old, new)
            self._scroll_cursor_into_view()
            self._post_highlighted(new)

    def _refresh_rows(self, *rows: int) -> None:
        top = int(self.scroll_y) - self.header_height
        width = self.size.width
        regions = [
            Region(0, row - top, width, 1)
            for row in rows
            if self.header_height <= row - top < self.size.height
        ]
        if regions:
            self.refresh(*regions)

    def _post_highlighted(self, row: int) -> None:
        if 0 <= row < self.row_count:
            self.post_message(self.RowHighlighted(self, row, RowKey(self.row_key(row))))

    def move_cursor(
        self, *, row: int | None = None, animate: bool = False, scroll: bool = True
    ) -> None:
        """Put the cursor on ``row``."""
        if row is None:
            return
        if scroll:
            self.cursor_row = row
        else:
            old = self.cursor_row
            self.set_reactive(VirtualTable.cursor_row, self.validate_cursor_row(row))
            self._refresh_rows(old, self.cursor_row)
            self._post_highlighted(self.cursor_row)

    def _scroll_cursor_into_view(self) -> None:
        if not self.row_count:
            return
        region = Region(
            int(self.scroll_x), self.cursor_row + self.header_height, self.table_width, 1
        )
        self.scroll_to_region(
            region, animate=False, spacing=Spacing(self.header_height, 0, 0, 0), force=True
        )

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - self.header_height)

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_scroll_top(self) -> None:
        self.cursor_row = 0

    def action_scroll_bottom(self) -> None:
        self.cursor_row = self.row_count - 1

    def action_scroll_home(self) -> None:
        self.scroll_x = 0

    def action_scroll_end(self) -> None:
        self.scroll_x = self.max_scroll_x

    def action_page_down(self) -> None:
        page = self._page()
        self.scroll_relative(y=page, animate=False, force=True)
        self.move_cursor(row=self.cursor_row + page, scroll=False)

    def action_page_up(self) -> None:
        page = self._page()
        self.scroll_relative(y=-page, animate=False, force=True)
        self.move_cursor(row=self.cursor_row - page, scroll=False)

    def action_select_cursor(self) -> None:
        if self.row_count:
            row = self.cursor_row
            self.post_message(self.RowSelected(self, row, RowKey(self.row_key(row))))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y < self.header_height:
            index = self._column_at(offset.x + int(self.scroll_x))
            if index is not None:
                column = self.ordered_columns[index]
                self.post_message(self.HeaderSelected(self, column.key, index, column.label))
            return
        row = offset.y - self.header_height + int(self.scroll_y)
        if 0 <= row < self.row_count:
            event.stop()
            if row == self.cursor_row:
                self.action_select_cursor()
            else:
                self.cursor_row = row

    def _column_at(self, x: int) -> int | None:
        for index, column in enumerate(self.ordered_columns):
            x -= self.render_width(column)
            if x < 0:
                return index
        return None

    # ---- drawing -------------------------------------------------------------------------
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.row_count + self.header_height

    def notify_style_update(self) -> None:
        self._restyle()
        super().notify_style_update()

    def _on_focus(self, event: events.Focus) -> None:
        self._restyle()

    def _on_blur(self, event: events.Blur) -> None:
        self._restyle()

    def _restyle(self) -> None:
        self._lines.clear()
        self._style_cache = None
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        row = -1 if y < self.header_height else y - self.header_height + scroll_y
        key = (row, scroll_x, width, self.cursor_row == row, self.has_focus, self._generation)
        strip = self._lines.get(key)
        if strip is None:
            if len(self._lines) > LINE_CACHE:
                self._lines.clear()
            strip = self._render_row(row, scroll_x, width)
            self._lines[key] = strip
        return strip

    def _styles(self) -> dict[str, Style]:
        """The widget's and its component classes' styles, looked up once until the styles,
        the theme or the focus change."""
        if self._style_cache is None:
            cursor = self.get_component_rich_style("datatable--cursor")
            self._style_cache = {
                "base": self.rich_style,
                "header": self.get_component_styles("datatable--header").rich_style,
                "odd": self.get_component_styles("datatable--odd-row").rich_style,
                "even": self.get_component_styles("datatable--even-row").rich_style,
                "cursor": cursor,
                "cursor-colour": Style.from_color(color=cursor.color),
            }
        return self._style_cache

    def _render_row(self, row: int, scroll_x: int, width: int) -> Strip:
        styles = self._styles()
        if row >= self.row_count:
            return Strip.blank(width, styles["base"])
        pre = styles["header" if row == -1 else "odd" if row % 2 else "even"]
        post: Style | None = None
        if row == self.cursor_row and row >= 0:
            pre = pre + styles["cursor"]
            post = styles["cursor-colour"] if styles["cursor"].color else None
        padding = Segment(" " * self.cell_padding)
        console = self.app.console
        drawn: list[Segment] = []
        index = self._base(row) if row >= 0 else -1
        for number, column in enumerate(self.ordered_columns):
            cell: Cell = column.label if row == -1 else self._data[number][index]
            inner = column.content_width if column.auto_width else column.width
            drawn.append(padding)
            drawn.extend(_cell_segments(cell, self._looks[number], inner, console))
            drawn.append(padding)
        used = self.table_width
        if width + scroll_x > used:
            drawn.append(Segment(" " * (width + scroll_x - used)))
        segments = _merged(Segment.apply_style(drawn, pre, post))
        if scroll_x or used > width:
            return Strip(segments, used).crop(scroll_x, scroll_x + width)
        return Strip(segments, width)


def _merged(segments: Iterable[Segment]) -> list[Segment]:
    """Neighbouring segments of one style as one (fewer segments to compose)."""
    merged: list[Segment] = []
    for segment in segments:
        if merged and merged[-1].style == segment.style:
            merged[-1] = Segment(merged[-1].text + segment.text, segment.style)
        else:
            merged.append(segment)
    return merged


def widest(cells: Sequence[Cell]) -> int:
    """The widest cell's width in cells (a `LazyColumn` gives its own)."""
    if isinstance(cells, LazyColumn):
        return cells.width
    try:
        joined = "".join(cells)  # type: ignore[arg-type]
    except TypeError:  # some cells are Text
        joined = ""
    if joined.isascii() and (joined or not cells):
        return max(map(len, cells), default=0)
    texts: dict[int, Text] = {}
    ascii_longest = other_longest = 0
    for cell in cells:
        if isinstance(cell, Text):
            texts[id(cell)] = cell  # status cells are shared: each measured once
        elif cell.isascii():  # printable ASCII (the text is cleaned): one cell a character
            ascii_longest = max(ascii_longest, len(cell))
        else:
            other_longest = max(other_longest, cell_len(cell))
    text_longest = max((text.cell_len for text in texts.values()), default=0)
    return max(ascii_longest, other_longest, text_longest)


class LazyColumn(Sequence[Cell]):
    """A column whose cells are made when first drawn or read (``make(row)``), for cells
    that are dear to make and whose width is known without them."""

    def __init__(self, length: int, width: int, make: Callable[[int], Cell]) -> None:
        self.length, self.width, self.make = length, width, make
        self._made: dict[int, Cell] = {}

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> Cell: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Cell]: ...

    def __getitem__(self, index: int | slice) -> Cell | Sequence[Cell]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.length))]
        if not -self.length <= index < self.length:
            raise IndexError(index)
        index %= self.length
        cell = self._made.get(index)
        if cell is None:
            cell = self._made[index] = self.make(index)
        return cell


class KpiTable(VirtualTable):
    """A table whose rows are KPIs (row keys are KPI ids): highlighting one selects it,
    Enter opens its detail."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self.quiet = False

    def row_kpi(self, row: int | None = None) -> str | None:
        """The KPI id under the cursor, or at ``row``."""
        return self.row_key(self.cursor_row if row is None else row)

    def row_kpis(self) -> tuple[str, ...]:
        """Every shown row's KPI id, top to bottom."""
        keys = self._keys
        shown = range(len(keys)) if self._order is None else self._order
        return tuple(k for k in (keys[i] for i in shown) if k)

    def move_to_kpi(self, kpi_id: str | None) -> bool:
        """Put the cursor on a KPI's row if it is in the table."""
        if kpi_id is None:
            return False
        try:
            index = self.get_row_index(kpi_id)
        except KeyError:
            return False
        if index != self.cursor_row:
            self.move_cursor(row=index, animate=False)
        return True

    def place_cursor(self, *kpi_ids: str | None) -> None:
        """Put the cursor on the first of ``kpi_ids`` in the table, else on the first row,
        without selecting that KPI: a panel opening on its first row must not move the
        selection the other panels follow. Moving the cursor from there selects as usual."""
        if not any(self.move_to_kpi(kpi) for kpi in kpi_ids) and self.row_count:
            self.move_cursor(row=0, animate=False)
        # The highlight messages of this placement are already queued; the callback runs
        # after them.
        self.quiet = True
        self.call_later(self._end_quiet)

    def _end_quiet(self) -> None:
        self.quiet = False

    def on_virtual_table_row_highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        # Only the row the cursor is on now: messages queued by a refill that has since
        # moved the cursor are stale, and following them would make the table and the app
        # chase each other.
        key = event.row_key.value
        if key is None or event.cursor_row != self.cursor_row or self.row_kpi() != key:
            return
        if not self.quiet:
            self.post_message(KpiHighlighted(str(key)))

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(KpiChosen(str(event.row_key.value), self.row_kpis()))
