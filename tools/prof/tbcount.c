// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tbcount: a QEMU 7.2 TCG plugin (plugin API version 1) counting how often
 * each translated block of guest-kernel code runs, for scripts/prof-guest.sh.
 * Derived from qemu's contrib/plugins/hotblocks.c (GPL-2.0-or-later).
 *
 * Every block whose vaddr is in the kernel half (>= 0xffff800000000000)
 * gets an inline 64-bit counter bumped at block entry: generated code, no
 * callback per execution, so the guest runs at near TCG speed.  A block is
 * keyed by (vaddr, n_insns): retranslations of the same block share a
 * counter, a block of another length at the same vaddr gets its own.
 *
 * The counters go to a file, one line per block ("vaddr_hex n_insns
 * exec_count", cumulative since boot):
 *   OUT.N     when the guest runs the marker instruction the N-th time
 *             (tools/prof/marker.c: nopl 0x4d41524b(%rax), bytes
 *             0f 1f 80 4b 52 41 4d; any privilege level).  A no-op that no
 *             compiler emits: the guest chooses the counted window itself,
 *             and the difference of two dumps is that window.
 *   OUT.exit  at qemu exit
 * Argument: out=PATH (required).
 *
 * The table is guarded by a mutex (translation may run on several vCPU
 * threads); the counters are plain inline adds, exact with one vCPU, racy
 * (slightly low) with several under MTTCG: prof-guest.sh boots one vCPU.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>

#include <qemu-plugin.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

#define KERNEL_START 0xffff800000000000ULL

struct tb_count {
	uint64_t vaddr;
	uint64_t exec_count;	/* bumped inline by the generated code */
	uint32_t insns;
};

static GMutex lock;
static GHashTable *table;	/* vaddr ^ (insns << 48) -> struct tb_count * */
static GPtrArray *order;	/* every struct tb_count, in translation order */
static char *out_path;
static int ndumps;

static const uint8_t marker[] = { 0x0f, 0x1f, 0x80, 0x4b, 0x52, 0x41, 0x4d };

/* Written to PATH.tmp and renamed: a reader never sees half a dump. */
static void dump(const char *suffix)
{
	g_autofree char *path = g_strdup_printf("%s.%s", out_path, suffix);
	g_autofree char *tmp = g_strdup_printf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	guint i;

	if (!f) {
		fprintf(stderr, "tbcount: cannot write %s\n", tmp);
		return;
	}
	g_mutex_lock(&lock);
	for (i = 0; i < order->len; i++) {
		struct tb_count *c = g_ptr_array_index(order, i);

		if (c->exec_count)
			fprintf(f, "%" PRIx64 " %u %" PRIu64 "\n", c->vaddr,
				c->insns, c->exec_count);
	}
	g_mutex_unlock(&lock);
	fclose(f);
	rename(tmp, path);
}

static void marker_exec(unsigned int cpu_index, void *udata)
{
	char suffix[16];

	g_mutex_lock(&lock);
	snprintf(suffix, sizeof(suffix), "%d", ++ndumps);
	g_mutex_unlock(&lock);
	dump(suffix);
}

static void vcpu_tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t pc = qemu_plugin_tb_vaddr(tb);
	size_t n = qemu_plugin_tb_n_insns(tb);
	struct tb_count *c;
	uint64_t key;
	size_t i;

	/* the marker: user or kernel code, anywhere in the block */
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (qemu_plugin_insn_size(insn) == sizeof(marker) &&
		    memcmp(qemu_plugin_insn_data(insn), marker,
			   sizeof(marker)) == 0)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
				QEMU_PLUGIN_CB_NO_REGS, NULL);
	}

	if (pc < KERNEL_START)
		return;

	key = pc ^ ((uint64_t)n << 48);
	g_mutex_lock(&lock);
	c = g_hash_table_lookup(table, (gconstpointer)key);
	if (!c) {
		c = g_new0(struct tb_count, 1);
		c->vaddr = pc;
		c->insns = n;
		g_hash_table_insert(table, (gpointer)key, c);
		g_ptr_array_add(order, c);
	}
	g_mutex_unlock(&lock);

	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &c->exec_count, 1);
}

static void plugin_exit(qemu_plugin_id_t id, void *p)
{
	dump("exit");
}

QEMU_PLUGIN_EXPORT
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
			int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		g_auto(GStrv) tok = g_strsplit(argv[i], "=", 2);

		if (g_strcmp0(tok[0], "out") == 0 && tok[1]) {
			out_path = g_strdup(tok[1]);
		} else {
			fprintf(stderr, "tbcount: bad option %s\n", argv[i]);
			return -1;
		}
	}
	if (!out_path) {
		fprintf(stderr, "tbcount: out=PATH is required\n");
		return -1;
	}
	table = g_hash_table_new(NULL, g_direct_equal);
	order = g_ptr_array_new();
	qemu_plugin_register_vcpu_tb_trans_cb(id, vcpu_tb_trans);
	qemu_plugin_register_atexit_cb(id, plugin_exit, NULL);
	return 0;
}
