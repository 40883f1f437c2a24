#!/usr/bin/env bash
# Install the Debian packages the tests and the grader need when they are missing: chromium (browser tests drive
# it with Playwright), bubblewrap (the grading sandbox) and PostgreSQL's server (the tests start their own, as an
# unprivileged user, to grade against a shared gradebook).
set -euo pipefail

declare -A needed=([chromium]=/usr/bin/chromium [bwrap]=/usr/bin/bwrap)
declare -A package=([chromium]=chromium [bwrap]=bubblewrap)

missing=()
for tool in "${!needed[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${package[$tool]}")
done
# Debian keeps the server's programs off PATH, one folder per major version
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}  (Debian/Ubuntu package names)" >&2
  exit 1
fi
