/*
 * The x87 floating-point unit (SDM 1 chapter 8, SDM 2 per instruction):
 * the register stack with TOP and the tag word, loads and stores, the
 * arithmetic, compares, constants, the environment and the exceptions
 * with their masked responses and #MF.
 *
 * The state is x86_state's: physical registers st[] (ST(i) is
 * R((TOP + i) mod 8)), FSW with TOP, the abridged tag word (bit i: R(i)
 * is not empty), FCW, FOP, FIP and FDP, the same fields FXSAVE and XSAVE
 * save (insn_xsave.c); the full tag word (valid, zero, special, empty)
 * is computed from the registers where an image holds it (FNSTENV,
 * FNSAVE), as the hardware derives it (SDM 1:8.1.7).
 *
 * The values are computed by the host's x87 unit (x87_host.h: the host
 * assumption, what is exact); this file decides what the guest sees:
 * stack faults, which result is written under which unmasked exception,
 * condition codes, the pointers.
 *
 * Exceptions (SDM 1:8.4-8.7): a flag raised with its mask bit clear sets
 * ES and B; then the result is not written for IE, DE and ZE (SDM
 * 1:8.5.1-8.5.3), while PE writes it. For OE and UE unmasked, FADD,
 * FSUB(R), FMUL and FDIV(R) write the result with its exponent wrapped by
 * 24576 (SDM 1:8.5.4, 8.5.5: arith below); FSCALE and the
 * transcendentals write the masked response instead (weaker than the
 * hardware), a store to memory writes nothing (as the SDM says). The next
 * waiting x87 instruction, or WAIT, raises #MF with CR0.NE; without
 * CR0.NE (the FERR# pin and IRQ 13, SDM 1:8.7) nothing happens: x86-virt
 * has no FERR# wiring.
 *
 * FOP, FIP and FDP are recorded by every non-control instruction, as
 * AMD and QEMU do (Intel's FOP compatibility mode off records them only
 * on unmasked exceptions, SDM 1:8.1.9.1); FDP is the memory operand's
 * offset, and stays for register forms. FCS and FDS are kept 0 (this
 * CPU runs x87 code in 64-bit mode only).
 */
#include <string.h>

#include "cpu/x86-coco/rows.h"
#include "cpu/x86-coco/x87_host.h"

/* FSW (SDM 1:8.1.3). */
enum {
	FSW_IE = 1u << 0, FSW_DE = 1u << 1, FSW_ZE = 1u << 2, FSW_OE = 1u << 3, FSW_UE = 1u << 4,
	FSW_PE = 1u << 5, FSW_SF = 1u << 6, FSW_ES = 1u << 7, FSW_C0 = 1u << 8, FSW_C1 = 1u << 9,
	FSW_C2 = 1u << 10, FSW_TOP = 7u << 11, FSW_C3 = 1u << 14, FSW_B = 1u << 15,
	FSW_EXC = 0x3f,    /* the six exception flags, also FCW's mask bits */
	FSW_CC = FSW_C0 | FSW_C1 | FSW_C2 | FSW_C3,
	/* The exceptions that keep the result from being written when unmasked. */
	PRE = FSW_IE | FSW_DE | FSW_ZE,
};

/* The QNaN floating-point indefinite (SDM 1:4.8.3.7 Table 4-3): sign 1, exponent all ones, 1.1000... */
static const struct x86_fpreg indefinite = { 0xc000000000000000ull, 0xffff };

/* ---------------------------------------------------------- the stack */

static unsigned top(const struct x86_state *s)
{
	return (s->fsw >> 11) & 7;
}

static unsigned phys(const struct x86_state *s, unsigned i)
{
	return (top(s) + i) & 7;
}

static bool empty(const struct x86_state *s, unsigned i)
{
	return !(s->ftw >> phys(s, i) & 1);
}

static long double get(const struct x86_state *s, unsigned i)
{
	long double x = 0;
	memcpy(&x, &s->st[phys(s, i)], 10);
	return x;
}

static void put_reg(struct x86_state *s, unsigned i, struct x86_fpreg r)
{
	s->st[phys(s, i)] = r;
	s->ftw |= (uint8_t)(1u << phys(s, i));
}

static void put(struct x86_state *s, unsigned i, long double x)
{
	struct x86_fpreg r;
	memcpy(&r, &x, 10);
	put_reg(s, i, r);
}

static void set_top(struct x86_state *s, unsigned t)
{
	s->fsw = (uint16_t)((s->fsw & ~FSW_TOP) | (t & 7) << 11);
}

static void pop(struct x86_state *s)
{
	s->ftw &= (uint8_t)~(1u << phys(s, 0));
	set_top(s, top(s) + 1);
}

/* ------------------------------------------------- the status word */

/*
 * End an instruction: the exception flags raised (sticky), the condition
 * codes in `cc_mask` set to `cc`, ES and B from the unmasked flags, and
 * the last-instruction pointers.
 */
static void finish(struct x86_cpu *c, const struct core_op *op, unsigned exc, unsigned cc,
		   unsigned cc_mask, bool mem)
{
	struct x86_state *s = &c->s;
	s->fsw = (uint16_t)((s->fsw & ~cc_mask) | (cc & cc_mask) | (exc & (FSW_EXC | FSW_SF)));
	if (s->fsw & ~s->fcw & FSW_EXC)
		s->fsw |= FSW_ES | FSW_B;
	s->fop = (uint16_t)op->imm;
	s->fip = core_op_pc(&c->core, op);
	if (mem)
		s->fdp = x86_offset(c, op);
}

/* Would the flags in `exc` keep a result from being written? */
static bool blocked(const struct x86_state *s, unsigned exc, unsigned which)
{
	return exc & ~s->fcw & which;
}

/*
 * A waiting instruction first takes a pending unmasked exception: #MF
 * with CR0.NE (SDM 1:8.6, SDM 3:6.15 "Interrupt 16").
 */
static int pending(struct x86_cpu *c, const struct core_op *op)
{
	if ((c->s.fsw & FSW_ES) && (c->s.cr0 & X86_CR0_NE))
		return x86_fault(c, op, X86_EXC_MF, X86_NO_ERROR);
	return 0;
}

/*
 * A stack underflow (SDM 1:8.5.1.1): IE and SF with C1 = 0; masked, the
 * destination ST(dst) gets the indefinite (unless dst < 0) and a pop
 * still happens.
 */
static int underflow(struct x86_cpu *c, const struct core_op *op, int dst, bool do_pop, bool mem)
{
	struct x86_state *s = &c->s;
	if (!blocked(s, FSW_IE, FSW_IE)) {
		if (dst >= 0)
			put_reg(s, (unsigned)dst, indefinite);
		if (do_pop)
			pop(s);
	}
	finish(c, op, FSW_IE | FSW_SF, 0, FSW_C1, mem);
	return CORE_OK;
}

/*
 * Push x, or the stack overflow (SDM 1:8.5.1.1): IE, SF and C1 = 1;
 * masked, the indefinite is pushed. `exc` and `cc` come from computing x.
 */
