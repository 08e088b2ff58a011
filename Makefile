# `make demo`: set up .venv and run the demo. `make test`: set up .venv and run ruff, mypy and pytest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest lock clean eval

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/newsgraph demo

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks scripts)

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -q

# Re-pin every dependency from a fresh resolve (run after changing pyproject.toml).
lock:
	rm -rf /tmp/newsgraph-lock && $(PYTHON) -m venv /tmp/newsgraph-lock
	/tmp/newsgraph-lock/bin/pip install -q '.[dev]'
	/tmp/newsgraph-lock/bin/pip freeze --exclude newsgraph | grep -v '^-e' > constraints.txt

# Figures for docs/EVALUATION.md: SHARED=../shared make eval
SHARED ?= ../shared
eval: $(STAMP)
	$(BIN)/python benchmarks/run_eval.py --shared $(SHARED)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
