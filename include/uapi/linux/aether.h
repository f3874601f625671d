/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * aether: the /dev/aether ioctl and event ABI.
 *
 * Every structure is built from fixed-size types, with each 64-bit member at
 * an offset that is a multiple of 8 and a size that is a multiple of 8, so
 * 32-bit and 64-bit callers see the same layout and compat_ioctl needs no
 * translation.  User pointers travel as __u64.
 *
 * Fractions (epsilon, phi, lambda, bias, the Bloch vector, p_fetch) are
 * signed Q4.27 fixed point: value = x / 2^27.  Features are unsigned Q48.16.
 */
#ifndef _UAPI_LINUX_AETHER_H
#define _UAPI_LINUX_AETHER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define AETHER_ABI_VERSION	1

#define AETHER_Q_SHIFT		27	/* fractions: Q4.27 */
#define AETHER_FEATURE_SHIFT	16	/* features: Q48.16 */

#define AETHER_DECIDE_MAX	64	/* LBAs in one DECIDE window */
#define AETHER_NR_FEATURE_OUT	6	/* delta velocity variance spectrum history context */
#define AETHER_DISK_NAME_LEN	32	/* with its NUL, as the kernel's DISK_NAME_LEN */
#define AETHER_EVENTS_MAX	256	/* events one READ_EVENTS call may return */

/* prefetch policies, as aether_dev_stats.policy reports them */
#define AETHER_POLICY_ID_POVM		0	/* POVM gate + stride predictor */
#define AETHER_POLICY_ID_STRIDE		1	/* stride predictor alone */
#define AETHER_POLICY_ID_OFF		2	/* count, issue nothing */

/* preset numbers for AETHER_IOC_SET_PRESET */
#define AETHER_PRESET_ID_DEFAULT	0
#define AETHER_PRESET_ID_HFT		1
#define AETHER_PRESET_ID_GAMING		2

struct aether_version {
	__u32 abi;		/* AETHER_ABI_VERSION */
	__u32 major;		/* module version major.minor.patch */
	__u32 minor;
	__u32 patch;
};

/* The POVM parameters, Q4.27 each. */
struct aether_ioc_params {
	__s32 epsilon;		/* initial threshold, 0..1 */
	__s32 phi;		/* initial basis angle, -8..8 radians */
	__s32 lambda[3];	/* threshold rate, basis rate, fetch scale, -4..4 */
	__s32 bias;		/* sigmoid bias, -8..8 */
	__u32 flags;		/* must be 0 */
	__u32 reserved;		/* must be 0 */
};

/* The calling file's POVM instance. */
struct aether_ioc_state {
	struct aether_ioc_params params;
	__u64 cycles;		/* decisions since the parameters were set */
	__u64 prefetches;	/* of which "prefetch" */
	__s32 phi;		/* adaptive basis angle now */
	__s32 epsilon;		/* adaptive threshold now */
};

/* One POVM cycle on a caller-supplied window (process_io_cycle()). */
struct aether_decide {
	__u32 len;			/* in: LBAs in lba[], 1..AETHER_DECIDE_MAX */
	__u32 flags;			/* in: must be 0 */
	__u64 lba[AETHER_DECIDE_MAX];	/* in: oldest first */
	__u64 cycle;			/* out: this instance's cycles, this one included */
	__u64 features[AETHER_NR_FEATURE_OUT];	/* out: Q48.16 */
	__s32 bloch[3];			/* out: rx, ry, rz */
	__s32 p_fetch;			/* out: sigmoid output */
	__s32 phi;			/* out: after this cycle */
	__s32 epsilon;			/* out: after this cycle */
	__u32 decision;			/* out: 1 prefetch, 0 defer */
	__u32 reserved;			/* out: 0 */
};

/* One decision on an attached device, as read() and READ_EVENTS return it. */
struct aether_event {
	__u64 seq;		/* global sequence number; gaps are drops */
	__u64 time_ns;		/* ns since boot (trace clock), never decreasing in seq */
	__u64 sector;		/* first 512-byte sector of the read, on the whole disk */
	__u32 major;		/* the disk's device number */
	__u32 minor;
	__u32 sectors;		/* length of the read */
	__u32 decision;		/* 1 prefetch, 0 defer */
	__s32 phi;		/* device's basis angle after the decision */
	__s32 epsilon;		/* device's threshold after the decision */
};