static int push(struct x86_cpu *c, const struct core_op *op, long double x, unsigned exc,
		unsigned cc, bool mem)
{
	struct x86_state *s = &c->s;
	if (s->ftw >> ((top(s) - 1) & 7) & 1) {
		if (!blocked(s, FSW_IE, FSW_IE)) {
			set_top(s, top(s) - 1);
			put_reg(s, 0, indefinite);
		}
		finish(c, op, FSW_IE | FSW_SF, FSW_C1, FSW_C1, mem);
		return CORE_OK;
	}
	if (!blocked(s, exc, PRE)) {
		set_top(s, top(s) - 1);
		put(s, 0, x);
	}
	finish(c, op, exc, cc, FSW_C1, mem);
	return CORE_OK;
}

/* --------------------------------------------------------- memory */

/* The memory operand's bytes (n of them) into h->m. */
static int read_m(struct x86_cpu *c, const struct core_op *op, unsigned n, struct x87_host *h)
{
	memset(h->m, 0, sizeof(h->m));
	if (n <= 8) {
		uint64_t x;
		int st = x86_read(c, op, x86_ea(c, op), n, &x);
		memcpy(h->m, &x, 8);
		return st;
	}
	return x86_mem_bytes(c, op, x86_ea(c, op), h->m, n, X86_READ);
}

static int write_m(struct x86_cpu *c, const struct core_op *op, unsigned n, const void *buf)
{
	if (n <= 8) {
		uint64_t x = 0;
		memcpy(&x, buf, n);
		return x86_write(c, op, x86_ea(c, op), n, x);
	}
	return x86_mem_bytes(c, op, x86_ea(c, op), (void *)buf, n, X86_WRITE);
}

/* A memory operand converted to the register format (conversion flags: IE for an SNaN, DE). */
struct conv {
	x87_host_fn *fn;
	unsigned size;
};
static const struct conv m32fp = { x87_ld_f32, 4 }, m64fp = { x87_ld_f64, 8 },
			 m16int = { x87_ld_i16, 2 }, m32int = { x87_ld_i32, 4 },
			 m64int = { x87_ld_i64, 8 }, m80bcd = { x87_ld_bcd, 10 };

static int load_m(struct x86_cpu *c, const struct core_op *op, const struct conv *k,
		  long double *x, unsigned *exc)
{
	struct x87_host h = { 0 };
	int st = read_m(c, op, k->size, &h);
	if (st)
		return st;
	*exc = k->fn(c->s.fcw, &h) & FSW_EXC;
	*x = h.a;
	return 0;
}

/* A waiting instruction's memory source: the pending exception first, then the operand converted. */
static int operand_m(struct x86_cpu *c, const struct core_op *op, const struct conv *k,
		     long double *x, unsigned *exc)
{
	int st = pending(c, op);
	return st ? st : load_m(c, op, k, x, exc);
}

/* -------------------------------------------------- the operations */

/* Binary operations and their reversed forms (FSUBR, FDIVR: source minus or over destination). */
enum bin { ADD, MUL, SUB, SUBR, DIV, DIVR };
static x87_host_fn *const bin_fn[] = { x87_add, x87_mul, x87_sub, x87_sub, x87_div, x87_div };

/*
 * An unmasked overflow or underflow delivers the result with its exponent
 * wrapped: the exact result times 2^-24576 (overflow) or 2^24576
 * (underflow), rounded (SDM 1:8.5.4, 8.5.5). The host computes it from
 * operands scaled by 2^(n * 12288), n per operand as below, which is
 * exact for a product or quotient that overflows or underflows (each
 * operand's exponent then stays within range: for a product both
 * exponents have the sign of the overflow, for a quotient opposite
 * signs), so the rounding is the wrapped result's. For a sum the two
 * operands are scaled by 2^(2 * 12288): exact but for an addend so much
 * smaller than the other that it falls below the denormals, whose sticky
 * bit is then lost (a directed rounding may differ in the last place).
 */
static const int8_t wrap_scale[][2] = {
	[ADD] = { 2, 2 }, [SUB] = { 2, 2 }, [SUBR] = { 2, 2 },
	[MUL] = { 1, 1 }, [DIV] = { 1, -1 }, [DIVR] = { 1, -1 },
};

static long double scale2(uint16_t fcw, long double x, int n)
{
	struct x87_host h = { x, (long double)n, { 0 } };
	x87_scale(fcw, &h);
	return h.a;
}

/*
 * ST(dst) = a op b, popped after with `do_pop`: the arithmetic (FADD...
 * FDIVR and their P and I forms). exc: what converting a memory operand
 * raised already.
 */
static int arith(struct x86_cpu *c, const struct core_op *op, enum bin k, long double a,
		 long double b, unsigned dst, bool do_pop, unsigned exc, bool mem)
{
	struct x86_state *s = &c->s;
	struct x87_host h = { a, b, { 0 } };
	unsigned sw = 0;
	if (!blocked(s, exc, PRE)) {
		sw = bin_fn[k](s->fcw, &h);
		exc |= sw & FSW_EXC;
	}
	if (!blocked(s, exc, PRE) && blocked(s, exc, FSW_OE | FSW_UE)) {
		int n = (exc & FSW_OE) ? -12288 : 12288;
		struct x87_host w = { scale2(s->fcw, a, wrap_scale[k][0] * n),
				      scale2(s->fcw, b, wrap_scale[k][1] * n), { 0 } };
		unsigned wsw = bin_fn[k](s->fcw, &w);
		h.a = w.a;
		exc = (exc & ~FSW_PE) | (wsw & FSW_PE);
		sw = wsw;
	}
	if (!blocked(s, exc, PRE)) {
		put(s, dst, h.a);
		if (do_pop)
			pop(s);
	}
	finish(c, op, exc, sw, FSW_C1, mem);
	return CORE_OK;
}

static int bin(struct x86_cpu *c, const struct core_op *op, enum bin k, long double d,
	       long double src, unsigned dst, bool do_pop, unsigned exc, bool mem)
{
	bool rev = k == SUBR || k == DIVR;
	return arith(c, op, k, rev ? src : d, rev ? d : src, dst, do_pop, exc, mem);
}

/* ST(0) = ST(0) op m (D8, DC: m32fp, m64fp; DA, DE: m32int, m16int). */
static int bin_m(struct x86_cpu *c, const struct core_op *op, enum bin k, const struct conv *m)
{
	long double x;
	unsigned exc;
	int st = operand_m(c, op, m, &x, &exc);
	if (st)
		return st;
	if (empty(&c->s, 0))
		return underflow(c, op, 0, false, true);
	return bin(c, op, k, get(&c->s, 0), x, 0, false, exc, true);
}

