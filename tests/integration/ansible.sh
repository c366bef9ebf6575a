#!/bin/bash
# contrib/ansible run for real: the MediaSense deployment seen from two zones
# (tests/lab/zones.sh), a scanner namespace in zone "any" and two in zone
# "cluster", each running openssh-server's sshd on its lab address only (keys
# made here); ansible-playbook runs site.yml from the controller's namespace over
# SSH.  Checked: every verdict of the merged matrix against the lab's ground
# truth (tcp/8088 blocked from cluster only, tcp/61616 exposed from any only,
# pass everywhere else from both), a zone's two shards merged equal to that
# zone's unsharded audit, the play failing with portproof's exit 1; audit
# --vantage with a zone the deployment does not list (exit 2); merge refusing
# two deployments, a zone's shard twice, a result without a vantage (exit 2,
# nothing written); the matrix's nmap XML read by ndiff; then with one cluster
# scanner's sshd stopped (and portproof and the profiles copied by the role),
# the play naming it, still merging what it has (marked incomplete) and failing
# with exit 3.  Needs root (the lab), ansible and openssh-server
# (./quickstart.sh test installs them).
#
# sshd starts only inside lab namespaces, with a config of this test's; its
# privilege separation directory (/run/sshd) lives on a /run of this test's own
# mount namespace, so nothing of the machine's /run is touched.
[ -n "${PP_ANSIBLE_UNSHARED:-}" ] || [ "$(id -u)" != 0 ] ||
	PP_ANSIBLE_UNSHARED=1 exec unshare --mount --propagation private "$0" "$@"
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"
. "$top_srcdir/tests/lab/daemons.sh"
. "$top_srcdir/tests/lab/zones.sh"

: "${PYTHON3:=python3}"
for tool in ansible-playbook:ansible /usr/sbin/sshd:openssh-server ssh:openssh-client \
	ssh-keygen:openssh-client; do
	command -v "${tool%%:*}" >/dev/null ||
		lab_fail "FAIL: ${tool%%:*} not found: apt-get install ${tool#*:} (./quickstart.sh test does)"
done
[ -n "${PP_ANSIBLE_UNSHARED:-}" ] || lab_fail "FAIL: the test needs root (the lab)"
mount -t tmpfs -o mode=755,size=4m pp-ansible-run /run ||
	lab_fail "FAIL: cannot mount a private /run for sshd"
mkdir -p /run/sshd /run/netns

lab_init ansible
lab_zones
T=$LAB_DIR
trap 'rm -f "$TMPERR"; lab_down' EXIT
chmod 700 "$T"

# --- keys, and sshd in each scanner's namespace, on its lab address only ---
ssh-keygen -q -t ed25519 -N '' -f "$T/client" -C portproof-test || lab_fail "ssh-keygen failed"
ssh-keygen -q -t ed25519 -N '' -f "$T/hostkey" -C portproof-test || lab_fail "ssh-keygen failed"
cp "$T/client.pub" "$T/authorized_keys"
SSHD_PIDS=""
sshd_in() { # NS ADDR
	cat >"$T/sshd-$1.conf" <<EOF
ListenAddress $2:22
HostKey $T/hostkey
PidFile $T/sshd-$1.pid
AuthorizedKeysFile $T/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
EOF
	lab_exec "$1" /usr/sbin/sshd -D -e -f "$T/sshd-$1.conf" >"$T/sshd-$1.log" 2>&1 &
	LAB_PIDS="$LAB_PIDS $!"
	eval "SSHD_$(tr - _ <<<"$1")=$!"
	lab_wait_port "$1" "$2" tcp 22
}
sshd_in scan-any $ZN_ANY
sshd_in scan-c1 $ZN_C1
sshd_in scan-c2 $ZN_C2
check "sshd listens on the lab address only" \
	[ "$(lab_exec scan-c1 ss -Htln '( sport = :22 )' | awk '{ print $4 }')" = "$ZN_C1:22" ]

# --- the inventory: a group per zone; ansible's own files under $T ---
cat >"$T/inventory.ini" <<EOF
[portproof_any]
scan-any ansible_host=$ZN_ANY

[portproof_any:vars]
portproof_zone=any

[portproof_cluster]
scan-c1 ansible_host=$ZN_C1
scan-c2 ansible_host=$ZN_C2

[portproof_cluster:vars]
portproof_zone=cluster

[portproof_scanners:children]
portproof_any
portproof_cluster

[portproof_scanners:vars]
ansible_user=root
ansible_python_interpreter=/usr/bin/python3
EOF
cat >"$T/ansible.cfg" <<EOF
[defaults]
inventory = $T/inventory.ini
local_tmp = $T/ansible-local
remote_tmp = $T/ansible-remote
host_key_checking = False
retry_files_enabled = False
interpreter_python = /usr/bin/python3
forks = 5
timeout = 10

