# KR Market — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
BIN := build/bin
DESKTOP_TAGS := desktop,production,webkit2_41
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X krmarket/backend/system.Version=$(VERSION)
FRONTEND_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts frontend/package.json -type f 2>/dev/null)

.PHONY: all deps run serve build build-headless frontend test test-go test-frontend test-e2e test-desktop test-tray bench fuzz gen clean

all: build build-headless

deps:
	scripts/deps.sh all

## run: set up what is missing, build, and open the window (demo market when offline)
run: deps build
	$(BIN)/krmarket

## serve: headless API + dashboard on http://127.0.0.1:5001/app/
serve: deps build-headless
	$(BIN)/krmarket-headless serve

frontend: frontend/dist/index.html

frontend/dist/index.html: $(FRONTEND_SRC) frontend/package-lock.json
	scripts/deps.sh frontend
	cd frontend && npm run build
	touch frontend/dist/.gitkeep

## build: the desktop binary (Wails, webkit2gtk-4.1)
build: frontend
	$(GO) build -tags $(DESKTOP_TAGS) -ldflags "-w -s $(LDFLAGS)" -o $(BIN)/krmarket .

## build-headless: a binary without GTK/WebKit whose `serve` works
build-headless: frontend
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/krmarket-headless .

## gen: regenerate the frontend's operation map from the API table
gen:
	$(GO) run . gen-frontend

## test: every test — Go (-race), frontend unit tests, browser e2e, desktop smoke under Xvfb
test: deps test-go test-frontend test-e2e test-desktop test-tray

test-go:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './frontend/*')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -count=1 ./...

test-frontend: frontend
	cd frontend && npm run check && npm test

test-e2e: build-headless
	cd frontend && KRMARKET_BIN=$(CURDIR)/$(BIN)/krmarket-headless npm run e2e

test-desktop: build
	scripts/desktop-smoke.sh $(BIN)/krmarket

## test-tray: the tray menu over D-Bus, close to tray, single instance, notifications, quit (Xvfb)
test-tray: build
	scripts/tray-test.sh $(BIN)/krmarket

## bench: Go benchmarks (ratios vs in-run baselines) and whole-system figures
bench: build-headless
	$(GO) test -run '^$$' -bench . -benchtime 3x ./backend/...
	$(BIN)/krmarket-headless bench

## fuzz: run every fuzz target for FUZZTIME (default 20s)
FUZZTIME ?= 20s
fuzz:
	@for pkg in $$($(GO) list ./backend/...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf $(BIN) frontend/dist/assets frontend/dist/index.html
