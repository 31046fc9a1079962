/*
 * Unit tests of the A64 loads and stores (cpu/arm64/insn_ldst.c): every
 * addressing mode, sign extension, pairs, SIMD&FP registers, literals,
 * exclusives, acquire/release, the LSE atomics, CAS and CASP, and the
 * decode table's names and unallocated encodings.
 *
 * Encodings come from `llvm-mc-16 --triple=aarch64 -mattr=+lse,+v8.1a
 * -show-encoding`; the assembly is beside each one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cpu/arm64/arm64.h"
#include "a64_harness.h"

#define CODE 0x40000000ull
#define DATA 0x40200000ull /* scratch data, clear of the code and the vectors */

struct fx {
	struct a64_harness *h;
	struct arm64_cpu *c;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	assert_non_null(f);
	f->h = a64_harness_new();
	assert_non_null(f->h);
	f->c = a64_harness_cpu(f->h);
	a64_harness_normal_memory(f->h);   /* the unaligned accesses below are to Normal memory */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	a64_harness_free(f->h);
	free(f);
	return 0;
}

static void put(struct fx *f, uint64_t gpa, uint64_t v, unsigned size)
{
	memcpy(a64_harness_ram(f->h, gpa), &v, size);
}

static uint64_t get(struct fx *f, uint64_t gpa, unsigned size)
{
	uint64_t v = 0;
	memcpy(&v, a64_harness_ram(f->h, gpa), size);
	return v;
}

/* Run code that must retire every instruction. */
#define RUN(f, ...)                                                                  \
	do {                                                                         \
		static const uint32_t code_[] = { __VA_ARGS__ };                    \
		size_t n_ = sizeof code_ / sizeof code_[0];                          \
		assert_int_equal(a64_harness_run((f)->h, code_, n_), n_);             \
	} while (0)

static void vset(struct arm64_cpu *c, unsigned r, uint64_t lo, uint64_t hi)
{
	c->v[r].d[0] = lo;
	c->v[r].d[1] = hi;
}

/* -------------------------------------------------- single registers */

static void test_unsigned_offset_sizes(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[2] = 0x1122334455667788ull;
	for (int r = 3; r <= 7; r++)
		c->x[r] = ~0ull;
	put(f, DATA + 32760, 0xa5a5a5a5deadbeefull, 8);
	RUN(f,
	    0x39000422, /* strb w2, [x1, #1] */
	    0x79000422, /* strh w2, [x1, #2] */
	    0xb9000422, /* str w2, [x1, #4] */
	    0xf9000422, /* str x2, [x1, #8] */
	    0x39402023, /* ldrb w3, [x1, #8] */
	    0x79401024, /* ldrh w4, [x1, #8] */
	    0xb9400825, /* ldr w5, [x1, #8] */
	    0xf9400426, /* ldr x6, [x1, #8] */
	    0xf97ffc27, /* ldr x7, [x1, #32760] */
	);
	assert_int_equal(get(f, DATA + 1, 1), 0x88);
	assert_int_equal(get(f, DATA + 2, 2), 0x7788);
	assert_int_equal(get(f, DATA + 4, 4), 0x55667788);
	assert_int_equal(get(f, DATA + 8, 8), 0x1122334455667788ull);
	assert_int_equal(c->x[3], 0x88);
	assert_int_equal(c->x[4], 0x7788);
	assert_int_equal(c->x[5], 0x55667788);
	assert_int_equal(c->x[6], 0x1122334455667788ull);
	assert_int_equal(c->x[7], 0xa5a5a5a5deadbeefull);
}

static void test_sign_extension(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 16;
	/* byte 0x80 at +16, halfword 0x8001 at +18, word 0x80000001 at +20 */
	put(f, DATA + 16, 0x8000000180010080ull, 8);
	put(f, DATA + 24, 0x7f, 1);
	put(f, DATA, 0xfe, 1);
	for (int r = 2; r <= 12; r++)
		c->x[r] = 0x5555555555555555ull;
	RUN(f,
	    0x39c00022, /* ldrsb w2, [x1] */
	    0x39800023, /* ldrsb x3, [x1] */
	    0x79c00424, /* ldrsh w4, [x1, #2] */
	    0x79800425, /* ldrsh x5, [x1, #2] */
	    0xb9800426, /* ldrsw x6, [x1, #4] */
	    0x39802027, /* ldrsb x7, [x1, #8] */
	    0x38df0028, /* ldursb w8, [x1, #-16] */
	    0x78801029, /* ldursh x9, [x1, #1] */
	    0xb880302a, /* ldursw x10, [x1, #3] */
	    0x3840302b, /* ldurb w11, [x1, #3] */
	    0x7840302c, /* ldurh w12, [x1, #3] */
	);
	assert_int_equal(c->x[2], 0xffffff80ull);
	assert_int_equal(c->x[3], 0xffffffffffffff80ull);
	assert_int_equal(c->x[4], 0xffff8001ull);
	assert_int_equal(c->x[5], 0xffffffffffff8001ull);
	assert_int_equal(c->x[6], 0xffffffff80000001ull);
	assert_int_equal(c->x[7], 0x7f);
	assert_int_equal(c->x[8], 0xfffffffe);
	assert_int_equal(c->x[9], 0x0100);
	assert_int_equal(c->x[10], (uint64_t)(int64_t)(int32_t)get(f, DATA + 19, 4));
	assert_int_equal(c->x[11], get(f, DATA + 19, 1));
	assert_int_equal(c->x[12], get(f, DATA + 19, 2));
}

static void test_index_writeback(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x100;
	c->x[2] = 0x0102030405060708ull;
	c->x[3] = 0xf0e0d0c0b0a09080ull;
	RUN(f,
	    0xf8010c22, /* str x2, [x1, #16]! */
	    0xf81f8423, /* str x3, [x1], #-8 */
	    0xf8408c24, /* ldr x4, [x1, #8]! */
	    0x38401425, /* ldrb w5, [x1], #1 */
	    0xf85ff026, /* ldur x6, [x1, #-1] */
	    0xb81ef022, /* stur w2, [x1, #-17] */
	    0x789ffc27, /* ldrsh x7, [x1, #-1]! */
	);
	assert_int_equal(c->x[1], DATA + 0x110);
	assert_int_equal(get(f, DATA + 0x110, 8), c->x[3]);
	assert_int_equal(c->x[4], c->x[3]);
	assert_int_equal(c->x[5], 0x80);
	assert_int_equal(c->x[6], c->x[3]);
	assert_int_equal(get(f, DATA + 0x100, 4), 0x05060708);
	assert_int_equal(c->x[7], 0xffffffffffff9080ull);
}

