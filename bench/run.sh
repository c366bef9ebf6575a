#!/bin/bash
# bench/run.sh: portproof against nmap, masscan and zmap in the namespace lab, every
# scenario in one run, so that the ratios between tools come from the same machine
# under the same load.  For each tool: wall time, probes per second, peak RSS and
# the states it got right against the lab's ground truth, with its time as a
# multiple of portproof's.  Prints markdown tables (bench/RESULTS.md keeps the
# latest run).  Run as root from a build tree (`make bench` does):
#
#   top_builddir=/path/to/build bench/run.sh [SCENARIO...]    (default: 1 to 8)
#
#   1  TCP, all 65535 ports of one target: listeners, a dropped range, rejects;
#      the same over IPv6 (portproof and nmap -6: masscan and zmap do not here)
#   2  65536 hosts x 1 port (a /16 answered by one namespace through a local
#      route); the lab's ceiling first, measured with bench/sendbench
#   3  65536 hosts x 100 ports: portproof's peak RSS and time
#   4  UDP: the UDP ports of the MediaSense and TelePresence profiles (their RTP
#      ranges sampled as the audit does) on three targets running the real daemons,
#      with closed, dropped and rejected ports, under Linux's ICMP rate limit
#   5  portproof audit of the three-node MediaSense lab, full TCP sweep included
#   6  paths that push back: a clean path, SYN-flood guards, a slow link and a
#      lossy one, portproof (default and --rate 0), nmap -T4, masscan (paths.sh)
#   7  TCP without privilege, all 65535 ports of one target as uid 65534:
#      portproof's connect method against nmap -sT (connect.sh)
#   8  portproof audit of the Equinox (seven roles), TelePresence and Content
#      Server labs (tests/lab/PRODUCT.sh) under Linux's default ICMP rate limit,
#      at its default settings, with --rate 0 and (Equinox, TelePresence) with -S
#      of four addresses of the jump, each verdict against the lab's ground
#      truth, beside the floor the targets' ICMP limits set
#
# Probes are counted where they arrive (an nftables counter in each target
# namespace, before any other rule), so every tool is counted alike, masscan's and
# zmap's packet sockets included.  Peak RSS is GNU time's maximum resident set.
# Every tool runs under timeout(1); each scenario builds its own lab (addresses in
# 198.18.0.0/15, no route out) and tears it down, also on failure.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$PWD}
. "$top_srcdir/tests/integration/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/mediasense.sh"
. "$top_srcdir/tests/lab/products.sh"
. "$top_srcdir/tests/lab/content-server.sh"
. "$top_srcdir/tests/lab/telepresence.sh"
. "$top_srcdir/tests/lab/equinox.sh"
. "$top_srcdir/bench/paths.sh"
. "$top_srcdir/bench/connect.sh"
: "${PYTHON3:=python3}"
SENDBENCH=${SENDBENCH:-$top_builddir/bench/sendbench}
SCORE="$PYTHON3 $top_srcdir/bench/score.py"
TIME=/usr/bin/time
JUMP=198.18.0.1

for f in "$PORTPROOF" "$PP_LISTEN" "$PP_UDPSERVE" "$SENDBENCH"; do
	[ -x "$f" ] || { echo "bench: $f not built (make bench builds it)" >&2; exit 2; }
done
[ -x $TIME ] || { echo "bench: GNU time missing: apt-get install time" >&2; exit 2; }
have() { command -v "$1" >/dev/null; }

# --- measuring ---

# The probes the targets received from the lab (198.18.0.0/15: the jump's address
# and masscan's own): nftables counters installed by count_probes NS in each
# target namespace (COUNT_NS).
count_probes() {
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft failed in $1"
table inet bench {
	chain pre {
		type filter hook prerouting priority -300;
		ip saddr 198.18.0.0/15 tcp flags & (syn | ack) == syn counter
		ip saddr 198.18.0.0/15 meta l4proto udp counter
		ip6 saddr 2001:2::/48 tcp flags & (syn | ack) == syn counter
		ip6 saddr 2001:2::/48 meta l4proto udp counter
	}
}
NFT
	COUNT_NS="$COUNT_NS $1"
}
probes() {
	local ns n=0 c
	for ns in $COUNT_NS; do
		for c in $(lab_exec "$ns" nft list table inet bench | sed -n 's/.*counter packets \([0-9]*\).*/\1/p'); do
			n=$((n + c))
		done
	done
	echo $n
}

# measure NAME LIMIT CMD...: CMD in the jump namespace under timeout LIMIT and GNU
# time; sets WALL (s), RSS (MB), PROBES, RC; stdout and stderr kept in $D/NAME.*.
measure() {
	local name=$1 limit=$2 c0 t0 t1
	shift 2
	c0=$(probes)
	t0=$(date +%s.%N)
	lab_exec jump $TIME -f %M -o "$D/$name.rss" timeout -k 5 "$limit" "$@" \
		>"$D/$name.out" 2>"$D/$name.err"
	RC=$?
	t1=$(date +%s.%N)
	PROBES=$(($(probes) - c0))
	WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
	RSS=$(tail -1 "$D/$name.rss" | awk '{ printf "%.1f", $1 / 1024 }')
	[ "$RC" = 124 ] && NOTE="timed out after $limit s; " || NOTE=""
}

