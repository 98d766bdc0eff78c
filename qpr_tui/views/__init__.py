"""Rich renderables built from the analysis: shared by the TUI, the CLI and the exports."""
