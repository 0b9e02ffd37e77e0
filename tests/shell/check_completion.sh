#!/usr/bin/env bash
# The completion scripts in the real shells. bash: loaded as ~/.bashrc would, `complete -p`
# shows it registered and _hw4 (what bash runs on TAB) completes commands, modes, flags, formats,
# files and the tools' arguments. fish: `complete -C` asks fish itself. zsh (when installed): its
# completion builtins are replaced by functions that print what they are offered.
#   usage: check_completion.sh HW4_BINARY
set -euo pipefail
hw4=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for shell in bash zsh fish; do "$hw4" completion "$shell" > "$work/hw4.$shell"; done
mkdir "$work/files" && touch "$work/files/net.json" "$work/files/notes.txt"

bash --norc --noprofile -c '
  set -u
  source "$1"
  cd "$2"
  [[ $(complete -p hw4) == "complete -o filenames -F _hw4 hw4" ]] || { echo "complete -p: $(complete -p hw4)"; exit 1; }
  failed=0
  offered() {  # offered WORDS...: what TAB offers for the last word
    COMP_WORDS=(hw4 "$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _hw4
    echo "${COMPREPLY[*]}"
  }
  sorted() { tr " " "\n" <<< "$1" | sort | paste -sd" "; }
  is() {  # is "WANT" WORDS...: TAB offers exactly the words WANT, in any order
    local want got
    want=$(sorted "$1")
    shift
    got=$(sorted "$(offered "$@")")
    [[ $got == "$want" ]] || { echo "bash: hw4 $*<TAB>: want \"$want\", got \"$got\""; failed=1; }
  }
  has() {  # has "WANT" WORDS...: TAB offers WANT among others
    local want=$1 got
    shift
    got=$(offered "$@")
    [[ " $got " == *" $want "* ]] || { echo "bash: hw4 $*<TAB>: want \"$want\" among \"$got\""; failed=1; }
  }
  is cnn-params cnn
  [[ $(compgen -W "$(offered "")" -- cnn) == cnn-params ]] || { echo "compgen: cnn is not cnn-params"; failed=1; }
  has completion ""
  has --man --
  is "pairs grad train similar net.json notes.txt" skipgram ""
  is train skipgram tr
  is --corpus skipgram train --cor
  is --vectors-format skipgram train --vectors-f
  is --width beam-search --wi
  is "" beam-search decode --corpus        # not an option of beam-search
  is --standalone solve key.json --stand
  is "text markdown latex pdf json" solve key.json --format ""
  is "text markdown latex pdf json csv gradescope" grade key.json -f ""
  is "bash zsh fish" completion ""
  is "analyze train" schema autoencoder ""
  is skipgram schema sk
  is net.json cnn-params ne
  is net.json solve -o ne
  is "" skipgram train --epochs ne         # a number, not a file
  is "net.json notes.txt" grade key.json ""
  exit $failed
' _ "$work/hw4.bash" "$work/files"

if command -v fish > /dev/null; then
  fish_offers() {  # fish_offers "COMMAND LINE": what fish completes, one per line, no descriptions
    (cd "$work/files" && fish --no-config -c "source $work/hw4.fish; complete -C '$1'" | cut -f1)
  }
  fish_is() {  # fish_is "WANT" "COMMAND LINE": fish offers exactly the words WANT (in any order)
    local got want
    got=$(fish_offers "$2" | sort | tr '\n' ' ')
    want=$(tr ' ' '\n' <<< "$1" | sort | tr '\n' ' ')
    [[ $got == "$want" ]] || { echo "fish: $2<TAB>: want \"$want\", got \"$got\""; exit 1; }
  }
  fish_is cnn-params "hw4 cnn"
  fish_is train "hw4 skipgram tr"
  fish_is --vectors-format "hw4 skipgram train --vectors-f"
  fish_is "text markdown latex pdf json csv gradescope" "hw4 grade key.json --format "
  fish_is "bash zsh fish" "hw4 completion "
  fish_is net.json "hw4 cnn-params ne"
fi

if command -v zsh > /dev/null; then
  zsh -n "$work/hw4.zsh"
  # compadd, _describe, _files, _message and compdef exist only inside zsh's completion system;
  # here they print what they are given, and words/CURRENT/PREFIX are set as zsh sets them.
  zsh -f -c '
    compadd() { [[ $1 == -- ]] && shift; print -r -- "$@"; }
    _describe() { print -r -- ${${(P)4}%%:*}; }
    _files() { print -r -- "<files>"; }
    _message() { print -r -- "<$1>"; }
    compdef() { :; }
    source "$1"
    offered() { words=(hw4 "$@"); CURRENT=${#words}; PREFIX=${words[-1]}; _hw4 | tr "\n" " "; }
    check() { local want=$1; shift; local got=$(offered "$@"); [[ $got == "$want " ]] || { print "zsh: hw4 $*<TAB>: want \"$want\", got \"$got\""; exit 1; }; }
    check "cnn-params autoencoder gan-grad rnn-equal skipgram rnn-grad beam-search solve grade vary batch schema completion --help --version --man" ""
    check "pairs grad train similar <files>" skipgram ""
    check "text markdown latex pdf json csv gradescope" grade key.json --format ""
    check "<files>" solve -o ""
    check "bash zsh fish" completion ""
    check "analyze train" schema autoencoder ""
  ' _ "$work/hw4.zsh"
fi
echo "completion: ok"
