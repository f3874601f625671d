// SPDX-License-Identifier: GPL-2.0
/*
 * aether: /sys/kernel/aether.
 *
 *   version ring_size ring_dropped           read-only
 *   events                                    auto (record while /dev/aether
 *                                             is open) or on (always)
 *   preset epsilon phi lambda1 lambda2 lambda3 bias window
 *                                             global knobs: defaults for new
 *                                             devices, applied to attached ones
 *                                             without settings of their own
 *   attach detach                             write a disk name or MAJ:MIN
 *   devices/<disk>/                           one directory per attached disk:
 *       dev stat prefetch_ratio cur_epsilon cur_phi      read-only
 *       preset epsilon phi lambda1 lambda2 lambda3 bias window   its own knobs
 *       policy max_depth budget_kb               the prefetch engine's knobs
 *       prefetch_requests pages_prefetched pages_cached pages_used
 *       pages_wasted budget_drops depth          its counters, read-only
 *       disk_pages_{prefetched,used,wasted}      the same by target: the
 *       file_pages_{prefetched,used,wasted}      disk's cache, files' caches
 *       file_depth                               the file predictor's depth
 *       history_entries                          the history predictor's
 *                                                table, 0: off
 *       history_pages_{prefetched,used,wasted}   its share of the pages
 *       busy_yield busy_skips                    1: no prediction on a CPU
 *                                                another task waits for;
 *                                                the reads it skipped
 *       lock_noted lock_waited                   decided reads left to the
 *                                                lock's holder, or waiting
 *
 * Fractions are decimals through aether_q_parse()/aether_q_format().  A
 * malformed or out-of-range write returns -EINVAL and changes nothing.
 * Writing any knob restarts the POVM state and window of the devices it
 * applies to; counters keep counting.  Per-device handlers take only the
 * device's spinlock, so removing a device directory never waits on a lock
 * its own handlers hold.
 */
#include <linux/kernel.h>
#include <linux/kobject.h>
#include <linux/math64.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "aether.h"
#include "../include/aether/decimal.h"
#include "../include/aether/devname.h"
#include "../include/aether/predict.h"

static struct kobject *aether_kobj;
static struct kobject *devices_kobj;

/* The six fractional parameters, by knob name. */
enum qknob { QK_EPSILON, QK_PHI, QK_LAMBDA1, QK_LAMBDA2, QK_LAMBDA3, QK_BIAS };

static aether_q *qknob_field(struct aether_params *p, enum qknob k)
{
	switch (k) {
	case QK_EPSILON:
		return &p->epsilon;
	case QK_PHI:
		return &p->phi;
	case QK_LAMBDA1:
	case QK_LAMBDA2:
	case QK_LAMBDA3:
		return &p->lambda[k - QK_LAMBDA1];
	default:
		return &p->bias;
	}
}

static void qknob_range(enum qknob k, aether_q *min, aether_q *max)
{
	switch (k) {
	case QK_EPSILON:
		*min = AETHER_EPSILON_MIN;
		*max = AETHER_EPSILON_MAX;
		break;
	case QK_PHI:
		*min = -AETHER_PHI_LIMIT;
		*max = AETHER_PHI_LIMIT;
		break;
	case QK_BIAS:
		*min = -AETHER_BIAS_LIMIT;
		*max = AETHER_BIAS_LIMIT;
		break;
	default:
		*min = -AETHER_LAMBDA_LIMIT;
		*max = AETHER_LAMBDA_LIMIT;
	}
}

static ssize_t show_q(char *buf, aether_q v)
{
	char s[AETHER_Q_STRLEN];

	aether_q_format(s, sizeof(s), v, AETHER_Q_DIGITS);
	return sysfs_emit(buf, "%s\n", s);
}

/* Parse a knob write into a copy of p; -EINVAL if malformed or invalid. */
static int parse_qknob(enum qknob k, const char *buf, size_t count,
		       struct aether_params *p)
{
	aether_q v, min, max;

	qknob_range(k, &min, &max);
	if (aether_q_parse(buf, count, min, max, &v))
		return -EINVAL;
	*qknob_field(p, k) = v;
	return aether_params_valid(p) ? 0 : -EINVAL;
}

