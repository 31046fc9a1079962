/*
 * SSE and SSE2 (SDM 1:10-11, SDM 2 by mnemonic), the x86-64 baseline:
 * the 0F map's XMM rows selected by the mandatory prefix (none: PS, 66:
 * PD and the packed integers, F3: SS, F2: SD). Floating point goes
 * through the engine's IEEE 754 unit (cpu/core/ieee.h) with x86's rules:
 * the first NaN operand wins, quietened; the default NaN is negative
 * (0xFFC00000); tininess after rounding; MXCSR.DAZ takes denormal inputs
 * as zeros without a flag, MXCSR.FTZ flushes tiny results raising
 * underflow and inexact (SDM 1:10.2.3.3-4). The denormal-operand flag
 * (MXCSR.DE) is x86's own: it is computed here.
 *
 * Whether SSE may run (CR4.OSFXSR, CR0.EM, CR0.TS) is part of the decode
 * mode; decode gives a row flagged X86_F_SSE the #UD/#NM handler when it
 * may not (decode.c), so handlers never check.
 *
 * Each lane is computed in C through ieee_host_arith (exact in every
 * mode, flags isolated): correct first; an inline host fast path as
 * arm64's can come when x86 code runs enough floating point to matter.
 */
#include "cpu/core/ieee.h"
#include "cpu/core/simd.h"
#include "cpu/x86-coco/rows.h"

/* --------------------------------------------------------------- MXCSR */

/* MXCSR (SDM 1:10.2.3): flags 5:0, DAZ, masks 12:7 in the flags' order, RC, FTZ. */
enum {
	MX_IE = 1u << 0, MX_DE = 1u << 1, MX_ZE = 1u << 2, MX_OE = 1u << 3, MX_UE = 1u << 4,
	MX_PE = 1u << 5, MX_FLAGS = 0x3f, MX_DAZ = 1u << 6, MX_MASK_SHIFT = 7, MX_RC_SHIFT = 13,
	MX_FTZ = 1u << 15,
};

/* x86's choices where IEEE 754 leaves them (SDM 1:4.8.3.5 Table 4-7, 1:10.2.3.4). */
static const struct ieee_rules sse_rules = {
	.default_nan = { [IEEE_H] = 0xfe00, [IEEE_S] = 0xffc00000, [IEEE_D] = 0xfff8000000000000 },
	.nan_rule = IEEE_NAN_OPERAND_ORDER,
	.tiny_before_rounding = false,
	.flush_in_flags = 0,
	.flush_out_flags = IEEE_UNDERFLOW | IEEE_INEXACT,
};

/* The environment MXCSR gives one instruction: RC 00 nearest, 01 down, 10 up, 11 zero. */
static struct ieee_env sse_env(const struct x86_cpu *c)
{
	static const uint8_t rc[4] = { IEEE_RN, IEEE_RM, IEEE_RP, IEEE_RZ };
	uint32_t mx = c->s.mxcsr;
	return (struct ieee_env){ .rules = &sse_rules, .mode = rc[(mx >> MX_RC_SHIFT) & 3],
				  .flush_in = (mx & MX_DAZ) != 0, .flush_out = (mx & MX_FTZ) != 0 };
}

/*
 * The flags an instruction raised (IEEE_* with IEEE_DENORMAL as DE) into
 * MXCSR; an unmasked one is #XM, or #UD without CR4.OSXMMEXCPT (SDM
 * 1:11.5.1), the destination unchanged. An unmasked invalid, denormal or
 * divide-by-zero is detected before the result exists, so overflow,
 * underflow and inexact are not reported with it (SDM 1:11.5.2).
 * Returns nonzero (the fault's status) when the instruction must not
 * write its result.
 */
static int sse_flags(struct x86_cpu *c, const struct core_op *op, unsigned f)
{
	unsigned mx = (f & IEEE_INVALID) | (f & IEEE_DENORMAL ? MX_DE : 0) |
		      (f & IEEE_DIVZERO ? MX_ZE : 0) | (f & IEEE_OVERFLOW ? MX_OE : 0) |
		      (f & IEEE_UNDERFLOW ? MX_UE : 0) | (f & IEEE_INEXACT ? MX_PE : 0);
	unsigned unmasked = mx & ~(c->s.mxcsr >> MX_MASK_SHIFT) & MX_FLAGS;
	if (unmasked & (MX_IE | MX_DE | MX_ZE))
		mx &= MX_IE | MX_DE | MX_ZE;
	c->s.mxcsr |= mx;
	if (!(mx & ~(c->s.mxcsr >> MX_MASK_SHIFT) & MX_FLAGS))
		return 0;
	bool xm = c->s.cr4 & X86_CR4_OSXMMEXCPT;
	return x86_fault(c, op, xm ? X86_EXC_XM : X86_EXC_UD, X86_NO_ERROR);
}

/* V = r, unless the flags the instruction raised fault. */
static int sse_result(struct x86_cpu *c, const struct core_op *op, const struct ieee_env *env,
		      const x86_xmm *r)
{
	int st = sse_flags(c, op, env->flags);
	if (!st)
		c->s.xmm[op->r[0]] = *r;
	return st;
}

/* ------------------------------------------------------------ operands */

/*
 * The W operand (ModRM.rm): XMM register r[1], or n bytes of memory,
 * which a legacy-SSE 16-byte access needs 16-byte aligned (#GP(0), SDM
 * 1:11.6.4). A scalar from memory leaves the other lanes zero.
 */
static int load_w(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned n, bool align,
		  x86_xmm *out)
{
	if (!mem) {
		*out = c->s.xmm[op->r[1]];
		return 0;
	}
	uint64_t la = x86_ea(c, op);
	if (align && (la & 15))
		return x86_fault(c, op, X86_EXC_GP, 0);
	memset(out, 0, sizeof(*out));
	return x86_mem_bytes(c, op, la, out, n, X86_READ);
}

/* Store n bytes of v to the W operand's memory (its register form writes the whole register). */
static int store_w(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned n, bool align,
		   const x86_xmm *v)
{
	if (!mem) {
		c->s.xmm[op->r[1]] = *v;
		return 0;
	}
	uint64_t la = x86_ea(c, op);
	if (align && (la & 15))
		return x86_fault(c, op, X86_EXC_GP, 0);
	x86_xmm t = *v;
	return x86_mem_bytes(c, op, la, &t, n, X86_WRITE);
}

