# Trajectportaal: `make run` serves the portal with demo data, `make test` runs every check.
# Both install what they need on a fresh machine (Debian, Python 3.11, Node.js).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# The test stack: real PostgreSQL and Redis on this machine.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/trajectportaal
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=true
PRODUCTION_CHECK_ENV := PORTAL_ENV=production SECRET_KEY=check-deploy-$$RANDOM-not-a-real-secret-0123456789abcdefghijklmnop \
	ALLOWED_HOSTS=trajectportaal.example.org DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	EMAIL_HOST=localhost

.PHONY: run test install worker lint format messages messages-update services system-deps chromium clean screenshots bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# gettext (msgfmt) for translations; poppler-utils (pdfinfo, pdftotext) for the PDF tests;
# chromium for the browser tests.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v pdfinfo >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi

install: system-deps $(VENV)/.installed node_modules/.installed

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

messages-update: install
	$(PY) scripts/translations.py update

run: install messages
	mkdir -p var
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py referentie_laden
	$(PY) manage.py demo_laden
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Trajectportaal: http://$(HOST):$(PORT)/  (demo-accounts: zie README.md)"
	$(PY) manage.py runserver $(HOST):$(PORT)

# PNGs of the main pages of every role, desktop and mobile, into var/screenshots/.
screenshots: install messages chromium
	$(PY) scripts/screenshots.py var/screenshots

worker: install
	$(VENV)/bin/celery -A portal worker --beat --loglevel=INFO

# Start PostgreSQL and Redis when they are not running; install them when they are missing.
services:
	@if ! command -v pg_ctlcluster >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi
	@if ! pg_isready -q -h 127.0.0.1 -p 5432; then \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; fi
	@if ! command -v redis-server >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; fi
	@if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; \
		for i in $$(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done; fi

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install chromium services messages lint
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(PRODUCTION_CHECK_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) scripts/translations.py check
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(TEST_ENV) $(VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

# The benchmark (docs/benchmark.md): builds the national-scale data set in its own databases
# (bench_*, kept between runs), measures pages under load (wrk), the PDF, mail, composition and
# memory, prints the table and writes docs/benchmark.md and docs/bench/*.json.
BENCH_ARGS ?=
bench: install services messages
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf var staticfiles .pytest_cache .ruff_cache
