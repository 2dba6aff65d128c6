# Two commands: `make demo` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# mtaudit's core needs no torch; the demo and the tests install the reference-MT stack too (the mt
# extra). The small CPU build of torch is installed first so that set-up stays fast; override e.g.
#   make test TORCH_SPEC="torch" TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_SPEC ?= torch==2.13.0
TORCH_PIP_ARGS ?=
# Every package is installed at the version in ci/constraints.txt, which CI passed with, so that an
# upstream release cannot fail a fresh set-up overnight (lxml 6.2 once did). `make test CONSTRAINTS=`
# installs the latest versions instead; `make constraints` rewrites the file from such an install.
CONSTRAINTS ?= ci/constraints.txt
PIP_CONSTRAINTS := $(if $(CONSTRAINTS),-c $(CONSTRAINTS))
LINT_TOOLS := "ruff>=0.6,<1" "mypy>=1.10,<2" pandas-stubs types-PyYAML
EXTRAS := mt,test,parquet,ray
STAMP := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test bench lint clean html-check constraints

install: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q "$(TORCH_SPEC)" $(TORCH_PIP_ARGS) $(PIP_CONSTRAINTS)
	$(BIN)/python -m pip install -q -e ".[$(EXTRAS)]" $(PIP_CONSTRAINTS)
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p reports
	$(BIN)/mtaudit audit examples/news.tsv --no-mt --format json --output reports/demo.json; \
	  code=$$?; test $$code -le 1 || exit $$code
	$(BIN)/mtaudit audit examples/news.tsv --no-mt --format markdown --output reports/demo.md; \
	  code=$$?; test $$code -le 1 || exit $$code
	$(BIN)/mtaudit audit examples/news.tsv --no-mt --format json,markdown,junit,sarif,html,csv,parquet --report-dir reports/demo; \
	  code=$$?; test $$code -le 1 || exit $$code
	$(BIN)/mtaudit audit examples/docs/zh examples/docs/en --no-mt --format json,markdown,html --report-dir reports/demo-docs; \
	  code=$$?; test $$code -le 1 || exit $$code
	@echo "reports written: reports/demo.json reports/demo.md reports/demo/ (every format) reports/demo-docs/"

# Render the demo HTML report in headless Chromium: a screenshot and the DOM after the scripts ran.
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run
html-check: demo
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium fonts-wqy-zenhei)
	profile=$$(mktemp -d) && \
	  chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile --window-size=1400,1600 \
	    --screenshot=reports/demo/report.png file://$(CURDIR)/reports/demo/report.html && \
	  chromium $(CHROMIUM_FLAGS) --user-data-dir=$$profile --dump-dom \
	    file://$(CURDIR)/reports/demo/report.html > reports/demo/report.dom.html; \
	  code=$$?; rm -rf $$profile; exit $$code
	@echo "look at reports/demo/report.png; the live DOM is in reports/demo/report.dom.html"

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks $(BENCH)

lint: $(STAMP)
	$(BIN)/python -m pip install -q $(LINT_TOOLS) $(PIP_CONSTRAINTS)
	$(BIN)/ruff check mtaudit tests benchmarks ci
	$(BIN)/ruff format --check mtaudit tests benchmarks ci
	$(BIN)/python -m mypy mtaudit

# The latest versions of everything `make install` and `make lint` install, in a fresh environment
# (torch left to TORCH_SPEC), written as the new pins: run `make test` and `make lint` on them after.
LATEST := .venv-latest
constraints:
	rm -rf $(LATEST)
	$(MAKE) install VENV=$(LATEST) CONSTRAINTS=
	$(LATEST)/bin/python -m pip install -q $(LINT_TOOLS)
	{ echo "# What CI passed with (see the Makefile's CONSTRAINTS); written by \`make constraints\`."; \
	  $(LATEST)/bin/python -m pip freeze --exclude mtaudit --exclude torch; } > ci/constraints.txt
	rm -rf $(LATEST)

clean:
	rm -rf $(VENV) reports build *.egg-info
