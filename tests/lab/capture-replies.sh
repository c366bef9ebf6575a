#!/bin/bash
# Regenerates the probe replies checked in under tests/unit/data/probes/ (and
# copied to the fuzz seed corpus): each real daemon of the lab answers one probe
# built with pp-udpprobe's fixed test cookie, from 198.18.0.1 port 40000 to
# 198.18.0.2, and the validated reply is saved as it came.  check_probes uses the
# same cookie and addresses to validate them.  Run as root from a build tree:
#   top_builddir=. top_srcdir=/path/to/src tests/lab/capture-replies.sh OUTDIR
set -e
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
out=${1:?usage: capture-replies.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
P="$top_builddir/tests/lab/pp-udpprobe"

lab_init capture
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target 198.18.0.2/24
lab_snmpd target 198.18.0.2 161
lab_chronyd target 198.18.0.2 123
lab_dnsmasq target 198.18.0.2 53
lab_tftpd target 198.18.0.2 69
lab_turnserver target 198.18.0.2 3478
lab_kamailio target 198.18.0.2 5060

cap() { # FILE PORT PROBE [OPTIONS]
	local f=$1 port=$2 probe=$3
	shift 3
	lab_exec jump "$P" --sport 40000 --save "$out/$f" "$@" 198.18.0.2 "$port" "$probe"
}
cap sip-kamailio-200.bin 5060 sip
cap snmp-v2c-response.bin 161 snmp
cap snmp-v1-response.bin 161 snmp --attempt 1
cap ntp-chrony-response.bin 123 ntp
cap dns-dnsmasq-version.bin 53 dns
cap stun-coturn-success.bin 3478 stun
cap tftp-hpa-error.bin 69 tftp
