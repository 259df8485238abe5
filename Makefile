# Steward: `make demo` runs an audit of a realistic sample project; `make test` runs every test.
SWIFT ?= swift
STEWARD_BIN = .build/debug/steward
RELEASE_DIR = .build/release
SIZES ?= 10000,100000,1000000
comma := ,
# The history (30 nights) and per-format report benchmarks run at one size: the largest of SIZES up to
# 100,000 (a million-definition month of nights would take most of an hour), else 100,000.
DETAIL_SIZE = $(or $(shell echo '$(SIZES)' | tr , '\n' | awk '$$1 <= 100000' | sort -n | tail -1),100000)

.PHONY: setup test-setup build test demo bench presets posthog-events docs format format-check clean

# Installs the system libraries Steward links (PCRE2 and SQLite, found through pkg-config); idempotent.
setup:
	@missing=""; \
	pkg-config --exists libpcre2-8 2>/dev/null || missing="$$missing libpcre2-dev"; \
	pkg-config --exists sqlite3 2>/dev/null || missing="$$missing libsqlite3-dev"; \
	command -v pkg-config >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then \
	    echo "installing with sudo:$$missing"; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Steward needs:$$missing. Install them as root: apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

build: setup
	$(SWIFT) build

# What the report tests need besides Steward's own libraries: headless Chromium (Debian's package) to open the
# HTML report, and Python's jsonschema to validate SARIF against the official schema.
test-setup: setup
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" -eq 0 ]; then echo "installing: chromium"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  elif command -v sudo >/dev/null 2>&1; then echo "installing with sudo: chromium"; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "the report tests need chromium: apt-get install chromium" >&2; exit 1; fi; \
	fi
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema

test: test-setup format-check
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Starts posthog-sim with a realistic 20,000-definition project, audits it over HTTP, writes reports/, stops it.
demo: build
	@./scripts/demo.sh

bench: setup
	$(SWIFT) build -c release --product steward-bench
	$(SWIFT) build -c release --product posthog-sim
	$(SWIFT) build -c release --product steward
	$(RELEASE_DIR)/steward-bench lint --sizes $(SIZES)
	@printf '\n## Versus a script (the whole audit against the one a data engineer would write, Benchmarks/versus-script/audit.py)\n\n' >> Benchmarks/results/latest.md
	Benchmarks/versus-script.sh $(DETAIL_SIZE) | tee -a Benchmarks/results/latest.md
	$(RELEASE_DIR)/steward-bench history --size $(DETAIL_SIZE) --nights 30 --append
	@printf '\n## The whole audit (steward audit --timings against posthog-sim: default policy, history, HTML and markdown)\n' >> Benchmarks/results/latest.md
	Benchmarks/audit-bench.sh $(SIZES) | tee -a Benchmarks/results/latest.md
	@printf '\n## What usage adds to an audit (saved insights, dashboards and actions, read beside the crawl)\n\n' >> Benchmarks/results/latest.md
	Benchmarks/usage-bench.sh $(DETAIL_SIZE) | tee -a Benchmarks/results/latest.md
	$(RELEASE_DIR)/steward-bench reports --size $(DETAIL_SIZE) --append
	@printf '\n## Scanning source for capture calls (steward scan, a generated tree of 20,000 files)\n\n' >> Benchmarks/results/latest.md
	Benchmarks/scan-bench.sh 20000 | tee -a Benchmarks/results/latest.md
	@printf '\n## posthog-sim\n\n' >> Benchmarks/results/latest.md
	Benchmarks/sim-bench.sh $(lastword $(subst $(comma), ,$(SIZES))) | tee -a Benchmarks/results/latest.md
	@printf '\n## Fetch (steward snapshot against posthog-sim; a sequential curl loop is the floor)\n\n' >> Benchmarks/results/latest.md
	Benchmarks/fetch-bench.sh $(firstword $(filter 100000,$(subst $(comma), ,$(SIZES))) $(lastword $(subst $(comma), ,$(SIZES)))) | tee -a Benchmarks/results/latest.md

# Regenerates the presets embedded in the binary from rules/*.yml.
presets:
	./scripts/generate-presets.sh

# Regenerates PostHog's own events (data/posthog-events.tsv and the table embedded in the binary) from PostHog's
# taxonomy on GitHub and data/posthog-sdk-events.tsv; TAXONOMY=path/to/taxonomy.py COMMIT=sha reads a checkout.
posthog-events:
	./scripts/generate-posthog-events.py $(if $(TAXONOMY),--taxonomy $(TAXONOMY)) $(if $(COMMIT),--commit $(COMMIT))

# Regenerates docs/rules.md and the policy and tracking-plan JSON Schemas from the code.
docs: build
	$(STEWARD_BIN) rules --format markdown > docs/rules.md
	$(STEWARD_BIN) policy schema > rules/schema/steward-policy.schema.json
	$(STEWARD_BIN) plan schema > rules/schema/tracking-plan.schema.json

format:
	$(SWIFT) format --in-place --recursive Sources Tests Benchmarks

# Fails when a file is not as `make format` would leave it.
format-check:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

clean:
	rm -rf .build reports/steward-report.*
