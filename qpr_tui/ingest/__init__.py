"""Reading KPI files into the canonical frame (polars only, no Textual)."""
