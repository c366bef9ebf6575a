# bench/connect.sh: scenario 7 of bench/run.sh (sourced by it), TCP without
# privilege.  All 65535 ports of one target (scenario 1's: listeners, a dropped
# range, rejects) scanned as uid 65534 with no capabilities: portproof's connect
# method (chosen by itself, scan.method "connect") against nmap -sT, nmap's
# unprivileged scan, each at its default settings and nmap at -T4 too.  The
# target of issue 17: every state right, portproof at least 5x faster than
# nmap -sT.
scenario7() {
	local out
	bench_init bench7
	lab_ns jump
	lab_ns t1
	lab_link jump $JUMP/24 t1 $T1/24
	lab_bg t1 "$PP_LISTEN" -a $T1 "$T1_OPEN"
	lab_exec t1 nft -f - <<NFT || lab_fail "nft failed"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport { $T1_DROP } drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
		tcp dport 6100-6102 reject with icmp type port-unreachable
	}
}
NFT
	count_probes t1
	D=$LAB_DIR
	nobody_copy
	out=$NOBODY_DIR/out
	mkdir -p "$out" && chmod 777 "$out"
	REF_WALL=""
	table_head "7. TCP without privilege, all 65535 ports of one target, as uid 65534 ($T1: 27 listening, 101 dropped, 8 rejected)"
	measure_median ppc 5 120 $NOBODY "$NOBODY_DIR/portproof" scan -v -p- --format json \
		-o "$out/ppc-{i}.json" $T1
	row "portproof, connect method chosen by itself, default settings (median of 5)" \
		"$($SCORE pp "$out/ppc-$MED.json" --truth "$T1_TRUTH")" \
		"runs $RUNS s; method $(sed -n 's/.*"method": "\([a-z]*\)".*/\1/p' "$out/ppc-$MED.json"); $(pp_engine "$D/ppc-$MED.err")"
	if have nmap; then
		measure_median nmapst 3 600 $NOBODY nmap -n -Pn -sT -p- -oX "$out/nmapst-{i}.xml" $T1
		row "nmap -sT, default settings (median of 3)" \
			"$($SCORE nmap "$out/nmapst-$MED.xml" --truth "$T1_TRUTH")" "runs $RUNS s"
		measure_median nmapst4 3 600 $NOBODY nmap -n -Pn -sT -T4 -p- -oX "$out/nmapst4-{i}.xml" $T1
		row "nmap -sT -T4 (median of 3)" \
			"$($SCORE nmap "$out/nmapst4-$MED.xml" --truth "$T1_TRUTH")" "runs $RUNS s"
	else
		skip_row "nmap -sT" "not installed"
	fi
	bench_done
}
