/*
 * The x87 engine on the host's x87 unit: the host assumption and what is
 * exact are in x87_host.h. One function per operation, each a fixed
 * sequence: save the host's control word, load the guest's (exceptions
 * masked), clear the flags, push ST(1) and ST(0), run the instruction,
 * read the status word, store ST(0) and ST(1), empty the stack, restore
 * the control word.
 */
#include "cpu/x86-coco/x87_host.h"

#if !defined(__x86_64__)
#error "the x87 engine runs on an x86-64 host's x87 unit (x87_host.h)"
#endif

/*
 * The asm loads, pops and FNINITs the host's x87 stack: the compiler must
 * not keep a long double there across it (inlined under LTO, it could).
 */
#define X87_HOST_CLOBBERS "st", "st(1)", "st(2)", "st(3)", "st(4)", "st(5)", "st(6)", "st(7)"

#define X87_HOST(name, insn)                                                               \
	uint16_t name(uint16_t fcw, struct x87_host *h)                                    \
	{                                                                                  \
		uint16_t cw = (uint16_t)(fcw | 0x3f), save, sw;                            \
		__asm__ volatile("fnstcw %[save]\n\t"                                      \
				 "fldcw %[cw]\n\t"                                         \
				 "fnclex\n\t"                                              \
				 "fldt %[b]\n\t"                                           \
				 "fldt %[a]\n\t" insn "\n\t"                               \
				 "fnstsw %[sw]\n\t"                                        \
				 "fstpt %[a]\n\t"                                          \
				 "fstpt %[b]\n\t"                                          \
				 "fninit\n\t"                                              \
				 "fldcw %[save]"                                           \
				 : [a] "+m"(h->a), [b] "+m"(h->b), [m] "+m"(h->m),         \
				   [save] "=m"(save), [sw] "=m"(sw)                        \
				 : [cw] "m"(cw)                                            \
				 : X87_HOST_CLOBBERS);                                     \
		return sw;                                                                 \
	}

/* AT&T order: "fsub %st(1), %st" is ST(0) = ST(0) - ST(1). */
X87_HOST(x87_add, "fadd %%st(1), %%st")
X87_HOST(x87_sub, "fsub %%st(1), %%st")
X87_HOST(x87_mul, "fmul %%st(1), %%st")
X87_HOST(x87_div, "fdiv %%st(1), %%st")
X87_HOST(x87_prem, "fprem")
X87_HOST(x87_prem1, "fprem1")
X87_HOST(x87_scale, "fscale")
/* FPATAN, FYL2X and FYL2XP1 pop: the result is then ST(0). */
X87_HOST(x87_patan, "fpatan")
X87_HOST(x87_yl2x, "fyl2x")
X87_HOST(x87_yl2xp1, "fyl2xp1")
X87_HOST(x87_com, "fcom %%st(1)")
X87_HOST(x87_ucom, "fucom %%st(1)")
X87_HOST(x87_tst, "ftst")
X87_HOST(x87_xam, "fxam")
X87_HOST(x87_sqrt, "fsqrt")
X87_HOST(x87_rndint, "frndint")
X87_HOST(x87_sin, "fsin")
X87_HOST(x87_cos, "fcos")
X87_HOST(x87_2xm1, "f2xm1")
X87_HOST(x87_ptan, "fptan")
X87_HOST(x87_sincos, "fsincos")
X87_HOST(x87_xtract, "fxtract")
X87_HOST(x87_ld_f32, "flds %[m]")
X87_HOST(x87_ld_f64, "fldl %[m]")
X87_HOST(x87_ld_i16, "filds %[m]")
X87_HOST(x87_ld_i32, "fildl %[m]")
X87_HOST(x87_ld_i64, "fildll %[m]")
X87_HOST(x87_ld_bcd, "fbld %[m]")
X87_HOST(x87_st_f32, "fsts %[m]")
X87_HOST(x87_st_f64, "fstl %[m]")
X87_HOST(x87_st_i16, "fists %[m]")
X87_HOST(x87_st_i32, "fistl %[m]")
X87_HOST(x87_st_i64, "fld %%st(0)\n\tfistpll %[m]")
X87_HOST(x87_stt_i16, "fld %%st(0)\n\tfisttps %[m]")
X87_HOST(x87_stt_i32, "fld %%st(0)\n\tfisttpl %[m]")
X87_HOST(x87_stt_i64, "fld %%st(0)\n\tfisttpll %[m]")
X87_HOST(x87_st_bcd, "fld %%st(0)\n\tfbstp %[m]")
X87_HOST(x87_ld1, "fld1")
X87_HOST(x87_ldl2t, "fldl2t")
X87_HOST(x87_ldl2e, "fldl2e")
X87_HOST(x87_ldpi, "fldpi")
X87_HOST(x87_ldlg2, "fldlg2")
X87_HOST(x87_ldln2, "fldln2")
X87_HOST(x87_ldz, "fldz")
