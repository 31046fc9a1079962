/*
 * LA64 loads and stores (LA RM 2.2.5 "Common Memory Access Instructions"),
 * bound-checked accesses (2.2.6), atomics and LL/SC (2.2.7): the rows come
 * from la_ldst.decode. Every access goes through la_read/la_write (the
 * engine's TLB fast path, the MMU's slow path on a miss). Ordinary loads
 * and stores may be unaligned (CPUCFG.1.UAL); the bound-checked accesses,
 * AM* and LL/SC must be naturally aligned (ALE otherwise).
 *
 * One handler per operation and size: each is a one-line call of an
 * always-inline helper with the size a constant.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(h_##name)

INLINE uint64_t sext(uint64_t x, unsigned bytes)
{
	unsigned s = 64 - 8 * bytes;
	return (uint64_t)((int64_t)(x << s) >> s);
}

/* ALE (LA RM 6.2.1) at op: BADV = the misaligned address. */
static int align_fault(struct la_cpu *c, const struct core_op *op, uint64_t addr)
{
	return la_exception(c, core_op_pc(&c->core, op), LA_EXC_ALE, 0, addr, op->insn, false);
}

/* A load into rd, sign- or zero-extended from `bytes`. */
INLINE int load(struct core_vcpu *v, const struct core_op *op, uint64_t addr, unsigned bytes,
		bool sign)
{
	struct la_cpu *c = la(v);
	uint64_t val;
	int st = la_read(c, op, addr, bytes, &val);
	if (unlikely(st))
		return st;
	c->r[op->r[0]] = sign ? sext(val, bytes) : val;
	return CORE_OK;
}

/* A store of rd's low `bytes` (r3: rd as a source). */
INLINE int store(struct core_vcpu *v, const struct core_op *op, uint64_t addr, unsigned bytes)
{
	return la_write(la(v), op, addr, bytes, la(v)->r[op->r[3]]);
}

/* A read that must be naturally aligned (AM*, LL, SC). */
INLINE int read_aligned(struct la_cpu *c, const struct core_op *op, uint64_t addr,
			unsigned bytes, uint64_t *val)
{
	if (unlikely(addr & (bytes - 1)))
		return align_fault(c, op, addr);
	return la_read(c, op, addr, bytes, val);
}

#define RJ (la(v)->r[op->r[1]])
#define RK (la(v)->r[op->r[2]])

/* ------------------------------------------- 2.2.5 common accesses */

/*
 * 2.2.5.1 LD, ST at rj + si12; 2.2.5.3 LDPTR, STPTR (rj + si14 << 2) share
 * LD.W/D's and ST.W/D's handlers; 2.2.5.2 LDX, STX at rj + rk.
 */
