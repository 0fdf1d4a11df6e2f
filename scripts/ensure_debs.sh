#!/usr/bin/env bash
# Install the Debian packages the app or its tests need, when missing: ensure_debs.sh COMMAND=PACKAGE ...
# As root it runs apt-get; otherwise it prints the exact command and fails.
set -euo pipefail
missing=()
for spec in "$@"; do
  cmd="${spec%%=*}"; pkg="${spec#*=}"
  command -v "$cmd" >/dev/null 2>&1 || [ -x "$cmd" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "missing Debian packages. Run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
