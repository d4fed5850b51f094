# dirauth — the contract. Every target is documented in README.md.
SHELL := /bin/bash
PORT ?= 8080
LDAP_PORT ?= 3890
export PORT LDAP_PORT

.PHONY: help deps directory directory-stop directory-reset build run test lint demo-login bench bench-quick fuzz clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

deps: ## install the Debian packages dirauth needs (slapd preseeded: no system instance)
	@scripts/install-deps.sh

directory: deps ## start the throwaway slapd with the sample directory on 127.0.0.1:$(LDAP_PORT)
	@scripts/directory.sh start

directory-stop: ## stop the throwaway slapd
	@scripts/directory.sh stop

directory-reset: deps ## wipe the throwaway slapd's data and load the sample directory again
	@scripts/directory.sh reset

build: deps ## debug build of every target
	swift build

run: deps ## directory + build + dirauthd in the foreground on 127.0.0.1:$(PORT)
	@scripts/run.sh

test: deps ## everything: unit, integration (own slapd, ssh-agent) and interop tests
	@scripts/test.sh

lint: ## house rules the compiler does not check: file headers, file length, errors mapped once
	@scripts/lint.sh

demo-login: ## with `make run` up: log in as alice through a throwaway ssh-agent
	@scripts/demo-login.sh

bench: deps ## release build + the full benchmark, writes BENCHMARKS.md
	@scripts/bench.sh

bench-quick: deps ## the same scenarios with short runs
	@BENCH_QUICK=1 scripts/bench.sh

fuzz: ## libFuzzer targets on the seed corpora, FUZZ_SECONDS (default 60) each
	@scripts/fuzz.sh

clean: ## stop the directory and remove .run/, .build/ and .build-fuzz/
	-@scripts/directory.sh stop
	rm -rf .run .build .build-fuzz
