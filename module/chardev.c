// SPDX-License-Identifier: GPL-2.0
/*
 * aether: /dev/aether, the ABI in include/uapi/linux/aether.h.
 *
 * Each open file carries its own POVM instance, independent of the devices:
 * AETHER_IOC_DECIDE runs one cycle on a window the caller supplies (the
 * reference's process_io_cycle() as a system call), so user space can
 * compare the in-kernel build of the core with its own.  The file starts
 * with the "default" preset.  read(), poll() and AETHER_IOC_READ_EVENTS
 * read the global event stream from the file's own position (events.c).
 *
 * Every ioctl copies its argument in, validates all of it, works on copies
 * and commits only after the result has reached user space, so a bad
 * pointer (-EFAULT) or value (-EINVAL) leaves no state half-changed.  All
 * structures have one layout for 32- and 64-bit callers, so compat_ioctl is
 * compat_ptr_ioctl.
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "aether.h"
#include "compat.h"
#include "../include/aether/predict.h"
#include "../include/aether/devname.h"

struct aether_file {
	struct aether_ev_reader *ev;	/* this file's place in the event stream */
	struct mutex lock;		/* everything below */
	struct aether_povm povm;
	struct aether_povm scratch;	/* a cycle runs here until committed */
	struct aether_decide req;
};

/* The ABI must not depend on the caller's word size. */
static_assert(sizeof(struct aether_version) == 16);
static_assert(sizeof(struct aether_ioc_params) == 32);
static_assert(sizeof(struct aether_ioc_state) == 56);
static_assert(sizeof(struct aether_decide) == 608);
static_assert(sizeof(struct aether_event) == 48);
static_assert(sizeof(struct aether_event_batch) == 24);
static_assert(sizeof(struct aether_dev_stats) == 200);
static_assert(sizeof(struct aether_dev_stats_ext) == 360);
static_assert(AETHER_DECIDE_MAX == AETHER_WINDOW_MAX);
static_assert(AETHER_NR_FEATURE_OUT == AETHER_NR_FEATURES);
static_assert(AETHER_PRESET_ID_HFT == AETHER_PRESET_HFT);
static_assert(AETHER_POLICY_ID_POVM == AETHER_POLICY_POVM);
static_assert(AETHER_POLICY_ID_STRIDE == AETHER_POLICY_STRIDE);
static_assert(AETHER_POLICY_ID_OFF == AETHER_POLICY_OFF);
static_assert(AETHER_PRESET_ID_GAMING == AETHER_PRESET_GAMING);

void aether_params_to_ioc(const struct aether_params *p,
			  struct aether_ioc_params *io)
{
	memset(io, 0, sizeof(*io));
	io->epsilon = p->epsilon;
	io->phi = p->phi;
	io->lambda[0] = p->lambda[0];
	io->lambda[1] = p->lambda[1];
	io->lambda[2] = p->lambda[2];
	io->bias = p->bias;
}

static int aether_open(struct inode *inode, struct file *file)
{
	struct aether_file *af;

	af = kzalloc(sizeof(*af), GFP_KERNEL);
	if (!af)
		return -ENOMEM;
	af->ev = aether_events_open();
	if (!af->ev) {
		kfree(af);
		return -ENOMEM;
	}
	mutex_init(&af->lock);
	aether_povm_init(&af->povm, &aether_presets[AETHER_PRESET_DEFAULT]);
	file->private_data = af;
	return stream_open(inode, file);
}

static int aether_release(struct inode *inode, struct file *file)
{
	struct aether_file *af = file->private_data;

	aether_events_close(af->ev);
	kfree(af);
	return 0;
}

static long ioc_version(void __user *arg)
{
	struct aether_version v = {
		.abi = AETHER_ABI_VERSION,
		.major = AETHER_VERSION_MAJOR,
		.minor = AETHER_VERSION_MINOR,
		.patch = AETHER_VERSION_PATCH,
	};

	return copy_to_user(arg, &v, sizeof(v)) ? -EFAULT : 0;
}

static long ioc_set_preset(struct aether_file *af, u32 __user *arg)
{
	u32 id;

	if (get_user(id, arg))
		return -EFAULT;
	if (id >= AETHER_NR_PRESETS)
		return -EINVAL;
	mutex_lock(&af->lock);
	aether_povm_init(&af->povm, &aether_presets[id]);
	mutex_unlock(&af->lock);
	return 0;
}

static long ioc_set_params(struct aether_file *af, void __user *arg)
{
	struct aether_ioc_params io;
	struct aether_params p;

	if (copy_from_user(&io, arg, sizeof(io)))
		return -EFAULT;
	if (io.flags || io.reserved)
		return -EINVAL;
	p.epsilon = io.epsilon;
	p.phi = io.phi;
	p.lambda[0] = io.lambda[0];
	p.lambda[1] = io.lambda[1];
	p.lambda[2] = io.lambda[2];
	p.bias = io.bias;
	if (!aether_params_valid(&p))
		return -EINVAL;
	mutex_lock(&af->lock);
	aether_povm_init(&af->povm, &p);
	mutex_unlock(&af->lock);
	return 0;
}

