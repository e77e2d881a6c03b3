"""The one scoring core (polars): frames from files and long tables, row rules, totals, checks, results.

Imports the parsers and the domain only; reads no file (``scoring.io`` hands it what it reads).
"""
