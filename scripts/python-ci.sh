#!/usr/bin/env bash
# The Python package's CI: build and install python/ (PyO3 + maturin) into a virtual environment
# with its test dependencies, build the gograde CLI the tests compare against, and run pytest.
#
#   scripts/python-ci.sh [PYTEST ARGS...]
#
# Needs python3 (3.9+) and the Rust toolchain; everything else comes from PyPI. On Debian, a
# missing python3 or venv module is installed with apt-get when running as root.
# Environment: GOGRADE_PY_VENV (default target/python-ci-venv, kept between runs so that pip's
# downloads are not repeated), CARGO_TARGET_DIR (default target/: the extension reuses the
# dependencies the root crate's release build compiled), CARGO_BUILD_JOBS.
# Exits non-zero when the install or any test fails, and when pytest collects no test.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
start=$SECONDS

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
case "$CARGO_TARGET_DIR" in /*) ;; *) CARGO_TARGET_DIR="$root/$CARGO_TARGET_DIR" ;; esac
export CARGO_TERM_COLOR=never
venv="${GOGRADE_PY_VENV:-$CARGO_TARGET_DIR/python-ci-venv}"
python="${PYTHON:-python3}"

apt_install() {
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "== apt-get install $*"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    echo "python-ci: cannot install $* (not root, or no apt-get)" >&2
    return 1
  fi
}

command -v "$python" >/dev/null 2>&1 || apt_install python3 python3-venv python3-pip
command -v cargo >/dev/null 2>&1 || { echo "python-ci: cargo is not on PATH" >&2; exit 1; }

echo "== virtual environment: $venv"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
  rm -rf "$venv"
  if ! "$python" -m venv "$venv" >/dev/null 2>&1; then
    rm -rf "$venv"
    pyver=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    apt_install "python$pyver-venv" || apt_install python3-venv
    "$python" -m venv "$venv"
  fi
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input)
"${pip[@]}" install --quiet --upgrade pip

echo "== pip install ./python[test] (builds the extension with maturin)"
# [test] brings pytest, pandas and dask[dataframe,distributed] (whose versions must match).
"${pip[@]}" install --quiet "./python[test]"
"$venv/bin/python" -c 'import gograde; print("gograde", gograde.__version__, "from", gograde.__file__)'

echo "== cargo build --release --bin gograde (the CLI the tests compare against)"
cargo build --locked --release --quiet --bin gograde
export GOGRADE_CLI="$CARGO_TARGET_DIR/release/gograde"

echo "== pytest python/tests"
set +e
"$venv/bin/pytest" -p no:cacheprovider -q "$root/python/tests" "$@"
status=$?
set -e
echo "python-ci: pytest exit $status after $((SECONDS - start)) s"
if [[ $status -eq 5 ]]; then
  echo "python-ci: pytest collected no test" >&2
  exit 1
fi
exit "$status"
