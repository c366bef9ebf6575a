#!/bin/bash
# The UDP probes against the real daemons of the lab.  A target namespace runs
# snmpd, chronyd, dnsmasq, tftpd-hpa, coturn and Kamailio twice: on their default
# ports at one address, on unusual ports at another (SNMP on 16100 with its own
# community, NTP on 1123, DNS on 5353, TFTP on 6969, STUN on 3479, SIP on 5080).
# From the jump namespace, pp-udpprobe sends each probe and must get a reply that
# passes the probe's check, from the right probe: "auto" picks the probe by port
# (the registry's defaults), a name picks it as a profile would for an unusual
# port.  A wrong community, a wrong protocol and a port where nothing listens
# must get no validated answer.  Then portproof scan of the default ports: all
# open, each listed.  No fake responders: every answer is a daemon's.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"

PP_UDPPROBE="$top_builddir/tests/lab/pp-udpprobe"
[ -x "$PP_UDPPROBE" ] || { echo "FAIL: $PP_UDPPROBE not built (make check builds it)" >&2; exit 1; }

lab_init udp
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target 198.18.0.2/24
# A second address on the target for the unusual ports.
lab_exec target ip addr add 198.18.0.3/24 dev "$LAB_LAST_B" ||
	lab_fail "cannot add 198.18.0.3 to the target"
DFLT=198.18.0.2
ODD=198.18.0.3

lab_snmpd target $DFLT 161
lab_chronyd target $DFLT 123
lab_dnsmasq target $DFLT 53
lab_tftpd target $DFLT 69
lab_turnserver target $DFLT 3478
lab_kamailio target $DFLT 5060

lab_snmpd target $ODD 16100 lab-ro
lab_chronyd target $ODD 1123
lab_dnsmasq target $ODD 5353
lab_tftpd target $ODD 6969
lab_turnserver target $ODD 3479
lab_kamailio target $ODD 5080

# probe WANT ADDR PORT PROBE [OPTIONS...]: pp-udpprobe's one-line verdict is WANT.
probe() {
	local want=$1 addr=$2 port=$3 name=$4 out
	shift 4
	out=$(lab_exec jump "$PP_UDPPROBE" "$@" "$addr" "$port" "$name" 2>&1)
	TESTS_RUN=$((TESTS_RUN + 1))
	if [ "$out" = "$want" ]; then
		ok "$name $addr:$port $* -> $out"
	else
		fail "$name $addr:$port $*: got '$out', wanted '$want'"
	fi
}

# Default ports: the registry picks the probe.
probe "open snmp" $DFLT 161 auto
probe "open ntp" $DFLT 123 auto
probe "open dns" $DFLT 53 auto
probe "open tftp" $DFLT 69 auto
probe "open stun" $DFLT 3478 auto
probe "open sip" $DFLT 5060 auto

# Unusual ports: named as a profile would name the service; 3479 is STUN's too.
probe "open snmp" $ODD 16100 snmp --community lab-ro
probe "open ntp" $ODD 1123 ntp
probe "open dns" $ODD 5353 dns
probe "open tftp" $ODD 6969 tftp
probe "open stun" $ODD 3479 auto
probe "open sip" $ODD 5080 sip

# SNMP: the v1 fallback of a retransmission is answered too; a community the
# agent does not know is not (the agent stays silent).
probe "open snmp" $DFLT 161 snmp --attempt 1
probe "open snmp" $ODD 16100 snmp --community lab-ro --attempt 2
probe "no-answer" $DFLT 161 snmp --community wrong --timeout 1500
probe "no-answer" $ODD 16100 snmp --timeout 1500

# No validated answer from the wrong protocol, nor where nothing listens (the
# port unreachable is not a reply; the engine classifies it, not validate()).
out=$(lab_exec jump "$PP_UDPPROBE" --timeout 1500 $DFLT 161 dns 2>&1)
check "dns probe to snmpd is not open ($out)" test "$out" != "open dns"
out=$(lab_exec jump "$PP_UDPPROBE" --timeout 1500 $DFLT 5060 stun 2>&1)
check "stun probe to kamailio is not open ($out)" test "$out" != "open stun"
probe "no-answer" $DFLT 1719 auto --timeout 1500
probe "no-answer" $DFLT 9999 auto --timeout 1500

# portproof scan of the six default ports, every one answered: each is listed
# open with the protocol that answered, none folded into "Not shown" (open is
# never the state of "other", which stays null with nothing left to stand for).
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q -p U:53,69,123,161,3478,5060 $DFLT
for x in 53:dns 69:tftp 123:ntp 161:snmp 3478:stun 5060:sip; do
	check "scan lists udp/${x%%:*} open (${x#*:})" \
		grep -Eq "^  ${x%%:*}/udp +open +${x#*:} +udp-response" <<<"$OUT"
done
check "no open port is 'Not shown'" test -z "$(grep 'Not shown' <<<"$OUT")"
expect_exit 0 lab_exec jump "$PORTPROOF" scan -q --format json -p U:53,69,123,161,3478,5060 $DFLT
check "json: other is null, six ports listed" \
	test "$(grep -c '"state": "open"' <<<"$OUT") $(grep -c '"udp": null' <<<"$OUT")" = "6 1"

# Every daemon ran inside the lab and goes with it.
target=$(lab_nsname target)
pids=$(ip netns pids "$target")
check "daemons run in the target namespace" test -n "$pids"
lab_down
alive=""
for p in $pids; do
	kill -0 "$p" 2>/dev/null && alive="$alive $p"
done
check "lab_down killed every daemon ($alive)" test -z "$alive"
check "namespaces torn down" bash -c "! ip netns list | grep -q '$target'"
trap - EXIT
finish
