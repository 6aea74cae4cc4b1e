# The two commands of the README (demo, test), and the developer ones (test-fast, lint).
# Each creates .venv and installs into it on first use, with the exact versions of constraints.txt.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PIP_INSTALL := $(PY) -m pip install --quiet -c constraints.txt

.PHONY: demo test test-fast test-vscode lint accuracy bench clean

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

# The VS Code extension in a real VS Code: code-server (npm) + headless Chromium (Debian) driven by
# Playwright (PyPI), tests/test_vscode.py. Installs what is missing; ~6 min the first time on a
# clean machine, ~1.5 min after (docs/editors.md). Not part of `make test`: run before each release.
CODE_SERVER_DIR ?= editors/vscode/.code-server
test-vscode: $(VENV)/.installed
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(PY) -c 'import playwright' 2>/dev/null || $(PIP_INSTALL) -e '.[vscode-test]'
	bash editors/vscode/e2e/install-code-server.sh $(CODE_SERVER_DIR)
	cd editors/vscode && npm ci --no-audit --no-fund && npm run package
	REPLYLINT_CODE_SERVER=$(abspath $(CODE_SERVER_DIR))/node_modules/code-server \
	REPLYLINT_VSIX=$(abspath editors/vscode/replylint.vsix) $(PY) -m pytest -q -rxXs \
	  --basetemp=$(abspath editors/vscode/.test-vscode) tests/test_vscode.py  # screenshots stay there

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
