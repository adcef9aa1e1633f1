# FAST Forum. `make run` serves the demo on http://127.0.0.1:5000; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run run-scaled test lint bench translations clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d forum/translations 2>&1 | tail -n 2

run: $(STAMP) translations
	HOST=$(HOST) PORT=$(PORT) $(BIN)/fast-forum run

# The scale path on one machine: PostgreSQL and Redis in a scratch folder, two servers on ports 5001 and 5002.
run-scaled: $(STAMP) translations
	BIN=$(BIN) HOST=$(HOST) deploy/run-scaled

test: $(STAMP) translations
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -n 2 --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP) translations
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) instance .pytest_cache