/* D8 reg: ST(0) = ST(0) op ST(i); DC reg: ST(i) = ST(i) op ST(0); DE reg: the same and pop. */
static int bin_r(struct x86_cpu *c, const struct core_op *op, enum bin k, bool to_sti, bool do_pop)
{
	unsigned i = op->r[1] & 7;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(&c->s, 0) || empty(&c->s, i))
		return underflow(c, op, (int)(to_sti ? i : 0), do_pop, false);
	if (to_sti)
		return bin(c, op, k, get(&c->s, i), get(&c->s, 0), i, do_pop, 0, false);
	return bin(c, op, k, get(&c->s, 0), get(&c->s, i), 0, false, 0, false);
}

/*
 * Compares (SDM 2: FCOM, FUCOM, FICOM, FTST, FCOMI): C3, C2, C0 (or ZF,
 * PF, CF for FCOMI) from the host's compare; unordered 1, 1, 1. `pops`
 * 0-2; with IE unmasked and raised neither the codes nor the stack change.
 */
static void set_eflags(struct x86_cpu *c, unsigned sw)
{
	uint64_t f = x86_flags(c) & ~(uint64_t)X86_ARITH_FLAGS;
	f |= (sw & FSW_C3 ? X86_ZF : 0) | (sw & FSW_C2 ? X86_PF : 0) | (sw & FSW_C0 ? X86_CF : 0);
	x86_set_flags(c, f);
}

static int compare(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn, long double b,
		   unsigned exc, unsigned pops, bool eflags, bool mem)
{
	struct x86_state *s = &c->s;
	struct x87_host h = { get(s, 0), b, { 0 } };
	unsigned sw = FSW_C0 | FSW_C2 | FSW_C3;
	if (!blocked(s, exc, PRE)) {
		sw = fn(s->fcw, &h);
		exc |= sw & FSW_EXC;
	}
	if (blocked(s, exc, PRE)) {
		finish(c, op, exc, 0, FSW_C1, mem);
		return CORE_OK;
	}
	if (eflags)
		set_eflags(c, sw);
	for (unsigned i = 0; i < pops; i++)
		pop(s);
	finish(c, op, exc, sw, eflags ? FSW_C1 : FSW_CC, mem);
	return CORE_OK;
}

/* A compare with an empty operand: masked, unordered (and the pops). */
static int compare_underflow(struct x86_cpu *c, const struct core_op *op, unsigned pops, bool eflags,
			     bool mem)
{
	struct x86_state *s = &c->s;
	unsigned un = FSW_C0 | FSW_C2 | FSW_C3;
	if (!blocked(s, FSW_IE, FSW_IE)) {
		if (eflags)
			set_eflags(c, un);
		for (unsigned i = 0; i < pops; i++)
			pop(s);
	}
	finish(c, op, FSW_IE | FSW_SF, eflags ? 0 : un, eflags ? FSW_C1 : FSW_CC, mem);
	return CORE_OK;
}

static int com_m(struct x86_cpu *c, const struct core_op *op, const struct conv *m, unsigned pops)
{
	long double x;
	unsigned exc;
	int st = operand_m(c, op, m, &x, &exc);
	if (st)
		return st;
	if (empty(&c->s, 0))
		return compare_underflow(c, op, pops, false, true);
	return compare(c, op, x87_com, x, exc, pops, false, true);
}

static int com_r(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn, unsigned i,
		 unsigned pops, bool eflags)
{
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(&c->s, 0) || empty(&c->s, i))
		return compare_underflow(c, op, pops, eflags, false);
	return compare(c, op, fn, get(&c->s, i), 0, pops, eflags, false);
}

/* ------------------------------------------------------ the handlers */

/* D8/DC/DA/DE memory forms and D8/DC/DE register forms, by ModRM.reg (ADD MUL COM COMP SUB SUBR DIV DIVR). */
#define BIN_M(name, k, m)                                          \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return bin_m(x86(v), op, k, &m);                   \
	}
#define BIN_M4(nm, k) BIN_M(nm##_f32, k, m32fp) BIN_M(nm##_f64, k, m64fp) \
	BIN_M(nm##_i32, k, m32int) BIN_M(nm##_i16, k, m16int)
BIN_M4(add_m, ADD) BIN_M4(mul_m, MUL) BIN_M4(sub_m, SUB) BIN_M4(subr_m, SUBR) BIN_M4(div_m, DIV)
BIN_M4(divr_m, DIVR)

#define BIN_R(name, k, to_sti, p)                                  \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return bin_r(x86(v), op, k, to_sti, p);            \
	}
#define BIN_R3(nm, k) BIN_R(nm##_st0, k, false, false) BIN_R(nm##_sti, k, true, false) \
	BIN_R(nm##_p, k, true, true)
BIN_R3(add_r, ADD) BIN_R3(mul_r, MUL) BIN_R3(sub_r, SUB) BIN_R3(subr_r, SUBR) BIN_R3(div_r, DIV)
BIN_R3(divr_r, DIVR)

#define COM_M(name, m, pops)                                       \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return com_m(x86(v), op, &m, pops);                \
	}
COM_M(com_f32, m32fp, 0) COM_M(com_f64, m64fp, 0) COM_M(com_i32, m32int, 0) COM_M(com_i16, m16int, 0)
COM_M(comp_f32, m32fp, 1) COM_M(comp_f64, m64fp, 1) COM_M(comp_i32, m32int, 1)
COM_M(comp_i16, m16int, 1)

#define COM_R(name, fn, i, pops, efl)                              \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return com_r(x86(v), op, fn, i, pops, efl);        \
	}
COM_R(fcom_r, x87_com, op->r[1] & 7, 0, false) COM_R(fcomp_r, x87_com, op->r[1] & 7, 1, false)
COM_R(fucom_r, x87_ucom, op->r[1] & 7, 0, false) COM_R(fucomp_r, x87_ucom, op->r[1] & 7, 1, false)
COM_R(fcompp, x87_com, 1, 2, false) COM_R(fucompp, x87_ucom, 1, 2, false)
COM_R(fcomi, x87_com, op->r[1] & 7, 0, true) COM_R(fcomip, x87_com, op->r[1] & 7, 1, true)
COM_R(fucomi, x87_ucom, op->r[1] & 7, 0, true) COM_R(fucomip, x87_ucom, op->r[1] & 7, 1, true)

/* FTST (D9 E4): ST(0) against +0.0. */
CORE_HANDLER(ftst)
{
	struct x86_cpu *c = x86(v);
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(&c->s, 0))
		return compare_underflow(c, op, 0, false, false);
	return compare(c, op, x87_tst, 0, 0, 0, false, false);
}

/* FXAM (D9 E5): the class in C3, C2, C0, the sign in C1; an empty register is C3 = C0 = 1. */
CORE_HANDLER(fxam)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	unsigned sign = s->st[phys(s, 0)].sexp >> 15 ? FSW_C1 : 0, sw;
	if (empty(s, 0)) {
		sw = FSW_C3 | FSW_C0 | sign;
	} else {
		struct x87_host h = { get(s, 0), 0, { 0 } };
		sw = x87_xam(s->fcw, &h);
	}
	finish(c, op, 0, sw, FSW_CC, false);
	return CORE_OK;
}

