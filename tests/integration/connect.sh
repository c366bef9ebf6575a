#!/bin/bash
# portproof without privilege: the connect method (TCP by connect(2), UDP by
# connected sockets reading their ICMP errors with IP_RECVERR), run as uid
# 65534 with no capabilities from the lab's jump namespace.  The target has
# open (pp-listen), closed, dropped (nft drop) and rejected (nft reject
# admin-prohibited) TCP ports, and UDP ports answered by the real daemons, closed
# (port unreachable), dropped and rejected.  Every state is checked against that
# ground truth, TCP of a full -p- scan too; nmap -sT (nmap's unprivileged scan)
# gives its second opinion on TCP; scan.method says connect, the choice is said
# once on stderr, -v says the sockets in flight, the file limit that caps
# them and the threads TCP runs on (a helper thread beside the loop: 5b); SIGINT
# stops it with a partial result; root may ask for the connect method too;
# --method raw without privilege exits 3 naming what is missing;
# the result is read back, reported, merged (with a raw shard too) and diffed
# (tests/integration/audit.sh: an audit without privilege, the same verdicts).
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
: "${PYTHON3:=python3}"
STATES="$PYTHON3 $top_srcdir/tests/integration/scan-states.py"

T=198.18.0.2
LISTEN=22,80,443,8080,9000-9004,30000,65535
# Open too: the daemons' own TCP listeners (dnsmasq's DNS, snmpd's SMUX).
OPEN=$LISTEN,53,199
DROP=5000-5099
REJECT=6000-6004
# UDP: daemons on 53 (dnsmasq), 69 (tftpd), 123 (chronyd), 161 (snmpd), 3478
# (coturn), 5060 (Kamailio); 7000-7002 dropped, 7100 rejected; 9999 and 1719
# closed (nothing listens: port unreachable).
UOPEN=53,69,123,161,3478,5060
UDROP=7000-7002
UREJECT=7100
UPORTS=$UOPEN,$UDROP,$UREJECT,1719,9999

lab_init connect
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target $T/24
lab_bg target "$PP_LISTEN" -a $T $LISTEN
lab_snmpd target $T 161
lab_chronyd target $T 123
lab_dnsmasq target $T 53
lab_tftpd target $T 69
lab_turnserver target $T 3478
lab_kamailio target $T 5060
lab_exec target nft -f - <<'NFT' || lab_fail "nft failed in the target"
table inet pp {
	chain input {
		type filter hook input priority 0;
		tcp dport 5000-5099 drop
		tcp dport 6000-6004 reject with icmp type admin-prohibited
		udp dport 7000-7002 drop
		udp dport 7100 reject with icmp type admin-prohibited
	}
}
NFT
D=$LAB_DIR
nobody_copy
NPP="$NOBODY_DIR/portproof"
# The results go where uid 65534 may write.
OUTD=$NOBODY_DIR/out
mkdir -p "$OUTD" && chmod 777 "$OUTD"
nscan() {
	lab_exec jump $NOBODY "$NPP" scan --format json "$@"
}
field() { # FILE PYTHON-EXPR over r (the result)
	$PYTHON3 -c 'import json,sys
r=json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$@"
}
reason_of() { # FILE PROTO PORT
	field "$1" "[p['reason'] for h in r['hosts'] for p in h['ports'] if p['proto']=='$2' and p['port']==$3][0]"
}

# 1. Every TCP port, unprivileged: the method chosen by itself, and said once.
expect_exit 0 nscan -p- -o "$OUTD/full.json" $T
check "auto: connect said once on stderr" \
	test "$(grep -c 'raw sockets not allowed.*--method connect' <<<"$ERR")" = 1
check "auto: nothing else on stderr" test "$(wc -l <<<"$ERR")" = 1
check "full: all 65535 TCP states right" \
	$STATES --host $T --ports 1-65535 --open $OPEN --filtered $DROP,$REJECT "$OUTD/full.json"
check "full: scan.method is connect" test "$(field "$OUTD/full.json" "r['scan']['method']")" = connect
check "full: complete" test "$(field "$OUTD/full.json" "r['scan']['complete']")" = True
check "22 open by syn-ack" test "$(reason_of "$OUTD/full.json" tcp 22)" = syn-ack
check "5000 filtered by no-response" test "$(reason_of "$OUTD/full.json" tcp 5000)" = no-response
check "6000 filtered by icmp-admin-prohibited" \
	test "$(reason_of "$OUTD/full.json" tcp 6000)" = icmp-admin-prohibited

# 2. nmap -sT, nmap's unprivileged scan, as nobody on the same ports: the same truth.
if ! command -v nmap >/dev/null; then
	fail "nmap is not installed (the second opinion on TCP)"