static void test_sp_base_and_zr(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[A64_SP] = DATA + 0x400;
	c->x[2] = 0x1234;
	c->x[3] = 77;
	put(f, DATA + 0x3f8, ~0ull, 8);
	RUN(f,
	    0xf81f0fe2, /* str x2, [sp, #-16]! */
	    0xf84107e4, /* ldr x4, [sp], #16 */
	    0xf81f83ff, /* str xzr, [sp, #-8] */
	    0xf85f83ff, /* ldr xzr, [sp, #-8] */
	    0xf85f83e5, /* ldr x5, [sp, #-8] */
	);
	assert_int_equal(c->x[A64_SP], DATA + 0x400);
	assert_int_equal(c->x[4], 0x1234);
	assert_int_equal(c->x[5], 0);
	assert_int_equal(c->x[A64_ZR], 0);
}

/* LDTR/STTR at EL1 with the MMU off behave as LDUR/STUR. */
static void test_unprivileged(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->sr.sctlr_el1 &= ~SCTLR_M;
	a64_update_mode(c);
	c->x[1] = DATA + 8;
	c->x[2] = 0x80818283848586f7ull;
	RUN(f,
	    0xf81f8822, /* sttr x2, [x1, #-8] */
	    0xf85f8823, /* ldtr x3, [x1, #-8] */
	    0x389f8824, /* ldtrsb x4, [x1, #-8] */
	    0x78dfe825, /* ldtrsh w5, [x1, #-2] */
	    0xb89fc826, /* ldtrsw x6, [x1, #-4] */
	    0x385ff827, /* ldtrb w7, [x1, #-1] */
	    0x785fe828, /* ldtrh w8, [x1, #-2] */
	    0xb85f8829, /* ldtr w9, [x1, #-8] */
	    0x38001822, /* sttrb w2, [x1, #1] */
	    0x78002822, /* sttrh w2, [x1, #2] */
	    0xb8004822, /* sttr w2, [x1, #4] */
	);
	assert_int_equal(c->x[3], c->x[2]);
	assert_int_equal(c->x[4], 0xfffffffffffffff7ull);
	assert_int_equal(c->x[5], 0xffff8081ull);
	assert_int_equal(c->x[6], 0xffffffff80818283ull);
	assert_int_equal(c->x[7], 0x80);
	assert_int_equal(c->x[8], 0x8081);
	assert_int_equal(c->x[9], 0x848586f7);
	assert_int_equal(get(f, DATA + 9, 1), 0xf7);
	assert_int_equal(get(f, DATA + 10, 2), 0x86f7);
	assert_int_equal(get(f, DATA + 12, 4), 0x848586f7);
}

static void test_register_offset(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	for (unsigned i = 0; i < 32; i++)
		put(f, DATA + 8 * i, 0x1000 + i, 8);
	c->x[1] = DATA + 0x40;                   /* element 8 */
	c->x[2] = 3;
	c->x[5] = 0xffffffff00000002ull;          /* UXTW ignores the top half */
	c->x[7] = 0x00000000fffffffeull;          /* SXTW: -2 */
	c->x[9] = ~0ull;                          /* SXTX: -1 */
	c->x[10] = 0xbeef;
	const uint64_t unaligned = get(f, DATA + 0x3e, 8);
	RUN(f,
	    0xf8627823, /* ldr x3, [x1, x2, lsl #3] */
	    0xb8655824, /* ldr w4, [x1, w5, uxtw #2] */
	    0xf867d826, /* ldr x6, [x1, w7, sxtw #3] */
	    0x3869e828, /* ldrb w8, [x1, x9, sxtx] */
	    0xf862682b, /* ldr x11, [x1, x2] */
	    0xb8a2782c, /* ldrsw x12, [x1, x2, lsl #2] */
	    0x3862782d, /* ldrb w13, [x1, x2, lsl #0] */
	    0xf87f682e, /* ldr x14, [x1, xzr] */
	    0xf867c82f, /* ldr x15, [x1, w7, sxtw] */
	    0x7829f82a, /* strh w10, [x1, x9, sxtx #1] */
	    0xf822582a, /* str x10, [x1, w2, uxtw #3] */
	);
	assert_int_equal(c->x[3], 0x1000 + 11);
	assert_int_equal(c->x[4], 0x1000 + 9);                 /* DATA + 0x40 + 8 */
	assert_int_equal(c->x[6], 0x1000 + 6);
	assert_int_equal(c->x[8], 0);                          /* top byte of element 7 */
	assert_int_equal(c->x[11], get(f, DATA + 0x43, 8));
	assert_int_equal(c->x[12], 0);                         /* DATA + 0x4c: top half of element 9 */
	assert_int_equal(c->x[13], get(f, DATA + 0x43, 1));
	assert_int_equal(c->x[14], 0x1000 + 8);
	assert_int_equal(c->x[15], unaligned);
	assert_int_equal(get(f, DATA + 0x3e, 2), 0xbeef);
	assert_int_equal(get(f, DATA + 0x58, 8), 0xbeef);
}

/* Literal pool 4 KiB after the code (the harness only places the code). */
#define LIT (CODE + 0x1000)

static void test_literal(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	put(f, LIT, 0x8877665544332211ull, 8);
	put(f, LIT + 8, 0xfedcba9876543210ull, 8);
	vset(c, 3, ~0ull, ~0ull);
	vset(c, 4, ~0ull, ~0ull);
	vset(c, 5, ~0ull, ~0ull);
	RUN(f,
	    0x58008000, /* ldr x0, #4096 */
	    0x18007fe1, /* ldr w1, #4092 */
	    0x98007fe2, /* ldrsw x2, #4092 */
	    0x9c007fa3, /* ldr q3, #4084 */
	    0x5c007fc4, /* ldr d4, #4088 */
	    0x1c007f65, /* ldr s5, #4076 */
	    0xd8007f40, /* prfm pldl1keep, #4072 */
	    0xd8fffff3, /* prfm pstl2strm, #-4 */
	);
	assert_int_equal(c->x[0], 0x8877665544332211ull);
	assert_int_equal(c->x[1], 0x44332211);
	assert_int_equal(c->x[2], 0xffffffff88776655ull);
	assert_int_equal(c->v[3].d[0], 0x8877665544332211ull);
	assert_int_equal(c->v[3].d[1], 0xfedcba9876543210ull);
	assert_int_equal(c->v[4].d[0], 0xfedcba9876543210ull);
	assert_int_equal(c->v[4].d[1], 0);
	assert_int_equal(c->v[5].d[0], 0x44332211);
	assert_int_equal(c->v[5].d[1], 0);
}

static void test_prefetch(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[2] = 8;
	RUN(f,
	    0xf9800420, /* prfm pldl1keep, [x1, #8] */
	    0xf89ff035, /* prfum pstl3strm, [x1, #-1] */
	    0xf8a2782a, /* prfm plil2keep, [x1, x2, lsl #3] */
	    0xf8a2c83f, /* prfm #0x1f, [x1, w2, sxtw] */
	);
	assert_int_equal(c->x[1], DATA);
}

/* ---------------------------------------------------------------- pairs */