/* ------------------------------------------------- loads and stores */

/* FLD m32fp/m64fp/m80fp, FILD m16/m32/m64, FBLD (D9 /0, DD /0, DB /5, DF /0, DB /0, DF /5, DF /4). */
static int ld_m(struct x86_cpu *c, const struct core_op *op, const struct conv *m)
{
	long double x;
	unsigned exc;
	int st = operand_m(c, op, m, &x, &exc);
	if (st)
		return st;
	return push(c, op, x, exc, 0, true);
}
#define LD_M(name, m)                                              \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return ld_m(x86(v), op, &m);                       \
	}
LD_M(fld_f32, m32fp) LD_M(fld_f64, m64fp) LD_M(fild_i16, m16int) LD_M(fild_i32, m32int)
LD_M(fild_i64, m64int) LD_M(fbld, m80bcd)

/* FLD m80fp: the bits as they are (no exception, SDM 2: FLD). */
CORE_HANDLER(fld_f80)
{
	struct x86_cpu *c = x86(v);
	struct x87_host h;
	long double x = 0;
	int st = pending(c, op);
	if (!st)
		st = read_m(c, op, 10, &h);
	if (st)
		return st;
	memcpy(&x, h.m, 10);
	return push(c, op, x, 0, 0, true);
}

/* FLD ST(i) (D9 C0+i): an empty ST(i) is an underflow (the indefinite pushed when masked). */
CORE_HANDLER(fld_r)
{
	struct x86_cpu *c = x86(v);
	unsigned i = op->r[1] & 7;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(&c->s, i)) {
		if (blocked(&c->s, FSW_IE, FSW_IE)) {
			finish(c, op, FSW_IE | FSW_SF, 0, FSW_C1, false);
			return CORE_OK;
		}
		long double ind = 0;
		memcpy(&ind, &indefinite, 10);
		return push(c, op, ind, FSW_IE | FSW_SF, 0, false);
	}
	return push(c, op, get(&c->s, i), 0, 0, false);
}

/* The constants (D9 E8-EE), rounded by the rounding control. */
static int ld_const(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn)
{
	struct x87_host h = { 0 };
	int st = pending(c, op);
	if (st)
		return st;
	fn(c->s.fcw, &h);
	return push(c, op, h.a, 0, 0, false);
}
#define LD_C(name, fn)                                             \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return ld_const(x86(v), op, fn);                   \
	}
LD_C(fld1, x87_ld1) LD_C(fldl2t, x87_ldl2t) LD_C(fldl2e, x87_ldl2e) LD_C(fldpi, x87_ldpi)
LD_C(fldlg2, x87_ldlg2) LD_C(fldln2, x87_ldln2) LD_C(fldz, x87_ldz)

/*
 * Stores to memory: FST(P) m32fp/m64fp, FIST(P), FISTTP, FBSTP. The
 * value is converted first; an unmasked IE, DE, OE or UE stores nothing
 * and does not pop. An empty ST(0) stores the format's indefinite when
 * masked.
 */
struct store {
	x87_host_fn *fn;
	unsigned size;
	uint64_t indef_lo;   /* the indefinite of the format (SDM 1:4.8.3.7, 4.2.2.1; BCD 4.7) */
	uint16_t indef_hi;
};
static const struct store st_f32 = { x87_st_f32, 4, 0xffc00000u, 0 },
			  st_f64 = { x87_st_f64, 8, 0xfff8000000000000ull, 0 },
			  st_i16 = { x87_st_i16, 2, 0x8000u, 0 }, st_i32 = { x87_st_i32, 4, 0x80000000u, 0 },
			  st_i64 = { x87_st_i64, 8, 0x8000000000000000ull, 0 },
			  stt_i16 = { x87_stt_i16, 2, 0x8000u, 0 },
			  stt_i32 = { x87_stt_i32, 4, 0x80000000u, 0 },
			  stt_i64 = { x87_stt_i64, 8, 0x8000000000000000ull, 0 },
			  st_bcd = { x87_st_bcd, 10, 0xc000000000000000ull, 0xffff };

static int st_m(struct x86_cpu *c, const struct core_op *op, const struct store *k, bool do_pop)
{
	struct x86_state *s = &c->s;
	struct x87_host h = { 0 };
	unsigned exc, sw = 0;   /* C1: rounded up (SDM 2: FST), from the host's conversion */
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0)) {
		exc = FSW_IE | FSW_SF;
		memcpy(h.m, &k->indef_lo, 8);
		memcpy(h.m + 8, &k->indef_hi, 2);
	} else {
		h.a = get(s, 0);
		sw = k->fn(s->fcw, &h);
		exc = sw & FSW_EXC;
	}
	if (!blocked(s, exc, PRE | FSW_OE | FSW_UE)) {
		st = write_m(c, op, k->size, h.m);
		if (st)
			return st;
		if (do_pop)
			pop(s);
	}
	finish(c, op, exc, sw, FSW_C1, true);
	return CORE_OK;
}
#define ST_M(name, k, p)                                           \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return st_m(x86(v), op, &k, p);                    \
	}
ST_M(fst_f32, st_f32, false) ST_M(fstp_f32, st_f32, true) ST_M(fst_f64, st_f64, false)
ST_M(fstp_f64, st_f64, true) ST_M(fist_i16, st_i16, false) ST_M(fistp_i16, st_i16, true)
ST_M(fist_i32, st_i32, false) ST_M(fistp_i32, st_i32, true) ST_M(fistp_i64, st_i64, true)
ST_M(fisttp_i16, stt_i16, true) ST_M(fisttp_i32, stt_i32, true) ST_M(fisttp_i64, stt_i64, true)
ST_M(fbstp, st_bcd, true)

/* FSTP m80fp (DB /7): the bits as they are. */
CORE_HANDLER(fstp_f80)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	bool und = empty(s, 0);
	if (und && blocked(s, FSW_IE, FSW_IE)) {
		finish(c, op, FSW_IE | FSW_SF, 0, FSW_C1, true);
		return CORE_OK;
	}
	struct x86_fpreg r = und ? indefinite : s->st[phys(s, 0)];
	st = write_m(c, op, 10, &r);
	if (st)
		return st;
	pop(s);
	finish(c, op, und ? FSW_IE | FSW_SF : 0, 0, FSW_C1, true);
	return CORE_OK;
}

/* FST ST(i), FSTP ST(i) (DD D0+i, DD D8+i). */
static int st_r(struct x86_cpu *c, const struct core_op *op, bool do_pop)
{
	struct x86_state *s = &c->s;
	unsigned i = op->r[1] & 7;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0))
		return underflow(c, op, (int)i, do_pop, false);
	put_reg(s, i, s->st[phys(s, 0)]);
	if (do_pop)
		pop(s);
	finish(c, op, 0, 0, FSW_C1, false);
	return CORE_OK;
}
CORE_HANDLER(fst_r)
{
	return st_r(x86(v), op, false);
}
CORE_HANDLER(fstp_r)
{
	return st_r(x86(v), op, true);
}