# measure_median NAME N LIMIT CMD...: measure N times ({i} in CMD's arguments
# becomes the run's number, outputs $D/NAME-i.*) and keep the run of the median
# wall time: WALL, PROBES, RSS and NOTE as measure sets them, MED its number,
# RUNS every run's wall time.  For the comparisons the targets are about: the
# background load of a shared machine moves single runs a lot.
measure_median() {
	local name=$1 n=$2 limit=$3 i a args runs=()
	shift 3
	for i in $(seq 1 "$n"); do
		# BENCH_GAP seconds between runs: the targets' ICMP allowance back
		# (Linux: a burst of six, refilled at one a second).
		[ "$i" = 1 ] || [ -z "${BENCH_GAP:-}" ] || sleep "$BENCH_GAP"
		args=()
		for a in "$@"; do
			args+=("${a//\{i\}/$i}")
		done
		measure "$name-$i" "$limit" "${args[@]}"
		runs+=("$WALL $i $PROBES $RSS $RC")
	done
	read -r WALL MED PROBES RSS RC <<<"$(median "${runs[@]}")"
	[ "$RC" = 124 ] && NOTE="timed out after $limit s; " || NOTE=""
	RUNS=$(printf '%s\n' "${runs[@]}" | cut -d' ' -f1 | paste -sd' ')
}

# masscan's receive thread notices the end of its --wait only when a frame
# arrives: in a silent lab it sometimes sat 10-30 s past it.  While masscan runs,
# the target sends a datagram to the jump every 20 ms (heartbeat NS DST; stopped
# by heartbeat_stop), so that its time is its scan's.
heartbeat() {
	lab_exec "$1" "$PYTHON3" -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
while True:
    s.sendto(b"hb", (sys.argv[1], 9))
    time.sleep(0.02)' "$2" &
	HEARTBEAT=$!
	LAB_PIDS="$LAB_PIDS $HEARTBEAT"
}
heartbeat_stop() {
	kill "$HEARTBEAT" 2>/dev/null
	wait "$HEARTBEAT" 2>/dev/null
}

# The table: a header per scenario, a row per tool; ratios to the row named
# portproof (REF_WALL), set by the first row.
table_head() {
	echo
	echo "### $1"
	echo
	echo "| tool | wall s | probes | probes/s | peak RSS MB | states right | open found | time vs portproof | notes |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
}
# row TOOL SCORE-LINE [NOTES]: from WALL, PROBES, RSS and score.py's line (or
# "text:WHAT", WHAT in the states-right column).
row() {
	local tool=$1 sc=$2 notes=$3 right open pps ratio
	right=$(sed -n 's/.*right=\([^ ]*\) total=\([^ ]*\).*/\1\/\2/p' <<<"$sc")
	[ "$right" = "-/-" ] && right="n/a (open only)"
	open=$(sed -n 's/.*open_found=\([0-9]*\) open_total=\([0-9]*\).*/\1\/\2/p' <<<"$sc")
	case $sc in text:*) right=${sc#text:} sc="wrong=-" ;; esac
	case $sc in *false_open=0*) ;; *false_open=*) notes="${notes:+$notes; }$(sed -n 's/.*false_open=\([0-9]*\).*/\1/p' <<<"$sc") false open" ;; esac
	pps=$(awk -v p="$PROBES" -v w="$WALL" 'BEGIN { printf "%.0f", (w > 0 ? p / w : 0) }')
	[ -z "$REF_WALL" ] && REF_WALL=$WALL
	ratio=$(awk -v w="$WALL" -v r="$REF_WALL" 'BEGIN { printf "%.1fx", (r > 0 ? w / r : 0) }')
	echo "| $tool | $WALL | $PROBES | $pps | $RSS | ${right:--} | ${open:--} | $ratio | $NOTE${notes:--} |"
	case $sc in *wrong=-*) ;; *) echo "$tool: wrong: ${sc##*wrong=}" >>"$NOTES" ;; esac
}
skip_row() {
	echo "| $1 | - | - | - | - | - | - | - | $2 |"
}

# The scan phase of a portproof run (-v): seconds from the first probe to the end.
pp_elapsed() {
	sed -n 's/^portproof: \([0-9.]*\)s, .*/\1/p' "$1" | tail -1
}

# The engine's own account of a portproof run (-v): elapsed, sent, retransmitted.
pp_engine() {
	sed -n 's/^portproof: \([0-9.]*\)s, .* \([0-9]*\) sent (\([0-9]*\) retransmitted).*lost by the capture.*/scan phase \1 s, \2 sent (\3 re-sent)/p' "$1" | tail -1
}

# bench_done: BENCH_KEEP=DIR keeps every tool's output of the scenario in DIR/NAME;
# then the lab goes.
bench_done() {
	if [ -n "${BENCH_KEEP:-}" ]; then
		mkdir -p "$BENCH_KEEP/$LAB_NAME" && cp -r "$D"/. "$BENCH_KEEP/$LAB_NAME/"
	fi
	lab_down
}

# bench_init NAME: a lab (lab_init), its trap also removing our temp files.
bench_init() {
	lab_init "$1"
	LAB_NAME=$1
	trap 'rm -f "$NOTES" "$DETAILS"; lab_down' EXIT
	COUNT_NS=""
}

# The audit's own account (-v): its scan's seconds, probes and packets sent, and
# the listener check's ports and seconds.
pp_audit() {
	printf '%s%s\n' \
		"$(sed -n 's/^portproof: audit .*; \([0-9.]*\) s, \([0-9]*\) probes, \([0-9]*\) sent[^;]*; exit.*/scan \1 s, \2 probes, \3 sent/p' "$1" | tail -1)" \
		"$(sed -n 's/^portproof: listener check: \([0-9]*\) ports in \([0-9.]*\) s.*/; listener check \1 ports in \2 s/p' "$1" | tail -1)"
}

