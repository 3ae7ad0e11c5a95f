# Two commands matter: `make run` and `make test`. `make help` lists the rest.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 5000
export DIMOS_ENV ?= development
export DIMOS_PUBLIC_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help install run serve demo test lint pytest bench clean desktop-bundle

help: ## List the targets and what they do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its test tools

demo: install ## Migrate the database and load the catalogue, demo staff and bookings
	$(BIN)/service-api demo

run: demo ## Set everything up and start the service (and the clerk desktop when a display exists)
	@scripts/run.sh "$(BIN)" "$(HOST)" "$(PORT)"

serve: install ## Start only the service (API, citizen form, job runner)
	$(BIN)/service-api serve --host $(HOST) --port $(PORT)

lint: install ## ruff, mypy and the import contracts
	$(BIN)/ruff check service_api clerk_desktop tests bench scripts
	$(BIN)/ruff format --check service_api clerk_desktop tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: install ## Run the test suite only
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

test: lint pytest ## Set up and run every check and test (PostgreSQL too when DIMOS_TEST_POSTGRES_URL is set)

bench: install ## Run the benchmarks in bench/ and print their figures
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

desktop-bundle: install ## Build the clerk desktop as one folder (PyInstaller): dist/clerk-desktop/
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller deploy/desktop/clerk-desktop.spec
	QT_QPA_PLATFORM=offscreen dist/clerk-desktop/clerk-desktop --self-test

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
