#!/bin/bash
# The README's first command ends here: bring up a simulated deployment in the lab
# and run portproof's main job on it from the jump namespace.
set -u
top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
top_builddir=${top_builddir:-$top_srcdir}
PORTPROOF=$top_builddir/src/portproof
PP_LISTEN=$top_builddir/tests/lab/pp-listen
make -C "$top_builddir" -s tests/lab/pp-listen >/dev/null || exit 1
. "$top_srcdir/tests/lab/lab.sh"

lab_init demo
lab_ns jump
lab_ns ms1
lab_link jump 198.18.1.1/24 ms1 198.18.1.10/24
lab_bg ms1 "$PP_LISTEN" -a 198.18.1.10 80,443,8080,8081,8440,8443,8446,9081,9443,554,8554,9554,5060

echo "lab: jump 198.18.1.1 -> ms1 198.18.1.10 (MediaSense primary listeners)"
lab_exec jump "$PORTPROOF" --version
lab_exec jump "$PORTPROOF" scan -p T:1-10000 198.18.1.10