static long ioc_get_state(struct aether_file *af, void __user *arg)
{
	struct aether_ioc_state st;

	memset(&st, 0, sizeof(st));
	mutex_lock(&af->lock);
	aether_params_to_ioc(&af->povm.params, &st.params);
	st.cycles = af->povm.cycles;
	st.prefetches = af->povm.prefetches;
	st.phi = af->povm.phi;
	st.epsilon = af->povm.epsilon;
	mutex_unlock(&af->lock);
	return copy_to_user(arg, &st, sizeof(st)) ? -EFAULT : 0;
}

static long ioc_decide(struct aether_file *af, void __user *arg)
{
	struct aether_decide *r = &af->req;
	struct aether_cycle c;
	long ret;
	int i;

	mutex_lock(&af->lock);
	ret = -EFAULT;
	if (copy_from_user(r, arg, sizeof(*r)))
		goto out;
	ret = -EINVAL;
	if (r->flags || !r->len || r->len > AETHER_DECIDE_MAX)
		goto out;

	af->scratch = af->povm;
	aether_povm_window(&af->scratch, r->lba, r->len, &c);
	r->cycle = af->scratch.cycles;
	for (i = 0; i < AETHER_NR_FEATURES; i++)
		r->features[i] = c.features[i];
	for (i = 0; i < 3; i++)
		r->bloch[i] = c.bloch[i];
	r->p_fetch = c.p_fetch;
	r->phi = c.phi;
	r->epsilon = c.epsilon;
	r->decision = c.fetch;
	r->reserved = 0;

	ret = -EFAULT;
	if (copy_to_user(arg, r, sizeof(*r)))
		goto out;
	af->povm = af->scratch;
	ret = 0;
out:
	mutex_unlock(&af->lock);
	return ret;
}

static long ioc_read_events(struct aether_file *af,
			    struct aether_event_batch __user *arg)
{
	struct aether_event_batch b;
	ssize_t n;

	if (copy_from_user(&b, arg, sizeof(b)))
		return -EFAULT;
	n = aether_events_read(af->ev, u64_to_user_ptr(b.events), b.max, true,
			       arg);
	return n < 0 ? n : 0;
}

/* DEV_STATS copies the base alone, DEV_STATS_EXT the whole (size). */
static long ioc_dev_stats(void __user *arg, size_t size)
{
	struct aether_dev_stats_ext x;
	struct aether_dev_stats *st = &x.base;
	char name[AETHER_DISK_NAME_LEN];
	int err;

	memset(&x, 0, sizeof(x));
	if (copy_from_user(st, arg, sizeof(*st)))
		return -EFAULT;
	if (st->disk[0]) {
		if (!memchr(st->disk, '\0', sizeof(st->disk)) ||
		    aether_disk_name_parse(st->disk, strlen(st->disk), name,
					   sizeof(name)) < 0 ||
		    strcmp(name, st->disk))	/* no trailing newline here */
			return -EINVAL;
	}
	err = aether_dev_stats(&x);
	if (err)
		return err;
	return copy_to_user(arg, &x, size) ? -EFAULT : 0;
}

static long aether_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct aether_file *af = file->private_data;
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case AETHER_IOC_VERSION:
		return ioc_version(uarg);
	case AETHER_IOC_SET_PRESET:
		return ioc_set_preset(af, uarg);
	case AETHER_IOC_SET_PARAMS:
		return ioc_set_params(af, uarg);
	case AETHER_IOC_GET_STATE:
		return ioc_get_state(af, uarg);
	case AETHER_IOC_DECIDE:
		return ioc_decide(af, uarg);
	case AETHER_IOC_READ_EVENTS:
		return ioc_read_events(af, uarg);
	case AETHER_IOC_DEV_STATS:
		return ioc_dev_stats(uarg, sizeof(struct aether_dev_stats));
	case AETHER_IOC_DEV_STATS_EXT:
		return ioc_dev_stats(uarg, sizeof(struct aether_dev_stats_ext));
	default:
		return -ENOTTY;
	}
}

/* Whole events only: a buffer smaller than one is -EINVAL. */
static ssize_t aether_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct aether_file *af = file->private_data;
	size_t max = count / sizeof(struct aether_event);
	ssize_t n;

	if (!max)
		return -EINVAL;
	n = aether_events_read(af->ev, (struct aether_event __user *)buf,
			       min_t(size_t, max, AETHER_EVENTS_MAX),
			       file->f_flags & O_NONBLOCK, NULL);
	return n < 0 ? n : n * (ssize_t)sizeof(struct aether_event);
}

static __poll_t aether_poll(struct file *file, poll_table *wait)
{
	struct aether_file *af = file->private_data;

	poll_wait(file, &aether_events_wait, wait);
	return aether_events_pending(af->ev) ? EPOLLIN | EPOLLRDNORM : 0;
}

static const struct file_operations aether_fops = {
	.owner = THIS_MODULE,
	.open = aether_open,
	.release = aether_release,
	.read = aether_read,
	.poll = aether_poll,
	.unlocked_ioctl = aether_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = AETHER_NO_LLSEEK,
};

static struct miscdevice aether_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "aether",
	.fops = &aether_fops,
	.mode = 0600,
};

int aether_chardev_init(void)
{
	return misc_register(&aether_misc);
}

void aether_chardev_exit(void)
{
	misc_deregister(&aether_misc);
}
