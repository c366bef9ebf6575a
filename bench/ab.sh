#!/bin/bash
# bench/ab.sh: two portproof binaries against each other on the one-target TCP
# scan of bench/run.sh's scenario 1 (a -p- of one lab target, IPv4 and IPv6),
# interleaved run by run so that both meet the same load; prints each one's
# medians of wall time and of task-clock (perf stat: the CPU the scan used, the
# kernel's work in its context included, which on a shared machine moves less
# than wall time).  Run as root from a build tree:
#
#   bench/ab.sh OLD_PORTPROOF NEW_PORTPROOF [ROUNDS]     (default 10 rounds)
#
# The target: pp-listen on 4 ports, 10 dropped by nftables, 11 rejected with a
# TCP reset, the rest closed.  Each run is bounded by timeout(1); the lab
# (198.18.0.0/15 and 2001:2::/48 only) is torn down on exit.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
: "${PYTHON3:=python3}"

[ $# -ge 2 ] || { echo "usage: bench/ab.sh OLD_PORTPROOF NEW_PORTPROOF [ROUNDS]" >&2; exit 2; }
OLD=$1 NEW=$2 ROUNDS=${3:-10}
for f in "$OLD" "$NEW" "$PP_LISTEN"; do
	[ -x "$f" ] || { echo "bench/ab.sh: $f is not an executable" >&2; exit 2; }
done
command -v perf >/dev/null || { echo "bench/ab.sh: perf missing: apt-get install linux-perf" >&2; exit 2; }

lab_init ab
lab_ns jump
lab_ns t
lab_link jump "198.18.0.1/24 2001:2::1/64" t "198.18.0.2/24 2001:2::2/64"
lab_bg t "$PP_LISTEN" -a 198.18.0.2 22,80,443,5060
lab_bg t "$PP_LISTEN" -a 2001:2::2 22,80,443,5060
lab_exec t nft -f - <<'NFT' || lab_fail "nft rules not loaded"
table inet lab {
	chain in {
		type filter hook input priority 0;
		tcp dport 81-90 drop
		tcp dport 100-110 reject with tcp reset
	}
}
NFT
runs=$LAB_DIR/runs
for i in $(seq "$ROUNDS"); do
	for a in 198.18.0.2 2001:2::2; do
		for which in old new; do
			bin=$OLD
			[ $which = new ] && bin=$NEW
			s=$(date +%s%N)
			tc=$(lab_exec jump timeout 60 perf stat -x, -e task-clock "$bin" scan -p- "$a" \
				-o /dev/null 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}')
			e=$(date +%s%N)
			echo "$which $a $(((e - s) / 1000000)) ${tc:-0}" >>"$runs"
		done
	done
done
echo "bench/ab.sh: $ROUNDS rounds; load $(cut -d' ' -f1-3 /proc/loadavg) at the end"
"$PYTHON3" - "$runs" "$OLD" "$NEW" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    which, addr, wall, tc = line.split()
    runs.setdefault((addr, which), []).append((int(wall), float(tc)))
print("| target | binary | wall median ms | task-clock median ms | task-clock min ms | runs |")
print("|---|---|---:|---:|---:|---:|")
for addr in ("198.18.0.2", "2001:2::2"):
    for which, path in (("old", sys.argv[2]), ("new", sys.argv[3])):
        v = runs.get((addr, which), [])
        if not v:
            continue
        print("| %s | %s | %d | %.1f | %.1f | %d |" % (
            addr, path, statistics.median(w for w, _ in v),
            statistics.median(t for _, t in v), min(t for _, t in v), len(v)))
PY
rm -f "$TMPERR" # the lab goes with the exit (lab.sh's trap)
