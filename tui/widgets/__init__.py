"""Widgets of the jixiao TUI."""