static void test_pairs(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	const uint64_t a = 0x1111222233334444ull, b = 0x80000005deadbeefull;

	c->x[1] = DATA + 0x100;
	c->x[2] = a;
	c->x[3] = b;
	c->x[18] = DATA + 0x400;
	for (int r = 4; r <= 13; r++)
		c->x[r] = ~0ull;
	RUN(f,
	    0xa9bf0c22, /* stp x2, x3, [x1, #-16]! */
	    0xa8c11424, /* ldp x4, x5, [x1], #16 */
	    0x29010c22, /* stp w2, w3, [x1, #8] */
	    0x29411c26, /* ldp w6, w7, [x1, #8] */
	    0x69412428, /* ldpsw x8, x9, [x1, #8] */
	    0xa8020823, /* stnp x3, x2, [x1, #32] */
	    0xa8422c2a, /* ldnp x10, x11, [x1, #32] */
	    0xa97f342c, /* ldp x12, x13, [x1, #-16] */
	    0x28080823, /* stnp w3, w2, [x1, #64] */
	    0x28483c2e, /* ldnp w14, w15, [x1, #64] */
	    0xa9a00e42, /* stp x2, x3, [x18, #-512]! */
	    0xa8dfc650, /* ldp x16, x17, [x18], #504 */
	);
	assert_int_equal(get(f, DATA + 0xf0, 8), a);
	assert_int_equal(get(f, DATA + 0xf8, 8), b);
	assert_int_equal(c->x[4], a);
	assert_int_equal(c->x[5], b);
	assert_int_equal(get(f, DATA + 0x108, 4), 0x33334444);
	assert_int_equal(get(f, DATA + 0x10c, 4), 0xdeadbeef);
	assert_int_equal(c->x[6], 0x33334444);
	assert_int_equal(c->x[7], 0xdeadbeef);
	assert_int_equal(c->x[8], 0x33334444);
	assert_int_equal(c->x[9], 0xffffffffdeadbeefull);
	assert_int_equal(c->x[10], b);
	assert_int_equal(c->x[11], a);
	assert_int_equal(c->x[12], a);
	assert_int_equal(c->x[13], b);
	assert_int_equal(c->x[14], 0xdeadbeef);
	assert_int_equal(c->x[15], 0x33334444);
	assert_int_equal(c->x[1], DATA + 0x100);
	assert_int_equal(c->x[18], DATA + 0x200 + 504);
	assert_int_equal(get(f, DATA + 0x200, 8), a);
	assert_int_equal(c->x[16], a);
	assert_int_equal(c->x[17], b);
}

static void test_pair_sp_frame(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[A64_SP] = DATA + 0x800;
	c->x[29] = 0x2929;
	c->x[30] = 0x3030;
	RUN(f,
	    0xa9be7bfd, /* stp x29, x30, [sp, #-32]! */
	    0xa9017fff, /* stp xzr, xzr, [sp, #16] */
	    0xa94107e0, /* ldp x0, x1, [sp, #16] */
	    0xa8c27bfd, /* ldp x29, x30, [sp], #32 */
	);
	assert_int_equal(c->x[A64_SP], DATA + 0x800);
	assert_int_equal(get(f, DATA + 0x7e0, 8), 0x2929);
	assert_int_equal(get(f, DATA + 0x7e8, 8), 0x3030);
	assert_int_equal(c->x[0], 0);
	assert_int_equal(c->x[1], 0);
	assert_int_equal(c->x[29], 0x2929);
	assert_int_equal(c->x[30], 0x3030);
}

/* A pair that straddles a page boundary takes the slow path. */
static void test_pair_page_cross(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0xffc;
	c->x[2] = 0x0102030405060708ull;
	c->x[3] = 0x1112131415161718ull;
	RUN(f,
	    0xa9000c22, /* stp x2, x3, [x1] */
	    0xa9401424, /* ldp x4, x5, [x1] */
	    0x29000823, /* stp w3, w2, [x1] */
	    0x29401c26, /* ldp w6, w7, [x1] */
	);
	assert_int_equal(c->x[4], c->x[2]);
	assert_int_equal(c->x[5], c->x[3]);
	assert_int_equal(c->x[6], 0x15161718);
	assert_int_equal(c->x[7], 0x05060708);
	assert_int_equal(get(f, DATA + 0xffc, 4), 0x15161718);
	assert_int_equal(get(f, DATA + 0x1000, 4), 0x05060708);
	assert_int_equal(get(f, DATA + 0x1004, 4), 0x15161718);
}

/* -------------------------------------------------------- SIMD&FP */

static void test_fp_single(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	const uint64_t lo = 0x0706050403020100ull, hi = 0x0f0e0d0c0b0a0908ull;

	c->x[1] = DATA;
	c->x[2] = DATA + 0x40;
	c->x[3] = (uint32_t)-4;
	c->x[10] = DATA + 0xff8;
	vset(c, 0, lo, hi);
	for (int r = 1; r <= 12; r++)
		vset(c, r, ~0ull, ~0ull);
	put(f, DATA + 65520, 0xaaaa, 8);
	put(f, DATA + 65528, 0xbbbb, 8);
	RUN(f,
	    0x3d800020, /* str q0, [x1] */
	    0xfd000820, /* str d0, [x1, #16] */
	    0xbd001820, /* str s0, [x1, #24] */
	    0x7d003820, /* str h0, [x1, #28] */
	    0x3d007820, /* str b0, [x1, #30] */
	    0x3dc00021, /* ldr q1, [x1] */
	    0xfd400422, /* ldr d2, [x1, #8] */
	    0xbd400423, /* ldr s3, [x1, #4] */
	    0x7d400424, /* ldr h4, [x1, #2] */
	    0x3d400425, /* ldr b5, [x1, #1] */
	    0x3cc01026, /* ldur q6, [x1, #1] */
	    0x3c821020, /* stur q0, [x1, #33] */
	    0x3ce3d847, /* ldr q7, [x2, w3, sxtw #4] */
	    0x3dfffc28, /* ldr q8, [x1, #65520] */
	    0x3c800140, /* stur q0, [x10] */
	    0x3dc00149, /* ldr q9, [x10] */
	    0x3c810c40, /* str q0, [x2, #16]! */
	    0xfc5f844b, /* ldr d11, [x2], #-8 */
	    0xfc40104c, /* ldur d12, [x2, #1] */
	);
	assert_int_equal(get(f, DATA, 8), lo);
	assert_int_equal(get(f, DATA + 8, 8), hi);
	assert_int_equal(get(f, DATA + 16, 8), lo);
	assert_int_equal(get(f, DATA + 24, 4), 0x03020100);
	assert_int_equal(get(f, DATA + 28, 2), 0x0100);
	assert_int_equal(get(f, DATA + 30, 1), 0x00);
	assert_int_equal(c->v[1].d[0], lo);
	assert_int_equal(c->v[1].d[1], hi);
	assert_int_equal(c->v[2].d[0], hi);
	assert_int_equal(c->v[2].d[1], 0);
	assert_int_equal(c->v[3].d[0], 0x07060504);
	assert_int_equal(c->v[3].d[1], 0);
	assert_int_equal(c->v[4].d[0], 0x0302);
	assert_int_equal(c->v[5].d[0], 0x01);
	assert_int_equal(c->v[5].d[1], 0);
	assert_int_equal(c->v[6].d[0], 0x0807060504030201ull);
	assert_int_equal(c->v[6].d[1], 0x000f0e0d0c0b0a09ull);   /* byte 16 is the d0 copy */
	assert_int_equal(get(f, DATA + 33, 8), lo);
	assert_int_equal(get(f, DATA + 41, 8), hi);
	assert_int_equal(c->v[7].d[0], lo);
	assert_int_equal(c->v[7].d[1], hi);
	assert_int_equal(c->v[8].d[0], 0xaaaa);
	assert_int_equal(c->v[8].d[1], 0xbbbb);
	assert_int_equal(c->v[9].d[0], lo);
	assert_int_equal(c->v[9].d[1], hi);
	assert_int_equal(get(f, DATA + 0x1000, 8), hi);
	assert_int_equal(c->x[2], DATA + 0x48);
	assert_int_equal(get(f, DATA + 0x50, 8), lo);
	assert_int_equal(c->v[11].d[0], lo);
	assert_int_equal(c->v[11].d[1], 0);
	assert_int_equal(c->v[12].d[0], get(f, DATA + 0x49, 8));
}

