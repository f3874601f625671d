/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aether: what the module's glue files share.  The freestanding core lives
 * in module/core/ and include/aether/; this is the kernel side around it.
 */
#ifndef _AETHER_MODULE_H
#define _AETHER_MODULE_H

#include <linux/completion.h>
#include <linux/hashtable.h>
#include <linux/kdev_t.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "../include/aether/povm.h"
#include "../include/aether/window.h"
#include "../include/uapi/linux/aether.h"

#define AETHER_VERSION_MAJOR	0
#define AETHER_VERSION_MINOR	3
#define AETHER_VERSION_PATCH	0
#define AETHER_VERSION		"0.3.0"

/* most devices attached at once */
#define AETHER_MAX_DEVICES	64

/*
 * Decimal places sysfs shows fractions with: a value written with up to six
 * decimals reads back as written.
 */
#define AETHER_Q_DIGITS		6

/*
 * The configuration a device starts from: the global knobs and the module
 * parameters.  Protected by aether_cfg_mutex; writing a global knob also
 * applies params and window to every attached device that has no settings
 * of its own (aether_dev.own_config).
 */
struct aether_config {
	struct aether_params params;
	u32 window;
	u32 policy;		/* enum aether_policy */
	u32 max_depth;
	u32 budget_kb;
	u32 history_entries;	/* the history predictor's table, 0: off */
	u32 busy_yield;		/* 1: no prediction while the CPU is wanted */
};

extern struct aether_config aether_defaults;
extern struct mutex aether_cfg_mutex;

struct block_device;
struct gendisk;

/* counted on the CPU that saw the read, without a lock */
struct aether_dev_pcpu {
	u64 reads;
	u64 sectors;
	u64 self_reads;
	u64 noted;		/* decided reads left to the lock's holder */
	u64 waited;		/* decided reads that waited for the lock */
};

/*
 * A decided read as the gate and the prefetch engine see it: plain values,
 * no reference, so that another CPU can decide it after the probe has
 * returned.  Each CPU has one per disk, its note (probe.c).
 */
struct aether_read {
	struct llist_node node;	/* on aether_dev.notes while a note */
	u64 sector;
	u64 diskseq;
	pgoff_t index;		/* FILE: the read's first page in the file */
	u32 sectors;
	u32 tgid;		/* the reader: its streams and its credit */
	u32 pid;		/* its thread: the history's tag */
	u32 file_tag;		/* FILE: the reader and the file */
	u32 file_key;		/* FILE: the file, as a later start finds it */
	u8 kind;		/* enum aether_target_kind */
	bool queued;		/* a note not yet decided: the slot is taken */
};

/*
 * One attached disk.  The probe finds it by (devt, gendisk) under RCU.
 * aether holds no reference that could keep a disk (or its driver) from
 * going away: the block class tells us, before the disk is freed, that it
 * is going, and bdev is not used after that (devices.c).
 */
struct aether_dev {
	struct hlist_node hnode;	/* aether_dev_hash, RCU */
	struct list_head list;		/* aether_dev_list, aether_dev_mutex */
	struct kobject kobj;		/* /sys/kernel/aether/devices/<disk>/ */
	struct rcu_head rcu;		/* freed after the probes that saw it */
	dev_t devt;			/* the whole disk's */
	struct block_device *bdev;	/* the whole disk, valid while listed */
	const struct gendisk *disk;	/* tells a re-created disk from this one */
	bool dying;			/* being torn down, aether_dev_mutex */
	struct completion stopped;	/* teardown done: its work has stopped */
	char name[AETHER_DISK_NAME_LEN];

	struct aether_dev_pcpu __percpu *pcpu;
	struct aether_read __percpu *note;	/* this CPU's, for notes */
	struct llist_head notes;	/* reads for the lock's holder */
	/*
	 * The policy is off: the probe decides nothing unless events are
	 * recorded.  A copy of the prefetch engine's, read without the lock.
	 */
	bool policy_off;

