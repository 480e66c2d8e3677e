# Photogram's verbs. `make run` and `make test` are all a newcomer needs (see README.md).

PROFILE ?= embedded
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000

VENV := .venv
BOOTSTRAP := var/bootstrap
UV := $(BOOTSTRAP)/bin/uv
UV_VERSION := 0.13.8
PY := $(VENV)/bin/python
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export PHOTOGRAM_PROFILE := $(PROFILE)
# Links in API answers point at the address `make run` serves on, unless an operator says otherwise.
export PHOTOGRAM_PUBLIC_URL ?= http://$(HOST):$(PORT)

# The test suite keeps its data apart from what `make run` serves.
TEST_ENV := PHOTOGRAM_DATA_DIR=$(CURDIR)/var/test PHOTOGRAM_REDIS_URL=redis://127.0.0.1:63799/15 \
	PHOTOGRAM_CASSANDRA_KEYSPACE=photogram_test PHOTOGRAM_DEBUG=false PHOTOGRAM_TASK_QUEUE_PREFIX=tests-

.PHONY: help install run serve worker migrate services-up services-down services-status lint typecheck \
	test test-embedded test-full superuser bench clean thrift thrift-check thrift-compiler client-deps frontend

.PHONY: tools test-tools screenshots

help:
	@echo "make run [PROFILE=full]   install what is missing, migrate, serve on http://$(HOST):$(PORT)"
	@echo "make test                 lint, type-check, run the suite on the embedded and full profiles"
	@echo "make superuser            create the first admin account"
	@echo "make screenshots          pictures of the web app's pages into docs/screenshots/"
	@echo "make services-up|down|status   the local PostgreSQL, Redis, RabbitMQ and Cassandra"
	@echo "make bench [SCENARIO=grid|detail|like|home|servers|media|fanout|search|streaming|activity|lighthouse] [QUICK=1]   benchmarks (docs/performance.md)"

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "Photogram needs CPython 3.11 as '$(PYTHON)' (found: $$($(PYTHON) --version 2>&1))."; exit 1; }
	$(PYTHON) -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet uv==$(UV_VERSION)

# Re-synced whenever the lock file changes; --locked refuses a lock that disagrees with pyproject.toml.
$(VENV)/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --locked --quiet
	@touch $@

install: $(VENV)/.synced frontend

# Programs the app runs on every profile (ffmpeg), and those the tests drive too (Chromium, the Thrift
# compiler): Debian packages, installed when missing (devstack/tools.py lists them).
tools:
	@bin/services tools run

test-tools:
	@bin/services tools test

ifeq ($(PROFILE),full)
run: install tools services-up migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "Photogram (full profile) on http://$(HOST):$(PORT)  (health: http://$(HOST):$(PORT)/healthz)"
	@echo "First admin: make superuser PROFILE=full    Stop: Ctrl-C    Services stay up: make services-down"
	@echo
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho --procfile Procfile.full --no-prefix start
else
run: install tools migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "Photogram (embedded profile) on http://$(HOST):$(PORT)  (health: http://$(HOST):$(PORT)/healthz)"
	@echo "First admin: make superuser    Stop: Ctrl-C"
	@echo
	@HOST=$(HOST) PORT=$(PORT) WORKERS=1 exec bin/serve
endif

migrate: install
	$(PY) manage.py migrate --noinput
ifeq ($(PROFILE),full)
	$(PY) manage.py cassandra_migrate
endif

superuser: install
	$(PY) manage.py createsuperuser

worker: install
	$(VENV)/bin/celery -A photogram worker --loglevel=INFO

services-up:
	bin/services up

services-down:
	bin/services down

services-status:
	bin/services status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	$(VENV)/bin/mypy photogram tests devstack bin/services

# Thrift: the Python code generated from the IDL is committed; `thrift-check` fails when it has drifted.
THRIFT_IDL := photogram/rpc/idl/feed.thrift
THRIFT_GEN := photogram/rpc/gen
THRIFT_FLAGS := --gen py:package_prefix=photogram.rpc.gen.

thrift-compiler:
	@command -v thrift >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq thrift-compiler; }

thrift: thrift-compiler
	rm -rf $(THRIFT_GEN) && mkdir -p $(THRIFT_GEN)
	thrift $(THRIFT_FLAGS) -out $(THRIFT_GEN) $(THRIFT_IDL)
	rm -f $(THRIFT_GEN)/*/*-remote

thrift-check: thrift-compiler
	@tmp=$$(mktemp -d); thrift $(THRIFT_FLAGS) -out $$tmp $(THRIFT_IDL) && rm -f $$tmp/*/*-remote && \
		diff -r -x __pycache__ $$tmp $(THRIFT_GEN); status=$$?; rm -rf $$tmp; \
		if [ $$status -ne 0 ]; then echo "$(THRIFT_GEN) differs from $(THRIFT_IDL): run make thrift, commit"; exit 1; fi