struct aether_event_batch {
	__u64 events;		/* in: user pointer to struct aether_event[max] */
	__u32 max;		/* in: 1..AETHER_EVENTS_MAX */
	__u32 count;		/* out: events written */
	__u64 dropped;		/* out: events overwritten unread since load */
};

/* Counters and parameters of one attached device. */
struct aether_dev_stats {
	char disk[AETHER_DISK_NAME_LEN];	/* in: name, or "" to use index; out: name */
	__u32 index;		/* in: n-th attached device when disk is "" */
	__u32 major;		/* out */
	__u32 minor;
	__u32 window;		/* LBAs per decision window */
	__u64 reads;		/* read bios seen (aether's own excluded) */
	__u64 sectors;		/* sectors those reads covered */
	__u64 decisions;	/* POVM cycles run */
	__u64 prefetches;	/* decisions that said "prefetch" */
	__u64 dropped;		/* this device's events overwritten unread */
	__u64 self_reads;	/* reads aether itself issued, ignored */
	struct aether_ioc_params params;
	__s32 phi;		/* adaptive basis angle now */
	__s32 epsilon;		/* adaptive threshold now */
	/* the prefetch engine */
	__u64 pf_requests;	/* predicted ranges queued for readahead */
	__u64 pf_pages;		/* pages read into the page cache */
	__u64 pf_cached;	/* predicted pages already cached, skipped */
	__u64 pf_used;		/* prefetched pages read since */
	__u64 pf_wasted;	/* prefetched pages evicted or left unread */
	__u64 pf_budget_drops;	/* predicted pages dropped: budget or queue full */
	__u32 policy;		/* AETHER_POLICY_ID_* */
	__u32 depth;		/* adaptive prefetch depth, blocks per stream */
	__u32 max_depth;	/* its bound */
	__u32 budget_kb;	/* prefetch I/O queued or being submitted, at most */
};

/* One prefetch target's share of the counters (struct aether_dev_stats_ext). */
struct aether_target_stats {
	__u64 requests;		/* predicted ranges queued for readahead */
	__u64 pages;		/* pages read into this target's page cache */
	__u64 cached;		/* predicted pages already cached, skipped */
	__u64 used;		/* prefetched pages read since */
	__u64 wasted;		/* prefetched pages evicted or left unread */
	__u32 depth;		/* its predictor's adaptive depth */
	__u32 reserved;
};

/*
 * AETHER_IOC_DEV_STATS_EXT: struct aether_dev_stats as it is, then the
 * prefetch counters by target: the disk's own page cache (raw-device
 * readers) and files' page caches (readers of files on a filesystem on the
 * disk).  The base's pf_* fields are the sums of the two.  history is the
 * history predictor's share of disk + file (its depth field holds the
 * history_entries knob, 0 while the predictor is off); it took 48 of the 64
 * bytes that were reserved, so the size and the ioctl number are unchanged.
 */
struct aether_dev_stats_ext {
	struct aether_dev_stats base;	/* in: disk or index, as DEV_STATS */
	struct aether_target_stats disk;
	struct aether_target_stats file;
	struct aether_target_stats history;
	__u64 reserved[2];		/* zero */
};

#define AETHER_IOC_MAGIC	0xE1

#define AETHER_IOC_VERSION	_IOR(AETHER_IOC_MAGIC, 0x00, struct aether_version)
#define AETHER_IOC_SET_PRESET	_IOW(AETHER_IOC_MAGIC, 0x01, __u32)
#define AETHER_IOC_SET_PARAMS	_IOW(AETHER_IOC_MAGIC, 0x02, struct aether_ioc_params)
#define AETHER_IOC_GET_STATE	_IOR(AETHER_IOC_MAGIC, 0x03, struct aether_ioc_state)
#define AETHER_IOC_DECIDE	_IOWR(AETHER_IOC_MAGIC, 0x04, struct aether_decide)
#define AETHER_IOC_READ_EVENTS	_IOWR(AETHER_IOC_MAGIC, 0x05, struct aether_event_batch)
#define AETHER_IOC_DEV_STATS	_IOWR(AETHER_IOC_MAGIC, 0x06, struct aether_dev_stats)
#define AETHER_IOC_DEV_STATS_EXT _IOWR(AETHER_IOC_MAGIC, 0x07, struct aether_dev_stats_ext)

#endif /* _UAPI_LINUX_AETHER_H */
