# backpop: two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run test bench lint eval-narrative eval-flow eval-real corpus model reader-model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

$(BENCH_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(BENCH_STAMP)

## run: install if needed, then start the web app on http://127.0.0.1:8000 (one person, local diary)
run: $(STAMP)
	$(BIN)/backpop serve

## test: install if needed, then run the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest

## bench: speed and memory benchmarks (prints ratios measured side by side)
bench: $(BENCH_STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

## eval-narrative: per-fact precision and recall on the development sentences (gated), then on
## each independently written held-out set (reported)
eval-narrative: $(STAMP)
	$(BIN)/python benchmarks/eval_narrative.py
	@for f in $$(ls tests/narrative/heldout*.yaml | sort -V); do echo; $(BIN)/python benchmarks/eval_narrative_heldout.py $$f | grep -E "evaluation|overall|red-flag|agreement"; done

## eval-flow: the whole front door on every story set: /v1/assess/text, then /v1/interview/next answered
## truthfully; under-triage of the reader alone and after the interview, exact level, questions asked
eval-flow: $(STAMP)
	$(BIN)/python benchmarks/eval_flow.py

## corpus: fetch the real-sound corpus (openly licensed Debian packages of everyday sounds that are
## not joint sounds) into corpus/real with its manifest; never committed
corpus: $(STAMP)
	$(BIN)/python scripts/fetch_corpus.py

## eval-real: how often real everyday sounds are called joint sounds, per package, train and held out
eval-real: corpus
	$(BIN)/python benchmarks/eval_real.py

## model: rebuild the acoustic classifier from the synthesizer and the corpus's train packages
## (same seed and corpus, same bytes)
model: corpus
	$(BIN)/python scripts/train_acoustic_model.py

## reader-model: rebuild the reader's learned second reader from every story set in tests/narrative
## (run it after adding or changing a set; same sets, same bytes)
reader-model: $(STAMP)
	$(BIN)/python scripts/train_reader_model.py

## lint: ruff, rules and formatting, on the whole tree (fails on anything it would change)
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
