# The two commands of the README. Each creates .venv and installs into it on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: demo test accuracy bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# Lint the bundled sample replies. Exit status 1 (findings) is the expected outcome here.
demo: $(VENV)/.installed
	$(VENV)/bin/replylint check examples/replies; status=$$?; test $$status -le 1

test: $(VENV)/.installed
	$(PY) -m pytest -q

accuracy: $(VENV)/.installed
	$(PY) -m benchmarks.accuracy ../shared/corpora/dev

bench: $(VENV)/.installed
	$(PY) -m benchmarks.speed

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