/* Two handlers (register and memory form) of fn(c, op, mem, args...); operand size ignored. */
#define SSE_OP(name, fn, ...)                                                               \
	CORE_HANDLER(name##_r)                  \
	{                                                                                   \
		return fn(x86(v), op, false, __VA_ARGS__);                                  \
	}                                                                                   \
	CORE_HANDLER(name##_m)                  \
	{                                                                                   \
		return fn(x86(v), op, true, __VA_ARGS__);                                   \
	}                                                                                   \
	static const struct x86_exec name##_exec = {                                        \
		.reg = { name##_r, name##_r, name##_r, name##_r },                          \
		.mem = { name##_m, name##_m, name##_m, name##_m },                          \
	};

/* -------------------------------------------------------------- moves */

/* V = W: n bytes; a register-to-register scalar move keeps V's upper lanes (MOVSS, MOVSD). */
static int mov_vw(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned n, bool align)
{
	x86_xmm s;
	int st = load_w(c, op, mem, n, align, &s);
	if (st)
		return st;
	x86_xmm *d = &c->s.xmm[op->r[0]];
	if (mem || n == 16)
		*d = s;
	else
		memcpy(d, &s, n);
	return CORE_OK;
}

/* W = V: n bytes to memory; a scalar register destination keeps its upper lanes. */
static int mov_wv(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned n, bool align)
{
	const x86_xmm *s = &c->s.xmm[op->r[0]];
	if (mem || n == 16)
		return store_w(c, op, mem, n, align, s);
	memcpy(&c->s.xmm[op->r[1]], s, n);
	return CORE_OK;
}
SSE_OP(movu_vw, mov_vw, 16, false)
SSE_OP(mova_vw, mov_vw, 16, true)
SSE_OP(movu_wv, mov_wv, 16, false)
SSE_OP(mova_wv, mov_wv, 16, true)
SSE_OP(movss_vw, mov_vw, 4, false)
SSE_OP(movsd_vw, mov_vw, 8, false)
SSE_OP(movss_wv, mov_wv, 4, false)
SSE_OP(movsd_wv, mov_wv, 8, false)

/* MOVQ xmm, xmm/m64 (F3 0F 7E) and MOVQ xmm/m64, xmm (66 0F D6): the upper quadword is zeroed. */
static int movq_vw(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	x86_xmm s;
	int st = load_w(c, op, mem, 8, false, &s);
	if (!st)
		c->s.xmm[op->r[0]] = (x86_xmm){ .q = { s.q[0], 0 } };
	return st;
}
static int movq_wv(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	x86_xmm s = { .q = { c->s.xmm[op->r[0]].q[0], 0 } };
	return store_w(c, op, mem, 8, false, &s);
}
SSE_OP(movq_vw, movq_vw, 0)
SSE_OP(movq_wv, movq_wv, 0)

/* MOVD/MOVQ xmm, r/m32/64 (66 0F 6E): zero-extended into the register. */
X86_INLINE int movd_ve(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, sz, mem, &la, &x);
	if (!st)
		c->s.xmm[op->r[0]] = (x86_xmm){ .q = { x, 0 } };
	return st;
}
X86_FORMS(movd_ve)

/* MOVD/MOVQ r/m32/64, xmm (66 0F 7E). */
X86_INLINE int movd_ev(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return x86_store_e(c, op, sz, mem, mem ? x86_ea(c, op) : 0, c->s.xmm[op->r[0]].q[0]);
}
X86_FORMS(movd_ev)

/* ------------------------------------------------------- arithmetic */

enum fp_kind { FP_ADD, FP_SUB, FP_MUL, FP_DIV, FP_SQRT, FP_MIN, FP_MAX };

static float host32(enum fp_kind k, float a, float b, float unused)
{
	switch (k) {
	case FP_ADD: return a + b;
	case FP_SUB: return a - b;
	case FP_MUL: return a * b;
	case FP_DIV: return a / b;
	default: return sqrtf(b);
	}
}
static double host64(enum fp_kind k, double a, double b, double unused)
{
	switch (k) {
	case FP_ADD: return a + b;
	case FP_SUB: return a - b;
	case FP_MUL: return a * b;
	case FP_DIV: return a / b;
	default: return sqrt(b);
	}
}
IEEE_HOST_FN(sse_host, enum fp_kind, host32, host64)

/* Is a a denormal that DAZ does not flush? Then it raises DE (SDM 1:4.9.1.2). */
static bool denormal(const struct ieee_env *env, enum ieee_fmt f, uint64_t a)
{
	return !env->flush_in && ieee_exp(f, a) == 0 && (a & ieee_frac_mask(f));
}

/*
 * DE for two operands: a NaN operand takes precedence over it (SDM
 * 1:4.9.2, the exception priorities), so with a NaN there is none.
 */
static void denormal2(struct ieee_env *env, enum ieee_fmt f, uint64_t a, uint64_t b)
{
	if (!ieee_is_nan(f, a) && !ieee_is_nan(f, b) && (denormal(env, f, a) || denormal(env, f, b)))
		env->flags |= IEEE_DENORMAL;
}

/*
 * One lane of a two-operand op (SQRT takes b alone): a is the destination
 * lane, b the source's (SDM 2: ADDPS ... MAXSD).
 */
static uint64_t fp_value(struct ieee_env *env, enum ieee_fmt f, enum fp_kind k, uint64_t a,
			 uint64_t b)
{
	bool one = k == FP_SQRT;
	if (k == FP_MIN || k == FP_MAX) {
		/* Not IEEE's min/max: any NaN or two zeros give the source (SDM 2: MINPS). */
		enum ieee_rel rel = ieee_compare(env, f, a, b, true);
		bool first = k == FP_MIN ? rel == IEEE_LT : rel == IEEE_GT;
		return first ? ieee_flush_in(env, f, a) : ieee_flush_in(env, f, b);
	}
	uint64_t ops[2] = { a, b }, r;
	if (ieee_process_nans(env, f, one ? &ops[1] : ops, one ? 1 : 2, &r))
		return r;
	return ieee_host_arith(env, f, sse_host, k, ieee_flush_in(env, f, a), ieee_flush_in(env, f, b), 0);
}

/*
 * The lane's value and flags: DE unless an invalid operation or a
 * division by zero, which take precedence over it (SDM 1:4.9.2), is
 * reported for the lane.
 */
static uint64_t fp_lane(struct ieee_env *env, enum ieee_fmt f, enum fp_kind k, uint64_t a,
			uint64_t b)
{
	unsigned before = env->flags;
	env->flags = 0;
	uint64_t r = fp_value(env, f, k, a, b);
	if (!(env->flags & (IEEE_INVALID | IEEE_DIVZERO)))
		denormal2(env, f, k == FP_SQRT ? b : a, b);
	env->flags |= before;
	return r;
}

/* A lane of an XMM register as a 32- or 64-bit pattern. */
static uint64_t lane(const x86_xmm *x, enum ieee_fmt f, unsigned i)
{
	return f == IEEE_S ? x->d[i] : x->q[i];
}
static void set_lane(x86_xmm *x, enum ieee_fmt f, unsigned i, uint64_t v)
{
	if (f == IEEE_S)
		x->d[i] = (uint32_t)v;
	else
		x->q[i] = v;
}

/* An arithmetic op on every lane (packed) or the lowest (scalar: the rest of V stays). */
static int fp_arith(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f,
		    bool packed, enum fp_kind k)
{
	x86_xmm s, r = c->s.xmm[op->r[0]];
	int st = load_w(c, op, mem, packed ? 16 : 1u << f, packed, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	for (unsigned i = 0, n = packed ? 16u >> f : 1; i < n; i++)
		set_lane(&r, f, i, fp_lane(&env, f, k, lane(&r, f, i), lane(&s, f, i)));
	return sse_result(c, op, &env, &r);
}
#define FP_ROWS4(name, k)                                                                   \
	SSE_OP(name##ps, fp_arith, IEEE_S, true, k)                                        \
	SSE_OP(name##pd, fp_arith, IEEE_D, true, k)                                        \
	SSE_OP(name##ss, fp_arith, IEEE_S, false, k)                                       \
	SSE_OP(name##sd, fp_arith, IEEE_D, false, k)
FP_ROWS4(add, FP_ADD)
FP_ROWS4(sub, FP_SUB)
FP_ROWS4(mul, FP_MUL)
FP_ROWS4(div, FP_DIV)
FP_ROWS4(sqrt, FP_SQRT)
FP_ROWS4(min, FP_MIN)
FP_ROWS4(max, FP_MAX)

/*
 * CMPPS/PD/SS/SD (0F C2 ib): imm8[2:0] the predicate, EQ LT LE UNORD NEQ
 * NLT NLE ORD; LT, LE and their negations signal on a quiet NaN (SDM 2:
 * CMPPS Table 3-1). Each lane becomes all ones or zeros.
 */
static int fp_cmp(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f,
		  bool packed)
{
	x86_xmm s, r = c->s.xmm[op->r[0]];
	int st = load_w(c, op, mem, packed ? 16 : 1u << f, packed, &s);
	if (st)
		return st;
	unsigned p = op->imm & 7;
	struct ieee_env env = sse_env(c);
	for (unsigned i = 0, n = packed ? 16u >> f : 1; i < n; i++) {
		uint64_t a = lane(&r, f, i), b = lane(&s, f, i);
		denormal2(&env, f, a, b);
		enum ieee_rel rel = ieee_compare(&env, f, a, b, (p & 3) == 1 || (p & 3) == 2);
		bool t;
		switch (p & 3) {
		case 0: t = rel == IEEE_EQ; break;
		case 1: t = rel == IEEE_LT; break;
		case 2: t = rel == IEEE_LT || rel == IEEE_EQ; break;
		default: t = rel == IEEE_UN; break;
		}
		set_lane(&r, f, i, (t ^ (p >> 2)) ? ~0ull : 0);
	}
	return sse_result(c, op, &env, &r);
}
SSE_OP(cmpps, fp_cmp, IEEE_S, true)
SSE_OP(cmppd, fp_cmp, IEEE_D, true)
SSE_OP(cmpss, fp_cmp, IEEE_S, false)
SSE_OP(cmpsd, fp_cmp, IEEE_D, false)

/*
 * COMISS/COMISD (signal on any NaN) and UCOMISS/UCOMISD (on a signalling
 * one): ZF, PF, CF = 111 unordered, 000 greater, 001 less, 100 equal;
 * OF, SF, AF cleared (SDM 2: COMISS).
 */
static int fp_comi(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f,
		   bool signal)
{
	x86_xmm s;
	int st = load_w(c, op, mem, 1u << f, false, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	uint64_t a = lane(&c->s.xmm[op->r[0]], f, 0), b = lane(&s, f, 0);
	denormal2(&env, f, a, b);
	static const uint64_t zpc[4] = {
		[IEEE_LT] = X86_CF, [IEEE_EQ] = X86_ZF, [IEEE_GT] = 0, [IEEE_UN] = X86_ZF | X86_PF | X86_CF,
	};
	uint64_t fl = zpc[ieee_compare(&env, f, a, b, signal)];
	if ((st = sse_flags(c, op, env.flags)))
		return st;
	x86_set_flags(c, (x86_flags(c) & ~(uint64_t)X86_ARITH_FLAGS) | fl);
	return CORE_OK;
}
SSE_OP(comiss, fp_comi, IEEE_S, true)
SSE_OP(comisd, fp_comi, IEEE_D, true)
SSE_OP(ucomiss, fp_comi, IEEE_S, false)
SSE_OP(ucomisd, fp_comi, IEEE_D, false)

/* --------------------------------------------------------- conversions */

/* CVTSI2SS/SD xmm, r/m32/64 (F3/F2 0F 2A): rounded by MXCSR.RC. */
X86_INLINE int cvtsi2s(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		       enum ieee_fmt f)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, sz, mem, &la, &x);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	uint64_t r = ieee_from_int(&env, f, x86_sext(x, sz), 0, false);
	if ((st = sse_flags(c, op, env.flags)))
		return st;
	set_lane(&c->s.xmm[op->r[0]], f, 0, r);
	return CORE_OK;
}
X86_FORMS_OF(cvtsi2ss, cvtsi2s, IEEE_S)
X86_FORMS_OF(cvtsi2sd, cvtsi2s, IEEE_D)

/*
 * A float lane to a 32- or 64-bit signed integer, rounded by `rm`; a NaN
 * or out-of-range value is invalid and gives the "integer indefinite",
 * the most negative integer (SDM 1:4.8.3.7), not IEEE's saturation. No
 * DE: these raise invalid and precision only (SDM 2: CVTSD2SI).
 */
static uint64_t to_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, unsigned bits,
		       enum ieee_rounding rm)
{
	unsigned before = env->flags;
	env->flags = 0;
	uint64_t r = ieee_to_int(env, f, a, 0, false, bits, rm);
	if (env->flags & IEEE_INVALID)
		r = 1ull << (bits - 1);
	env->flags |= before;
	return r;
}

/* CVT(T)SS2SI, CVT(T)SD2SI r32/64, xmm/m (F3/F2 0F 2C truncating, 2D by MXCSR.RC). */
X86_INLINE int cvts2si(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		       enum ieee_fmt f, bool trunc)
{
	struct x86_cpu *c = x86(v);
	x86_xmm s;
	int st = load_w(c, op, mem, 1u << f, false, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	uint64_t r = to_int(&env, f, lane(&s, f, 0), 8u << sz, trunc ? IEEE_RZ : env.mode);
	if ((st = sse_flags(c, op, env.flags)))
		return st;
	x86_set_reg(c, op->r[0], sz, r);
	return CORE_OK;
}
X86_FORMS_OF(cvttss2si, cvts2si, IEEE_S, true)
X86_FORMS_OF(cvttsd2si, cvts2si, IEEE_D, true)
X86_FORMS_OF(cvtss2si, cvts2si, IEEE_S, false)
X86_FORMS_OF(cvtsd2si, cvts2si, IEEE_D, false)

/* CVTSS2SD, CVTSD2SS (F3/F2 0F 5A): the low lane converted, the rest of V kept. */
static int cvt_scalar(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt from,
		      enum ieee_fmt to)
{
	x86_xmm s, r = c->s.xmm[op->r[0]];
	int st = load_w(c, op, mem, 1u << from, false, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	uint64_t a = lane(&s, from, 0);
	if (denormal(&env, from, a))
		env.flags |= IEEE_DENORMAL;
	set_lane(&r, to, 0, ieee_convert(&env, from, to, a, env.mode));
	return sse_result(c, op, &env, &r);
}
SSE_OP(cvtss2sd, cvt_scalar, IEEE_S, IEEE_D)
SSE_OP(cvtsd2ss, cvt_scalar, IEEE_D, IEEE_S)

/* ---------------------------------------------------- packed integers */

/* A 128-bit operation on V and W (and an immediate); the result to V. */
typedef void int_fn(x86_xmm *d, const x86_xmm *s, unsigned imm);

static int int_op(struct x86_cpu *c, const struct core_op *op, bool mem, int_fn *fn)
{
	x86_xmm s;
	int st = load_w(c, op, mem, 16, true, &s);
	if (!st)
		fn(&c->s.xmm[op->r[0]], &s, (unsigned)op->imm);
	return st;
}

/* An operation on the vector types (cpu/core/simd.h): a and b the operands, T their type. */
#define VEC(name, T, expr)                                                                  \
	static void name##_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)                   \
	{                                                                                   \
		T a, b;                                                                     \
		memcpy(&a, d, 16);                                                          \
		memcpy(&b, s, 16);                                                          \
		T r = (T)(expr);                                                            \
		memcpy(d, &r, 16);                                                          \
	}                                                                                   \
	SSE_OP(name, int_op, name##_fn)
VEC(paddb, vu8, a + b)
VEC(paddw, vu16, a + b)
VEC(paddd, vu32, a + b)
VEC(paddq, vu64, a + b)
VEC(psubb, vu8, a - b)
VEC(psubw, vu16, a - b)
VEC(psubd, vu32, a - b)
VEC(psubq, vu64, a - b)
VEC(pmullw, vu16, a * b)
VEC(pcmpeqb, vu8, a == b)
VEC(pcmpeqw, vu16, a == b)
VEC(pcmpeqd, vu32, a == b)
VEC(pcmpgtb, vs8, a > b)
VEC(pcmpgtw, vs16, a > b)
VEC(pcmpgtd, vs32, a > b)
VEC(pand, vu64, a & b)
VEC(pandn, vu64, ~a & b)
VEC(por, vu64, a | b)
VEC(pxor, vu64, a ^ b)
VEC(pminub, vu8, VSEL((vu8)(a < b), a, b))
VEC(pmaxub, vu8, VSEL((vu8)(a > b), a, b))
VEC(pminsw, vs16, VSEL((vs16)(a < b), a, b))
VEC(pmaxsw, vs16, VSEL((vs16)(a > b), a, b))

/*
 * PUNPCKL/H: the low (hi = 0) or high halves of V and W interleaved,
 * lanes of 2^sz bytes, V's first (SDM 2: PUNPCKLBW).
 */
static void unpack(x86_xmm *d, const x86_xmm *s, unsigned sz, bool hi)
{
	x86_xmm r;
	unsigned n = 1u << sz, half = hi ? 8 : 0;
	for (unsigned i = 0; i < 8; i += n) {
		memcpy(&r.b[2 * i], &d->b[half + i], n);
		memcpy(&r.b[2 * i + n], &s->b[half + i], n);
	}
	*d = r;
}
#define UNPACK(name, sz, hi)                                                                \
	static void name##_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)                   \
	{                                                                                   \
		unpack(d, s, sz, hi);                                                       \
	}                                                                                   \
	SSE_OP(name, int_op, name##_fn)
UNPACK(punpcklbw, 0, false)
UNPACK(punpcklwd, 1, false)
UNPACK(punpckldq, 2, false)
UNPACK(punpcklqdq, 3, false)
UNPACK(punpckhbw, 0, true)
UNPACK(punpckhwd, 1, true)
UNPACK(punpckhdq, 2, true)
UNPACK(punpckhqdq, 3, true)

/* PSHUFD (66 0F 70 ib): dword i of V = dword imm[2i+1:2i] of W. */
static void pshufd_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)
{
	x86_xmm r;
	for (unsigned i = 0; i < 4; i++)
		r.d[i] = s->d[(imm >> (2 * i)) & 3];
	*d = r;
}
SSE_OP(pshufd, int_op, pshufd_fn)

/* PMOVMSKB r32, xmm (66 0F D7): the top bit of each byte. */
static int pmovmskb(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 16; i++)
		m |= (unsigned)(c->s.xmm[op->r[1]].b[i] >> 7) << i;
	x86_set_reg(c, op->r[0], 2, m);
	return CORE_OK;
}
SSE_OP(pmovmskb, pmovmskb, 0)

/*
 * Lane shifts by a count (SDM 2: PSLLW): the count from W's low quadword
 * or the immediate; a count beyond the lane's width gives 0, or the sign
 * for PSRA.
 */
enum shift_kind { SH_LL, SH_RL, SH_RA };
static void shift_lanes(x86_xmm *d, uint64_t count, unsigned sz, enum shift_kind k)
{
	unsigned bits = 8u << sz;
	for (unsigned i = 0; i < 16u >> sz; i++) {
		uint64_t x = sz == 1 ? d->w[i] : sz == 2 ? d->d[i] : d->q[i], r;
		if (k == SH_RA)
			r = (uint64_t)((int64_t)x86_sext(x, sz) >> (count < bits ? count : bits - 1));
		else if (count >= bits)
			r = 0;
		else
			r = k == SH_LL ? x << count : x >> count;
		if (sz == 1)
			d->w[i] = (uint16_t)r;
		else if (sz == 2)
			d->d[i] = (uint32_t)r;
		else
			d->q[i] = r;
	}
}
#define SHIFT(name, sz, k)                                                                  \
	static void name##_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)                   \
	{                                                                                   \
		shift_lanes(d, s->q[0], sz, k);                                             \
	}                                                                                   \
	SSE_OP(name, int_op, name##_fn)                                                     \
	static int name##_i(struct x86_cpu *c, const struct core_op *op, bool mem, int u)   \
	{                                                                                   \
		shift_lanes(&c->s.xmm[op->r[1]], op->imm, sz, k);                           \
		return CORE_OK;                                                             \
	}                                                                                   \
	SSE_OP(name##i, name##_i, 0)
SHIFT(psllw, 1, SH_LL)
SHIFT(pslld, 2, SH_LL)
SHIFT(psllq, 3, SH_LL)
SHIFT(psrlw, 1, SH_RL)
SHIFT(psrld, 2, SH_RL)
SHIFT(psrlq, 3, SH_RL)
SHIFT(psraw, 1, SH_RA)
SHIFT(psrad, 2, SH_RA)

/* PSLLDQ, PSRLDQ xmm, imm8 (66 0F 73 /7, /3): the register shifted by bytes. */
static int byte_shift(struct x86_cpu *c, const struct core_op *op, bool mem, bool left)
{
	x86_xmm *x = &c->s.xmm[op->r[1]], r = { .q = { 0, 0 } };
	unsigned n = op->imm > 16 ? 16 : (unsigned)op->imm;
	if (left)
		memcpy(&r.b[n], x->b, 16 - n);
	else
		memcpy(r.b, &x->b[n], 16 - n);
	*x = r;
	return CORE_OK;
}
SSE_OP(pslldq, byte_shift, true)
SSE_OP(psrldq, byte_shift, false)

/* A lane loop: r = expr of a and b, V's and W's lanes (`field` of x86_xmm) as int64_t. */
#define LANES(name, field, n, expr)                                                         \
	static void name##_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)                   \
	{                                                                                   \
		x86_xmm r;                                                                  \
		for (unsigned i = 0; i < (n); i++) {                                        \
			int64_t a = d->field[i], b = s->field[i];                           \
			r.field[i] = (expr);                                                \
		}                                                                           \
		*d = r;                                                                     \
	}                                                                                   \
	SSE_OP(name, int_op, name##_fn)

static int64_t clamp(int64_t x, int64_t lo, int64_t hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}
/* Saturating, averaging and high-half multiplies (SDM 2: PADDUSB, PAVGB, PMULHW...). */
LANES(paddusb, b, 16, clamp(a + b, 0, 0xff))
LANES(paddusw, w, 8, clamp(a + b, 0, 0xffff))
LANES(psubusb, b, 16, clamp(a - b, 0, 0xff))
LANES(psubusw, w, 8, clamp(a - b, 0, 0xffff))
LANES(paddsb, sb, 16, clamp(a + b, INT8_MIN, INT8_MAX))
LANES(paddsw, sw, 8, clamp(a + b, INT16_MIN, INT16_MAX))
LANES(psubsb, sb, 16, clamp(a - b, INT8_MIN, INT8_MAX))
LANES(psubsw, sw, 8, clamp(a - b, INT16_MIN, INT16_MAX))
LANES(pavgb, b, 16, (a + b + 1) >> 1)
LANES(pavgw, w, 8, (a + b + 1) >> 1)
LANES(pmulhuw, w, 8, (a * b) >> 16)
LANES(pmulhw, sw, 8, (a * b) >> 16)
LANES(pmuludq, q, 2, (int64_t)((uint64_t)(uint32_t)a * (uint32_t)b))

/* PMADDWD: dword i = the sum of the products of words 2i and 2i + 1 (the one overflow wraps). */
static void pmaddwd_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)
{
	x86_xmm r;
	for (unsigned i = 0; i < 4; i++)
		r.d[i] = (uint32_t)((int32_t)d->sw[2 * i] * s->sw[2 * i] +
				    (int64_t)d->sw[2 * i + 1] * s->sw[2 * i + 1]);
	*d = r;
}
SSE_OP(pmaddwd, int_op, pmaddwd_fn)

/* PSADBW: each quadword the sum of its eight byte differences' magnitudes. */
static void psadbw_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)
{
	x86_xmm r = { .q = { 0, 0 } };
	for (unsigned i = 0; i < 16; i++)
		r.q[i / 8] += (uint64_t)(d->b[i] > s->b[i] ? d->b[i] - s->b[i] : s->b[i] - d->b[i]);
	*d = r;
}
SSE_OP(psadbw, int_op, psadbw_fn)

/* PACKSSWB, PACKUSWB, PACKSSDW: V's lanes then W's, narrowed with saturation. */
static void pack(x86_xmm *d, const x86_xmm *s, unsigned from_sz, bool sgn)
{
	x86_xmm r;
	unsigned n = 16u >> from_sz, bits = 4u << from_sz;
	int64_t lo = sgn ? -(1ll << (bits - 1)) : 0, hi = sgn ? (1ll << (bits - 1)) - 1 : (1ll << bits) - 1;
	for (unsigned i = 0; i < 2 * n; i++) {
		const x86_xmm *x = i < n ? d : s;
		int64_t v = from_sz == 1 ? x->sw[i % n] : x->sd[i % n];
		if (from_sz == 1)
			r.b[i] = (uint8_t)clamp(v, lo, hi);
		else
			r.w[i] = (uint16_t)clamp(v, lo, hi);
	}
	*d = r;
}
#define PACK(name, sz, sgn)                                                                 \
	static void name##_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)                   \
	{                                                                                   \
		pack(d, s, sz, sgn);                                                        \
	}                                                                                   \
	SSE_OP(name, int_op, name##_fn)
PACK(packsswb, 1, true)
PACK(packuswb, 1, false)
PACK(packssdw, 2, true)

/* PSHUFLW (F2), PSHUFHW (F3) 0F 70 ib: the low or high four words shuffled, the others copied. */
static void pshufw_half(x86_xmm *d, const x86_xmm *s, unsigned imm, unsigned half)
{
	x86_xmm r = *s;
	for (unsigned i = 0; i < 4; i++)
		r.w[half + i] = s->w[half + ((imm >> (2 * i)) & 3)];
	*d = r;
}
static void pshuflw_fn(x86_xmm *d, const x86_xmm *s, unsigned imm) { pshufw_half(d, s, imm, 0); }
static void pshufhw_fn(x86_xmm *d, const x86_xmm *s, unsigned imm) { pshufw_half(d, s, imm, 4); }
SSE_OP(pshuflw, int_op, pshuflw_fn)
SSE_OP(pshufhw, int_op, pshufhw_fn)

/* SHUFPS: V's dwords imm[1:0], imm[3:2], then W's imm[5:4], imm[7:6]; SHUFPD by imm[0], imm[1]. */
static void shufps_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)
{
	x86_xmm r = { .d = { d->d[imm & 3], d->d[(imm >> 2) & 3], s->d[(imm >> 4) & 3], s->d[(imm >> 6) & 3] } };
	*d = r;
}
static void shufpd_fn(x86_xmm *d, const x86_xmm *s, unsigned imm)
{
	x86_xmm r = { .q = { d->q[imm & 1], s->q[(imm >> 1) & 1] } };
	*d = r;
}
SSE_OP(shufps, int_op, shufps_fn)
SSE_OP(shufpd, int_op, shufpd_fn)

/* MOVMSKPS, MOVMSKPD r32, xmm (0F 50): the lanes' sign bits. */
static int movmsk(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f)
{
	unsigned m = 0;
	for (unsigned i = 0; i < 16u >> f; i++)
		m |= (unsigned)(lane(&c->s.xmm[op->r[1]], f, i) >> ((8u << f) - 1)) << i;
	x86_set_reg(c, op->r[0], 2, m);
	return CORE_OK;
}
SSE_OP(movmskps, movmsk, IEEE_S)
SSE_OP(movmskpd, movmsk, IEEE_D)

/*
 * MOVLPS/MOVLPD, MOVHPS/MOVHPD (0F 12/13/16/17 memory forms): a quadword
 * between memory and V's low (q = 0) or high (q = 1) half; MOVHLPS and
 * MOVLHPS (0F 12, 0F 16 register forms): W's high to V's low, W's low to
 * V's high.
 */
static int movhl_load(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned q)
{
	x86_xmm s;
	int st = load_w(c, op, mem, 8, false, &s);
	if (!st)
		c->s.xmm[op->r[0]].q[q] = s.q[mem ? 0 : 1 - q];
	return st;
}
static int movhl_store(struct x86_cpu *c, const struct core_op *op, bool mem, unsigned q)
{
	x86_xmm v = { .q = { c->s.xmm[op->r[0]].q[q], 0 } };
	return store_w(c, op, mem, 8, false, &v);
}
SSE_OP(movlps_load, movhl_load, 0)
SSE_OP(movhps_load, movhl_load, 1)
SSE_OP(movlps_store, movhl_store, 0)
SSE_OP(movhps_store, movhl_store, 1)

/* PEXTRW r32, xmm, ib (66 0F C5) and PINSRW xmm, r32/m16, ib (66 0F C4). */
static int pextrw(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	x86_set_reg(c, op->r[0], 2, c->s.xmm[op->r[1]].w[op->imm & 7]);
	return CORE_OK;
}
SSE_OP(pextrw, pextrw, 0)
X86_INLINE int pinsrw(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t la = 0, x;
	int st = x86_load_e(c, op, 1, mem, &la, &x);
	if (!st)
		c->s.xmm[op->r[0]].w[op->imm & 7] = (uint16_t)x;
	return st;
}
X86_FORMS(pinsrw)

/*
 * The non-temporal stores (MOVNTPS/PD, MOVNTDQ: aligned; MOVNTI): a hint
 * about caching, which this model has none of, so plain stores.
 */
X86_INLINE int movnti(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	return x86_write(c, op, x86_ea(c, op), 1u << sz, x86_get_reg(c, op->r[0], sz));
}
X86_FORMS(movnti)

/* Fences, prefetches and CLFLUSH: nothing to order or cache here (one vCPU at a time, no cache model). */
static int hint(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	return CORE_OK;
}
SSE_OP(hint, hint, 0)

/* -------------------------------------------- packed conversions */

/* CVTDQ2PS, CVTDQ2PD: int32 lanes to floats (the low two for PD), rounded by MXCSR.RC. */
static int cvt_from_dq(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f)
{
	x86_xmm s, r;
	int st = load_w(c, op, mem, f == IEEE_S ? 16 : 8, f == IEEE_S, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	for (unsigned i = 0; i < 16u >> f; i++)
		set_lane(&r, f, i, ieee_from_int(&env, f, (uint64_t)(int64_t)s.sd[i], 0, false));
	return sse_result(c, op, &env, &r);
}
SSE_OP(cvtdq2ps, cvt_from_dq, IEEE_S)
SSE_OP(cvtdq2pd, cvt_from_dq, IEEE_D)

/* CVT(T)PS2DQ, CVT(T)PD2DQ: float lanes to int32 (PD: two, the upper half zeroed). */
static int cvt_to_dq(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt f,
		     bool trunc)
{
	x86_xmm s, r = { .q = { 0, 0 } };
	int st = load_w(c, op, mem, 16, true, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	for (unsigned i = 0; i < 16u >> f; i++)
		r.d[i] = (uint32_t)to_int(&env, f, lane(&s, f, i), 32, trunc ? IEEE_RZ : env.mode);
	return sse_result(c, op, &env, &r);
}
SSE_OP(cvtps2dq, cvt_to_dq, IEEE_S, false)
SSE_OP(cvttps2dq, cvt_to_dq, IEEE_S, true)
SSE_OP(cvtpd2dq, cvt_to_dq, IEEE_D, false)
SSE_OP(cvttpd2dq, cvt_to_dq, IEEE_D, true)

/* CVTPS2PD (the low two lanes), CVTPD2PS (to the low two, the upper half zeroed). */
static int cvt_packed(struct x86_cpu *c, const struct core_op *op, bool mem, enum ieee_fmt from,
		      enum ieee_fmt to)
{
	x86_xmm s, r = { .q = { 0, 0 } };
	int st = load_w(c, op, mem, from == IEEE_S ? 8 : 16, from == IEEE_D, &s);
	if (st)
		return st;
	struct ieee_env env = sse_env(c);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t a = lane(&s, from, i);
		if (denormal(&env, from, a))
			env.flags |= IEEE_DENORMAL;
		set_lane(&r, to, i, ieee_convert(&env, from, to, a, env.mode));
	}
	return sse_result(c, op, &env, &r);
}
SSE_OP(cvtps2pd, cvt_packed, IEEE_S, IEEE_D)
SSE_OP(cvtpd2ps, cvt_packed, IEEE_D, IEEE_S)

/* ------------------------------------------------------ MXCSR access */

/* LDMXCSR m32 (0F AE /2): a reserved bit set is #GP(0) (SDM 2: LDMXCSR). */
static int ldmxcsr(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	uint64_t x;
	int st = x86_read(c, op, x86_ea(c, op), 4, &x);
	if (st)
		return st;
	if (x & ~(uint64_t)X86_MXCSR_MASK)
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.mxcsr = (uint32_t)x;
	return CORE_OK;
}
static int stmxcsr(struct x86_cpu *c, const struct core_op *op, bool mem, int unused)
{
	return x86_write(c, op, x86_ea(c, op), 4, c->s.mxcsr);
}
SSE_OP(ldmxcsr, ldmxcsr, 0)
SSE_OP(stmxcsr, stmxcsr, 0)

/* --------------------------------------------------------------- rows */

#define P0 X86_PFX_NONE
#define P66 X86_PFX_66
#define PF3 X86_PFX_F3
#define PF2 X86_PFX_F2
#define MR X86_M_REG
#define UB X86_I_UB
#define FP CORE_CLASS_FP
#define FD CORE_CLASS_FDIV
#define SI CORE_CLASS_SIMD
#define SSE X86_F_SSE
/* An SSE row: the 0F map, ModRM, no integer operand size. */
#define S(opc, pfx, ext, mrm, imm, cls, name, ops, ex) \
	X86_ROW(F, opc, pfx, ext, mrm, imm, SN, cls, SSE, name, ops, ex)
/* The four rows of an arithmetic opcode: PS, PD, SS, SD. */
#define ARITH4(opc, nm, cls)                                                         \
	S(opc, P0, -1, MA, NI, cls, #nm "ps", "Vx,Wx", &nm##ps_exec),               \
	S(opc, P66, -1, MA, NI, cls, #nm "pd", "Vx,Wx", &nm##pd_exec),              \
	S(opc, PF3, -1, MA, NI, cls, #nm "ss", "Vx,Wd", &nm##ss_exec),              \
	S(opc, PF2, -1, MA, NI, cls, #nm "sd", "Vx,Wq", &nm##sd_exec)
/* A packed-integer row (66 prefix, W an XMM register or aligned memory). */
#define PI(opc, nm) S(opc, P66, -1, MA, NI, SI, #nm, "Vx,Wx", &nm##_exec)

static const struct x86_row rows[] = {
	S(0x10, P0, -1, MA, NI, LD, "movups", "Vx,Wx", &movu_vw_exec),
	S(0x11, P0, -1, MA, NI, LD, "movups", "Wx,Vx", &movu_wv_exec),
	S(0x10, P66, -1, MA, NI, LD, "movupd", "Vx,Wx", &movu_vw_exec),
	S(0x11, P66, -1, MA, NI, LD, "movupd", "Wx,Vx", &movu_wv_exec),
	S(0x10, PF3, -1, MA, NI, LD, "movss", "Vx,Wd", &movss_vw_exec),
	S(0x11, PF3, -1, MA, NI, LD, "movss", "Wd,Vx", &movss_wv_exec),
	S(0x10, PF2, -1, MA, NI, LD, "movsd", "Vx,Wq", &movsd_vw_exec),
	S(0x11, PF2, -1, MA, NI, LD, "movsd", "Wq,Vx", &movsd_wv_exec),
	S(0x28, P0, -1, MA, NI, LD, "movaps", "Vx,Wx", &mova_vw_exec),
	S(0x29, P0, -1, MA, NI, LD, "movaps", "Wx,Vx", &mova_wv_exec),
	S(0x28, P66, -1, MA, NI, LD, "movapd", "Vx,Wx", &mova_vw_exec),
	S(0x29, P66, -1, MA, NI, LD, "movapd", "Wx,Vx", &mova_wv_exec),
	S(0x6f, P66, -1, MA, NI, LD, "movdqa", "Vx,Wx", &mova_vw_exec),
	S(0x7f, P66, -1, MA, NI, LD, "movdqa", "Wx,Vx", &mova_wv_exec),
	S(0x6f, PF3, -1, MA, NI, LD, "movdqu", "Vx,Wx", &movu_vw_exec),
	S(0x7f, PF3, -1, MA, NI, LD, "movdqu", "Wx,Vx", &movu_wv_exec),
	S(0x6e, P66, -1, MA, NI, LD, "//movd/movq", "Vx,Ev", &movd_ve_exec),
	S(0x7e, P66, -1, MA, NI, LD, "//movd/movq", "Ev,Vx", &movd_ev_exec),
	S(0x7e, PF3, -1, MA, NI, LD, "movq", "Vx,Wq", &movq_vw_exec),
	S(0xd6, P66, -1, MA, NI, LD, "movq", "Wq,Vx", &movq_wv_exec),

	ARITH4(0x58, add, FP),
	ARITH4(0x59, mul, FP),
	ARITH4(0x5c, sub, FP),
	ARITH4(0x5d, min, FP),
	ARITH4(0x5e, div, FD),
	ARITH4(0x5f, max, FP),
	ARITH4(0x51, sqrt, FD),
	S(0xc2, P0, -1, MA, UB, FP, "cmp%ps", "Vx,Wx", &cmpps_exec),
	S(0xc2, P66, -1, MA, UB, FP, "cmp%pd", "Vx,Wx", &cmppd_exec),
	S(0xc2, PF3, -1, MA, UB, FP, "cmp%ss", "Vx,Wd", &cmpss_exec),
	S(0xc2, PF2, -1, MA, UB, FP, "cmp%sd", "Vx,Wq", &cmpsd_exec),
	S(0x2e, P0, -1, MA, NI, FP, "ucomiss", "Vx,Wd", &ucomiss_exec),
	S(0x2e, P66, -1, MA, NI, FP, "ucomisd", "Vx,Wq", &ucomisd_exec),
	S(0x2f, P0, -1, MA, NI, FP, "comiss", "Vx,Wd", &comiss_exec),
	S(0x2f, P66, -1, MA, NI, FP, "comisd", "Vx,Wq", &comisd_exec),
	S(0x2a, PF3, -1, MA, NI, FP, "cvtsi2ss", "Vx,Ev", &cvtsi2ss_exec),
	S(0x2a, PF2, -1, MA, NI, FP, "cvtsi2sd", "Vx,Ev", &cvtsi2sd_exec),
	S(0x2c, PF3, -1, MA, NI, FP, "cvttss2si", "Gv,Wd", &cvttss2si_exec),
	S(0x2c, PF2, -1, MA, NI, FP, "cvttsd2si", "Gv,Wq", &cvttsd2si_exec),
	S(0x2d, PF3, -1, MA, NI, FP, "cvtss2si", "Gv,Wd", &cvtss2si_exec),
	S(0x2d, PF2, -1, MA, NI, FP, "cvtsd2si", "Gv,Wq", &cvtsd2si_exec),
	S(0x5a, PF3, -1, MA, NI, FP, "cvtss2sd", "Vx,Wd", &cvtss2sd_exec),
	S(0x5a, PF2, -1, MA, NI, FP, "cvtsd2ss", "Vx,Wq", &cvtsd2ss_exec),

	/* The logic ops are the integer ones on the FP domain (SDM 2: ANDPS). */
	S(0x54, P0, -1, MA, NI, SI, "andps", "Vx,Wx", &pand_exec),
	S(0x54, P66, -1, MA, NI, SI, "andpd", "Vx,Wx", &pand_exec),
	S(0x55, P0, -1, MA, NI, SI, "andnps", "Vx,Wx", &pandn_exec),
	S(0x55, P66, -1, MA, NI, SI, "andnpd", "Vx,Wx", &pandn_exec),
	S(0x56, P0, -1, MA, NI, SI, "orps", "Vx,Wx", &por_exec),
	S(0x56, P66, -1, MA, NI, SI, "orpd", "Vx,Wx", &por_exec),
	S(0x57, P0, -1, MA, NI, SI, "xorps", "Vx,Wx", &pxor_exec),
	S(0x57, P66, -1, MA, NI, SI, "xorpd", "Vx,Wx", &pxor_exec),
	PI(0xdb, pand), PI(0xdf, pandn), PI(0xeb, por), PI(0xef, pxor),
	PI(0xfc, paddb), PI(0xfd, paddw), PI(0xfe, paddd), PI(0xd4, paddq),
	PI(0xf8, psubb), PI(0xf9, psubw), PI(0xfa, psubd), PI(0xfb, psubq),
	PI(0xd5, pmullw),
	PI(0x74, pcmpeqb), PI(0x75, pcmpeqw), PI(0x76, pcmpeqd),
	PI(0x64, pcmpgtb), PI(0x65, pcmpgtw), PI(0x66, pcmpgtd),
	PI(0xda, pminub), PI(0xde, pmaxub), PI(0xea, pminsw), PI(0xee, pmaxsw),
	PI(0x60, punpcklbw), PI(0x61, punpcklwd), PI(0x62, punpckldq), PI(0x6c, punpcklqdq),
	PI(0x68, punpckhbw), PI(0x69, punpckhwd), PI(0x6a, punpckhdq), PI(0x6d, punpckhqdq),
	PI(0xf1, psllw), PI(0xf2, pslld), PI(0xf3, psllq),
	PI(0xd1, psrlw), PI(0xd2, psrld), PI(0xd3, psrlq),
	PI(0xe1, psraw), PI(0xe2, psrad),
	S(0x70, P66, -1, MA, UB, SI, "pshufd", "Vx,Wx,Ib", &pshufd_exec),
	S(0xd7, P66, -1, MR, NI, SI, "pmovmskb", "Gd,Ux", &pmovmskb_exec),
	S(0x71, P66, 2, MR, UB, SI, "psrlw", "Ux,Ib", &psrlwi_exec),
	S(0x71, P66, 4, MR, UB, SI, "psraw", "Ux,Ib", &psrawi_exec),
	S(0x71, P66, 6, MR, UB, SI, "psllw", "Ux,Ib", &psllwi_exec),
	S(0x72, P66, 2, MR, UB, SI, "psrld", "Ux,Ib", &psrldi_exec),
	S(0x72, P66, 4, MR, UB, SI, "psrad", "Ux,Ib", &psradi_exec),
	S(0x72, P66, 6, MR, UB, SI, "pslld", "Ux,Ib", &pslldi_exec),
	S(0x73, P66, 2, MR, UB, SI, "psrlq", "Ux,Ib", &psrlqi_exec),
	S(0x73, P66, 3, MR, UB, SI, "psrldq", "Ux,Ib", &psrldq_exec),
	S(0x73, P66, 6, MR, UB, SI, "psllq", "Ux,Ib", &psllqi_exec),
	S(0x73, P66, 7, MR, UB, SI, "pslldq", "Ux,Ib", &pslldq_exec),

	PI(0xdc, paddusb), PI(0xdd, paddusw), PI(0xd8, psubusb), PI(0xd9, psubusw),
	PI(0xec, paddsb), PI(0xed, paddsw), PI(0xe8, psubsb), PI(0xe9, psubsw),
	PI(0xe0, pavgb), PI(0xe3, pavgw), PI(0xe4, pmulhuw), PI(0xe5, pmulhw), PI(0xf4, pmuludq),
	PI(0xf5, pmaddwd), PI(0xf6, psadbw), PI(0x63, packsswb), PI(0x67, packuswb),
	PI(0x6b, packssdw),
	S(0x70, PF2, -1, MA, UB, SI, "pshuflw", "Vx,Wx,Ib", &pshuflw_exec),
	S(0x70, PF3, -1, MA, UB, SI, "pshufhw", "Vx,Wx,Ib", &pshufhw_exec),
	S(0xc6, P0, -1, MA, UB, SI, "shufps", "Vx,Wx,Ib", &shufps_exec),
	S(0xc6, P66, -1, MA, UB, SI, "shufpd", "Vx,Wx,Ib", &shufpd_exec),
	S(0x14, P0, -1, MA, NI, SI, "unpcklps", "Vx,Wx", &punpckldq_exec),
	S(0x15, P0, -1, MA, NI, SI, "unpckhps", "Vx,Wx", &punpckhdq_exec),
	S(0x14, P66, -1, MA, NI, SI, "unpcklpd", "Vx,Wx", &punpcklqdq_exec),
	S(0x15, P66, -1, MA, NI, SI, "unpckhpd", "Vx,Wx", &punpckhqdq_exec),
	S(0x50, P0, -1, MR, NI, SI, "movmskps", "Gd,Ux", &movmskps_exec),
	S(0x50, P66, -1, MR, NI, SI, "movmskpd", "Gd,Ux", &movmskpd_exec),
	S(0x12, P0, -1, MM, NI, LD, "movlps", "Vx,Wq", &movlps_load_exec),
	S(0x12, P0, -1, MR, NI, LD, "movhlps", "Vx,Ux", &movlps_load_exec),
	S(0x13, P0, -1, MM, NI, LD, "movlps", "Wq,Vx", &movlps_store_exec),
	S(0x16, P0, -1, MM, NI, LD, "movhps", "Vx,Wq", &movhps_load_exec),
	S(0x16, P0, -1, MR, NI, LD, "movlhps", "Vx,Ux", &movhps_load_exec),
	S(0x17, P0, -1, MM, NI, LD, "movhps", "Wq,Vx", &movhps_store_exec),
	S(0x12, P66, -1, MM, NI, LD, "movlpd", "Vx,Wq", &movlps_load_exec),
	S(0x13, P66, -1, MM, NI, LD, "movlpd", "Wq,Vx", &movlps_store_exec),
	S(0x16, P66, -1, MM, NI, LD, "movhpd", "Vx,Wq", &movhps_load_exec),
	S(0x17, P66, -1, MM, NI, LD, "movhpd", "Wq,Vx", &movhps_store_exec),
	S(0xc5, P66, -1, MR, UB, SI, "pextrw", "Gd,Ux,Ib", &pextrw_exec),
	S(0xc4, P66, -1, MR, UB, SI, "pinsrw", "Vx,Ed,Ib", &pinsrw_exec),
	S(0xc4, P66, -1, MM, UB, SI, "pinsrw", "Vx,Ew,Ib", &pinsrw_exec),
	S(0x2b, P0, -1, MM, NI, LD, "movntps", "Wx,Vx", &mova_wv_exec),
	S(0x2b, P66, -1, MM, NI, LD, "movntpd", "Wx,Vx", &mova_wv_exec),
	S(0xe7, P66, -1, MM, NI, LD, "movntdq", "Wx,Vx", &mova_wv_exec),
	X86_ROW(F, 0xc3, P0, -1, MM, NI, SN, LD, 0, "movnti", "Ev,Gv", &movnti_exec),
	S(0x5b, P0, -1, MA, NI, FP, "cvtdq2ps", "Vx,Wx", &cvtdq2ps_exec),
	S(0x5b, P66, -1, MA, NI, FP, "cvtps2dq", "Vx,Wx", &cvtps2dq_exec),
	S(0x5b, PF3, -1, MA, NI, FP, "cvttps2dq", "Vx,Wx", &cvttps2dq_exec),
	S(0xe6, PF3, -1, MA, NI, FP, "cvtdq2pd", "Vx,Wq", &cvtdq2pd_exec),
	S(0xe6, P66, -1, MA, NI, FP, "cvttpd2dq", "Vx,Wx", &cvttpd2dq_exec),
	S(0xe6, PF2, -1, MA, NI, FP, "cvtpd2dq", "Vx,Wx", &cvtpd2dq_exec),
	S(0x5a, P0, -1, MA, NI, FP, "cvtps2pd", "Vx,Wq", &cvtps2pd_exec),
	S(0x5a, P66, -1, MA, NI, FP, "cvtpd2ps", "Vx,Wx", &cvtpd2ps_exec),
	/* Fences and hints need no CR4.OSFXSR (SDM 2: LFENCE): not SSE rows. */
	X86_ROW(F, 0xae, P0, 5, MR, NI, SN, SYS, 0, "lfence", "", &hint_exec),
	X86_ROW(F, 0xae, P0, 6, MR, NI, SN, SYS, 0, "mfence", "", &hint_exec),
	X86_ROW(F, 0xae, P0, 7, MR, NI, SN, SYS, 0, "sfence", "", &hint_exec),
	X86_ROW(F, 0xae, P0, 7, MM, NI, SN, SYS, 0, "clflush", "Mb", &hint_exec),
	X86_ROW(F, 0x18, ANY, 0, MM, NI, SN, LD, 0, "prefetchnta", "Mb", &hint_exec),
	X86_ROW(F, 0x18, ANY, 1, MM, NI, SN, LD, 0, "prefetcht0", "Mb", &hint_exec),
	X86_ROW(F, 0x18, ANY, 2, MM, NI, SN, LD, 0, "prefetcht1", "Mb", &hint_exec),
	X86_ROW(F, 0x18, ANY, 3, MM, NI, SN, LD, 0, "prefetcht2", "Mb", &hint_exec),
	/*
	 * PREFETCHW (0F 0D /1; APM 3, SDM 2). Linux takes it on any AMD CPU
	 * with long mode, whatever CPUID says (arch/x86/kernel/cpu/amd.c
	 * forces X86_FEATURE_3DNOWPREFETCH): the SNP guest's mpage_readahead
	 * hit #UD without it. AMD's PREFETCH (/0), a 3DNow! instruction
	 * Linux takes only with 3DNow!, stays undefined as in capstone.
	 */
	X86_ROW(F, 0x0d, ANY, 1, MM, NI, SN, LD, 0, "prefetchw", "Mb", &hint_exec),

	S(0xae, P0, 2, MM, NI, SYS, "ldmxcsr", "Md", &ldmxcsr_exec),
	S(0xae, P0, 3, MM, NI, SYS, "stmxcsr", "Md", &stmxcsr_exec),
};
const struct x86_table x86_table_sse = { rows, sizeof(rows) / sizeof(rows[0]) };
