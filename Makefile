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
# Playwright (PyPI), tests/test_vscode.py; screenshots stay in editors/vscode/.test-vscode.
# vscode-build (code-server and the .vsix) needs only Node 20 and npm; npm ci and the package
# are redone only when their inputs change. Not in `make test` nor `.ci/run` (Debian 12's Node
# is 18): run before each release. Clean-state timings: docs/editors.md, "Tests in real editors".
CODE_SERVER_DIR ?= editors/vscode/.code-server
VSCODE := editors/vscode
.PHONY: vscode-build
vscode-build: $(VSCODE)/replylint.vsix
	bash $(VSCODE)/e2e/install-code-server.sh $(CODE_SERVER_DIR)

$(VSCODE)/node_modules/.installed: $(VSCODE)/package.json $(VSCODE)/package-lock.json
	cd $(VSCODE) && npm ci --no-audit --no-fund
	touch $@

$(VSCODE)/replylint.vsix: $(VSCODE)/node_modules/.installed $(wildcard $(VSCODE)/src/*.ts) $(VSCODE)/tsconfig.json
	cd $(VSCODE) && npm run package

test-vscode: $(VENV)/.installed vscode-build
	command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	$(PY) -c 'import playwright' 2>/dev/null || $(PIP_INSTALL) -e '.[vscode-test]'
	REPLYLINT_CODE_SERVER=$(abspath $(CODE_SERVER_DIR))/node_modules/code-server \
	REPLYLINT_VSIX=$(abspath $(VSCODE)/replylint.vsix) $(PY) -m pytest -q -rxXs \
	  --basetemp=$(abspath $(VSCODE)/.test-vscode) tests/test_vscode.py

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