else
	NP=1-200,5000-5010,6000-6004,8080,9000-9010,30000,65535
	lab_exec jump $NOBODY nmap -n -Pn -sT -T4 -p $NP -oX "$OUTD/nmap.xml" $T >/dev/null 2>&1
	$PYTHON3 "$top_srcdir/bench/nmap2json.py" "$OUTD/nmap.xml" "$D/nmap.json"
	check "nmap -sT: the same ground truth" \
		$STATES --host $T --ports $NP --open $OPEN --filtered $DROP,$REJECT "$D/nmap.json"
	check "portproof on nmap's ports: the same" \
		$STATES --host $T --ports $NP --open $OPEN --filtered $DROP,$REJECT "$OUTD/full.json"
fi

# 3. UDP against the daemons: open by their replies, closed by port
# unreachable, filtered by admin-prohibited, open|filtered where dropped.
expect_exit 0 nscan --method connect -q -p U:$UPORTS -o "$OUTD/udp.json" $T
check "udp: --method connect says nothing with -q" test -z "$ERR"
check "udp: every state right" $STATES --proto udp --host $T --ports $UPORTS --open $UOPEN \
	--filtered $UREJECT --open-filtered $UDROP "$OUTD/udp.json"
for x in 53:dns 69:tftp 123:ntp 161:snmp 3478:stun 5060:sip; do
	check "udp/${x%%:*} answered by ${x#*:}" \
		test "$(field "$OUTD/udp.json" "[p.get('probe') for h in r['hosts'] for p in h['ports'] if p['port']==${x%%:*}][0]")" = "${x#*:}"
done
check "udp/9999 closed by icmp-port-unreach" test "$(reason_of "$OUTD/udp.json" udp 9999)" = icmp-port-unreach
check "udp/7100 filtered by icmp-admin-prohibited" \
	test "$(reason_of "$OUTD/udp.json" udp 7100)" = icmp-admin-prohibited

# 4. TCP and UDP in one scan, a closed-UDP sweep past the target's ICMP rate
# limit (one error a second after a burst of six): the rounds settle them all.
expect_exit 0 nscan -q -p T:20-25,5000-5002,6000,U:$UPORTS,U:10000-10019 -o "$OUTD/mixed.json" $T
check "mixed: TCP right" $STATES --host $T --ports 20-25,5000-5002,6000 --open $OPEN \
	--filtered $DROP,$REJECT "$OUTD/mixed.json"
check "mixed: UDP right, 20 closed past the ICMP limit" $STATES --proto udp --host $T \
	--ports $UPORTS,10000-10019 --open $UOPEN --filtered $UREJECT --open-filtered $UDROP \
	"$OUTD/mixed.json"

# 5. The file limit: with 64 descriptors the sockets in flight stay under it, -v says so.
expect_exit 0 lab_exec jump $NOBODY bash -c "ulimit -n 64 && exec \"\$0\" \"\$@\"" "$NPP" scan -v \
	--format json -p 1-2000,5000-5099 -o "$OUTD/few.json" $T
check "-v: the sockets in flight, limited by the file limit" \
	grep -q 'connect: [0-9]* sockets in flight at most, limited by the file limit (RLIMIT_NOFILE 64)' <<<"$ERR"
check "few descriptors: every state right" $STATES --host $T --ports 1-2000,5000-5099 \
	--open $OPEN --filtered $DROP "$OUTD/few.json"
check "few descriptors: TCP on one thread (too few sockets to share)" \
	grep -q 'RLIMIT_NOFILE 64), TCP on 1 thread$' <<<"$ERR"

# 5b. 1024 probes or more: TCP's system calls on two threads when there are two
# CPUs (the helper sends tries and reads events, the loop decides), UDP beside.
expect_exit 0 nscan -v -p T:1-3000,5000-5099,6000-6004,U:$UPORTS -o "$OUTD/two.json" $T
THREADS="1 thread"
[ "$(nproc)" -lt 2 ] || THREADS="2 threads"
check "-v: TCP on $THREADS" grep -q "), TCP on $THREADS\$" <<<"$ERR"
check "helper: TCP right" $STATES --host $T --ports 1-3000,5000-5099,6000-6004 --open $OPEN \
	--filtered $DROP,$REJECT "$OUTD/two.json"
check "helper: UDP right beside it" $STATES --proto udp --host $T --ports $UPORTS \
	--open $UOPEN --filtered $UREJECT --open-filtered $UDROP "$OUTD/two.json"
