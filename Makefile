# The commands people type. `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The embedded default for local work: SQLite in var/, tasks in-process, console e-mail.
DEV_ENV := DEBUG=true

.PHONY: run test lint format worker beat bench messages vendor migrate seed install clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

migrate: install
	$(DEV_ENV) $(MANAGE) migrate --noinput

seed: migrate
	$(DEV_ENV) $(MANAGE) seed_demo

run: seed
	@echo
	@echo "Open http://127.0.0.1:8000 and log in with one of the demo users above."
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/celery -A seam_scm worker --loglevel=INFO

beat: install
	$(BIN)/celery -A seam_scm beat --loglevel=INFO

# Page response times (pytest-benchmark), then evidence pack builds: time, peak memory and
# pages per second beside bare WeasyPrint, each case in a fresh process (benchmarks/pack_bench.py).
bench: install
	$(BIN)/pytest benchmarks -p no:cacheprovider --benchmark-only $(PYTEST_ARGS)
	$(BIN)/python benchmarks/pack_bench.py

# Extract new strings into the Thai catalogue, then compile it (the .mo is committed).
messages: install
	$(MANAGE) makemessages --locale th --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'benchmarks/*'
	$(MANAGE) compilemessages --locale th --ignore '.venv/*'

vendor:
	scripts/vendor-static.sh

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
