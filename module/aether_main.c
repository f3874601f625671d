// SPDX-License-Identifier: GPL-2.0
/*
 * aether: POVM-gated prefetching for block devices - module entry points.
 *
 * Loading sets up, in order: the prefetch workqueue, the event ring, sysfs,
 * the block tracepoint probe, the disks named by the attach= parameter and
 * finally /dev/aether; unloading undoes it in reverse, detaching every disk
 * after the probe is gone.  See Documentation/admin-guide.rst.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>

#include "aether.h"
#include "../include/aether/devname.h"
#include "../include/aether/history.h"
#include "../include/aether/predict.h"

static char *attach;
module_param(attach, charp, 0444);
MODULE_PARM_DESC(attach, "Disks to attach at load, comma-separated (e.g. \"nullb0,vdb\"); missing disks are skipped with a warning");

static char *preset = "default";
module_param(preset, charp, 0444);
MODULE_PARM_DESC(preset, "Initial global preset: default, hft or gaming (default: default)");

static uint window = AETHER_WINDOW_DEFAULT;
module_param(window, uint, 0444);
MODULE_PARM_DESC(window, "Initial global window, LBAs per decision, 2..64 (default: 16)");

static uint ring_size = 4096;
module_param(ring_size, uint, 0444);
MODULE_PARM_DESC(ring_size, "Event ring capacity, a power of two from 64 to 65536 (default: 4096)");

static char *events = "auto";
module_param(events, charp, 0444);
MODULE_PARM_DESC(events, "Record decisions in the event ring: auto (only while /dev/aether is open) or on (always, for reading after the fact) (default: auto)");

static char *policy = "povm";
module_param(policy, charp, 0444);
MODULE_PARM_DESC(policy, "Prefetch policy attached disks start with: povm, stride or off (off: count, never prefetch) (default: povm)");

static uint max_depth = AETHER_PRED_DEPTH_DEFAULT;
module_param(max_depth, uint, 0444);
MODULE_PARM_DESC(max_depth, "Blocks predicted ahead of a stream, at most, for attached disks: 1..1024 (default: 64)");

static uint budget_kb = AETHER_PF_BUDGET_KB_DEFAULT;
module_param(budget_kb, uint, 0444);
MODULE_PARM_DESC(budget_kb, "Prefetch I/O queued or being submitted per disk, at most, in KiB: a multiple of 4 from 4 to 1048576 (default: 16384)");

static uint history_entries;
module_param(history_entries, uint, 0444);
MODULE_PARM_DESC(history_entries, "History predictor table per disk, entries per address space (disk, files; 32 bytes each): 0 (off) or a power of two from 64 to 1048576 (default: 0)");
static uint busy_yield = 1;
module_param(busy_yield, uint, 0444);
MODULE_PARM_DESC(busy_yield, "1: a read issued while another task waits for its CPU starts no prefetch, 0: it does (default: 1)");

struct aether_config aether_defaults;
/* protects aether_defaults; taken before aether_dev_mutex */
DEFINE_MUTEX(aether_cfg_mutex);

static int __init aether_parse_params(void)
{
	int id = aether_preset_find(preset, strlen(preset));

	if (id < 0) {
		pr_err("aether: preset=%s: not default, hft or gaming\n", preset);
		return -EINVAL;
	}
	if (!aether_window_size_valid(window)) {
		pr_err("aether: window=%u: not in %d..%d\n", window,
		       AETHER_WINDOW_MIN, AETHER_WINDOW_MAX);
		return -EINVAL;
	}
	aether_defaults.params = aether_presets[id];
	aether_defaults.window = window;

	id = aether_policy_find(policy, strlen(policy));
	if (id < 0) {
		pr_err("aether: policy=%s: not povm, stride or off\n", policy);
		return -EINVAL;
	}
	aether_defaults.policy = id;
	if (max_depth < AETHER_PRED_DEPTH_MIN || max_depth > AETHER_PRED_DEPTH_MAX) {
		pr_err("aether: max_depth=%u: not in %d..%d\n", max_depth,
		       AETHER_PRED_DEPTH_MIN, AETHER_PRED_DEPTH_MAX);
		return -EINVAL;
	}
	aether_defaults.max_depth = max_depth;
	if (!aether_prefetch_budget_valid(budget_kb)) {
		pr_err("aether: budget_kb=%u: not a multiple of 4 in %d..%d\n",
		       budget_kb, AETHER_PF_BUDGET_KB_MIN, AETHER_PF_BUDGET_KB_MAX);
		return -EINVAL;
	}
	aether_defaults.budget_kb = budget_kb;
	if (!aether_prefetch_history_valid(history_entries)) {
		pr_err("aether: history_entries=%u: not 0 or a power of two in %d..%u\n",
		       history_entries, AETHER_HIST_ENTRIES_MIN,
		       AETHER_HIST_ENTRIES_MAX);
		return -EINVAL;
	}
	aether_defaults.history_entries = history_entries;
	if (busy_yield > 1) {
		pr_err("aether: busy_yield=%u: not 0 or 1\n", busy_yield);
		return -EINVAL;
	}
	aether_defaults.busy_yield = busy_yield;

	if (!strcmp(events, "on")) {
		aether_events_set_always(true);
	} else if (strcmp(events, "auto")) {
		pr_err("aether: events=%s: not auto or on\n", events);
		return -EINVAL;
	}
	return 0;
}

