// SPDX-License-Identifier: GPL-2.0
/*
 * aether: the prefetch engine's place in the module.
 *
 * Decisions become readahead here.  This file holds the hooks the rest of
 * the module calls and the workqueue the engine runs on; the engine itself
 * (predictor, queue, page-cache readahead) is not built yet, so a decision
 * currently ends at the counters and the event ring.
 *
 * Contract with the rest of the module:
 * - aether_prefetch_attach() runs before the probe can see a new device and
 *   may sleep or fail (the attach then fails); state goes in dev->prefetch.
 * - aether_prefetch_decision() runs in the probe, after the POVM decision,
 *   with dev->lock held and interrupts off, on any CPU: O(1), no sleeping,
 *   no allocation beyond GFP_ATOMIC, typically queue_work() on
 *   aether_prefetch_wq.  dev->win is the window that decided (its last
 *   entry is this read); reads aether itself issued never get here.
 * - aether_prefetch_detach() runs after the probe can no longer find the
 *   device (an RCU grace period has passed) and before it is freed, also
 *   when the disk itself is being deleted: it must cancel and flush the
 *   device's work and drop any block device reference it took.
 * - Work that issues I/O brackets it with aether_self_enter()/exit() so the
 *   probe ignores it (self.c).
 */
#include <linux/workqueue.h>

#include "aether.h"

static struct workqueue_struct *aether_prefetch_wq;

int aether_prefetch_init(void)
{
	aether_prefetch_wq = alloc_workqueue("aether_prefetch",
					     WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	return aether_prefetch_wq ? 0 : -ENOMEM;
}

void aether_prefetch_exit(void)
{
	destroy_workqueue(aether_prefetch_wq);
}

int aether_prefetch_attach(struct aether_dev *dev)
{
	dev->prefetch = NULL;
	return 0;
}

void aether_prefetch_detach(struct aether_dev *dev)
{
	flush_workqueue(aether_prefetch_wq);
	dev->prefetch = NULL;
}

void aether_prefetch_decision(struct aether_dev *dev, u64 sector, u32 sectors,
			      bool fetch)
{
}
