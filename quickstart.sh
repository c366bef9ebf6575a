#!/bin/bash
# The README's quick-start commands, on Debian 12 as root, from a clone in any folder:
#   ./quickstart.sh demo [PRODUCT]
#                           install what the demo needs, build, bring up the lab, audit it
#                           (mediasense, the default; content-server, telepresence, equinox)
#   ./quickstart.sh test    install what the tests need, build, run the whole suite
#   ./quickstart.sh clean   remove again the packages the two above installed
# Both can be run again at any time.  The machine stays the user's: no service of
# the packages is started, and none is left enabled (the lab runs its own daemons
# in its namespaces); no package replaces one of the user's services (chrony would
# replace systemd-timesyncd: the lab's chronyd is taken out of chrony's package
# instead); the downloaded .deb files are deleted; what was installed is written
# down in $STATE, so that `clean` removes that and nothing else.  The output of
# apt-get and of the build goes to quickstart.log here, whose path is printed when
# something fails.
set -euo pipefail
cd "$(dirname "$0")"
LOG=$PWD/quickstart.log
STATE=/var/lib/portproof-quickstart
LABEXEC=/usr/local/libexec/portproof-lab

# The demo: the build and the lab of tests/lab/mediasense.sh (kamailio answers SIP).
DEMO_PACKAGES="build-essential autoconf automake libtool pkg-config
  libpcap-dev libnet1-dev libcjson-dev libssl-dev check
  iproute2 nftables procps kamailio"
# The other products' demos (tests/lab/PRODUCT.sh): their labs' daemons too.
demo_packages() {
	case $1 in
	telepresence) echo "$DEMO_PACKAGES snmpd" ;;
	equinox) echo "$DEMO_PACKAGES snmpd coturn" ;;
	*) echo "$DEMO_PACKAGES" ;;
	esac
}
# The tests: the lab's other daemons (dnsmasq-base is dnsmasq without its service),
# chronyd's libraries, python3 for the checks, nmap and ndiff (the second opinion),
# chromium (the HTML report drawn), valgrind, and what builds, checks and tries
# the .deb (setcap: the README's way to let a group scan without root), and
# Ansible with sshd, which the test of contrib/ansible runs in lab namespaces
# only (openssh-server's own service is left disabled, as the daemons' are);
# openssl and openssh-server are also the real TLS and SSH servers of the
# listener check's lab (tests/integration/listeners.sh), redis-server its
# unexpected Redis, kamailio-tls-modules its SIP over TLS; iptables loads the
# ip6tables form of `profile firewall` in a lab namespace (tests/integration/ipv6.sh).
TEST_PACKAGES="$DEMO_PACKAGES python3 snmpd dnsmasq-base tftpd-hpa coturn openssl iptables
  libcap2 libgnutls30 libnettle8 libseccomp2
  nmap ndiff chromium valgrind dpkg-dev debhelper lintian libcap2-bin
  ansible openssh-server openssh-client redis-server
  kamailio-tls-modules"

say() { echo "quickstart: $*"; }
die() {
	say "$*" >&2
	say "the output of apt-get and of the build: $LOG" >&2
	exit 1
}

# The packages of $1 that are not installed yet.
missing_of() {
	local p
	for p in $1; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"
	done
}

# The packages of the daemons the lab runs in its namespaces.  Their postinst
# enables their services; those of the packages pulled in with them (dbus,
# man-db's timer) are the system's plumbing and keep Debian's defaults.
LAB_DAEMONS="kamailio snmpd tftpd-hpa coturn openssh-server redis-server"

# Every unit and init script of the lab daemons' packages named on stdin is
# disabled: the lab starts the daemons it needs, where it needs them.
disable_services() {
	local p f names=""
	while read -r p; do
		case " $LAB_DAEMONS " in *" $p "*) ;; *) continue ;; esac
		for f in $(dpkg-query -L "$p" 2>/dev/null |
			grep -E '^(/usr)?/lib/systemd/system/[^/@]+\.(service|socket|timer|path)$|^/etc/init\.d/'); do
			case $f in
			/etc/init.d/*) update-rc.d "${f##*/}" disable >>"$LOG" 2>&1 || true ;;
			*) deb-systemd-helper disable "${f##*/}" >>"$LOG" 2>&1 || true ;;
			esac
			names="$names ${f##*/}"
		done
	done
	[ -z "$names" ] || say "left disabled:$names"
}

POLICY=/usr/sbin/policy-rc.d
# No package starts its service while we install (invoke-rc.d asks policy-rc.d);
# a policy-rc.d of the user's is put back afterwards.
policy_deny() {
	if [ -e $POLICY ]; then mv $POLICY $POLICY.portproof-saved; fi
	trap policy_restore EXIT
	printf '#!/bin/sh\nexit 101\n' >$POLICY
	chmod +x $POLICY
}
policy_restore() {
	rm -f $POLICY
	if [ -e $POLICY.portproof-saved ]; then mv $POLICY.portproof-saved $POLICY; fi
	trap - EXIT
}

