PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DAGSTER_HOME ?= $(CURDIR)/var/dagster_home

.PHONY: run test dev check bench docs revision clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# the local instance: SQLite storage, one warehouse writer at a time, no telemetry
$(DAGSTER_HOME)/dagster.yaml: deploy/dagster.dev.yaml
	mkdir -p $(DAGSTER_HOME)
	cp deploy/dagster.dev.yaml $@

## run the whole pipeline once over sources/ into var/warehouse.db and print the summary
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/cadre-etl run

## lint and format check (ruff), then every test
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

## the Dagster UI with the sensor and schedule (needs the daemon, which dagster dev starts)
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/dagster dev -w workspace.yaml

## validate the demo folder without loading, writing feedback workbooks
check: $(STAMP)
	$(BIN)/cadre-etl check sources

## measure ingest against the bare parse and the naive pandas + openpyxl approach
bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py

## regenerate docs/warehouse.md and docs/offices.md from the code's own definitions
docs: $(STAMP)
	$(BIN)/python -m pipelines.warehouse.docs
	$(BIN)/python -m pipelines.ingest.guide

## autogenerate the next Alembic migration from the table definitions: make revision MESSAGE="what changed"
revision: $(STAMP)
	$(BIN)/python -m pipelines.warehouse.revision "$(MESSAGE)"

clean:
	rm -rf var
