#!/usr/bin/env bash
# Installs the tools the CLI-convention tests (tests/conventions.rs) check with when present:
# zsh and fish (`zsh -n`, `fish --no-execute` and fish's own completion of the generated scripts)
# groff (the man page renders without warnings) and Chromium (the batch report and the eval page
# render in a headless browser, tests/eval_page.rs). Without them those checks skip.
# Idempotent and quick: installs nothing, and touches no package list, when all are there.
set -euo pipefail

missing=()
command -v zsh >/dev/null 2>&1 || missing+=(zsh)
command -v fish >/dev/null 2>&1 || missing+=(fish)
command -v groff >/dev/null 2>&1 || missing+=(groff-base)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing ${missing[*]} (CLI convention checks)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
