/*
 * A64 loads and stores: Arm ARM DDI 0487, C4.1.4 "Loads and Stores", except
 * the AdvSIMD load/store structure classes (insn_simd.c) and CLREX
 * (insn_system.c). ARMv8.0 plus the ARMv8.1 LSE atomics and LORegions
 * (LDLAR/STLLR). Not decoded (so UNDEFINED): LDAPR, LDAPUR and STLUR
 * (RCpc, v8.3/v8.4), LDRAA/LDRAB (pointer authentication), STGP and the
 * memory tagging classes.
 *
 * The table is data: one row per mnemonic and addressing form, whose exec
 * is the handler specialised for that access size, extension and addressing
 * mode. The decoders only extract operands; every decode-time fact (scale,
 * mode, size, signedness) is folded into the handler, which is generated
 * from one always-inline template per kind of access.
 *
 * Operand layout in struct core_op:
 *   single register   r[0] Rt, r[1] Rn, r[2] Rm (register offset),
 *                     imm = byte offset, f[0] = register-offset shift
 *   pair              r[0] Rt, r[1] Rn, r[2] Rt2, imm = byte offset
 *   exclusive/ordered r[0] Rt, r[1] Rn, r[2] Rt2, r[3] Rs (status)
 *   LDADD.../SWP      r[0] Rt (old value), r[1] Rn, r[2] Rs (operand)
 *   CAS               r[0] Rt (new), r[1] Rn, r[2] Rs (compare), r[3] Rs (old)
 *   CASP              as CAS for the even registers; f[0] Rt+1, f[1] Rs+1 as
 *                     a source, f[2] Rs+1 as a destination (may be XZR)
 * Register 31 is mapped once here: SP as a base, XZR elsewhere.
 *
 * CONSTRAINED UNPREDICTABLE register overlaps (writeback with Rt == Rn, LDP
 * with Rt == Rt2, STXR with Rs == Rt or Rs == Rn) execute: a store stores
 * the register's value from before the writeback, a load leaves the loaded
 * value in Rt, which the Arm ARM lists among the permitted behaviours.
 */
#include "cpu/arm64/arm64.h"

#define A64_INLINE static inline __attribute__((always_inline))

/* ---------------------------------------------------------- addressing */

enum a64_am {
	AM_OFF,      /* [Xn|SP, #imm]: unsigned scaled or unscaled immediate */
	AM_PRE,      /* [Xn|SP, #imm]! */
	AM_POST,     /* [Xn|SP], #imm */
	AM_UNPRIV,   /* LDTR/STTR: [Xn|SP, #simm9] */
	AM_REG_X,    /* [Xn|SP, Xm{, LSL|SXTX #s}] */
	AM_REG_UXTW, /* [Xn|SP, Wm, UXTW {#s}] */
	AM_REG_SXTW, /* [Xn|SP, Wm, SXTW {#s}] */
	AM_LIT,      /* PC + imm (literal) */
};

/*
 * SP alignment check (D1.8.2, EC 0x26): with SCTLR_ELx.SA/SA0 set, a
 * load/store whose base register is SP needs SP 16-byte aligned.
 */
A64_INLINE bool base_sp_misaligned(const struct arm64_cpu *c, const struct core_op *op,
				   enum a64_am am)
{
	return am != AM_LIT && unlikely(op->r[1] == A64_SP) && a64_sp_misaligned(c);
}

/*
 * The virtual address an access uses. Unprivileged accesses (C6.2 LDTR,
 * STTR and their sized forms) then go through a64_read_unpriv/
 * a64_write_unpriv, which apply EL0's permissions at EL1.
 */
A64_INLINE uint64_t am_addr(struct arm64_cpu *c, const struct core_op *op, enum a64_am am)
{
	uint64_t base = c->x[op->r[1]];

	switch (am) {
	case AM_POST:
		return base;
	case AM_REG_X:
		return base + (c->x[op->r[2]] << op->f[0]);
	case AM_REG_UXTW:
		return base + ((uint64_t)(uint32_t)c->x[op->r[2]] << op->f[0]);
	case AM_REG_SXTW:
		return base + ((uint64_t)(int64_t)(int32_t)c->x[op->r[2]] << op->f[0]);
	case AM_LIT:
		return core_op_pc(&c->core, op) + op->imm;
	default:
		return base + op->imm;
	}
}

/* Base register writeback, done only once every access has succeeded. */
A64_INLINE void am_writeback(struct arm64_cpu *c, const struct core_op *op, enum a64_am am,
			     uint64_t addr)
{
	if (am == AM_PRE)
		c->x[op->r[1]] = addr;
	else if (am == AM_POST)
		c->x[op->r[1]] = addr + op->imm;
}

/* ------------------------------------------------------- value helpers */

enum a64_ext {
	EXT_ZX,   /* LDR, LDRB, LDRH: zero-extend */
	EXT_SX64, /* LDRSB/LDRSH/LDRSW to an X register */
	EXT_SX32, /* LDRSB/LDRSH to a W register: sign-extend to 32, zero above */
};

A64_INLINE uint64_t ld_extend(uint64_t val, unsigned size, enum a64_ext ext)
{
	unsigned sh = 64 - 8 * size;

	switch (ext) {
	case EXT_SX64:
		return (uint64_t)((int64_t)(val << sh) >> sh);
	case EXT_SX32:
		return (uint32_t)((int64_t)(val << sh) >> sh);
	default:
		return val;
	}
}

A64_INLINE uint64_t zext(uint64_t val, unsigned size)
{
	return size == 8 ? val : val & ((1ull << (8 * size)) - 1);
}

/* Little-endian element i of `size` bytes in buf (the host is little-endian). */
A64_INLINE uint64_t buf_get(const uint8_t *buf, unsigned i, unsigned size)
{
	uint64_t v = 0;
	memcpy(&v, buf + i * size, size);
	return v;
}

A64_INLINE void buf_put(uint8_t *buf, unsigned i, unsigned size, uint64_t v)
{
	memcpy(buf + i * size, &v, size);
}

/*
 * A register pair as one memory image (exclusive pairs, CASP): two W
 * registers form one 64-bit value, two X registers a 128-bit one.
 */
