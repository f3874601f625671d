// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the global event ring.  Every decision on an attached device is
 * recorded here (timestamp, device, sector, length, decision, phi, epsilon)
 * for read() and AETHER_IOC_READ_EVENTS.  Writers are block-layer probes on
 * any CPU, so recording takes one spinlock for a few stores and never waits
 * for readers.  The index arithmetic is the freestanding module/core/evring.c.
 *
 * Each open file of /dev/aether is a reader with a position of its own, so
 * two watchers never steal each other's events.  A new reader starts at the
 * first event no reader has read yet (after-the-fact reading works as a
 * consuming stream did); a reader that falls a whole ring behind loses its
 * oldest events and is told how many (struct aether_event_batch.dropped).
 * An event overwritten while an open reader, or nobody yet, still wanted
 * it counts as dropped, globally and against the device it came from.
 *
 * Recording follows the "events" mode: "auto" (the default) records only
 * while /dev/aether is open, so nothing is recorded, and nothing dropped,
 * when nobody listens; "on" records always, for reading after the fact.
 *
 * A reader copies a batch out under the ring's spinlock into a buffer of
 * its own and hands it to user space under its own mutex only, so a slow
 * or faulting copy never holds up the probes or another reader.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "aether.h"
#include "../include/aether/evring.h"

/*
 * The device an event came from is kept by key, not by pointer, for drop
 * accounting: a detached device's events need no cleanup.
 */
struct aether_ev_slot {
	struct aether_event ev;
	dev_t devt;
	const struct gendisk *disk;
};

struct aether_ev_reader {
	struct list_head node;		/* readers, under ring_lock */
	u64 pos;			/* next seq to read, under ring_lock */
	u64 lost;			/* overwritten before read, under ring_lock */
	struct mutex lock;		/* one read at a time on this file */
	struct aether_event buf[AETHER_EVENTS_MAX];	/* under lock */
};

/*
 * ring.tail is the oldest event still wanted: by the slowest open reader,
 * or, before any reader took it, by the next one to open (consumed).
 */
static DEFINE_SPINLOCK(ring_lock);
static struct aether_evring ring;
static u64 consumed;		/* furthest any reader has read */
static LIST_HEAD(readers);
static u64 ring_last_ns;	/* time_ns of the newest event, under ring_lock */
static struct aether_ev_slot *slots;
static atomic_t nr_readers = ATOMIC_INIT(0);
static bool record_always;
/* nr_readers || record_always, kept in one word for the probe (aether.h) */
int aether_ev_recording;

DECLARE_WAIT_QUEUE_HEAD(aether_events_wait);

int aether_events_init(u32 size)
{
	int order = aether_evring_order(size);

	if (order < 0)
		return -EINVAL;
	slots = kvcalloc((size_t)1 << order, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	aether_evring_init(&ring, order);
	return 0;
}

void aether_events_exit(void)
{
	kvfree(slots);
	slots = NULL;
}

u32 aether_events_size(void)
{
	return 1U << ring.order;
}

u64 aether_events_dropped(void)
{
	unsigned long flags;
	u64 n;

	spin_lock_irqsave(&ring_lock, flags);
	n = ring.dropped;
	spin_unlock_irqrestore(&ring_lock, flags);
	return n;
}

static DEFINE_MUTEX(recording_mutex);

/* Readers come and go, and the knob flips, under one mutex. */
static void update_recording(void)
{
	lockdep_assert_held(&recording_mutex);
	WRITE_ONCE(aether_ev_recording,
		   atomic_read(&nr_readers) || READ_ONCE(record_always));
}

void aether_events_set_always(bool on)
{
	mutex_lock(&recording_mutex);
	WRITE_ONCE(record_always, on);
	update_recording();
	mutex_unlock(&recording_mutex);
}

bool aether_events_always(void)
{
	return READ_ONCE(record_always);
}

/* The oldest event anyone still wants (ring_lock held). */
static void update_tail(void)
{
	struct aether_ev_reader *r;
	u64 low = consumed;

	lockdep_assert_held(&ring_lock);
	list_for_each_entry(r, &readers, node)
		low = min(low, r->pos);
	/* what was overwritten is gone for everyone */
	ring.tail = max(low, ring.tail);
}

/*
 * Probe context: any CPU, interrupts off, under dev->lock (ring_lock nests
 * inside it and never the other way round), in an RCU read-side section.
 */
void aether_event_record(struct aether_dev *dev, u64 sector, u32 sectors,
			 bool fetch, aether_q phi, aether_q epsilon)
{
	struct aether_ev_slot *s;
	u64 now, seq, lost;

	if (!aether_events_recording())
		return;		/* nobody listens */
	lockdep_assert_irqs_disabled();
	spin_lock(&ring_lock);
	/*
	 * The trace clock (ftrace's "local"), not ktime_get_ns(): where the
	 * TSC is unusable the clocksource is HPET or ACPI PM, whose every read
	 * is a slow device access, and this runs on every read I/O.  Per-CPU
	 * clocks may disagree by a little, so time never goes back along seq.
	 */
	now = max(local_clock(), ring_last_ns);
	ring_last_ns = now;
	seq = aether_evring_produce(&ring, &lost);
	s = &slots[aether_evring_slot(&ring, seq)];
	if (lost != U64_MAX) {
		struct aether_dev *owner = s->devt == dev->devt &&
			s->disk == dev->disk ? dev :
			aether_dev_lookup(s->devt, s->disk);

		if (owner)
			WRITE_ONCE(owner->dropped, owner->dropped + 1);
	}
	s->devt = dev->devt;
	s->disk = dev->disk;
	s->ev.seq = seq;
	s->ev.time_ns = now;
	s->ev.sector = sector;
	s->ev.major = MAJOR(dev->devt);
	s->ev.minor = MINOR(dev->devt);
	s->ev.sectors = sectors;
	s->ev.decision = fetch;
	s->ev.phi = phi;
	s->ev.epsilon = epsilon;
	spin_unlock(&ring_lock);

	/* the wait queue's lock is independent of both */
	if (wq_has_sleeper(&aether_events_wait))
		wake_up_interruptible(&aether_events_wait);
}

/* A new open file: it reads from the first event nobody has read. */
struct aether_ev_reader *aether_events_open(void)
{
	struct aether_ev_reader *r;
	unsigned long flags;

	r = kvzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return NULL;
	mutex_init(&r->lock);
	spin_lock_irqsave(&ring_lock, flags);
	r->pos = max(consumed, ring.tail);
	list_add(&r->node, &readers);
	spin_unlock_irqrestore(&ring_lock, flags);
	mutex_lock(&recording_mutex);
	atomic_inc(&nr_readers);
	update_recording();
	mutex_unlock(&recording_mutex);
	return r;
}

void aether_events_close(struct aether_ev_reader *r)
{
	unsigned long flags;

	spin_lock_irqsave(&ring_lock, flags);
	list_del(&r->node);
	update_tail();
	spin_unlock_irqrestore(&ring_lock, flags);
	mutex_lock(&recording_mutex);
	atomic_dec(&nr_readers);
	update_recording();
	mutex_unlock(&recording_mutex);
	kvfree(r);
}

bool aether_events_pending(struct aether_ev_reader *r)
{
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&ring_lock, flags);
	any = ring.head != max(r->pos, ring.tail);
	spin_unlock_irqrestore(&ring_lock, flags);
	return any;
}