# --- 1: TCP, the full port range of one target ---

T1=198.18.0.2
T1_OPEN=22,80,443,8080,9000-9004,9006-9010,30000,40000-40010,65535
T1_DROP=5000-5099,9005
T1_REJECT=6000-6004,6100-6102
T1_TRUTH="$T1/tcp:1-65535:open=$T1_OPEN:filtered=$T1_DROP,$T1_REJECT"
# The same target's IPv6 address, the same listeners and rules.
T1_6=2001:2::2
T1_6_TRUTH="$T1_6/tcp:1-65535:open=$T1_OPEN:filtered=$T1_DROP,$T1_REJECT"

scenario1() {
	local IF TIF TMAC p n w rss probes open
	bench_init bench1
	lab_ns jump
	lab_ns t1
	lab_link jump "$JUMP/24 2001:2::1/64" t1 "$T1/24 $T1_6/64"
	IF=$LAB_LAST_A
	TIF=$LAB_LAST_B
	TMAC=$(lab_exec t1 cat /sys/class/net/"$TIF"/address)
	lab_bg t1 "$PP_LISTEN" -a $T1 "$T1_OPEN"
	lab_bg t1 "$PP_LISTEN" -a $T1_6 "$T1_OPEN"
	lab_exec t1 nft -f - <<NFT || lab_fail "nft failed"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport { $T1_DROP } drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
		tcp dport 6100-6102 reject with icmp type port-unreachable
		tcp dport 6000-6004 reject with icmpv6 type admin-prohibited
		tcp dport 6100-6102 reject with icmpv6 type port-unreachable
	}
}
NFT
	count_probes t1
	D=$LAB_DIR
	REF_WALL=""
	table_head "1. TCP, all 65535 ports of one target ($T1: 27 listening, 101 dropped, 8 rejected, the rest closed)"

	measure_median pp1 7 120 "$PORTPROOF" scan -v --rate 0 -p- --format json -o "$D/pp1-{i}.json" $T1
	row "portproof --rate 0 (median of 7)" "$($SCORE pp "$D/pp1-$MED.json" --truth "$T1_TRUTH")" \
		"runs $RUNS s; $(pp_engine "$D/pp1-$MED.err")"
	measure_median pp1d 7 120 "$PORTPROOF" scan -v -p- --format json -o "$D/pp1d-{i}.json" $T1
	row "portproof, its default settings (median of 7)" "$($SCORE pp "$D/pp1d-$MED.json" --truth "$T1_TRUTH")" \
		"runs $RUNS s; $(pp_engine "$D/pp1d-$MED.err")"
	if have nmap; then
		measure_median nmap4 3 300 nmap -n -Pn -sS -T4 -p- -oX "$D/nmap4-{i}.xml" $T1
		row "nmap -sS -T4 (median of 3)" "$($SCORE nmap "$D/nmap4-$MED.xml" --truth "$T1_TRUTH")" \
			"runs $RUNS s"
		measure nmap5 300 nmap -n -Pn -sS -T5 --min-rate 100000 -p- -oX "$D/nmap5.xml" $T1
		row "nmap -sS -T5 --min-rate 100000" "$($SCORE nmap "$D/nmap5.xml" --truth "$T1_TRUTH")" ""
	else
		skip_row nmap "not installed"
	fi
	if have masscan; then
		# masscan's own address (it answers ARP for it), as its manual advises:
		# with the jump's, the kernel's resets cost it open ports.
		heartbeat t1 $JUMP
		for rate in 1000000 100000; do
			measure masscan$rate 120 masscan -p1-65535 --rate $rate -e "$IF" \
				--adapter-ip 198.18.0.99 --router-mac "$TMAC" --wait 1 \
				-oL "$D/masscan$rate.list" $T1
			row "masscan --rate $rate --wait 1" \
				"$($SCORE masscan "$D/masscan$rate.list" --truth "$T1_TRUTH")" ""
		done
		heartbeat_stop
	else
		skip_row masscan "not installed"
	fi
	# zmap 2.1 probes one port per run: the full range would be 65535 runs.  It runs
	# on a sample of the ports (each state represented), one run each, and its time
	# is that of the sample scaled to 65535 runs; its probes and RSS are the sample's.
	if have zmap; then
		: >"$D/zmap.blacklist" # zmap's default blacklist holds 198.18.0.0/15
		w=0 probes=0 rss=0 open=0 n=0
		: >"$D/zmap1.all"
		for p in 22 80 443 9000 40000 65535 1 1000 5000 9005 6000 6100; do
			measure zmap1-$p 60 zmap -p $p -i "$IF" -S $JUMP -G "$TMAC" -b "$D/zmap.blacklist" \
				-r 100000 -c 1 -q --disable-syslog -o "$D/zmap1-$p.list" $T1
			w=$(awk -v a="$w" -v b="$WALL" 'BEGIN { print a + b }')
			probes=$((probes + PROBES))
			rss=$(awk -v a="$rss" -v b="$RSS" 'BEGIN { print (a > b ? a : b) }')
			n=$((n + 1))
			sed 's/$/ '"$p"'/' "$D/zmap1-$p.list" | grep '^[0-9]' >>"$D/zmap1.all"
		done
		open=$(awk '{ print $2 }' "$D/zmap1.all" | tr '\n' , | sed 's/,$//')
		WALL=$(awk -v w="$w" -v n="$n" 'BEGIN { printf "%.0f", w / n * 65535 }')
		PROBES=65535
		RSS=$rss
		NOTE=""
		row "zmap -r 100000 -c 1, one run per port (estimate)" "text:n/a (open only)" \
			"$n runs of one port took $w s (estimate for 65535 runs; probes/s of the estimate); open found: ${open:-none} of 22,80,443,9000,40000,65535"
	else
		skip_row zmap "not installed"
	fi
	# IPv6: the same ports of the same target at its IPv6 address.
	measure_median pp1v6 7 120 "$PORTPROOF" scan -v --rate 0 -p- --format json \
		-o "$D/pp1v6-{i}.json" $T1_6
	row "portproof --rate 0, IPv6 (median of 7)" \
		"$($SCORE pp "$D/pp1v6-$MED.json" --truth "$T1_6_TRUTH")" \
		"runs $RUNS s; $(pp_engine "$D/pp1v6-$MED.err")"
	measure_median pp1dv6 7 120 "$PORTPROOF" scan -v -p- --format json \
		-o "$D/pp1dv6-{i}.json" $T1_6
	row "portproof, its default settings, IPv6 (median of 7)" \
		"$($SCORE pp "$D/pp1dv6-$MED.json" --truth "$T1_6_TRUTH")" \
		"runs $RUNS s; $(pp_engine "$D/pp1dv6-$MED.err")"
	if have nmap; then
		measure_median nmap4v6 3 300 nmap -6 -n -Pn -sS -T4 -p- -oX "$D/nmap4v6-{i}.xml" $T1_6
		row "nmap -6 -sS -T4 (median of 3)" \
			"$($SCORE nmap "$D/nmap4v6-$MED.xml" --truth "$T1_6_TRUTH")" "runs $RUNS s"
	fi
	bench_done
}

