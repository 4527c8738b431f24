#!/usr/bin/env bash
# Installs what building and testing KR Market needs, skipping what is there:
# Debian/Ubuntu packages (GTK/WebKit for the window, Xvfb/D-Bus/ImageMagick for
# the desktop smoke test, Chromium for the browser tests, Korean fonts), the
# npm packages of the frontend and the Go modules.
# Usage: scripts/deps.sh [all|go|frontend|apt]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}

APT_PKGS=(libgtk-3-dev libwebkit2gtk-4.1-dev pkg-config gcc xvfb xauth dbus-x11 imagemagick x11-apps
  xdotool fonts-noto-color-emoji fonts-nanum chromium libglib2.0-bin)

apt_deps() {
  command -v dpkg-query >/dev/null 2>&1 || { echo "deps: not a Debian/Ubuntu system; install the equivalents of: ${APT_PKGS[*]}" >&2; return 0; }
  local missing=()
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "deps: installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

go_deps() {
  command -v go >/dev/null 2>&1 || { echo "deps: Go 1.26 or newer is required (https://go.dev/dl/)" >&2; exit 1; }
  go mod download
}

frontend_deps() {
  command -v npm >/dev/null 2>&1 || { echo "deps: Node.js 20 and npm are required" >&2; exit 1; }
  # Reinstall only when the lock file changed since the last install.
  local stamp=frontend/node_modules/.krmarket-lock
  if [ ! -f "$stamp" ] || ! cmp -s frontend/package-lock.json "$stamp"; then
    (cd frontend && npm ci --no-audit --no-fund)
    cp frontend/package-lock.json "$stamp"
  fi
}

case "$what" in
  all) apt_deps; go_deps; frontend_deps ;;
  apt) apt_deps ;;
  go) go_deps ;;
  frontend) frontend_deps ;;
  *) echo "usage: $0 [all|go|frontend|apt]" >&2; exit 2 ;;
esac