static int parse_preset(const char *buf, size_t count, struct aether_params *p)
{
	int i;

	if (count && buf[count - 1] == '\n')
		count--;
	i = aether_preset_find(buf, count);
	if (i < 0)
		return -EINVAL;
	*p = aether_presets[i];
	return 0;
}

static ssize_t show_preset(char *buf, const struct aether_params *p)
{
	int i;

	for (i = 0; i < AETHER_NR_PRESETS; i++)
		if (!memcmp(p, &aether_presets[i], sizeof(*p)))
			return sysfs_emit(buf, "%s\n", aether_preset_names[i]);
	return sysfs_emit(buf, "custom\n");
}

static int parse_window(const char *buf, u32 *window)
{
	u32 v;

	if (kstrtou32(buf, 10, &v) || !aether_window_size_valid(v))
		return -EINVAL;
	*window = v;
	return 0;
}

/* ---- global knobs ---- */

struct aether_gattr {
	struct kobj_attribute kattr;
	int knob;		/* enum qknob, or -1 */
};

#define to_gattr(a) container_of(a, struct aether_gattr, kattr)

static ssize_t gq_show(struct kobject *kobj, struct kobj_attribute *attr,
		       char *buf)
{
	aether_q v;

	mutex_lock(&aether_cfg_mutex);
	v = *qknob_field(&aether_defaults.params, to_gattr(attr)->knob);
	mutex_unlock(&aether_cfg_mutex);
	return show_q(buf, v);
}

/* Commit a validated copy of the defaults and apply it to every device. */
static void g_commit(const struct aether_config *cfg)
{
	lockdep_assert_held(&aether_cfg_mutex);
	aether_defaults = *cfg;
	aether_dev_apply_config(cfg);
}

static ssize_t gq_store(struct kobject *kobj, struct kobj_attribute *attr,
			const char *buf, size_t count)
{
	struct aether_config cfg;
	int err;

	mutex_lock(&aether_cfg_mutex);
	cfg = aether_defaults;
	err = parse_qknob(to_gattr(attr)->knob, buf, count, &cfg.params);
	if (!err)
		g_commit(&cfg);
	mutex_unlock(&aether_cfg_mutex);
	return err ? err : count;
}

static ssize_t gpreset_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	ssize_t n;

	mutex_lock(&aether_cfg_mutex);
	n = show_preset(buf, &aether_defaults.params);
	mutex_unlock(&aether_cfg_mutex);
	return n;
}

static ssize_t gpreset_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct aether_config cfg;
	int err;

	mutex_lock(&aether_cfg_mutex);
	cfg = aether_defaults;
	err = parse_preset(buf, count, &cfg.params);
	if (!err)
		g_commit(&cfg);
	mutex_unlock(&aether_cfg_mutex);
	return err ? err : count;
}

static ssize_t gwindow_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	u32 w;

	mutex_lock(&aether_cfg_mutex);
	w = aether_defaults.window;
	mutex_unlock(&aether_cfg_mutex);
	return sysfs_emit(buf, "%u\n", w);
}

static ssize_t gwindow_store(struct kobject *kobj, struct kobj_attribute *attr,
			     const char *buf, size_t count)
{
	struct aether_config cfg;
	int err;

	mutex_lock(&aether_cfg_mutex);
	cfg = aether_defaults;
	err = parse_window(buf, &cfg.window);
	if (!err)
		g_commit(&cfg);
	mutex_unlock(&aether_cfg_mutex);
	return err ? err : count;
}

/* A disk as attach and detach take it: a kernel name or MAJ:MIN. */
static int parse_disk(const char *buf, size_t count, char *name, dev_t *devt)
{
	u32 major, minor;

	if (!aether_devnum_parse(buf, count, &major, &minor)) {
		*devt = MKDEV(major, minor);
		return 0;
	}
	*devt = 0;
	return aether_disk_name_parse(buf, count, name, AETHER_DISK_NAME_LEN) < 0 ?
		-EINVAL : 0;
}

static ssize_t attach_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char name[AETHER_DISK_NAME_LEN];
	dev_t devt;
	int err;

	err = parse_disk(buf, count, name, &devt);
	if (!err)
		err = aether_dev_attach(devt ? NULL : name, devt);
	return err ? err : count;
}

