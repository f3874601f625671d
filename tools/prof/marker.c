// SPDX-License-Identifier: GPL-2.0
/*
 * marker: runs the one instruction tools/prof/tbcount.c watches for,
 * nopl 0x4d41524b(%rax) (bytes 0f 1f 80 4b 52 41 4d, "KRAM"): each run
 * makes the plugin dump its counters, so the guest side of
 * scripts/prof-guest.sh marks the edges of the window it wants counted.
 * A multi-byte nop with an odd displacement: harmless anywhere, and no
 * compiler emits it.  Built static: nothing to load but itself.
 */
int main(void)
{
	__asm__ volatile(".byte 0x0f, 0x1f, 0x80, 0x4b, 0x52, 0x41, 0x4d" ::: "memory");
	return 0;
}
