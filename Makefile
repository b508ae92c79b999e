# totsugo — `make` sets up what is missing, builds, and compiles Catalogs/ + Mappings/ into Output/.
#           `make test` runs the whole test suite.
SWIFT    ?= swift
APT_PKGS := libxml2-dev pkg-config
RELEASE_BIN = $(shell $(SWIFT) build -c release --show-bin-path)/totsugo

.PHONY: all deps build output test validate clean

all: output

# Installs the system packages the build needs (as root), or prints the command to run.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build -c release --product totsugo

output: build
	$(RELEASE_BIN) build --catalogs Catalogs --mappings Mappings --out Output

validate: build
	$(RELEASE_BIN) validate Catalogs Mappings

# Build once (debug, with tests), test once.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build

# Renders the sample regulation (real data + the test fixture's variants) the way a user sees
# it: .docx → PDF (headless LibreOffice) → PNG pages in verify/regulation/ (git-ignored), and
# reads the .docx back with python-docx (scripts/verify-regulation-docx.py). Installs the
# Debian tools when run as root. REG_SWIFT_FLAGS="--scratch-path DIR" builds elsewhere.
VERIFY_REG_PKGS := libreoffice-writer-nogui fonts-noto-cjk poppler-utils python3-docx
VERIFY_REG_DIR  := verify/regulation
REG_SWIFT_FLAGS ?=
DEBUG_BIN        = $(shell $(SWIFT) build $(REG_SWIFT_FLAGS) --show-bin-path)/totsugo
REG_FIXTURE     := Tests/Fixtures/regulation

.PHONY: verify-regulation
verify-regulation: deps
	@missing=""; for p in $(VERIFY_REG_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	$(SWIFT) build $(REG_SWIFT_FLAGS) --product totsugo
	rm -rf $(VERIFY_REG_DIR) && mkdir -p $(VERIFY_REG_DIR)
	$(DEBUG_BIN) regulation --catalogs Catalogs --mappings Mappings --out $(VERIFY_REG_DIR) --format docx,md,html
	$(DEBUG_BIN) regulation --catalogs $(REG_FIXTURE)/Catalogs --mappings $(REG_FIXTURE)/Mappings --base fixture-base \
	  --out $(VERIFY_REG_DIR) --format docx --date 2024-06-01
	$(DEBUG_BIN) regulation --catalogs $(REG_FIXTURE)/Catalogs --mappings $(REG_FIXTURE)/Mappings --base fixture-base \
	  --out $(VERIFY_REG_DIR) --format docx --level 1 --split management,technical
	/usr/bin/python3 scripts/verify-regulation-docx.py $(VERIFY_REG_DIR)/*.docx
	soffice --headless --norestore -env:UserInstallation=file://$(CURDIR)/verify/lo-profile \
	  --convert-to pdf --outdir $(VERIFY_REG_DIR) $(VERIFY_REG_DIR)/*.docx
	for pdf in $(VERIFY_REG_DIR)/*.pdf; do pdftoppm -r 70 -png "$$pdf" "$${pdf%.pdf}"; done
	@ls $(VERIFY_REG_DIR)/*.png | sed 's/^/page: /'

# Renders the 突合表 outputs the way a user sees them: every mapping as .xlsx and .html into
# verify/outputs/, the workbooks through headless LibreOffice to PDF and PNG pages, the HTML
# as headless Chromium screenshots (and its filter script run from file://), then openpyxl
# checks (Tests/verify/verify_outputs.py). Installs the Debian tools when run as root.
# OUT_SWIFT_FLAGS="--scratch-path DIR" builds elsewhere.
VERIFY_OUT_PKGS := python3-openpyxl libreoffice-calc-nogui poppler-utils chromium fonts-noto-cjk
VERIFY_OUT_DIR  := verify/outputs
OUT_SWIFT_FLAGS ?=

.PHONY: verify-outputs
verify-outputs: deps
	@missing=""; for p in $(VERIFY_OUT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing system packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	$(SWIFT) build $(OUT_SWIFT_FLAGS) --product totsugo
	rm -rf $(VERIFY_OUT_DIR) && mkdir -p $(VERIFY_OUT_DIR)/files
	$(shell $(SWIFT) build $(OUT_SWIFT_FLAGS) --show-bin-path)/totsugo build --catalogs Catalogs --mappings Mappings \
	  --out $(VERIFY_OUT_DIR)/files --format xlsx,html
	/usr/bin/python3 Tests/verify/verify_outputs.py $(VERIFY_OUT_DIR)/files $(VERIFY_OUT_DIR)

# CI coverage gate over the shipped Catalogs/ and Mappings/ (thresholds: totsugo-check.yaml).
.PHONY: check
check: build
	$(RELEASE_BIN) check --config totsugo-check.yaml

# Benchmarks (issue 7): synthetic workspaces at 1k/10k/100k/1M items under BENCH_DIR (never
# committed), totsugo build vs xmllint --stream vs the Python baseline; writes BENCHMARKS.md.
# Needs time, hyperfine, libxml2-utils, python3-yaml, python3-openpyxl (Debian).
BENCH_SIZES ?= 1000 10000 100000 1000000
BENCH_DIR   ?= /tmp/totsugo-bench
BENCH_APT   := time hyperfine libxml2-utils python3-yaml python3-openpyxl
.PHONY: bench
bench: deps
	@missing=""; for p in $(BENCH_APT); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "missing: sudo apt-get install -y$$missing"; exit 1; fi; \
	fi
	$(SWIFT) build -c release --product totsugo
	TOTSUGO=$(RELEASE_BIN) BENCH_SIZES="$(BENCH_SIZES)" BENCH_DIR=$(BENCH_DIR) /usr/bin/python3 Benchmarks/bench.py

# Fuzzing (issue 7): libFuzzer + AddressSanitizer over the catalog XML, structured-text and
# mapping YAML parsers, FUZZ_SECONDS each. Seeds: Fuzz/corpus/<target> (committed); new inputs
# go to .build-fuzz/corpus, crashes to .build-fuzz/artifacts. Reproduce a crash with
#   swift run totsugo-fuzz xml|text|yaml FILE
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= xml text yaml
.PHONY: fuzz
fuzz: deps
	$(SWIFT) build -c debug --scratch-path .build-fuzz --product totsugo-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p .build-fuzz/corpus/$$t .build-fuzz/artifacts; \
	  dict=""; [ -f Fuzz/$$t.dict ] && dict="-dict=Fuzz/$$t.dict"; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  TOTSUGO_FUZZ_TARGET=$$t nice -n 19 .build-fuzz/debug/totsugo-fuzz .build-fuzz/corpus/$$t Fuzz/corpus/$$t $$dict \
	    -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=.build-fuzz/artifacts/$$t- -print_final_stats=1 || exit 1; \
	done
