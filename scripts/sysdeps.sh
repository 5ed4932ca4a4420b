#!/usr/bin/env bash
# Debian packages panelpress needs outside Python, installed with apt-get when missing.
#   sysdeps.sh build   fonts for the PDFs (Latin, accents, CJK), Node.js/npm for reveal.js
#   sysdeps.sh test    the above, plus Chromium for browser tests and poppler-utils for PDF checks
set -euo pipefail
want=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || want+=("$2"); }
# grep reads all of fc-list (no -q): an early exit would kill fc-list with SIGPIPE, failing the pipe
need_font() { fc-list 2>/dev/null | grep -i "$1" >/dev/null || want+=("$2"); }

need_cmd fc-list fontconfig
need_font "DejaVu Sans" fonts-dejavu-core
need_font "Noto Sans CJK" fonts-noto-cjk
need_cmd node nodejs
need_cmd npm npm
if [ "${1:-build}" = test ]; then
  need_cmd chromium chromium
  need_cmd pdftoppm poppler-utils
fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "sysdeps: installing ${want[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "sysdeps: run as root, or install them yourself: apt-get install ${want[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
