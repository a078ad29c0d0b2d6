# Quick start: `make site` builds content/ and data/ into output/; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site test check serve livereload clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/invoke build

check: $(STAMP)
	$(BIN)/invoke check

# axe-core for the browser tests, pinned by package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

test: $(STAMP) node_modules/.package-lock.json
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/invoke serve

livereload: $(STAMP)
	$(BIN)/invoke livereload

clean:
	rm -rf output .cache tests/artefacts
