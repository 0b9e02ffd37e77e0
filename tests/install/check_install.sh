#!/usr/bin/env bash
# `cmake --install` into a temporary prefix and `cpack -G DEB` from the build folder BUILD. The
# prefix holds the binary, hw4(1), the completions, the docs and the data, and the installed hw4
# solves the installed seed problem set. The package's Depends (dpkg-deb -I) are exactly the
# packages of the shared libraries its ELF files link, and its extracted hw4 solves the seed
# problem set and counts an ONNX model.
#   usage: check_install.sh BUILD
set -euo pipefail
build=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "check_install: $*" >&2; exit 1; }

# The seed problem set has refuted claims: exit 1, with the answer key printed.
solves_the_seed() {  # solves_the_seed ROOT (a prefix: ROOT/bin/hw4, ROOT/share/doc/hw4/data)
  local status=0
  "$1/bin/hw4" solve "$1/share/doc/hw4/data/hw4.json" > "$work/key.txt" 2> "$work/key.err" || status=$?
  [ "$status" -eq 1 ] || { cat "$work/key.err"; fail "$1/bin/hw4 exits $status on the seed problem set"; }
  grep -q "claims confirmed" "$work/key.txt" || fail "$1/bin/hw4 printed no answer key"
  # torchvision's ResNet-18 has 11,689,512 parameters (docs/cnn-params.md), counted through the
  # ONNX module installed beside the binary (LD_DEBUG names what the loader opens), not the
  # build tree's.
  LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" "$1/bin/hw4" cnn-params count \
    "$1/share/doc/hw4/data/networks/resnet18_preserve.onnx" > "$work/onnx.txt" || fail "$1/bin/hw4 cannot count an ONNX model"
  grep -q "file=$1/lib/hw4/hw4-onnx.so " "$work"/ld.* || fail "$1/bin/hw4 did not load $1/lib/hw4/hw4-onnx.so"
  rm "$work"/ld.*
  grep -q "= 11689512$" "$work/onnx.txt" || fail "$1/bin/hw4: the ONNX ResNet-18 does not have 11689512 parameters"
}

cmake --install "$build" --prefix "$work/prefix" > /dev/null
for f in bin/hw4 lib/hw4/hw4-onnx.so share/man/man1/hw4.1 share/bash-completion/completions/hw4 \
         share/zsh/vendor-completions/_hw4 share/fish/vendor_completions.d/hw4.fish \
         share/doc/hw4/README.md share/doc/hw4/CHANGELOG.md share/doc/hw4/docs/solve.md \
         share/doc/hw4/data/hw4.json share/doc/hw4/data/examples/skipgram; do
  [ -e "$work/prefix/$f" ] || fail "cmake --install did not install $f"
done
cmp -s "$work/prefix/share/man/man1/hw4.1" <("$work/prefix/bin/hw4" --man) || fail "the installed hw4.1 is stale"
solves_the_seed "$work/prefix"

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package" > "$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(ls "$work"/package/*.deb)
dpkg-deb -I "$deb" > "$work/info.txt"
grep -q "^ Package: hw4$" "$work/info.txt" || fail "the package is not called hw4"
sed -n 's/^ Depends: //p' "$work/info.txt" | tr ',' '\n' | sed 's/[(|].*//; s/ //g' | sort -u > "$work/depends"
echo "Depends: $(paste -sd' ' "$work/depends")"

# The packages of the libraries the package's ELF files link (the binary, and any module).
dpkg-deb -x "$deb" "$work/root"
: > "$work/linked"
while IFS= read -r elf; do
  for lib in $(readelf -d "$elf" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p'); do
    dpkg -S "*/$lib" 2> /dev/null | cut -d: -f1 | sort -u > "$work/owners" ||
      fail "no package owns $lib, which $elf links"
    grep -qxFf "$work/owners" "$work/depends" || fail "$elf links $lib ($(paste -sd' ' "$work/owners")), not in Depends"
    cat "$work/owners" >> "$work/linked"
  done
done < <(find "$work/root" -type f -exec file {} + | sed -n 's/: *ELF .*//p')
while IFS= read -r package; do
  grep -qxF "$package" "$work/linked" || fail "Depends names $package, but no file of the package links it"
done < "$work/depends"

solves_the_seed "$work/root/usr"
echo "installed and packaged: $(basename "$deb")"
