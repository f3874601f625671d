#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: what aether decides (userspace, seconds), then aether at work
# in a VM on a null_blk device (scripts/demo-vm.sh, a couple of minutes).
set -eu
cd "$(dirname "$0")/.."
scripts/demo-core.sh
echo
scripts/demo-vm.sh
