#!/bin/bash
# The two quick-start commands of the README, each idempotent on a fresh Debian 12
# machine as root:
#   ./quickstart.sh demo   install, build, bring up the lab, run the main job on it
#   ./quickstart.sh test   install, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

# Build, the lab's daemons, the second opinions (nmap, ndiff, masscan, zmap), GNU
# time (bench/run.sh reads peak RSS from it).
PACKAGES="build-essential autoconf automake libtool pkg-config
  libpcap-dev libnet1-dev libcjson-dev check
  iproute2 nftables procps python3 clang clang-format libclang-rt-14-dev
  snmpd chrony dnsmasq tftpd-hpa coturn kamailio
  nmap ndiff masscan zmap chromium valgrind time"

install_packages() {
	local missing=""
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "quickstart: run as root to install:$missing" >&2; exit 1; }
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# Daemons are started by the lab in its namespaces, never by the package.
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
	rm -f /usr/sbin/policy-rc.d
}

build() {
	[ -x configure ] || autoreconf -fi >/dev/null
	[ -f Makefile ] || ./configure --enable-werror -q
	make -j"$(nproc)" >/dev/null
}

case "${1:-}" in
demo)
	install_packages
	build
	exec tests/lab/demo.sh
	;;
test)
	install_packages
	build
	rc=0
	# Build in parallel, then one test at a time: the lab tests scan at full rate,
	# and two of them at once on a small machine drop each other's packets.
	make -j"$(nproc)" check TESTS= >/dev/null
	make check || rc=$?
	# Check's own summaries, the logs of whatever failed, and one closing tally.
	grep -h '%: Checks' tests/unit/*/*.log 2>/dev/null || true
	for trs in $(grep -l '^:test-result: FAIL' $(find tests -name '*.trs') 2>/dev/null); do
		echo "---- ${trs%.trs}.log"
		cat "${trs%.trs}.log"
	done
	pass=$(cat $(find tests -name '*.trs') | grep -c '^:test-result: PASS' || true)
	fail=$(cat $(find tests -name '*.trs') | grep -c -E '^:test-result: (FAIL|ERROR)' || true)
	echo "$pass passed, $fail failed"
	exit $rc
	;;
*)
	echo "usage: ./quickstart.sh demo|test" >&2
	exit 2
	;;
esac
