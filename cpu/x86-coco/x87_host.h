/*
 * The x87 arithmetic engine: the host's own x87 unit (x87_host.c).
 *
 * Host assumption (as cpu/core/ieee.c assumes an SSE unit): hvsim runs on
 * an x86-64 host, whose x87 unit computes in the same 80-bit format with
 * the same rounding, precision control, NaN rules and exception
 * detection as the guest's (SDM 1 chapter 8 is one architecture). Each
 * operation runs alone: the host's control word is the guest's precision
 * and rounding control with every exception masked, the host's status
 * word afterwards gives the exception flags and C0-C3, and the host's own
 * control word is restored (the SysV ABI keeps it callee-saved; the host
 * stack is emptied again by FNINIT).
 *
 * The basic operations (add, subtract, multiply, divide, square root,
 * round to integer, scale, partial remainders, extract, compares and the
 * conversions) are exactly specified by IEEE 754 and the SDM, so every
 * x86-64 host gives the same bits. The transcendental instructions
 * (F2XM1, FYL2X, FYL2XP1, FPTAN, FPATAN, FSIN, FCOS, FSINCOS) are what
 * the host's microcode gives: within the SDM's stated error (SDM 1:8.3.10,
 * under 1 ulp in the documented ranges), and identical between runs on
 * one host, but Intel and AMD parts may differ in the last bit.
 */
#ifndef HVSIM_X86_X87_HOST_H
#define HVSIM_X86_X87_HOST_H

#include <stdint.h>

/*
 * One operation's operands: a is ST(0) and b ST(1) on the host's stack,
 * m the memory operand's bytes (up to 10). After the operation a and b
 * hold the host's ST(0) and ST(1) (a pop or push moves them), m what a
 * store wrote.
 */
struct x87_host {
	long double a, b;
	uint8_t m[16];
};

/* An operation: returns the host's status word (exception flags, C0-C3). */
typedef uint16_t x87_host_fn(uint16_t fcw, struct x87_host *h);

/* ST(0) = ST(0) op ST(1). */
x87_host_fn x87_add, x87_sub, x87_mul, x87_div;
/* ST(0) and ST(1) as the instruction leaves them (FPREM's C0-C3 in the status). */
x87_host_fn x87_prem, x87_prem1, x87_scale, x87_patan, x87_yl2x, x87_yl2xp1;
/* ST(0) against ST(1) or 0.0: C0, C2, C3 (and FXAM's C1). */
x87_host_fn x87_com, x87_ucom, x87_tst, x87_xam;
/* ST(0) = f(ST(0)); FPTAN, FSINCOS and FXTRACT push (ST(1) = the old ST(0)'s part). */
x87_host_fn x87_sqrt, x87_rndint, x87_sin, x87_cos, x87_2xm1, x87_ptan, x87_sincos, x87_xtract;
/* Loads into ST(0) from m: m32fp, m64fp, m16int, m32int, m64int, m80bcd. */
x87_host_fn x87_ld_f32, x87_ld_f64, x87_ld_i16, x87_ld_i32, x87_ld_i64, x87_ld_bcd;
/* Stores of ST(0) into m: FST m32/m64, FIST(P) m16/m32/m64, FISTTP, FBSTP. */
x87_host_fn x87_st_f32, x87_st_f64, x87_st_i16, x87_st_i32, x87_st_i64, x87_stt_i16,
	x87_stt_i32, x87_stt_i64, x87_st_bcd;
/* The constants, rounded by the rounding control (SDM 2: FLD1/FLDL2T/.../FLDZ). */
x87_host_fn x87_ld1, x87_ldl2t, x87_ldl2e, x87_ldpi, x87_ldlg2, x87_ldln2, x87_ldz;

#endif
