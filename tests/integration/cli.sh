#!/bin/bash
# The command line: version, help, the man page in step with --help, and bad option
# values rejected with exit 2 and one line naming the option and the value.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$PORTPROOF" --version
check "version line" [ "$OUT" = "portproof 0.1.0" ]
expect_exit 0 "$PORTPROOF" --help
check "help has the synopsis" grep -q 'portproof scan \[-p PORTS\]' <<<"$OUT"
check "help: the default rate is no ceiling" \
	grep -q -- '--rate PPS .*(default 0: no ceiling; the pace follows what the path takes)' <<<"$OUT"

# Every long option of --help is in the man page, and the synopsis lines match.
man="$top_builddir/man/portproof.1"
check "man page built" [ -s "$man" ]
for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$OUT" | sort -u); do
	esc=$(sed 's/-/\\\\-/g' <<<"$opt")
	check "man page documents $opt" grep -q -- "$esc" "$man"
done
for cmd in audit scan profile report diff merge; do
	check "man synopsis has $cmd" grep -q "fBportproof $cmd" "$man"
done

# Bad values: exit 2, one line, naming the option and the value.
bad() {
	local opt=$1 val=$2
	shift 2
	expect_exit 2 "$PORTPROOF" "$@"
	check "one line for $opt $val" [ "$(wc -l <<<"$ERR")" = 1 ]
	check "error names $opt" grep -q -- "$opt" <<<"$ERR"
	check "error names '$val'" grep -qF -- "$val" <<<"$ERR"
}
bad -p 99999 scan -p 99999 198.18.0.2
bad -p 0 scan -p 0 198.18.0.2
bad -p 2000-1000 scan -p 2000-1000 198.18.0.2
bad -p xyz scan -p 22,xyz 198.18.0.2
bad -p 65536 scan -p T:22,U:65536 198.18.0.2
bad --rate fast scan --rate fast 198.18.0.2
bad --rate -5 scan --rate -5 198.18.0.2
bad --max-rate 1e3 scan --max-rate 1e3 198.18.0.2
bad --min-rate slow scan --min-rate slow 198.18.0.2
bad --min-rate 5000 scan --rate 1000 --min-rate 5000 198.18.0.2
bad --retries 1000 scan --retries 1000 198.18.0.2
bad --max-rtt-timeout 0 scan --max-rtt-timeout 0 198.18.0.2
bad --shard 3/2 scan --shard 3/2 198.18.0.2
bad --shard x scan --shard x 198.18.0.2
bad --seed 1e3 scan --seed 1e3 198.18.0.2
bad --fail-under 101 audit --fail-under 101 site.json
bad --sweep some audit --sweep some site.json
bad --range-sample 0 audit --range-sample 0 site.json
bad --zone mgmt profile firewall x --zone mgmt
bad --bogus --bogus scan --bogus 198.18.0.2
# Where profiles are found: a build finds the source tree's; $PORTPROOF_PROFILE_PATH
# and --profile-dir come first.
expect_exit 0 "$PORTPROOF" profile list
check "a build finds the source tree's profiles" grep -q '^cisco-mediasense' <<<"$OUT"
pdir=$(mktemp -d)
sed 's/"id": "cisco-mediasense"/"id": "lab-only"/' "$top_srcdir/profiles/cisco-mediasense.json" \
	>"$pdir/lab-only.json"
PORTPROOF_PROFILE_PATH="/nonexistent:$pdir" expect_exit 0 "$PORTPROOF" profile list
check "PORTPROOF_PROFILE_PATH is searched" grep -q '^lab-only' <<<"$OUT"
expect_exit 0 "$PORTPROOF" profile ports lab-only --role primary --profile-dir "$pdir"
check "--profile-dir is searched" grep -q 'api-https' <<<"$OUT"
expect_exit 2 "$PORTPROOF" profile ports lab-only --role primary
check "a profile outside the path is not found" grep -q 'lab-only' <<<"$ERR"
rm -rf "$pdir"

expect_exit 2 "$PORTPROOF" frobnicate
check "unknown command named" grep -q frobnicate <<<"$ERR"
expect_exit 2 "$PORTPROOF"

finish
