#!/usr/bin/env bash
# Installs what hoso needs on a Debian/Ubuntu machine: system packages when missing
# (Tesseract with Vietnamese, fonts; Chromium for the browser tests with --dev), a virtualenv
# in .venv and the package itself. Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng fonts-liberation2 fonts-dejavu-core)
[ "$dev" = 1 ] && packages+=(chromium poppler-utils)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Cài gói hệ thống: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -e '.[dev]'
else
  .venv/bin/python -m pip install -q -e '.[postgres,redis]'
fi
