VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test bench screenshots clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PIP) install --quiet -e '.[dev,bench]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(VENV)/bin/darumgehts demo
	$(VENV)/bin/darumgehts serve --demo

test: install
	./scripts/test-services
	$(VENV)/bin/ruff check src tests benchmarks
	$(PY) -m pytest -q

# the screenshots of the README (docs/*.png), taken in Chromium by the editor's browser tests
screenshots: install
	./scripts/test-services
	DARUMGEHTS_SCREENSHOTS=docs $(PY) -m pytest -q tests/test_browser_editor.py

bench: install
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) build dist src/*.egg-info
