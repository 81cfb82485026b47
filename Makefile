# Two entry points for a fresh Debian/Ubuntu machine with Python 3.11:
#   make run   - set up, migrate SQLite, load demo data, print demo log-ins, serve on :5000
#   make test  - install the test tools (and Chromium, wrk), lint, run every test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test lint format venv deps dev-deps system-tools instance-config lessons-check clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.deps

venv: $(BIN)/python
deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# A random SECRET_KEY kept in instance/config.py (never committed), made once.
instance/config.py:
	mkdir -p instance
	$(BIN)/python -c 'import secrets; print("SECRET_KEY = " + repr(secrets.token_hex(32)))' > $@

instance-config: instance/config.py

run: deps instance/config.py
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) run --host $(HOST) --port $(PORT)

# Check every lesson file: each problem with its file, line and field; exit 1 if any.
lessons-check: deps instance/config.py
	$(FLASK) lessons check

# Debian's Chromium drives the browser tests (Playwright cannot download browsers here);
# wrk drives the load-test harness, which the suite runs once on a tiny data set.
# The fault tests start throwaway PostgreSQL and Redis servers of their own on other ports;
# the backup drill runs pg_dump, createdb and pg_restore.
system-tools:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v wrk >/dev/null 2>&1 || missing="$$missing wrk"; \
	command -v redis-server >/dev/null 2>&1 || missing="$$missing redis-server"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v pg_restore >/dev/null 2>&1 || missing="$$missing postgresql-client"; \
	[ -z "$$missing" ] || { \
	  echo "Installing Debian packages for the tests:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; }

lint: dev-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit --quiet --recursive app --exclude app/migrations

# Set TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test to run on PostgreSQL.
test: dev-deps system-tools lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

format: dev-deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