/* Up to max events from r's position into r->buf; *from is the first. */
static u32 events_peek(struct aether_ev_reader *r, u32 max, u64 *from)
{
	unsigned long flags;
	u32 i, n;

	spin_lock_irqsave(&ring_lock, flags);
	if (r->pos < ring.tail) {	/* overwritten before this reader got them */
		r->lost += ring.tail - r->pos;
		r->pos = ring.tail;
	}
	*from = r->pos;
	n = (u32)min_t(u64, ring.head - r->pos, max);
	for (i = 0; i < n; i++)
		r->buf[i] = slots[aether_evring_slot(&ring, *from + i)].ev;
	spin_unlock_irqrestore(&ring_lock, flags);
	return n;
}

/* They reached user space: move r on (unless they were overwritten since). */
static u64 events_commit(struct aether_ev_reader *r, u64 end)
{
	unsigned long flags;
	u64 lost;

	spin_lock_irqsave(&ring_lock, flags);
	r->pos = max(r->pos, end);
	consumed = max(consumed, end);
	update_tail();
	lost = r->lost;
	spin_unlock_irqrestore(&ring_lock, flags);
	return lost;
}

/*
 * Copy up to max unread events of r to ubuf and move r past them.  Waits
 * for the first event unless nonblock.  With hdr (AETHER_IOC_READ_EVENTS)
 * the count and r's lost total are written back there too, and an empty
 * ring is not an error.  Returns the number copied, -EAGAIN (nothing to
 * read and nonblock, no hdr), -ERESTARTSYS, or -EFAULT; on error r does not
 * move.
 */
ssize_t aether_events_read(struct aether_ev_reader *r,
			   struct aether_event __user *ubuf, u32 max,
			   bool nonblock, struct aether_event_batch __user *hdr)
{
	ssize_t ret;
	u64 from, lost;
	u32 n;

	if (!max || max > AETHER_EVENTS_MAX)
		return -EINVAL;
	for (;;) {
		if (mutex_lock_interruptible(&r->lock))
			return -ERESTARTSYS;
		n = events_peek(r, max, &from);
		if (n || hdr)
			break;
		mutex_unlock(&r->lock);
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(aether_events_wait,
					       aether_events_pending(r));
		if (ret)
			return ret;
	}
	ret = -EFAULT;
	if (copy_to_user(ubuf, r->buf, (size_t)n * sizeof(*r->buf)))
		goto out;
	lost = events_commit(r, from + n);
	if (hdr && (put_user(n, &hdr->count) || put_user(lost, &hdr->dropped)))
		goto out;
	ret = n;
out:
	mutex_unlock(&r->lock);
	return ret;
}
