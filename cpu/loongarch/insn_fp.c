/*
 * LA64 floating point (LA RM 3.2 "Basic Floating-Point Instructions"): F
 * and D with FCSR0's rounding mode, enables, flags and causes. The rows
 * come from la_fp.decode; the arithmetic is fpu.c's and the engine's.
 *
 * Every instruction that can raise an IEEE exception computes its result
 * on an environment made from FCSR0, then ends with la_fpu_finish: Cause
 * is set, and either FPE is taken (the destination left alone) or Flags
 * accumulate and the result is written. Moves, FABS, FNEG, FCOPYSIGN,
 * FCLASS and FSEL raise nothing and leave Cause alone.
 *
 * The manual leaves an FPR's bits 63:32 undefined after a
 * single-precision or word result; hvsim writes what QEMU writes: a
 * single-precision value NaN-boxed (bits 63:32 ones) and a word
 * (FTINT*.W.*) sign-extended, except MOVGR2FR.W (fd's bits 63:32 kept),
 * FCOPYSIGN.S (fk's kept), FRINT.S, FTINTRZ.W.S and FTINTRNE.W.S (cleared), as
 * tests/diff found.
 */
#include "cpu/loongarch/fpu.h"
#include "cpu/loongarch/la_print.h"

#define INLINE static inline __attribute__((always_inline))
#define HANDLER(name) CORE_HANDLER(h_##name)
#define FPR(i) (*la_fpr(la(v), op->r[i]))
#define GPR(i) (la(v)->r[op->r[i]])

/* The operand and result kinds: single, double, word and long integers; a word zero-extended. */
enum kind { K_S, K_D, K_W, K_L, K_WZ };

/* An FPR as an operand of kind k. */
INLINE uint64_t src(uint64_t x, enum kind k)
{
	switch (k) {
	case K_S: return (uint32_t)x;
	case K_W: return (uint64_t)(int64_t)(int32_t)x;
	default: return x;
	}
}

/* A result of kind k as the FPR's 64 bits. */
INLINE uint64_t dst(uint64_t x, enum kind k)
{
	switch (k) {
	case K_S: return (uint32_t)x | 0xffffffff00000000ull;
	case K_W: return (uint64_t)(int64_t)(int32_t)x;
	case K_WZ: return (uint32_t)x;
	default: return x;
	}
}

typedef uint64_t fp_fn(struct ieee_env *env, uint64_t a, uint64_t b, uint64_t c);

/* fd = fn(fj, fk, fa), finished (a trap leaves fd alone). */
INLINE int fp_op(struct core_vcpu *v, const struct core_op *op, enum kind in, enum kind out,
		 fp_fn *fn)
{
	struct la_cpu *c = la(v);
	struct ieee_env env = la_fpu_env(c);
	uint64_t r = fn(&env, src(FPR(1), in), src(FPR(2), in), src(FPR(3), in));
	int st = la_fpu_finish(c, op, &env, LA_FPE_SCALAR);
	if (likely(!st))
		FPR(0) = dst(r, out);
	return st;
}

/*
 * One operation, EXPR of env, a (fj), b (fk), c (fa) and f (its format),
 * from kind IN to kind OUT; FP_SD makes the .S and .D forms.
 */