static ssize_t detach_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char name[AETHER_DISK_NAME_LEN];
	dev_t devt;
	int err;

	err = parse_disk(buf, count, name, &devt);
	if (!err)
		err = aether_dev_detach(devt ? NULL : name, devt);
	return err ? err : count;
}

static ssize_t version_show(struct kobject *kobj, struct kobj_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", AETHER_VERSION);
}

static ssize_t ring_size_show(struct kobject *kobj, struct kobj_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%u\n", aether_events_size());
}

static ssize_t ring_dropped_show(struct kobject *kobj,
				 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", aether_events_dropped());
}

static ssize_t events_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", aether_events_always() ? "on" : "auto");
}

static ssize_t events_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	if (sysfs_streq(buf, "on"))
		aether_events_set_always(true);
	else if (sysfs_streq(buf, "auto"))
		aether_events_set_always(false);
	else
		return -EINVAL;
	return count;
}

#define GATTR(_name, _mode, _show, _store, _knob)			\
	static struct aether_gattr g_##_name = {			\
		.kattr = __ATTR(_name, _mode, _show, _store),		\
		.knob = _knob,						\
	}

GATTR(preset, 0644, gpreset_show, gpreset_store, -1);
GATTR(epsilon, 0644, gq_show, gq_store, QK_EPSILON);
GATTR(phi, 0644, gq_show, gq_store, QK_PHI);
GATTR(lambda1, 0644, gq_show, gq_store, QK_LAMBDA1);
GATTR(lambda2, 0644, gq_show, gq_store, QK_LAMBDA2);
GATTR(lambda3, 0644, gq_show, gq_store, QK_LAMBDA3);
GATTR(bias, 0644, gq_show, gq_store, QK_BIAS);
GATTR(window, 0644, gwindow_show, gwindow_store, -1);
GATTR(attach, 0200, NULL, attach_store, -1);
GATTR(detach, 0200, NULL, detach_store, -1);
GATTR(version, 0444, version_show, NULL, -1);
GATTR(ring_size, 0444, ring_size_show, NULL, -1);
GATTR(ring_dropped, 0444, ring_dropped_show, NULL, -1);
GATTR(events, 0644, events_show, events_store, -1);

static struct attribute *aether_global_attrs[] = {
	&g_preset.kattr.attr,
	&g_epsilon.kattr.attr,
	&g_phi.kattr.attr,
	&g_lambda1.kattr.attr,
	&g_lambda2.kattr.attr,
	&g_lambda3.kattr.attr,
	&g_bias.kattr.attr,
	&g_window.kattr.attr,
	&g_attach.kattr.attr,
	&g_detach.kattr.attr,
	&g_version.kattr.attr,
	&g_ring_size.kattr.attr,
	&g_ring_dropped.kattr.attr,
	&g_events.kattr.attr,
	NULL,
};

static const struct attribute_group aether_global_group = {
	.attrs = aether_global_attrs,
};

/* ---- devices/<disk>/ ---- */

struct aether_dattr {
	struct attribute attr;
	ssize_t (*show)(struct aether_dev *dev, struct aether_dattr *a, char *buf);
	ssize_t (*store)(struct aether_dev *dev, struct aether_dattr *a,
			 const char *buf, size_t count);
	int knob;
};

#define to_dev(k) container_of(k, struct aether_dev, kobj)
#define to_dattr(a) container_of(a, struct aether_dattr, attr)

static ssize_t dattr_show(struct kobject *kobj, struct attribute *attr,
			  char *buf)
{
	struct aether_dattr *a = to_dattr(attr);

	return a->show ? a->show(to_dev(kobj), a, buf) : -EIO;
}

static ssize_t dattr_store(struct kobject *kobj, struct attribute *attr,
			   const char *buf, size_t count)
{
	struct aether_dattr *a = to_dattr(attr);

	return a->store ? a->store(to_dev(kobj), a, buf, count) : -EIO;
}

static const struct sysfs_ops aether_dev_sysfs_ops = {
	.show = dattr_show,
	.store = dattr_store,
};

