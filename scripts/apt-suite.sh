#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# scripts/apt-suite.sh SUITE [update | path | mirror | apt-get ARGS... | apt-cache ARGS...]
#
# Read another Debian suite (trixie, sid, bookworm-backports, ...) without
# touching the system's apt configuration.  The mirror is the system's own:
# the URIs of /etc/apt/sources.list.d/*.sources stanzas and /etc/apt/
# sources.list* `deb` lines whose suites are this machine's release (its
# codename, -updates, -backports; -security entries give the security
# mirror).  No archive host is written anywhere in this repository.
#
# Everything lives under /var/cache/aether/apt/SUITE/ (AETHER_CACHE moves
# /var/cache/aether): its own sources.list, package lists, pkgcache, an empty
# dpkg status (so the host's installed packages never decide a candidate)
# and archives/ for downloads.
#
#   update            fetch the lists once; later calls reuse them (a stamp)
#                     unless AETHER_REFRESH=1
#   path              print the suite's directory
#   mirror            print the system's main Debian mirror URI (debootstrap)
#   apt-get ARGS...   apt-get with the private configuration (after update);
#                     `download` runs in archives/
#   apt-cache ARGS... the same for apt-cache
#
# A stable codename (e.g. trixie) also reads CODENAME-updates and, when the
# system has a security mirror, CODENAME-security: a kernel's current point
# release is often only there.
set -eu

PROG=apt-suite.sh
usage() {
	echo "usage: $PROG SUITE [update | path | mirror | apt-get ARGS... | apt-cache ARGS...]" >&2
	exit 2
}
[ $# -ge 1 ] || usage
suite=$1
shift
case $suite in
*/* | .* | "") usage ;;
esac

CACHE=${AETHER_CACHE:-/var/cache/aether}
D=$CACHE/apt/$suite
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# this machine's release codename: which of its sources entries are Debian's
codename=""
if [ -r /etc/os-release ]; then
	codename=$(sed -n 's/^VERSION_CODENAME=//p' /etc/os-release | tr -d '"')
fi

# Print "main URI" and "security URI" lines from the system's sources.
system_mirrors() {
	{
		for f in /etc/apt/sources.list.d/*.sources; do
			[ -r "$f" ] || continue
			# deb822: one record per stanza, fields folded onto one line
			awk 'BEGIN { RS = ""; FS = "\n" }
			{
				types = ""; uris = ""; suites = ""
				for (i = 1; i <= NF; i++) {
					line = $i
					if (line ~ /^#/) continue
					if (line ~ /^Types:/) { sub(/^Types:[ \t]*/, "", line); types = line }
					if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line); uris = line }
					if (line ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line); suites = line }
				}
				if (types !~ /(^|[ \t])deb([ \t]|$)/ || uris == "") next
				n = split(uris, u, /[ \t]+/)
				m = split(suites, s, /[ \t]+/)
				for (i = 1; i <= n; i++)
					for (j = 1; j <= m; j++)
						if (u[i] != "" && s[j] != "")
							print u[i], s[j]
			}' "$f"
		done
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			# deb [options] URI SUITE COMPONENTS...
			sed -n 's/^[ \t]*deb[ \t]\+\(\[[^]]*\][ \t]\+\)\?\([^ \t]\+\)[ \t]\+\([^ \t]\+\).*/\2 \3/p' "$f"
		done
	} | while read -r uri s; do
		case $s in
		"$codename" | "$codename"-updates | "$codename"-backports | "$codename"/updates) kind=main ;;
		"$codename"-security | "$codename"/security) kind=security ;;
		*) [ -n "$codename" ] && continue
		   case $s in *-security | */updates) kind=security ;; *) kind=main ;; esac ;;
		esac
		echo "$kind ${uri%/}"
	done | sort -u
}

setup() {
	mirrors=$(system_mirrors)
	main=$(echo "$mirrors" | sed -n 's/^main //p')
	security=$(echo "$mirrors" | sed -n 's/^security //p')
	if [ -z "$main" ]; then
		echo "$PROG: no Debian mirror for '$codename' in /etc/apt/sources.list{,.d}" >&2
		exit 1
	fi
	mkdir -p "$D/lists/partial" "$D/archives/partial" "$D/cache"
	: >"$D/status"
	opt="[arch=amd64 signed-by=$KEYRING]"
	{
		for u in $main; do
			echo "deb $opt $u $suite main"
		done
		case $suite in
		sid | unstable | experimental | rc-buggy | *-*) ;;
		*)
			for u in $main; do
				echo "deb $opt $u $suite-updates main"
			done
			for u in $security; do
				echo "deb $opt $u $suite-security main"
			done ;;
		esac
	} >"$D/sources.list.new"
	# a changed mirror list means the fetched lists are stale
	if ! cmp -s "$D/sources.list.new" "$D/sources.list" 2>/dev/null; then
		mv "$D/sources.list.new" "$D/sources.list"
		rm -f "$D/.updated"
	else
		rm -f "$D/sources.list.new"
	fi
	# apt drops to _apt for downloads
	if id _apt >/dev/null 2>&1; then
		chown _apt:root "$D/lists/partial" "$D/archives" "$D/archives/partial"
	fi
}

apt_opts() {
	echo "-o Dir::Etc::SourceList=$D/sources.list -o Dir::Etc::SourceParts=/nonexistent" \
		"-o Dir::State::Lists=$D/lists -o Dir::State::status=$D/status" \
		"-o Dir::Cache=$D/cache -o Dir::Cache::Archives=$D/archives" \
		"-o Dir::Cache::pkgcache=$D/cache/pkgcache.bin" \
		"-o Dir::Cache::srcpkgcache=$D/cache/srcpkgcache.bin" \
		"-o Acquire::Languages=none -o APT::Get::List-Cleanup=true"
}

update() {
	setup
	if [ -f "$D/.updated" ] && [ "${AETHER_REFRESH:-0}" != 1 ]; then
		return 0
	fi
	echo "$PROG: fetching the $suite package lists" >&2
	# shellcheck disable=SC2046
	apt-get $(apt_opts) -q update >&2
	date -u +%FT%TZ >"$D/.updated"
}

[ "$(id -u)" = 0 ] || { echo "$PROG: run as root (it writes $CACHE)" >&2; exit 1; }
case ${1:-update} in
update) update ;;
path) setup; echo "$D" ;;
mirror) system_mirrors | sed -n 's/^main //p' | head -n 1 ;;
apt-get)
	shift
	update
	for a in "$@"; do
		if [ "$a" = download ]; then
			cd "$D/archives"
			break
		fi
	done
	# shellcheck disable=SC2046
	exec apt-get $(apt_opts) "$@" ;;
apt-cache)
	shift
	update
	# shellcheck disable=SC2046
	exec apt-cache $(apt_opts) "$@" ;;
*) usage ;;
esac
