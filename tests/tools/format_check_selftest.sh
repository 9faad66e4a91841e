#!/usr/bin/env bash
# format_check_selftest.sh - format_check.sh on a scratch tree with the repo's
# .clang-format: a formatted file passes, a badly indented one fails and is the one
# named, files under build*/ are not checked, and a tree without .clang-format is exit 2.
# usage: format_check_selftest.sh SOURCE_DIR
set -u
src=$1
script=$src/tests/tools/format_check.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }

cp "$src/.clang-format" "$tmp/"
mkdir -p "$tmp/lib" "$tmp/build-x"
printf 'int add(int a, int b) { return a + b; }\n' >"$tmp/lib/good.c"
printf 'int   x ;\n' >"$tmp/build-x/generated.c"
out=$(bash "$script" "$tmp")
check '[ $? -eq 0 ] && grep -q "all 1 .c/.h files" <<<"$out"' "a formatted tree passes: $out"

printf 'int sub(int a,int b){\nreturn a-b;}\n' >"$tmp/lib/bad.h"
out=$(bash "$script" "$tmp")
rc=$?
echo "$out"
check '[ $rc -eq 1 ]' "an unformatted file fails"
check 'grep -qx "  lib/bad.h" <<<"$out" && ! grep -q "good.c\|generated.c" <<<"$out"' "only the unformatted file is named"

rm "$tmp/.clang-format"
bash "$script" "$tmp" >/dev/null 2>&1
check '[ $? -eq 2 ]' "no .clang-format: exit 2"
[ $fail -eq 0 ] && echo "format_check_selftest: all checks passed"
exit $fail
