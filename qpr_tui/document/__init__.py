"""The QPR as a document: sections, tables, charts and notes, built once from the analysis."""
