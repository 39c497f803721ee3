# LawPost developer commands. `make demo` and `make test` are the two a new machine needs.
.PHONY: setup demo run test lint screens bench reliability package clean

VENV := .venv
PY := $(VENV)/bin/python
LAWPOST := $(VENV)/bin/lawpost

setup:
	bash packaging/setup-dev.sh

demo: setup
	bash packaging/run-demo.sh

run: setup
	$(LAWPOST) run --windowed

test: setup
	bash packaging/run-tests.sh

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

screens: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.tools.render_all --out docs/screens
	$(PY) tests/server/phone_page.py --out docs/screens

bench: setup
	$(PY) -m bench.run_all

# Full-size reliability runs: 10,000 items through the fault proxy with 200 SIGKILLs of the sync
# process; 200 power cuts on lazyfs (as root, needs /dev/fuse); a 72-simulated-hour sync soak.
reliability: setup
	LAWPOST_RELIABILITY_FULL=1 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -s tests/reliability
	$(PY) -m bench.sync_soak --hours 72

# Debian package with both roles and its own Python environment (root: builds in a mount namespace).
package:
	bash packaging/deb/build.sh --out dist

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