A64_INLINE void pair_pack(uint64_t out[2], uint64_t lo, uint64_t hi, unsigned esize)
{
	if (esize == 4) {
		out[0] = (uint32_t)lo | hi << 32;
		out[1] = 0;
	} else {
		out[0] = lo;
		out[1] = hi;
	}
}

A64_INLINE void pair_unpack(const uint64_t in[2], uint64_t *lo, uint64_t *hi, unsigned esize)
{
	if (esize == 4) {
		*lo = (uint32_t)in[0];
		*hi = in[0] >> 32;
	} else {
		*lo = in[0];
		*hi = in[1];
	}
}

/* ------------------------------------------------ multi-element access */

/*
 * The fast path of a64_read/a64_write extended to pairs and Q registers:
 * true, with the host address in *host, when [va, va + size) lies within
 * one page that the current TLB maps for this kind of access.
 */
A64_INLINE bool tlb_host(struct arm64_cpu *c, uint64_t va, unsigned size, bool write,
			 uint8_t **host)
{
	struct core_tlb_entry *e = core_tlb_slot(c->core.tlb, va);
	uint64_t tag = write ? e->tag_w : e->tag_r;

	*host = (uint8_t *)(uintptr_t)(va + e->addend);
	return likely(tag == (va & CORE_PAGE_MASK) &&
		      (va & (CORE_PAGE_SIZE - 1)) <= CORE_PAGE_SIZE - size);
}

/*
 * Slow paths of n elements of esize bytes. Elements of up to 8 bytes go
 * through a64_read/a64_write one by one so that MMIO sees the access size
 * the instruction makes. A load has no effect until its registers are
 * written, so a fault on the second element is harmless. A store that
 * crosses a page is one a64_write_bytes so that nothing is written when
 * either page faults; within a page the first element's translation
 * decides for both.
 */
static __attribute__((noinline)) int read_elems_slow(struct arm64_cpu *c, const struct core_op *op,
						     uint64_t va, uint8_t *buf, unsigned esize,
						     unsigned n)
{
	if (esize > 8)
		return a64_read_bytes(c, op, va, buf, esize * n);
	for (unsigned i = 0; i < n; i++) {
		uint64_t v;
		int e = a64_read(c, op, va + i * esize, esize, &v);
		if (e)
			return e;
		buf_put(buf, i, esize, v);
	}
	return 0;
}

static __attribute__((noinline)) int write_elems_slow(struct arm64_cpu *c, const struct core_op *op,
						      uint64_t va, const uint8_t *buf,
						      unsigned esize, unsigned n)
{
	unsigned size = esize * n;

	if (esize > 8 || ((va ^ (va + size - 1)) & CORE_PAGE_MASK))
		return a64_write_bytes(c, op, va, buf, size);
	for (unsigned i = 0; i < n; i++) {
		int e = a64_write(c, op, va + i * esize, esize, buf_get(buf, i, esize));
		if (e)
			return e;
	}
	return 0;
}

A64_INLINE int read_elems(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			  uint8_t *buf, unsigned esize, unsigned n)
{
	uint8_t *p;

	if (tlb_host(c, va, esize * n, false, &p)) {
		memcpy(buf, p, esize * n);
		return 0;
	}
	return read_elems_slow(c, op, va, buf, esize, n);
}

A64_INLINE int write_elems(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			   const uint8_t *buf, unsigned esize, unsigned n)
{
	uint8_t *p;

	if (tlb_host(c, va, esize * n, true, &p)) {
		memcpy(p, buf, esize * n);
		return 0;
	}
	return write_elems_slow(c, op, va, buf, esize, n);
}

/* One naturally aligned access of 1-16 bytes as the image out[0..1]. */
A64_INLINE int read_image(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			  unsigned size, uint64_t out[2])
{
	if (size <= 8) {
		out[1] = 0;
		return a64_read(c, op, va, size, &out[0]);
	}
	uint8_t buf[16];
	int e = read_elems(c, op, va, buf, 8, 2);
	out[0] = buf_get(buf, 0, 8);
	out[1] = buf_get(buf, 1, 8);
	return e;
}

A64_INLINE int write_image(struct arm64_cpu *c, const struct core_op *op, uint64_t va,
			   unsigned size, const uint64_t in[2])
{
	if (size <= 8)
		return a64_write(c, op, va, size, in[0]);
	uint8_t buf[16];
	buf_put(buf, 0, 8, in[0]);
	buf_put(buf, 1, 8, in[1]);
	return write_elems(c, op, va, buf, 8, 2);
}

/* ------------------------------------------- single register templates */

/* C6.2 LDR/LDRB/LDRH/LDRSB/LDRSH/LDRSW and LDUR/LDTR forms, all modes. */
A64_INLINE int ld_int(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		      unsigned size, enum a64_ext ext)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am), val;
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	int e = am == AM_UNPRIV ? a64_read_unpriv(c, op, addr, size, &val)
				: a64_read(c, op, addr, size, &val);

	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	c->x[op->r[0]] = ld_extend(val, size, ext);
	return CORE_OK;
}

/* C6.2 STR/STRB/STRH and STUR/STTR forms. */
A64_INLINE int st_int(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		      unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	int e = am == AM_UNPRIV ? a64_write_unpriv(c, op, addr, size, c->x[op->r[0]])
				: a64_write(c, op, addr, size, c->x[op->r[0]]);

	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	return CORE_OK;
}

/* C7.2 LDR/LDUR (SIMD&FP): the bits above the access size are zeroed. */
A64_INLINE int ld_vec(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		      unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	a64_vreg val;
	int e;

	val.d[1] = 0;
	if (size == 16)
		e = read_elems(c, op, addr, val.b, 16, 1);
	else
		e = a64_read(c, op, addr, size, &val.d[0]);
	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	c->v[op->r[0]] = val;
	return CORE_OK;
}

/* C7.2 STR/STUR (SIMD&FP). */
A64_INLINE int st_vec(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		      unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	int e;

	if (size == 16)
		e = write_elems(c, op, addr, c->v[op->r[0]].b, 16, 1);
	else
		e = a64_write(c, op, addr, size, c->v[op->r[0]].d[0]);
	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	return CORE_OK;
}

