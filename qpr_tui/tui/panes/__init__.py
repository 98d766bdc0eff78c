"""The five panels of the main screen. Each rebuilds only when what it shows has changed."""
