"""The QPR as a document: one model of the Cabinet paper, written by every paper format.

`build_document(analysis, period, scope, now=..., peers=...)` builds it once from the
analysis, in the words of `qpr_tui.views` (narrative, headings, numbers) and the glyphs and
words of `qpr_tui.vocabulary`; the writers in `qpr_tui.export` (Markdown, text, HTML, Word,
CSV, JSON, ...) only lay it out, so the numbers agree in every format.

The model (`qpr_tui.document.model`, frozen dataclasses, all text plain and unescaped):

- `Document`: ``title``, ``organisation``, ``period``, ``scope``; ``front`` (the header
  block as `Fields`, the Summary and Recommendation(s) paragraphs); ``sections`` (1
  Introduction, 2 Quarter N Performance Report with 2.1 to 2.4, 3 Recommendation(s), 4
  Contact details when configured); ``appendices`` (Appendix 1 KPI summary: legend, RAG and
  DoT counts, movers, then every KPI by directorate and service area; Appendix 2 Red
  indicators: the Red list, then each Red KPI with its figures, history, `Figure` and
  commentary; a Benchmark appendix when the data has peers; Trends when ``[report] charts =
  "all"``); ``properties`` (`Properties`: title, author, keywords, created, provenance for
  a file's own metadata); ``provenance`` (`Provenance`); ``summary`` (``qpr summary
  --json``'s data) and ``kpis`` (`KpiRecord`: each KPI's row and `HistoryPoint` series) for
  the data formats; ``about`` (the provenance in words, the paper's last section);
  ``template`` (the Word template's absolute path, or "") and ``template_origin`` (where
  ``[report] template`` is set, for messages); ``left_out`` (what the paper leaves out of a
  big scope and why, one sentence each: `qpr_tui.document.limits`, whose ``for_pages`` also
  cuts the long lists for Word and PDF).
- `Section`: ``title``, ``number`` ("2" for "2. ..."), ``blocks``, ``sections`` (nested),
  ``appendix`` (starts a new page). `Document.walk()` lists them all in reading order.
- Blocks: `Paragraph` (``number`` "2.2.", bold ``lead`` "Summary:", ``empty`` shown in
  italics for no text), `BulletList` of `Bullet` (with sub-items), `Fields` of `Field`
  (label and value lines), `Note` (small print), `ContactCard`, `Figure` (a `TrendChart`
  and a caption), `Table`.
- `Table`: ``kind`` (``rag_summary``, ``dot_summary``, ``movers``, ``red_list``,
  ``kpis``, ``kpi_facts``, ``kpi_history``, ``benchmark``), ``caption``, ``columns``
  (`Column`: title, key, align, wide) and ``rows`` of typed cells: `TextCell`,
  `NumberCell` (value, unit, the text shown, kind: percent / money / count / number),
  `StatusCell` (a vocabulary RAG status), `DirectionCell` (a DoT), `ChangeCell` (a count's
  change). Every cell's ``shown`` is its text as printed (glyph and word for a status).
- `TrendChart` (`qpr_tui.document.chart`): one KPI's periods, values, statuses, targets
  and floors, drawn by ``qpr_tui.export.charts``.
"""

from __future__ import annotations

from qpr_tui.document.build import build_document
from qpr_tui.document.chart import TrendChart
from qpr_tui.document.model import Document

__all__ = ["Document", "TrendChart", "build_document"]
