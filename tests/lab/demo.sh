#!/bin/bash
# The README's first command ends here: bring up the simulated Cisco MediaSense
# deployment of tests/lab/mediasense.sh (three servers, their listeners, a
# firewall, kamailio on 5060, and a few deliberate faults) and run portproof's main
# job on it from the lab's jump namespace: the audit, its report on stdout.  The
# lab is torn down when the script ends, also on failure or Ctrl-C.
set -u
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=${top_builddir:-$top_srcdir}
PORTPROOF=$top_builddir/src/portproof
PP_LISTEN=$top_builddir/tests/lab/pp-listen
make -C "$top_builddir" -s tests/lab/pp-listen >/dev/null || exit 1
. "$top_srcdir/tests/lab/lab.sh"
[ -f "$top_srcdir/tests/lab/daemons.sh" ] && . "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/mediasense.sh"

lab_init demo
lab_mediasense

cat <<EOF
lab: Cisco MediaSense in network namespaces, audited from the jump host $MS_JUMP
  ms-primary $MS_PRIMARY, ms-secondary $MS_SECONDARY, ms-expansion $MS_EXPANSION
  faults built in: primary drops tcp/9443 and udp/5060; secondary's API (tcp/8440)
  is down and its cluster-only tcp/8087 is not firewalled; expansion has MySQL
  (tcp/3306) open and its cluster-only JMS (tcp/61616) reachable from the jump host

\$ portproof audit tests/lab/mediasense/site.json
EOF
cd "$top_srcdir" || exit 1
lab_exec jump "$PORTPROOF" audit tests/lab/mediasense/site.json
rc=$?
case $rc in
0) echo "demo: exit 0: the deployment conforms (the faults did not show?)" ;;
1) echo "demo: exit 1: findings, as built in (see portproof(1) for -o, --format and diff)" ;;
*) echo "demo: exit $rc: the audit did not run" ;;
esac
[ "$rc" -le 1 ]
