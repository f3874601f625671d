// SPDX-License-Identifier: GPL-2.0
/*
 * aether: telling aether's own I/O from everyone else's.
 *
 * The prefetch engine reads ahead through the page cache, and the page cache
 * marks almost every buffered read REQ_RAHEAD, so no bio flag separates our
 * prefetch from a reader's own readahead.  Instead the task issuing
 * aether's I/O marks itself for the duration (aether_self_enter/exit around
 * the work), and the probe ignores reads submitted by a marked task.
 *
 * A small fixed table of task pointers: marking is a cmpxchg into a free
 * slot, the probe's check is one atomic read when nobody is marked and a
 * scan of AETHER_SELF_SLOTS pointers otherwise.  Nothing allocates or sleeps.
 */
#include <linux/atomic.h>
#include <linux/sched.h>

#include "aether.h"

#define AETHER_SELF_SLOTS	16

static struct task_struct *self_tasks[AETHER_SELF_SLOTS];
static atomic_t self_count = ATOMIC_INIT(0);

/* Mark current as issuing aether's own I/O; returns the slot or -EBUSY. */
int aether_self_enter(void)
{
	int i;

	for (i = 0; i < AETHER_SELF_SLOTS; i++) {
		if (!cmpxchg(&self_tasks[i], NULL, current)) {
			atomic_inc(&self_count);
			return i;
		}
	}
	return -EBUSY;
}

void aether_self_exit(int slot)
{
	if (slot < 0 || slot >= AETHER_SELF_SLOTS ||
	    WARN_ON_ONCE(READ_ONCE(self_tasks[slot]) != current))
		return;
	atomic_dec(&self_count);
	/* the slot is free for others only after this task is done with it */
	smp_store_release(&self_tasks[slot], NULL);
}

/* Is the running task one aether marked?  Probe context. */
bool aether_self_io(void)
{
	int i;

	if (!atomic_read(&self_count))
		return false;
	for (i = 0; i < AETHER_SELF_SLOTS; i++)
		if (READ_ONCE(self_tasks[i]) == current)
			return true;
	return false;
}
