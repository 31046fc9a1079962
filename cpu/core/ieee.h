/*
 * IEEE 754-2008 binary floating point for every ISA, computed on the host.
 *
 * AArch64, LoongArch64 and x86-64 all implement IEEE 754 and differ where
 * the standard lets them (the default NaN's bits and which NaN operand an op
 * returns, 6.2.3; tininess before or after rounding, 7.5) and where they
 * add to it (flush-to-zero). This file is the standard; an ISA supplies its
 * choices as a `struct ieee_rules` and, per operation, its control
 * register's current settings as a `struct ieee_env`.
 *
 * Arithmetic (add, multiply, divide, square root, fused multiply-add, and
 * conversions from integers) runs on the host's SSE unit, which rounds
 * exactly as IEEE says and differs from an ISA only in those choices:
 *
 *  - The fast path (in the ISA, inline): run the op on the host, with
 *    MXCSR as the cache of the guest's rounding mode and sticky flags. One
 *    STMXCSR judges it (ieee_host_ok): if MXCSR had the guest's rounding
 *    mode and holds no flag the guest lacks, the result and the guest's
 *    flags are already right. ieee_host_recheck32/64 name the results on
 *    which an ISA's choices may differ from the host's.
 *  - Everything else is redone in C (ieee_host_arith): MXCSR written with
 *    the guest's mode, the op's own flags isolated, then the result put
 *    right by the ISA's rules. That leaves MXCSR's flags a subset of the
 *    guest's again, so in steady state no op writes MXCSR.
 *
 * Formats, rounding (FPRoundBase in the Arm ARM's terms), comparisons,
 * min/max and conversions to integer or between formats are done in C.
 * Pseudo-code names in comments are the Arm ARM's (DDI 0487, J1
 * "shared/functions/float"), which spells these algorithms out; the ISA
 * they are named after is an example, not a dependency.
 */
#ifndef HVSIM_CORE_IEEE_H
#define HVSIM_CORE_IEEE_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* ------------------------------------------------------------- formats */

/* binary16, binary32, binary64 (3.6). The value is log2 of the size in bytes. */
enum ieee_fmt { IEEE_H = 1, IEEE_S = 2, IEEE_D = 3 };

struct ieee_format {
	uint8_t ebits, fbits; /* exponent and trailing significand field widths */
	int16_t bias;
};
extern const struct ieee_format ieee_formats[4]; /* by enum ieee_fmt */

static inline uint64_t ieee_sign_bit(enum ieee_fmt f)
{
	return 1ull << (ieee_formats[f].ebits + ieee_formats[f].fbits);
}
static inline uint64_t ieee_frac_mask(enum ieee_fmt f)
{
	return (1ull << ieee_formats[f].fbits) - 1;
}
/* The all-ones biased exponent of infinities and NaNs. */
static inline unsigned ieee_exp_max(enum ieee_fmt f)
{
	return (1u << ieee_formats[f].ebits) - 1;
}
static inline unsigned ieee_exp(enum ieee_fmt f, uint64_t a)
{
	return (a >> ieee_formats[f].fbits) & ieee_exp_max(f);
}
/* The smallest normal magnitude's encoding, also the significand's leading bit. */
static inline uint64_t ieee_min_normal(enum ieee_fmt f)
{
	return 1ull << ieee_formats[f].fbits;
}
/* 6.2.1: the first bit of the trailing significand is 1 in a quiet NaN. */
static inline uint64_t ieee_quiet_bit(enum ieee_fmt f)
{
	return 1ull << (ieee_formats[f].fbits - 1);
}
static inline uint64_t ieee_pack(enum ieee_fmt f, bool sign, uint64_t exp, uint64_t frac)
{
	return (sign ? ieee_sign_bit(f) : 0) | (exp << ieee_formats[f].fbits) | frac;
}

