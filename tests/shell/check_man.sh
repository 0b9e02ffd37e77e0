#!/usr/bin/env bash
# hw4(1), as the build wrote it: the same as `hw4 --man` prints, and man -l renders it without a
# single warning from groff, with the commands in it.
#   usage: check_man.sh PAGE HW4_BINARY
set -euo pipefail
page=$1 hw4=$2
cmp -s "$page" <("$hw4" --man) || { echo "$page is not what $hw4 --man prints"; exit 1; }
for level in "" "=all"; do
  warnings=$(MANWIDTH=80 man --warnings$level -E UTF-8 -l "$page" 2>&1 > /dev/null)
  [ -z "$warnings" ] || { echo "man --warnings$level -l $page:"; echo "$warnings"; exit 1; }
done
rendered=$(MANWIDTH=80 man -E UTF-8 -l "$page" 2> /dev/null)
for c in "hw4 cnn-params count" "hw4 skipgram train" "--vectors-format" "hw4 completion bash|zsh|fish"; do
  grep -qF -- "$c" <<< "$rendered" || { echo "man -l $page does not show \"$c\""; exit 1; }
done
echo "man page: ok"
