# The lab's real daemons (UDP, and a few TCP ones), sourced after lab.sh.
#
# Each function starts one real daemon inside a lab namespace, bound to one
# address and port, with a minimal configuration generated in the lab's temp dir
# (never the system's files, pid files or sockets), and returns once it listens.
# The daemons stay in the foreground as children of `ip netns exec`, so lab_down
# kills them with everything else in the namespace.  Several instances of one
# daemon can run side by side (default port on one address, an unusual port on
# another): every file is named after the namespace, address and port.
#
#   . tests/lab/lab.sh; . tests/lab/daemons.sh
#   lab_snmpd    NS ADDR PORT [COMMUNITY]   Net-SNMP agent, sysDescr readable
#   lab_chronyd  NS ADDR PORT               chrony as an NTP server (local stratum)
#   lab_dnsmasq  NS ADDR PORT               dnsmasq as a DNS server
#   lab_tftpd    NS ADDR PORT               tftpd-hpa serving an empty directory
#   lab_turnserver NS ADDR PORT             coturn as a plain STUN server
#   lab_kamailio NS ADDR PORT               Kamailio answering OPTIONS with 200
#   lab_kamailio_tcp NS ADDR PORT           the same over TCP (the listener check)
#   lab_kamailio_tls NS ADDR PORT CERT KEY  the same over TLS (the listener check)
#   lab_redis    NS ADDR PORT               redis-server over TCP (the listener check)
#
# The Debian packages: snmpd dnsmasq-base tftpd-hpa coturn kamailio
# kamailio-tls-modules redis-server, installed by
# quickstart.sh test with their own services neither started nor enabled, and
# chronyd: /usr/sbin/chronyd when chrony is installed, else the copy quickstart.sh
# takes out of chrony's package into /usr/local/libexec/portproof-lab (installing
# chrony would remove the machine's time daemon, systemd-timesyncd), or $CHRONYD.

KAMAILIO_MODULES=${KAMAILIO_MODULES:-/usr/lib/x86_64-linux-gnu/kamailio/modules}

# lab_daemon_need PROGRAM PACKAGE: fail, naming the package, if it is missing.
lab_daemon_need() {
	[ -x "$1" ] || command -v "$1" >/dev/null 2>&1 ||
		lab_fail "FAIL: $1 not found: apt-get install $2"
}

# lab_wait_udp NS ADDR PORT WHAT LOG: wait (10 s) until a UDP socket (a TCP one
# when LAB_WAIT_PROTO=tcp) is bound to exactly ADDR:PORT in NS; on failure show
# the daemon's log.
lab_wait_udp() {
	local i flag=-uln
	[ "${LAB_WAIT_PROTO:-udp}" = tcp ] && flag=-tln
	for i in $(seq 1 200); do
		lab_exec "$1" ss -H $flag "( sport = :$3 )" 2>/dev/null |
			grep -qF -e " $2:$3 " -e " [$2]:$3 " && return 0
		sleep 0.05
	done
	lab_fail "$4 does not listen on ${LAB_WAIT_PROTO:-udp} $2:$3 in $1 after 10 s: $(tail -20 "$5" 2>/dev/null)"
}

# lab_daemon NS NAME ADDR PORT CMD...: run CMD in NS in the foreground of a
# background job, its output in the temp dir, and wait for ADDR:PORT.
lab_daemon() {
	local ns=$1 name=$2 addr=$3 port=$4 log
	shift 4
	log="$LAB_DIR/$name.log"
	ip netns exec "$(lab_nsname "$ns")" "$@" >"$log" 2>&1 &
	LAB_PIDS="$LAB_PIDS $!"
	lab_wait_udp "$ns" "$addr" "$port" "$name" "$log"
}

# The per-instance directory of a daemon: LAB_DIR/NAME-NS-ADDR-PORT.
lab_kamailio_tcp() {
	KAMAILIO_TRANSPORT=tcp lab_kamailio "$@"
}

lab_daemon_dir() {
	local d="$LAB_DIR/$1-$2-$3-$4"
	mkdir -p "$d" || lab_fail "cannot create $d"
	printf '%s' "$d"
}

