#!/bin/bash
# portproof audit on the simulated deployments of the other three seed products,
# each built from its profile with a fault of every verdict kind
# (tests/lab/content-server.sh, telepresence.sh, equinox.sh): every judged port
# of the result has the verdict, severity and reason of the lab's ground truth
# (tests/lab/PRODUCT/faults.json: each fault, pass everywhere else, the
# summary's counts), and the text report has one finding line per fault and the
# same summary; exit 1.  Equinox's Elite MCU has its TCP range sampled at 18
# ports and its UDP one at 6.  The TelePresence audit is run again with Linux's own
# ICMP rate limits on its targets, as a real server has: still every verdict
# right, and the TCP port its firewall rejects reads icmp-admin-prohibited (the
# ICMP errors it is due go before the UDP ones).  Needs root (the lab).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/products.sh"
. "$top_srcdir/tests/lab/content-server.sh"
. "$top_srcdir/tests/lab/telepresence.sh"
. "$top_srcdir/tests/lab/equinox.sh"

: "${PYTHON3:=python3}"
CHECK="$PYTHON3 $top_srcdir/tests/integration/audit-check.py"

# product NAME LAB-FUNCTION SITE FAULTS [CHECK...]: build the lab, audit it from
# the jump host, check the result and the text against the ground truth, and
# (each CHECK: audit-check.py's arguments after the result) more, tear it down.
product() {
	local name=$1 build=$2 site=$3 faults=$4 c
	lab_init "$name"
	$build
	expect_exit 1 lab_exec jump "$PORTPROOF" audit --rate 0 -q "$site" -o "$LAB_DIR/result.json"
	"$PORTPROOF" report "$LAB_DIR/result.json" >"$LAB_DIR/result.txt"
	check "$name: every verdict as the lab built it, in the result and the text" \
		$CHECK lab "$faults" "$LAB_DIR/result.json" "$LAB_DIR/result.txt"
	shift 4
	for c in "$@"; do
		# shellcheck disable=SC2086
		check "$name: ${c%% *} ${c#* }" $CHECK ${c%% *} "$LAB_DIR/result.json" ${c#* }
	done
	lab_down
}

product content-server lab_content_server "$CS_SITE" "$CS_FAULTS"
product telepresence lab_telepresence "$TP_SITE" "$TP_FAULTS"
# The Elite MCU's ranges: TCP sampled at 18 ports, UDP (whose closed ports cost
# the target's ICMP errors) at 6.  The media server's UDP 12000-13200 and
# 16384-16984 lie in its 6000-17999: sampled as one, the large range's six points
# and each nested range's own ends, 10 ports, not 18.
product equinox lab_equinox "$EQ_SITE" "$EQ_FAULTS" \
	"samples eq-elite tcp 1024-1324 18" "samples eq-elite udp 12000-13200 6" \
	"samples eq-media udp 6000-17999 6" "samples eq-media udp 12000-13200 2" \
	"samples eq-media udp 16384-16984 2"
LAB_ICMP_RATELIMIT=default product telepresence-limited lab_telepresence "$TP_SITE" "$TP_FAULTS"

finish
