# Every target sets up .venv itself (Python >= 3.11 as python3), so a fresh clone needs only `make run` / `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run score test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@if $(BIN)/python -c "import tui.app" 2>/dev/null; then \
		$(BIN)/jixiao tui examples/beiguan-2023/project-equipment.toml; \
	else \
		$(BIN)/jixiao score examples/beiguan-2023/project-equipment.toml; \
	fi

score: $(STAMP)
	$(BIN)/jixiao score examples/ --detail

test: $(STAMP)
	$(BIN)/ruff check scoring tests $(wildcard tui)
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	@for script in benchmarks/bench_*.py; do [ -e "$$script" ] || continue; echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
