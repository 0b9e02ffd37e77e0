#!/usr/bin/env bash
# Set up hw4 on Debian 12: install the missing Debian packages (a no-op when all are there),
# then build.
#   scripts/setup.sh          Release build in build/release
#   scripts/setup.sh --test   Release and ASan+UBSan builds, then every test in both
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libeigen3-dev libgtest-dev
  libglpk-dev librapidcheck-dev
  libbenchmark-dev     # bench/ (HW4_BUILD_BENCHMARKS=ON)
  texlive-latex-base   # the tests compile every LaTeX answer with pdflatex
  python3-gensim       # skipgram train's vectors are loaded by gensim in a test (skipped without)
  bible-kjv time       # bench/skipgram_vs_gensim.py: the KJV corpus, /usr/bin/time
)
scripts/install-packages.sh "${packages[@]}"

jobs=$(nproc)
build() {  # build DIR [cmake options...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" > /dev/null
  cmake --build "$dir" -j"$jobs"
}

build build/release
if [ "${1:-}" = "--test" ]; then
  build build/asan -DHW4_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  ctest --test-dir build/release --output-on-failure -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build/asan --output-on-failure -j"$jobs"
fi
