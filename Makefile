# Two commands: `make run` serves on SQLite with the curated table; `make test` runs every test.
# `make fuzz` is the nightly-sized API fuzz (random seed, printed in the header).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
BIND ?= 127.0.0.1:8000
WORKERS ?= 2
# `make test` runs on this many processes (pytest-xdist); each gets its own PostgreSQL database
TEST_PROCESSES ?= 2

.PHONY: run test fuzz lint format openapi bench eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/polyonym init-db
	$(BIN)/polyonym serve --bind $(BIND) --workers $(WORKERS)

test: $(STAMP_DEV)
	$(BIN)/ruff check service tests benchmarks
	$(BIN)/ruff format --check service tests benchmarks
	$(BIN)/pytest -q -rs -n $(TEST_PROCESSES)

# Many more random examples per operation and per name route than `make test` runs;
# replay a failure with FUZZ_ARGS=--hypothesis-seed=N.
FUZZ_EXAMPLES ?= 1000
FUZZ_NAME_EXAMPLES ?= 3000
fuzz: $(STAMP_DEV)
	POLYONYM_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) POLYONYM_FUZZ_NAME_EXAMPLES=$(FUZZ_NAME_EXAMPLES) \
		$(BIN)/pytest -q -rs tests/test_fuzz_api.py $(FUZZ_ARGS)

lint: $(STAMP_DEV)
	$(BIN)/ruff check service tests benchmarks
	$(BIN)/ruff format --check service tests benchmarks

format: $(STAMP_DEV)
	$(BIN)/ruff check --fix service tests benchmarks
	$(BIN)/ruff format service tests benchmarks

openapi: $(STAMP_RUN)
	$(BIN)/polyonym openapi -o openapi.yaml

# Cross-validated over 5 draws of the absent entities: per held-out fold, per draw, spread,
# reliability table (service/evaluate)
eval: $(STAMP_RUN)
	$(BIN)/polyonym eval --folds 5 --draws 5 ../shared/data/name-variants-dev.jsonl \
		../shared/data/place-variants-dev.jsonl ../shared/data/place-variants-dev-extra.jsonl

bench: $(STAMP_DEV)
	$(BIN)/python -m benchmarks.engine_bench
	$(BIN)/python -m benchmarks.http_bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
