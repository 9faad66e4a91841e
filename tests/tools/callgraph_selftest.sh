#!/usr/bin/env bash
# callgraph_selftest.sh - the call-graph tool on its fixtures: a 3-file cycle it must
# find (and name, leaving out the leaf file), an acyclic tree whose fake edges (a static
# function named like another file's global, calls inside comments, strings, macros,
# '#if 0', members, function-pointer parameters) it must not see, and its usage errors.
# usage: callgraph_selftest.sh CALLGRAPH FIXTURES_DIR
set -u
bin=$1
cd "$2" || exit 1
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }

out=$("$bin" cycle)
rc=$?
echo "$out"
check '[ $rc -eq 1 ]' "a cycle exits 1"
check 'grep -qx "cycle 1: 3 files: cycle/a.c cycle/b.c cycle/c.c" <<<"$out"' "the cycle names a.c, b.c and c.c"
check '[ $(grep -c "^cycle " <<<"$out") -eq 1 ]' "one cycle"
check 'grep -qx "  cycle/a.c -> cycle/b.c (b_second, line 6)" <<<"$out" && grep -qx "  cycle/b.c -> cycle/c.c (c_third, line 5)" <<<"$out" && grep -qx "  cycle/c.c -> cycle/a.c (a_first, line 5)" <<<"$out"' "each edge of the cycle with its call"
check '! grep -q "d\.c" <<<"$(grep -v "^callgraph:" <<<"$out")"' "the leaf d.c is not in the cycle"

out=$("$bin" acyclic)
rc=$?
echo "$out"
check '[ $rc -eq 0 ]' "an acyclic tree exits 0"
check 'grep -qx "callgraph: 3 files, 2 file-level edges, 0 cycles" <<<"$out"' "acyclic: 3 files, 2 edges, no cycle"
edges=$("$bin" --dot acyclic | grep -- "->" | sed -E 's/ \[.*//; s/^ +//' | tr '\n' ';')
check '[ "$edges" = "\"acyclic/x.c\" -> \"acyclic/y.c\";\"acyclic/y.c\" -> \"acyclic/z.c\";" ]' "the edges are x -> y and y -> z only: $edges"
defs=$("$bin" --defs acyclic | tr '\n' ';')
want="acyclic/x.c static shared;acyclic/x.c global x_api;acyclic/y.c static widen;acyclic/y.c static narrow;acyclic/y.c static through;acyclic/y.c static member;acyclic/y.c global y_api;acyclic/z.c global shared;"
check '[ "$defs" = "$want" ]' "the definitions, static or global, both #ifdef branches kept in step: $defs"

"$bin" >/dev/null 2>&1
check '[ $? -eq 2 ]' "no directory: exit 2"
err=$("$bin" no-such-dir 2>&1 >/dev/null)
check '[ $? -eq 2 ] && [ $(wc -l <<<"$err") -eq 1 ] && grep -q "no-such-dir" <<<"$err"' "a missing directory: one line, exit 2: $err"
"$bin" --bogus cycle >/dev/null 2>&1
check '[ $? -eq 2 ]' "an unknown option: exit 2"
[ $fail -eq 0 ] && echo "callgraph_selftest: all checks passed"
exit $fail
