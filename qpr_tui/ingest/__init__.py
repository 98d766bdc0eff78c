"""Reading KPI files into the canonical frame (polars only, no Textual).

- `reader`: `load` (several files into a `Dataset`) and `read_file` (one file);
- `stages`: the ingest of one file as named stages, one lazy query collected once;
- `combine`: checks across the stacked files (duplicates, polarity, usable input);
- across the files, in `load`'s order: `carried` (last-quarter and year-ago value columns
  filling the periods no file gives), `catalogue` (KPI catalogues joined by KPI id),
  `overrides` (``[kpi."ID"]`` polarity, unit, target, floor);
- `file_period`: the period of a file without a period column (configuration or file name);
- rules and vocabulary the stages apply: `textfile` (opening a file: encoding, separator,
  header), `columns` (header names), `values` (number cells), `words` (polarity, RAG and
  tolerance words).
"""
