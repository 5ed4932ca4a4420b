# The two commands a newcomer runs: `make site` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-fast serve check schema bench bench-quick audit clean setup sysdeps-build sysdeps-test

## site: build the flagship workshop's website, handouts and slides into site/
site: setup sysdeps-build $(NODE_STAMP)
	$(BIN)/panelpress build

## test: the whole test suite, browser tests included, in one worker a core (pytest-xdist); the
## workshops' session builds are made once and shared by the workers (tests/conftest.py)
test: setup sysdeps-test $(NODE_STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope

## test-fast: the fast tier (model, deck plan, messages; no build, no browser), seconds
test-fast: setup
	$(BIN)/python -m pytest -m "not build and not browser"

## serve: live preview on http://127.0.0.1:8000, rebuilding when data/ or templates/ change
serve: setup sysdeps-build $(NODE_STAMP)
	$(BIN)/panelpress serve

check: setup
	$(BIN)/panelpress check

schema: setup
	$(BIN)/panelpress schema

## bench: the whole build against a bare MkDocs build (10, 100, 1000 lessons) and each stage, the
## flagship's `make site` (cold PDF cache, no change, docs edit), the live preview (page, workbook), and
## the workbook typeset at 100 and 1000 lessons (pages/s per core, cost per page's growth)
bench: setup
	$(BIN)/python scripts/bench.py
	$(BIN)/python scripts/bench_site.py --runs 3
	$(BIN)/python scripts/bench_serve.py
	$(BIN)/python scripts/bench_serve.py --outputs --runs 3
	$(BIN)/python scripts/bench_handouts.py

## bench-quick: the whole-build headline only, at 100 and 300 lessons (a few minutes)
bench-quick: setup
	$(BIN)/python scripts/bench.py --sizes 100 300 --no-stages

## audit: Lighthouse (one page of each type, the deck) and the Nu Html Checker (every page) on the
## site and kit as built (run `make site` first); the tools install into scripts/audit/ on first use
audit: setup
	$(BIN)/python scripts/audit.py

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# reveal.js for the slides, exactly as package-lock.json pins it (node and npm: sysdeps.sh)
$(NODE_STAMP): package.json package-lock.json | sysdeps-build
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

sysdeps-build:
	@bash scripts/sysdeps.sh build

sysdeps-test:
	@bash scripts/sysdeps.sh test

clean:
	rm -rf site .venv node_modules .pytest_cache