# install_packages LIST: apt-get install what is missing, no service started or
# left enabled, the .deb files deleted once installed.
install_packages() {
	local missing before
	missing=$(missing_of "$1" | tr '\n' ' ')
	[ -z "${missing// /}" ] && return 0
	[ "$(id -u)" = 0 ] || { say "run as root to install: $missing" >&2; exit 1; }
	say "installing (apt-get, no service started or enabled): $missing"
	export DEBIAN_FRONTEND=noninteractive
	before=$(mktemp)
	dpkg-query -W -f='${Package}\n' | sort >"$before"
	policy_deny
	apt-get update >>"$LOG" 2>&1 || die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y --no-install-recommends -o APT::Keep-Downloaded-Packages=false \
		$missing >>"$LOG" 2>&1 || die "apt-get install failed"
	policy_restore
	mkdir -p $STATE
	dpkg-query -W -f='${Package}\n' | sort | comm -13 "$before" - >"$before.new"
	cat "$before.new" >>$STATE/packages
	disable_services <"$before.new"
	say "installed $(wc -l <"$before.new") packages (with what they need); ./quickstart.sh clean removes them"
	rm -f "$before" "$before.new"
}

# chronyd, the lab's NTP server, from chrony's package without installing it:
# chrony conflicts with every other time daemon (systemd-timesyncd, ntpsec), so
# installing it would remove the user's.  An installed chrony is used as it is.
install_chronyd() {
	local d
	if [ -x /usr/sbin/chronyd ] || [ -x $LABEXEC/chronyd ]; then return 0; fi
	[ "$(id -u)" = 0 ] || { say "run as root to install chronyd into $LABEXEC" >&2; exit 1; }
	say "chronyd from chrony's package into $LABEXEC (the package is not installed)"
	d=$(mktemp -d)
	chown _apt "$d" 2>/dev/null || true
	(cd "$d" && apt-get download chrony) >>"$LOG" 2>&1 || die "apt-get download chrony failed"
	dpkg-deb -x "$d"/chrony_*.deb "$d/x" || die "cannot unpack chrony's package"
	mkdir -p $LABEXEC $STATE
	install -m 755 "$d/x/usr/sbin/chronyd" $LABEXEC/chronyd
	rm -rf "$d"
	echo "$LABEXEC" >>$STATE/files
}

build() {
	say "building (output in $LOG)"
	{ [ -x configure ] || autoreconf -fi; } >>"$LOG" 2>&1 || die "autoreconf failed"
	{ [ -f Makefile ] || ./configure --enable-werror; } >>"$LOG" 2>&1 || die "configure failed"
	make -j"$(nproc)" >>"$LOG" 2>&1 || die "the build failed"
}

# Removes the packages installed here, those named and those that came with
# them, unless a package installed since needs one (apt-get would remove it too:
# then it says which and stops), and chronyd's copy.
clean() {
	local pkgs extra
	[ "$(id -u)" = 0 ] || { say "run as root" >&2; exit 1; }
	[ -f $STATE/packages ] || { say "nothing to remove: $STATE/packages lists nothing"; exit 0; }
	pkgs=$(sort -u $STATE/packages | while read -r p; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" && echo "$p"
	done | tr '\n' ' ')
	if [ -n "${pkgs// /}" ]; then
		# shellcheck disable=SC2086
		extra=$(apt-get -s purge $pkgs | awk '/^(Purg|Remv) /{ print $2 }' | sort |
			comm -23 - <(printf '%s\n' $pkgs | sort) | tr '\n' ' ')
		[ -z "$extra" ] || {
			say "not removing: these packages, installed since, need some of them: $extra" >&2
			exit 1
		}
		say "removing (apt-get purge): $pkgs"
		# shellcheck disable=SC2086
		apt-get purge "$@" $pkgs
	fi
	[ ! -f $STATE/files ] || rm -rf $(sort -u $STATE/files)
	rm -rf $STATE
	say "done; the build in this folder stays (git clean -xdf removes it)"
}

: >"$LOG"
case "${1:-}" in
demo)
	product=${2:-mediasense}
	case $product in
	mediasense | content-server | telepresence | equinox) ;;
	*)
		echo "usage: ./quickstart.sh demo [mediasense|content-server|telepresence|equinox]" >&2
		exit 2
		;;
	esac
	install_packages "$(demo_packages "$product")"
	build
	exec tests/lab/demo.sh "$product"
	;;
test)
	install_packages "$TEST_PACKAGES"
	install_chronyd
	build
	exec tests/check-quiet.sh "$LOG"
	;;
clean)
	shift
	clean "$@"
	;;
*)
	echo "usage: ./quickstart.sh demo [PRODUCT] | test | clean [-y]" >&2
	exit 2
	;;
esac
