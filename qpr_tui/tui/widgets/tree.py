"""The directorate tree: All → directorate → service area, with RAG counts on each node."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from qpr_tui.tui.messages import ScopeChosen
from qpr_tui.tui.palette import Palette, palette
from qpr_tui.views.headings import ALL_DIRECTORATES, NO_DIRECTORATE
from qpr_tui.views.text import clean
from qpr_tui.vocabulary import BLUE, CORE_STATUSES, GREEN, NO_DATA, NOT_RATED, STATUS_GLYPHS

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Scope
    from qpr_tui.tui.state import ViewState


def node_label(name: str, counts: dict[str, int] | None, colours: Palette, style: str = "") -> Text:
    """The green (with blue), amber and red counts, each after its glyph, then the name, then
    the count without a rating after the No data glyph: fixed-width counts first so the names
    line up, and the counts survive when a long name is cut off."""
    text = Text(no_wrap=True, overflow="ellipsis")
    counts = counts or {}
    for status in CORE_STATUSES:
        n = counts.get(status, 0) + (counts.get(BLUE, 0) if status == GREEN else 0)
        text.append(STATUS_GLYPHS[status], style=colours.fg[status] if n else colours.muted)
        text.append(f"{n:<2,}" if n else "- ", style="" if n else colours.muted)
    text.append(" ")
    text.append(clean(name), style=style)
    missing = counts.get(NO_DATA, 0) + counts.get(NOT_RATED, 0)
    if missing:
        text.append(f" {STATUS_GLYPHS[NO_DATA]}{missing:,}", style=colours.muted)
    return text


class DirectorateTree(Tree["Scope"]):
    """Select a node (Enter or click) to set the scope of every panel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False, id="tree.down"),
        Binding("k", "cursor_up", "Up", show=False, id="tree.up"),
        Binding("g", "scroll_home", "Top", show=False, id="tree.top"),
        Binding("G", "scroll_end", "Bottom", show=False, id="tree.bottom"),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        from qpr_tui.analysis.summary import Scope

        super().__init__(ALL_DIRECTORATES, data=Scope(), id=id)
        self.auto_expand = False
        self.guide_depth = 2
        self._scope_nodes: dict[Scope, TreeNode[Scope]] = {Scope(): self.root}
        self._scope_names: dict[Scope, str] = {Scope(): ALL_DIRECTORATES}
        self._generation = -1
        self._shown: tuple[int, int, Scope] | None = None
        self._labels: dict[Scope, Text] = {}  # each node's label as last set
        self._relabelled = 0  # how many labels have been set, to know when to measure
        self._natural: tuple[int, int] | None = None  # (relabelled, natural width)
        self.border_title = "Directorates"

    def action_scroll_home(self) -> None:
        self.move_cursor_to_line(0)

    def action_scroll_end(self) -> None:
        self.move_cursor_to_line(max(0, self.last_line))

    def update_view(self, view: ViewState) -> None:
        """Rebuild on new data, relabel on a new period, move the marker on a new scope."""
        from qpr_tui.analysis.summary import Scope

        analysis = view.analysis
        if view.generation != self._generation:
            self._generation = view.generation
            self.clear()
            self.root.data = Scope()
            self._scope_nodes = {Scope(): self.root}
            self._scope_names = {Scope(): ALL_DIRECTORATES}
            self._labels.clear()
            self._relabelled += 1
            for directorate in analysis.directorates:
                scope = Scope(directorate)
                areas = [a for a in analysis.service_areas(directorate) if a]
                # Everything stays expanded and without toggles, so the counts line up.
                node = self.root.add(
                    Text(clean(directorate)), data=scope, expand=True, allow_expand=False
                )
                self._scope_nodes[scope] = node
                self._scope_names[scope] = directorate or NO_DIRECTORATE
                for area in areas:
                    sub = Scope(directorate, area)
                    self._scope_nodes[sub] = node.add_leaf(Text(clean(area)), data=sub)
                    self._scope_names[sub] = area
            self.root.expand()
            self.root.allow_expand = False
            self._shown = None
        key = (view.generation, view.period, view.scope)
        if key == self._shown:
            return
        self._shown = key
        counts = analysis.tree_counts(view.period)
        colours = palette(self.app)
        for scope, node in self._scope_nodes.items():
            selected = scope == view.scope
            label = node_label(
                self._scope_names[scope],
                counts.get((scope.directorate, scope.service_area)),
                colours,
                "bold underline" if selected else ("bold" if scope.is_all else ""),
            )
            # A new label redraws the node's line and every line below it in the tree (the
            # root's: all of them), so only labels that change are set.
            if label != self._labels.get(scope):
                self._labels[scope] = label
                self._relabelled += 1
                node.set_label(label)
        target = self._scope_nodes.get(view.scope)
        if target is not None and self.cursor_node is not target:
            self.move_cursor(target, animate=False)

    def invalidate(self) -> None:
        self._shown = None
        self._labels.clear()

    def natural_width(self) -> int:
        """The width that shows every label in full: indent, label, border and scrollbar
        (measured again only when a label has changed)."""
        if self._natural is None or self._natural[0] != self._relabelled:
            widths = [self._line_width(node) for node in self._scope_nodes.values()]
            natural = max(widths, default=0) + 4 if len(widths) > 1 else 0
            self._natural = (self._relabelled, natural)
        return self._natural[1]

    def _line_width(self, node: TreeNode[Scope]) -> int:
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        return self.guide_depth * depth + self.get_label_width(node)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Scope]) -> None:
        """A name cut off at this width is shown in full under the tree."""
        node = event.node
        room = self.scrollable_content_region.width
        cut = bool(room) and self._line_width(node) > room
        name = self._scope_names.get(node.data) if node.data is not None else None
        self.border_subtitle = clean(name) if cut and name else ""

    def scopes(self) -> list[Scope]:
        """Every scope in the tree, in the order of its lines."""
        return list(self._scope_nodes)

    def node_for(self, scope: Scope) -> TreeNode[Scope] | None:
        return self._scope_nodes.get(scope)

    def on_tree_node_selected(self, event: Tree.NodeSelected[Scope]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(ScopeChosen(event.node.data))
