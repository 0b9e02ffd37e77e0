#!/usr/bin/env bash
# Set up hw4 on Debian 12: install the missing Debian packages (a no-op when all are there),
# then build.
#   scripts/setup.sh          what building hw4 needs, then the hw4 binary alone (build/release)
#   scripts/setup.sh --test   also what the tests need; Release and ASan+UBSan builds of
#                             everything, then every test in both
set -euo pipefail
cd "$(dirname "$0")/.."

# Building and running hw4.
packages=(
  cmake g++ make pkg-config
  libcli11-dev libfmt-dev nlohmann-json3-dev libeigen3-dev libglpk-dev
  libonnx-dev libprotobuf-dev  # cnn-params reads exported ONNX models
)
# The tests, the benchmarks and the package.
test_packages=(
  libgtest-dev librapidcheck-dev
  python3-onnx python3-torch python3-torchvision  # data/networks/*onnx*.py, bench/cnn_params.sh
  libbenchmark-dev     # bench/ (HW4_BUILD_BENCHMARKS=ON)
  texlive-latex-base   # the tests compile every LaTeX answer, and --format pdf, with pdflatex
  poppler-utils        # pdftoppm/pdfinfo: the PDF test looks at the pages
  python3-jsonschema   # the schema test validates every example with a real validator
  man-db groff-base    # `man -l` renders the generated man page in a test
  zsh fish             # the completion scripts are tested in each shell
  dpkg-dev file        # cpack's DEB generator: dpkg-shlibdeps finds the Depends
  python3-gensim       # skipgram train's vectors are loaded by gensim in a test (skipped without)
  bible-kjv time       # bench/skipgram_vs_gensim.py: the KJV corpus, /usr/bin/time
)
testing=false
[ "${1:-}" = "--test" ] && testing=true
if $testing; then
  scripts/install-packages.sh "${packages[@]}" "${test_packages[@]}"
else
  scripts/install-packages.sh "${packages[@]}"
fi

jobs=$(nproc)
# The library is compiled as a unity build (CMakeLists.txt, HW4_UNITY): about half the compiler
# time of a file-by-file build.
configure() {  # configure DIR [cmake options...]
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DHW4_BUILD_TESTS="$testing" -DHW4_UNITY=ON "$@" \
    > /dev/null
}

configure build/release
if ! $testing; then
  # README's first command: only the binary it runs, not the test suite.
  cmake --build build/release -j"$jobs" --target hw4
  exit 0
fi
cmake --build build/release -j"$jobs"
configure build/asan -DHW4_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build/asan -j"$jobs"
ctest --test-dir build/release --output-on-failure -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan --output-on-failure -j"$jobs"