#define FP_OP(name, IN, OUT, F, EXPR)                                              \
	static uint64_t fn_##name(struct ieee_env *env, uint64_t a, uint64_t b, uint64_t c) \
	{                                                                          \
		const enum ieee_fmt f = F;                                         \
		(void)a, (void)b, (void)c, (void)f;                                \
		return EXPR;                                                       \
	}                                                                          \
	HANDLER(name) { return fp_op(v, op, IN, OUT, fn_##name); }
#define FP_SD(name, EXPR)                                                          \
	FP_OP(name##_s, K_S, K_S, IEEE_S, EXPR)                                    \
	FP_OP(name##_d, K_D, K_D, IEEE_D, EXPR)

/* ------------------------------------------------- 3.2.1 arithmetic */

/* FADD, FSUB, FMUL, FDIV, FSQRT, FRECIP (1 / fj), FRSQRT (1 / sqrt(fj)). */
FP_SD(fadd, la_fpu_arith(env, f, LA_FADD, a, b, 0))
FP_SD(fsub, la_fpu_arith(env, f, LA_FSUB, a, b, 0))
FP_SD(fmul, la_fpu_arith(env, f, LA_FMUL, a, b, 0))
FP_SD(fdiv, la_fpu_arith(env, f, LA_FDIV, a, b, 0))
FP_SD(fsqrt, la_fpu_arith(env, f, LA_FSQRT, a, 0, 0))
FP_SD(frecip, la_fpu_arith(env, f, LA_FRECIP, a, 0, 0))
FP_SD(frsqrt, la_fpu_arith(env, f, LA_FRSQRT, a, 0, 0))
/* FMADD fj * fk + fa, FMSUB fj * fk - fa, FNMADD, FNMSUB their negations: fused. */
FP_SD(fmadd, la_fpu_arith(env, f, LA_FMADD, a, b, c))
FP_SD(fmsub, la_fpu_arith(env, f, LA_FMSUB, a, b, c))
FP_SD(fnmadd, la_fpu_arith(env, f, LA_FNMADD, a, b, c))
FP_SD(fnmsub, la_fpu_arith(env, f, LA_FNMSUB, a, b, c))
/* FMAX, FMIN, FMAXA, FMINA. */
FP_SD(fmax, la_fpu_minmax(env, f, LA_FMAX, a, b))
FP_SD(fmin, la_fpu_minmax(env, f, LA_FMIN, a, b))
FP_SD(fmaxa, la_fpu_minmax(env, f, LA_FMAXA, a, b))
FP_SD(fmina, la_fpu_minmax(env, f, LA_FMINA, a, b))
/* FSCALEB: fj * 2^fk, fk a word (.S) or long (.D) integer; FLOGB. */
FP_SD(fscaleb, la_fpu_scaleb(env, f, a, f == IEEE_S ? (int32_t)b : (int64_t)b))
FP_SD(flogb, la_fpu_logb(env, f, a))

/*
 * Sign operations, which raise nothing (not even for a signalling NaN):
 * FABS, FNEG, FCOPYSIGN (fj with fk's sign); and FCLASS, an integer mask.
 */
#define SIGN_OP(name, IN, OUT, EXPR)                                       \
	HANDLER(name)                                                      \
	{                                                                  \
		const uint64_t s = IN == K_S ? 1ull << 31 : 1ull << 63;    \
		uint64_t a = src(FPR(1), IN), b = src(FPR(2), IN);         \
		(void)s, (void)b;                                          \
		FPR(0) = dst(EXPR, OUT);                                   \
		return CORE_OK;                                            \
	}
SIGN_OP(fabs_s, K_S, K_S, a & ~s)
SIGN_OP(fabs_d, K_D, K_D, a & ~s)
SIGN_OP(fneg_s, K_S, K_S, a ^ s)
SIGN_OP(fneg_d, K_D, K_D, a ^ s)
SIGN_OP(fcopysign_d, K_D, K_D, (a & ~s) | (b & s))
/* FCOPYSIGN.S: fj's bits 30:0 into fk, whose bits 63:31 stay (QEMU's result). */
HANDLER(fcopysign_s)
{
	FPR(0) = (FPR(2) & ~0x7fffffffull) | (FPR(1) & 0x7fffffff);
	return CORE_OK;
}
SIGN_OP(fclass_s, K_S, K_L, la_fpu_class(IEEE_S, a))
SIGN_OP(fclass_d, K_D, K_L, la_fpu_class(IEEE_D, a))

/* ----------------------------------------------------- 3.2.2 compare */

/* FCMP.cond: FCC cd = the condition on fj and fk; invalid per fpu.h. */
INLINE int fcmp(struct core_vcpu *v, const struct core_op *op, enum ieee_fmt f, enum kind k)
{
	struct la_cpu *c = la(v);
	struct ieee_env env = la_fpu_env(c);
	bool r = la_fpu_compare(&env, f, op->f[1], src(FPR(1), k), src(FPR(2), k));
	int st = la_fpu_finish(c, op, &env, LA_FPE_SCALAR);
	if (likely(!st))
		c->fcc[op->f[0]] = r;
	return st;
}

HANDLER(fcmp_s) { return fcmp(v, op, IEEE_S, K_S); }
HANDLER(fcmp_d) { return fcmp(v, op, IEEE_D, K_D); }

/* ------------------------------------------------- 3.2.3 conversions */

/* FCVT.S.D, FCVT.D.S by FCSR0.RM (a signalling NaN quietened, its payload kept). */
FP_OP(fcvt_s_d, K_D, K_S, IEEE_D, ieee_convert(env, IEEE_D, IEEE_S, a, IEEE_RDYN))
FP_OP(fcvt_d_s, K_S, K_D, IEEE_S, ieee_convert(env, IEEE_S, IEEE_D, a, IEEE_RDYN))
/* FFINT.fmt.int: a word or long integer to S or D by FCSR0.RM. */
FP_OP(ffint_s_w, K_W, K_S, IEEE_S, ieee_from_int(env, f, a, 0, false))
FP_OP(ffint_s_l, K_L, K_S, IEEE_S, ieee_from_int(env, f, a, 0, false))
FP_OP(ffint_d_w, K_W, K_D, IEEE_D, ieee_from_int(env, f, a, 0, false))
FP_OP(ffint_d_l, K_L, K_D, IEEE_D, ieee_from_int(env, f, a, 0, false))
/*
 * FRINT: to an integral value by FCSR0.RM, inexact signalled
 * (roundToIntegralExact). FRINT.S leaves bits 63:32 clear, as QEMU
 * (the result taken as a long keeps ieee_round_int's zero extension).
 */
FP_OP(frint_s, K_S, K_L, IEEE_S, ieee_round_int(env, f, a, IEEE_RDYN, true))
FP_OP(frint_d, K_D, K_D, IEEE_D, ieee_round_int(env, f, a, IEEE_RDYN, true))

/*
 * FTINT[RM|RP|RZ|RNE].int.fmt: to a word or long integer by the mode the
 * mnemonic names, FCSR0.RM without one. A NaN gives 0, a value out of
 * range the nearest bound, both with invalid (ieee_to_int; QEMU agrees).
 */
#define FTINT(name, RM, WS)                                                           \
	FP_OP(name##_w_s, K_S, WS, IEEE_S, ieee_to_int(env, f, a, 0, false, 32, RM))  \
	FP_OP(name##_w_d, K_D, K_W, IEEE_D, ieee_to_int(env, f, a, 0, false, 32, RM)) \
	FP_OP(name##_l_s, K_S, K_L, IEEE_S, ieee_to_int(env, f, a, 0, false, 64, RM)) \
	FP_OP(name##_l_d, K_D, K_L, IEEE_D, ieee_to_int(env, f, a, 0, false, 64, RM))
/* FTINTRZ.W.S and FTINTRNE.W.S leave bits 63:32 clear (QEMU's results, tests/diff). */
FTINT(ftintrm, IEEE_RM, K_W)
FTINT(ftintrp, IEEE_RP, K_W)
FTINT(ftintrz, IEEE_RZ, K_WZ)
FTINT(ftintrne, IEEE_RN, K_WZ)
FTINT(ftint, IEEE_RDYN, K_W)

/* -------------------------------------------------------- 3.2.4 moves */

/* FMOV: a copy, nothing raised. */
HANDLER(fmov_s) { FPR(0) = dst(FPR(1), K_S); return CORE_OK; }
HANDLER(fmov_d) { FPR(0) = FPR(1); return CORE_OK; }

/* FSEL: fd = FCC ca ? fk : fj. */
HANDLER(fsel)
{
	FPR(0) = la(v)->fcc[op->f[0]] ? FPR(2) : FPR(1);
	return CORE_OK;
}

/*
 * MOVGR2FR.W (fd's bits 31:0 = rj's, 63:32 kept, as QEMU), MOVGR2FR.D,
 * MOVGR2FRH.W (fd's bits 63:32 = rj's 31:0, 31:0 kept).
 */
HANDLER(movgr2fr_w)
{
	FPR(0) = (FPR(0) & 0xffffffff00000000ull) | (uint32_t)GPR(1);
	return CORE_OK;
}
HANDLER(movgr2fr_d) { FPR(0) = GPR(1); return CORE_OK; }
HANDLER(movgr2frh_w)
{
	FPR(0) = (uint32_t)FPR(0) | GPR(1) << 32;
	return CORE_OK;
}

/* MOVFR2GR.S, MOVFR2GR.D, MOVFRH2GR.S: a word sign-extended. */
HANDLER(movfr2gr_s) { GPR(0) = src(FPR(1), K_W); return CORE_OK; }
HANDLER(movfr2gr_d) { GPR(0) = FPR(1); return CORE_OK; }
HANDLER(movfrh2gr_s) { GPR(0) = src(FPR(1) >> 32, K_W); return CORE_OK; }

/*
 * MOVGR2FCSR fcsr, rj: only FCSR `fcsr`'s bits of FCSR0 change (the
 * views, fpu.h); nothing traps, even when Cause meets Enables.
 * MOVFCSR2GR rd, fcsr: the view, sign-extended. The decoder takes FCSR0-3
 * only. The rounding mode is read per instruction: nothing to flush.
 */
HANDLER(movgr2fcsr)
{
	struct la_cpu *c = la(v);
	uint32_t mask = la_fcsr_view_mask(op->r[0]);
	c->fcsr = (c->fcsr & ~mask) | ((uint32_t)GPR(1) & mask);
	return CORE_OK;
}

HANDLER(movfcsr2gr)
{
	GPR(0) = src(la(v)->fcsr & la_fcsr_view_mask(op->r[1]), K_W);
	return CORE_OK;
}

/* MOVFR2CF, MOVGR2CF: FCC cd = bit 0; MOVCF2FR, MOVCF2GR: FCC cj zero-extended. */
HANDLER(movfr2cf) { la(v)->fcc[op->f[0]] = FPR(1) & 1; return CORE_OK; }
HANDLER(movgr2cf) { la(v)->fcc[op->f[0]] = GPR(1) & 1; return CORE_OK; }
HANDLER(movcf2fr) { FPR(0) = la(v)->fcc[op->f[0]]; return CORE_OK; }
HANDLER(movcf2gr) { GPR(0) = la(v)->fcc[op->f[0]]; return CORE_OK; }

/* ---------------------------------------------------- 3.2.5 branches */

/* BCEQZ, BCNEZ: PC + offs21 << 2 when FCC cj is zero or not. */
HANDLER(bceqz)
{
	return la(v)->fcc[op->f[0]] ? CORE_OK : la_taken(v, core_op_pc(v, op) + op->imm);
}

HANDLER(bcnez)
{
	return la(v)->fcc[op->f[0]] ? la_taken(v, core_op_pc(v, op) + op->imm) : CORE_OK;
}

/* ------------------------------------------- 3.2.6-3.2.7 memory access */

/* A load of `bytes` at addr into fd (a word NaN-boxed, as QEMU). */
INLINE int fload(struct core_vcpu *v, const struct core_op *op, uint64_t addr, unsigned bytes)
{
	uint64_t val;
	int st = la_read(la(v), op, addr, bytes, &val);
	if (unlikely(st))
		return st;
	FPR(0) = bytes == 4 ? dst(val, K_S) : val;
	return CORE_OK;
}

INLINE int fstore(struct core_vcpu *v, const struct core_op *op, uint64_t addr, unsigned bytes)
{
	return la_write(la(v), op, addr, bytes, FPR(0));
}

/* FLDGT...FSTLE: the checks of LDGT...STLE (la_bound_check), then the access at rj. */
INLINE int fbounded(struct core_vcpu *v, const struct core_op *op, unsigned bytes, bool gt,
		    bool store)
{
	int st = la_bound_check(la(v), op, bytes, gt);
	if (unlikely(st))
		return st;
	return store ? fstore(v, op, GPR(1), bytes) : fload(v, op, GPR(1), bytes);
}

HANDLER(fld_s) { return fload(v, op, GPR(1) + op->imm, 4); }
HANDLER(fld_d) { return fload(v, op, GPR(1) + op->imm, 8); }
HANDLER(fst_s) { return fstore(v, op, GPR(1) + op->imm, 4); }
HANDLER(fst_d) { return fstore(v, op, GPR(1) + op->imm, 8); }
HANDLER(fldx_s) { return fload(v, op, GPR(1) + GPR(2), 4); }
HANDLER(fldx_d) { return fload(v, op, GPR(1) + GPR(2), 8); }
HANDLER(fstx_s) { return fstore(v, op, GPR(1) + GPR(2), 4); }
HANDLER(fstx_d) { return fstore(v, op, GPR(1) + GPR(2), 8); }
HANDLER(fldgt_s) { return fbounded(v, op, 4, true, false); }
HANDLER(fldgt_d) { return fbounded(v, op, 8, true, false); }
HANDLER(fldle_s) { return fbounded(v, op, 4, false, false); }
HANDLER(fldle_d) { return fbounded(v, op, 8, false, false); }
HANDLER(fstgt_s) { return fbounded(v, op, 4, true, true); }
HANDLER(fstgt_d) { return fbounded(v, op, 8, true, true); }
HANDLER(fstle_s) { return fbounded(v, op, 4, false, true); }
HANDLER(fstle_d) { return fbounded(v, op, 8, false, true); }

#include "cpu/loongarch/la_fp_decode.inc"

const struct la_table la_table_fp = {
	la_fp_rows, sizeof(la_fp_rows) / sizeof(la_fp_rows[0]), la_fp_disasm,
};
