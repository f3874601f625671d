#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make demo`: what aether decides, then (once the module is built) aether at
# work in a VM on a null_blk device.
set -eu
cd "$(dirname "$0")/.."
scripts/demo-core.sh