/* ------------------------------------------ one- and two-operand ops */

/*
 * ST(0) = f(ST(0)) (FSQRT, FRNDINT, F2XM1, FSIN, FCOS); FSIN and FCOS
 * leave ST(0) with C2 = 1 out of range (|x| >= 2^63).
 */
static int unary(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn, unsigned cc_mask)
{
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0))
		return underflow(c, op, 0, false, false);
	struct x87_host h = { get(s, 0), 0, { 0 } };
	unsigned sw = fn(s->fcw, &h), exc = sw & FSW_EXC;
	if (!blocked(s, exc, PRE))
		put(s, 0, h.a);
	finish(c, op, exc, sw, cc_mask, false);
	return CORE_OK;
}
#define UNARY(name, fn, ccm)                                       \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return unary(x86(v), op, fn, ccm);                 \
	}
UNARY(fsqrt, x87_sqrt, FSW_C1) UNARY(frndint, x87_rndint, FSW_C1) UNARY(f2xm1, x87_2xm1, FSW_C1)
UNARY(fsin, x87_sin, FSW_C1 | FSW_C2) UNARY(fcos, x87_cos, FSW_C1 | FSW_C2)

/* FCHS, FABS (D9 E0, E1): the sign bit alone, no exception but underflow. */
static int sign_op(struct x86_cpu *c, const struct core_op *op, uint16_t and, uint16_t xor)
{
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0))
		return underflow(c, op, 0, false, false);
	struct x86_fpreg *r = &s->st[phys(s, 0)];
	r->sexp = (uint16_t)((r->sexp & and) ^ xor);
	finish(c, op, 0, 0, FSW_C1, false);
	return CORE_OK;
}
CORE_HANDLER(fchs)
{
	return sign_op(x86(v), op, 0xffff, 0x8000);
}
CORE_HANDLER(fabs_)
{
	return sign_op(x86(v), op, 0x7fff, 0);
}

/*
 * ST(0) op ST(1): FPREM, FPREM1, FSCALE write ST(0) (FPREM's C0-C3 are
 * the quotient's low bits and "incomplete"); FPATAN, FYL2X, FYL2XP1
 * write ST(1) and pop.
 */
static int two(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn, bool to_st1,
	       unsigned cc_mask)
{
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0) || empty(s, 1))
		return underflow(c, op, to_st1, to_st1, false);
	struct x87_host h = { get(s, 0), get(s, 1), { 0 } };
	unsigned sw = fn(s->fcw, &h), exc = sw & FSW_EXC;
	if (!blocked(s, exc, PRE)) {
		put(s, to_st1, h.a);
		if (to_st1)
			pop(s);
	}
	finish(c, op, exc, sw, cc_mask, false);
	return CORE_OK;
}
#define TWO(name, fn, st1, ccm)                                    \
	CORE_HANDLER(name)                                         \
	{                                                          \
		return two(x86(v), op, fn, st1, ccm);              \
	}
TWO(fprem, x87_prem, false, FSW_CC) TWO(fprem1, x87_prem1, false, FSW_CC)
TWO(fscale, x87_scale, false, FSW_C1) TWO(fpatan, x87_patan, true, FSW_C1)
TWO(fyl2x, x87_yl2x, true, FSW_C1) TWO(fyl2xp1, x87_yl2xp1, true, FSW_C1)

/*
 * FPTAN, FSINCOS, FXTRACT: ST(0) replaced and a second value pushed
 * (1.0, the cosine, the significand); FPTAN and FSINCOS out of range
 * leave the stack and set C2.
 */
static int split(struct x86_cpu *c, const struct core_op *op, x87_host_fn *fn)
{
	struct x86_state *s = &c->s;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0))
		return underflow(c, op, 0, false, false);
	if (!empty(s, 7)) {
		if (!blocked(s, FSW_IE, FSW_IE)) {
			put_reg(s, 0, indefinite);
			set_top(s, top(s) - 1);
			put_reg(s, 0, indefinite);
		}
		finish(c, op, FSW_IE | FSW_SF, FSW_C1, FSW_C1 | FSW_C2, false);
		return CORE_OK;
	}
	struct x87_host h = { get(s, 0), 0, { 0 } };
	unsigned sw = fn(s->fcw, &h), exc = sw & FSW_EXC;
	if (!blocked(s, exc, PRE) && !(sw & FSW_C2)) {
		put(s, 0, h.b);
		set_top(s, top(s) - 1);
		put(s, 0, h.a);
	}
	finish(c, op, exc, sw, FSW_C1 | FSW_C2, false);
	return CORE_OK;
}
CORE_HANDLER(fptan)
{
	return split(x86(v), op, x87_ptan);
}
CORE_HANDLER(fsincos)
{
	return split(x86(v), op, x87_sincos);
}
CORE_HANDLER(fxtract)
{
	return split(x86(v), op, x87_xtract);
}

/* ---------------------------------------------------- stack control */

/* FXCH ST(i) (D9 C8+i): empty operands become the indefinite first when IE is masked. */
CORE_HANDLER(fxch)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	unsigned i = op->r[1] & 7;
	int st = pending(c, op);
	if (st)
		return st;
	unsigned exc = empty(s, 0) || empty(s, i) ? FSW_IE | FSW_SF : 0;
	if (!blocked(s, exc, FSW_IE)) {
		if (empty(s, 0))
			put_reg(s, 0, indefinite);
		if (empty(s, i))
			put_reg(s, i, indefinite);
		struct x86_fpreg t = s->st[phys(s, 0)];
		s->st[phys(s, 0)] = s->st[phys(s, i)];
		s->st[phys(s, i)] = t;
	}
	finish(c, op, exc, 0, FSW_C1, false);
	return CORE_OK;
}

/* FCMOVcc ST(0), ST(i) (DA/DB C0-DF): the condition from RFLAGS as CMOVcc's. */
CORE_HANDLER(fcmov)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	unsigned i = op->r[1] & 7;
	int st = pending(c, op);
	if (st)
		return st;
	if (empty(s, 0) || empty(s, i))
		return underflow(c, op, 0, false, false);
	/* DA /0-/3: B, E, BE, U; DB: their negations (CMOVcc's condition numbers 2, 4, 6, 10, +1). */
	static const uint8_t cc[4] = { 2, 4, 6, 10 };
	unsigned reg = (op->imm >> 3) & 3;
	if (x86_cond(c, cc[reg] + ((op->imm >> 8) & 1)))
		put_reg(s, 0, s->st[phys(s, i)]);
	finish(c, op, 0, 0, 0, false);
	return CORE_OK;
}

