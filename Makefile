# Two commands from a bare machine with python3: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.airlock-installed

.PHONY: demo test lint typecheck check bench clean venv

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The whole gate on the bundled example: scan the AI-style shop, take it in as an AI change
# (intake, check, gate: it fails), then the fixed twin (check, review, gate, release).
# Exit 1 from `airlock scan`/`gate` is the demo working as designed; the script fails only
# when airlock itself misbehaves.
demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -n 2

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/scan_speed.py
	$(BIN)/python bench/ai_checks.py

clean:
	rm -rf $(VENV) .airlock .mypy_cache .pytest_cache .ruff_cache build dist