[ssh_connection]
pipelining = True
ssh_args = -i $T/client -o IdentitiesOnly=yes -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o ControlMaster=auto -o ControlPersist=60s
EOF

# playbook RESULTS-DIR [ANSIBLE-ARGS...]: site.yml from the controller's namespace.
playbook() {
	local dir=$1
	shift
	lab_exec ctl env ANSIBLE_CONFIG="$T/ansible.cfg" HOME="$T" ANSIBLE_NOCOLOR=1 \
		ANSIBLE_SSH_CONTROL_PATH_DIR="$1.cp" \
		ansible-playbook "$top_srcdir/contrib/ansible/site.yml" \
		-e portproof_deployment="$top_srcdir/tests/lab/zones/site.json" \
		-e portproof_bin="$PORTPROOF" -e portproof_results_dir="$dir" \
		-e portproof_remote_dir="$T/remote-{{ inventory_hostname }}" \
		-e '{"portproof_audit_args": ["--rate", "0", "--sweep", "none"]}' \
		-e portproof_seed=7 "$@"
}

# --- every zone at once, merged: the matrix against the ground truth ---
playbook "$T/run1" >"$T/run1.log" 2>&1
check "ansible-playbook fails (findings)" [ $? != 0 ]
check "the play fails with portproof's exit 1" grep -q 'portproof: exit 1 (findings)' "$T/run1.log"
check "exit-code file says 1" [ "$(cat "$T/run1/exit-code" 2>/dev/null)" = 1 ]
check "one result per scanner fetched" [ "$(ls "$T/run1" | grep -c -- '-of-')" = 3 ]
check "the cluster's two shards" [ -f "$T/run1/cluster-1-of-2.json" ] && [ -f "$T/run1/cluster-2-of-2.json" ]
check "every verdict of the matrix" "$PYTHON3" - "$T/run1/merged.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
P, S, E = "198.18.1.10", "198.18.1.11", "198.18.1.12"
faults = {(P, "tcp", 8088, "cluster"): "blocked", (E, "tcp", 61616, "any"): "exposed"}
bad, seen, zones = [], set(), {}
for h in r["hosts"]:
    for p in h["ports"]:
        if p.get("verdict") in (None, "none"):
            continue
        key = (h["address"], p["proto"], p["port"], p.get("vantage"))
        zones.setdefault(key[:3], set()).add(key[3])
        want = faults.get(key, "pass")
        seen.add(key)
        if p["verdict"] != want:
            bad.append(f"{key}: {p['verdict']}, wanted {want}")
for k, z in zones.items():
    if z != {"any", "cluster"}:
        bad.append(f"{k}: judged from {sorted(map(str, z))}, wanted any and cluster")
bad += [f"{k}: no verdict" for k in faults if k not in seen]
v = r["summary"]["verdicts"]
if (v["blocked"], v["exposed"], v["pass"]) != (1, 1, len(seen) - 2) or len(seen) < 150:
    bad.append(f"summary {v}, {len(seen)} judged cells")
if r["scan"].get("vantages") != ["any", "cluster"] or r["summary"].get("unverified"):
    bad.append(f"vantages {r['scan'].get('vantages')}, unverified {r['summary'].get('unverified')}")
if not r["scan"]["complete"]:
    bad.append("incomplete")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
check "the text report has a column per zone" \
	grep -qE '^  tcp/8088 +config-http +filtered pass +filtered blocked$' "$T/run1/merged.txt"
check "the HTML report has the matrix" grep -q '<th scope="col">from cluster</th>' "$T/run1/merged.html"

# --- the cluster's shards merged equal its unsharded audit, cell by cell ---
lab_exec scan-c1 "$PORTPROOF" audit "$top_srcdir/tests/lab/zones/site.json" --vantage cluster \
	--rate 0 --sweep none -q -o "$T/cluster-whole.json"
expect_exit 0 "$PORTPROOF" merge "$T/run1/cluster-1-of-2.json" "$T/run1/cluster-2-of-2.json" \
	-o "$T/cluster-merged.json"
check "merge names the zone no result covers" grep -q 'no result from vantage any' <<<"$ERR"
check "the shards of a zone merge to its unsharded answer" "$PYTHON3" - \
	"$T/cluster-whole.json" "$T/cluster-merged.json" <<'EOF'
import json, sys
def cells(path):
    r = json.load(open(path))
    return {(h["address"], p["proto"], p["port"]): (p["state"], p.get("verdict"))
            for h in r["hosts"] for p in h["ports"]
            if p.get("verdict") not in (None, "none")}, r