/* FFREE ST(i) (DD C0+i), FINCSTP, FDECSTP (D9 F7, F6), FNOP (D9 D0). */
CORE_HANDLER(ffree)
{
	struct x86_cpu *c = x86(v);
	int st = pending(c, op);
	if (st)
		return st;
	c->s.ftw &= (uint8_t)~(1u << phys(&c->s, op->r[1] & 7));
	finish(c, op, 0, 0, 0, false);
	return CORE_OK;
}
static int step_top(struct x86_cpu *c, const struct core_op *op, unsigned d)
{
	int st = pending(c, op);
	if (st)
		return st;
	set_top(&c->s, top(&c->s) + d);
	finish(c, op, 0, 0, FSW_C1, false);
	return CORE_OK;
}
CORE_HANDLER(fincstp)
{
	return step_top(x86(v), op, 1);
}
CORE_HANDLER(fdecstp)
{
	return step_top(x86(v), op, 7);
}
CORE_HANDLER(fnop)
{
	struct x86_cpu *c = x86(v);
	int st = pending(c, op);
	if (!st)
		finish(c, op, 0, 0, 0, false);
	return st;
}

/* ------------------------------------------------ control and state */

/* FNINIT (DB E3): FCW 0x037F, FSW 0, all registers empty, the last-instruction pointers 0. */
CORE_HANDLER(fninit)
{
	struct x86_state *s = &x86(v)->s;
	s->fcw = 0x37f;
	s->fsw = 0;
	s->ftw = 0;          /* abridged: no register valid */
	s->fop = 0;
	s->fip = 0;
	s->fdp = 0;
	return CORE_OK;
}

/* FNCLEX (DB E2): clear the exception flags, ES, SF and B (FSW bits 7:0 and 15). */
CORE_HANDLER(fnclex)
{
	x86(v)->s.fsw &= 0x7f00;
	return CORE_OK;
}

/* FNSTSW AX (DF E0) and FNSTSW m16 (DD /7). */
CORE_HANDLER(fnstsw_ax)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, X86_RAX, 1, c->s.fsw);
	return CORE_OK;
}
CORE_HANDLER(fnstsw_m)
{
	struct x86_cpu *c = x86(v);
	return x86_write(c, op, x86_ea(c, op), 2, c->s.fsw);
}

/* ES and B follow the flags and masks after FCW or FSW are loaded (a pending exception). */
static void recompute_es(struct x86_state *s)
{
	s->fsw &= (uint16_t)~(FSW_ES | FSW_B);
	if (s->fsw & ~s->fcw & FSW_EXC)
		s->fsw |= FSW_ES | FSW_B;
}

/* FNSTCW m16 (D9 /7), FLDCW m16 (D9 /5; bits 6 and 13-15 are reserved, read as 1 for bit 6). */
CORE_HANDLER(fnstcw)
{
	struct x86_cpu *c = x86(v);
	return x86_write(c, op, x86_ea(c, op), 2, c->s.fcw);
}
CORE_HANDLER(fldcw)
{
	struct x86_cpu *c = x86(v);
	uint64_t x;
	int st = pending(c, op);
	if (!st)
		st = x86_read(c, op, x86_ea(c, op), 2, &x);
	if (!st) {
		c->s.fcw = (uint16_t)((x & 0x1f3f) | 0x40);
		recompute_es(&c->s);
	}
	return st;
}

/* FWAIT (9B): #NM with CR0.MP and CR0.TS (SDM 3:2.5 Table 2-2), then a pending x87 exception. */
CORE_HANDLER(fwait)
{
	struct x86_cpu *c = x86(v);
	if ((c->s.cr0 & (X86_CR0_MP | X86_CR0_TS)) == (X86_CR0_MP | X86_CR0_TS))
		return x86_fault(c, op, X86_EXC_NM, X86_NO_ERROR);
	return pending(c, op);
}

/*
 * The full tag of physical register r (SDM 1:8.1.7): 0 valid, 1 zero,
 * 2 special (NaN, infinity, denormal, unsupported), 3 empty.
 */
static unsigned full_tag(const struct x86_state *s, unsigned r)
{
	const struct x86_fpreg *f = &s->st[r];
	unsigned e = f->sexp & 0x7fff;
	if (!(s->ftw >> r & 1))
		return 3;
	if (e == 0)
		return f->mant ? 2 : 1;
	if (e == 0x7fff || !(f->mant >> 63))
		return 2;
	return 0;
}

/*
 * The environment image in 64-bit mode (SDM 1:8.1.10, Figures 8-9 and
 * 8-10): 28 bytes of 32-bit fields, or 14 bytes of 16-bit fields with a
 * 16-bit operand size (66). FCS and FDS are 0; FOP sits in the 32-bit
 * form's FCS dword, bits 26:16.
 */
static unsigned env_size(const struct core_op *op)
{
	return op->f[3] == 1 ? 14 : 28;
}

static void save_env(const struct x86_state *s, uint8_t *img, bool small)
{
	unsigned tags = 0;
	for (unsigned r = 0; r < 8; r++)
		tags |= full_tag(s, r) << (2 * r);
	uint32_t f[7] = { s->fcw, s->fsw, tags, (uint32_t)s->fip, (uint32_t)s->fop << 16,
			  (uint32_t)s->fdp, 0 };
	for (unsigned i = 0; i < 7; i++) {
		if (small)
			memcpy(img + 2 * i, &f[i], 2);
		else
			memcpy(img + 4 * i, &f[i], 4);
	}
}

static void load_env(struct x86_state *s, const uint8_t *img, bool small)
{
	uint32_t f[7] = { 0 };
	for (unsigned i = 0; i < 7; i++)
		memcpy(&f[i], img + (small ? 2 : 4) * i, small ? 2 : 4);
	s->fcw = (uint16_t)((f[0] & 0x1f3f) | 0x40);
	s->fsw = (uint16_t)f[1];
	s->ftw = 0;
	for (unsigned r = 0; r < 8; r++)
		if (((f[2] >> (2 * r)) & 3) != 3)
			s->ftw |= (uint8_t)(1u << r);
	s->fip = f[3];
	s->fop = small ? 0 : (uint16_t)((f[4] >> 16) & 0x7ff);
	s->fdp = f[5];
	recompute_es(s);
}

/* FNSTENV (D9 /6): the environment, then every exception masked (SDM 2: FSTENV). */
CORE_HANDLER(fnstenv)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[28];
	save_env(&c->s, img, env_size(op) == 14);
	int st = x86_mem_bytes(c, op, x86_ea(c, op), img, env_size(op), X86_WRITE);
	if (!st)
		c->s.fcw |= FSW_EXC;
	return st;
}

/* FLDENV (D9 /4). */
CORE_HANDLER(fldenv)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[28];
	int st = pending(c, op);
	if (!st)
		st = x86_mem_bytes(c, op, x86_ea(c, op), img, env_size(op), X86_READ);
	if (!st)
		load_env(&c->s, img, env_size(op) == 14);
	return st;
}

