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
