#!/usr/bin/env bash
# Shell completion and -h texts (issue 16, item 6):
# - -autocomplete-install / -uninstall edit ~/.bashrc of a temporary HOME as Packer 1.6.6 (posener/complete)
#   does: one "complete -C <absolute kiln> kiln" line, refused when already there / not there;
#   bash itself then registers kiln's completion from that file;
# - completion requests (COMP_LINE) answer commands, global flags and each command's flags;
# - every command accepts every flag Packer 1.6.6 completes for it (live packer);
# - `kiln CMD -h` lists exactly the flags the command's parser knows (asked through completion).
# usage: complete_test.sh KILN_BINARY PACKER_BINARY
set -u
kiln=$(realpath "$1")
packer=$(command -v "$2") || { echo "FAIL: $2 not found; this test compares with it"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
expect_eq() {  # what expected actual
  [ "$2" == "$3" ] || fail "$1: expected [$2], got [$3]"
}
complete_line() { COMP_LINE="$1" COMP_POINT=${#1} "$2" | sort; }

# --- install / uninstall in a temporary HOME
export HOME=$work/home
mkdir "$HOME"
"$kiln" -autocomplete-install 2>/dev/null && fail "install without ~/.bashrc succeeded"
[ -e "$HOME/.bashrc" ] && fail "install without ~/.bashrc created one"
printf '# mine\n' > "$HOME/.bashrc"
"$kiln" -autocomplete-install || fail "install exited $?"
expect_eq "bashrc after install" "$(printf '# mine\n\ncomplete -C %s kiln\n_' "$kiln")" "$(cat "$HOME/.bashrc"; echo _)"
registered=$(bash -c 'source "$HOME/.bashrc"; complete -p kiln')
expect_eq "bash's registration" "complete -C '$kiln' kiln" "$registered"
"$kiln" -autocomplete-install 2>/dev/null && fail "second install succeeded"
[ "$(grep -c '^complete -C' "$HOME/.bashrc")" == 1 ] || fail "second install added a line"
"$kiln" -autocomplete-uninstall || fail "uninstall exited $?"
expect_eq "bashrc after uninstall" "$(printf '# mine\n\n_')" "$(cat "$HOME/.bashrc"; echo _)"
"$kiln" -autocomplete-uninstall 2>/dev/null && fail "uninstall when not installed succeeded"

# --- completion requests
expect_eq "commands" "$(printf '%s\n' build console fix fmt hcl2_upgrade inspect validate version)" "$(complete_line 'kiln ' "$kiln")"
expect_eq "command prefix" "hcl2_upgrade" "$(complete_line 'kiln hc' "$kiln")"
expect_eq "global flags" "$(printf '%s\n' -autocomplete-install -autocomplete-uninstall -help -machine-readable -version)" \
  "$(complete_line 'kiln -' "$kiln")"
expect_eq "flag prefix" "$(printf '%s\n' -on-error -only)" "$(complete_line 'kiln build -o' "$kiln")"
expect_eq "fix flags" "$(printf '%s\n' -machine-readable -validate)" "$(complete_line 'kiln fix -' "$kiln")"
expect_eq "no flag asked" "" "$(complete_line 'kiln build ' "$kiln")"
expect_eq "unknown command" "" "$(complete_line 'kiln nope -' "$kiln")"

for command in build console fix fmt hcl2_upgrade inspect validate; do
  ours=$(complete_line "kiln $command -" "$kiln")
  # Packer's flags for the command, each one kiln must accept.
  for flag in $(complete_line "packer $command -" "$packer"); do
    grep -qx -- "$flag" <<<"$ours" || fail "kiln $command lacks Packer's flag $flag"
  done
  help=$("$kiln" "$command" -h) || fail "kiln $command -h exited $?"
  # The flags the help lists: lines "  -name ..." of its options.
  listed=$(sed -n 's/^  \(-[a-z0-9-]*\).*/\1/p' <<<"$help" | sort -u)
  expect_eq "kiln $command -h flags" "$(grep -vx -- -machine-readable <<<"$ours")" "$listed"
done

[ "$failed" == 0 ] && echo "PASS" && exit 0
exit 1