/* FNSAVE (DD /6): the environment and ST(0)-ST(7) in 10 bytes each, then FNINIT. */
CORE_HANDLER(fnsave)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	uint8_t img[28 + 80];
	unsigned n = env_size(op);
	save_env(s, img, n == 14);
	for (unsigned i = 0; i < 8; i++)
		memcpy(img + n + 10 * i, &s->st[phys(s, i)], 10);
	int st = x86_mem_bytes(c, op, x86_ea(c, op), img, n + 80, X86_WRITE);
	if (st)
		return st;
	return fninit_body(v, op);
}

/* FRSTOR (DD /4). */
CORE_HANDLER(frstor)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	uint8_t img[28 + 80];
	unsigned n = env_size(op);
	int st = pending(c, op);
	if (!st)
		st = x86_mem_bytes(c, op, x86_ea(c, op), img, n + 80, X86_READ);
	if (st)
		return st;
	load_env(s, img, n == 14);
	for (unsigned i = 0; i < 8; i++)
		memcpy(&s->st[phys(s, i)], img + n + 10 * i, 10);
	return CORE_OK;
}

/* ---------------------------------------------------------- the rows */

/* The register forms that ModRM names in full: rm picks the instruction within a ModRM.reg group. */
#define RM_IS(n)                                          \
	static bool rm_is_##n(const struct x86_dec *d)    \
	{                                                 \
		return (d->modrm & 7) == n;               \
	}
EIGHT(RM_IS)

#define EXEC(fn) static const struct x86_exec fn##_exec = X86_EXEC_ALL(fn);
#define EXEC4(nm) EXEC(nm##_f32) EXEC(nm##_f64) EXEC(nm##_i32) EXEC(nm##_i16)
#define EXEC3(nm) EXEC(nm##_st0) EXEC(nm##_sti) EXEC(nm##_p)
EXEC4(add_m) EXEC4(mul_m) EXEC4(sub_m) EXEC4(subr_m) EXEC4(div_m) EXEC4(divr_m)
EXEC3(add_r) EXEC3(mul_r) EXEC3(sub_r) EXEC3(subr_r) EXEC3(div_r) EXEC3(divr_r)
EXEC4(com) EXEC4(comp)
EXEC(fcom_r) EXEC(fcomp_r) EXEC(fucom_r) EXEC(fucomp_r) EXEC(fcompp) EXEC(fucompp)
EXEC(fcomi) EXEC(fcomip) EXEC(fucomi) EXEC(fucomip) EXEC(ftst) EXEC(fxam)
EXEC(fld_f32) EXEC(fld_f64) EXEC(fld_f80) EXEC(fild_i16) EXEC(fild_i32) EXEC(fild_i64)
EXEC(fbld) EXEC(fld_r) EXEC(fld1) EXEC(fldl2t) EXEC(fldl2e) EXEC(fldpi) EXEC(fldlg2)
EXEC(fldln2) EXEC(fldz)
EXEC(fst_f32) EXEC(fstp_f32) EXEC(fst_f64) EXEC(fstp_f64) EXEC(fist_i16) EXEC(fistp_i16)
EXEC(fist_i32) EXEC(fistp_i32) EXEC(fistp_i64) EXEC(fisttp_i16) EXEC(fisttp_i32)
EXEC(fisttp_i64) EXEC(fbstp) EXEC(fstp_f80) EXEC(fst_r) EXEC(fstp_r)
EXEC(fsqrt) EXEC(frndint) EXEC(f2xm1) EXEC(fsin) EXEC(fcos) EXEC(fchs) EXEC(fabs_)
EXEC(fprem) EXEC(fprem1) EXEC(fscale) EXEC(fpatan) EXEC(fyl2x) EXEC(fyl2xp1)
EXEC(fptan) EXEC(fsincos) EXEC(fxtract)
EXEC(fxch) EXEC(fcmov) EXEC(ffree) EXEC(fincstp) EXEC(fdecstp) EXEC(fnop)
EXEC(fninit) EXEC(fnclex) EXEC(fnstsw_ax) EXEC(fnstsw_m) EXEC(fnstcw) EXEC(fldcw) EXEC(fwait)
EXEC(fnstenv) EXEC(fldenv) EXEC(fnsave) EXEC(frstor)

