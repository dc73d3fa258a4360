# Sozialplattform: every target sets up what it needs (scripts/setup.sh) and is safe to repeat.
#   make test    venv, packages, PDF font, RabbitMQ, PostgreSQL, test database, browser tools, pytest
#   make run     venv, packages, PDF font, RabbitMQ, then the services of deploy/embedded/services.txt
#   make lint    ruff check and ruff format --check
#   make bench   as make test, with database sozialplattform_bench, then python -m bench
#   make clean   remove .venv, var/ and build and cache files

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PYTHON := $(VENV)/bin/python
SETUP := scripts/setup.sh
# Rebuilt whenever the pins, the dev tools or any package's pyproject.toml change.
INSTALLED := $(VENV)/.installed

# Every installable package: a directory under libs/, contracts/, tools/ or services/ with a
# pyproject.toml, in that order: pip (23.x, as Debian's venv brings it) finds a package's local
# dependency among the editable installs only when it was named earlier on the command line.
PACKAGE_MANIFESTS := $(foreach top,libs contracts tools services,$(sort $(wildcard $(top)/pyproject.toml $(top)/*/pyproject.toml)))
PACKAGES := $(patsubst %/pyproject.toml,%,$(PACKAGE_MANIFESTS))

export SOZ_TEST_POSTGRES_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test
export SOZ_BENCH_POSTGRES_URL ?= postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_bench
export SOZ_AMQP_URI ?= pyamqp://guest:guest@127.0.0.1:5672/

# Extra arguments for pytest, e.g. make test PYTEST_ARGS="-m 'not slow' -x"
PYTEST_ARGS ?=

.NOTPARALLEL:
.PHONY: help install test run lint bench clean constraints rabbitmq postgres test-database bench-database browser fonts clamav

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(PYTHON):
	$(SETUP) venv

$(INSTALLED): $(PYTHON) constraints.txt requirements-dev.txt $(PACKAGE_MANIFESTS)
	$(SETUP) install $(PACKAGES)
	touch $@

install: $(INSTALLED)

rabbitmq:
	$(SETUP) rabbitmq

postgres:
	$(SETUP) postgres

test-database: postgres
	$(SETUP) database "$$SOZ_TEST_POSTGRES_URL"

bench-database: postgres
	$(SETUP) database "$$SOZ_BENCH_POSTGRES_URL"

browser:
	$(SETUP) browser

fonts:
	$(SETUP) fonts

clamav:
	$(SETUP) clamav

test: install fonts clamav rabbitmq test-database browser
	$(SETUP) pytest $(PYTEST_ARGS)

run: install fonts clamav rabbitmq
	$(PYTHON) scripts/run_platform.py

lint: install
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

bench: install fonts clamav rabbitmq bench-database
	$(PYTHON) -m bench

# Pins exactly what .venv holds now; run after adding or upgrading a dependency.
constraints: install
	{ sed -n '/^#/p' constraints.txt; $(PYTHON) -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache build libs/*/build contracts/build services/*/build
	rm -rf services/gateway/tests/browser/node_modules
	find . \( -path ./.git -o -path ./node_modules \) -prune -o \
		-type d \( -name __pycache__ -o -name '*.egg-info' \) -prune -exec rm -rf {} +
