# bench/paths.sh: scenario 6 of bench/run.sh (sourced by it), paths that push
# back.  A full TCP scan (-p-) of one target behind a router (tests/lab/paths.sh),
# the path clean, behind a SYN-flood guard of 20000, 5000 and 1000 SYN/s
# (nftables limit, burst 5), behind a 20 Mbit/s link (tc tbf) and a 10 Mbit/s
# one with a queue of a second (a deep queue: its floor is 65535 SYNs of 84
# bytes on the wire, about 4.4 s), and through a wire that loses 5% of the
# frames each way (tests/lab/netem.sh); on each,
# portproof at its default settings and at --rate 0, nmap -sS -T4 and masscan.
# For each: wall time, states right, open ports found, probes that reached the
# target and probes per port, and for the guards the issue's target: at most
# 1.3 x (65535 / N) + 1 s and 1.5 probes per port.  A run longer than
# PATHS_LIMIT seconds (default 200) is stopped and shown as such.

PATHS_LIMIT=${PATHS_LIMIT:-200}

paths_head() {
	echo
	echo "### 6. Paths that push back: all 65535 TCP ports of a target behind a router ($PATHS_T1, and $PATHS_T2 on the clean path: 27 listening, 100 dropped, the rest closed each)"
	echo
	echo "| path | tool | wall s | states right | open found | probes | probes/port | time vs portproof default | target | notes |"
	echo "|---|---|---:|---:|---:|---:|---:|---:|---|---|"
}

# paths_row PATH TOOL SCORE-LINE GUARD NOTES: one row from WALL, PROBES and
# NPORTS (the ports scanned, all hosts).
paths_row() {
	local path=$1 tool=$2 sc=$3 guard=$4 notes=$5 right open per ratio target=-
	right=$(sed -n 's/.*right=\([^ ]*\) total=\([^ ]*\).*/\1\/\2/p' <<<"$sc")
	[ "$right" = "-/-" ] && right="n/a (open only)"
	open=$(sed -n 's/.*open_found=\([0-9]*\) open_total=\([0-9]*\).*/\1\/\2/p' <<<"$sc")
	per=$(awk -v p="$PROBES" -v n="$NPORTS" 'BEGIN { printf "%.2f", p / n }')
	[ -z "$REF_WALL" ] && REF_WALL=$WALL
	ratio=$(awk -v w="$WALL" -v r="$REF_WALL" 'BEGIN { printf "%.1fx", (r > 0 ? w / r : 0) }')
	if [ -n "$guard" ]; then
		target=$(awk -v w="$WALL" -v p="$per" -v n="$guard" 'BEGIN {
			t = 1.3 * 65535 / n + 1
			printf "<= %.1f s: %s; <= 1.5/port: %s", t, (w <= t ? "met" : "missed"),
				(p <= 1.5 ? "met" : "missed") }')
	fi
	[ "$RC" = 124 ] && right="stopped" open="-"
	echo "| $path | $tool | $WALL | ${right:--} | ${open:--} | $PROBES | $per | $ratio | $target | $NOTE${notes:--} |"
	case $sc in *wrong=-* | "") ;; *) echo "$path, $tool: wrong: ${sc##*wrong=}" >>"$NOTES" ;; esac
}

