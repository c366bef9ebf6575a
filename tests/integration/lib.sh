# Common helpers of the integration tests: where things are, and how to fail.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${PORTPROOF:=$top_builddir/src/portproof}"
PP_LISTEN="$top_builddir/tests/lab/pp-listen"
export top_srcdir top_builddir PORTPROOF PP_LISTEN

TESTS_RUN=0
TESTS_FAILED=0

fail() {
	echo "FAIL: $*" >&2
	TESTS_FAILED=$((TESTS_FAILED + 1))
}

ok() {
	echo "ok: $*"
}

# check NAME CONDITION-COMMAND...: one assertion.
check() {
	local name=$1
	shift
	TESTS_RUN=$((TESTS_RUN + 1))
	if "$@"; then ok "$name"; else fail "$name"; fi
}

# expect_exit CODE CMD...: runs CMD, keeps stdout/stderr in $OUT/$ERR, checks the code.
expect_exit() {
	local want=$1 got
	shift
	OUT=$("$@" 2>"$TMPERR")
	got=$?
	ERR=$(cat "$TMPERR")
	TESTS_RUN=$((TESTS_RUN + 1))
	if [ "$got" = "$want" ]; then
		ok "exit $want: $*"
	else
		fail "exit $got, wanted $want: $* (stderr: $ERR)"
	fi
}

TMPERR=$(mktemp)

finish() {
	rm -f "$TMPERR"
	echo "$((TESTS_RUN - TESTS_FAILED)) passed, $TESTS_FAILED failed"
	[ "$TESTS_RUN" -gt 0 ] && [ "$TESTS_FAILED" = 0 ]
}
