#!/bin/bash
# The Debian package: built by `dpkg-buildpackage -us -uc -b` from the files of
# the tarball (make distdir), lintian clean of errors, with no capability or
# maintainer script of its own; then installed by dpkg into a throwaway root (an
# overlay on this machine's root, in a mount namespace of this test's, so the
# machine is not touched) where the installed binary runs from the installed
# paths: --version, profile list and show (the profiles of /usr/share), its man
# page and bash completion, a scan from the lab's jump namespace, and the
# README's copy with CAP_NET_RAW that lets a group scan without root.  Needs root
# (the lab, mounts), dpkg-dev, debhelper, lintian and setcap (./quickstart.sh
# test installs them).
[ -n "${PP_DEB_UNSHARED:-}" ] || [ "$(id -u)" != 0 ] ||
	PP_DEB_UNSHARED=1 exec unshare --mount --propagation private "$0" "$@"
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/tests/lab/lab.sh"

lab_init deb
T=$LAB_DIR
for tool in dpkg-buildpackage:dpkg-dev dh:debhelper lintian:lintian setcap:libcap2-bin; do
	command -v "${tool%%:*}" >/dev/null ||
		lab_fail "FAIL: ${tool%%:*} not found: apt-get install ${tool#*:} (./quickstart.sh test does)"
done
version=$("$PORTPROOF" --version | awk '{ print $2 }')
DEB=$T/portproof_${version}_$(dpkg --print-architecture).deb

# --- built from the tarball's files, lint clean ---
expect_exit 0 make -s -C "$top_builddir" distdir distdir="$T/src" top_distdir="$T/src"
check "the tarball has debian/" [ -x "$T/src/debian/rules" ]
(cd "$T/src" && unset MAKEFLAGS MFLAGS MAKELEVEL &&
	DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1
check "dpkg-buildpackage -us -uc -b builds ${DEB##*/}" [ -f "$DEB" ]
[ -f "$DEB" ] || { tail -30 "$T/build.log"; finish; exit 1; }
expect_exit 0 lintian --fail-on error "$DEB"
check "lintian: no error" bash -c "! grep -q '^E:' <<<\"\$1\"" x "$OUT"
[ -z "$OUT" ] || echo "lintian: $OUT"
contents=$(dpkg-deb -c "$DEB")
for f in usr/bin/portproof usr/share/portproof/profiles/cisco-mediasense.json \
	usr/share/man/man1/portproof.1.gz usr/share/man/man5/portproof-profile.5.gz \
	usr/share/bash-completion/completions/portproof usr/share/doc/portproof/README.gz \
	usr/share/doc/portproof/examples/ansible/site.yml \
	usr/share/doc/portproof/examples/ansible/roles/portproof_audit/tasks/main.yml; do
	check "the package has /$f" grep -q " \./$f\$" <<<"$contents"
done
check "the binary is 0755 root, no setuid" grep -Eq '^-rwxr-xr-x root/root .* \./usr/bin/portproof$' <<<"$contents"
check "no maintainer script (none grants a capability)" \
	[ "$(dpkg-deb --ctrl-tarfile "$DEB" | tar t | grep -Ev '^\./(control|md5sums)?$')" = "" ]
check "depends on libpcap, libnet, libcjson" \
	grep -q 'libcjson1.*libnet1.*libpcap0.8' <<<"$(dpkg-deb -f "$DEB" Depends)"

# --- installed by dpkg into a throwaway root ---
# The overlay's layers and mount point live on a tmpfs of their own, out of the
# lab's temp dir (lab_down removes that with rm -rf).
OV=$(mktemp -d "${TMPDIR:-/tmp}/ppdeb.XXXXXX")
R=$OV/root
trap 'umount -l "$R" 2>/dev/null; umount -l "$OV" 2>/dev/null; rmdir "$OV"; lab_down' EXIT
mount -t tmpfs tmpfs "$OV" && mkdir "$OV/up" "$OV/work" "$R" &&
	mount -t overlay overlay -o "lowerdir=/,upperdir=$OV/up,workdir=$OV/work" "$R" ||
	lab_fail "FAIL: cannot mount an overlay of / on $R"
cp "$DEB" "$R/tmp/"
status=$(md5sum </var/lib/dpkg/status)
lab_ns jump
lab_ns t1
lab_link jump 198.18.0.1/24 t1 198.18.0.2/24
lab_bg t1 "$PP_LISTEN" -a 198.18.0.2 22,80
# in_root CMD...: CMD in the throwaway root, from the jump namespace.
in_root() {
	lab_exec jump sh -c 'r=$1; shift
		mount --rbind /dev "$r/dev" && mount --rbind /sys "$r/sys" &&
		mount -t proc proc "$r/proc" && exec chroot "$r" "$@"' in_root "$R" "$@"
}
expect_exit 0 in_root dpkg -i "/tmp/${DEB##*/}"
expect_exit 0 in_root /usr/bin/portproof --version
check "--version: $version" [ "$OUT" = "portproof $version" ]
expect_exit 0 in_root /usr/bin/portproof profile list
check "profile list: the shipped profiles" grep -q '^cisco-mediasense ' <<<"$OUT"
expect_exit 0 in_root /usr/bin/portproof profile show cisco-mediasense
check "profile show: read from /usr/share/portproof" \
	grep -q '^file: /usr/share/portproof/profiles/cisco-mediasense.json$' <<<"$OUT"
expect_exit 0 in_root test -f /usr/share/man/man1/portproof.1.gz
expect_exit 0 in_root bash -c '. /usr/share/bash-completion/completions/portproof && complete -p portproof'
expect_exit 0 in_root /usr/bin/portproof scan -q -p 22,80,81 198.18.0.2
check "scan: 22 open" grep -Eq '^  22/tcp +open' <<<"$OUT"
check "scan: 80 open" grep -Eq '^  80/tcp +open' <<<"$OUT"
check "scan: 81 closed" grep -q '^  Not shown: other tcp ports closed$' <<<"$OUT"
# The README's way to let a group scan without root: a copy of the binary with
# CAP_NET_RAW, run by an ordinary user.
expect_exit 0 in_root sh -c 'cp /usr/bin/portproof /usr/local/bin/portproof-raw &&
	chgrp nogroup /usr/local/bin/portproof-raw && chmod 750 /usr/local/bin/portproof-raw &&
	setcap cap_net_raw+ep /usr/local/bin/portproof-raw'
expect_exit 0 in_root setpriv --reuid=65534 --regid=65534 --clear-groups \
	/usr/local/bin/portproof-raw scan -q -p 22,80 198.18.0.2
check "a member of the group scans with the copy" grep -Eq '^  22/tcp +open' <<<"$OUT"
check "the machine's own dpkg database is untouched" [ "$(md5sum </var/lib/dpkg/status)" = "$status" ]

finish
