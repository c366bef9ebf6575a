#!/bin/bash
# The listener check (lib/check) against real servers in the lab: an audit of two
# hosts.  srv runs openssl s_server (a self-signed certificate that expires in 10
# days) on tcp/443, python3 -m http.server on the HTTPS port tcp/8443 (a mismatch,
# high: TLS expected, clear text served) and on tcp/8080, sshd on tcp/22 and on the
# unexpected tcp/2222, kamailio over TCP on tcp/5060 and over TLS on tcp/5061,
# redis-server on the unexpected tcp/6379, and small responders
# (tests/lab/responder.py) for RTSP (554), the unexpected MySQL (3306), and the
# bad ones: a sender of garbage (7777), a banner of 1 MB (7778), a listener that
# never answers (7779), a TLS handshake that stalls half way (7780).  prx sits
# behind an nftables synproxy that answers SYN-ACK for every port; only its
# tcp/443 has a server, whose certificate expired in 2020.  Checked: every port's `seen`
# and verdict, the certificates' days (10: a low finding beside the pass; expired: a
# medium one, "expired N days ago"), the SYN proxy flagged once with its sweep not
# reported port by port, --no-check, scan --check-listeners, the text report,
# diff on a change of `seen`, and nmap -sV as a second opinion: where both name
# a port's service, they name the same.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"

: "${PYTHON3:=python3}"
RESPONDER="$PYTHON3 $top_srcdir/tests/lab/responder.py"
DATA=$top_srcdir/tests/integration/data/listeners
SRV=198.18.7.10
PRX=198.18.7.20

lab_init listeners
T=$LAB_DIR
trap 'rm -f "$TMPERR"; lab_down' EXIT
lab_switch sw
lab_ns jump
lab_ns srv
lab_ns prx
lab_plug jump 198.18.7.1/24
lab_plug srv $SRV/24
lab_plug prx $PRX/24

command -v openssl >/dev/null || lab_fail "FAIL: openssl not found: apt-get install openssl"
[ -x /usr/sbin/sshd ] || lab_fail "FAIL: sshd not found: apt-get install openssh-server"
openssl req -x509 -newkey rsa:2048 -nodes -days 10 -subj "/CN=portproof-lab" \
	-keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null || lab_fail "FAIL: openssl req"
# prx's certificate expired in 2020 (openssl ca sets the dates req cannot).
mkdir "$T/ca" && : >"$T/ca/index.txt" && echo 01 >"$T/ca/serial"
printf '[ca]\ndefault_ca = d\n[d]\ndatabase = %s\nserial = %s\nnew_certs_dir = %s\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n' \
	"$T/ca/index.txt" "$T/ca/serial" "$T/ca" >"$T/ca.cnf"
openssl req -new -newkey rsa:2048 -nodes -subj "/CN=portproof-old" -keyout "$T/old-key.pem" \
	-out "$T/old.csr" 2>/dev/null &&
	openssl ca -batch -config "$T/ca.cnf" -selfsign -keyfile "$T/old-key.pem" \
		-startdate 20200101000000Z -enddate 20200201000000Z -in "$T/old.csr" \
		-out "$T/old.pem" 2>/dev/null || lab_fail "FAIL: openssl ca (an expired certificate)"

# A server that prints no "ready": started as a daemon, waited for by its socket
# (lab_bg would wait 5 s for the word first).
tcp_server() {
	LAB_WAIT_PROTO=tcp lab_daemon "$1" "$4-$3" "$2" "$3" "${@:5}"
}
# tls_server NS ADDR PORT CERT KEY: openssl s_server, quiet, answering HTTP inside
# TLS (-www: it does not read stdin, whose end would close its connections).
tls_server() {
	tcp_server "$1" "$2" "$3" s_server openssl s_server -quiet -www -accept "$2:$3" \
		-cert "$T/$4" -key "$T/$5"
}
tls_server srv $SRV 443 cert.pem key.pem
tls_server prx $PRX 443 old.pem old-key.pem

# Plain HTTP, on the HTTPS port and on its own.
for port in 8443 8080; do
	tcp_server srv $SRV $port http.server $PYTHON3 -m http.server --bind $SRV --directory "$T" $port
done

# sshd on 22 (expected) and 2222 (unexpected), its files in the temp dir, its
# privilege separation directory on a tmpfs of its own mount namespace.
ssh-keygen -q -t ed25519 -N '' -f "$T/ssh_host_key" || lab_fail "FAIL: ssh-keygen"
printf 'ListenAddress %s\nHostKey %s\nPidFile none\nUsePAM no\n' \
	"$SRV:22" "$T/ssh_host_key" >"$T/sshd_config"
echo "ListenAddress $SRV:2222" >>"$T/sshd_config"
tcp_server srv $SRV 2222 sshd unshare -m sh -c "mount -t tmpfs none /run &&
	mkdir -m 755 /run/sshd && exec /usr/sbin/sshd -D -e -f $T/sshd_config"
lab_wait_port srv $SRV tcp 22

