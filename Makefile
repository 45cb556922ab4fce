# The Catalyst Project website.
#
#   make html    build the site in every language into _build/html/
#   make test    run the whole test suite
#   make help    list every target
#
# The first target that needs Python creates a virtual environment in .venv
# (unless one is already active) and installs the pinned packages into it.

# Configuration -------------------------------------------------------------

PYTHON     ?= python3
BUILDDIR   := _build
PORT       ?= 8000

ifdef VIRTUAL_ENV
VENV := $(VIRTUAL_ENV)
else
VENV := .venv
endif
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-catalyst

.DEFAULT_GOAL := help

# help: list the targets ------------------------------------------------------
.PHONY: help
help:
	@echo "The Catalyst Project website. Targets:"
	@echo "  make html       build the site in every language into $(BUILDDIR)/html/"
	@echo "  make preview    build a writer's preview (scheduled posts too) into $(BUILDDIR)/preview/"
	@echo "  make serve      build, then serve the site on http://127.0.0.1:$(PORT)/"
	@echo "  make livehtml   rebuild on every change and reload the browser"
	@echo "  make test       run the whole test suite (lint, then every tier; builds the site once)"
	@echo "  make test-fast  behaviour tests on small fixture sites (no browser, under a minute)"
	@echo "  make test-site  tests of the real site, built once"
	@echo "  make test-browser  browser and HTML-checker tests of the real site"
	@echo "  make screenshots  every page kind in every language, screen and mode, into $(BUILDDIR)/screenshots/"
	@echo "  make lint       ruff's checks and formatting check; make format fixes what it can"
	@echo "  make gettext    extract the text into $(BUILDDIR)/gettext/<original language>/"
	@echo "  make update-po  extract, then update the translation catalogs in locales/"
	@echo "  make i18n-status  what is left to translate, per catalog (CHECK=1: fail unless complete)"
	@echo "  make wrap       normalize the translation catalogs (powrap)"
	@echo "  make check-spanish  Spanish spelling and terminology (data/glossary.yaml) of every catalog"
	@echo "  make post       start a new blog post (asks for title, tags, authors)"
	@echo "  make bench      measure build times (N=100 for one corpus size)"
	@echo "  make clean      remove $(BUILDDIR)/"
	@echo "  make venv       create .venv and install the pinned packages"

# venv: the Python environment, rebuilt when the dependencies change ----------
.PHONY: venv
venv: $(STAMP)
$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	@touch $@

# node_modules: PurgeCSS, which the build runs to drop unused CSS, and the -----
# HTML checker the tests run (vnu-jar, needs Java)
NODE_STAMP := node_modules/.installed-catalyst
$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { \
		echo "The build needs Node.js and npm (it removes unused CSS with PurgeCSS)."; \
		echo "Install them, for example: apt-get install nodejs npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# html: build every language ------------------------------------------------
.PHONY: html
html: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.build

# preview: the site as a writer previews it (posts scheduled for later too) ----
.PHONY: preview
preview: $(STAMP)
	$(PY) -m tools.build --preview

# serve: build, then serve the built site on 127.0.0.1 ------------------------
.PHONY: serve
serve: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.build --serve --port $(PORT)

# livehtml: rebuild on change and reload the browser --------------------------
.PHONY: livehtml
livehtml: $(STAMP) $(NODE_STAMP)
	$(PY) -m tools.live --port $(PORT)

# test: the whole test suite, in tiers (see tests/conftest.py) ------------------
#   test-fast     behaviour tests on small fixture sites, no browser (under a minute)
#   test-site     the real site, built once, and its output
#   test-browser  chromium (axe, keyboard, layout) and the Nu HTML checker
# screenshots: pictures of the built site for review (tests/screenshots.py)
.PHONY: test test-fast test-site test-browser screenshots
# On every core (pytest-xdist); the tests of a module that shares a build of
# its own stay in one process (tests/conftest.py: TOGETHER).
# PYTEST_ARGS=... adds pytest options.
PYTEST := $(PY) -m pytest -n auto --dist loadgroup $(PYTEST_ARGS)
test: lint $(STAMP) $(NODE_STAMP)
	$(PYTEST)

test-fast: $(STAMP) $(NODE_STAMP)
	$(PYTEST) -m fast

test-site: $(STAMP) $(NODE_STAMP)
	$(PYTEST) -m site

test-browser: $(STAMP) $(NODE_STAMP)
	$(PYTEST) -m browser

screenshots: $(STAMP) $(NODE_STAMP)
	$(PY) -m pytest -q tests/screenshots.py

# lint: ruff's checks and formatting (configured in pyproject.toml) ------------
.PHONY: lint format
lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# gettext / update-po: the translators' workflow ------------------------------
# gettext writes each document's text by its original language
# ($(BUILDDIR)/gettext/en/, .../es/); update-po updates every other language's
# catalog, keeping the previous text of changed entries, then powrap.
.PHONY: gettext
gettext: $(STAMP)
	$(PY) -m tools.translations extract

.PHONY: update-po
update-po: $(STAMP)
	$(PY) -m tools.translations update

# i18n-status: what is left to translate, with each catalog's path, and what
# this branch changed since BASE (default origin/main or main). MARKDOWN=1 and
# PREVIEW=<address of the built site> write it for a CI job summary.
# CHECK=1: fail unless every catalog is complete (before a release).
.PHONY: i18n-status
i18n-status: $(STAMP)
	@$(PY) -m tools.translations status $(if $(CHECK),--check) $(if $(BASE),--base $(BASE)) \
		$(if $(MARKDOWN),--markdown) $(if $(PREVIEW),--preview "$(PREVIEW)")

# wrap: normalize every catalog as powrap (gettext's msgcat) writes it ----------
.PHONY: wrap
wrap: $(STAMP)
	$(PY) -m powrap --quiet $$(find locales catalyst/locales -name '*.po')

# check-spanish: spelling (hunspell-es) and the glossary, without building the site
.PHONY: check-spanish
check-spanish: $(STAMP)
	$(PY) -m pytest -q tests/test_spelling.py tests/test_glossary.py

# post: start a new blog post with valid front matter ----------------------------
.PHONY: post
# The answers reach the script exactly as typed: quotes and `$` included.
# WRITTEN_IN=es: a post written in Spanish (LANG_ONLY, its earlier name, still works).
quote = '$(subst ','"'"',$(value $(1)))'
post: $(STAMP)
	$(PY) -m tools.newpost --srcdir '$(CURDIR)' $(if $(value TITLE),--title $(call quote,TITLE)) \
		$(if $(value TAGS),--tags $(call quote,TAGS)) $(if $(value AUTHORS),--authors $(call quote,AUTHORS)) \
		$(if $(value DATE),--date $(call quote,DATE)) \
		$(if $(value WRITTEN_IN),--language $(call quote,WRITTEN_IN),$(if $(value LANG_ONLY),--language $(call quote,LANG_ONLY)))

# bench: build-time benchmark on a synthetic corpus (see benchmarks/bench.py) -----
.PHONY: bench
bench: $(STAMP)
	$(PY) -m benchmarks.bench $(if $(N),--posts $(N))

# clean: remove everything built ------------------------------------------------
.PHONY: clean
clean:
	rm -rf $(BUILDDIR)
	find locales -name '*.mo' -delete
