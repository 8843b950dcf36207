PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DAGSTER_HOME ?= $(CURDIR)/var/dagster_home

.PHONY: run test dev check bench docs clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(DAGSTER_HOME):
	mkdir -p $(DAGSTER_HOME)

## run the whole pipeline once over sources/ into var/warehouse.db and print the summary
run: $(STAMP) $(DAGSTER_HOME)
	$(BIN)/cadre-etl run

## run every test
test: $(STAMP)
	$(BIN)/python -m pytest

## the Dagster UI with the sensor and schedule (needs the daemon, which dagster dev starts)
dev: $(STAMP) $(DAGSTER_HOME)
	$(BIN)/dagster dev -w workspace.yaml

## validate the demo folder without loading, writing feedback workbooks
check: $(STAMP)
	$(BIN)/cadre-etl check sources

bench: $(STAMP)
	$(BIN)/python benchmarks/ingest.py

clean:
	rm -rf var