static inline bool ieee_is_nan(enum ieee_fmt f, uint64_t a)
{
	return ieee_exp(f, a) == ieee_exp_max(f) && (a & ieee_frac_mask(f));
}
static inline bool ieee_is_snan(enum ieee_fmt f, uint64_t a)
{
	return ieee_is_nan(f, a) && !(a & ieee_quiet_bit(f));
}
static inline bool ieee_is_inf(enum ieee_fmt f, uint64_t a)
{
	return (a & ~ieee_sign_bit(f)) == (uint64_t)ieee_exp_max(f) << ieee_formats[f].fbits;
}
static inline bool ieee_is_zero(enum ieee_fmt f, uint64_t a)
{
	return (a & ~ieee_sign_bit(f)) == 0;
}

/* ------------------------------------------------- modes, flags, rules */

/*
 * Rounding-direction attributes (4.3), plus round-to-odd (Arm's FCVTXN)
 * and "the control register's mode", which decoders store for an op that
 * takes its mode at run time. RN..RZ are in Arm FPCR.RMode's order.
 */
enum ieee_rounding {
	IEEE_RN = 0,   /* roundTiesToEven */
	IEEE_RP = 1,   /* roundTowardPositive */
	IEEE_RM = 2,   /* roundTowardNegative */
	IEEE_RZ = 3,   /* roundTowardZero */
	IEEE_RA = 4,   /* roundTiesToAway */
	IEEE_RO = 5,   /* to odd: truncate, then set the last bit if inexact */
	IEEE_RDYN = 6, /* env->mode, resolved when the op runs */
};

/*
 * Exception flags (7.2-7.6, in the standard's order), plus input-denormal:
 * a denormal operand taken as zero by flush-to-zero (Arm FPSR.IDC), which
 * IEEE does not have. Sticky: ops only ever add to env->flags.
 */
enum {
	IEEE_INVALID = 1 << 0,
	IEEE_DIVZERO = 1 << 1,
	IEEE_OVERFLOW = 1 << 2,
	IEEE_UNDERFLOW = 1 << 3,
	IEEE_INEXACT = 1 << 4,
	IEEE_DENORMAL = 1 << 5,
	IEEE_754_FLAGS = 0x1f, /* the five of the standard */
};

/* Which NaN an op with NaN operands returns (6.2.3 leaves it open). */
enum ieee_nan_rule {
	IEEE_NAN_SIGNALLING_FIRST, /* first sNaN, else first qNaN (Arm FPProcessNaNs) */
	IEEE_NAN_OPERAND_ORDER,    /* first NaN of either kind (x86 SSE) */
};

/* An ISA's fixed choices; one const instance per ISA. */
struct ieee_rules {
	uint64_t default_nan[4];    /* by enum ieee_fmt: the quiet NaN of an invalid op */
	enum ieee_nan_rule nan_rule;
	bool tiny_before_rounding;  /* 7.5: Arm before, x86 after */
	unsigned flush_in_flags;    /* raised when flush-to-zero takes an input as zero */
	unsigned flush_out_flags;   /* raised, instead of the op's own, when it flushes a result */
	/*
	 * Not a field: the result of an invalid conversion to integer (5.8
	 * leaves it open) is the saturated value, 0 for a NaN, as Arm's
	 * FPToFixed; x86's "integer indefinite" would be a rule.
	 */
};

/* The ISA's control register for one op, and the flags the op raises. */
struct ieee_env {
	const struct ieee_rules *rules;
	enum ieee_rounding mode; /* never IEEE_RDYN */
	bool flush_in;    /* denormal inputs are zeros (Arm FPCR.FZ; x86 MXCSR.DAZ) */
	bool flush_out;   /* tiny results are zeros (Arm FPCR.FZ; x86 MXCSR.FTZ) */
	bool default_nan; /* every NaN result is the default NaN (Arm FPCR.DN) */
	unsigned flags;   /* raised by the op: IEEE_INVALID ... */
};

static inline uint64_t ieee_default_nan(const struct ieee_env *env, enum ieee_fmt f)
{
	return env->rules->default_nan[f];
}

/* ------------------------------------------------------- number pieces */

enum ieee_class { IEEE_ZERO, IEEE_NUM, IEEE_INF, IEEE_QNAN, IEEE_SNAN };

