#!/usr/bin/env bash
# The test command (README, "Development"): sets up what the tests need, then runs every
# test with cargo-nextest. What it cannot install it names, with the exact command, and
# stops: a test whose tool is missing would fail anyway (it never passes unrun).
#
#   scripts/test.sh                        # everything
#   scripts/test.sh -E 'binary(cli)'       # arguments go to `cargo nextest run`
#
# Installs, each only when missing: Debian's chromium, poppler-utils (pdftotext) and
# default-jre-headless (Java for the Nu HTML Checker), Node.js and npm, with apt-get as
# root or through sudo when it asks no password; the npm tools pinned by
# tests/browser/package-lock.json (npm ci, also when the installed ones differ from the
# lock); cargo-nextest (cargo install).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'scripts/test.sh: %s\n' "$*" >&2; }
has() { command -v "$1" >/dev/null 2>&1; }

# What `journeybook pdf` and the browser checks start (src/pdf.rs looks for the same).
chromium_ok() {
  if [ -n "${JOURNEYBOOK_CHROMIUM:-}" ]; then
    [ -x "$JOURNEYBOOK_CHROMIUM" ] || has "$JOURNEYBOOK_CHROMIUM"
  else
    has chromium || has chromium-browser || has google-chrome || has google-chrome-stable
  fi
}
java_ok() { java -version >/dev/null 2>&1; }
node_major() { node --version 2>/dev/null | sed -n 's/^v\([0-9]*\).*/\1/p'; }

# Debian packages for whatever is missing.
missing_packages() {
  local packages=()
  chromium_ok || packages+=(chromium)
  has pdftotext || packages+=(poppler-utils)
  java_ok || packages+=(default-jre-headless)
  has node || packages+=(nodejs)
  has npm || packages+=(npm)
  echo "${packages[@]}"
}

if [ -n "${JOURNEYBOOK_CHROMIUM:-}" ] && ! chromium_ok; then
  say "JOURNEYBOOK_CHROMIUM is set to \`$JOURNEYBOOK_CHROMIUM\`, which is not a program; unset it or point it at Chromium"
  exit 1
fi

packages=$(missing_packages)
if [ -n "$packages" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif has sudo && sudo -n true 2>/dev/null; then
    as_root=(sudo)
  else
    say "missing Debian packages: $packages. Run:"
    say "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $packages"
    say "then scripts/test.sh again."
    exit 1
  fi
  if ! has apt-get; then
    say "missing: $packages (Debian package names), and this system has no apt-get: install them, then run scripts/test.sh again."
    exit 1
  fi
  say "installing $packages (apt-get)"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086 # a list of package names
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $packages >/dev/null
  still=$(missing_packages)
  if [ -n "$still" ]; then
    say "installed, but still not found on PATH: $still"
    exit 1
  fi
fi

major=$(node_major)
if [ "${major:-0}" -lt 20 ]; then
  say "Node.js $(node --version) is too old for the browser checks: install Node.js 20 or later (Debian 13: apt-get install nodejs npm), then run scripts/test.sh again."
  exit 1
fi

# The npm tools, exactly as package-lock.json pins them (the same rule as tests/cli/browser.rs).
node_modules_as_locked() {
  node -e '
    const fs = require("fs"), path = require("path");
    const dir = "tests/browser";
    const lock = JSON.parse(fs.readFileSync(path.join(dir, "package-lock.json"), "utf8"));
    for (const [where, entry] of Object.entries(lock.packages || {})) {
      if (!where) continue;
      let version;
      try {
        version = JSON.parse(fs.readFileSync(path.join(dir, where, "package.json"), "utf8")).version;
      } catch { process.exit(1); }
      if (version !== entry.version) process.exit(1);
    }
    process.exit(fs.existsSync(path.join(dir, "node_modules/vnu-jar/build/dist/vnu.jar")) ? 0 : 1);
  '
}
if ! node_modules_as_locked; then
  say "installing the npm tools of tests/browser/package-lock.json (npm ci)"
  # --ignore-scripts: vnu-jar's install script would download a JDK; Java comes from Debian.
  npm ci --ignore-scripts --no-audit --no-fund --prefix tests/browser
fi

if ! cargo nextest --version >/dev/null 2>&1; then
  say "installing cargo-nextest (cargo install, a few minutes)"
  cargo install --locked cargo-nextest
fi

exec cargo nextest run "$@"
