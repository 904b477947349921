#!/usr/bin/env bash
# Installs what hoso needs on a Debian/Ubuntu machine: system packages when missing
# (Tesseract with Vietnamese and its library headers, fonts; Chromium for the browser tests
# with --dev), a virtualenv in .venv and the package itself, with tesserocr built on the
# system's Tesseract. Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

python=${PYTHON:-python3}
packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng fonts-liberation2 fonts-dejavu-core)
# To build tesserocr (Tesseract in-process) against the system's libtesseract.
packages+=(libtesseract-dev libleptonica-dev pkg-config g++)
"$python" -c 'import os, sysconfig, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")))' \
  || packages+=(python3-dev)
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

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
# tesserocr from source, so that it runs the same Tesseract as the `tesseract` command.
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q --no-binary tesserocr -e '.[dev]'
else
  .venv/bin/python -m pip install -q --no-binary tesserocr -e '.[postgres,redis,samples]'
fi
