# Development tasks. Run them inside a virtual environment with the test extra installed:
#     pip install -c constraints.txt -e '.[test]'
# `make check` is what CI (.ci/run) runs before the tests.

PYTHON ?= python
# The benchmarks `make bench` runs (all of them by default; each prints medians, some take minutes):
#     make bench BENCH=tests/bench/bench_store.py BENCH_ARGS=--quick
BENCH ?= $(sort $(wildcard tests/bench/bench_*.py))
BENCH_ARGS ?=
# `make screenshots SCREENSHOT_ARGS=--no-png` when rsvg-convert or the CJK font is missing
SCREENSHOT_ARGS ?=

.PHONY: check lint format typecheck imports test test-fast bench screenshots constraints

## check: ruff, mypy and the import-linter contracts (what CI runs before pytest)
check: lint typecheck imports

## lint: ruff over the package, the tests and the scripts
lint:
	ruff check tui tests scripts

## format: ruff's safe fixes (import order, pyupgrade, ...); look at the diff before committing
format:
	ruff check --fix tui tests scripts

## typecheck: mypy over the whole package, jingtui.app included (strict on the core; see [tool.mypy] in
## pyproject.toml)
typecheck:
	mypy

## imports: the layers and the "core never imports Textual" contracts
imports:
	lint-imports

## test: the whole suite, in file order (CI's way)
test:
	pytest -q -p no:randomly

## test-fast: stop at the first failure
test-fast:
	pytest -q -p no:randomly -x

## bench: the benchmarks in tests/bench (run on demand, never in the suite; figures in tests/bench/README.md)
bench:
	@set -e; for b in $(BENCH); do echo "== $$b"; $(PYTHON) $$b $(BENCH_ARGS); done

## screenshots: regenerate screenshots/ (SVG; PNG needs rsvg-convert and fonts-noto-cjk)
screenshots:
	$(PYTHON) scripts/screenshots.py $(SCREENSHOT_ARGS)

## constraints: re-pin constraints.txt (CI's exact versions) from a fresh virtual environment
constraints:
	@set -e; tmp=$$(mktemp -d); python3 -m venv $$tmp/venv; \
	$$tmp/venv/bin/python -m pip install -q --upgrade pip; \
	$$tmp/venv/bin/python -m pip install -q -e '.[test]'; \
	{ sed -n '/^#/p' constraints.txt; $$tmp/venv/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip=='; } \
		> constraints.txt.new; mv constraints.txt.new constraints.txt; rm -rf $$tmp; git diff --stat constraints.txt
