#!/bin/bash
# The lab itself: a jump namespace and a target joined by veth, dual-stack
# (198.18.0.0/24 and 2001:2::/64), no route out, a listener started on each
# family; a TCP connect from jump succeeds on the listening port and is refused
# on another, over IPv4 and IPv6, and a port that listens on one family only
# is refused on the other; everything is gone afterwards.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

lab_init connect
lab_ns jump
lab_ns target
lab_link jump "198.18.0.1/24 2001:2::1/64" target "198.18.0.2/24 2001:2::2/64"
lab_bg target "$PP_LISTEN" -a 198.18.0.2 8080,9000-9002
lab_bg target "$PP_LISTEN" -a 2001:2::2 8080,9003

# connect PORT [ADDR]: a TCP connection from jump.
connect() {
	lab_exec jump timeout 5 bash -c "exec 3<>/dev/tcp/${2:-198.18.0.2}/$1" 2>&1
}
check "connect to listening 8080" connect 8080
check "connect to listening 9001" connect 9001
out=$(connect 8081)
check "8081 is refused, not timed out" grep -q "refused" <<<"$out"
check "connect over IPv6 to listening 8080" connect 8080 2001:2::2
check "connect over IPv6 to 9003, which listens on IPv6 only" connect 9003 2001:2::2
out=$(connect 9003)
check "9003 is refused over IPv4" grep -q "refused" <<<"$out"
out=$(connect 9001 2001:2::2)
check "9001 (IPv4 only) is refused over IPv6" grep -q "refused" <<<"$out"

# No route out of the lab: only the connected /24 is reachable.
routes=$(lab_exec jump ip -4 route show)
check "jump has no default route" bash -c "! grep -q default <<<'$routes'"
out=$(lab_exec jump ip route get 192.0.2.1 2>&1)
check "jump cannot route outside the lab" grep -qi "unreachable" <<<"$out"
routes=$(lab_exec jump ip -6 route show)
check "jump has no IPv6 default route" bash -c "! grep -q default <<<'$routes'"
out=$(lab_exec jump ip -6 route get 2001:db8::1 2>&1)
check "jump cannot route IPv6 outside the lab" grep -qi "unreachable" <<<"$out"

jump=$(lab_nsname jump)
lab_down
check "namespaces torn down" bash -c "! ip netns list | grep -q '$jump'"
trap - EXIT
finish
