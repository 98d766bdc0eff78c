"""Colours for paper: the charts' inks, keyed by the vocabulary's status values.

The terminal's colours (`views.style`) are named for a dark screen; paper needs hex colours
that stay distinct on white and still separate when printed in grey. Colour is never the only
signal: every chart marks a status with its own shape too and names it in a legend.
"""

from __future__ import annotations

from qpr_tui.vocabulary import AMBER, BLUE, GREEN, NO_DATA, NOT_RATED, RED

#: A status's ink for marks on white paper (points, symbols); dark enough for thin shapes.
STATUS_INK = {
    BLUE: "#1F5FAD",
    GREEN: "#2E7D32",
    AMBER: "#E08A00",
    RED: "#C62828",
    NO_DATA: "#8C8C8C",
    NOT_RATED: "#6E6E6E",
}
#: The ink of a status the vocabulary does not know (drawn, never dropped).
UNKNOWN_STATUS_INK = "#9E9E9E"
#: The outline round every status mark, so a light ink (Amber) still reads on white and in grey.
MARK_OUTLINE = "#1A1A1A"
#: The value line joining the points.
SERIES_INK = "#404040"
#: Target and floor lines: black, told apart by their dashes, not by colour.
REFERENCE_INK = "#1A1A1A"
#: Text, grid and the plot's frame.
TEXT_INK = "#1A1A1A"
MUTED_TEXT_INK = "#555555"
GRID_INK = "#DDDDDD"