/* An unpacked number: value = mant * 2^(exp - 63), mant normalised (bit 63 set). */
struct ieee_val {
	enum ieee_class cls;
	bool sign;
	int exp;
	uint64_t mant;
};

/* FPUnpackBase: classify and unpack, flushing a denormal when env->flush_in. */
enum ieee_class ieee_unpack(struct ieee_env *env, enum ieee_fmt f, uint64_t a,
			    struct ieee_val *v);

/* A denormal input as a signed zero when env->flush_in; others unchanged. */
uint64_t ieee_flush_in(struct ieee_env *env, enum ieee_fmt f, uint64_t a);

/* FPProcessNaN: one NaN operand quietened (invalid if signalling), or the default NaN. */
uint64_t ieee_process_nan(struct ieee_env *env, enum ieee_fmt f, uint64_t a);

/*
 * FPProcessNaNs: the result of an op whose operands, in the ISA's order,
 * include a NaN, chosen by rules->nan_rule; false if none is a NaN. Every
 * signalling operand raises invalid (6.2: the op signals).
 */
bool ieee_process_nans(struct ieee_env *env, enum ieee_fmt f, const uint64_t *ops, int n,
		       uint64_t *res);

/*
 * FPRoundBase: sign * mant * 2^(exp - 63) (mant normalised, the exact
 * value) rounded by `rm` to f, with underflow (7.5) by the rules' tininess
 * and env's flush-to-zero, overflow (7.4) and inexact (7.6).
 */
uint64_t ieee_round(struct ieee_env *env, enum ieee_fmt f, bool sign, int exp, uint64_t mant,
		    enum ieee_rounding rm);

/*
 * ieee_round without the range check, for formats that end elsewhere (Arm's
 * alternative half precision): the rounded significand with its leading
 * bit, *biased its biased exponent (possibly beyond f's range) and
 * *inexact. Raises underflow and flush-to-zero's flags; inexact and
 * overflow are the caller's to raise once it has judged the range.
 */
uint64_t ieee_round_sig(struct ieee_env *env, enum ieee_fmt f, bool sign, int exp,
			uint64_t mant, enum ieee_rounding rm, int *biased, bool *inexact);

/* 7.4: an overflowed result, infinity or the largest finite number by `rm`. */
uint64_t ieee_overflow(struct ieee_env *env, enum ieee_fmt f, bool sign, enum ieee_rounding rm);

/* ---------------------------------------------------------- operations */

/* 5.11: the relation of a and b; a NaN signals invalid if signalling or `signal_qnan`. */
enum ieee_rel { IEEE_LT, IEEE_EQ, IEEE_GT, IEEE_UN };
enum ieee_rel ieee_compare(struct ieee_env *env, enum ieee_fmt f, uint64_t a, uint64_t b,
			   bool signal_qnan);

/*
 * MAX/MIN propagate NaNs (754-2019 maximum/minimum, Arm FPMax/FPMin);
 * MAXNUM/MINNUM prefer a number to a quiet NaN (754-2008 maxNum/minNum,
 * Arm FPMaxNum/FPMinNum). -0 is below +0.
 */
enum ieee_minmax { IEEE_MAX, IEEE_MIN, IEEE_MAXNUM, IEEE_MINNUM };
uint64_t ieee_minmax(struct ieee_env *env, enum ieee_fmt f, enum ieee_minmax kind, uint64_t a,
		     uint64_t b);

/* 5.4.2 convertFormat (FPConvert). */
uint64_t ieee_convert(struct ieee_env *env, enum ieee_fmt from, enum ieee_fmt to, uint64_t a,
		      enum ieee_rounding rm);

/* 5.9 roundToIntegral (FPRoundInt); `exact` is roundToIntegralExact (inexact signalled). */
uint64_t ieee_round_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, enum ieee_rounding rm,
			bool exact);

/*
 * 5.8 convertToInteger of a * 2^fbits (FPToFixed) into a `bits`-wide
 * integer (32 or 64), saturating with invalid.
 */
uint64_t ieee_to_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, unsigned fbits,
		     bool is_unsigned, unsigned bits, enum ieee_rounding rm);

