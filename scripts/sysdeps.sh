#!/usr/bin/env bash
# Debian packages panelpress needs outside Python, installed with apt-get when missing.
#   sysdeps.sh build   fonts for the PDFs and printed slides, Node.js/npm for reveal.js
#   sysdeps.sh test    the above, plus Chromium for browser tests and poppler-utils for PDF checks
# Fonts (the families src/panelpress/glyphs.py names), so that every character prints:
#   fonts-dejavu-core       Latin with accents, Greek, Cyrillic (also Arabic, Hebrew)      3 MB
#   fonts-noto-core         Devanagari and the other Indic scripts, Thai, Arabic, Hebrew,
#                           Ethiopic, Armenian, Georgian, symbols and many more            43 MB
#   fonts-noto-cjk          Chinese, Japanese, Korean                                       91 MB
#   fonts-noto-color-emoji  emoji (colour bitmaps; WeasyPrint and Chromium draw them)      11 MB
# When everything is installed this costs one fc-list call and a few `command -v`.
set -euo pipefail
want=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || want+=("$2"); }
families=$(fc-list : family 2>/dev/null || true)  # once: each family below is looked up in it
need_font() { grep -qiF "$1" <<<"$families" || want+=("$2"); }

need_cmd fc-list fontconfig
need_font "DejaVu Sans" fonts-dejavu-core
need_font "Noto Sans Devanagari" fonts-noto-core
need_font "Noto Sans CJK" fonts-noto-cjk
need_font "Noto Color Emoji" fonts-noto-color-emoji
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
