PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM_STAMP := $(VENV)/.chromium
REPORT_HTML := var/report/干部队伍建设情况报告.html

export DAGSTER_HOME ?= $(CURDIR)/var/dagster_home

.PHONY: run test dev check bench bench-province bench-hostile bench-drop docs revision screenshot clean

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

# the report tests open the HTML in Debian's chromium (with CJK fonts): installed once; where it cannot be
# (no root, no mirror) the stamp is still written and those tests skip, saying why
$(CHROMIUM_STAMP): | $(STAMP)
	@if command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium fonts-noto-cjk; } || echo "chromium could not be installed: the browser tests will be skipped"; \
	else echo "chromium is missing and installing it needs root: the browser tests will be skipped"; fi
	touch $@

## lint and format check (ruff), then every test
test: $(STAMP) $(CHROMIUM_STAMP)
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

TOWNSHIPS ?= 100
## the province benchmark: parse floor and `cadre-etl run` side by side, SQLite and PostgreSQL (TOWNSHIPS=100|250|1000)
bench-province: $(STAMP)
	$(BIN)/python benchmarks/province.py --townships $(TOWNSHIPS)

## every hostile file mixed into a province, one `cadre-etl run` per backend: outcomes, wall, peak RSS (TOWNSHIPS=100)
bench-hostile: $(STAMP)
	$(BIN)/python benchmarks/hostile_province.py --townships $(TOWNSHIPS)

## seconds from a file dropped into a township to the marts, under `dagster dev` (sensors, automation, runs)
bench-drop: $(STAMP)
	$(BIN)/python benchmarks/drop_to_marts.py

## regenerate docs/warehouse.md and docs/offices.md from the code's own definitions
docs: $(STAMP)
	$(BIN)/python -m pipelines.warehouse.docs
	$(BIN)/python -m pipelines.ingest.guide

## autogenerate the next Alembic migration from the table definitions: make revision MESSAGE="what changed"
revision: $(STAMP)
	$(BIN)/python -m pipelines.warehouse.revision "$(MESSAGE)"

## the README's picture of the report: run the demo, then let headless chromium photograph the page
screenshot: run $(CHROMIUM_STAMP)
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=900,1640 \
	  --screenshot=docs/report.png "file://$(CURDIR)/$(REPORT_HTML)"

clean:
	rm -rf var
