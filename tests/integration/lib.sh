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

# The unprivileged user of the "no privilege" checks: uid 65534, no capabilities.
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"

# nobody_copy FILE...: what $NOBODY runs and reads, copied where it can read it,
# wherever the checkout lives (root's 0700 home, say): $NOBODY_DIR holds the
# binary, the profiles (pass --profile-dir "$NOBODY_DIR/profiles": a copied binary
# is not in its build tree) and FILEs.  It lies in the lab's temp dir (after
# lab_init), so lab_down removes it.
nobody_copy() {
	NOBODY_DIR=$LAB_DIR/nobody
	mkdir -p "$NOBODY_DIR" && cp "$PORTPROOF" "$NOBODY_DIR/portproof" &&
		cp -r "$top_srcdir/profiles" "$NOBODY_DIR/profiles" &&
		{ [ $# = 0 ] || cp "$@" "$NOBODY_DIR/"; } &&
		chmod 711 "$LAB_DIR" && chmod -R a+rX "$NOBODY_DIR" ||
		lab_fail "FAIL: cannot copy the files of the unprivileged run to $NOBODY_DIR"
	$NOBODY test -x "$NOBODY_DIR/portproof" -a -r "$NOBODY_DIR/profiles" ||
		lab_fail "FAIL: uid 65534 cannot read $NOBODY_DIR (is TMPDIR=${TMPDIR:-/tmp} readable by all?)"
}

# The closing line names the script, so that its log, shown among others, is not
# taken for the tally of the whole suite.
finish() {
	rm -f "$TMPERR"
	echo "$(basename "$0"): $((TESTS_RUN - TESTS_FAILED)) checks passed, $TESTS_FAILED failed"
	[ "$TESTS_RUN" -gt 0 ] && [ "$TESTS_FAILED" = 0 ]
}