# Net-SNMP's agent: a v1/v2c read-only community, only that socket (no AgentX,
# no default config files: -C), persistent state in the temp dir; its SMUX
# listener on tcp/199 too, unless LAB_SNMPD_SMUX=no (the product labs: their
# audits would find it open, in no document).  The address is in the config
# only: naming it on the command line too makes snmpd bind it twice and exit.
lab_snmpd() {
	local ns=$1 addr=$2 port=$3 community=${4:-public} d smux=""
	[ "${LAB_SNMPD_SMUX:-}" != no ] || smux="-I -smux"
	lab_daemon_need /usr/sbin/snmpd snmpd
	d=$(lab_daemon_dir snmpd "$ns" "$addr" "$port")
	cat >"$d/snmpd.conf" <<-EOF
		agentaddress udp:$addr:$port
		rocommunity $community default
		sysDescr portproof lab snmpd
		sysLocation lab namespace $ns
		master no
	EOF
	lab_daemon "$ns" "snmpd-$port" "$addr" "$port" \
		env SNMP_PERSISTENT_DIR="$d" MIBS="" /usr/sbin/snmpd -f -C -c "$d/snmpd.conf" -Lo $smux \
		-p "$d/snmpd.pid" -M /dev/null
}

# chrony as an NTP server that never touches the clock (-x): it serves its own
# clock at stratum 10 (an unsynchronised chronyd would not answer), no command
# socket, every file in the temp dir.
lab_chronyd() {
	local ns=$1 addr=$2 port=$3 d
	local chronyd=${CHRONYD:-/usr/sbin/chronyd}
	[ -x "$chronyd" ] || chronyd=/usr/local/libexec/portproof-lab/chronyd
	[ -x "$chronyd" ] || lab_fail "FAIL: chronyd not found: ./quickstart.sh test puts one in" \
		"${chronyd%/*} (or apt-get install chrony, which replaces systemd-timesyncd)"
	d=$(lab_daemon_dir chronyd "$ns" "$addr" "$port")
	cat >"$d/chrony.conf" <<-EOF
		port $port
		bindaddress $addr
		allow all
		local stratum 10
		cmdport 0
		bindcmdaddress /
		pidfile $d/chronyd.pid
		driftfile $d/chrony.drift
		ntsdumpdir $d
		dumpdir $d
	EOF
	lab_daemon "$ns" "chronyd-$port" "$addr" "$port" \
		"$chronyd" -4 -d -x -u root -f "$d/chrony.conf"
}

# dnsmasq as a DNS server only: no /etc files (-C /dev/null, no resolv.conf, no
# hosts), bound to the one address, answering version.bind.
lab_dnsmasq() {
	local ns=$1 addr=$2 port=$3 d
	lab_daemon_need /usr/sbin/dnsmasq dnsmasq-base
	d=$(lab_daemon_dir dnsmasq "$ns" "$addr" "$port")
	lab_daemon "$ns" "dnsmasq-$port" "$addr" "$port" \
		/usr/sbin/dnsmasq --keep-in-foreground --log-facility=- --conf-file=/dev/null \
		--port="$port" --listen-address="$addr" --bind-interfaces \
		--no-resolv --no-hosts --user=root --group=root --pid-file="$d/dnsmasq.pid"
}

# tftpd-hpa in standalone foreground mode (-L) serving an empty directory, so
# every read request gets "File not found" (from a new port, as TFTP does).
lab_tftpd() {
	local ns=$1 addr=$2 port=$3 d a=$2
	lab_daemon_need /usr/sbin/in.tftpd tftpd-hpa
	[[ $addr == *:* ]] && a="[$addr]" # IPv6, as -a takes it
	d=$(lab_daemon_dir tftpd "$ns" "$addr" "$port")
	mkdir -p "$d/root"
	lab_daemon "$ns" "tftpd-$port" "$addr" "$port" \
		/usr/sbin/in.tftpd -L -v -u root -s "$d/root" -a "$a:$port" -P "$d/tftpd.pid"
}

