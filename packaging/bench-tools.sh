#!/usr/bin/env bash
# Installs what the benchmarks need besides Python (strace, to count disk flushes) on Debian/Ubuntu as root when it
# is missing; otherwise says nothing. Without it, the flush benchmark is reported as "not measured".
set -u
pkgs=(strace)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "cafepos: the benchmarks need these system packages, please install them: ${missing[*]}" >&2
  exit 0
fi
echo "cafepos: installing the tools the benchmarks need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "cafepos: could not install ${missing[*]}; disk flushes will not be measured" >&2
