# backprop-tutor: two commands on a fresh machine: `make run` and `make test`.
# Everything installs from uv.lock (exact versions); `make lock` refreshes it.
PY ?= python3
UV_VERSION := 0.13.8
VENV := .venv
BIN := $(VENV)/bin
BOOT := .venv-uv
UV := $(BOOT)/bin/uv
# uv syncs .venv exactly to the lock, with this machine's python3, never downloading one.
SYNC := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON_DOWNLOADS=never $(UV) sync --frozen --python $(PY)
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

# `make golden TORCH_PY=/path/to/python` records PyTorch's numbers for the tests
# (tests/golden/from-torch/) with a Python that has torch, numpy and pyyaml; torch is never
# in the lock (from the package index it is a multi-gigabyte CUDA build).
TORCH_PY ?= python3

.PHONY: run test bench lint lock dot golden docs clean

# uv itself, pinned, in a bootstrap venv of its own (installed from PyPI with pip).
$(UV):
	$(PY) -m venv $(BOOT)
	$(BOOT)/bin/python -m pip install --quiet uv==$(UV_VERSION)

$(STAMP_RUN): pyproject.toml uv.lock | $(UV)
	$(SYNC) --quiet
	touch $@

$(STAMP_TEST): pyproject.toml uv.lock | $(UV)
	$(SYNC) --quiet --extra test
	touch $@ $(STAMP_RUN)

lock: | $(UV)
	UV_PYTHON_DOWNLOADS=never $(UV) lock --python $(PY)

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

golden:
	@command -v $(TORCH_PY) >/dev/null 2>&1 || { echo "make golden: TORCH_PY=$(TORCH_PY) is not a program; make golden TORCH_PY=/path/to/python" >&2; exit 1; }
	@$(TORCH_PY) tests/golden/record.py

# Files generated from the tables: the misconception catalogue's page, the schema's function lists.
docs: $(STAMP_TEST)
	$(BIN)/python -m tutor.authoring.catalogue_doc docs/misconceptions.md
	$(BIN)/python -m tutor.authoring.schema_lists

lint: $(STAMP_TEST)
	$(BIN)/ruff check tutor tests bench
	$(BIN)/ruff format --check tutor tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(BOOT) build *.egg-info
