# Meetifyr: `make run` serves the app, `make test` runs every check. Both install what they need.
SHELL := /bin/bash
PORT ?= 8000
UV = $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: run test install lint typecheck pytest fuzz bench

.venv/.installed: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	@scripts/system-deps
	$(UV) sync --frozen
	@touch $@

install: .venv/.installed

run: install
	DEBUG=$${DEBUG:-1} $(UV) run --frozen python manage.py migrate --noinput
	@echo "Create an admin login with: $(UV) run python manage.py createsuperuser (admin at /admin/)"
	DEBUG=$${DEBUG:-1} $(UV) run --frozen python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

# dmypy keeps a daemon between runs; on the rare crash of its incremental update (exit 2),
# start it afresh once rather than fail.
MYPY_TARGETS := manage.py meetifyr meetings bench
typecheck: install
	@$(UV) run --frozen dmypy run -- $(MYPY_TARGETS); status=$$?; \
	if [ $$status -eq 2 ]; then \
	  echo "dmypy crashed; restarting the daemon"; \
	  $(UV) run --frozen dmypy kill; $(UV) run --frozen dmypy run -- $(MYPY_TARGETS); \
	else exit $$status; fi

pytest: install
	scripts/mysql-up
	scripts/redis-up
	scripts/wrk-up
	$(UV) run --frozen pytest

test: lint typecheck pytest

# A deeper Schemathesis pass than `make test`'s: many more examples per operation, new random
# inputs on every run (Hypothesis prints a seed to replay a failure). FUZZ_EXAMPLES=N to resize.
fuzz: install
	scripts/mysql-up
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-500} FUZZ_RANDOM=$${FUZZ_RANDOM:-1} \
		$(UV) run --frozen pytest meetings/tests/system/test_schema_fuzz.py -p no:cacheprovider

# HTTP benchmark: the API under gunicorn on both stores (MariaDB, and Gel: the server GEL_DSN
# names or the shared one, in a branch of its own), driven by wrk on loopback, with a bare WSGI
# baseline (a read, and a toggle per store); prints figures and writes
# bench-results/latest.{json,md} (about 13 minutes). BENCH_ARGS="--duration 10" for longer
# points, "--worker-class gthread" for one class, "--no-gel" for MySQL only, "--database NAME"
# for another database than meetifyr_bench_run. `make test` runs its smoke check (--quick: every
# point answers on both stores, the baseline's JSON is the API's; no timings).
bench: install
	scripts/mysql-up
	scripts/wrk-up
	$(UV) run --frozen python bench/run.py $(BENCH_ARGS)