# --- 2 and 3: the /16 ---

BIG_GW=198.18.2.2
BIG_SRC=198.18.2.1

# A /16 answered by one namespace: a local route makes every address of
# 198.19.0.0/16 its own; pp-listen on 0.0.0.0 answers 22 and 80; nftables drops
# x.y.z.255 entirely and resets port 80 of every 4th address (bench/score.py's
# "big" truth).  The jump routes the /16 through it.
big_lab() {
	bench_init "bench$1"
	lab_ns jump
	lab_ns big
	lab_link jump $BIG_SRC/24 big $BIG_GW/24
	BIG_IF=$LAB_LAST_A
	BIG_MAC=$(lab_exec big cat /sys/class/net/"$LAB_LAST_B"/address)
	lab_exec big ip route add local 198.19.0.0/16 dev lo || lab_fail "local route"
	lab_exec jump ip route add 198.19.0.0/16 via $BIG_GW || lab_fail "route"
	lab_bg big "$PP_LISTEN" 22,80
	lab_exec big nft -f - <<'NFT' || lab_fail "nft failed"
table inet pp {
	chain input {
		type filter hook input priority 0;
		ip daddr & 0.0.0.255 == 0.0.0.255 drop
		ip daddr & 0.0.0.3 == 0.0.0.0 tcp dport 80 reject with tcp reset
	}
}
NFT
	count_probes big
	D=$LAB_DIR
	REF_WALL=""
}

# median "PPS REST..."...: the line of the median PPS (an odd count).
median() {
	printf '%s\n' "$@" | sort -g | sed -n "$((($# + 1) / 2))p"
}
pps() {
	awk -v p="$PROBES" -v w="$WALL" 'BEGIN { printf "%.0f", (w > 0 ? p / w : 0) }'
}

# The send phase of a portproof run (-v): seconds from its first probe to its
# last first transmission; of a sendbench run: its own account of its sending.
pp_send() {
	sed -n 's/^portproof: .*first transmissions in \([0-9.]*\)s.*/\1/p' "$1" | tail -1
}
sb_send() {
	sed -n 's/^sendmmsg [0-9]* packets in \([0-9.]*\) s.*/\1/p' "$1" | tail -1
}
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }'
}

