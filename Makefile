# Set-up and the two everyday commands: `make demo` and `make test`. Both create .venv when needed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test release clean system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-packages:
	bash scripts/ensure-system-packages.sh

demo: $(STAMP) system-packages
	$(BIN)/coursekit demo

release: $(STAMP)
	$(BIN)/coursekit release

test: $(STAMP) system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) gradebook.db
