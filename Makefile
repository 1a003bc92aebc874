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

# Scan the bundled AI-style shop (the findings are the point), then its fixed twin.
# Exit 1 from airlock means "blocking findings", which is the demo working as designed;
# only exit 2 (airlock itself failed) fails the demo.
demo: $(STAMP)
	@echo "== airlock scan examples/shop (an MVP written the way an AI assistant writes one)"
	@$(BIN)/airlock scan examples/shop; rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@echo
	@echo "== airlock scan examples/shop-fixed (the same shop, fixed)"
	@$(BIN)/airlock scan examples/shop-fixed; rc=$$?; [ $$rc -le 1 ] || exit $$rc

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

clean:
	rm -rf $(VENV) .airlock .mypy_cache .pytest_cache .ruff_cache build dist