#define FPU X86_F_FPU
#define ST CORE_CLASS_STORE
/* A memory form: opcode, ModRM.reg, class, mnemonic, operand, handler. */
#define M(opc, ext, cls, nm, ops, fn) X86_ROW(B, opc, ANY, ext, MM, NI, SN, cls, FPU, nm, ops, &fn##_exec)
/* A register form with ST(i) in ModRM.rm. */
#define R(opc, ext, nm, ops, fn) X86_ROW(B, opc, ANY, ext, X86_M_REG, NI, SN, ALU, FPU, nm, ops, &fn##_exec)
/* A register form that ModRM names in full (rm picks it); RFC with a class and operands. */
#define RFC(opc, ext_, rm, cls_, nm, ops_, fn)                                                     \
	{ .map = B, .opcode = opc, .ext = ext_, .modrm = X86_M_REG, .cls = cls_, .flags = FPU,      \
	  .name = nm, .ops = ops_, .exec = &fn##_exec, .when = rm_is_##rm }
#define RF(opc, ext, rm, nm, fn) RFC(opc, ext, rm, ALU, nm, "", fn)
/* The arithmetic group of D8 (m32fp), DC (m64fp), DA (m32int), DE (m16int) by ModRM.reg. */
#define ARITH_M(opc, pfx, sz, ops)                                                                 \
	M(opc, 0, LD, pfx "add", ops, add_m_##sz), M(opc, 1, LD, pfx "mul", ops, mul_m_##sz),         \
	M(opc, 2, LD, pfx "com", ops, com_##sz), M(opc, 3, LD, pfx "comp", ops, comp_##sz),         \
	M(opc, 4, LD, pfx "sub", ops, sub_m_##sz), M(opc, 5, LD, pfx "subr", ops, subr_m_##sz),     \
	M(opc, 6, LD, pfx "div", ops, div_m_##sz), M(opc, 7, LD, pfx "divr", ops, divr_m_##sz)

static const struct x86_row rows[] = {
	ARITH_M(0xd8, "f", f32, "Fd"), ARITH_M(0xdc, "f", f64, "Fq"),
	ARITH_M(0xda, "fi", i32, "Fd"), ARITH_M(0xde, "fi", i16, "Fw"),
	/* D8: ST(0) = ST(0) op ST(i); DC: ST(i) = ST(i) op ST(0) (DC E0 is FSUBR, E8 FSUB); DE: and pop. */
	R(0xd8, 0, "fadd", "T", add_r_st0), R(0xd8, 1, "fmul", "T", mul_r_st0),
	R(0xd8, 2, "fcom", "T", fcom_r), R(0xd8, 3, "fcomp", "T", fcomp_r),
	R(0xd8, 4, "fsub", "T", sub_r_st0), R(0xd8, 5, "fsubr", "T", subr_r_st0),
	R(0xd8, 6, "fdiv", "T", div_r_st0), R(0xd8, 7, "fdivr", "T", divr_r_st0),
	R(0xdc, 0, "fadd", "T,T0", add_r_sti), R(0xdc, 1, "fmul", "T,T0", mul_r_sti),
	R(0xdc, 4, "fsubr", "T,T0", subr_r_sti), R(0xdc, 5, "fsub", "T,T0", sub_r_sti),
	R(0xdc, 6, "fdivr", "T,T0", divr_r_sti), R(0xdc, 7, "fdiv", "T,T0", div_r_sti),
	R(0xde, 0, "faddp", "T", add_r_p), R(0xde, 1, "fmulp", "T", mul_r_p),
	RF(0xde, 3, 1, "fcompp", fcompp),
	R(0xde, 4, "fsubrp", "T", subr_r_p), R(0xde, 5, "fsubp", "T", sub_r_p),
	R(0xde, 6, "fdivrp", "T", divr_r_p), R(0xde, 7, "fdivp", "T", div_r_p),
	/* D9 */
	M(0xd9, 0, LD, "fld", "Fd", fld_f32), M(0xd9, 2, ST, "fst", "Fd", fst_f32),
	M(0xd9, 3, ST, "fstp", "Fd", fstp_f32), M(0xd9, 4, LD, "fldenv", "F", fldenv),
	M(0xd9, 5, LD, "fldcw", "Mw", fldcw), M(0xd9, 6, ST, "fnstenv", "F", fnstenv),
	M(0xd9, 7, ST, "fnstcw", "Mw", fnstcw),
	R(0xd9, 0, "fld", "T", fld_r), R(0xd9, 1, "fxch", "T", fxch), RF(0xd9, 2, 0, "fnop", fnop),
	RF(0xd9, 4, 0, "fchs", fchs), RF(0xd9, 4, 1, "fabs", fabs_), RF(0xd9, 4, 4, "ftst", ftst),
	RF(0xd9, 4, 5, "fxam", fxam),
	RF(0xd9, 5, 0, "fld1", fld1), RF(0xd9, 5, 1, "fldl2t", fldl2t), RF(0xd9, 5, 2, "fldl2e", fldl2e),
	RF(0xd9, 5, 3, "fldpi", fldpi), RF(0xd9, 5, 4, "fldlg2", fldlg2), RF(0xd9, 5, 5, "fldln2", fldln2),
	RF(0xd9, 5, 6, "fldz", fldz),
	RF(0xd9, 6, 0, "f2xm1", f2xm1), RF(0xd9, 6, 1, "fyl2x", fyl2x), RF(0xd9, 6, 2, "fptan", fptan),
	RF(0xd9, 6, 3, "fpatan", fpatan), RF(0xd9, 6, 4, "fxtract", fxtract),
	RF(0xd9, 6, 5, "fprem1", fprem1), RF(0xd9, 6, 6, "fdecstp", fdecstp),
	RF(0xd9, 6, 7, "fincstp", fincstp),
	RF(0xd9, 7, 0, "fprem", fprem), RF(0xd9, 7, 1, "fyl2xp1", fyl2xp1), RF(0xd9, 7, 2, "fsqrt", fsqrt),
	RF(0xd9, 7, 3, "fsincos", fsincos), RF(0xd9, 7, 4, "frndint", frndint),
	RF(0xd9, 7, 5, "fscale", fscale), RF(0xd9, 7, 6, "fsin", fsin), RF(0xd9, 7, 7, "fcos", fcos),
	/* DA, DB register forms: FCMOVcc, FUCOMPP, FNCLEX, FNINIT, FUCOMI, FCOMI. */
	R(0xda, 0, "fcmovb", "T0,T", fcmov), R(0xda, 1, "fcmove", "T0,T", fcmov),
	R(0xda, 2, "fcmovbe", "T0,T", fcmov), R(0xda, 3, "fcmovu", "T0,T", fcmov),
	RF(0xda, 5, 1, "fucompp", fucompp),
	R(0xdb, 0, "fcmovnb", "T0,T", fcmov), R(0xdb, 1, "fcmovne", "T0,T", fcmov),
	R(0xdb, 2, "fcmovnbe", "T0,T", fcmov), R(0xdb, 3, "fcmovnu", "T0,T", fcmov),
	RFC(0xdb, 4, 2, SYS, "fnclex", "", fnclex), RFC(0xdb, 4, 3, SYS, "fninit", "", fninit),
	R(0xdb, 5, "fucomi", "T", fucomi), R(0xdb, 6, "fcomi", "T", fcomi),
	/* DB memory: m32int and m80fp. */
	M(0xdb, 0, LD, "fild", "Fd", fild_i32), M(0xdb, 1, ST, "fisttp", "Fd", fisttp_i32),
	M(0xdb, 2, ST, "fist", "Fd", fist_i32), M(0xdb, 3, ST, "fistp", "Fd", fistp_i32),
	M(0xdb, 5, LD, "fld", "Ft", fld_f80), M(0xdb, 7, ST, "fstp", "Ft", fstp_f80),
	/* DD: m64fp, the state images, FNSTSW; FFREE, FST(P) ST(i), FUCOM(P). */
	M(0xdd, 0, LD, "fld", "Fq", fld_f64), M(0xdd, 1, ST, "fisttp", "Fq", fisttp_i64),
	M(0xdd, 2, ST, "fst", "Fq", fst_f64), M(0xdd, 3, ST, "fstp", "Fq", fstp_f64),
	M(0xdd, 4, LD, "frstor", "F", frstor), M(0xdd, 6, ST, "fnsave", "F", fnsave),
	M(0xdd, 7, ST, "fnstsw", "Mw", fnstsw_m),
	R(0xdd, 0, "ffree", "T", ffree), R(0xdd, 2, "fst", "T", fst_r), R(0xdd, 3, "fstp", "T", fstp_r),
	R(0xdd, 4, "fucom", "T", fucom_r), R(0xdd, 5, "fucomp", "T", fucomp_r),
	/* DF: m16int, m64int, packed BCD; FNSTSW AX, FUCOMIP, FCOMIP. */
	M(0xdf, 0, LD, "fild", "Fw", fild_i16), M(0xdf, 1, ST, "fisttp", "Fw", fisttp_i16),
	M(0xdf, 2, ST, "fist", "Fw", fist_i16), M(0xdf, 3, ST, "fistp", "Fw", fistp_i16),
	M(0xdf, 4, LD, "fbld", "Fp", fbld), M(0xdf, 5, LD, "fild", "Fq", fild_i64),
	M(0xdf, 6, ST, "fbstp", "Fp", fbstp), M(0xdf, 7, ST, "fistp", "Fq", fistp_i64),
	RFC(0xdf, 4, 0, SYS, "fnstsw", "AX", fnstsw_ax),
	R(0xdf, 5, "fucomip", "T", fucomip), R(0xdf, 6, "fcomip", "T", fcomip),
	X86_ROW(B, 0x9b, ANY, -1, MN, NI, SN, SYS, 0, "wait", "", &fwait_exec),
};

const struct x86_table x86_table_x87 = { rows, sizeof(rows) / sizeof(rows[0]) };