static void test_fp_register_offset(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[2] = 2;
	for (unsigned i = 0; i < 16; i++)
		put(f, DATA + 8 * i, 0x100 + i, 8);
	RUN(f,
	    0x3ce27820, /* ldr q0, [x1, x2, lsl #4] */
	    0xfc627821, /* ldr d1, [x1, x2, lsl #3] */
	    0xbc625822, /* ldr s2, [x1, w2, uxtw #2] */
	    0x7c627823, /* ldr h3, [x1, x2, lsl #1] */
	    0x3c626824, /* ldr b4, [x1, x2] */
	    0xfc226821, /* str d1, [x1, x2] */
	);
	assert_int_equal(c->v[0].d[0], 0x104);
	assert_int_equal(c->v[0].d[1], 0x105);
	assert_int_equal(c->v[1].d[0], 0x102);
	assert_int_equal(c->v[2].d[0], 0x101);
	assert_int_equal(c->v[3].d[0], 0);
	assert_int_equal(c->v[4].d[0], 0);
	assert_int_equal(get(f, DATA + 2, 8), 0x102);
}

static void test_fp_pairs(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[2] = DATA + 0x1000 - 16;
	vset(c, 0, 0x00000000aaaaaaa0ull, 0xa1);
	vset(c, 1, 0x00000000bbbbbbb0ull, 0xb1);
	for (int r = 2; r <= 11; r++)
		vset(c, r, ~0ull, ~0ull);
	RUN(f,
	    0xad010420, /* stp q0, q1, [x1, #32] */
	    0xad410c22, /* ldp q2, q3, [x1, #32] */
	    0x6dbf0420, /* stp d0, d1, [x1, #-16]! */
	    0x6cc11424, /* ldp d4, d5, [x1], #16 */
	    0x2d010420, /* stp s0, s1, [x1, #8] */
	    0x2d411c26, /* ldp s6, s7, [x1, #8] */
	    0xac040021, /* stnp q1, q0, [x1, #128] */
	    0xac442428, /* ldnp q8, q9, [x1, #128] */
	    0xad000440, /* stp q0, q1, [x2] */
	    0xad402c4a, /* ldp q10, q11, [x2] */
	);
	assert_int_equal(c->v[2].d[0], 0xaaaaaaa0);
	assert_int_equal(c->v[2].d[1], 0xa1);
	assert_int_equal(c->v[3].d[0], 0xbbbbbbb0);
	assert_int_equal(c->v[3].d[1], 0xb1);
	assert_int_equal(c->x[1], DATA);
	assert_int_equal(c->v[4].d[0], 0xaaaaaaa0);
	assert_int_equal(c->v[4].d[1], 0);
	assert_int_equal(c->v[5].d[0], 0xbbbbbbb0);
	assert_int_equal(c->v[5].d[1], 0);
	assert_int_equal(get(f, DATA + 8, 8), 0xbbbbbbb0aaaaaaa0ull);
	assert_int_equal(c->v[6].d[0], 0xaaaaaaa0);
	assert_int_equal(c->v[7].d[0], 0xbbbbbbb0);
	assert_int_equal(c->v[7].d[1], 0);
	assert_int_equal(c->v[8].d[1], 0xb1);
	assert_int_equal(c->v[9].d[1], 0xa1);
	assert_int_equal(c->v[10].d[1], 0xa1);
	assert_int_equal(c->v[11].d[0], 0xbbbbbbb0);
	assert_int_equal(get(f, DATA + 0x1000, 8), 0xbbbbbbb0);
}

/* ----------------------------------------------------------- exclusives */

static void test_exclusive_success(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[3] = 7;
	c->x[4] = c->x[5] = 99;
	put(f, DATA, 5, 8);
	RUN(f,
	    0xc85f7c22, /* ldxr x2, [x1] */
	    0xc8047c23, /* stxr w4, x3, [x1] */
	    0xc8057c22, /* stxr w5, x2, [x1] */
	);
	assert_int_equal(c->x[2], 5);
	assert_int_equal(c->x[4], 0);
	assert_int_equal(c->x[5], 1);                  /* the first STXR cleared the monitor */
	assert_int_equal(get(f, DATA, 8), 7);
	assert_int_equal(c->excl_size, 0);
}

/* ------------------------------------------- alignment (B2.5.2) */

/* Run one access at x1 = addr; return true if it took an alignment fault with the right syndrome. */
static bool align_faults(struct fx *f, uint32_t insn, uint64_t addr, bool write)
{
	struct arm64_cpu *c = f->c;
	uint32_t code[1] = { insn };
	c->x[1] = addr;
	c->x[2] = 0x1122334455667788ull;
	c->x[3] = c->x[4] = 0;
	c->sr.esr_el1 = c->sr.far_el1 = 0;
	uint64_t retired = a64_harness_run(f->h, code, 1);
	if (a64_harness_stop(f->h) != HARNESS_HVC_VECTOR) {
		assert_int_equal(retired, 1);
		return false;
	}
	assert_int_equal(c->sr.esr_el1 >> 26, EC_DABT_SAME);
	assert_int_equal(c->sr.esr_el1 & 0x3f, 0x21);
	assert_int_equal(!!(c->sr.esr_el1 & (1u << 6)), write);
	assert_int_equal(c->sr.far_el1, addr);
	assert_int_equal(c->sr.elr_el1, CODE);
	return true;
}