/* ------------------------------------------------------ pair templates */

/* C6.2 LDP, LDPSW, LDNP: both elements are read before any register is written. */
A64_INLINE int ldp_int(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		       unsigned size, enum a64_ext ext)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	uint8_t buf[16];
	int e = read_elems(c, op, addr, buf, size, 2);

	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	c->x[op->r[0]] = ld_extend(buf_get(buf, 0, size), size, ext);
	c->x[op->r[2]] = ld_extend(buf_get(buf, 1, size), size, ext);
	return CORE_OK;
}

/* C6.2 STP, STNP. */
A64_INLINE int stp_int(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		       unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	uint8_t buf[16];
	int e;

	buf_put(buf, 0, size, c->x[op->r[0]]);
	buf_put(buf, 1, size, c->x[op->r[2]]);
	e = write_elems(c, op, addr, buf, size, 2);
	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	return CORE_OK;
}

/* C7.2 LDP, LDNP (SIMD&FP). */
A64_INLINE int ldp_vec(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		       unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	uint8_t buf[32];
	a64_vreg lo = { .q = 0 }, hi = { .q = 0 };
	int e = read_elems(c, op, addr, buf, size, 2);

	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	memcpy(lo.b, buf, size);
	memcpy(hi.b, buf + size, size);
	c->v[op->r[0]] = lo;
	c->v[op->r[2]] = hi;
	return CORE_OK;
}

/* C7.2 STP, STNP (SIMD&FP). */
A64_INLINE int stp_vec(struct core_vcpu *v, const struct core_op *op, enum a64_am am,
		       unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = am_addr(c, op, am);
	if (base_sp_misaligned(c, op, am))
		return a64_sp_align_fault(c, op);
	uint8_t buf[32];
	int e;

	memcpy(buf, c->v[op->r[0]].b, size);
	memcpy(buf + size, c->v[op->r[2]].b, size);
	e = write_elems(c, op, addr, buf, size, 2);
	if (unlikely(e))
		return e;
	am_writeback(c, op, am, addr);
	return CORE_OK;
}

/* ------------------------------------------ exclusives, acquire/release */

/*
 * B2.9 "Synchronization and semaphores". The local monitor records the
 * address, size and value an LDXR saw. vCPUs interleave only at block
 * boundaries on one host thread, so "memory still holds what the load saw"
 * is a faithful test that no other observer wrote the location in between.
 * Exclusives need alignment to the whole access (C6.2 LDXP: the pair size).
 */
A64_INLINE int ldx(struct core_vcpu *v, const struct core_op *op, unsigned esize, unsigned n)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], img[2];
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	unsigned size = esize * n;
	int e;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, false);
	e = read_image(c, op, addr, size, img);
	if (unlikely(e))
		return e;
	c->excl_addr = addr;
	c->excl_size = (uint8_t)size;
	c->excl_val[0] = img[0];
	c->excl_val[1] = img[1];
	if (n == 1)
		c->x[op->r[0]] = img[0];
	else
		pair_unpack(img, &c->x[op->r[0]], &c->x[op->r[2]], esize);
	return CORE_OK;
}

/* C6.2 STXR/STLXR/STXP/STLXP: status 0 on success, 1 on failure; the monitor is cleared. */
A64_INLINE int stx(struct core_vcpu *v, const struct core_op *op, unsigned esize, unsigned n)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], img[2];
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	unsigned size = esize * n;
	uint64_t status = 1;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, true);
	if (n == 1) {
		img[0] = c->x[op->r[0]];
		img[1] = 0;
	} else {
		pair_pack(img, c->x[op->r[0]], c->x[op->r[2]], esize);
	}
	if (c->excl_size == size && c->excl_addr == addr) {
		uint64_t cur[2];
		int e = read_image(c, op, addr, size, cur);
		if (e)
			return e;
		if (cur[0] == c->excl_val[0] && cur[1] == c->excl_val[1]) {
			e = write_image(c, op, addr, size, img);
			if (e)
				return e;
			status = 0;
		}
	}
	a64_monitor_clear(c);
	c->x[op->r[3]] = status;
	return CORE_OK;
}

/* C6.2 LDAR/LDLAR: an ordered load; the address must be aligned. */
A64_INLINE int ldar(struct core_vcpu *v, const struct core_op *op, unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], val;
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	int e;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, false);
	e = a64_read(c, op, addr, size, &val);
	if (unlikely(e))
		return e;
	c->x[op->r[0]] = val;
	return CORE_OK;
}

/* C6.2 STLR/STLLR. */
A64_INLINE int stlr(struct core_vcpu *v, const struct core_op *op, unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]];
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, true);
	return a64_write(c, op, addr, size, c->x[op->r[0]]);
}

/* ------------------------------------------------------- LSE atomics */

/* C6.2 LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP: the new memory value. */
enum a64_rmw { RMW_ADD, RMW_CLR, RMW_EOR, RMW_SET, RMW_SMAX, RMW_SMIN, RMW_UMAX, RMW_UMIN,
	       RMW_SWP };

A64_INLINE uint64_t rmw_apply(enum a64_rmw rmw, uint64_t old, uint64_t src, unsigned size)
{
	int64_t so = (int64_t)ld_extend(old, size, EXT_SX64);
	int64_t ss = (int64_t)ld_extend(src, size, EXT_SX64);
	uint64_t us = zext(src, size);

	switch (rmw) {
	case RMW_ADD: return old + src;
	case RMW_CLR: return old & ~src;
	case RMW_EOR: return old ^ src;
	case RMW_SET: return old | src;
	case RMW_SMAX: return so > ss ? old : src;
	case RMW_SMIN: return so < ss ? old : src;
	case RMW_UMAX: return old > us ? old : src;
	case RMW_UMIN: return old < us ? old : src;
	default: return src;
	}
}

/*
 * An atomic read-modify-write: aligned (no LSE2), read then write, and Rt
 * receives the old value only after the write succeeded. The ordering
 * variants (A, L, AL) share handlers: accesses are sequential here.
 */
