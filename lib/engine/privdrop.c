/*
 * Dropping privileges once the raw socket and the capture are open, before the
 * first packet is parsed: to --user (default nobody) when we are root, then every
 * capability cleared and no way back (PR_SET_NO_NEW_PRIVS).  A process that was
 * given CAP_NET_RAW without being root keeps its user and loses the capability.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine_int.h"
#include "pp_error.h"

static int
clear_caps(void)
{
	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	return (int)syscall(SYS_capset, &hdr, data);
}

int
pp__drop_privileges(const char *user, char *err, size_t errlen)
{
	const char *name = user != NULL ? user : "nobody";
	struct passwd *pw;

	if (geteuid() == 0 || getuid() == 0) {
		if ((pw = getpwnam(name)) == NULL)
			return pp__errf(err, errlen, PP_ENOENT, "--user: %s: no such user", name);
		if (pw->pw_uid == 0)
			return pp__errf(err, errlen, PP_EINVAL,
			                "--user: %s: refusing to keep running as root", name);
		if (setgroups(0, NULL) < 0 || setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) < 0 ||
		    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) < 0)
			return pp__errf(err, errlen, PP_EPERM, "cannot drop privileges to %s: %s",
			                name, strerror(errno));
		if (setuid(0) == 0)
			return pp__errf(err, errlen, PP_EPERM,
			                "privileges were not dropped (setuid(0) still works)");
	}
	if (clear_caps() < 0)
		return pp__errf(err, errlen, PP_EPERM, "cannot clear capabilities: %s",
		                strerror(errno));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return pp__errf(err, errlen, PP_EPERM, "prctl(PR_SET_NO_NEW_PRIVS): %s",
		                strerror(errno));
	return 0;
}