static ssize_t dq_show(struct aether_dev *dev, struct aether_dattr *a, char *buf)
{
	unsigned long flags;
	aether_q v;

	spin_lock_irqsave(&dev->lock, flags);
	v = *qknob_field(&dev->povm.params, a->knob);
	aether_dev_unlock(dev, flags);
	return show_q(buf, v);
}

/* Parse into a copy of the device's configuration, commit if valid. */
static ssize_t d_store(struct aether_dev *dev, struct aether_dattr *a,
		       const char *buf, size_t count)
{
	struct aether_params p;
	unsigned long flags;
	u32 window;
	int err;

	bool own = true;

	/*
	 * "global": follow the global knobs again.  Only a trylock: a detach
	 * waits for this handler under aether_dev_mutex, which an attach
	 * holding aether_cfg_mutex may be waiting for.
	 */
	if (!strcmp(a->attr.name, "preset") && sysfs_streq(buf, "global")) {
		if (!mutex_trylock(&aether_cfg_mutex))
			return restart_syscall();
		p = aether_defaults.params;
		window = aether_defaults.window;
		mutex_unlock(&aether_cfg_mutex);
		own = false;
		err = 0;
		spin_lock_irqsave(&dev->lock, flags);
	} else {
		spin_lock_irqsave(&dev->lock, flags);
		p = dev->povm.params;
		window = dev->window;
		if (a->knob >= 0)
			err = parse_qknob(a->knob, buf, count, &p);
		else if (!strcmp(a->attr.name, "preset"))
			err = parse_preset(buf, count, &p);
		else
			err = parse_window(buf, &window);
	}
	if (!err) {
		/* reads before the write are decided as they were */
		aether_dev_decide_notes(dev);
		aether_dev_configure(dev, &p, window);
		dev->own_config = own;
	}
	aether_dev_unlock(dev, flags);
	return err ? err : count;
}

static ssize_t dpreset_show(struct aether_dev *dev, struct aether_dattr *a,
			    char *buf)
{
	struct aether_params p;
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	p = dev->povm.params;
	aether_dev_unlock(dev, flags);
	return show_preset(buf, &p);
}

static ssize_t dwindow_show(struct aether_dev *dev, struct aether_dattr *a,
			    char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(dev->window));
}

static ssize_t ddev_show(struct aether_dev *dev, struct aether_dattr *a,
			 char *buf)
{
	return sysfs_emit(buf, "%u:%u\n", MAJOR(dev->devt), MINOR(dev->devt));
}

/* Like /sys/block/<disk>/stat: one line of counters, fixed order. */
static ssize_t dstat_show(struct aether_dev *dev, struct aether_dattr *a,
			  char *buf)
{
	u64 reads, sectors, decisions, prefetches, self_reads;
	struct aether_dev_pcpu c;
	unsigned long flags;

	spin_lock_irqsave(&dev->lock, flags);
	aether_dev_decide_notes(dev);
	decisions = dev->decisions;
	prefetches = dev->prefetches;
	aether_dev_unlock(dev, flags);
	aether_dev_counts(dev, &c);
	reads = c.reads;
	sectors = c.sectors;
	self_reads = c.self_reads;
	return sysfs_emit(buf, "%llu %llu %llu %llu %llu %llu\n", reads,
			  sectors, decisions, prefetches,
			  READ_ONCE(dev->dropped), self_reads);
}

/*
 * The disk lock, as the probe met it: decided reads a CPU left to the
 * lock's holder (it was held) and decided reads that waited for it.
 */
static ssize_t dlock_show(struct aether_dev *dev, struct aether_dattr *a,
			  char *buf)
{
	struct aether_dev_pcpu c;

	aether_dev_counts(dev, &c);
	return sysfs_emit(buf, "%llu\n", a->knob ? c.waited : c.noted);
}

static ssize_t dratio_show(struct aether_dev *dev, struct aether_dattr *a,
			   char *buf)
{
	u64 decisions, prefetches;
	unsigned long flags;
	aether_q ratio = 0;

	spin_lock_irqsave(&dev->lock, flags);
	aether_dev_decide_notes(dev);
	decisions = dev->decisions;
	prefetches = dev->prefetches;
	aether_dev_unlock(dev, flags);
	if (decisions)
		ratio = (aether_q)mul_u64_u64_div_u64(prefetches, AETHER_ONE,
						      decisions);
	return show_q(buf, ratio);
}