/* Validate the whole attach= list first, so a typo fails the load. */
static int __init aether_attach_list(bool apply)
{
	char name[AETHER_DISK_NAME_LEN];
	size_t pos = 0, len, n = attach ? strlen(attach) : 0;
	const char *item;
	u32 major, minor;
	bool ok;
	dev_t devt;
	int err;

	while ((item = aether_name_list_next(attach, n, &pos, &len))) {
		devt = 0;
		if (!aether_devnum_parse(item, len, &major, &minor))
			devt = MKDEV(major, minor);
		ok = devt || aether_disk_name_parse(item, len, name,
						    sizeof(name)) >= 0;
		if (!ok || item[len - 1] == '\n') {
			pr_err("aether: attach=: bad disk name '%.*s'\n",
			       (int)min_t(size_t, len, 64), item);
			return -EINVAL;
		}
		if (!apply)
			continue;
		err = aether_dev_attach(devt ? NULL : name, devt);
		if (err)
			pr_warn("aether: attach=: %.*s not attached: %d\n",
				(int)len, item, err);
	}
	return 0;
}

static int __init aether_init(void)
{
	int err;

	/*
	 * The probe runs inside the tracepoint with preemption off and takes
	 * spinlock_t locks -- the device's, the event ring's, an inode's in
	 * igrab(), the event wait queue's -- which PREEMPT_RT turns into
	 * sleeping locks: contended there, they would schedule while atomic.
	 */
	if (IS_ENABLED(CONFIG_PREEMPT_RT)) {
		pr_err("aether: PREEMPT_RT kernels are not supported\n");
		return -EOPNOTSUPP;
	}
	err = aether_parse_params();
	if (!err)
		err = aether_attach_list(false);
	if (err)
		return err;
	err = aether_prefetch_init();
	if (err)
		return err;
	err = aether_events_init(ring_size);
	if (err) {
		pr_err("aether: ring_size=%u: not a power of two in 64..65536\n",
		       ring_size);
		goto out_prefetch;
	}
	err = aether_sysfs_init();
	if (err)
		goto out_events;
	err = aether_probe_init();
	if (err)
		goto out_sysfs;
	aether_attach_list(true);
	err = aether_chardev_init();
	if (err)
		goto out_probe;
	pr_info("aether: version %s loaded\n", AETHER_VERSION);
	return 0;

out_probe:
	aether_probe_exit();
out_sysfs:
	aether_sysfs_exit();
	aether_devices_exit();
	aether_sysfs_put();
out_events:
	aether_events_exit();
out_prefetch:
	aether_prefetch_exit();
	return err;
}

static void __exit aether_exit(void)
{
	aether_chardev_exit();
	aether_sysfs_exit();
	aether_probe_exit();
	aether_devices_exit();
	aether_sysfs_put();
	aether_events_exit();
	aether_prefetch_exit();
	pr_info("aether: unloaded\n");
}

module_init(aether_init);
module_exit(aether_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The aether authors");
MODULE_DESCRIPTION("POVM-gated prefetching: per-disk read decisions from a block tracepoint");
MODULE_VERSION(AETHER_VERSION);
