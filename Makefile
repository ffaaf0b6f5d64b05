# backprop-tutor: two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench lint dot clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

# Debian's graphviz provides `dot`; install it when missing and we are root (CI).
dot:
	@if ! command -v dot >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing graphviz (for the dot program)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
	      || echo "warning: could not install graphviz; rendering tests will be skipped"; \
	  else \
	    echo "note: Graphviz 'dot' not found; install it (apt install graphviz / brew install graphviz) to render pictures"; \
	  fi; \
	fi

run: $(STAMP_RUN)
	$(BIN)/backprop-tutor

test: $(STAMP_TEST) dot
	$(BIN)/python -m pytest

bench: $(STAMP_TEST) dot
	$(BIN)/python bench/run.py

lint: $(STAMP_TEST)
	$(BIN)/ruff check tutor tests bench
	$(BIN)/ruff format --check tutor tests bench

clean:
	rm -rf $(VENV) build *.egg-info