static const struct {
	uint32_t insn;
	unsigned size;
	bool write;
} align_insns[] = {
	{ 0xf9400023, 8, false }, /* ldr x3, [x1] */
	{ 0xf9000022, 8, true },  /* str x2, [x1] */
	{ 0x79400023, 2, false }, /* ldrh w3, [x1] */
	{ 0xb9400023, 4, false }, /* ldr w3, [x1] */
	{ 0xa9401023, 8, false }, /* ldp x3, x4, [x1]: 8-byte elements */
};

/*
 * With the MMU off every data access is to Device memory: unaligned ones
 * fault, the store leaving memory as it was; aligned ones complete, every
 * time (Device pages stay out of the TLB fast path).
 */
static void test_align_device_mmu_off(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	c->sr.sctlr_el1 &= ~SCTLR_M;
	a64_update_mode(c);
	for (size_t i = 0; i < sizeof align_insns / sizeof align_insns[0]; i++) {
		put(f, DATA, 0, 8);
		put(f, DATA + 8, 0, 8);
		assert_true(align_faults(f, align_insns[i].insn, DATA + 1, align_insns[i].write));
		assert_int_equal(get(f, DATA, 8) | get(f, DATA + 8, 8), 0);
		for (int k = 0; k < 2; k++)
			assert_false(align_faults(f, align_insns[i].insn, DATA + align_insns[i].size,
						  align_insns[i].write));
		assert_true(align_faults(f, align_insns[i].insn, DATA + align_insns[i].size / 2,
					 align_insns[i].write));
	}
}

/* A Device mapping (MAIR attribute 0b00000000) of the RAM: the same, with the MMU on. */
static void test_align_device_mapping(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	assert_false(align_faults(f, 0xf9400023, DATA + 4, false));   /* Normal: completes */
	c->sr.mair_el1 = 0x0000;
	a64_tlbi_all(c);
	assert_true(align_faults(f, 0xf9400023, DATA + 4, false));
	assert_true(align_faults(f, 0xf9000022, DATA + 4, true));
	assert_false(align_faults(f, 0xf9400023, DATA + 8, false));
}

/* SCTLR_EL1.A: every unaligned access to Normal memory faults; aligned ones complete. */
static void test_align_sctlr_a(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	assert_false(align_faults(f, 0xf9400023, DATA + 2, false));
	c->sr.sctlr_el1 |= SCTLR_A;
	a64_tlbi_all(c);
	for (size_t i = 0; i < sizeof align_insns / sizeof align_insns[0]; i++) {
		assert_true(align_faults(f, align_insns[i].insn, DATA + 1, align_insns[i].write));
		assert_false(align_faults(f, align_insns[i].insn, DATA + 16, align_insns[i].write));
	}
	c->sr.sctlr_el1 &= ~SCTLR_A;
	a64_tlbi_all(c);
	assert_false(align_faults(f, 0xf9400023, DATA + 2, false));
}

static void test_exclusive_failures(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA;
	c->x[3] = 7;
	c->x[6] = 6;
	c->x[7] = DATA + 8;
	put(f, DATA, 5, 8);
	put(f, DATA + 8, 0, 8);
	RUN(f,
	    0xc85f7c22, /* ldxr x2, [x1] */
	    0xf9000026, /* str x6, [x1] */
	    0xc8047c23, /* stxr w4, x3, [x1] */
	    0xc85f7c22, /* ldxr x2, [x1] */
	    0x88057c23, /* stxr w5, w3, [x1] */
	    0xc85f7c22, /* ldxr x2, [x1] */
	    0xc8087ce3, /* stxr w8, x3, [x7] */
	    0xc8097c23, /* stxr w9, x3, [x1] */
	);
	assert_int_equal(c->x[4], 1);                  /* memory changed since LDXR */
	assert_int_equal(c->x[5], 1);                  /* different size */
	assert_int_equal(c->x[8], 1);                  /* different address */
	assert_int_equal(c->x[9], 1);                  /* no reservation left */
	assert_int_equal(get(f, DATA, 8), 6);
	assert_int_equal(get(f, DATA + 8, 8), 0);
}

static void test_exclusive_sizes(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x10;
	put(f, DATA + 0x10, 0xfffffffffffffff0ull, 8);
	c->x[3] = 0x1234567890abcdefull;
	RUN(f,
	    0x085ffc22, /* ldaxrb w2, [x1] */
	    0x0804fc23, /* stlxrb w4, w3, [x1] */
	    0x485f7c25, /* ldxrh w5, [x1, #0] */
	    0x48067c23, /* stxrh w6, w3, [x1] */
	    0x885ffc27, /* ldaxr w7, [x1] */
	    0x8808fc23, /* stlxr w8, w3, [x1] */
	    0x885f7c29, /* ldxr w9, [x1] */
	    0x881f7c29, /* stxr wzr, w9, [x1] */
	);
	assert_int_equal(c->x[2], 0xf0);
	assert_int_equal(c->x[4], 0);
	assert_int_equal(c->x[5], 0xffef);
	assert_int_equal(c->x[6], 0);
	assert_int_equal(c->x[7], 0xffffcdef);
	assert_int_equal(c->x[8], 0);
	assert_int_equal(c->x[9], 0x90abcdef);
	assert_int_equal(get(f, DATA + 0x10, 8), 0xffffffff90abcdefull);
}

static void test_exclusive_pairs(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x20;
	put(f, DATA + 0x20, 0x1111, 8);
	put(f, DATA + 0x28, 0x2222, 8);
	c->x[5] = 0x5555;
	c->x[6] = 0x6666;
	c->x[10] = 0xaaaaaaaa0000000aull;
	c->x[11] = 0xbbbbbbbb0000000bull;
	RUN(f,
	    0xc87f0c22, /* ldxp x2, x3, [x1] */
	    0xc8241825, /* stxp w4, x5, x6, [x1] */
	    0x887fa027, /* ldaxp w7, w8, [x1] */
	    0x8829ac2a, /* stlxp w9, w10, w11, [x1] */
	    0xc87f342c, /* ldxp x12, x13, [x1] */
	    0xc82e1825, /* stxp w14, x5, x6, [x1, #0] */
	    0xc82f9825, /* stlxp w15, x5, x6, [x1] */
	);
	assert_int_equal(c->x[2], 0x1111);
	assert_int_equal(c->x[3], 0x2222);
	assert_int_equal(c->x[4], 0);
	assert_int_equal(c->x[7], 0x5555);
	assert_int_equal(c->x[8], 0);
	assert_int_equal(c->x[9], 0);
	assert_int_equal(c->x[12], 0x0000000b0000000aull);
	assert_int_equal(c->x[13], 0x6666);
	assert_int_equal(c->x[14], 0);
	assert_int_equal(c->x[15], 1);
	assert_int_equal(get(f, DATA + 0x20, 8), 0x5555);
	assert_int_equal(get(f, DATA + 0x28, 8), 0x6666);
}