static ssize_t dcur_show(struct aether_dev *dev, struct aether_dattr *a,
			 char *buf)
{
	unsigned long flags;
	aether_q v;

	spin_lock_irqsave(&dev->lock, flags);
	aether_dev_decide_notes(dev);
	v = a->knob == QK_EPSILON ? dev->povm.epsilon : dev->povm.phi;
	aether_dev_unlock(dev, flags);
	return show_q(buf, v);
}

/* ---- the prefetch engine's knobs and counters ---- */

enum pfknob {
	PK_POLICY, PK_MAX_DEPTH, PK_BUDGET_KB, PK_HISTORY, PK_BUSY_YIELD,
};

enum pfcount {
	PC_REQUESTS, PC_PAGES, PC_CACHED, PC_USED, PC_WASTED, PC_DROPS,
	PC_DEPTH, PC_FILE_DEPTH,
	/* by target: the disk's page cache, files' page caches */
	PC_DISK_PAGES, PC_DISK_USED, PC_DISK_WASTED,
	PC_FILE_PAGES, PC_FILE_USED, PC_FILE_WASTED,
	/* the history predictor's share */
	PC_HIST_PAGES, PC_HIST_USED, PC_HIST_WASTED,
	PC_BUSY_SKIPS,
};

static ssize_t pf_show(struct aether_dev *dev, struct aether_dattr *a,
		       char *buf)
{
	struct aether_prefetch_stats st;

	aether_prefetch_stats(dev, &st);
	switch (a->knob) {
	case PK_POLICY:
		return sysfs_emit(buf, "%s\n",
				  aether_prefetch_policy_name(st.policy));
	case PK_MAX_DEPTH:
		return sysfs_emit(buf, "%u\n", st.max_depth);
	case PK_HISTORY:
		return sysfs_emit(buf, "%u\n", st.history_entries);
	case PK_BUSY_YIELD:
		return sysfs_emit(buf, "%u\n", st.busy_yield);
	default:
		return sysfs_emit(buf, "%u\n", st.budget_kb);
	}
}

static ssize_t pf_store(struct aether_dev *dev, struct aether_dattr *a,
			const char *buf, size_t count)
{
	size_t len = count;
	int err, policy;
	u32 v;

	switch (a->knob) {
	case PK_POLICY:
		if (len && buf[len - 1] == '\n')
			len--;
		policy = aether_policy_find(buf, len);
		err = policy < 0 ? -EINVAL :
			aether_prefetch_set_policy(dev, policy);
		break;
	case PK_MAX_DEPTH:
		err = kstrtou32(buf, 10, &v) ? -EINVAL :
			aether_prefetch_set_max_depth(dev, v);
		break;
	case PK_HISTORY:
		err = kstrtou32(buf, 10, &v) ? -EINVAL :
			aether_prefetch_set_history(dev, v);
		break;
	case PK_BUSY_YIELD:
		err = kstrtou32(buf, 10, &v) ? -EINVAL :
			aether_prefetch_set_busy_yield(dev, v);
		break;
	default:
		err = kstrtou32(buf, 10, &v) ? -EINVAL :
			aether_prefetch_set_budget(dev, v);
	}
	return err ? err : count;
}