scenario2() {
	local i ceil=() ceil2=() cap2=() pp=() ppd=() m
	big_lab 2
	# A fresh lab's first packets cost more (the target's first connections,
	# neighbours, routes): one unmeasured run of each first.  Then the ceilings
	# and portproof interleaved seven times, the medians kept, so that the
	# background load of a shared machine moves them alike.  The ceilings:
	# bench/sendbench sending the same 65536 SYNs with nothing else to do, from
	# one thread (the plain batched sender) and from two, each with its own
	# socket (what portproof does at --rate 0 on two or more CPUs), and two
	# threads again with a thread capturing the answers as any scanner must
	# (sendbench -c: libpcap, immediate mode, counting only).  Each is measured
	# end to end (the process's wall time) and by its own account of the sending
	# alone; portproof likewise (-v: its first transmissions).
	lab_exec jump "$SENDBENCH" -p 80 sendmmsg 65536 $BIG_SRC 198.19.0.0/16 >/dev/null
	lab_exec jump "$PORTPROOF" scan -q --rate 0 -p 80 --format json 198.19.0.0/16 >/dev/null
	for i in 1 2 3 4 5 6 7; do
		measure ceil$i 60 "$SENDBENCH" -p 80 sendmmsg 65536 $BIG_SRC 198.19.0.0/16
		ceil+=("$(pps) $WALL $(sb_send "$D/ceil$i.out")")
		measure ceil2-$i 60 "$SENDBENCH" -t 2 -p 80 sendmmsg 65536 $BIG_SRC 198.19.0.0/16
		ceil2+=("$(pps) $WALL $(sb_send "$D/ceil2-$i.out")")
		measure cap2-$i 60 "$SENDBENCH" -t 2 -c "$BIG_IF" -p 80 sendmmsg 65536 $BIG_SRC 198.19.0.0/16
		cap2+=("$(pps) $WALL $(sb_send "$D/cap2-$i.out")")
		measure pp2-$i 60 "$PORTPROOF" scan -v --rate 0 -p 80 --format json -o "$D/pp2-$i.json" 198.19.0.0/16
		pp+=("$(pps) $WALL $PROBES $RSS $i $(pp_send "$D/pp2-$i.err") $(pp_elapsed "$D/pp2-$i.err")")
		measure pp2d-$i 60 "$PORTPROOF" scan -v -p 80 --format json -o "$D/pp2d-$i.json" 198.19.0.0/16
		ppd+=("$(pps) $WALL $PROBES $RSS $i $(pp_send "$D/pp2d-$i.err") $(pp_elapsed "$D/pp2d-$i.err")")
	done
	# Medians: end to end (probes/s over the wall time) and of the send phase
	# (65536 first transmissions over their seconds), each its own median.
	sendrate() { awk -v f="$1" '{ printf "%.0f\n", 65536 / $f }' | sort -g | sed -n 4p; }
	CEIL_W=$(median "${ceil[@]}" | cut -d' ' -f1)
	CEIL2_W=$(median "${ceil2[@]}" | cut -d' ' -f1)
	CEIL_S=$(printf '%s\n' "${ceil[@]}" | sendrate 3)
	CEIL2_S=$(printf '%s\n' "${ceil2[@]}" | sendrate 3)
	CAP2_S=$(printf '%s\n' "${cap2[@]}" | sendrate 3)
	PP_S=$(printf '%s\n' "${pp[@]}" | sendrate 6)
	m=$(median "${pp[@]}")
	read -r PP2 WALL PROBES RSS i _ <<<"$m"
	table_head "2. 65536 hosts x 1 port (198.19.0.0/16 port 80: 48896 open, 16384 closed, 256 dropped)"
	NOTE=""
	row "portproof --rate 0 (median of 7)" "$($SCORE pp "$D/pp2-$i.json" --truth big:80)" \
		"end to end (start-up, the last probes' timeouts and 12 MB of JSON included): $(pct "$PP2" "$CEIL_W") of the plain sender's, $(pct "$PP2" "$CEIL2_W") of two threads'; sending: $PP_S probes/s = $(pct "$PP_S" "$CEIL_S") of the plain sender's, $(pct "$PP_S" "$CEIL2_S") of two threads', $(pct "$PP_S" "$CAP2_S") of two threads capturing"
	PP_DS=$(printf '%s\n' "${ppd[@]}" | sendrate 6)
	read -r PP2D WALL PROBES RSS i _ <<<"$(median "${ppd[@]}")"
	row "portproof, its default settings (median of 7)" "$($SCORE pp "$D/pp2d-$i.json" --truth big:80)" \
		"end to end: $(pct "$PP2D" "$CEIL_W") of the plain sender's; sending: $PP_DS probes/s = $(pct "$PP_DS" "$PP_S") of --rate 0's"
	PROBES=65536
	RSS=-
	read -r _ WALL _ <<<"$(median "${ceil[@]}")"
	row "ceiling: bench/sendbench, one thread, sending only (median of 7)" "right=- total=- open_found=- open_total=- false_open=0 wrong=-" \
		"the plain batched sender: 65536 SYNs, sendmmsg batches of 64, nothing read; sending: $CEIL_S probes/s"
	read -r _ WALL _ <<<"$(median "${ceil2[@]}")"
	row "ceiling: bench/sendbench -t 2, two threads, sending only (median of 7)" "right=- total=- open_found=- open_total=- false_open=0 wrong=-" \
		"the same SYNs, the batches dealt out to two threads with a socket each; sending: $CEIL2_S probes/s"
	read -r _ WALL _ <<<"$(median "${cap2[@]}")"
	row "ceiling: bench/sendbench -t 2 -c, two threads, capturing (median of 7)" "right=- total=- open_found=- open_total=- false_open=0 wrong=-" \
		"as above, and a libpcap thread counting the answers; its wall time has 50-100 ms of waiting for the last answers; sending: $CAP2_S probes/s"
	echo "2: the seven runs (probes/s wall-s send-s): one thread $(printf '%s, ' "${ceil[@]}")two threads $(printf '%s, ' "${ceil2[@]}")two threads capturing $(printf '%s, ' "${cap2[@]}")portproof --rate 0 (probes/s wall-s probes RSS-MB run send-s scan-phase-s) $(printf '%s, ' "${pp[@]}")portproof default $(printf '%s, ' "${ppd[@]}")" >>"$DETAILS"
	if have masscan; then
		heartbeat big $BIG_SRC
		for rate in 1000000 100000; do
			measure masscan2-$rate 120 masscan 198.19.0.0/16 -p80 --rate $rate -e "$BIG_IF" \
				--adapter-ip 198.18.2.99 --router-mac "$BIG_MAC" --wait 1 \
				-oL "$D/masscan2-$rate.list"
			row "masscan --rate $rate --wait 1" \
				"$($SCORE masscan "$D/masscan2-$rate.list" --truth big:80)" ""
		done
		heartbeat_stop
	else
		skip_row masscan "not installed"
	fi
	if have zmap; then
		: >"$D/zmap.blacklist"
		for rate in 1000000 100000; do
			measure zmap2-$rate 120 zmap -p 80 -i "$BIG_IF" -S $BIG_SRC -G "$BIG_MAC" \
				-b "$D/zmap.blacklist" -r $rate -c 1 -q --disable-syslog \
				-o "$D/zmap2-$rate.list" 198.19.0.0/16
			row "zmap -r $rate -c 1" "$($SCORE zmap "$D/zmap2-$rate.list" --port 80 --truth big:80)" ""
		done
	else
		skip_row zmap "not installed"
	fi
	if have nmap; then
		measure nmap2 600 nmap -n -Pn -sS -T5 --min-rate 100000 -p 80 -oX "$D/nmap2.xml" 198.19.0.0/16
		row "nmap -sS -T5 --min-rate 100000" "$($SCORE nmap "$D/nmap2.xml" --truth big:80)" ""
	else
		skip_row nmap "not installed"
	fi
	bench_done
}

