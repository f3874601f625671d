#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench-lock.sh [--cpus N] [--reps N] [--runtime SEC]
#
# How often CPUs reading one disk meet at its lock (Documentation/design.rst,
# "The probe's path and many CPUs").  One VM with N vCPUs (default 2), plain
# TCG: buffered random reads, one reader and then N readers, Linux alone
# and with aether; the shares of decided reads left to the lock's holder
# (lock_noted) and that waited for it (lock_waited).  The counts are the
# point: plain TCG's reads a second vary by +-15% between runs, and more
# vCPUs than host CPUs measure the host.
# Results: build/bench-lock/results-N.csv.
set -eu
cd "$(dirname "$0")/.."
cpus=2 reps=3 runtime=4
while [ $# -gt 0 ]; do
	case $1 in
	--cpus) cpus=$2; shift 2 ;;
	--reps) reps=$2; shift 2 ;;
	--runtime) runtime=$2; shift 2 ;;
	*) echo "usage: scripts/bench-lock.sh [--cpus N] [--reps N] [--runtime SEC]" >&2; exit 2 ;;
	esac
done
OUT=build/bench-lock
mkdir -p "$OUT"
make -s module >/dev/null
scripts/vm.sh --cpus "$cpus" -- scripts/bench-lock-guest.sh "$reps" "$runtime" |
	tr -d '\r' | grep -E '^(rep|[0-9]+),' >"$OUT/results-$cpus.csv"
awk -F, 'NR > 1 && $5 > 0 {
	printf "rep %s, %s reader(s): %.3fx of Linux alone, %d decided, %.2f%% left to the holder, %.3f%% waited\n",
		$1, $2, $4 / $3, $5, 100 * $6 / $5, 100 * $7 / $5 }' "$OUT/results-$cpus.csv"
