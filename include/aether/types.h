/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one header the freestanding aether core depends on.
 *
 * Inside the kernel the fixed-width types come from <linux/types.h>; elsewhere
 * from the compiler's freestanding <stdint.h>/<stdbool.h>/<stddef.h>, so the
 * same core sources build into the module, KUnit, libaether.a and the tools.
 */
#ifndef _AETHER_TYPES_H
#define _AETHER_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#endif

#ifndef __SIZEOF_INT128__
#error "the aether core needs a 64-bit target with 128-bit integer products"
#endif
typedef unsigned __int128 aether_u128;
typedef __int128 aether_s128;

#endif /* _AETHER_TYPES_H */
