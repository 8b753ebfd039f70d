VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: install run test test-llama bench clean

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

# The llama backend on Gemma 3 270M (plumbing, minutes on 2 cores): not part of `make test`.
test-llama: install
	$(PIP) install --quiet -e '.[llama-test]'
	$(PY) -m pytest -q -m llama tests/test_llama.py

bench: install
	$(PY) -m benchmarks.run

clean:
	rm -rf $(VENV) build dist src/*.egg-info
