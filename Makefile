# The two commands of the README (demo, test), and the developer ones (test-fast, lint).
# Each creates .venv and installs into it on first use, with the exact versions of constraints.txt.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PIP_INSTALL := $(PY) -m pip install --quiet -c constraints.txt

.PHONY: demo test test-fast lint accuracy bench clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) --upgrade pip
	$(PIP_INSTALL) --build-constraint constraints.txt -e '.[test,audit]'
	touch $@

# Lint the bundled sample replies. Exit status 1 (findings) is the expected outcome here.
demo: $(VENV)/.installed
	$(VENV)/bin/replylint check examples/replies; status=$$?; test $$status -le 1

# Every test (CI runs this).
test: $(VENV)/.installed
	$(PY) -m pytest -q

# Everything but the tests marked slow (language server, Neovim, pre-commit, big files).
test-fast: $(VENV)/.installed
	$(PY) -m pytest -q -m "not slow"

# Style and types; both run, and either one failing fails the target. CI runs it after the tests.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check replylint tests benchmarks; ruff=$$?; \
	$(VENV)/bin/mypy replylint; mypy=$$?; \
	test $$ruff -eq 0 && test $$mypy -eq 0

accuracy: $(VENV)/.installed
	$(PY) -m benchmarks.accuracy ../shared/corpora/dev

bench: $(VENV)/.installed
	$(PY) -m benchmarks.speed

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