	spinlock_t lock;		/* everything below but dropped */
	struct aether_window win;
	struct aether_povm povm;
	u32 window;			/* configured size of win */
	bool own_config;		/* a per-disk knob was written */
	u64 diskseq;			/* a new one restarts the learning */
	u64 decisions;
	u64 prefetches;
	u64 dropped;			/* under the event ring's lock */

	void *prefetch;			/* the prefetch engine's per-device state */
};

/* devices.c: the table of attached disks */
void aether_devices_exit(void);
int aether_dev_attach(const char *name, dev_t devt);
int aether_dev_detach(const char *name, dev_t devt);

#define AETHER_DEV_HASH_BITS	6
extern struct hlist_head aether_dev_hash[1 << AETHER_DEV_HASH_BITS];

/*
 * Probe context, in an RCU read-side section (the probe's: compat.h);
 * inline because every read of every disk comes here.  By the disk itself,
 * not its diskseq: a loop rebind or media change keeps the attachment (the
 * probe restarts the device's learning when it sees a new diskseq).
 */
static inline struct aether_dev *aether_dev_lookup(dev_t devt,
						   const struct gendisk *disk)
{
	struct aether_dev *dev;

	hash_for_each_possible_rcu(aether_dev_hash, dev, hnode, devt)
		if (dev->devt == devt && dev->disk == disk)
			return dev;
	return NULL;
}

int aether_dev_stats(struct aether_dev_stats_ext *x);
void aether_dev_apply_config(const struct aether_config *cfg);
void aether_dev_configure(struct aether_dev *dev, const struct aether_params *p,
			  u32 window);
void aether_dev_counts(struct aether_dev *dev, struct aether_dev_pcpu *sum);

/* probe.c: the block tracepoint */
int aether_probe_init(void);
void aether_probe_exit(void);
void aether_dev_decide_notes(struct aether_dev *dev);
void aether_dev_unlock(struct aether_dev *dev, unsigned long flags)
	__releases(&dev->lock);

/* events.c: the global event ring, a position per reader */
struct aether_ev_reader;

int aether_events_init(u32 size);
void aether_events_exit(void);
void aether_event_record(struct aether_dev *dev, u64 sector, u32 sectors,
			 bool fetch, aether_q phi, aether_q epsilon);
u32 aether_events_size(void);
u64 aether_events_dropped(void);
void aether_events_set_always(bool on);
bool aether_events_always(void);
extern int aether_ev_recording;

/* Would a decision be recorded now?  (Probe context: one load.) */
static inline bool aether_events_recording(void)
{
	return READ_ONCE(aether_ev_recording);
}

struct aether_ev_reader *aether_events_open(void);
void aether_events_close(struct aether_ev_reader *r);
bool aether_events_pending(struct aether_ev_reader *r);
ssize_t aether_events_read(struct aether_ev_reader *r,
			   struct aether_event __user *ubuf, u32 max,
			   bool nonblock, struct aether_event_batch __user *hdr);
extern wait_queue_head_t aether_events_wait;

/* sysfs.c: /sys/kernel/aether */
int aether_sysfs_init(void);
void aether_sysfs_exit(void);
void aether_sysfs_put(void);
int aether_sysfs_dev_add(struct aether_dev *dev);
extern const struct kobj_type aether_dev_ktype;

/* chardev.c: /dev/aether */
int aether_chardev_init(void);
void aether_chardev_exit(void);

/* target.c: whose page cache a read fills, and so where prefetch goes */
enum aether_target_kind {
	AETHER_TARGET_NONE,	/* not a page-cache read aether can help */
	AETHER_TARGET_DISK,	/* the disk's own page cache, disk unclaimed */
	AETHER_TARGET_FILE,	/* a regular file's page cache */
};

struct inode;
struct super_block;
struct address_space;
struct bio;