scenario3() {
	big_lab 3
	table_head "3. 65536 hosts x 100 ports (198.19.0.0/16 ports 1-100; target: peak RSS < 64 MB)"
	measure pp3 900 "$PORTPROOF" scan -v --rate 0 -p 1-100 --format json -o "$D/pp3.json" 198.19.0.0/16
	row "portproof --rate 0" "$($SCORE pp "$D/pp3.json" --truth big:1-100)" "$(pp_engine "$D/pp3.err")"
	bench_done
}

# --- 4: UDP ---

U1=198.18.3.11
U2=198.18.3.12
U3=198.18.3.13
USRC=198.18.3.1

# The UDP ports of the two profiles: every listen port, each dynamic range sampled
# as the audit does (its ends and 16 ports spread between).
udp_ports() {
	{
		"$PORTPROOF" profile ports cisco-mediasense
		"$PORTPROOF" profile ports cisco-telepresence
	} | "$PYTHON3" -c '
import sys
out = set()
for line in sys.stdin:
    f = line.split()
    if not f or not f[0].startswith("udp/"):
        continue
    for part in f[0][4:].split(","):
        lo, _, hi = part.partition("-")
        lo, hi = int(lo), int(hi or lo)
        if f[2] == "dynamic" and hi - lo > 17:
            n, span = 16, hi - lo
            out.update([lo, hi] + [lo + (span * k + (n + 1) // 2) // (n + 1) for k in range(1, n + 1)])
        else:
            out.update(range(lo, hi + 1))
print(",".join(map(str, sorted(out))))'
}

# udp_firewall NS RULES: an input chain of RULES in NS.
udp_firewall() {
	lab_exec "$1" nft -f - <<NFT || lab_fail "nft failed in $1"
table inet pp {
	chain input {
		type filter hook input priority 0;
		$2
	}
}
NFT
}

scenario4() {
	local ports rtp_lo rtp_hi truth=() sc
	ports=$(udp_ports)
	# The samples of the two RTP ranges, for the firewall rules below.
	rtp_lo=$(tr , '\n' <<<"$ports" | awk '$1 >= 16384 && $1 <= 32767' | paste -sd,)
	rtp_hi=$(tr , '\n' <<<"$ports" | awk '$1 >= 32768 && $1 <= 61000' | paste -sd,)
	bench_init bench4
	lab_switch sw
	lab_ns jump
	lab_plug jump $USRC/24
	for n in 1 2 3; do
		lab_ns u$n
		eval lab_plug u$n "\$U$n/24"
		count_probes u$n
	done
	D=$LAB_DIR
	# u1, a MediaSense node: SIP and SNMP answer; the cluster heartbeat 8091 is
	# dropped, IP SLA 1967 rejected (admin-prohibited), TFTP and RTP closed.
	lab_kamailio u1 $U1 5060
	lab_snmpd u1 $U1 161
	# u2, a Unified CM: TFTP, SIP and SNMP answer; a firewall drops the lower RTP
	# range; the rest closed.
	lab_tftpd u2 $U2 69
	lab_kamailio u2 $U2 5060
	lab_snmpd u2 $U2 161
	# u3, a codec: SNMP answers; SIP rejected (admin-prohibited), TFTP dropped, the
	# upper RTP range rejected (host-prohibited); the rest closed.
	lab_snmpd u3 $U3 161
	udp_firewall u1 "udp dport 8091 drop
		udp dport 1967 reject with icmp type admin-prohibited"
	udp_firewall u2 "udp dport 16384-32767 drop"
	udp_firewall u3 "udp dport 5060 reject with icmp type admin-prohibited
		udp dport 69 drop
		udp dport 32768-61000 reject with icmp type host-prohibited"
	truth=(--truth "$U1/udp:$ports:open=161,5060:open|filtered=8091:filtered=1967"
		--truth "$U2/udp:$ports:open=69,161,5060:open|filtered=$rtp_lo"
		--truth "$U3/udp:$ports:open=161:open|filtered=69:filtered=5060,$rtp_hi")
	REF_WALL=""
	table_head "4. UDP: $(tr , '\n' <<<"$ports" | wc -l) ports x 3 targets (MediaSense + TelePresence UDP ports, RTP ranges sampled), ICMP rate limit on"
	# Each run starts with the targets' ICMP buckets full (a burst of 6, one a
	# second): the previous run left them empty, and the next tool would pay.
	refill() { sleep 7; }
	refill
	measure pp4 300 "$PORTPROOF" scan -v --rate 0 -p "U:$ports" --format json -o "$D/pp4.json" $U1 $U2 $U3
	sc=$($SCORE pp "$D/pp4.json" "${truth[@]}")
	row "portproof --rate 0" "$sc" "$(pp_engine "$D/pp4.err"); services: $("$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted("%s/%d=%s" % (h["address"].split(".")[3], p["port"], p.get("probe", p.get("service", "?")))
      for h in r["hosts"] for p in h["ports"] if p["state"] == "open")))' "$D/pp4.json" 2>/dev/null)"
	refill
	measure pp4d 300 "$PORTPROOF" scan -v -p "U:$ports" --format json -o "$D/pp4d.json" $U1 $U2 $U3
	row "portproof, its default settings" "$($SCORE pp "$D/pp4d.json" "${truth[@]}")" "$(pp_engine "$D/pp4d.err")"
	if have nmap; then
		refill
		measure nmap4u 900 nmap -n -Pn -sU -p "U:$ports" -oX "$D/nmap4u.xml" $U1 $U2 $U3
		row "nmap -sU" "$($SCORE nmap "$D/nmap4u.xml" "${truth[@]}")" ""
		refill
		measure nmap4u4 900 nmap -n -Pn -sU -T4 -p "U:$ports" -oX "$D/nmap4u4.xml" $U1 $U2 $U3
		row "nmap -sU -T4" "$($SCORE nmap "$D/nmap4u4.xml" "${truth[@]}")" ""
	else
		skip_row nmap "not installed"
	fi
	bench_done
}

# --- 5: the audit ---

scenario5() {
	local site=$top_srcdir/tests/lab/mediasense/site.json v
	verdicts() {
		"$PYTHON3" -c '
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
    print("score %s; %s" % (s.get("score"), ", ".join("%s %s" % (v, k) for k, v in s["verdicts"].items() if v)))
except Exception as e:
    print("no result (%s)" % e)' "$1"
	}
	# The verdicts the lab's faults must produce (tests/integration/audit-check.py).
	faults() {
		if [ ! -f "$top_srcdir/tests/integration/audit-check.py" ]; then
			echo "text:-"
		elif "$PYTHON3" "$top_srcdir/tests/integration/audit-check.py" faults "$1" >/dev/null 2>&1; then
			echo "text:verdicts right"
		else
			echo "text:VERDICTS WRONG"
		fi
	}
	for v in 0 default; do
		MS_ICMP_RATELIMIT=$v
		bench_init bench5-$v
		lab_mediasense
		for ns in primary secondary expansion; do
			count_probes $ns
		done
		D=$LAB_DIR
		if [ $v = 0 ]; then
			REF_WALL=""
			table_head "5. portproof audit tests/lab/mediasense/site.json (3 hosts, full TCP sweep, UDP of every profile; target < 2 s)"
			measure_median audit 7 120 "$PORTPROOF" audit -v --rate 0 -o "$D/audit-{i}.json" "$site"
			row "audit --rate 0 (median of 7)" "$(faults "$D/audit-$MED.json")" \
				"runs $RUNS s; $(verdicts "$D/audit-$MED.json"); $(pp_audit "$D/audit-$MED.err")"
			measure_median auditn 7 120 "$PORTPROOF" audit -v --rate 0 --no-check -o "$D/auditn-{i}.json" "$site"
			row "audit --rate 0 --no-check: without the listener check (median of 7)" "$(faults "$D/auditn-$MED.json")" \
				"runs $RUNS s; $(verdicts "$D/auditn-$MED.json"); $(pp_audit "$D/auditn-$MED.err")"
			measure_median auditd 7 120 "$PORTPROOF" audit -v -o "$D/auditd-{i}.json" "$site"
			row "audit, its default settings: the README's command (median of 7)" "$(faults "$D/auditd-$MED.json")" \
				"runs $RUNS s; $(verdicts "$D/auditd-$MED.json"); $(pp_audit "$D/auditd-$MED.err")"
		else
			measure auditr 300 "$PORTPROOF" audit -v --rate 0 -o "$D/auditr.json" "$site"
			row "audit --rate 0, targets with Linux's ICMP rate limit" "$(faults "$D/auditr.json")" "$(verdicts "$D/auditr.json"); $(pp_audit "$D/auditr.err")"
		fi
		bench_done
	done
	MS_ICMP_RATELIMIT=0
}

# --- 8: the product labs behind Linux's ICMP rate limit ---

# floor RESULT: the least the targets' ICMP limits let an audit take: for each
# host, the ICMP errors it had to send (closed UDP ports a verdict hangs on,
# TCP ports rejected with ICMP) past its burst of six, one a second.
# floor RESULT [K]: the ICMP answers the verdicts need, per host, past the burst of
# six of each of K sources (-S), at one a second from each.
floor() {
	"$PYTHON3" -c '
import json, sys
k = int(sys.argv[2])
try:
    r = json.load(open(sys.argv[1]))
except Exception as e:
    print("no result (%s)" % e); sys.exit(0)
need = []
for h in r["hosts"]:
    n = sum(1 for p in h["ports"] if p.get("verdict") not in (None, "none") and
            (p["reason"] == "icmp-port-unreach" or
             (p["proto"] == "tcp" and p["reason"].startswith("icmp"))))
    need.append((max(0, n - 6 * k) / k, n, h.get("name") or h["address"]))
s, n, name = max(need)
print("floor %.1f s (%s: %d ICMP answers%s)" % (s, name, n, ", %d sources" % k if k > 1 else ""))' "$1" "${2:-1}"
}

scenario8() {
	local p build site faults title srcs
	verdicts() {
		"$PYTHON3" -c '
import json, sys
try:
    s = json.load(open(sys.argv[1]))["summary"]
    print("score %s; %s" % (s.get("score"), ", ".join("%s %s" % (v, k) for k, v in s["verdicts"].items() if v)))
except Exception as e:
    print("no result (%s)" % e)' "$1"
	}
	right() {
		if "$PYTHON3" "$top_srcdir/tests/integration/audit-check.py" lab "$1" "$2" >/dev/null 2>&1; then
			echo "text:verdicts right"
		else
			echo "text:VERDICTS WRONG"
		fi
	}
	LAB_ICMP_RATELIMIT=default
	for p in equinox telepresence content-server; do
		case $p in
		equinox)
			build=lab_equinox site=$EQ_SITE faults=$EQ_FAULTS
			title="Equinox, 7 roles from the management zone; target < 15 s" ;;
		telepresence)
			build=lab_telepresence site=$TP_SITE faults=$TP_FAULTS
			title="TelePresence, 6 hosts; target < 8 s" ;;
		content-server)
			build=lab_content_server site=$CS_SITE faults=$CS_FAULTS
			title="Content Server, 5 hosts" ;;
		esac
		bench_init bench8-$p
		# Four addresses on the jump for the -S line, which the firewalls all
		# keep out (a deployment's rules name each address a scan comes from).
		LAB_JUMP_SOURCES=4
		[ $p = content-server ] && LAB_JUMP_SOURCES=1
		$build
		srcs=$([ $p = equinox ] && echo "$EQ_JUMPS" || echo "$TP_JUMPS")
		LAB_JUMP_SOURCES=
		for ns in $(sed -n 's/^\t*lab_host \([a-z0-9]*\) .*/\1/p' "$top_srcdir/tests/lab/$p.sh"); do
			count_probes "$ns"
		done
		D=$LAB_DIR
		REF_WALL=""
		table_head "8. portproof audit tests/lab/$p/site.json, targets with Linux's ICMP rate limit ($title)"
		BENCH_GAP=8 measure_median auditd 3 300 "$PORTPROOF" audit -v -o "$D/auditd-{i}.json" "$site"
		row "audit, its default settings (median of 3)" "$(right "$faults" "$D/auditd-$MED.json")" \
			"runs $RUNS s; $(floor "$D/auditd-$MED.json"); $(verdicts "$D/auditd-$MED.json"); $(pp_audit "$D/auditd-$MED.err")"
		sleep 8
		BENCH_GAP=8 measure_median auditr 3 300 "$PORTPROOF" audit -v --rate 0 -o "$D/auditr-{i}.json" "$site"
		row "audit --rate 0 (median of 3)" "$(right "$faults" "$D/auditr-$MED.json")" \
			"runs $RUNS s; $(floor "$D/auditr-$MED.json"); $(verdicts "$D/auditr-$MED.json"); $(pp_audit "$D/auditr-$MED.err")"
		if [ $p != content-server ]; then
			sleep 8
			BENCH_GAP=8 measure_median audits 3 300 "$PORTPROOF" audit -v -S "$srcs" -o "$D/audits-{i}.json" "$site"
			row "audit -S $srcs, 4 sources (median of 3)" "$(right "$faults" "$D/audits-$MED.json")" \
				"runs $RUNS s; $(floor "$D/audits-$MED.json" 4); $(verdicts "$D/audits-$MED.json"); $(pp_audit "$D/audits-$MED.err")"
		fi
		bench_done
	done
	LAB_ICMP_RATELIMIT=
}