# Each TCP socket binds a local port of its own, to -S's address when given.
expect_exit 0 nscan -q -S 198.18.0.1 -p 1-3000,5000-5099 -o "$OUTD/src.json" $T
check "-S: every state right" $STATES --host $T --ports 1-3000,5000-5099 --open $OPEN \
	--filtered $DROP "$OUTD/src.json"

# As root, --method connect: the scan drops to nobody as the raw one does, and
# the file is written by its privileged parent.
expect_exit 0 lab_exec jump "$PORTPROOF" scan --method connect --format json -p 1-100,5000-5010,6000 \
	-o "$D/root-connect.json" $T
check "root, --method connect: says nothing of the method" test -z "$ERR"
check "root, --method connect: right" $STATES --host $T --ports 1-100,5000-5010,6000 \
	--open $OPEN --filtered $DROP,$REJECT "$D/root-connect.json"
check "root, --method connect: scan.method" \
	test "$(field "$D/root-connect.json" "r['scan']['method']")" = connect

# SIGINT: the connect method stops too, writes what it knows (complete false), 130.
ip netns exec "$(lab_nsname jump)" $NOBODY "$NPP" scan -q --format json --rate 2000 -p- \
	-o "$OUTD/stop.json" $T 2>"$D/stop.err" &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid"
rc=$?
check "SIGINT: exit 130 (got $rc)" test "$rc" = 130
check "SIGINT: complete false" test "$(field "$OUTD/stop.json" "r['scan']['complete']")" = False
check "SIGINT: the states it has are right" $STATES --disjoint --host $T --ports 1-65535 \
	--open $OPEN --filtered $DROP,$REJECT --partial "$OUTD/stop.json"

# 6. --method raw without the privilege: exit 3, one line naming what is missing.
expect_exit 3 nscan --method raw -p 80 $T
check "--method raw: one line" test "$(wc -l <<<"$ERR")" = 1
check "--method raw: names CAP_NET_RAW" grep -q -- "--method raw: .*CAP_NET_RAW" <<<"$ERR"
expect_exit 2 nscan --method udp -p 80 $T
check "--method: a bad value named" grep -q -- "--method: invalid value 'udp'" <<<"$ERR"

# 7. Its results in every other command: read back, reported, merged, diffed.
expect_exit 0 "$PORTPROOF" report "$OUTD/udp.json" --format json
check "report: reads back to the same bytes" cmp -s <(printf '%s\n' "$OUT") "$OUTD/udp.json"
for f in text csv xml html junit; do
	expect_exit 0 "$PORTPROOF" report "$OUTD/full.json" --format $f -o "$D/full.$f"
done
check "report text: 22/tcp open" grep -Eq '22/tcp +open' "$D/full.text"
expect_exit 0 nscan -q --seed 5 --shard 1/2 -p 1-100,5000-5010,6000 -o "$OUTD/s1.json" $T
expect_exit 0 nscan -q --seed 5 --shard 2/2 -p 1-100,5000-5010,6000 -o "$OUTD/s2.json" $T
expect_exit 0 "$PORTPROOF" merge "$OUTD/s1.json" "$OUTD/s2.json" -o "$D/merged.json"
check "merge: the shards' union right" $STATES --host $T --ports 1-100,5000-5010,6000 \
	--open $OPEN --filtered $DROP,$REJECT "$D/merged.json"
check "merge: keeps scan.method" test "$(field "$D/merged.json" "r['scan']['method']")" = connect
lab_bg target "$PP_LISTEN" -a $T 4444
expect_exit 0 nscan -q -p 1-100,4444,5000-5010,6000 -o "$OUTD/after.json" $T
expect_exit 1 "$PORTPROOF" diff "$D/merged.json" "$OUTD/after.json"
check "diff: the new port" grep -q 'tcp/4444' <<<"$OUT"
# A raw scan of the same, as root: the same states, scan.method raw; no change.
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json -p 1-100,4444,5000-5010,6000 -o "$D/raw.json" $T
check "raw: scan.method is raw" test "$(field "$D/raw.json" "r['scan']['method']")" = raw
expect_exit 0 "$PORTPROOF" diff "$D/raw.json" "$OUTD/after.json"
# One shard raw, the other connect: merged right, with no one method to name.
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json --seed 5 --shard 1/2 \
	-p 1-100,5000-5010,6000 -o "$D/r1.json" $T
expect_exit 0 "$PORTPROOF" merge "$D/r1.json" "$OUTD/s2.json" -o "$D/mixed-merge.json"
check "merge raw + connect shards: right" $STATES --host $T --ports 1-100,5000-5010,6000 \
	--open $OPEN --filtered $DROP,$REJECT "$D/mixed-merge.json"
check "merge raw + connect shards: no method said" \
	test "$(field "$D/mixed-merge.json" "r['scan'].get('method')")" = None

finish
