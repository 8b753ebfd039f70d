VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test test-llama bench lock audit screenshots clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# requirements.lock pins every package (pip-compile, `make lock`); pyproject.toml keeps the ranges.
$(STAMP): $(PY) pyproject.toml requirements.lock
	$(PIP) install --quiet -c requirements.lock -e '.[dev,bench]'
	$(PY) -c "from darumgehts.analyse.lexicon import ensure_trie; ensure_trie()"
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

# The llama backend on Gemma 3 270M (plumbing, minutes on 2 cores): not part of `make test`.
test-llama: install
	$(PIP) install --quiet -e '.[llama-test]'
	$(PY) -m pytest -q -m llama tests/test_llama.py

bench: install
	$(PY) -m benchmarks.run

# Re-pin after changing pyproject.toml's dependencies.
lock: install
	$(PIP) install --quiet -c requirements.lock -e '.[dev,bench,audit]'
	$(VENV)/bin/pip-compile -q pyproject.toml --extra dev --extra bench --extra eval --extra embeddings --extra train \
		--strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock

# Known vulnerabilities in the locked packages (bounded to 5 minutes; needs PyPI's JSON API or OSV).
audit: install
	$(PIP) install --quiet -c requirements.lock -e '.[dev,bench,audit]'
	$(PY) scripts/audit

clean:
	rm -rf $(VENV) build dist src/*.egg-info