# --- the run ---

[ "$(id -u)" = 0 ] || { echo "bench: needs root (the lab)" >&2; exit 2; }
NOTES=$(mktemp)
DETAILS=$(mktemp)
trap 'rm -f "$NOTES" "$DETAILS"; lab_down' EXIT
echo "# portproof bench, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), kernel $(uname -r)."
echo "Load at start: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)."
echo "Tools: $("$PORTPROOF" --version 2>&1 | head -1); $(nmap --version 2>/dev/null | head -1); $(masscan --version 2>/dev/null | grep -m1 version); $(zmap --version 2>/dev/null | head -1)."
for s in ${*:-1 2 3 4 5 6 7 8}; do
	case $s in
	1 | 2 | 3 | 4 | 5 | 6 | 7 | 8) scenario$s ;;
	*) echo "bench: no scenario '$s' (1-8)" >&2; exit 2 ;;
	esac
done
echo
echo "Load at end: $(cut -d' ' -f1-3 /proc/loadavg)."
if [ -s "$DETAILS" ]; then
	echo
	echo "Details:"
	echo
	sed 's/^/    /' "$DETAILS"
fi
if [ -s "$NOTES" ]; then
	echo
	echo "Mismatches (first five of each tool):"
	echo
	sed 's/^/    /' "$NOTES"
fi
rm -f "$NOTES" "$DETAILS"
