# Two commands for a new user: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install setup test lint check messages bench bench-moderation bench-search clean

run: setup
	@echo
	@echo "Site: http://$(HOST):$(PORT)/   Beheer: http://$(HOST):$(PORT)/admin/"
	@echo "Een redacteursaccount maken: $(PY) manage.py createsuperuser"
	@echo "(met een e-mailadres: beheerders en de groep Redacteuren krijgen een mail bij elke"
	@echo "nieuwe reactie; COMMENTS_NOTIFY_SUPERUSERS=false laat alleen Redacteuren mailen."
	@echo "Een gewone gebruiker in een groep zetten: zie README.md, 'Roles')."
	@echo
	$(PY) manage.py runserver $(HOST):$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt build-constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=26.2"
	$(BIN)/pip install --quiet --build-constraint build-constraints.txt -r requirements-dev.txt
	touch $@

setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_roles
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_comments

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=templates/admin/search_form.html
	$(PY) manage.py compilemessages -l en -l nl --ignore=.venv

bench: install
	$(PY) bench/run.py $(if $(QUICK),--quick,)

# Needs DATABASE_URL naming a PostgreSQL server.
bench-moderation: install
	$(PY) bench/moderation.py --count $(or $(COUNT),1000000)

# Needs DATABASE_URL naming a PostgreSQL server.
bench-search: install
	$(PY) bench/search.py --count $(or $(COUNT),10000) $(if $(QUICK),--quick,)

clean:
	rm -rf $(VENV) staticfiles
