# Kafkaesque: `make run` serves the app, `make test` runs every suite. Both set everything up first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
export REDIS_URL ?= redis://127.0.0.1:6379/0
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/tsconfig*.json -type f 2>/dev/null)
PURE_TESTS := catalog/tests explorer/tests/engine

.PHONY: help setup run test lint typecheck imports test-pure test-mermaid test-django test-frontend test-browser \
        services services-test migrate api-schema api-client-check clean

help:
	@echo "make run    set up and serve the app at http://127.0.0.1:8000 (SQLite, local Redis, one worker)"
	@echo "make test   set up and run every test suite"

$(VENV)/.stamp: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@

frontend/node_modules/.stamp: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend/dist/index.html: frontend/node_modules/.stamp $(FRONTEND_SRC)
	cd frontend && npm run build

setup: $(VENV)/.stamp frontend/dist/index.html
	@mkdir -p var

services:
	@scripts/ensure_redis.sh
	@scripts/ensure_debs.sh dot=graphviz

services-test: services
	@scripts/ensure_debs.sh /usr/bin/chromium=chromium fc-match=fonts-dejavu-core

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalog
	$(PY) manage.py ensure_demo_user

run: setup services migrate
	@scripts/run.sh

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.stamp
	$(VENV)/bin/mypy catalog explorer api

imports: $(VENV)/.stamp
	$(VENV)/bin/lint-imports

test-pure: $(VENV)/.stamp frontend/node_modules/.stamp
	$(PYTEST) -p no:django -p no:cacheprovider -W ignore::pytest.PytestConfigWarning -q $(PURE_TESTS)

test-django: $(VENV)/.stamp
	$(PYTEST) -p no:cacheprovider -q --ignore=e2e $(foreach d,$(PURE_TESTS),--ignore=$(d)) catalog explorer api

api-schema: $(VENV)/.stamp
	$(PY) manage.py spectacular --file frontend/openapi.yaml --validate

api-client-check: api-schema frontend/node_modules/.stamp
	cd frontend && npm run gen:api -- --check

test-frontend: frontend/node_modules/.stamp
	cd frontend && npm run lint && npm run typecheck && npm run format:check && npm test

test-browser: setup services-test
	$(PYTEST) -p no:cacheprovider -q e2e

test-mermaid: frontend/node_modules/.stamp
	node scripts/check_mermaid.mjs fixtures/golden/export

test: setup services-test
	$(MAKE) lint typecheck imports test-pure test-mermaid test-django api-client-check test-frontend test-browser
	@echo "make test: all suites passed"

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist var
