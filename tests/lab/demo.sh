#!/bin/bash
# The README's first command ends here: bring up one of the lab's simulated
# deployments and run portproof's main job on it from the lab's jump namespace:
# the audit, its report on stdout.  The lab is torn down when the script ends,
# also on failure or Ctrl-C.
#
#   tests/lab/demo.sh [PRODUCT]   mediasense (the default), content-server,
#                                 telepresence or equinox
#
# mediasense is tests/lab/mediasense.sh (three servers, kamailio on 5060); the
# others are tests/lab/PRODUCT.sh, each built from its product's profile with a
# fault of every verdict kind (./quickstart.sh demo PRODUCT installs the daemons
# they run: snmpd, and coturn for equinox).
set -u
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=${top_builddir:-$top_srcdir}
PORTPROOF=$top_builddir/src/portproof
PP_LISTEN=$top_builddir/tests/lab/pp-listen
PP_UDPSERVE=$top_builddir/tests/lab/pp-udpserve
product=${1:-mediasense}
case $product in
mediasense | content-server | telepresence | equinox) ;;
*)
	echo "usage: tests/lab/demo.sh [mediasense|content-server|telepresence|equinox]" >&2
	exit 2
	;;
esac
make -C "$top_builddir" -s tests/lab/pp-listen tests/lab/pp-udpserve >/dev/null || exit 1
. "$top_srcdir/tests/lab/lab.sh"
[ -f "$top_srcdir/tests/lab/daemons.sh" ] && . "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/products.sh"
. "$top_srcdir/tests/lab/$product.sh"

lab_init demo
case $product in
mediasense)
	lab_mediasense
	site=tests/lab/mediasense/site.json
	cat <<-EOF
		lab: Cisco MediaSense in network namespaces, audited from the jump host $MS_JUMP
		  ms-primary $MS_PRIMARY, ms-secondary $MS_SECONDARY, ms-expansion $MS_EXPANSION
		  faults built in: primary drops tcp/9443 and udp/5060; secondary's API (tcp/8440)
		  is down and its cluster-only tcp/8087 is not firewalled; expansion has MySQL
		  (tcp/3306) open and its cluster-only JMS (tcp/61616) reachable from the jump host
	EOF
	;;
*)
	lab_$(tr - _ <<<"$product")
	site=tests/lab/$product/site.json
	# The lab's own description: the comment at the top of its script, from
	# its picture on.
	echo "lab: $product in network namespaces, audited from the jump host"
	sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$top_srcdir/tests/lab/$product.sh" |
		sed -n '/^ *jump /,$p' | sed 's/^./  &/'
	;;
esac

printf '\n$ portproof audit %s\n' "$site"
cd "$top_srcdir" || exit 1
lab_exec jump "$PORTPROOF" audit "$site"
rc=$?
case $rc in
0) echo "demo: exit 0: the deployment conforms (the faults did not show?)" ;;
1) echo "demo: exit 1: findings, as built in (see portproof(1) for -o, --format and diff)" ;;
*) echo "demo: exit $rc: the audit did not run" ;;
esac
[ "$rc" -le 1 ]
