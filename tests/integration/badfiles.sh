#!/bin/bash
# Bad files, through the real binary, into every loader: profiles (profile lint),
# deployments (audit, which stops before it probes anything), results (report,
# diff on either side, merge).  Each file has one thing wrong: cut short, a wrong
# type, random bytes (1 MB), empty, a directory, an unknown role, an unknown
# profile, a port of 70000, a bad address or state.  Each must give exit 2 and
# exactly one line on stderr that says where: FILE:LINE:COLUMN for what is in the
# file, FILE itself for a file that cannot be read as one (a directory); never a
# crash (the sanitizer build runs this too).  No lab, no root needed.
. "$(dirname "$0")/lib.sh"

D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
cd "$D" || exit 1
DATA=$top_srcdir/tests/integration/data
MS=$top_srcdir/profiles/cisco-mediasense.json

# bad WHERE FILE CMD...: exit 2 and one line naming FILE (WHERE: pos = with
# LINE:COLUMN, name = the name alone will do).
bad() {
	local where=$1 file=$2 re lines
	shift 2
	expect_exit 2 "$@"
	lines=$(printf '%s\n' "$ERR" | grep -c .)
	re=$(printf '%s' "$file" | sed 's/[.[\*^$]/\\&/g')
	[ "$where" = pos ] && re="$re:[0-9]+:[0-9]+: " || re="$re(:[0-9]+:[0-9]+)?: "
	check "$* : one line (got $lines)" test "$lines" = 1
	check "$* : names $file$([ "$where" = pos ] && echo ":LINE:COLUMN")" \
		grep -Eq "(^|: )$re" <<<"$ERR"
}

differs() { ! cmp -s "$1" "$2"; }

head -c 1048576 /dev/urandom >random.bin
mkdir adir
: >empty.json

# --- profiles: portproof profile lint ---
profile() { # NAME SERVICE-JSON: a minimal profile with one service
	printf '{"schema": "portproof-profile/1", "id": "t", "product": "T",
 "document": {"title": "T", "file": "t.txt"}, "zones": {"any": "anyone"},
 "roles": {"r": {"description": "the role"}},
 "services": [%s]}\n' "$2" >"$1"
}
SVC='"id": "s", "proto": "tcp", "roles": ["r"], "from": ["any"], "requirement": "mandatory", "kind": "listen", "ref": "x"'
profile p-good.json "{$SVC, \"ports\": \"22\"}"
expect_exit 0 "$PORTPROOF" profile lint p-good.json
profile p-port-70000.json "{$SVC, \"ports\": \"70000\"}"
profile p-wrong-type.json "{$SVC, \"ports\": 22}"
profile p-unknown-role.json "{$(sed 's/"r"\]/"nosuch"]/' <<<"$SVC"), \"ports\": \"22\"}"
head -c 3000 "$MS" >p-truncated.json
for f in p-port-70000.json p-wrong-type.json p-unknown-role.json p-truncated.json \
	random.bin empty.json; do
	bad pos $f "$PORTPROOF" profile lint $f
done
bad name adir "$PORTPROOF" profile lint adir

# --- deployments: portproof audit ---
deploy() { # NAME HOST-JSON [TOP-LEVEL EXTRA]
	printf '{"schema": "portproof-deployment/1", "name": "t", "vantage": "any",%s
 "hosts": [%s]}\n' "${3:-}" "$2" >"$1"
}
HOST='"name": "ms", "address": "198.18.1.10", "profile": "cisco-mediasense"'
deploy d-good.json "{$HOST, \"role\": \"primary\"}"
expect_exit 0 "$PORTPROOF" audit --dry-run d-good.json
deploy d-unknown-role.json "{$HOST, \"role\": \"tertiary\"}"
deploy d-unknown-profile.json "{$(sed 's/cisco-mediasense/no-such-product/' <<<"$HOST"), \"role\": \"primary\"}"
deploy d-bad-address.json "{$(sed 's/1\.10/1.300/' <<<"$HOST"), \"role\": \"primary\"}"
deploy d-wrong-type.json "{$HOST, \"role\": [\"primary\"]}"
deploy d-unknown-vantage.json "{$HOST, \"role\": \"primary\"}" ' "features": 7,'
head -c 150 d-good.json >d-truncated.json
for f in d-unknown-role.json d-unknown-profile.json d-bad-address.json d-wrong-type.json \
	d-unknown-vantage.json d-truncated.json random.bin empty.json; do
	bad pos $f "$PORTPROOF" audit $f
done
bad name adir "$PORTPROOF" audit adir
check "the unknown profile is named" grep -q no-such-product <<<"$(
	"$PORTPROOF" audit d-unknown-profile.json 2>&1)"

# --- results: portproof report, diff, merge ---
GOOD=$DATA/scan-a.json
sed 's/"port": 22,/"port": 70000,/' "$GOOD" >r-port-70000.json
sed 's/"sent": \([0-9]*\)/"sent": "\1"/' "$GOOD" >r-wrong-type.json
sed 's/"state": "open"/"state": "opened"/' "$GOOD" >r-bad-state.json
head -c 400 "$GOOD" >r-truncated.json
for f in r-port-70000.json r-wrong-type.json r-bad-state.json r-truncated.json random.bin \
	empty.json; do
	check "$f is not the good result" differs $f "$GOOD"
	# An empty result has no position to name: the file and "empty".
	where=pos
	[ $f = empty.json ] && where=name
	bad $where $f "$PORTPROOF" report $f
	bad $where $f "$PORTPROOF" diff $f "$GOOD"
	bad $where $f "$PORTPROOF" diff "$GOOD" $f
	bad $where $f "$PORTPROOF" merge $f
done
bad name adir "$PORTPROOF" report adir
bad name adir "$PORTPROOF" diff "$GOOD" adir
bad name adir "$PORTPROOF" merge adir

finish
