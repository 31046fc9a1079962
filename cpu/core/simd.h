/*
 * What the ISAs' 128-bit SIMD handlers (arm64 insn_simd.c, LoongArch
 * insn_lsx.c) compute with on the host: the GCC/Clang vector types of each
 * lane size, whose operators work lane by lane and compile to the host's
 * SIMD instructions, 128-bit integers, a bitwise select, and saturation to
 * a lane width.
 */
#ifndef HVSIM_CORE_SIMD_H
#define HVSIM_CORE_SIMD_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned __int128 u128;
typedef __int128 s128;

typedef uint8_t vu8 __attribute__((vector_size(16)));
typedef int8_t vs8 __attribute__((vector_size(16)));
typedef uint16_t vu16 __attribute__((vector_size(16)));
typedef int16_t vs16 __attribute__((vector_size(16)));
typedef uint32_t vu32 __attribute__((vector_size(16)));
typedef int32_t vs32 __attribute__((vector_size(16)));
typedef uint64_t vu64 __attribute__((vector_size(16)));
typedef int64_t vs64 __attribute__((vector_size(16)));

/* Select by a lane mask m (all ones / zero): m ? x : y. */
#define VSEL(m, x, y) (((x) & (m)) | ((y) & ~(m)))

/* v saturated to a signed `bits`-bit integer; *sat set if it had to be. */
static inline int64_t simd_sat_s(s128 v, unsigned bits, bool *sat)
{
	s128 max = ((s128)1 << (bits - 1)) - 1, min = -max - 1;
	if (v > max) {
		*sat = true;
		return (int64_t)max;
	}
	if (v < min) {
		*sat = true;
		return (int64_t)min;
	}
	return (int64_t)v;
}

/* v saturated to an unsigned `bits`-bit integer; *sat set if it had to be. */
static inline uint64_t simd_sat_u(s128 v, unsigned bits, bool *sat)
{
	s128 max = ((s128)1 << bits) - 1;
	if (v > max) {
		*sat = true;
		return (uint64_t)max;
	}
	if (v < 0) {
		*sat = true;
		return 0;
	}
	return (uint64_t)v;
}

#endif
