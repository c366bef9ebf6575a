/*
 * IPv4 addresses as text, both ways (addr.h): what a deployment file, a result and
 * every report read and write.
 */
#include "config.h"

#include <stdio.h>

#include "addr.h"

const char *
pp__addr_str(uint32_t a, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
	return buf;
}

int
pp__addr_parse(const char *s, uint32_t *addr)
{
	uint32_t a = 0;
	unsigned part, digits;
	int i;

	for (i = 0; i < 4; i++) {
		part = digits = 0;
		while (*s >= '0' && *s <= '9') {
			if (digits > 0 && part == 0)
				return -1; /* leading zero: octal to some, decimal to others */
			part = part * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || part > 255)
				return -1;
		}
		if (digits == 0 || *s != (i < 3 ? '.' : '\0'))
			return -1;
		s++;
		a = a << 8 | part;
	}
	*addr = a;
	return 0;
}
