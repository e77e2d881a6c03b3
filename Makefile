# Every target sets up .venv itself (Python >= 3.11 as python3), so a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run score test bench clean

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
