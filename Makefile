# Quick start: `make run` serves the app, `make test` runs the tests. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint format bench validate clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run streamlit_app.py --server.port $(PORT)

test: $(VENV)/.dev-installed
	$(PY) -m pytest -n 2 --dist loadfile -q

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(VENV)/.dev-installed
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks

validate: $(VENV)/.installed
	$(PY) -m prep validate

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
