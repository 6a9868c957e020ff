# The team wiki. `make help` is the map.
# Set-up is automatic: every target that needs the environment creates it first.

SHELL       := /bin/bash
VENV        := .venv
BIN         := $(VENV)/bin
BUILD       := _build
SOURCES     := -c . docs
STAMPS      := $(BUILD)/.stamps
export PUPPETEER_SKIP_DOWNLOAD := 1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# -- Set-up --------------------------------------------------------------------------------------

$(STAMPS)/system: tools/system-deps
	@mkdir -p $(STAMPS)
	tools/system-deps
	@touch $@

$(BIN)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || "$$(tools/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: setup
setup: $(STAMPS)/system $(BIN)/.installed node_modules/.installed ## create the environment (venv, npm, Debian packages)

.PHONY: lock
lock: ## re-resolve requirements.in into requirements.lock (pins every package)
	rm -rf $(BUILD)/lock-venv
	"$$(tools/find-python)" -m venv $(BUILD)/lock-venv
	$(BUILD)/lock-venv/bin/pip install --quiet -r requirements.in
	$(BUILD)/lock-venv/bin/pip freeze --exclude-editable > requirements.lock
	npm install --package-lock-only --no-audit --no-fund

# -- Build ---------------------------------------------------------------------------------------

.PHONY: html
html: setup ## build the offline site into _build/html (strict and fresh: any warning fails, every time)
	$(BIN)/python -m teamwiki.build html $(BUILD)/html
	@echo "open file://$(CURDIR)/$(BUILD)/html/index.html"

.PHONY: offline
offline: html ## one zip of the HTML build that works unpacked anywhere: _build/team-wiki-offline.zip
	$(BIN)/python -m teamwiki.offline $(BUILD)/html $(BUILD)/team-wiki-offline.zip

.PHONY: pdf
pdf: setup ## the whole wiki as one PDF, printed by headless Chromium: _build/pdf/team-wiki.pdf
	$(BIN)/python -m teamwiki.pdf $(BUILD)/pdf

.PHONY: serve
serve: setup ## live-reload preview on http://127.0.0.1:8000
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 --watch snippets --watch teamwiki \
	  $(SOURCES) $(BUILD)/serve

.PHONY: linkcheck
linkcheck: setup ## check outside links (needs a network; not part of the gate)
	$(BIN)/sphinx-build -b linkcheck $(SOURCES) $(BUILD)/linkcheck

# -- Checks --------------------------------------------------------------------------------------

.PHONY: test
test: setup lint ## lint, then build the site from scratch and run the whole test suite
	$(BIN)/python -m pytest

.PHONY: regen
regen: setup ## re-run every snippet and rewrite the expected outputs it shows (then review git diff)
	REGEN=1 $(BIN)/python -m pytest

.PHONY: bench
bench: html ## build times (1x/4x/16x pages), page weight and search figures against a bare-Sphinx baseline
	$(BIN)/python tools/bench.py $(BENCH_ARGS)  # BENCH_ARGS: --sizes 1,4,16 --reps N --kinds clean,warm,noop,one_page
	$(BIN)/python tools/search_bench.py

.PHONY: lint
lint: setup ## ruff, sqlfluff (Hive), shellcheck, whitespace and CRLF line endings
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint snippets
	git ls-files -z 'snippets/*.sh' .ci/run tools/find-python tools/system-deps | xargs -0 -r $(BIN)/shellcheck -s bash
	$(BIN)/python -m teamwiki.textlint

.PHONY: clean
clean: ## remove every build output (keeps the environment)
	rm -rf $(BUILD)/html $(BUILD)/serve $(BUILD)/linkcheck $(BUILD)/.mermaid-cache $(BUILD)/test-artifacts \
	  $(BUILD)/pdf $(BUILD)/bench $(BUILD)/team-wiki-offline.zip

.PHONY: distclean
distclean: ## remove build outputs and the environment
	rm -rf $(BUILD) $(VENV) node_modules