struct aether_target {
	enum aether_target_kind kind;
	struct bio *bio;	/* the read, in the probe only: its cgroups */
	struct inode *inode;	/* FILE: NULL once only sb is pinned */
	struct super_block *sb;	/* FILE, once pinned */
	pgoff_t index;		/* FILE: the read's first page in the file */
};

bool aether_target_pin(struct aether_target *t);
void aether_target_unpin(struct aether_target *t);
struct address_space *
aether_target_mapping(struct aether_dev *dev, const struct aether_target *t,
		      pgoff_t *limit);

/* prefetch.c: the prefetch engine, where decisions turn into readahead */
#define AETHER_PF_BUDGET_KB_MIN		4
#define AETHER_PF_BUDGET_KB_MAX		1048576
#define AETHER_PF_BUDGET_KB_DEFAULT	16384

/* per target (disk cache, file caches) */
struct aether_prefetch_counts {
	u64 requests;		/* ranges queued for readahead */
	u64 pages;		/* pages read into the page cache */
	u64 cached;		/* predicted pages already cached, skipped */
	u64 used;		/* prefetched pages read since */
	u64 wasted;		/* prefetched pages evicted or left unread */
};

struct aether_prefetch_stats {
	u64 requests;		/* ranges queued for readahead */
	u64 pages;		/* pages read into the page cache */
	u64 cached;		/* predicted pages already cached, skipped */
	u64 used;		/* prefetched pages read since */
	u64 wasted;		/* prefetched pages evicted or left unread */
	u64 budget_drops;	/* predicted pages dropped: budget or queue full */
	u64 busy_skips;		/* reads not predicted for: their CPU was busy */
	struct aether_prefetch_counts disk, file;	/* the same, by target */
	struct aether_prefetch_counts hist;	/* the history predictor's share */
	u32 policy;		/* enum aether_policy */
	u32 depth;		/* the disk predictor's adaptive depth */
	u32 file_depth;		/* the file predictor's */
	u32 max_depth;		/* its bound, the knob */
	u32 budget_kb;		/* the knob */
	u32 inflight;		/* pages queued or being submitted */
	u32 history_entries;	/* the knob, 0: off */
	u32 busy_yield;		/* the knob */
};

struct block_device;

int aether_prefetch_init(void);
void aether_prefetch_exit(void);
int aether_prefetch_attach(struct aether_dev *dev, struct block_device *bdev,
			   const struct aether_config *cfg);
bool aether_prefetch_budget_valid(u32 kb);
void aether_prefetch_stop(struct aether_dev *dev);
void aether_prefetch_free(struct aether_dev *dev);
bool aether_prefetch_own_io(void);
void aether_prefetch_new_media(struct aether_dev *dev);
/* what aether_prefetch_learn() says may follow a read */
#define AETHER_WANT_STRIDE	0x1	/* its stream may predict */
#define AETHER_WANT_HIST	0x2	/* the history learns and may predict */
#define AETHER_WANT_GATE	0x4	/* the gate's verdict decides */
void aether_prefetch_decision(struct aether_dev *dev,
			      const struct aether_read *rd,
			      const struct aether_target *t, u32 want,
			      bool fetch);
void aether_prefetch_stats(struct aether_dev *dev,
			   struct aether_prefetch_stats *st);
const char *aether_prefetch_policy_name(u32 policy);
int aether_prefetch_set_policy(struct aether_dev *dev, u32 policy);
int aether_prefetch_set_max_depth(struct aether_dev *dev, u32 depth);
int aether_prefetch_set_budget(struct aether_dev *dev, u32 kb);
bool aether_prefetch_history_valid(u32 entries);
int aether_prefetch_set_history(struct aether_dev *dev, u32 entries);
int aether_prefetch_set_busy_yield(struct aether_dev *dev, u32 on);

/* params <-> the ioctl's form */
void aether_params_to_ioc(const struct aether_params *p,
			  struct aether_ioc_params *io);

#endif /* _AETHER_MODULE_H */
