"""Widgets of the QPR app."""