static void test_acquire_release(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x30;
	c->x[2] = 0x8877665544332211ull;
	for (int r = 3; r <= 8; r++)
		c->x[r] = ~0ull;
	RUN(f,
	    0xc89ffc22, /* stlr x2, [x1] */
	    0xc8dffc23, /* ldar x3, [x1] */
	    0x08dffc24, /* ldarb w4, [x1] */
	    0x48dffc25, /* ldarh w5, [x1] */
	    0x88dffc26, /* ldar w6, [x1] */
	    0x089ffc22, /* stlrb w2, [x1] */
	    0x489ffc3f, /* stlrh wzr, [x1] */
	    0x889ffc22, /* stlr w2, [x1] */
	    0xc8df7c27, /* ldlar x7, [x1] */
	    0x089f7c3f, /* stllrb wzr, [x1] */
	    0x48df7c28, /* ldlarh w8, [x1] */
	);
	assert_int_equal(c->x[3], 0x8877665544332211ull);
	assert_int_equal(c->x[4], 0x11);
	assert_int_equal(c->x[5], 0x2211);
	assert_int_equal(c->x[6], 0x44332211);
	assert_int_equal(c->x[7], 0x8877665544332211ull);
	assert_int_equal(c->x[8], 0x2200);
	assert_int_equal(get(f, DATA + 0x30, 8), 0x8877665544332200ull);
}

/* ------------------------------------------------------------ LSE */

struct lse_case {
	uint32_t insn;      /* <op> Rs=x2/w2, Rt=x3/w3, [x1] */
	unsigned size;
	uint64_t mem, rs, old, result;
};

static const struct lse_case lse_cases[] = {
	{ 0xb8220023, /* ldadd w2, w3, [x1] */
	  4, 0xfffffff0, 0x20, 0xfffffff0, 0x10 },
	{ 0xf8e20023, /* ldaddal x2, x3, [x1] */
	  8, 0xfffffffffffffff0ull, 0x20, 0xfffffffffffffff0ull, 0x10 },
	{ 0x38a20023, /* ldaddab w2, w3, [x1] */
	  1, 0xff, 0x02, 0xff, 0x01 },
	{ 0x78620023, /* ldaddlh w2, w3, [x1] */
	  2, 0x1234, 0x1111, 0x1234, 0x2345 },
	{ 0xf8221023, /* ldclr x2, x3, [x1] */
	  8, 0xff, 0x0f, 0xff, 0xf0 },
	{ 0x78e21023, /* ldclralh w2, w3, [x1] */
	  2, 0xffff, 0x8001, 0xffff, 0x7ffe },
	{ 0xb8222023, /* ldeor w2, w3, [x1] */
	  4, 0xff00ff00, 0x0ff00ff0, 0xff00ff00, 0xf0f0f0f0 },
	{ 0x38a22023, /* ldeorab w2, w3, [x1] */
	  1, 0x5a, 0xff, 0x5a, 0xa5 },
	{ 0xf8223023, /* ldset x2, x3, [x1] */
	  8, 0xf0, 0x0f00000000000000ull, 0xf0, 0x0f000000000000f0ull },
	{ 0x38623023, /* ldsetlb w2, w3, [x1] */
	  1, 0x10, 0x01, 0x10, 0x11 },
	{ 0x38224023, /* ldsmaxb w2, w3, [x1] */
	  1, 0x80, 0x01, 0x80, 0x01 },
	{ 0x38224023, /* ldsmaxb w2, w3, [x1] */
	  1, 0x80, 0xff, 0x80, 0xff },
	{ 0xb8224023, /* ldsmax w2, w3, [x1] */
	  4, 0xffffffff, 0x100000000ull, 0xffffffff, 0 },
	{ 0xf8a24023, /* ldsmaxa x2, x3, [x1] */
	  8, 5, (uint64_t)-3, 5, 5 },
	{ 0x78225023, /* ldsminh w2, w3, [x1] */
	  2, 0x7fff, 0x8000, 0x7fff, 0x8000 },
	{ 0xf8e25023, /* ldsminal x2, x3, [x1] */
	  8, (uint64_t)-1, 1, (uint64_t)-1, (uint64_t)-1 },
	{ 0xf8226023, /* ldumax x2, x3, [x1] */
	  8, 5, ~0ull, 5, ~0ull },
	{ 0x78626023, /* ldumaxlh w2, w3, [x1] */
	  2, 0x8000, 0x7fff, 0x8000, 0x8000 },
	{ 0xb8227023, /* ldumin w2, w3, [x1] */
	  4, 5, 0xffffffff00000003ull, 5, 3 },
	{ 0x38a27023, /* lduminab w2, w3, [x1] */
	  1, 0x80, 0x7f, 0x80, 0x7f },
	{ 0xf8228023, /* swp x2, x3, [x1] */
	  8, 0x1111, 0x2222, 0x1111, 0x2222 },
	{ 0x38e28023, /* swpalb w2, w3, [x1] */
	  1, 0xab, 0x1cd, 0xab, 0xcd },
	{ 0x78628023, /* swplh w2, w3, [x1] */
	  2, 0xabcd, 0x1234, 0xabcd, 0x1234 },
	{ 0xb8a28023, /* swpa w2, w3, [x1] */
	  4, 0xabcdef01, 0x11111111, 0xabcdef01, 0x11111111 },
};

static void test_lse_ops(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	for (size_t i = 0; i < sizeof lse_cases / sizeof lse_cases[0]; i++) {
		const struct lse_case *t = &lse_cases[i];
		uint32_t code[1] = { t->insn };
		put(f, DATA + 0x40, 0x5a5a5a5a5a5a5a5aull, 8);
		put(f, DATA + 0x40, t->mem, t->size);
		c->x[1] = DATA + 0x40;
		c->x[2] = t->rs;
		c->x[3] = ~0ull;
		assert_int_equal(a64_harness_run(f->h, code, 1), 1);
		if (c->x[3] != t->old || get(f, DATA + 0x40, t->size) != t->result)
			fail_msg("case %zu (%08x): old %#llx result %#llx", i, t->insn,
				 (unsigned long long)c->x[3],
				 (unsigned long long)get(f, DATA + 0x40, t->size));
		/* bytes beyond the access are untouched */
		if (t->size < 8)
			assert_int_equal(get(f, DATA + 0x40 + t->size, 1), 0x5a);
		assert_int_equal(c->x[2], t->rs);
	}
}

/* ST<op> are LD<op> with Rt = XZR: memory changes, no register does. */
static void test_lse_store_aliases(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x40;
	c->x[2] = 2;
	put(f, DATA + 0x40, 1, 8);
	RUN(f,
	    0xf822003f, /* stadd x2, [x1] */
	    0x3862003f, /* staddlb w2, [x1] */
	    0xb822303f, /* stset w2, [x1] */
	    0xf862103f, /* stclrl x2, [x1] */
	    0xb822603f, /* stumax w2, [x1] */
	);
	assert_int_equal(get(f, DATA + 0x40, 8), 5 & ~2ull);
	assert_int_equal(c->x[A64_ZR], 0);
}