lab_kamailio_tcp srv $SRV 5060
lab_bg srv $RESPONDER rtsp $SRV 554
lab_kamailio_tls srv $SRV 5061 "$T/cert.pem" "$T/key.pem"
lab_redis srv $SRV 6379
lab_bg srv $RESPONDER mysql $SRV 3306
lab_bg srv $RESPONDER garbage $SRV 7777
lab_bg srv $RESPONDER huge $SRV 7778
lab_bg srv $RESPONDER stall $SRV 7779
lab_bg srv $RESPONDER tlsstall $SRV 7780

# prx: a SYN proxy for every port (the nftables wiki's synproxy, on the input hook).
lab_exec prx sysctl -qw net.netfilter.nf_conntrack_tcp_loose=0 || lab_fail "FAIL: sysctl"
lab_exec prx sysctl -qw net.ipv4.tcp_syncookies=1 net.ipv4.tcp_timestamps=1
lab_exec prx nft -f "$DATA/synproxy.nft" || lab_fail "FAIL: nft synproxy"

mkdir -p "$T/profiles" && cp "$DATA/lab-listeners.json" "$T/profiles/"
sed -e "s/@SRV@/$SRV/" -e "s/@PRX@/$PRX/" "$DATA/site.json" >"$T/site.json"

audit() {
	lab_exec jump "$PORTPROOF" audit --rate 0 -q --profile-dir "$T/profiles" "$@"
}
# port HOST PORT: "seen verdict severity cert_days | seen_detail" of tcp/PORT.
port() {
	$PYTHON3 "$DATA/port.py" "$RESULT" "$1" "$2"
}
# host_key HOST KEY: a key of the host, and how many unexpected ports it lists.
host_key() {
	$PYTHON3 "$DATA/port.py" "$RESULT" "$1" "$2" host
}
has() { grep -Eq -- "$2" <<<"$1"; }

# --- the audit, the check on by default ---
expect_exit 1 audit "$T/site.json" -o "$T/after.json" -v
RESULT=$T/after.json
echo "$ERR" | grep "listener check"
check "the check says what it did (-v)" has "$ERR" 'listener check: [0-9]+ ports in [0-9.]+ s'
s=$(port $SRV 443)
check "443: tls, pass, a low finding: the certificate expires in 10 days ($s)" has "$s" '^tls pass low (9|10) \| TLSv1\.[23], certificate CN=portproof-lab, expires in (9|10) days$'
s=$(port $SRV 8443)
check "8443: plain HTTP on the HTTPS port, mismatch high ($s)" has "$s" '^http mismatch high None \| an HTML page without a status line'
s=$(port $SRV 8080)
check "8080: http, pass ($s)" has "$s" '^http pass none None \| HTTP/1\.[01] 200 '
s=$(port $SRV 554)
check "554: rtsp, pass ($s)" has "$s" '^rtsp pass none None \| RTSP/1\.0 200 OK$'
s=$(port $SRV 5060)
check "5060: kamailio over TCP, sip, pass ($s)" has "$s" '^sip pass none None \| SIP/2\.0 200 OK'
s=$(port $SRV 5061)
check "5061: kamailio over TLS, tls, pass, low ($s)" has "$s" '^tls pass low (9|10) \| TLSv1\.[23], certificate CN=portproof-lab, .*; SIP/2\.0 200 OK$'
s=$(port $SRV 22)
check "22: ssh, pass ($s)" has "$s" '^ssh pass none None \| SSH-2\.0-OpenSSH'
s=$(port $SRV 2222)
check "2222: an unexpected sshd, named ($s)" has "$s" '^ssh unexpected high None \| SSH-2\.0-OpenSSH'
s=$(port $SRV 6379)
check "6379: an unexpected redis-server, named ($s)" has "$s" '^redis unexpected high None \| -ERR '
s=$(port $SRV 3306)
check "3306: an unexpected MySQL, named ($s)" has "$s" '^mysql unexpected high None \| server version 8\.0\.36-lab$'
s=$(port $SRV 7777)
check "7777: garbage is unknown ($s)" has "$s" '^unknown unexpected high None'
s=$(port $SRV 7778)
check "7778: a 1 MB banner, read in part ($s)" has "$s" '^ssh unexpected high None \| SSH-2\.0-AAAA'
s=$(port $SRV 7779)
check "7779: a listener that never answers, none ($s)" has "$s" '^none unexpected high None \| no answer'
s=$(port $SRV 7780)
check "7780: a TLS handshake that stalls half way, tls ($s)" has "$s" '^tls unexpected high None \| TLS record'
s=$(host_key $SRV middlebox)
check "srv: no middlebox, 7 unexpected ports ($s)" [ "$s" = "None 7" ]
s=$(host_key $PRX middlebox)
check "prx: flagged as behind a SYN proxy, no unexpected port listed ($s)" [ "$s" = "syn-proxy 0" ]
s=$(host_key $PRX middlebox_ports)
check "prx: the proxy's other ports counted ($s)" has "$s" '^655[0-9][0-9] 0$'
s=$(port $PRX 443)
check "prx 443: the server behind the proxy, tls, pass, its certificate expired: medium ($s)" \
	has "$s" '^tls pass medium -[0-9]{4} \| TLSv1\.[23], certificate CN=portproof-old, expired [0-9]{4} days ago$'