/* 5.4.1 convertFromInt of a * 2^-fbits (FixedToFP), S or D, on the host. */
uint64_t ieee_from_int(struct ieee_env *env, enum ieee_fmt f, uint64_t a, unsigned fbits,
		       bool is_unsigned);

/* -------------------------------------------------------- the host FPU */

#if !defined(__x86_64__) || !defined(__SSE2__)
#error "ieee.h drives the host FPU through MXCSR: an x86-64 host is required"
#endif

/* MXCSR: flags 5:0 (IE DE ZE OE UE PE), DAZ 6, masks 12:7, RC 14:13, FTZ 15. */
#define IEEE_HOST_CTRL 0xffc0u
#define IEEE_HOST_MASKS 0x1f80u

static inline uint32_t ieee_host_csr_read(void)
{
	uint32_t csr;
	__asm__ volatile("stmxcsr %0" : "=m"(csr));
	return csr;
}

static inline void ieee_host_csr_write(uint32_t csr)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(csr));
}

/*
 * MXCSR's flags as IEEE_*: IE, ZE, OE, UE, PE. DE (an operand was
 * denormal) is dropped: it is no IEEE flag, and IEEE_DENORMAL means a
 * flushed input, which the host never flushes (DAZ stays clear).
 */
static inline unsigned ieee_host_flags(uint32_t csr)
{
	return (csr & 1) | ((csr >> 1) & 0x1e);
}

/* The MXCSR control word for `mode` (RN..RZ): every exception masked, no DAZ or FTZ. */
static inline uint32_t ieee_host_ctrl(enum ieee_rounding mode)
{
	static const uint16_t rc[4] = {
		[IEEE_RN] = 0 << 13, [IEEE_RP] = 2 << 13, [IEEE_RM] = 1 << 13, [IEEE_RZ] = 3 << 13,
	};
	return IEEE_HOST_MASKS | rc[mode];
}

/*
 * After host arithmetic: may its result and flags stand? Only if MXCSR had
 * the guest's control word `ctrl` and holds no flag outside `flags`, the
 * guest's sticky flags (of which only IEEE_754_FLAGS are read: the host
 * raises no other): then whatever the op raised is already among them.
 * Otherwise (a first new flag, a flag left by other code or another vCPU,
 * a guest that cleared its flags, another rounding mode) the caller redoes
 * the op in C, which sets MXCSR afresh. One STMXCSR per op.
 */
static inline bool ieee_host_ok(uint32_t ctrl, unsigned flags)
{
	uint32_t csr = ieee_host_csr_read();
	return (csr & IEEE_HOST_CTRL) == ctrl && !(ieee_host_flags(csr) & ~flags);
}

/*
 * Keep host FP arithmetic after the MXCSR write that sets it up and before
 * the read that judges it: the compiler does not know that MXCSR affects
 * it, so values pass through empty volatile asm statements, which are
 * never reordered against the MXCSR accesses.
 */
#define IEEE_HOST_BARRIER(x) __asm__ volatile("" : "+x"(x))

