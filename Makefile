# Set-up from nothing: every target that needs the package creates .venv and installs into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out

.PHONY: install run test schemas eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Extract the corpus into JSON Lines and an SQLite database, then print a summary.
run: install
	mkdir -p $(OUT)
	$(BIN)/extractor extract corpus -o $(OUT)/corpus.jsonl --rejects $(OUT)/rejects.jsonl
	$(BIN)/extractor load $(OUT)/corpus.jsonl --db sqlite:///$(OUT)/extractor.db
	$(BIN)/python -m extractor.summary $(OUT)/corpus.jsonl sqlite:///$(OUT)/extractor.db

test: install
	$(BIN)/python -m pytest

schemas: install
	$(BIN)/extractor schema --out schemas

eval: install
	$(BIN)/extractor evaluate corpus

# Throughput and memory against plain fr_core_news_md, then database loading speed.
bench: install
	$(BIN)/python scripts/bench.py
	test ! -f scripts/bench_db.py || $(BIN)/python scripts/bench_db.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