# paths_tools PATH GUARD "TARGETS" "TRUTHS" IF RMAC: the four runs on one path.
paths_tools() {
	local path=$1 guard=$2 t=$3 truth=() ifc=$5 rmac=$6 n x slug
	slug=$(tr -c 'a-zA-Z0-9\n' - <<<"$path")
	for x in $4; do
		truth+=(--truth "$x")
	done
	NPORTS=$((65535 * $(wc -w <<<"$t")))
	REF_WALL=""
	n=pp-$slug
	measure "$n" "$PATHS_LIMIT" "$PORTPROOF" scan -v -p- --format json -o "$D/$n.json" $t
	paths_row "$path" "portproof (default)" "$($SCORE pp "$D/$n.json" "${truth[@]}")" "$guard" \
		"$(pp_engine "$D/$n.err")$(sed -n 's/.*\(paced by [^;]*\)$/; \1/p' "$D/$n.err" | tail -1)"
	sleep 1
	n=pp0-$slug
	measure "$n" "$PATHS_LIMIT" "$PORTPROOF" scan -v --rate 0 -p- --format json -o "$D/$n.json" $t
	paths_row "$path" "portproof --rate 0" "$($SCORE pp "$D/$n.json" "${truth[@]}")" "$guard" \
		"$(pp_engine "$D/$n.err")"
	sleep 1
	if have nmap; then
		n=nmap-$slug
		measure "$n" "$PATHS_LIMIT" nmap -n -Pn -sS -T4 -p- -oX "$D/$n.xml" $t
		paths_row "$path" "nmap -sS -T4" "$( [ "$RC" = 124 ] || $SCORE nmap "$D/$n.xml" "${truth[@]}")" "$guard" ""
		sleep 1
	fi
	if have masscan; then
		heartbeat "$HB_NS" $JUMP
		n=masscan-$slug
		measure "$n" "$PATHS_LIMIT" masscan -p1-65535 --rate 100000 -e "$ifc" \
			--adapter-ip 198.18.0.99 --router-mac "$rmac" --wait 1 -oL "$D/$n.list" $t
		heartbeat_stop
		paths_row "$path" "masscan --rate 100000 --wait 1" \
			"$($SCORE masscan "$D/$n.list" "${truth[@]}")" "$guard" ""
		sleep 1
	fi
}

scenario6() {
	local truth truth2 ifc rmac g
	. "$top_srcdir/tests/lab/paths.sh"
	. "$top_srcdir/tests/lab/netem.sh"
	truth="$PATHS_T1/tcp:1-65535:open=$PATHS_OPEN:filtered=$PATHS_DROP"
	truth2="$PATHS_T2/tcp:1-65535:open=$PATHS_OPEN:filtered=$PATHS_DROP"
	bench_init bench6
	lab_paths_build
	ifc=$PATHS_JUMP_IF
	rmac=$PATHS_R_MAC
	count_probes t1
	count_probes t2
	D=$LAB_DIR
	HB_NS=t1
	paths_head
	paths_tools "clean, two targets" "" "$PATHS_T1 $PATHS_T2" "$truth $truth2" "$ifc" "$rmac"
	for g in 20000 5000 1000; do
		lab_syn_guard t1 $g
		paths_tools "guard $g/s" $g $PATHS_T1 "$truth" "$ifc" "$rmac"
	done
	lab_syn_guard t1
	lab_slow_link rate 20mbit burst 32kb latency 50ms
	paths_tools "tbf 20 Mbit/s" "" $PATHS_T1 "$truth" "$ifc" "$rmac"
	# A deep queue: answers wait up to a second in it before any is lost.
	lab_slow_link rate 10mbit burst 32kb latency 1s
	paths_tools "tbf 10 Mbit/s, 1 s queue" "" $PATHS_T1 "$truth" "$ifc" "$rmac"
	lab_slow_link
	bench_done

	# 5% loss each way: the wire of tests/lab/netem.sh (its target, its truth).
	truth="$WIRE_T/tcp:1-65535:open=$WIRE_OPEN:filtered=$WIRE_DROP"
	LAB_NAME=bench6-loss
	COUNT_NS=""
	lab_wire_target bench6loss
	trap 'rm -f "$NOTES" "$DETAILS"; lab_down' EXIT
	lab_netem loss 5%
	count_probes t1
	D=$LAB_DIR
	HB_NS=t1
	rmac=$(lab_exec t1 cat /sys/class/net/"$LAB_WIRE_END_B"/address)
	paths_tools "loss 5% ($LAB_NETEM)" "" $WIRE_T "$truth" "$LAB_WIRE_END_A" "$rmac"
	bench_done
}