a, ra = cells(sys.argv[1])
b, rb = cells(sys.argv[2])
bad = [f"{k}: {a.get(k)} vs {b.get(k)}" for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
if ra["summary"]["score"] != rb["summary"]["score"]:
    bad.append(f"score {ra['summary']['score']} vs {rb['summary']['score']}")
if rb["summary"].get("unverified") != [{"vantage": "any", "rows": len(a)}]:
    bad.append(f"unverified {rb['summary'].get('unverified')}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF

# --- audit --vantage: a zone the deployment lists, or exit 2 naming it ---
expect_exit 2 lab_exec scan-c1 "$PORTPROOF" audit "$top_srcdir/tests/lab/zones/site.json" \
	--vantage dmz -q -o "$T/dmz.json"
check "--vantage names the zone it does not list" \
	grep -q "^portproof: --vantage: .*zone 'dmz' is not a vantage of deployment mediasense-zones (it lists: any, cluster)$" <<<"$ERR"
expect_exit 2 lab_exec scan-c1 "$PORTPROOF" audit "$top_srcdir/tests/lab/zones/site.json" -q \
	-o "$T/none.json"
check "several zones and no --vantage: says so" grep -q 'with --vantage ZONE$' <<<"$ERR"
check "nothing written" [ ! -e "$T/dmz.json" ] && [ ! -e "$T/none.json" ]
# --- merge refuses what is not one deployment's zones, and writes nothing ---
expect_exit 2 "$PORTPROOF" merge "$T/run1/any-1-of-1.json" \
	"$top_srcdir/tests/integration/data/audit-before.json" -o "$T/bad1.json"
check "merge: results of two deployments" grep -q 'is an audit of mediasense-lab but' <<<"$ERR"
expect_exit 2 "$PORTPROOF" merge "$T/run1/any-1-of-1.json" "$T/run1/cluster-1-of-2.json" \
	"$T/run1/cluster-2-of-2.json" "$T/run1/cluster-1-of-2.json" -o "$T/bad2.json"
check "merge: a zone's shard twice" grep -q 'cluster-1-of-2.json and .*cluster-1-of-2.json are both shard 1/2 from vantage cluster$' <<<"$ERR"
grep -v '^    "vantage' "$T/run1/any-1-of-1.json" >"$T/old.json"
expect_exit 2 "$PORTPROOF" merge "$T/old.json" "$T/run1/cluster-1-of-2.json" \
	"$T/run1/cluster-2-of-2.json" -o "$T/bad3.json"
check "merge: a result without a vantage" grep -q 'old.json has no vantage (a result of an older portproof)' <<<"$ERR"
check "merge wrote nothing" [ ! -e "$T/bad1.json" ] && [ ! -e "$T/bad2.json" ] && [ ! -e "$T/bad3.json" ]

# --- the nmap XML of the matrix: a host list per zone, which ndiff reads ---
expect_exit 0 "$PORTPROOF" report "$T/run1/merged.json" --format xml -o "$T/merged.xml"
check "a host list per zone" [ "$(grep -c '<hostname name="ms-primary from ' "$T/merged.xml")" = 2 ]
expect_exit 0 ndiff "$T/merged.xml" "$T/merged.xml"

# --- a scanner that cannot be reached: named, the rest merged, incomplete, exit 3;
# this time the role copies portproof and the profiles to the scanners ---
# The listener and every session it forked (ansible's kept connections).
kill "$SSHD_scan_c2" 2>/dev/null
wait "$SSHD_scan_c2" 2>/dev/null
for p in $(ip netns pids "$(lab_nsname scan-c2)"); do
	[ "$(cat /proc/"$p"/comm 2>/dev/null)" = sshd ] && kill "$p"
done
playbook "$T/run2" -e portproof_local_bin="$PORTPROOF" \
	-e portproof_local_profiles="$top_srcdir/profiles" >"$T/run2.log" 2>&1
check "ansible-playbook fails (a scanner not reached)" [ $? != 0 ]
check "the play names the unreachable scanner" grep -q 'scan-c2: no result (unreachable' "$T/run2.log"
check "the play fails with portproof's exit 3" \
	grep -q 'portproof: exit 3 (could not scan).*incomplete: no result from scan-c2' "$T/run2.log"
check "what it has is merged, marked incomplete" "$PYTHON3" -c '
import json, sys
r = json.load(open(sys.argv[1]))
z = {p.get("vantage") for h in r["hosts"] for p in h["ports"]}
sys.exit(0 if not r["scan"]["complete"] and z == {"any", "cluster"} else 1)' "$T/run2/merged.json"
check "the text report says incomplete" grep -q '^incomplete' "$T/run2/merged.txt"
check "the role copied portproof and the profiles" \
	cmp -s "$PORTPROOF" "$T/remote-scan-any/portproof" &&
	[ -f "$T/remote-scan-any/profiles/cisco-mediasense.json" ]
check "and the audit used the copied profiles" \
	grep -q "\"--profile-dir\", \"$T/remote-scan-any/profiles\"" "$T/run2/any-1-of-1.json"

[ "$TESTS_FAILED" = 0 ] || { echo "--- run 1:"; tail -40 "$T/run1.log"; echo "--- run 2:"; tail -30 "$T/run2.log"; } >&2
finish
