"""Screens of the jixiao TUI."""
