# Quick start: `make site` builds content/ and data/ into output/; `make test` runs every test;
# `SITEURL=https://... make publish` builds what goes online into public/ (docs/publishing.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: site publish test check serve livereload clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP) chromium
	$(BIN)/invoke build

# The site for its public address into public/ (SITEURL=https://... make publish);
# the GitHub Pages workflow (.github/workflows/pages.yml) runs this.
publish: $(STAMP) chromium
	$(BIN)/invoke publish

# plotly's static export (kaleido) draws the charts in the system's Chromium.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || \
	{ if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-core; \
	  else echo "Charts need Chromium and none was found: install it (Debian/Ubuntu: sudo apt-get install chromium fonts-noto-core), or set BROWSER_PATH." >&2; exit 1; fi; }

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
	rm -rf output public .cache tests/artefacts