static ssize_t pfcount_show(struct aether_dev *dev, struct aether_dattr *a,
			    char *buf)
{
	struct aether_prefetch_stats st;
	u64 v;

	aether_prefetch_stats(dev, &st);
	switch (a->knob) {
	case PC_REQUESTS:
		v = st.requests;
		break;
	case PC_PAGES:
		v = st.pages;
		break;
	case PC_CACHED:
		v = st.cached;
		break;
	case PC_USED:
		v = st.used;
		break;
	case PC_WASTED:
		v = st.wasted;
		break;
	case PC_DROPS:
		v = st.budget_drops;
		break;
	case PC_FILE_DEPTH:
		v = st.file_depth;
		break;
	case PC_DISK_PAGES:
		v = st.disk.pages;
		break;
	case PC_DISK_USED:
		v = st.disk.used;
		break;
	case PC_DISK_WASTED:
		v = st.disk.wasted;
		break;
	case PC_FILE_PAGES:
		v = st.file.pages;
		break;
	case PC_FILE_USED:
		v = st.file.used;
		break;
	case PC_FILE_WASTED:
		v = st.file.wasted;
		break;
	case PC_HIST_PAGES:
		v = st.hist.pages;
		break;
	case PC_HIST_USED:
		v = st.hist.used;
		break;
	case PC_HIST_WASTED:
		v = st.hist.wasted;
		break;
	case PC_BUSY_SKIPS:
		v = st.busy_skips;
		break;
	default:
		v = st.depth;
	}
	return sysfs_emit(buf, "%llu\n", v);
}

#define DATTR(_var, _name, _mode, _show, _store, _knob)		\
	static struct aether_dattr _var = {				\
		.attr = { .name = _name, .mode = _mode },		\
		.show = _show, .store = _store, .knob = _knob,		\
	}

DATTR(d_preset, "preset", 0644, dpreset_show, d_store, -1);
DATTR(d_epsilon, "epsilon", 0644, dq_show, d_store, QK_EPSILON);
DATTR(d_phi, "phi", 0644, dq_show, d_store, QK_PHI);
DATTR(d_lambda1, "lambda1", 0644, dq_show, d_store, QK_LAMBDA1);
DATTR(d_lambda2, "lambda2", 0644, dq_show, d_store, QK_LAMBDA2);
DATTR(d_lambda3, "lambda3", 0644, dq_show, d_store, QK_LAMBDA3);
DATTR(d_bias, "bias", 0644, dq_show, d_store, QK_BIAS);
DATTR(d_window, "window", 0644, dwindow_show, d_store, -1);
DATTR(d_dev, "dev", 0444, ddev_show, NULL, -1);
DATTR(d_stat, "stat", 0444, dstat_show, NULL, -1);
DATTR(d_ratio, "prefetch_ratio", 0444, dratio_show, NULL, -1);
DATTR(d_cur_epsilon, "cur_epsilon", 0444, dcur_show, NULL, QK_EPSILON);
DATTR(d_cur_phi, "cur_phi", 0444, dcur_show, NULL, QK_PHI);
DATTR(d_policy, "policy", 0644, pf_show, pf_store, PK_POLICY);
DATTR(d_max_depth, "max_depth", 0644, pf_show, pf_store, PK_MAX_DEPTH);
DATTR(d_budget_kb, "budget_kb", 0644, pf_show, pf_store, PK_BUDGET_KB);
DATTR(d_requests, "prefetch_requests", 0444, pfcount_show, NULL, PC_REQUESTS);
DATTR(d_pages, "pages_prefetched", 0444, pfcount_show, NULL, PC_PAGES);
DATTR(d_cached, "pages_cached", 0444, pfcount_show, NULL, PC_CACHED);
DATTR(d_used, "pages_used", 0444, pfcount_show, NULL, PC_USED);
DATTR(d_wasted, "pages_wasted", 0444, pfcount_show, NULL, PC_WASTED);
DATTR(d_drops, "budget_drops", 0444, pfcount_show, NULL, PC_DROPS);
DATTR(d_depth, "depth", 0444, pfcount_show, NULL, PC_DEPTH);
DATTR(d_file_depth, "file_depth", 0444, pfcount_show, NULL, PC_FILE_DEPTH);
DATTR(d_disk_pages, "disk_pages_prefetched", 0444, pfcount_show, NULL, PC_DISK_PAGES);
DATTR(d_disk_used, "disk_pages_used", 0444, pfcount_show, NULL, PC_DISK_USED);
DATTR(d_disk_wasted, "disk_pages_wasted", 0444, pfcount_show, NULL, PC_DISK_WASTED);
DATTR(d_file_pages, "file_pages_prefetched", 0444, pfcount_show, NULL, PC_FILE_PAGES);
DATTR(d_file_used, "file_pages_used", 0444, pfcount_show, NULL, PC_FILE_USED);
DATTR(d_file_wasted, "file_pages_wasted", 0444, pfcount_show, NULL, PC_FILE_WASTED);
DATTR(d_history, "history_entries", 0644, pf_show, pf_store, PK_HISTORY);
DATTR(d_hist_pages, "history_pages_prefetched", 0444, pfcount_show, NULL, PC_HIST_PAGES);
DATTR(d_hist_used, "history_pages_used", 0444, pfcount_show, NULL, PC_HIST_USED);
DATTR(d_hist_wasted, "history_pages_wasted", 0444, pfcount_show, NULL, PC_HIST_WASTED);
DATTR(d_busy_yield, "busy_yield", 0644, pf_show, pf_store, PK_BUSY_YIELD);
DATTR(d_busy_skips, "busy_skips", 0444, pfcount_show, NULL, PC_BUSY_SKIPS);
DATTR(d_lock_noted, "lock_noted", 0444, dlock_show, NULL, 0);
DATTR(d_lock_waited, "lock_waited", 0444, dlock_show, NULL, 1);

