"""Reading KPI files into the canonical frame (polars only, no Textual).

- `reader`: `load` (several files into a `Dataset`) and `read_file` (one file);
- `stages`: the ingest of one file as named stages, one lazy query collected once;
- `combine`: checks across the stacked files (duplicates, polarity, usable input);
- rules and vocabulary the stages apply: `textfile` (opening a file: encoding, separator,
  header), `columns` (header names), `values` (number cells), `words` (polarity, RAG and
  tolerance words).
"""