# coturn as a plain STUN server (-S, --stun-only): UDP only, no TLS/DTLS/TCP, no
# CLI, no RFC 5780 alternate port next to ours, no database, log to stdout.
lab_turnserver() {
	local ns=$1 addr=$2 port=$3 d
	lab_daemon_need /usr/bin/turnserver coturn
	d=$(lab_daemon_dir turnserver "$ns" "$addr" "$port")
	lab_daemon "$ns" "turnserver-$port" "$addr" "$port" \
		/usr/bin/turnserver -n --stun-only --listening-ip "$addr" --listening-port "$port" \
		--alt-listening-port 0 --no-tcp --no-tls --no-dtls --no-cli --no-tcp-relay \
		--pidfile "$d/turnserver.pid" --log-file stdout --simple-log \
		--userdb "$d/turndb" --proc-user root --proc-group root
}

# Kamailio with a configuration of its own: one UDP socket, only the sl module,
# OPTIONS answered 200 and everything else 404; foreground (-DD), log to stderr.
# KAMAILIO_TRANSPORT tcp or tls for one of those instead; tls with the tls module
# (kamailio-tls-modules) and KAMAILIO_CERT, KAMAILIO_KEY.
lab_kamailio() {
	local ns=$1 addr=$2 port=$3 transport=${KAMAILIO_TRANSPORT:-udp} d tls="" host=$2
	lab_daemon_need /usr/sbin/kamailio kamailio
	[[ $addr == *:* ]] && host="[$addr]" # IPv6, as SIP writes it
	d=$(lab_daemon_dir kamailio-$transport "$ns" "$addr" "$port")
	if [ "$transport" = tls ]; then
		[ -f "$KAMAILIO_MODULES/tls.so" ] ||
			lab_fail "FAIL: kamailio's tls module not found: apt-get install kamailio-tls-modules"
		printf '[server:default]\nmethod = TLSv1.2+\nverify_certificate = no\n%s\n%s\n%s\n' \
			"require_certificate = no" "private_key = $KAMAILIO_KEY" \
			"certificate = $KAMAILIO_CERT" >"$d/tls.cfg"
		tls="enable_tls=yes
loadmodule \"tls.so\"
modparam(\"tls\", \"config\", \"$d/tls.cfg\")"
	fi
	cat >"$d/kamailio.cfg" <<-EOF
		#!KAMAILIO
		debug=2
		log_stderror=yes
		children=1
		auto_aliases=no
		listen=$transport:$host:$port
		mpath="$KAMAILIO_MODULES"
		loadmodule "sl.so"
		$tls
		request_route {
			if (method == "OPTIONS") {
				sl_send_reply("200", "OK");
				exit;
			}
			sl_send_reply("404", "Not here");
		}
	EOF
	LAB_WAIT_PROTO=${transport/tls/tcp} lab_daemon "$ns" "kamailio-$transport-$port" "$addr" \
		"$port" /usr/sbin/kamailio -DD -E -f "$d/kamailio.cfg" -P "$d/kamailio.pid" \
		-Y "$d" -w "$d" -m 16 -M 4
}

# lab_kamailio_tls NS ADDR PORT CERT KEY: SIP over TLS (the listener check).
lab_kamailio_tls() {
	KAMAILIO_TRANSPORT=tls KAMAILIO_CERT=$4 KAMAILIO_KEY=$5 lab_kamailio "$1" "$2" "$3"
}

# redis-server as the forgotten cache of the listener check: TCP on ADDR:PORT only,
# nothing saved (no RDB, no AOF), its working directory in the temp dir, in the
# foreground.  Protected mode off: the open, passwordless Redis an audit must name
# (the namespace is reachable from the lab only).
lab_redis() {
	local ns=$1 addr=$2 port=$3 d
	lab_daemon_need /usr/bin/redis-server redis-server
	d=$(lab_daemon_dir redis "$ns" "$addr" "$port")
	LAB_WAIT_PROTO=tcp lab_daemon "$ns" "redis-$port" "$addr" "$port" \
		/usr/bin/redis-server --port "$port" --bind "$addr" --save '' --appendonly no \
		--dir "$d" --daemonize no --protected-mode no
}