static struct attribute *aether_dev_attrs[] = {
	&d_preset.attr,
	&d_epsilon.attr,
	&d_phi.attr,
	&d_lambda1.attr,
	&d_lambda2.attr,
	&d_lambda3.attr,
	&d_bias.attr,
	&d_window.attr,
	&d_dev.attr,
	&d_stat.attr,
	&d_ratio.attr,
	&d_cur_epsilon.attr,
	&d_cur_phi.attr,
	&d_policy.attr,
	&d_max_depth.attr,
	&d_budget_kb.attr,
	&d_requests.attr,
	&d_pages.attr,
	&d_cached.attr,
	&d_used.attr,
	&d_wasted.attr,
	&d_drops.attr,
	&d_depth.attr,
	&d_file_depth.attr,
	&d_disk_pages.attr,
	&d_disk_used.attr,
	&d_disk_wasted.attr,
	&d_file_pages.attr,
	&d_file_used.attr,
	&d_file_wasted.attr,
	&d_history.attr,
	&d_hist_pages.attr,
	&d_hist_used.attr,
	&d_hist_wasted.attr,
	&d_busy_yield.attr,
	&d_busy_skips.attr,
	&d_lock_noted.attr,
	&d_lock_waited.attr,
	NULL,
};
ATTRIBUTE_GROUPS(aether_dev);

static void aether_dev_free_rcu(struct rcu_head *rcu)
{
	struct aether_dev *dev = container_of(rcu, struct aether_dev, rcu);

	aether_prefetch_free(dev);
	free_percpu(dev->note);
	free_percpu(dev->pcpu);
	kfree(dev);
}

/* The last reference: probes may still be looking at dev until a grace period. */
static void aether_dev_release(struct kobject *kobj)
{
	call_rcu(&to_dev(kobj)->rcu, aether_dev_free_rcu);
}

const struct kobj_type aether_dev_ktype = {
	.release = aether_dev_release,
	.sysfs_ops = &aether_dev_sysfs_ops,
	.default_groups = aether_dev_groups,
};

int aether_sysfs_dev_add(struct aether_dev *dev)
{
	return kobject_add(&dev->kobj, devices_kobj, "%s", dev->name);
}

int aether_sysfs_init(void)
{
	int err;

	aether_kobj = kobject_create_and_add("aether", kernel_kobj);
	if (!aether_kobj)
		return -ENOMEM;
	devices_kobj = kobject_create_and_add("devices", aether_kobj);
	err = -ENOMEM;
	if (!devices_kobj)
		goto out_put;
	err = sysfs_create_group(aether_kobj, &aether_global_group);
	if (err)
		goto out_devices;
	return 0;

out_devices:
	kobject_put(devices_kobj);
out_put:
	kobject_put(aether_kobj);
	return err;
}

/* Stop taking writes (attach above all) before devices are torn down. */
void aether_sysfs_exit(void)
{
	sysfs_remove_group(aether_kobj, &aether_global_group);
}

/* Once every device directory is gone. */
void aether_sysfs_put(void)
{
	kobject_put(devices_kobj);
	kobject_put(aether_kobj);
}
