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
# Two sets, by need: `docs` is what building the site needs (requirements/docs.lock, Chromium, a CJK font, Node's
# mermaid); `test` adds the engines and checkers of `make test` (requirements/test.lock, the JDK, promtool, amtool…).

$(STAMPS)/system-%: tools/system-deps
	@mkdir -p $(STAMPS)
	tools/system-deps $*
	@touch $@

$(BIN)/.installed-%: requirements/%.lock pyproject.toml
	@test -x $(BIN)/python || "$$(tools/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r $<
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: setup-docs
setup-docs: $(STAMPS)/system-docs $(BIN)/.installed-docs node_modules/.installed ## only what building the site needs

.PHONY: setup
setup: $(STAMPS)/system-test $(BIN)/.installed-test node_modules/.installed ## the whole environment, tests included

# The Java helpers of the tests (Hive's parser, the FsShell server, the shuffle) and the Java snippets, compiled
# once against pyspark's jars; the fixtures use these classes and fail when they are missing or out of date.
JAVA_SOURCES := $(sort $(shell find tests snippets -name '*.java' 2>/dev/null))
$(BUILD)/java/.compiled: $(JAVA_SOURCES) $(BIN)/.installed-test
	rm -rf $(BUILD)/java
	@mkdir -p $(BUILD)/java
	javac -nowarn -d $(BUILD)/java -cp "$$($(BIN)/python -c 'import pyspark, pathlib; print(pathlib.Path(pyspark.__file__).parent / "jars")')/*" $(JAVA_SOURCES)
	@touch $@

# The class-data archive of the SQL tests' Spark JVMs (tests/tools/sql/session.py says what it saves): written by
# one run of the session the tests start, again when the engines or that run change.
$(BUILD)/cds/spark.jsa: tests/tools/sql/session.py $(BIN)/.installed-test
	@mkdir -p $(@D)
	$(BIN)/python -m tests.tools.sql.session $@ > $(@D)/spark.log 2>&1 || { tail -40 $(@D)/spark.log; exit 1; }

.PHONY: java
java: $(BUILD)/java/.compiled $(BUILD)/cds/spark.jsa ## compile the tests' Java helpers; archive the Spark JVMs' classes

.PHONY: lock
lock: ## re-resolve requirements/test.in and docs.in into test.lock and docs.lock (every package pinned, same versions)
	rm -rf $(BUILD)/lock-venv $(BUILD)/lock-venv-docs
	"$$(tools/find-python)" -m venv $(BUILD)/lock-venv
	$(BUILD)/lock-venv/bin/pip install --quiet -r requirements/test.in
	$(BUILD)/lock-venv/bin/pip freeze --exclude-editable > requirements/test.lock
	"$$(tools/find-python)" -m venv $(BUILD)/lock-venv-docs
	cd requirements && ../$(BUILD)/lock-venv-docs/bin/pip install --quiet -r docs.in -c test.lock
	$(BUILD)/lock-venv-docs/bin/pip freeze --exclude-editable > requirements/docs.lock
	npm install --package-lock-only --no-audit --no-fund

# -- Build ---------------------------------------------------------------------------------------

.PHONY: html
html: setup-docs ## build the offline site into _build/html (strict and fresh: any warning fails, every time)
	$(BIN)/python -m teamwiki.build html $(BUILD)/html
	@echo "open file://$(CURDIR)/$(BUILD)/html/index.html"

.PHONY: offline
offline: html ## one zip of the HTML build that works unpacked anywhere: _build/team-wiki-offline.zip
	$(BIN)/python -m teamwiki.offline $(BUILD)/html $(BUILD)/team-wiki-offline.zip

.PHONY: pdf
pdf: setup-docs ## the whole wiki as one PDF, printed by headless Chromium: _build/pdf/team-wiki.pdf
	$(BIN)/python -m teamwiki.pdf $(BUILD)/pdf

.PHONY: serve
serve: setup-docs ## live-reload preview on http://127.0.0.1:8000
	$(BIN)/sphinx-autobuild --host 127.0.0.1 --port 8000 --watch snippets --watch teamwiki \
	  $(SOURCES) $(BUILD)/serve

.PHONY: linkcheck
linkcheck: setup-docs ## check outside links (needs a network; not part of the gate)
	$(BIN)/sphinx-build -b linkcheck $(SOURCES) $(BUILD)/linkcheck

# -- Checks --------------------------------------------------------------------------------------

.PHONY: test
test: setup lint java ## lint, then build the site from scratch and run the whole test suite
	$(BIN)/python -m pytest -n 2

.PHONY: regen
regen: setup java ## re-run every snippet and rewrite the expected outputs it shows (then review git diff)
	REGEN=1 $(BIN)/python -m pytest -p no:xdist

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
	  $(BUILD)/pdf $(BUILD)/bench $(BUILD)/team-wiki-offline.zip $(BUILD)/java $(BUILD)/cds $(BUILD)/test-hosted \
	  $(BUILD)/test-pdf

.PHONY: distclean
distclean: ## remove build outputs and the environment
	rm -rf $(BUILD) $(VENV) node_modules
