"""Data-quality checks (``qpr validate`` and the TUI's Data quality panel)."""
