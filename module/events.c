// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the global event ring.  Every decision on an attached device is
 * recorded here (timestamp, device, sector, length, decision, phi, epsilon)
 * for read() and AETHER_IOC_READ_EVENTS.  Writers are block-layer probes on
 * any CPU, so recording takes one spinlock for a few stores and never waits
 * for readers: a full ring overwrites its oldest unread event and counts it
 * as dropped, globally and against the device it came from.  The index
 * arithmetic is the freestanding module/core/evring.c.
 *
 * Readers share one cursor (a consuming stream, as trace_pipe) and take
 * turns on a mutex: they copy a batch out under the lock, hand it to user
 * space, and only then mark it read, so a fault loses nothing.
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
 * accounting: a detached device's events need no cleanup (the walk over
 * every slot it took, with interrupts off, is gone).
 */
struct aether_ev_slot {
	struct aether_event ev;
	dev_t devt;
	const struct gendisk *disk;
};

static DEFINE_SPINLOCK(ring_lock);
static struct aether_evring ring;
static u64 ring_last_ns;	/* time_ns of the newest event, under ring_lock */
static struct aether_ev_slot *slots;

static DEFINE_MUTEX(read_mutex);
static struct aether_event bounce[AETHER_EVENTS_MAX];	/* under read_mutex */

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

bool aether_events_pending(void)
{
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&ring_lock, flags);
	any = aether_evring_unread(&ring) != 0;
	spin_unlock_irqrestore(&ring_lock, flags);
	return any;
}

/*
 * Probe context: any CPU, interrupts off, under dev->lock (ring_lock nests
 * inside it and never the other way round).  Interrupts are already off,
 * so ring_lock is taken without saving them again.
 */
void aether_event_record(struct aether_dev *dev, u64 sector, u32 sectors,
			 bool fetch, aether_q phi, aether_q epsilon)
{
	struct aether_ev_slot *s;
	u64 now, seq, lost;

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
		/* the probe holds rcu_read_lock(), as the lookup needs */
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

static u32 events_peek(u32 max, u64 *from)
{
	unsigned long flags;
	u32 i, n;

	spin_lock_irqsave(&ring_lock, flags);
	n = aether_evring_peek(&ring, max, from);
	for (i = 0; i < n; i++)
		bounce[i] = slots[aether_evring_slot(&ring, *from + i)].ev;
	spin_unlock_irqrestore(&ring_lock, flags);
	return n;
}

static void events_commit(u64 end)
{
	unsigned long flags;

	spin_lock_irqsave(&ring_lock, flags);
	aether_evring_consume(&ring, end);
	spin_unlock_irqrestore(&ring_lock, flags);
}

/*
 * Copy up to max unread events to ubuf and mark them read.  Waits for the
 * first event unless nonblock.  With hdr (AETHER_IOC_READ_EVENTS) the count
 * and the drop total are written back there too, and an empty ring is not an
 * error.  Returns the number copied, -EAGAIN (nothing to read and nonblock,
 * no hdr), -ERESTARTSYS, or -EFAULT; on error nothing is marked read.
 */
ssize_t aether_events_read(struct aether_event __user *ubuf, u32 max,
			   bool nonblock, struct aether_event_batch __user *hdr)
{
	ssize_t ret;
	u64 from;
	u32 n;

	if (!max || max > AETHER_EVENTS_MAX)
		return -EINVAL;
	for (;;) {
		if (mutex_lock_interruptible(&read_mutex))
			return -ERESTARTSYS;
		n = events_peek(max, &from);
		if (n || hdr)
			break;
		mutex_unlock(&read_mutex);
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(aether_events_wait,
					       aether_events_pending());
		if (ret)
			return ret;
	}
	ret = -EFAULT;
	if (copy_to_user(ubuf, bounce, (size_t)n * sizeof(*bounce)))
		goto out;
	if (hdr && (put_user(n, &hdr->count) ||
		    put_user(aether_events_dropped(), &hdr->dropped)))
		goto out;
	events_commit(from + n);
	ret = n;
out:
	mutex_unlock(&read_mutex);
	return ret;
}