static void test_cas(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x50;
	put(f, DATA + 0x50, 100, 8);
	c->x[2] = 100;              /* compare: matches */
	c->x[3] = 200;              /* new */
	c->x[4] = 100;              /* compare: now stale */
	c->x[5] = 300;
	c->x[6] = 0xffffffffffffff00ull + 200; /* casb compares the low byte only */
	c->x[7] = 0x1ff;
	c->x[8] = 0xffff;
	RUN(f,
	    0xc8a27c23, /* cas x2, x3, [x1] */
	    0xc8e4fc25, /* casal x4, x5, [x1] */
	    0x08e67c27, /* casab w6, w7, [x1] */
	    0x48a8fc23, /* caslh w8, w3, [x1] */
	);
	assert_int_equal(c->x[2], 100);             /* old value */
	assert_int_equal(c->x[4], 200);             /* failure returns the current value */
	assert_int_equal(c->x[6], 200);             /* success, zero-extended old */
	assert_int_equal(c->x[8], 0xff);            /* failure: halfword 0x00ff */
	assert_int_equal(get(f, DATA + 0x50, 8), 0xff);
}

static void test_cas_word(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x50;
	put(f, DATA + 0x50, 0xaaaaaaaa80000000ull, 8);
	c->x[2] = 0x1234567880000000ull;  /* upper half of Ws is ignored */
	c->x[3] = 0x7;
	RUN(f,
	    0x88a2fc23, /* casl w2, w3, [x1] */
	    0x88e37c3f, /* casa w3, wzr, [x1] */
	);
	assert_int_equal(c->x[2], 0x80000000);
	assert_int_equal(c->x[3], 7);
	assert_int_equal(get(f, DATA + 0x50, 8), 0xaaaaaaaa00000000ull);
}

static void test_casp(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x60;
	put(f, DATA + 0x60, 0x1010, 8);
	put(f, DATA + 0x68, 0x2020, 8);
	c->x[2] = 0x1010; c->x[3] = 0x2020;   /* compare: matches */
	c->x[4] = 0x3030; c->x[5] = 0x4040;   /* new */
	c->x[6] = 0x1010; c->x[7] = 0x2020;   /* compare: stale after the first */
	c->x[8] = 0x5050; c->x[9] = 0x6060;
	RUN(f,
	    0x48227c24, /* casp x2, x3, x4, x5, [x1] */
	    0x4866fc28, /* caspal x6, x7, x8, x9, [x1] */
	);
	assert_int_equal(c->x[2], 0x1010);
	assert_int_equal(c->x[3], 0x2020);
	assert_int_equal(c->x[6], 0x3030);
	assert_int_equal(c->x[7], 0x4040);
	assert_int_equal(get(f, DATA + 0x60, 8), 0x3030);
	assert_int_equal(get(f, DATA + 0x68, 8), 0x4040);
}

static void test_casp_word(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	c->x[1] = DATA + 0x70;
	put(f, DATA + 0x70, 0x2222222211111111ull, 8);
	c->x[2] = 0xff11111111ull; c->x[3] = 0x22222222;  /* upper halves ignored */
	c->x[4] = 0x33333333; c->x[5] = 0x44444444;
	c->x[6] = 1; c->x[7] = 2;
	c->x[30] = 0x44444444;
	RUN(f,
	    0x08627c24, /* caspa w2, w3, w4, w5, [x1] */
	    0x0826fc24, /* caspl w6, w7, w4, w5, [x1] */
	    0x0864fc3e, /* caspal w4, w5, w30, wzr, [x1] */
	);
	assert_int_equal(c->x[2], 0x11111111);
	assert_int_equal(c->x[3], 0x22222222);
	assert_int_equal(c->x[6], 0x33333333);
	assert_int_equal(c->x[7], 0x44444444);
	assert_int_equal(get(f, DATA + 0x70, 8), 0x0000000044444444ull);
}

/* ------------------------------------------------------- alignment */

/*
 * Exclusives, acquire/release and atomics must be aligned: an Alignment
 * fault (Data Abort, DFSC 0b100001) with nothing written.
 */
struct align_case {
	uint32_t insn;     /* Rn = x1 */
	uint64_t addr;
	bool write;
};

static const struct align_case align_cases[] = {
	{ 0xc85f7c22, /* ldxr x2, [x1] */
	  DATA + 4, false },
	{ 0x485ffc22, /* ldaxrh w2, [x1] */
	  DATA + 1, false },
	{ 0x88037c22, /* stxr w3, w2, [x1] */
	  DATA + 2, true },
	{ 0xc87f0c22, /* ldxp x2, x3, [x1] */
	  DATA + 8, false },
	{ 0x88248c22, /* stlxp w4, w2, w3, [x1] */
	  DATA + 4, true },
	{ 0xc8dffc22, /* ldar x2, [x1] */
	  DATA + 4, false },
	{ 0x489ffc22, /* stlrh w2, [x1] */
	  DATA + 1, true },
	{ 0xf8220023, /* ldadd x2, x3, [x1] */
	  DATA + 4, true },
	{ 0x78228023, /* swph w2, w3, [x1] */
	  DATA + 3, true },
	{ 0x88a27c23, /* cas w2, w3, [x1] */
	  DATA + 2, true },
	{ 0x48227c24, /* casp x2, x3, x4, x5, [x1] */
	  DATA + 8, true },
};

static void test_alignment_faults(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;

	for (size_t i = 0; i < sizeof align_cases / sizeof align_cases[0]; i++) {
		const struct align_case *t = &align_cases[i];
		uint32_t code[1] = { t->insn };
		put(f, DATA, 0x0123456789abcdefull, 8);
		put(f, DATA + 8, 0x0123456789abcdefull, 8);
		put(f, DATA + 16, 0x0123456789abcdefull, 8);
		for (int r = 2; r <= 5; r++)
			c->x[r] = 0x1111 * r;
		c->x[1] = t->addr;
		c->sr.esr_el1 = 0;
		assert_int_equal(a64_harness_run(f->h, code, 1), 0);
		assert_int_equal(a64_harness_stop(f->h), HARNESS_HVC_VECTOR);
		if ((c->sr.esr_el1 >> 26) != EC_DABT_SAME || (c->sr.esr_el1 & 0x3f) != 0x21)
			fail_msg("case %zu (%08x): ESR %#llx", i, t->insn,
				 (unsigned long long)c->sr.esr_el1);
		assert_int_equal(!!(c->sr.esr_el1 & (1u << 6)), t->write);
		assert_int_equal(c->sr.far_el1, t->addr);
		assert_int_equal(c->sr.elr_el1, CODE);
		for (int r = 2; r <= 5; r++)
			assert_int_equal(c->x[r], 0x1111 * r);
		assert_int_equal(get(f, DATA, 8), 0x0123456789abcdefull);
		assert_int_equal(get(f, DATA + 8, 8), 0x0123456789abcdefull);
	}
}