s=$(port $PRX 554)
check "prx 554: answered by the proxy only, missing ($s)" has "$s" '^none missing high None \| reset'

# --- the text report ---
expect_exit 0 "$PORTPROOF" report "$T/after.json"
check "text: the mismatch" has "$OUT" 'high +mismatch +tcp/8443 .*speaks http .*not tls as the document says.*clear text'
check "text: an unexpected port says what it speaks" has "$OUT" 'tcp/6379 .*speaks redis'
check "text: the certificate, a low finding" has "$OUT" 'low +pass +tcp/443 .*speaks TLS, but its certificate expires in (9|10) days: renew it'
check "text: the SYN proxy, once" [ "$(grep -c 'answers for 198.18.7.20: SYN proxy' <<<"$OUT")" = 1 ]
expect_exit 0 "$PORTPROOF" report "$T/after.json" --format junit
check "junit: the certificate's finding in a passing testcase" has "$OUT" '<system-out>open \(syn-ack\)&#10;severity low: tcp/443 .*expires in (9|10) days'

# --- nmap -sV, the second opinion: the same names where both name one ---
# The named ports only (not the bad ones, which nmap would probe at length);
# --version-light names every one of them here (about 20 s: kamailio's 5060 is
# the slowest, the full intensity spends 40 s on 443), --host-timeout bounds it.
command -v nmap >/dev/null || lab_fail "FAIL: nmap not found: apt-get install nmap"
lab_exec jump nmap -sV --version-light -Pn -n -T4 --host-timeout 60s -p 22,443,554,2222,3306,5060,5061,6379,8080,8443 \
	-oX "$T/nmap.xml" $SRV >/dev/null 2>&1 || lab_fail "FAIL: nmap -sV"
s=$($PYTHON3 "$DATA/nmap_agree.py" "$T/nmap.xml" "$T/after.json" $SRV)
echo "$s"
check "nmap -sV: no port named otherwise ($(tail -1 <<<"$s"))" has "$s" 'differ 0$'
check "nmap -sV: at least 8 ports compared ($(tail -1 <<<"$s"))" has "$s" '^agree ([89]|10) '
for want in 22:ssh 443:tls 6379:redis 8443:http; do
	check "nmap -sV names ${want%:*} ${want#*:} too" has "$s" "^${want%:*} nmap=${want#*:} portproof=${want#*:} agree$"
done

# --- --no-check: what a SYN scan alone says ---
expect_exit 1 audit "$T/site.json" -o "$T/nocheck.json" --no-check
RESULT=$T/nocheck.json
s=$(port $SRV 8443)
check "--no-check: 8443 passes, nothing seen ($s)" has "$s" '^None pass none None'
s=$(host_key $PRX middlebox)
check "--no-check: prx's sweep is all unexpected ($s)" has "$s" '^None [0-9]{5}$'

# --- diff: 8443 serves TLS now ---
pids=$(lab_exec srv ss -Htlnp "( sport = :8443 )" | grep -o 'pid=[0-9]*' | cut -d= -f2)
[ -n "$pids" ] && kill $pids
tls_server srv $SRV 8443 cert.pem key.pem
expect_exit 1 audit "$T/site.json" -o "$T/fixed.json"
RESULT=$T/fixed.json
s=$(port $SRV 8443)
check "8443 with TLS: pass ($s)" has "$s" '^tls pass low'
# The mismatch resolved, but the TLS listener now there has the certificate of
# 10 days: a new finding, so worse (exit 1).
expect_exit 1 "$PORTPROOF" diff "$T/after.json" "$T/fixed.json"
check "diff: the change of seen" has "$OUT" 'tcp/8443 .*speaks tls, was http'
check "diff: the certificate's finding replaces the mismatch" has "$OUT" 'tcp/8443 +new finding: pass \(low\); was: mismatch \(high\)'
expect_exit 1 "$PORTPROOF" diff "$T/after.json" "$T/fixed.json" --format json
check "diff json: a seen change" has "$OUT" '"change": \[[^]]*"seen"'

# --- scan --check-listeners ---
expect_exit 0 lab_exec jump "$PORTPROOF" scan --rate 0 -q -p 22,443,6379,3306 \
	--check-listeners --format json $SRV
RESULT=$T/scan.json
printf '%s\n' "$OUT" >"$RESULT"
for want in 22:ssh 443:tls 6379:redis 3306:mysql; do
	s=$(port $SRV ${want%:*})
	check "scan: ${want%:*} ${want#*:} ($s)" has "$s" "^${want#*:} None"
done
expect_exit 0 lab_exec jump "$PORTPROOF" scan --rate 0 -q -p 443 --format json $SRV
check "scan without --check-listeners: no seen" has "$(grep -c '"seen"' <<<"$OUT")" '^0$'

finish