#define LOADS_STORES(pre, ADDR)                                               \
	HANDLER(pre##_b) { return load(v, op, ADDR, 1, true); }                \
	HANDLER(pre##_h) { return load(v, op, ADDR, 2, true); }                \
	HANDLER(pre##_w) { return load(v, op, ADDR, 4, true); }                \
	HANDLER(pre##_d) { return load(v, op, ADDR, 8, false); }               \
	HANDLER(pre##_bu) { return load(v, op, ADDR, 1, false); }              \
	HANDLER(pre##_hu) { return load(v, op, ADDR, 2, false); }              \
	HANDLER(pre##_wu) { return load(v, op, ADDR, 4, false); }
#define STORES(pre, ADDR)                                                     \
	HANDLER(pre##_b) { return store(v, op, ADDR, 1); }                     \
	HANDLER(pre##_h) { return store(v, op, ADDR, 2); }                     \
	HANDLER(pre##_w) { return store(v, op, ADDR, 4); }                     \
	HANDLER(pre##_d) { return store(v, op, ADDR, 8); }

LOADS_STORES(ld, RJ + op->imm)
LOADS_STORES(ldx, RJ + RK)
STORES(st, RJ + op->imm)
STORES(stx, RJ + RK)

/* 2.2.5.4 PRELD, 2.2.5.5 PRELDX: prefetch hints; "no exceptions related to MMU or address". */
HANDLER(prefetch)
{
	return CORE_OK;
}

/* ------------------------------------ 2.2.6 bound-checked accesses */

/*
 * LDGT, STGT (rj > rk) and LDLE, STLE (rj <= rk), and their FP forms
 * FLDGT...FSTLE (insn_fp.c), access rj, which must be
 * naturally aligned; a failed check is BCE with BADV = rj. The manual does
 * not say how rj and rk compare here; hvsim compares them as signed
 * numbers, as it defines ASRTLE.D/ASRTGT.D's check (QEMU compares both
 * unsigned). Alignment is checked first, then the bound, then the access
 * (the manual translates before the bound check; QEMU checks the bound
 * first, as hvsim does).
 */
int la_bound_check(struct la_cpu *c, const struct core_op *op, unsigned bytes, bool gt)
{
	uint64_t addr = c->r[op->r[1]];
	int64_t a = (int64_t)addr, bound = (int64_t)c->r[op->r[2]];
	if (unlikely(addr & (bytes - 1)))
		return align_fault(c, op, addr);
	if (unlikely(gt ? a <= bound : a > bound))
		return la_bound_fault(c, op, addr);
	return 0;
}

INLINE int load_bounded(struct core_vcpu *v, const struct core_op *op, unsigned bytes, bool gt)
{
	int st = la_bound_check(la(v), op, bytes, gt);
	return unlikely(st) ? st : load(v, op, RJ, bytes, bytes < 8);
}

INLINE int store_bounded(struct core_vcpu *v, const struct core_op *op, unsigned bytes, bool gt)
{
	int st = la_bound_check(la(v), op, bytes, gt);
	return unlikely(st) ? st : store(v, op, RJ, bytes);
}

#define BOUNDED(pre, fn, gt)                                                  \
	HANDLER(pre##_b) { return fn(v, op, 1, gt); }                          \
	HANDLER(pre##_h) { return fn(v, op, 2, gt); }                          \
	HANDLER(pre##_w) { return fn(v, op, 4, gt); }                          \
	HANDLER(pre##_d) { return fn(v, op, 8, gt); }

BOUNDED(ldgt, load_bounded, true)
BOUNDED(ldle, load_bounded, false)
BOUNDED(stgt, store_bounded, true)
BOUNDED(stle, store_bounded, false)

/* --------------------------------------------------- 2.2.7 atomics */

/*
 * 2.2.7.1 AM*: rd = the old value at rj (sign-extended from a word, .WU
 * too), memory = EXPR of a (the old value) and b (rk) in the size's type
 * T. The read-modify-write is atomic: vCPUs interleave only between
 * blocks. rd equal to rj triggers INE (the manual), rd equal to rk is
 * undefined; both are unallocated here as in QEMU (rd = r0 excepted), so
 * that the old value and the operands never alias.
 */
static bool la_am_regs(uint32_t insn, struct core_op *op)
{
	return op->r[0] != op->r[1] && op->r[0] != op->r[2];   /* rd = r0 is the sink */
}

#define AM(name, T, EXPR)                                                     \
	HANDLER(am##name)                                                      \
	{                                                                      \
		struct la_cpu *c = la(v);                                      \
		uint64_t addr = RJ, old;                                       \
		int st = read_aligned(c, op, addr, sizeof(T), &old);           \
		if (unlikely(st))                                              \
			return st;                                             \
		T a = (T)old, b = (T)RK;                                       \
		(void)a;                                                       \
		st = la_write(c, op, addr, sizeof(T), (uint64_t)(T)(EXPR));    \
		if (unlikely(st))                                              \
			return st;                                             \
		c->r[op->r[0]] = sext(old, sizeof(T));                         \
		return CORE_OK;                                                \
	}
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

AM(swap_w, uint32_t, b)
AM(swap_d, uint64_t, b)
AM(add_w, uint32_t, a + b)
AM(add_d, uint64_t, a + b)
AM(and_w, uint32_t, a & b)
AM(and_d, uint64_t, a & b)
AM(or_w, uint32_t, a | b)
AM(or_d, uint64_t, a | b)
AM(xor_w, uint32_t, a ^ b)
AM(xor_d, uint64_t, a ^ b)
AM(max_w, int32_t, MAX(a, b))
AM(max_d, int64_t, MAX(a, b))
AM(min_w, int32_t, MIN(a, b))
AM(min_d, int64_t, MIN(a, b))
AM(max_wu, uint32_t, MAX(a, b))
AM(max_du, uint64_t, MAX(a, b))
AM(min_wu, uint32_t, MIN(a, b))
AM(min_du, uint64_t, MIN(a, b))

/*
 * 2.2.7.2 LL, SC at rj + si14 << 2, naturally aligned. LL sets LLbit and
 * records the address, size and value it read. SC stores rd and sets rd to
 * 1 if LLbit is set for the same address and size and memory still holds
 * what LL read (no other vCPU or device stored there since: vCPUs
 * interleave only between blocks, so the comparison is faithful, as the
 * arm64 model's exclusive monitor); otherwise it stores nothing and sets
 * rd to 0. SC clears LLbit either way; so does ERTN (except.c).
 */
INLINE int ll(struct core_vcpu *v, const struct core_op *op, unsigned bytes)
{
	struct la_cpu *c = la(v);
	uint64_t addr = RJ + op->imm, val;
	int st = read_aligned(c, op, addr, bytes, &val);
	if (unlikely(st))
		return st;
	c->llbit = true;
	c->ll_addr = addr;
	c->ll_size = (uint8_t)bytes;
	c->ll_val = val;
	c->r[op->r[0]] = sext(val, bytes);
	return CORE_OK;
}

INLINE int sc(struct core_vcpu *v, const struct core_op *op, unsigned bytes)
{
	struct la_cpu *c = la(v);
	uint64_t addr = RJ + op->imm, cur;
	if (unlikely(addr & (bytes - 1)))
		return align_fault(c, op, addr);
	bool ok = c->llbit && c->ll_addr == addr && c->ll_size == bytes;
	if (ok) {
		int st = la_read(c, op, addr, bytes, &cur);
		if (unlikely(st))
			return st;
		ok = cur == c->ll_val;
	}
	if (ok) {
		int st = store(v, op, addr, bytes);
		if (unlikely(st))
			return st;
	}
	c->llbit = false;
	c->r[op->r[0]] = ok;
	return CORE_OK;
}

HANDLER(ll_w) { return ll(v, op, 4); }
HANDLER(ll_d) { return ll(v, op, 8); }
HANDLER(sc_w) { return sc(v, op, 4); }
HANDLER(sc_d) { return sc(v, op, 8); }

#include "cpu/loongarch/la_ldst_decode.inc"

const struct la_table la_table_ldst = {
	la_ldst_rows, sizeof(la_ldst_rows) / sizeof(la_ldst_rows[0]), la_ldst_disasm,
};
