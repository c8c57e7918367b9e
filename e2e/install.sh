#!/usr/bin/env bash
# Installs what the browser end-to-end test needs; safe to run again (does nothing when all is
# in place). Debian, as root (or with sudo): Debian's chromium at /usr/bin/chromium, pdftotext
# (poppler-utils), and the npm packages of e2e/package-lock.json (playwright-core drives the
# system Chromium; it never downloads a browser of its own).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update
    apt_updated=1
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@"
}

# (a) Chromium
if [ ! -x /usr/bin/chromium ]; then
  echo "e2e/install.sh: installing Debian chromium"
  apt_install chromium
fi

# pdftotext (Debian poppler-utils): run.mjs reads the text of the approval letter (a PDF) with it.
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "e2e/install.sh: installing Debian poppler-utils (pdftotext)"
  apt_install poppler-utils
fi

# Node.js and npm (playwright-core needs Node.js 20 or newer).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "e2e/install.sh: installing Debian nodejs and npm"
  apt_install nodejs npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  echo "e2e/install.sh: Node.js $(node --version) is too old; playwright-core needs 20 or newer" >&2
  exit 1
fi

# (b) npm packages: `npm ci` when node_modules is missing or was installed from another lock.
stamp="$here/node_modules/.e2e-lock.sha256"
want="$(sha256sum "$here/package-lock.json" "$here/package.json" | sha256sum | cut -d' ' -f1)"
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ] \
   || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "e2e/install.sh: npm ci"
  (cd "$here" && npm ci --no-audit --no-fund)
  echo "$want" > "$stamp"
fi

echo "e2e/install.sh: ready ($(/usr/bin/chromium --version 2>/dev/null | head -n1); node $(node --version); $(pdftotext -v 2>&1 | head -n1))"