/*
 * An access whose second half is outside RAM aborts with no register or
 * base change: the first element is not committed alone. (Whether a store
 * wrote its first page is up to the MMU's page-crossing path, not checked.)
 */
#define RAM_END (CODE + (64ull << 20))

static void test_fault_leaves_state(void **state)
{
	struct fx *f = *state;
	struct arm64_cpu *c = f->c;
	static const uint32_t cases[] = {
		0xa9400c22, /* ldp x2, x3, [x1] */
		0x29c08c22, /* ldp w2, w3, [x1, #4]! */
		0xa8810c22, /* stp x2, x3, [x1], #16 */
		0x69408c22, /* ldpsw x2, x3, [x1, #4] */
		0x3dc00022, /* ldr q2, [x1] */
		0xad000c22, /* stp q2, q3, [x1] */
		0xad7f8c22, /* ldp q2, q3, [x1, #-16] */
		0xf8404c22, /* ldr x2, [x1, #4]! */
		0xf8004c22, /* str x2, [x1, #4]! */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		uint32_t code[1] = { cases[i] };
		c->x[1] = RAM_END - 8;
		c->x[2] = 0x2222;
		c->x[3] = 0x3333;
		vset(c, 2, 0x2222, 0x2222);
		vset(c, 3, 0x3333, 0x3333);
		assert_int_equal(a64_harness_run(f->h, code, 1), 0);
		if (a64_harness_stop(f->h) != HARNESS_HVC_VECTOR)
			fail_msg("case %zu (%08x): no exception", i, cases[i]);
		assert_int_equal(c->x[1], RAM_END - 8);
		assert_int_equal(c->x[2], 0x2222);
		assert_int_equal(c->x[3], 0x3333);
		assert_int_equal(c->v[2].d[0], 0x2222);
		assert_int_equal(c->v[2].d[1], 0x2222);
	}
}

/* ---------------------------------------------------------------- decode */

static void test_decode_names(void **state)
{
	static const struct { uint32_t insn; const char *name; } cases[] = {
		{ 0x38dfd020, /* ldursb w0, [x1, #-3] */
		  "ldursb" },
		{ 0x789fe841, /* ldtrsh x1, [x2, #-2] */
		  "ldtrsh" },
		{ 0xf8801000, /* prfum pldl1keep, [x0, #1] */
		  "prfum" },
		{ 0xac6007e0, /* ldnp q0, q1, [sp, #-1024] */
		  "ldnp" },
		{ 0x68c10440, /* ldpsw x0, x1, [x2], #8 */
		  "ldpsw" },
		{ 0xc87f8440, /* ldaxp x0, x1, [x2] */
		  "ldaxp" },
		{ 0x0800fc41, /* stlxrb w0, w1, [x2] */
		  "stlxrb" },
		{ 0x4860fc82, /* caspal x0, x1, x2, x3, [x4] */
		  "caspal" },
		{ 0x78e06041, /* ldumaxalh w0, w1, [x2] */
		  "ldumaxalh" },
		{ 0x38608041, /* swplb w0, w1, [x2] */
		  "swplb" },
		{ 0xf820503f, /* stsmin x0, [x1] */
		  "ldsmin" },
		{ 0x48df7c20, /* ldlarh w0, [x1] */
		  "ldlarh" },
		{ 0x3ca2f820, /* str q0, [x1, x2, sxtx #4] */
		  "str" },
		{ 0x98ffffc0, /* ldrsw x0, #-8 */
		  "ldrsw" },
		{ 0x780ff020, /* sturh w0, [x1, #255] */
		  "sturh" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct a64_insn *r = a64_lookup(cases[i].insn);
		if (!r)
			fail_msg("%08x: not decoded", cases[i].insn);
		assert_string_equal(r->name, cases[i].name);
	}
}

static void test_decode_classes(void **state)
{
	const struct a64_insn *r;

	r = a64_lookup(0x3dc00020); /* ldr q0, [x1] */
	assert_non_null(r);
	assert_true(r->flags & A64_F_FP);
	assert_int_equal(r->cls, CORE_CLASS_LOAD);
	r = a64_lookup(0xf9000020); /* str x0, [x1] */
	assert_non_null(r);
	assert_false(r->flags & A64_F_FP);
	assert_int_equal(r->cls, CORE_CLASS_STORE);
	r = a64_lookup(0xf8200020); /* ldadd x0, x0, [x1] */
	assert_non_null(r);
	assert_int_equal(r->cls, CORE_CLASS_ATOMIC);
}

static void test_decode_unallocated(void **state)
{
	static const uint32_t undef[] = {
		0xe9400000, /* LDP with opc = 11 */
		0x68400000, /* LDNP with opc = 01 (no LDNPSW) */
		0x69000000, /* STGP (MTE) */
		0xdc000000, /* LDR (literal) SIMD&FP with opc = 11 */
		0x7d800000, /* LDR (immediate) SIMD&FP, size 01 opc 10 */
		0xb8bfc020, /* LDAPR (v8.3) */
		0xf8800c00, /* PRFM pre-indexed */
		0xb8c00c00, /* LDRSW pre-indexed with opc = 11 */
		0x3c400800, /* LDTR to a SIMD&FP register */
		0xf8600800, /* register offset, option UXTB */
		0xf8609800, /* register offset, option SXTB */
		0x48217c40, /* CASP with odd Rs */
		0x48207c41, /* CASP with odd Rt */
		0x08a00041, /* CAS with Rt2 != 11111 */
		0xf8209020, /* LSE o3=1 opc=001 */
		0x7c200020, /* atomic memory operation with V = 1 */
		0xf8200420, /* LDRAA (pointer authentication) */
	};
	for (size_t i = 0; i < sizeof undef / sizeof undef[0]; i++)
		if (a64_lookup(undef[i]))
			fail_msg("%08x decoded as %s", undef[i], a64_lookup(undef[i])->name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unsigned_offset_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_extension, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_writeback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sp_base_and_zr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unprivileged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_literal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prefetch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pair_sp_frame, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pair_page_cross, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fp_single, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fp_register_offset, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fp_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_success, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_align_device_mmu_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_align_device_mapping, setup, teardown),
		cmocka_unit_test_setup_teardown(test_align_sctlr_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exclusive_pairs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acquire_release, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lse_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lse_store_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cas_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_casp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_casp_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alignment_faults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_leaves_state, setup, teardown),
		cmocka_unit_test(test_decode_names),
		cmocka_unit_test(test_decode_classes),
		cmocka_unit_test(test_decode_unallocated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
