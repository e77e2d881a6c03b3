# Every target sets up .venv itself (Python >= 3.11 as python3), so a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run score test bench look clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the TUI opens a working copy of the seed's project table, so the transcription in examples/ stays as printed
DEMO := demo/project-equipment.toml

run: $(STAMP)
	@mkdir -p demo && [ -e $(DEMO) ] || cp examples/beiguan-2023/project-equipment.toml $(DEMO)
	$(BIN)/jixiao tui $(DEMO)

score: $(STAMP)
	$(BIN)/jixiao score examples/ --detail

test: $(STAMP)
	$(BIN)/ruff check scoring tests $(wildcard tui) benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest

# start-up is timed as installed: pip compiles a wheel's modules to bytecode, and an editable install under
# PYTHONDONTWRITEBYTECODE=1 would recompile ours on every run, so compile them first
bench: $(STAMP)
	$(BIN)/python -m compileall -q scoring tui
	@for script in benchmarks/bench_*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Look at the exports as a person would: LibreOffice prints the seed's tables to PDF, pages are counted and
# rendered as PNG in benchmarks/data/look/. Installs LibreOffice, CJK fonts, the metric twins of Times New Roman
# and Calibri, and poppler when missing (never part of make test, whose print tests skip without them).
LOOK_PACKAGES := libreoffice-calc libreoffice-writer fonts-noto-cjk fonts-liberation fonts-crosextra-carlito \
	poppler-utils

look: $(STAMP)
	@if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null \
		|| ! fc-list | grep -q "Noto Serif CJK" || ! fc-list | grep -q Carlito || ! fc-list | grep -q "Liberation Serif"; \
	then apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(LOOK_PACKAGES); fi
	$(BIN)/python benchmarks/look.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
