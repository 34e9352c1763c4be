# CareerHub: `make run` serves the site with demo content, `make test` runs every test.

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# Django 6.1 needs Python 3.12 or newer: take 3.13, else 3.12, wherever they are installed.
PYTHON := $(shell for v in 3.13 3.12; do \
	for p in python$$v $$HOME/.pyenv/versions/$$v*/bin/python$$v $$(pyenv root 2>/dev/null)/versions/$$v*/bin/python$$v \
	/usr/local/bin/python$$v /usr/bin/python$$v; do \
	if $$p -c 'import sys' >/dev/null 2>&1; then echo $$p; exit 0; fi; done; done)

.PHONY: run test test-fast test-browser test-scaleout bench bench-scaleout bench-pdf production-check lint format install clean bench-resume

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "CareerHub needs Python 3.13 (or 3.12) and found neither. Install one (e.g. pyenv install 3.13) and run make again." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py import_labour_data --if-empty
	$(PY) manage.py load_content --if-empty content/
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest -m "not e2e" -n 2
	$(VENV)/bin/pytest -m e2e -p no:xdist

test-fast: install
	$(VENV)/bin/pytest -m "not e2e" -n 2

test-browser: install
	$(VENV)/bin/pytest -m e2e -p no:xdist

bench-resume: install
	$(PY) manage.py bench_resume_check

# Two app servers behind nginx, on the PostgreSQL and Redis that DATABASE_URL and REDIS_URL name
# (deploy/stack.sh); the tests talk to them over HTTP, then the stack stops, pass or fail.
test-scaleout: install
	deploy/stack.sh start
	$(VENV)/bin/pytest -m scaleout -p no:xdist tests/scaleout; status=$$?; deploy/stack.sh stop; exit $$status

# Every page under gunicorn (production settings, 2 sync workers) with wrk, against the cheapest page.
# BENCH_ARGS="--connections 16,64 --repeats 3"; DATABASE_URL/REDIS_URL pick PostgreSQL and Redis.
bench: install
	$(PY) deploy/bench.py $(BENCH_ARGS)

# One app server against two behind nginx (the scale-out stack, as for test-scaleout).
bench-scaleout: install
	deploy/stack.sh start
	$(PY) deploy/scaleout_bench.py $(BENCH_ARGS); status=$$?; deploy/stack.sh stop; exit $$status

# Django's deployment checks with the settings production runs with (a throw-away key, SMTP mail).
production-check: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=careerhub.example EMAIL_HOST=smtp.careerhub.example \
	  $(PY) manage.py check --deploy --fail-level WARNING

bench-pdf: install
	$(PY) manage.py bench_resume_pdf

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djade --check $$(find templates -name '*.html')

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djade $$(find templates -name '*.html')

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