A64_INLINE int atomic_rmw(struct core_vcpu *v, const struct core_op *op, enum a64_rmw rmw,
			  unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], old;
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	int e;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, true);
	e = a64_read(c, op, addr, size, &old);
	if (unlikely(e))
		return e;
	e = a64_write(c, op, addr, size, rmw_apply(rmw, old, c->x[op->r[2]], size));
	if (unlikely(e))
		return e;
	c->x[op->r[0]] = old;
	return CORE_OK;
}

/* C6.2 CAS: write Rt only if memory equals Rs; Rs receives the old value. */
A64_INLINE int cas(struct core_vcpu *v, const struct core_op *op, unsigned size)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], old;
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	int e;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, true);
	e = a64_read(c, op, addr, size, &old);
	if (unlikely(e))
		return e;
	if (old == zext(c->x[op->r[2]], size)) {
		e = a64_write(c, op, addr, size, c->x[op->r[0]]);
		if (unlikely(e))
			return e;
	}
	c->x[op->r[3]] = old;
	return CORE_OK;
}

/* C6.2 CASP: CAS of an even/odd register pair as one access of twice the size. */
A64_INLINE int casp(struct core_vcpu *v, const struct core_op *op, unsigned esize)
{
	struct arm64_cpu *c = a64(v);
	uint64_t addr = c->x[op->r[1]], old[2], cmp[2], new[2];
	if (base_sp_misaligned(c, op, AM_OFF))
		return a64_sp_align_fault(c, op);
	unsigned size = 2 * esize;
	int e;

	if (unlikely(addr & (size - 1)))
		return a64_align_fault(c, op, addr, true);
	e = read_image(c, op, addr, size, old);
	if (unlikely(e))
		return e;
	pair_pack(cmp, c->x[op->r[2]], c->x[op->f[1]], esize);
	if (old[0] == cmp[0] && old[1] == cmp[1]) {
		pair_pack(new, c->x[op->r[0]], c->x[op->f[0]], esize);
		e = write_image(c, op, addr, size, new);
		if (unlikely(e))
			return e;
	}
	pair_unpack(old, &c->x[op->r[2]], &c->x[op->f[2]], esize);
	return CORE_OK;
}

/* C6.2 PRFM/PRFUM: a hint; hvsim has no caches to prefetch into. */
CORE_HANDLER(a64_prefetch)
{
	return CORE_OK;
}

/* ------------------------------------------------ handler instantiation */

#define DEF_HANDLER(name, tmpl, ...)                                          \
	CORE_HANDLER(name)       \
	{                                                                     \
		return tmpl(v, op, __VA_ARGS__);                              \
	}

/*
 * Single-register kinds of C4.1.4 "Load/store register (...)", one line
 * per (size, V, opc): X(id, "ld"/"st", mnemonic suffix, size, opc, template,
 * template arguments). Mnemonics are prefix "r"/"ur"/"tr" suffix.
 */
#define INT_KINDS(X)                                     \
	X(strb,   "st", "b",  0, 0, st_int, 1)           \
	X(ldrb,   "ld", "b",  0, 1, ld_int, 1, EXT_ZX)   \
	X(ldrsbx, "ld", "sb", 0, 2, ld_int, 1, EXT_SX64) \
	X(ldrsbw, "ld", "sb", 0, 3, ld_int, 1, EXT_SX32) \
	X(strh,   "st", "h",  1, 0, st_int, 2)           \
	X(ldrh,   "ld", "h",  1, 1, ld_int, 2, EXT_ZX)   \
	X(ldrshx, "ld", "sh", 1, 2, ld_int, 2, EXT_SX64) \
	X(ldrshw, "ld", "sh", 1, 3, ld_int, 2, EXT_SX32) \
	X(strw,   "st", "",   2, 0, st_int, 4)           \
	X(ldrw,   "ld", "",   2, 1, ld_int, 4, EXT_ZX)   \
	X(ldrsw,  "ld", "sw", 2, 2, ld_int, 4, EXT_SX64) \
	X(strx,   "st", "",   3, 0, st_int, 8)           \
	X(ldrx,   "ld", "",   3, 1, ld_int, 8, EXT_ZX)

/* SIMD&FP registers (V=1): B, H, S, D use opc<1> = 0, Q is size 00 opc 1x. */
#define FP_KINDS(X)                          \
	X(strvb, "st", 0, 0, st_vec, 1)      \
	X(ldrvb, "ld", 0, 1, ld_vec, 1)      \
	X(strvh, "st", 1, 0, st_vec, 2)      \
	X(ldrvh, "ld", 1, 1, ld_vec, 2)      \
	X(strvs, "st", 2, 0, st_vec, 4)      \
	X(ldrvs, "ld", 2, 1, ld_vec, 4)      \
	X(strvd, "st", 3, 0, st_vec, 8)      \
	X(ldrvd, "ld", 3, 1, ld_vec, 8)      \
	X(strvq, "st", 0, 2, st_vec, 16)     \
	X(ldrvq, "ld", 0, 3, ld_vec, 16)

/* Pairs, C4.1.4 "Load/store register pair (...)": X(id, "ld"/"st", opc, V, L, ...). */
#define PAIR_KINDS(X)                                 \
	X(stpw, "st", 0, 0, 0, stp_int, 4)            \
	X(ldpw, "ld", 0, 0, 1, ldp_int, 4, EXT_ZX)    \
	X(stpx, "st", 2, 0, 0, stp_int, 8)            \
	X(ldpx, "ld", 2, 0, 1, ldp_int, 8, EXT_ZX)    \
	X(stps, "st", 0, 1, 0, stp_vec, 4)            \
	X(ldps, "ld", 0, 1, 1, ldp_vec, 4)            \
	X(stpd, "st", 1, 1, 0, stp_vec, 8)            \
	X(ldpd, "ld", 1, 1, 1, ldp_vec, 8)            \
	X(stpq, "st", 2, 1, 0, stp_vec, 16)           \
	X(ldpq, "ld", 2, 1, 1, ldp_vec, 16)

