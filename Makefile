# Two commands a café's technician needs: `make run` (demo café in the app) and `make test` (every check).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
DEMO_DB ?= $(CURDIR)/.demo/cafe-demo.sqlite
export CAFEPOS_CONFIG_DIR ?=

.PHONY: run test check lint types imports pytest bench venv venv-test system-libs i18n screenshots clean

$(VENV)/.ok-run: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cafepos needs Python 3.11 or newer")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip setuptools wheel
	$(PIP) -e .
	@touch $@

$(VENV)/.ok-test: $(VENV)/.ok-run
	$(PIP) -e '.[test]'
	@touch $@

venv: $(VENV)/.ok-run
venv-test: $(VENV)/.ok-test

system-libs:
	@bash packaging/system-libs.sh

run: venv system-libs
	@mkdir -p $(dir $(DEMO_DB))
	@test -f $(DEMO_DB) || $(PY) -m cafepos --db $(DEMO_DB) demo --days 30
	@$(PY) -m cafepos --db $(DEMO_DB); rc=$$?; [ $$rc -eq 3 ] && exit 0; exit $$rc

lint: venv-test
	$(VENV)/bin/ruff check src tests migrations $(wildcard bench)

types: venv-test
	$(VENV)/bin/mypy

imports: venv-test
	$(VENV)/bin/lint-imports

pytest: venv-test
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

check: lint types imports pytest

test: system-libs venv-test
	@$(MAKE) --no-print-directory check

bench: venv-test system-libs
	@bash packaging/bench-tools.sh
	@# Launches are timed as an installed copy runs: with its bytecode compiled (pip does it at install time).
	$(PY) -m compileall -q src/cafepos
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.run
	QT_QPA_PLATFORM=offscreen $(PY) -m bench.counter
	$(PY) -m bench.closing
	$(PY) -m bench.statements

i18n: venv-test
	$(VENV)/bin/pybabel extract -F packaging/babel.cfg -k N_ -k _ -o resources/translations/cafepos.pot --add-comments=TRANSLATORS: --sort-output src
	$(VENV)/bin/pybabel update -i resources/translations/cafepos.pot -d resources/translations -D cafepos --no-fuzzy-matching
	$(VENV)/bin/pybabel compile -d resources/translations -D cafepos --statistics

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache
