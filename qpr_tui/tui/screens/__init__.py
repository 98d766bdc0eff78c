"""Screens: the main screen, the KPI detail, help and the load error."""
