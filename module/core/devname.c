// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Disk name validation and list splitting (see include/aether/devname.h).
 */
#include "../../include/aether/devname.h"

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_name_char(char c)
{
	return is_alnum(c) || c == '_' || c == '-' || c == '.' || c == '!';
}

int aether_disk_name_parse(const char *s, size_t len, char *out, size_t size)
{
	size_t i;

	if (len && s[len - 1] == '\n')
		len--;
	if (!len || len > AETHER_DISK_NAME_MAX || size <= len || !is_alnum(s[0]))
		return -1;
	for (i = 0; i < len; i++)
		if (!is_name_char(s[i]))
			return -1;
	for (i = 0; i < len; i++)
		out[i] = s[i];
	out[len] = '\0';
	return (int)len;
}

static bool parse_u32(const char *s, size_t len, u32 *v)
{
	u64 x = 0;
	size_t i;

	if (!len || len > 10)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		x = x * 10 + (u64)(s[i] - '0');
	}
	if (x > 0xffffffffULL)
		return false;
	*v = (u32)x;
	return true;
}

int aether_devnum_parse(const char *s, size_t len, u32 *major,
			u32 *minor)
{
	size_t colon;

	if (len && s[len - 1] == '\n')
		len--;
	for (colon = 0; colon < len && s[colon] != ':'; colon++)
		;
	if (colon == len || !parse_u32(s, colon, major) ||
	    !parse_u32(s + colon + 1, len - colon - 1, minor) ||
	    *major >= AETHER_DEVNUM_MAJOR_LIMIT || *minor >= AETHER_DEVNUM_MINOR_LIMIT)
		return -1;
	return 0;
}

static bool is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\n' || c == '\t';
}

const char *aether_name_list_next(const char *s, size_t len, size_t *pos,
				  size_t *item_len)
{
	size_t i = *pos, start;

	while (i < len && s[i] && is_sep(s[i]))
		i++;
	if (i >= len || !s[i]) {
		*pos = i;
		return NULL;
	}
	start = i;
	while (i < len && s[i] && !is_sep(s[i]))
		i++;
	*pos = i;
	*item_len = i - start;
	return s + start;
}
