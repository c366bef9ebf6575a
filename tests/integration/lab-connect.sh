#!/bin/bash
# The lab itself: a jump namespace and a target joined by veth, no route out, a
# listener started; a TCP connect from jump succeeds on the listening port and is
# refused on another; everything is gone afterwards.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

lab_init connect
lab_ns jump
lab_ns target
lab_link jump 198.18.0.1/24 target 198.18.0.2/24
lab_bg target "$PP_LISTEN" -a 198.18.0.2 8080,9000-9002

connect() {
	lab_exec jump timeout 5 bash -c "exec 3<>/dev/tcp/198.18.0.2/$1" 2>&1
}
check "connect to listening 8080" connect 8080
check "connect to listening 9001" connect 9001
out=$(connect 8081)
check "8081 is refused, not timed out" grep -q "refused" <<<"$out"

# No route out of the lab: only the connected /24 is reachable.
routes=$(lab_exec jump ip -4 route show)
check "jump has no default route" bash -c "! grep -q default <<<'$routes'"
out=$(lab_exec jump ip route get 192.0.2.1 2>&1)
check "jump cannot route outside the lab" grep -qi "unreachable" <<<"$out"

jump=$(lab_nsname jump)
lab_down
check "namespaces torn down" bash -c "! ip netns list | grep -q '$jump'"
trap - EXIT
finish