/* The modes every single-register kind has. */
#define SINGLE_HANDLERS(id, tmpl, ...)                                        \
	DEF_HANDLER(a64_##id##_off, tmpl, AM_OFF, __VA_ARGS__)                \
	DEF_HANDLER(a64_##id##_pre, tmpl, AM_PRE, __VA_ARGS__)                \
	DEF_HANDLER(a64_##id##_post, tmpl, AM_POST, __VA_ARGS__)              \
	DEF_HANDLER(a64_##id##_rx, tmpl, AM_REG_X, __VA_ARGS__)               \
	DEF_HANDLER(a64_##id##_ruw, tmpl, AM_REG_UXTW, __VA_ARGS__)           \
	DEF_HANDLER(a64_##id##_rsw, tmpl, AM_REG_SXTW, __VA_ARGS__)

#define INT_HANDLERS(id, pfx, sfx, size, opc, tmpl, ...)                      \
	SINGLE_HANDLERS(id, tmpl, __VA_ARGS__)                                \
	DEF_HANDLER(a64_##id##_unpriv, tmpl, AM_UNPRIV, __VA_ARGS__)
#define FP_HANDLERS(id, pfx, size, opc, tmpl, ...) SINGLE_HANDLERS(id, tmpl, __VA_ARGS__)
#define PAIR_HANDLERS(id, pfx, opc, vbit, l, tmpl, ...)                       \
	DEF_HANDLER(a64_##id##_off, tmpl, AM_OFF, __VA_ARGS__)                \
	DEF_HANDLER(a64_##id##_pre, tmpl, AM_PRE, __VA_ARGS__)                \
	DEF_HANDLER(a64_##id##_post, tmpl, AM_POST, __VA_ARGS__)

INT_KINDS(INT_HANDLERS)
FP_KINDS(FP_HANDLERS)
PAIR_KINDS(PAIR_HANDLERS)
PAIR_HANDLERS(ldpsw, "ld", 1, 0, 1, ldp_int, 4, EXT_SX64)

/* C6.2 LDR (literal), LDRSW (literal); C7.2 LDR (literal, SIMD&FP). */
DEF_HANDLER(a64_ldrw_lit, ld_int, AM_LIT, 4, EXT_ZX)
DEF_HANDLER(a64_ldrx_lit, ld_int, AM_LIT, 8, EXT_ZX)
DEF_HANDLER(a64_ldrsw_lit, ld_int, AM_LIT, 4, EXT_SX64)
DEF_HANDLER(a64_ldrvs_lit, ld_vec, AM_LIT, 4)
DEF_HANDLER(a64_ldrvd_lit, ld_vec, AM_LIT, 8)
DEF_HANDLER(a64_ldrvq_lit, ld_vec, AM_LIT, 16)

/* Exclusives and ordered accesses by access size in bytes. */
#define SIZED_HANDLERS(size)                                                  \
	DEF_HANDLER(a64_ldx_##size, ldx, size, 1)                             \
	DEF_HANDLER(a64_stx_##size, stx, size, 1)                             \
	DEF_HANDLER(a64_ldar_##size, ldar, size)                              \
	DEF_HANDLER(a64_stlr_##size, stlr, size)                              \
	DEF_HANDLER(a64_cas_##size, cas, size)
SIZED_HANDLERS(1)
SIZED_HANDLERS(2)
SIZED_HANDLERS(4)
SIZED_HANDLERS(8)
DEF_HANDLER(a64_ldxp_4, ldx, 4, 2)
DEF_HANDLER(a64_ldxp_8, ldx, 8, 2)
DEF_HANDLER(a64_stxp_4, stx, 4, 2)
DEF_HANDLER(a64_stxp_8, stx, 8, 2)
DEF_HANDLER(a64_casp_4, casp, 4)
DEF_HANDLER(a64_casp_8, casp, 8)

/* LSE operations, C4.1.4 "Atomic memory operations": X(id, mnemonic, o3, opc, rmw). */
#define LSE_OPS(X)                                      \
	X(ldadd,  "ldadd",  0, 0, RMW_ADD)              \
	X(ldclr,  "ldclr",  0, 1, RMW_CLR)              \
	X(ldeor,  "ldeor",  0, 2, RMW_EOR)              \
	X(ldset,  "ldset",  0, 3, RMW_SET)              \
	X(ldsmax, "ldsmax", 0, 4, RMW_SMAX)             \
	X(ldsmin, "ldsmin", 0, 5, RMW_SMIN)             \
	X(ldumax, "ldumax", 0, 6, RMW_UMAX)             \
	X(ldumin, "ldumin", 0, 7, RMW_UMIN)             \
	X(swp,    "swp",    1, 0, RMW_SWP)

#define LSE_HANDLERS(id, name, o3, opc, rmw)                                  \
	DEF_HANDLER(a64_##id##_1, atomic_rmw, rmw, 1)                         \
	DEF_HANDLER(a64_##id##_2, atomic_rmw, rmw, 2)                         \
	DEF_HANDLER(a64_##id##_4, atomic_rmw, rmw, 4)                         \
	DEF_HANDLER(a64_##id##_8, atomic_rmw, rmw, 8)
LSE_OPS(LSE_HANDLERS)

/* ------------------------------------------------------------- decode */

/* Scale of a single-register access: log2 of its size (C6.2 "LDR (immediate)"). */
static unsigned ldst_scale(uint32_t insn)
{
	return a64_bits(insn, 30, 2) | (a64_bits(insn, 26, 1) & a64_bits(insn, 23, 1)) << 2;
}

/*
 * Rt of a single-register access: a V register number, or an X register
 * with 31 = XZR (read by stores, V=0 opc=00; a sink for loads).
 */
static uint8_t ldst_rt(uint32_t insn)
{
	uint32_t t = a64_bits(insn, 0, 5);

	if (a64_bits(insn, 26, 1))
		return (uint8_t)t;
	return a64_bits(insn, 22, 2) == 0 ? a64_reg_zr(t) : a64_dst_zr(t);
}

static void dec_base(uint32_t insn, struct core_op *op)
{
	op->r[0] = ldst_rt(insn);
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
}

/* "Load/store register (unsigned immediate)": imm12 scaled by the size. */
static bool dec_uimm(uint32_t insn, struct core_op *op)
{
	dec_base(insn, op);
	op->imm = (uint64_t)a64_bits(insn, 10, 12) << ldst_scale(insn);
	return true;
}

/* Unscaled, pre-indexed, post-indexed and unprivileged: signed imm9 in bytes. */
static bool dec_simm9(uint32_t insn, struct core_op *op)
{
	dec_base(insn, op);
	op->imm = (uint64_t)a64_sbits(insn, 12, 9);
	return true;
}

/* "Load/store register (register offset)": the shift is the scale when S=1. */
static bool dec_regoff(uint32_t insn, struct core_op *op)
{
	dec_base(insn, op);
	op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
	op->f[0] = (uint8_t)(a64_bits(insn, 12, 1) ? ldst_scale(insn) : 0);
	return true;
}

/* "Load register (literal)": every form is a load. */
static bool dec_literal(uint32_t insn, struct core_op *op)
{
	uint32_t t = a64_bits(insn, 0, 5);

	op->r[0] = a64_bits(insn, 26, 1) ? (uint8_t)t : a64_dst_zr(t);
	op->imm = (uint64_t)(a64_sbits(insn, 5, 19) * 4);
	return true;
}

/* Pairs: imm7 scaled by the element size (4 << opc for V=1, 4 << opc<1> for V=0). */
static bool dec_pair(uint32_t insn, struct core_op *op)
{
	uint32_t opc = a64_bits(insn, 30, 2), t = a64_bits(insn, 0, 5), t2 = a64_bits(insn, 10, 5);
	unsigned scale = 2 + (a64_bits(insn, 26, 1) ? opc : opc >> 1);

	if (a64_bits(insn, 26, 1)) {
		op->r[0] = (uint8_t)t;
		op->r[2] = (uint8_t)t2;
	} else if (a64_bits(insn, 22, 1)) {
		op->r[0] = a64_dst_zr(t);
		op->r[2] = a64_dst_zr(t2);
	} else {
		op->r[0] = a64_reg_zr(t);
		op->r[2] = a64_reg_zr(t2);
	}
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->imm = (uint64_t)(a64_sbits(insn, 15, 7) * (1 << scale));
	return true;
}

/* "Load/store exclusive" and ordered forms: L (bit 22) says Rt/Rt2 are written. */
static bool dec_excl(uint32_t insn, struct core_op *op)
{
	uint32_t t = a64_bits(insn, 0, 5), t2 = a64_bits(insn, 10, 5);
	bool load = a64_bits(insn, 22, 1);

	op->r[0] = load ? a64_dst_zr(t) : a64_reg_zr(t);
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = load ? a64_dst_zr(t2) : a64_reg_zr(t2);
	op->r[3] = a64_dst_zr(a64_bits(insn, 16, 5));
	return true;
}

/* "Atomic memory operations": Rs is read, Rt receives the old value (XZR: ST<op>). */
static bool dec_lse(uint32_t insn, struct core_op *op)
{
	op->r[0] = a64_dst_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = a64_reg_zr(a64_bits(insn, 16, 5));
	return true;
}

/* "Compare and swap": Rs is both compare value and result. */
static bool dec_cas(uint32_t insn, struct core_op *op)
{
	uint32_t s = a64_bits(insn, 16, 5);

	op->r[0] = a64_reg_zr(a64_bits(insn, 0, 5));
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = a64_reg_zr(s);
	op->r[3] = a64_dst_zr(s);
	return true;
}

/* "Compare and swap pair": Rs and Rt must be even (UNDEFINED otherwise). */
static bool dec_casp(uint32_t insn, struct core_op *op)
{
	uint32_t s = a64_bits(insn, 16, 5), t = a64_bits(insn, 0, 5);

	if ((s | t) & 1)
		return false;
	op->r[0] = (uint8_t)t;
	op->r[1] = a64_reg_sp(a64_bits(insn, 5, 5));
	op->r[2] = (uint8_t)s;
	op->f[0] = a64_reg_zr(t + 1);
	op->f[1] = a64_reg_zr(s + 1);
	op->f[2] = a64_dst_zr(s + 1);
	return true;
}

static bool dec_hint(uint32_t insn, struct core_op *op)
{
	return true;
}

/* --------------------------------------------------------------- table */

#define CLS_ld_int CORE_CLASS_LOAD
#define CLS_ld_vec CORE_CLASS_LOAD
#define CLS_ldp_int CORE_CLASS_LOAD
#define CLS_ldp_vec CORE_CLASS_LOAD
#define CLS_st_int CORE_CLASS_STORE
#define CLS_st_vec CORE_CLASS_STORE
#define CLS_stp_int CORE_CLASS_STORE
#define CLS_stp_vec CORE_CLASS_STORE

#define ROW(mask, match, name, dec, exec, cls, flags) \
	{ (mask), (match), (name), (dec), (exec), (cls), (flags) },

/* Load/store register classes: size:111:V:0x:opc at 31:22. */
#define LDST_ENC(size, vbit, opc) \
	((uint32_t)(size) << 30 | 7u << 27 | (uint32_t)(vbit) << 26 | (uint32_t)(opc) << 22)
#define M_UIMM 0xffc00000u           /* bit 24 = 1: unsigned immediate */
#define M_IMM9 0xffe00c00u           /* bit 24 = 0, bit 21, bits 11:10 */
#define E_UIMM (1u << 24)
#define E_UNSCALED 0x000u
#define E_POST 0x400u
#define E_UNPRIV 0x800u
#define E_PRE 0xc00u
#define E_REG (1u << 21 | 0x800u)
/* Register offset option (bits 15:13): x11 = LSL/SXTX, 010 = UXTW, 110 = SXTW; x0x unallocated. */
#define M_OPT_X 0x6000u
#define E_OPT_X 0x6000u
#define M_OPT_W 0xe000u
#define E_OPT_UXTW 0x4000u
#define E_OPT_SXTW 0xc000u

/* The seven rows of one single-register kind that both V=0 and V=1 have. */
#define SINGLE_ROWS(id, pfx, sfx, enc, cls, flags)                                           \
	ROW(M_UIMM, enc | E_UIMM, pfx "r" sfx, dec_uimm, a64_##id##_off, cls, flags)          \
	ROW(M_IMM9, enc | E_UNSCALED, pfx "ur" sfx, dec_simm9, a64_##id##_off, cls, flags)    \
	ROW(M_IMM9, enc | E_POST, pfx "r" sfx, dec_simm9, a64_##id##_post, cls, flags)        \
	ROW(M_IMM9, enc | E_PRE, pfx "r" sfx, dec_simm9, a64_##id##_pre, cls, flags)          \
	ROW(M_IMM9 | M_OPT_X, enc | E_REG | E_OPT_X, pfx "r" sfx, dec_regoff, a64_##id##_rx,  \
	    cls, flags)                                                                       \
	ROW(M_IMM9 | M_OPT_W, enc | E_REG | E_OPT_UXTW, pfx "r" sfx, dec_regoff,              \
	    a64_##id##_ruw, cls, flags)                                                       \
	ROW(M_IMM9 | M_OPT_W, enc | E_REG | E_OPT_SXTW, pfx "r" sfx, dec_regoff,              \
	    a64_##id##_rsw, cls, flags)

#define INT_ROWS(id, pfx, sfx, size, opc, tmpl, ...)                                         \
	SINGLE_ROWS(id, pfx, sfx, LDST_ENC(size, 0, opc), CLS_##tmpl, 0)                      \
	ROW(M_IMM9, LDST_ENC(size, 0, opc) | E_UNPRIV, pfx "tr" sfx, dec_simm9,               \
	    a64_##id##_unpriv, CLS_##tmpl, 0)
#define FP_ROWS(id, pfx, size, opc, tmpl, ...) \
	SINGLE_ROWS(id, pfx, "", LDST_ENC(size, 1, opc), CLS_##tmpl, A64_F_FP)

/* Pairs: opc:101:V:0:mode:L at 31:22, mode 000 no-allocate, 001 post, 010 offset, 011 pre. */
#define PAIR_ENC(opc, vbit, mode, l) \
	((uint32_t)(opc) << 30 | 5u << 27 | (uint32_t)(vbit) << 26 | (mode) << 23 | (uint32_t)(l) << 22)
#define PAIR_INDEXED_ROWS(id, name, opc, vbit, l, cls, flags)                                 \
	ROW(0xffc00000u, PAIR_ENC(opc, vbit, 1u, l), name, dec_pair, a64_##id##_post, cls, flags) \
	ROW(0xffc00000u, PAIR_ENC(opc, vbit, 2u, l), name, dec_pair, a64_##id##_off, cls, flags)  \
	ROW(0xffc00000u, PAIR_ENC(opc, vbit, 3u, l), name, dec_pair, a64_##id##_pre, cls, flags)
#define PAIR_ROWS(id, pfx, opc, vbit, l, tmpl, ...)                                           \
	PAIR_INDEXED_ROWS(id, pfx "p", opc, vbit, l, CLS_##tmpl, (vbit) ? A64_F_FP : 0)       \
	ROW(0xffc00000u, PAIR_ENC(opc, vbit, 0u, l), pfx "np", dec_pair, a64_##id##_off,      \
	    CLS_##tmpl, (vbit) ? A64_F_FP : 0)

/*
 * "Load/store exclusive": size:001000:o2:L:o1:Rs:o0:Rt2 at 31:10. Rs of the
 * loads and Rt2 of the single-register forms are should-be-ones fields,
 * ignored (a permitted behaviour); CAS and CASP require Rt2 = 11111.
 */
#define EXCL_ENC(size, o2, l, o1, o0)                                                         \
	((uint32_t)(size) << 30 | 8u << 24 | (uint32_t)(o2) << 23 | (uint32_t)(l) << 22 |    \
	 (uint32_t)(o1) << 21 | (uint32_t)(o0) << 15)
#define M_EXCL 0xffe08000u
#define M_CAS (M_EXCL | 0x7c00u)
#define E_RT2_ONES 0x7c00u
#define EXCL_ROWS(size, sfx, bytes)                                                           \
	ROW(M_EXCL, EXCL_ENC(size, 0, 0, 0, 0), "stxr" sfx, dec_excl, a64_stx_##bytes,         \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 0, 0, 0, 1), "stlxr" sfx, dec_excl, a64_stx_##bytes,        \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 0, 1, 0, 0), "ldxr" sfx, dec_excl, a64_ldx_##bytes,         \
	    CORE_CLASS_LOAD, 0)                                                               \
	ROW(M_EXCL, EXCL_ENC(size, 0, 1, 0, 1), "ldaxr" sfx, dec_excl, a64_ldx_##bytes,        \
	    CORE_CLASS_LOAD, 0)                                                               \
	ROW(M_EXCL, EXCL_ENC(size, 1, 0, 0, 0), "stllr" sfx, dec_excl, a64_stlr_##bytes,       \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 1, 0, 0, 1), "stlr" sfx, dec_excl, a64_stlr_##bytes,        \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 1, 1, 0, 0), "ldlar" sfx, dec_excl, a64_ldar_##bytes,       \
	    CORE_CLASS_LOAD, 0)                                                               \
	ROW(M_EXCL, EXCL_ENC(size, 1, 1, 0, 1), "ldar" sfx, dec_excl, a64_ldar_##bytes,        \
	    CORE_CLASS_LOAD, 0)                                                               \
	CAS_ROWS("cas", sfx, EXCL_ENC(size, 1, 0, 1, 0), dec_cas, a64_cas_##bytes)
#define EXCL_PAIR_ROWS(size, bytes)                                                           \
	ROW(M_EXCL, EXCL_ENC(size, 0, 0, 1, 0), "stxp", dec_excl, a64_stxp_##bytes,            \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 0, 0, 1, 1), "stlxp", dec_excl, a64_stxp_##bytes,           \
	    CORE_CLASS_STORE, 0)                                                              \
	ROW(M_EXCL, EXCL_ENC(size, 0, 1, 1, 0), "ldxp", dec_excl, a64_ldxp_##bytes,            \
	    CORE_CLASS_LOAD, 0)                                                               \
	ROW(M_EXCL, EXCL_ENC(size, 0, 1, 1, 1), "ldaxp", dec_excl, a64_ldxp_##bytes,           \
	    CORE_CLASS_LOAD, 0)
/* CAS{A,L,AL} and CASP{A,L,AL}: acquire is L (bit 22), release is o0 (bit 15). */
#define CAS_ROWS(stem, sfx, enc, dec, exec)                                                   \
	ROW(M_CAS, (enc) | E_RT2_ONES, stem sfx, dec, exec, CORE_CLASS_ATOMIC, 0)              \
	ROW(M_CAS, (enc) | E_RT2_ONES | 1u << 22, stem "a" sfx, dec, exec, CORE_CLASS_ATOMIC, 0) \
	ROW(M_CAS, (enc) | E_RT2_ONES | 1u << 15, stem "l" sfx, dec, exec, CORE_CLASS_ATOMIC, 0) \
	ROW(M_CAS, (enc) | E_RT2_ONES | 1u << 22 | 1u << 15, stem "al" sfx, dec, exec,          \
	    CORE_CLASS_ATOMIC, 0)

/* "Atomic memory operations": size:111:V=0:00:A:R:1:Rs:o3:opc:00 at 31:10. */
#define LSE_ENC(size, a, r, o3, opc)                                                          \
	((uint32_t)(size) << 30 | 0x38200000u | (uint32_t)(a) << 23 | (uint32_t)(r) << 22 |  \
	 (uint32_t)(o3) << 15 | (uint32_t)(opc) << 12)
#define LSE_SIZE_ROWS(id, name, a, r, o3, opc)                                                \
	ROW(0xffe0fc00u, LSE_ENC(0, a, r, o3, opc), name "b", dec_lse, a64_##id##_1,           \
	    CORE_CLASS_ATOMIC, 0)                                                             \
	ROW(0xffe0fc00u, LSE_ENC(1, a, r, o3, opc), name "h", dec_lse, a64_##id##_2,           \
	    CORE_CLASS_ATOMIC, 0)                                                             \
	ROW(0xffe0fc00u, LSE_ENC(2, a, r, o3, opc), name, dec_lse, a64_##id##_4,               \
	    CORE_CLASS_ATOMIC, 0)                                                             \
	ROW(0xffe0fc00u, LSE_ENC(3, a, r, o3, opc), name, dec_lse, a64_##id##_8,               \
	    CORE_CLASS_ATOMIC, 0)
#define LSE_ROWS(id, name, o3, opc, rmw)                                                      \
	LSE_SIZE_ROWS(id, name, 0, 0, o3, opc)                                                \
	LSE_SIZE_ROWS(id, name "a", 1, 0, o3, opc)                                            \
	LSE_SIZE_ROWS(id, name "l", 0, 1, o3, opc)                                            \
	LSE_SIZE_ROWS(id, name "al", 1, 1, o3, opc)

static const struct a64_insn ldst_rows[] = {
	INT_KINDS(INT_ROWS)
	FP_KINDS(FP_ROWS)

	/* PRFM (immediate, register, literal) and PRFUM: size 11, V=0, opc 10. */
	ROW(M_UIMM, LDST_ENC(3, 0, 2) | E_UIMM, "prfm", dec_hint, a64_prefetch, CORE_CLASS_LOAD,
	    A64_F_HINT)
	ROW(M_IMM9, LDST_ENC(3, 0, 2) | E_UNSCALED, "prfum", dec_hint, a64_prefetch,
	    CORE_CLASS_LOAD, A64_F_HINT)
	ROW(M_IMM9 | 0x4000u, LDST_ENC(3, 0, 2) | E_REG | 0x4000u, "prfm", dec_hint, a64_prefetch,
	    CORE_CLASS_LOAD, A64_F_HINT)

	/* "Load register (literal)": opc:011:V:00:imm19:Rt. */
	ROW(0xff000000u, 0x18000000u, "ldr", dec_literal, a64_ldrw_lit, CORE_CLASS_LOAD, 0)
	ROW(0xff000000u, 0x58000000u, "ldr", dec_literal, a64_ldrx_lit, CORE_CLASS_LOAD, 0)
	ROW(0xff000000u, 0x98000000u, "ldrsw", dec_literal, a64_ldrsw_lit, CORE_CLASS_LOAD, 0)
	ROW(0xff000000u, 0xd8000000u, "prfm", dec_hint, a64_prefetch, CORE_CLASS_LOAD, A64_F_HINT)
	ROW(0xff000000u, 0x1c000000u, "ldr", dec_literal, a64_ldrvs_lit, CORE_CLASS_LOAD, A64_F_FP)
	ROW(0xff000000u, 0x5c000000u, "ldr", dec_literal, a64_ldrvd_lit, CORE_CLASS_LOAD, A64_F_FP)
	ROW(0xff000000u, 0x9c000000u, "ldr", dec_literal, a64_ldrvq_lit, CORE_CLASS_LOAD, A64_F_FP)

	PAIR_KINDS(PAIR_ROWS)
	PAIR_INDEXED_ROWS(ldpsw, "ldpsw", 1, 0, 1, CORE_CLASS_LOAD, 0)

	EXCL_ROWS(0, "b", 1)
	EXCL_ROWS(1, "h", 2)
	EXCL_ROWS(2, "", 4)
	EXCL_ROWS(3, "", 8)
	EXCL_PAIR_ROWS(2, 4)
	EXCL_PAIR_ROWS(3, 8)
	CAS_ROWS("casp", "", EXCL_ENC(0, 0, 0, 1, 0), dec_casp, a64_casp_4)
	CAS_ROWS("casp", "", EXCL_ENC(1, 0, 0, 1, 0), dec_casp, a64_casp_8)

	LSE_OPS(LSE_ROWS)
};

const struct a64_table a64_table_ldst = { ldst_rows, sizeof ldst_rows / sizeof ldst_rows[0] };