static inline float ieee_f32(uint32_t b) { float f; memcpy(&f, &b, 4); return f; }
static inline double ieee_f64(uint64_t b) { double f; memcpy(&f, &b, 8); return f; }
static inline uint32_t ieee_b32(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static inline uint64_t ieee_b64(double f) { uint64_t b; memcpy(&b, &f, 8); return b; }

/*
 * A host result that the fast path may not keep for an ISA whose choices
 * are not the host's: a NaN (which NaN, default NaN) or exactly +-min
 * normal (the one result whose underflow flag depends on tininess before
 * or after rounding). Such results go through ieee_host_arith.
 */
static inline bool ieee_host_recheck32(float r)
{
	return isnan(r) || fabsf(r) == 0x1p-126f;
}
static inline bool ieee_host_recheck64(double r)
{
	return isnan(r) || fabs(r) == 0x1p-1022;
}

/*
 * An int64 or uint64 as the host's TYPE, rounded once in MXCSR's mode,
 * with the flags of that one rounding. Spelled out, not left to the
 * compiler: clang converts both ways and selects (the flags of the
 * conversion not taken stay in MXCSR), and converts uint64 to double by
 * a subtraction that gives -0 for 0 when rounding down. The empty asm
 * statements keep each conversion in its own branch. A uint64 of 2^63 or
 * more is halved with its low bit kept sticky (round to odd), converted
 * and doubled: still one rounding, in any mode, and doubling is exact.
 */
#define IEEE_HOST_FROM_INT64(NAME, TYPE)                                                 \
	static inline TYPE NAME(uint64_t a, bool is_unsigned)                            \
	{                                                                                \
		if (is_unsigned && (int64_t)a < 0) {                                     \
			uint64_t h = (a >> 1) | (a & 1);                                 \
			__asm__ volatile("" : "+r"(h));                                  \
			TYPE r = (TYPE)(int64_t)h;                                       \
			IEEE_HOST_BARRIER(r);                                            \
			return r + r;                                                    \
		}                                                                        \
		__asm__ volatile("" : "+r"(a));                                          \
		return (TYPE)(int64_t)a;                                                 \
	}
IEEE_HOST_FROM_INT64(ieee_host_int_f32, float)
IEEE_HOST_FROM_INT64(ieee_host_int_f64, double)

/* a * 2^-fbits from an int64/uint64: the conversion rounds once, the scaling is exact. */
static inline uint64_t ieee_host_from_int(enum ieee_fmt f, uint64_t a, unsigned fbits,
					  bool is_unsigned)
{
	if (f == IEEE_S) {
		float r = ieee_host_int_f32(a, is_unsigned);
		r *= ieee_f32((127u - fbits) << 23);
		IEEE_HOST_BARRIER(r);
		return ieee_b32(r);
	}
	double r = ieee_host_int_f64(a, is_unsigned);
	r *= ieee_f64((uint64_t)(1023u - fbits) << 52);
	IEEE_HOST_BARRIER(r);
	return ieee_b64(r);
}

/*
 * An ISA's host computation of op `op` on S or D operands, in whatever
 * mode MXCSR holds (the ISA's formulas: Arm's FRECPS is fma(-a, b, 2)).
 */
typedef uint64_t ieee_host_fn(enum ieee_fmt f, unsigned op, uint64_t a, uint64_t b, uint64_t c);

/*
 * Define NAME, an ieee_host_fn, from an ISA's typed host computations
 * FN32(op, float, float, float) and FN64(op, double, double, double): the
 * operands and the result pass the barrier.
 */
#define IEEE_HOST_FN(NAME, OP_TYPE, FN32, FN64)                                          \
	static uint64_t NAME(enum ieee_fmt f, unsigned op, uint64_t a, uint64_t b, uint64_t c) \
	{                                                                                \
		if (f == IEEE_S) {                                                       \
			float x = ieee_f32((uint32_t)a), y = ieee_f32((uint32_t)b);      \
			float z = ieee_f32((uint32_t)c);                                 \
			IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z); \
			float r = FN32((OP_TYPE)op, x, y, z);                            \
			IEEE_HOST_BARRIER(r);                                            \
			return ieee_b32(r);                                              \
		}                                                                        \
		double x = ieee_f64(a), y = ieee_f64(b), z = ieee_f64(c);                \
		IEEE_HOST_BARRIER(x); IEEE_HOST_BARRIER(y); IEEE_HOST_BARRIER(z);        \
		double r = FN64((OP_TYPE)op, x, y, z);                                   \
		IEEE_HOST_BARRIER(r);                                                    \
		return ieee_b64(r);                                                      \
	}

/*
 * The C path of host arithmetic: `fn` run with MXCSR set to env->mode and
 * its flags isolated, then made to follow the rules: a NaN result (an
 * invalid op: the caller has handled NaN operands) becomes the rules'
 * default NaN, underflow follows the rules' tininess, and env->flush_out
 * flushes tiny results. The flags go to env->flags.
 */
uint64_t ieee_host_arith(struct ieee_env *env, enum ieee_fmt f, ieee_host_fn *fn, unsigned op,
			 uint64_t a, uint64_t b, uint64_t c);

#endif
