"""The paper's colours, shared by the writers that shade (HTML, Word, and the others).

Light fills that keep black text readable and survive printing; colour is never the only
signal, since every shaded cell also carries its status's glyph and word.
"""

from __future__ import annotations

from qpr_tui.vocabulary import AMBER, BLUE, GREEN, NEGATIVE, NO_DATA, NOT_RATED, POSITIVE, RED

#: Cell fill per RAG status (hex RGB, no ``#``).
RAG_FILLS = {
    BLUE: "BDD7EE",
    GREEN: "C6EFCE",
    AMBER: "FFEB9C",
    RED: "FFC7CE",
    NO_DATA: "EDEDED",
    NOT_RATED: "F2F2F2",
}
#: Text colour per Direction of Travel (the arrow and word carry the meaning too).
DOT_COLOURS = {POSITIVE: "1E6B30", NEGATIVE: "9C1C1C"}
#: Table headings and rules.
HEADER_FILL = "D9D9D9"
RULE = "999999"