# Every test runs on both profiles, apart from those marked for one; pytest's exit 5 (nothing ran) fails.
test: install test-tools services-up lint typecheck thrift-check
	$(MAKE) --no-print-directory test-embedded
	$(MAKE) --no-print-directory test-full

test-embedded: install test-tools client-deps
	$(TEST_ENV) PHOTOGRAM_PROFILE=embedded $(PY) -m pytest $(PYTEST_ARGS)

test-full: install test-tools client-deps
	$(TEST_ENV) PHOTOGRAM_PROFILE=full $(PY) -m pytest $(PYTEST_ARGS)

# masto.js for tests/clients (Node 20+ and npm); reinstalled from the lock file whenever it changes.
MASTO_JS := tests/clients/masto
$(MASTO_JS)/node_modules/.installed: $(MASTO_JS)/package.json $(MASTO_JS)/package-lock.json
	@command -v npm >/dev/null || { echo "The client tests need Node.js 20+ with npm (apt-get install nodejs npm)."; exit 1; }
	npm ci --prefix $(MASTO_JS) --no-audit --no-fund --loglevel=error
	@touch $@

client-deps: $(MASTO_JS)/node_modules/.installed

# The web app's third-party front-end files (npm, photogram/web/frontend), copied into its build/ folder, which
# STATICFILES_DIRS serves as static/vendor/; reinstalled whenever the lock file changes.
FRONTEND := photogram/web/frontend
$(FRONTEND)/build/.installed: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --prefix $(FRONTEND) --no-audit --no-fund --loglevel=error
	cp $(FRONTEND)/node_modules/htmx.org/dist/htmx.min.js $(FRONTEND)/build/
	@touch $@

frontend: $(FRONTEND)/build/.installed

# Benchmarks are never tests: they report medians and ratios measured side by side in one run.
# SCENARIO=grid|detail|like|home (HTTP, bench/harness.py), servers, media, fanout, search, streaming, activity
# (a like's notification on an open stream) or lighthouse (the web app's pages, bench/lighthouse.py); QUICK=1: all
# of it small. SEARCH_POSTS: the search scenario's size (default 1,000,000 posts).
SCENARIO ?= all
HTTP_SCENARIOS := grid detail like home page-home page-profile page-post
BENCH_QUICK := $(if $(QUICK),--quick,)
bench: install services-up
	@command -v wrk >/dev/null && command -v nginx >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light; }
ifneq ($(filter $(SCENARIO),all $(HTTP_SCENARIOS)),)
	$(PY) -m bench.harness $(BENCH_QUICK) $(if $(filter all,$(SCENARIO)),,--scenario $(SCENARIO))
endif
ifneq ($(filter $(SCENARIO),all servers),)
	$(PY) -m bench.servers $(if $(QUICK),--seconds 2 --repeats 1 --database photogram_bench_quick,)
endif
ifneq ($(filter $(SCENARIO),all media),)
	$(PY) bench/media.py $(if $(QUICK),--repeats 1 --uploads 2,)
endif
ifneq ($(filter $(SCENARIO),all fanout),)
	$(PY) bench/fanout.py $(if $(QUICK),--followers 1000 --repeats 1,)
endif
ifneq ($(filter $(SCENARIO),all streaming),)
	$(PY) bench/streaming.py $(if $(QUICK),--repeats 1 --idle 1000 --readers 100 --events 50,)
endif
ifneq ($(filter $(SCENARIO),all activity),)
	$(PY) bench/activity.py $(if $(QUICK),--repeats 1 --samples 40,)
endif
ifneq ($(filter $(SCENARIO),all search),)
	$(PY) bench/search.py $(if $(QUICK),--quick,$(if $(SEARCH_POSTS),--posts $(SEARCH_POSTS),))
endif
ifneq ($(filter $(SCENARIO),all lighthouse),)
	@bin/services tools test
	@$(MAKE) --no-print-directory $(BENCH_NPM)/node_modules/.installed
	$(PY) bench/lighthouse.py $(if $(QUICK),--runs 1 --requests 20,)
endif

# Lighthouse for the lighthouse scenario (Node 20+ and npm), from bench/npm's lock file.
BENCH_NPM := bench/npm
$(BENCH_NPM)/node_modules/.installed: $(BENCH_NPM)/package.json $(BENCH_NPM)/package-lock.json
	npm ci --prefix $(BENCH_NPM) --no-audit --no-fund --loglevel=error
	@touch $@

# Pictures of the web app's pages on a desktop and a phone, from a small seeded community (docs/screenshots/).
screenshots: install test-tools
	$(PY) bench/screenshots.py

clean:
	rm -rf $(VENV) $(BOOTSTRAP) .mypy_cache .ruff_cache .pytest_cache
