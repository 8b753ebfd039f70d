VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test bench clean

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): $(PY) pyproject.toml
	$(PIP) install --quiet -e '.[dev,bench]'
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

bench: install
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) build dist src/*.egg-info
