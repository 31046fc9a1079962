/*
 * Every LSX instruction (the 582 of la_lsx.decode, then the 130 floating
 * point ones of la_vfp.decode) on operands drawn at random, with
 * lane-boundary values among them: per instruction, a hash of what it
 * left in its registers, the condition flags and memory, and for the
 * floating point ones FCSR0 (Cause, Flags), each case under a rounding
 * mode drawn at random, so hvsim's output can be compared with QEMU's line
 * by line (tests/guest/loongarch/lsx.expected comes from QEMU). Built with
 * -DLSX_VERBOSE it prints every case instead, to find the one that
 * differs.
 *
 * The encodings are this test's own (llvm-objdump-19's names for them),
 * not hvsim's decode table. clang-16 does not assemble LSX, so each case
 * is a sequence of words written to a code buffer: load vr1-vr4, a3-a5 and
 * FCC0-7 from a state block, the instruction (vd = vr1, vj = vr2, vk =
 * vr3, va = vr4; rd = a3, rj = a4, rk = a5), store them all back.
 */
#include "insn_case.h"

/* Operand layouts. */
enum kind {
	K_VVV,     /* vd, vj, vk */
	K_VV,      /* vd, vj */
	K_VVVV,    /* vd, vj, vk, va */
	K_VVR,     /* vd, vj, rk */
	K_VR,      /* vd, rj */
	K_CV,      /* cd, vj */
	K_VVI,     /* vd, vj, imm (bits 10 up) */
	K_VRI,     /* vd, rj, index */
	K_RVI,     /* rd, vj, index */
	K_VLDI,    /* vd, imm13 (bits 17:5) */
	K_MEM12,   /* vd, rj, si12 */
	K_MEMX,    /* vd, rj, rk */
	K_LDREPL,  /* vd, rj, scaled offset */
	K_STELM,   /* vd, rj, scaled offset, index */
};

static const struct insn {
	const char *name;
	uint32_t match;
	uint8_t kind;
	uint8_t imm_bits;   /* the immediate's width at bit 10 (all of VSTELM's fields) */
} insns[] = {
	{ "vseq.b", 0x70000000, K_VVV, 5 },
	{ "vseq.h", 0x70008000, K_VVV, 5 },
	{ "vseq.w", 0x70010000, K_VVV, 5 },
	{ "vseq.d", 0x70018000, K_VVV, 5 },
	{ "vsle.b", 0x70020000, K_VVV, 5 },
	{ "vsle.h", 0x70028000, K_VVV, 5 },
	{ "vsle.w", 0x70030000, K_VVV, 5 },
	{ "vsle.d", 0x70038000, K_VVV, 5 },
	{ "vsle.bu", 0x70040000, K_VVV, 5 },
	{ "vsle.hu", 0x70048000, K_VVV, 5 },
	{ "vsle.wu", 0x70050000, K_VVV, 5 },
	{ "vsle.du", 0x70058000, K_VVV, 5 },
	{ "vslt.b", 0x70060000, K_VVV, 5 },
	{ "vslt.h", 0x70068000, K_VVV, 5 },
	{ "vslt.w", 0x70070000, K_VVV, 5 },
	{ "vslt.d", 0x70078000, K_VVV, 5 },
	{ "vslt.bu", 0x70080000, K_VVV, 5 },
	{ "vslt.hu", 0x70088000, K_VVV, 5 },
	{ "vslt.wu", 0x70090000, K_VVV, 5 },
	{ "vslt.du", 0x70098000, K_VVV, 5 },
	{ "vadd.b", 0x700a0000, K_VVV, 5 },
	{ "vadd.h", 0x700a8000, K_VVV, 5 },
	{ "vadd.w", 0x700b0000, K_VVV, 5 },
	{ "vadd.d", 0x700b8000, K_VVV, 5 },
	{ "vsub.b", 0x700c0000, K_VVV, 5 },
	{ "vsub.h", 0x700c8000, K_VVV, 5 },
	{ "vsub.w", 0x700d0000, K_VVV, 5 },
	{ "vsub.d", 0x700d8000, K_VVV, 5 },
	{ "vaddwev.h.b", 0x701e0000, K_VVV, 5 },
	{ "vaddwev.w.h", 0x701e8000, K_VVV, 5 },
	{ "vaddwev.d.w", 0x701f0000, K_VVV, 5 },
	{ "vaddwev.q.d", 0x701f8000, K_VVV, 5 },
	{ "vsubwev.h.b", 0x70200000, K_VVV, 5 },
	{ "vsubwev.w.h", 0x70208000, K_VVV, 5 },
	{ "vsubwev.d.w", 0x70210000, K_VVV, 5 },
	{ "vsubwev.q.d", 0x70218000, K_VVV, 5 },
	{ "vaddwod.h.b", 0x70220000, K_VVV, 5 },
	{ "vaddwod.w.h", 0x70228000, K_VVV, 5 },
	{ "vaddwod.d.w", 0x70230000, K_VVV, 5 },
	{ "vaddwod.q.d", 0x70238000, K_VVV, 5 },
	{ "vsubwod.h.b", 0x70240000, K_VVV, 5 },
	{ "vsubwod.w.h", 0x70248000, K_VVV, 5 },
	{ "vsubwod.d.w", 0x70250000, K_VVV, 5 },
	{ "vsubwod.q.d", 0x70258000, K_VVV, 5 },
	{ "vaddwev.h.bu", 0x702e0000, K_VVV, 5 },
	{ "vaddwev.w.hu", 0x702e8000, K_VVV, 5 },
	{ "vaddwev.d.wu", 0x702f0000, K_VVV, 5 },
	{ "vaddwev.q.du", 0x702f8000, K_VVV, 5 },
	{ "vsubwev.h.bu", 0x70300000, K_VVV, 5 },
	{ "vsubwev.w.hu", 0x70308000, K_VVV, 5 },
	{ "vsubwev.d.wu", 0x70310000, K_VVV, 5 },
	{ "vsubwev.q.du", 0x70318000, K_VVV, 5 },
	{ "vaddwod.h.bu", 0x70320000, K_VVV, 5 },
	{ "vaddwod.w.hu", 0x70328000, K_VVV, 5 },
	{ "vaddwod.d.wu", 0x70330000, K_VVV, 5 },
	{ "vaddwod.q.du", 0x70338000, K_VVV, 5 },
	{ "vsubwod.h.bu", 0x70340000, K_VVV, 5 },
	{ "vsubwod.w.hu", 0x70348000, K_VVV, 5 },
	{ "vsubwod.d.wu", 0x70350000, K_VVV, 5 },
	{ "vsubwod.q.du", 0x70358000, K_VVV, 5 },
	{ "vaddwev.h.bu.b", 0x703e0000, K_VVV, 5 },
	{ "vaddwev.w.hu.h", 0x703e8000, K_VVV, 5 },
	{ "vaddwev.d.wu.w", 0x703f0000, K_VVV, 5 },
	{ "vaddwev.q.du.d", 0x703f8000, K_VVV, 5 },
	{ "vaddwod.h.bu.b", 0x70400000, K_VVV, 5 },
	{ "vaddwod.w.hu.h", 0x70408000, K_VVV, 5 },
	{ "vaddwod.d.wu.w", 0x70410000, K_VVV, 5 },
	{ "vaddwod.q.du.d", 0x70418000, K_VVV, 5 },
	{ "vsadd.b", 0x70460000, K_VVV, 5 },
	{ "vsadd.h", 0x70468000, K_VVV, 5 },
	{ "vsadd.w", 0x70470000, K_VVV, 5 },
	{ "vsadd.d", 0x70478000, K_VVV, 5 },
	{ "vssub.b", 0x70480000, K_VVV, 5 },
	{ "vssub.h", 0x70488000, K_VVV, 5 },
	{ "vssub.w", 0x70490000, K_VVV, 5 },
	{ "vssub.d", 0x70498000, K_VVV, 5 },
	{ "vsadd.bu", 0x704a0000, K_VVV, 5 },
	{ "vsadd.hu", 0x704a8000, K_VVV, 5 },
	{ "vsadd.wu", 0x704b0000, K_VVV, 5 },
	{ "vsadd.du", 0x704b8000, K_VVV, 5 },
	{ "vssub.bu", 0x704c0000, K_VVV, 5 },
	{ "vssub.hu", 0x704c8000, K_VVV, 5 },
	{ "vssub.wu", 0x704d0000, K_VVV, 5 },
	{ "vssub.du", 0x704d8000, K_VVV, 5 },
	{ "vhaddw.h.b", 0x70540000, K_VVV, 5 },
	{ "vhaddw.w.h", 0x70548000, K_VVV, 5 },
	{ "vhaddw.d.w", 0x70550000, K_VVV, 5 },
	{ "vhaddw.q.d", 0x70558000, K_VVV, 5 },
	{ "vhsubw.h.b", 0x70560000, K_VVV, 5 },
	{ "vhsubw.w.h", 0x70568000, K_VVV, 5 },
	{ "vhsubw.d.w", 0x70570000, K_VVV, 5 },
	{ "vhsubw.q.d", 0x70578000, K_VVV, 5 },
	{ "vhaddw.hu.bu", 0x70580000, K_VVV, 5 },
	{ "vhaddw.wu.hu", 0x70588000, K_VVV, 5 },
	{ "vhaddw.du.wu", 0x70590000, K_VVV, 5 },
	{ "vhaddw.qu.du", 0x70598000, K_VVV, 5 },
	{ "vhsubw.hu.bu", 0x705a0000, K_VVV, 5 },
	{ "vhsubw.wu.hu", 0x705a8000, K_VVV, 5 },
	{ "vhsubw.du.wu", 0x705b0000, K_VVV, 5 },
	{ "vhsubw.qu.du", 0x705b8000, K_VVV, 5 },
	{ "vadda.b", 0x705c0000, K_VVV, 5 },
	{ "vadda.h", 0x705c8000, K_VVV, 5 },
	{ "vadda.w", 0x705d0000, K_VVV, 5 },
	{ "vadda.d", 0x705d8000, K_VVV, 5 },
	{ "vabsd.b", 0x70600000, K_VVV, 5 },
	{ "vabsd.h", 0x70608000, K_VVV, 5 },
	{ "vabsd.w", 0x70610000, K_VVV, 5 },
	{ "vabsd.d", 0x70618000, K_VVV, 5 },
	{ "vabsd.bu", 0x70620000, K_VVV, 5 },
	{ "vabsd.hu", 0x70628000, K_VVV, 5 },
	{ "vabsd.wu", 0x70630000, K_VVV, 5 },
	{ "vabsd.du", 0x70638000, K_VVV, 5 },
	{ "vavg.b", 0x70640000, K_VVV, 5 },
	{ "vavg.h", 0x70648000, K_VVV, 5 },
	{ "vavg.w", 0x70650000, K_VVV, 5 },
	{ "vavg.d", 0x70658000, K_VVV, 5 },
	{ "vavg.bu", 0x70660000, K_VVV, 5 },
	{ "vavg.hu", 0x70668000, K_VVV, 5 },
	{ "vavg.wu", 0x70670000, K_VVV, 5 },
	{ "vavg.du", 0x70678000, K_VVV, 5 },
	{ "vavgr.b", 0x70680000, K_VVV, 5 },
	{ "vavgr.h", 0x70688000, K_VVV, 5 },
	{ "vavgr.w", 0x70690000, K_VVV, 5 },
	{ "vavgr.d", 0x70698000, K_VVV, 5 },
	{ "vavgr.bu", 0x706a0000, K_VVV, 5 },
	{ "vavgr.hu", 0x706a8000, K_VVV, 5 },
	{ "vavgr.wu", 0x706b0000, K_VVV, 5 },
	{ "vavgr.du", 0x706b8000, K_VVV, 5 },
	{ "vmax.b", 0x70700000, K_VVV, 5 },
	{ "vmax.h", 0x70708000, K_VVV, 5 },
	{ "vmax.w", 0x70710000, K_VVV, 5 },
	{ "vmax.d", 0x70718000, K_VVV, 5 },
	{ "vmin.b", 0x70720000, K_VVV, 5 },
	{ "vmin.h", 0x70728000, K_VVV, 5 },
	{ "vmin.w", 0x70730000, K_VVV, 5 },
	{ "vmin.d", 0x70738000, K_VVV, 5 },
	{ "vmax.bu", 0x70740000, K_VVV, 5 },
	{ "vmax.hu", 0x70748000, K_VVV, 5 },
	{ "vmax.wu", 0x70750000, K_VVV, 5 },
	{ "vmax.du", 0x70758000, K_VVV, 5 },
	{ "vmin.bu", 0x70760000, K_VVV, 5 },
	{ "vmin.hu", 0x70768000, K_VVV, 5 },
	{ "vmin.wu", 0x70770000, K_VVV, 5 },
	{ "vmin.du", 0x70778000, K_VVV, 5 },
	{ "vmul.b", 0x70840000, K_VVV, 5 },
	{ "vmul.h", 0x70848000, K_VVV, 5 },
	{ "vmul.w", 0x70850000, K_VVV, 5 },
	{ "vmul.d", 0x70858000, K_VVV, 5 },
	{ "vmuh.b", 0x70860000, K_VVV, 5 },
	{ "vmuh.h", 0x70868000, K_VVV, 5 },
	{ "vmuh.w", 0x70870000, K_VVV, 5 },
	{ "vmuh.d", 0x70878000, K_VVV, 5 },
	{ "vmuh.bu", 0x70880000, K_VVV, 5 },
	{ "vmuh.hu", 0x70888000, K_VVV, 5 },
	{ "vmuh.wu", 0x70890000, K_VVV, 5 },
	{ "vmuh.du", 0x70898000, K_VVV, 5 },
	{ "vmulwev.h.b", 0x70900000, K_VVV, 5 },
	{ "vmulwev.w.h", 0x70908000, K_VVV, 5 },
	{ "vmulwev.d.w", 0x70910000, K_VVV, 5 },
	{ "vmulwev.q.d", 0x70918000, K_VVV, 5 },
	{ "vmulwod.h.b", 0x70920000, K_VVV, 5 },
	{ "vmulwod.w.h", 0x70928000, K_VVV, 5 },
	{ "vmulwod.d.w", 0x70930000, K_VVV, 5 },
	{ "vmulwod.q.d", 0x70938000, K_VVV, 5 },
	{ "vmulwev.h.bu", 0x70980000, K_VVV, 5 },
	{ "vmulwev.w.hu", 0x70988000, K_VVV, 5 },
	{ "vmulwev.d.wu", 0x70990000, K_VVV, 5 },
	{ "vmulwev.q.du", 0x70998000, K_VVV, 5 },
	{ "vmulwod.h.bu", 0x709a0000, K_VVV, 5 },
	{ "vmulwod.w.hu", 0x709a8000, K_VVV, 5 },
	{ "vmulwod.d.wu", 0x709b0000, K_VVV, 5 },
	{ "vmulwod.q.du", 0x709b8000, K_VVV, 5 },
	{ "vmulwev.h.bu.b", 0x70a00000, K_VVV, 5 },
	{ "vmulwev.w.hu.h", 0x70a08000, K_VVV, 5 },
	{ "vmulwev.d.wu.w", 0x70a10000, K_VVV, 5 },
	{ "vmulwev.q.du.d", 0x70a18000, K_VVV, 5 },
	{ "vmulwod.h.bu.b", 0x70a20000, K_VVV, 5 },
	{ "vmulwod.w.hu.h", 0x70a28000, K_VVV, 5 },
	{ "vmulwod.d.wu.w", 0x70a30000, K_VVV, 5 },
	{ "vmulwod.q.du.d", 0x70a38000, K_VVV, 5 },
	{ "vmadd.b", 0x70a80000, K_VVV, 5 },
	{ "vmadd.h", 0x70a88000, K_VVV, 5 },
	{ "vmadd.w", 0x70a90000, K_VVV, 5 },
	{ "vmadd.d", 0x70a98000, K_VVV, 5 },
	{ "vmsub.b", 0x70aa0000, K_VVV, 5 },
	{ "vmsub.h", 0x70aa8000, K_VVV, 5 },
	{ "vmsub.w", 0x70ab0000, K_VVV, 5 },
	{ "vmsub.d", 0x70ab8000, K_VVV, 5 },
	{ "vmaddwev.h.b", 0x70ac0000, K_VVV, 5 },
	{ "vmaddwev.w.h", 0x70ac8000, K_VVV, 5 },
	{ "vmaddwev.d.w", 0x70ad0000, K_VVV, 5 },
	{ "vmaddwev.q.d", 0x70ad8000, K_VVV, 5 },
	{ "vmaddwod.h.b", 0x70ae0000, K_VVV, 5 },
	{ "vmaddwod.w.h", 0x70ae8000, K_VVV, 5 },
	{ "vmaddwod.d.w", 0x70af0000, K_VVV, 5 },
	{ "vmaddwod.q.d", 0x70af8000, K_VVV, 5 },
	{ "vmaddwev.h.bu", 0x70b40000, K_VVV, 5 },
	{ "vmaddwev.w.hu", 0x70b48000, K_VVV, 5 },
	{ "vmaddwev.d.wu", 0x70b50000, K_VVV, 5 },
	{ "vmaddwev.q.du", 0x70b58000, K_VVV, 5 },
	{ "vmaddwod.h.bu", 0x70b60000, K_VVV, 5 },
	{ "vmaddwod.w.hu", 0x70b68000, K_VVV, 5 },
	{ "vmaddwod.d.wu", 0x70b70000, K_VVV, 5 },
	{ "vmaddwod.q.du", 0x70b78000, K_VVV, 5 },
	{ "vmaddwev.h.bu.b", 0x70bc0000, K_VVV, 5 },
	{ "vmaddwev.w.hu.h", 0x70bc8000, K_VVV, 5 },
	{ "vmaddwev.d.wu.w", 0x70bd0000, K_VVV, 5 },
	{ "vmaddwev.q.du.d", 0x70bd8000, K_VVV, 5 },
	{ "vmaddwod.h.bu.b", 0x70be0000, K_VVV, 5 },
	{ "vmaddwod.w.hu.h", 0x70be8000, K_VVV, 5 },
	{ "vmaddwod.d.wu.w", 0x70bf0000, K_VVV, 5 },
	{ "vmaddwod.q.du.d", 0x70bf8000, K_VVV, 5 },
	{ "vdiv.b", 0x70e00000, K_VVV, 5 },
	{ "vdiv.h", 0x70e08000, K_VVV, 5 },
	{ "vdiv.w", 0x70e10000, K_VVV, 5 },
	{ "vdiv.d", 0x70e18000, K_VVV, 5 },
	{ "vmod.b", 0x70e20000, K_VVV, 5 },
	{ "vmod.h", 0x70e28000, K_VVV, 5 },
	{ "vmod.w", 0x70e30000, K_VVV, 5 },
	{ "vmod.d", 0x70e38000, K_VVV, 5 },
	{ "vdiv.bu", 0x70e40000, K_VVV, 5 },
	{ "vdiv.hu", 0x70e48000, K_VVV, 5 },
	{ "vdiv.wu", 0x70e50000, K_VVV, 5 },
	{ "vdiv.du", 0x70e58000, K_VVV, 5 },
	{ "vmod.bu", 0x70e60000, K_VVV, 5 },
	{ "vmod.hu", 0x70e68000, K_VVV, 5 },
	{ "vmod.wu", 0x70e70000, K_VVV, 5 },
	{ "vmod.du", 0x70e78000, K_VVV, 5 },
	{ "vsll.b", 0x70e80000, K_VVV, 5 },
	{ "vsll.h", 0x70e88000, K_VVV, 5 },
	{ "vsll.w", 0x70e90000, K_VVV, 5 },
	{ "vsll.d", 0x70e98000, K_VVV, 5 },
	{ "vsrl.b", 0x70ea0000, K_VVV, 5 },
	{ "vsrl.h", 0x70ea8000, K_VVV, 5 },
	{ "vsrl.w", 0x70eb0000, K_VVV, 5 },
	{ "vsrl.d", 0x70eb8000, K_VVV, 5 },
	{ "vsra.b", 0x70ec0000, K_VVV, 5 },
	{ "vsra.h", 0x70ec8000, K_VVV, 5 },
	{ "vsra.w", 0x70ed0000, K_VVV, 5 },
	{ "vsra.d", 0x70ed8000, K_VVV, 5 },
	{ "vrotr.b", 0x70ee0000, K_VVV, 5 },
	{ "vrotr.h", 0x70ee8000, K_VVV, 5 },
	{ "vrotr.w", 0x70ef0000, K_VVV, 5 },
	{ "vrotr.d", 0x70ef8000, K_VVV, 5 },
	{ "vsrlr.b", 0x70f00000, K_VVV, 5 },
	{ "vsrlr.h", 0x70f08000, K_VVV, 5 },
	{ "vsrlr.w", 0x70f10000, K_VVV, 5 },
	{ "vsrlr.d", 0x70f18000, K_VVV, 5 },
	{ "vsrar.b", 0x70f20000, K_VVV, 5 },
	{ "vsrar.h", 0x70f28000, K_VVV, 5 },
	{ "vsrar.w", 0x70f30000, K_VVV, 5 },
	{ "vsrar.d", 0x70f38000, K_VVV, 5 },
	{ "vsrln.b.h", 0x70f48000, K_VVV, 5 },
	{ "vsrln.h.w", 0x70f50000, K_VVV, 5 },
	{ "vsrln.w.d", 0x70f58000, K_VVV, 5 },
	{ "vsran.b.h", 0x70f68000, K_VVV, 5 },
	{ "vsran.h.w", 0x70f70000, K_VVV, 5 },
	{ "vsran.w.d", 0x70f78000, K_VVV, 5 },
	{ "vsrlrn.b.h", 0x70f88000, K_VVV, 5 },
	{ "vsrlrn.h.w", 0x70f90000, K_VVV, 5 },
	{ "vsrlrn.w.d", 0x70f98000, K_VVV, 5 },
	{ "vsrarn.b.h", 0x70fa8000, K_VVV, 5 },
	{ "vsrarn.h.w", 0x70fb0000, K_VVV, 5 },
	{ "vsrarn.w.d", 0x70fb8000, K_VVV, 5 },
	{ "vssrln.b.h", 0x70fc8000, K_VVV, 5 },
	{ "vssrln.h.w", 0x70fd0000, K_VVV, 5 },
	{ "vssrln.w.d", 0x70fd8000, K_VVV, 5 },
	{ "vssran.b.h", 0x70fe8000, K_VVV, 5 },
	{ "vssran.h.w", 0x70ff0000, K_VVV, 5 },
	{ "vssran.w.d", 0x70ff8000, K_VVV, 5 },
	{ "vssrlrn.b.h", 0x71008000, K_VVV, 5 },
	{ "vssrlrn.h.w", 0x71010000, K_VVV, 5 },
	{ "vssrlrn.w.d", 0x71018000, K_VVV, 5 },
	{ "vssrarn.b.h", 0x71028000, K_VVV, 5 },
	{ "vssrarn.h.w", 0x71030000, K_VVV, 5 },
	{ "vssrarn.w.d", 0x71038000, K_VVV, 5 },
	{ "vssrln.bu.h", 0x71048000, K_VVV, 5 },
	{ "vssrln.hu.w", 0x71050000, K_VVV, 5 },
	{ "vssrln.wu.d", 0x71058000, K_VVV, 5 },
	{ "vssran.bu.h", 0x71068000, K_VVV, 5 },
	{ "vssran.hu.w", 0x71070000, K_VVV, 5 },
	{ "vssran.wu.d", 0x71078000, K_VVV, 5 },
	{ "vssrlrn.bu.h", 0x71088000, K_VVV, 5 },
	{ "vssrlrn.hu.w", 0x71090000, K_VVV, 5 },
	{ "vssrlrn.wu.d", 0x71098000, K_VVV, 5 },
	{ "vssrarn.bu.h", 0x710a8000, K_VVV, 5 },
	{ "vssrarn.hu.w", 0x710b0000, K_VVV, 5 },
	{ "vssrarn.wu.d", 0x710b8000, K_VVV, 5 },
	{ "vbitclr.b", 0x710c0000, K_VVV, 5 },
	{ "vbitclr.h", 0x710c8000, K_VVV, 5 },
	{ "vbitclr.w", 0x710d0000, K_VVV, 5 },
	{ "vbitclr.d", 0x710d8000, K_VVV, 5 },
	{ "vbitset.b", 0x710e0000, K_VVV, 5 },
	{ "vbitset.h", 0x710e8000, K_VVV, 5 },
	{ "vbitset.w", 0x710f0000, K_VVV, 5 },
	{ "vbitset.d", 0x710f8000, K_VVV, 5 },
	{ "vbitrev.b", 0x71100000, K_VVV, 5 },
	{ "vbitrev.h", 0x71108000, K_VVV, 5 },
	{ "vbitrev.w", 0x71110000, K_VVV, 5 },
	{ "vbitrev.d", 0x71118000, K_VVV, 5 },
	{ "vpackev.b", 0x71160000, K_VVV, 5 },
	{ "vpackev.h", 0x71168000, K_VVV, 5 },
	{ "vpackev.w", 0x71170000, K_VVV, 5 },
	{ "vpackev.d", 0x71178000, K_VVV, 5 },
	{ "vpackod.b", 0x71180000, K_VVV, 5 },
	{ "vpackod.h", 0x71188000, K_VVV, 5 },
	{ "vpackod.w", 0x71190000, K_VVV, 5 },
	{ "vpackod.d", 0x71198000, K_VVV, 5 },
	{ "vilvl.b", 0x711a0000, K_VVV, 5 },
	{ "vilvl.h", 0x711a8000, K_VVV, 5 },
	{ "vilvl.w", 0x711b0000, K_VVV, 5 },
	{ "vilvl.d", 0x711b8000, K_VVV, 5 },
	{ "vilvh.b", 0x711c0000, K_VVV, 5 },
	{ "vilvh.h", 0x711c8000, K_VVV, 5 },
	{ "vilvh.w", 0x711d0000, K_VVV, 5 },
	{ "vilvh.d", 0x711d8000, K_VVV, 5 },
	{ "vpickev.b", 0x711e0000, K_VVV, 5 },
	{ "vpickev.h", 0x711e8000, K_VVV, 5 },
	{ "vpickev.w", 0x711f0000, K_VVV, 5 },
	{ "vpickev.d", 0x711f8000, K_VVV, 5 },
	{ "vpickod.b", 0x71200000, K_VVV, 5 },
	{ "vpickod.h", 0x71208000, K_VVV, 5 },
	{ "vpickod.w", 0x71210000, K_VVV, 5 },
	{ "vpickod.d", 0x71218000, K_VVV, 5 },
	{ "vreplve.b", 0x71220000, K_VVR, 5 },
	{ "vreplve.h", 0x71228000, K_VVR, 5 },
	{ "vreplve.w", 0x71230000, K_VVR, 5 },
	{ "vreplve.d", 0x71238000, K_VVR, 5 },
	{ "vand.v", 0x71260000, K_VVV, 5 },
	{ "vor.v", 0x71268000, K_VVV, 5 },
	{ "vxor.v", 0x71270000, K_VVV, 5 },
	{ "vnor.v", 0x71278000, K_VVV, 5 },
	{ "vandn.v", 0x71280000, K_VVV, 5 },
	{ "vorn.v", 0x71288000, K_VVV, 5 },
	{ "vfrstp.b", 0x712b0000, K_VVV, 5 },
	{ "vfrstp.h", 0x712b8000, K_VVV, 5 },
	{ "vadd.q", 0x712d0000, K_VVV, 5 },
	{ "vsub.q", 0x712d8000, K_VVV, 5 },
	{ "vsigncov.b", 0x712e0000, K_VVV, 5 },
	{ "vsigncov.h", 0x712e8000, K_VVV, 5 },
	{ "vsigncov.w", 0x712f0000, K_VVV, 5 },
	{ "vsigncov.d", 0x712f8000, K_VVV, 5 },
	{ "vshuf.h", 0x717a8000, K_VVV, 5 },
	{ "vshuf.w", 0x717b0000, K_VVV, 5 },
	{ "vshuf.d", 0x717b8000, K_VVV, 5 },
	{ "vseqi.b", 0x72800000, K_VVI, 5 },
	{ "vseqi.h", 0x72808000, K_VVI, 5 },
	{ "vseqi.w", 0x72810000, K_VVI, 5 },
	{ "vseqi.d", 0x72818000, K_VVI, 5 },
	{ "vslei.b", 0x72820000, K_VVI, 5 },
	{ "vslei.h", 0x72828000, K_VVI, 5 },
	{ "vslei.w", 0x72830000, K_VVI, 5 },
	{ "vslei.d", 0x72838000, K_VVI, 5 },
	{ "vslei.bu", 0x72840000, K_VVI, 5 },
	{ "vslei.hu", 0x72848000, K_VVI, 5 },
	{ "vslei.wu", 0x72850000, K_VVI, 5 },
	{ "vslei.du", 0x72858000, K_VVI, 5 },
	{ "vslti.b", 0x72860000, K_VVI, 5 },
	{ "vslti.h", 0x72868000, K_VVI, 5 },
	{ "vslti.w", 0x72870000, K_VVI, 5 },
	{ "vslti.d", 0x72878000, K_VVI, 5 },
	{ "vslti.bu", 0x72880000, K_VVI, 5 },
	{ "vslti.hu", 0x72888000, K_VVI, 5 },
	{ "vslti.wu", 0x72890000, K_VVI, 5 },
	{ "vslti.du", 0x72898000, K_VVI, 5 },
	{ "vaddi.bu", 0x728a0000, K_VVI, 5 },
	{ "vaddi.hu", 0x728a8000, K_VVI, 5 },
	{ "vaddi.wu", 0x728b0000, K_VVI, 5 },
	{ "vaddi.du", 0x728b8000, K_VVI, 5 },
	{ "vsubi.bu", 0x728c0000, K_VVI, 5 },
	{ "vsubi.hu", 0x728c8000, K_VVI, 5 },
	{ "vsubi.wu", 0x728d0000, K_VVI, 5 },
	{ "vsubi.du", 0x728d8000, K_VVI, 5 },
	{ "vbsll.v", 0x728e0000, K_VVI, 5 },
	{ "vbsrl.v", 0x728e8000, K_VVI, 5 },
	{ "vmaxi.b", 0x72900000, K_VVI, 5 },
	{ "vmaxi.h", 0x72908000, K_VVI, 5 },
	{ "vmaxi.w", 0x72910000, K_VVI, 5 },
	{ "vmaxi.d", 0x72918000, K_VVI, 5 },
	{ "vmini.b", 0x72920000, K_VVI, 5 },
	{ "vmini.h", 0x72928000, K_VVI, 5 },
	{ "vmini.w", 0x72930000, K_VVI, 5 },
	{ "vmini.d", 0x72938000, K_VVI, 5 },
	{ "vmaxi.bu", 0x72940000, K_VVI, 5 },
	{ "vmaxi.hu", 0x72948000, K_VVI, 5 },
	{ "vmaxi.wu", 0x72950000, K_VVI, 5 },
	{ "vmaxi.du", 0x72958000, K_VVI, 5 },
	{ "vmini.bu", 0x72960000, K_VVI, 5 },
	{ "vmini.hu", 0x72968000, K_VVI, 5 },
	{ "vmini.wu", 0x72970000, K_VVI, 5 },
	{ "vmini.du", 0x72978000, K_VVI, 5 },
	{ "vfrstpi.b", 0x729a0000, K_VVI, 5 },
	{ "vfrstpi.h", 0x729a8000, K_VVI, 5 },
	{ "vclo.b", 0x729c0000, K_VV, 0 },
	{ "vclo.h", 0x729c0400, K_VV, 0 },
	{ "vclo.w", 0x729c0800, K_VV, 0 },
	{ "vclo.d", 0x729c0c00, K_VV, 0 },
	{ "vclz.b", 0x729c1000, K_VV, 0 },
	{ "vclz.h", 0x729c1400, K_VV, 0 },
	{ "vclz.w", 0x729c1800, K_VV, 0 },
	{ "vclz.d", 0x729c1c00, K_VV, 0 },
	{ "vpcnt.b", 0x729c2000, K_VV, 0 },
	{ "vpcnt.h", 0x729c2400, K_VV, 0 },
	{ "vpcnt.w", 0x729c2800, K_VV, 0 },
	{ "vpcnt.d", 0x729c2c00, K_VV, 0 },
	{ "vneg.b", 0x729c3000, K_VV, 0 },
	{ "vneg.h", 0x729c3400, K_VV, 0 },
	{ "vneg.w", 0x729c3800, K_VV, 0 },
	{ "vneg.d", 0x729c3c00, K_VV, 0 },
	{ "vmskltz.b", 0x729c4000, K_VV, 0 },
	{ "vmskltz.h", 0x729c4400, K_VV, 0 },
	{ "vmskltz.w", 0x729c4800, K_VV, 0 },
	{ "vmskltz.d", 0x729c4c00, K_VV, 0 },
	{ "vmskgez.b", 0x729c5000, K_VV, 0 },
	{ "vmsknz.b", 0x729c6000, K_VV, 0 },
	{ "vseteqz.v", 0x729c9800, K_CV, 0 },
	{ "vsetnez.v", 0x729c9c00, K_CV, 0 },
	{ "vsetanyeqz.b", 0x729ca000, K_CV, 0 },
	{ "vsetanyeqz.h", 0x729ca400, K_CV, 0 },
	{ "vsetanyeqz.w", 0x729ca800, K_CV, 0 },
	{ "vsetanyeqz.d", 0x729cac00, K_CV, 0 },
	{ "vsetallnez.b", 0x729cb000, K_CV, 0 },
	{ "vsetallnez.h", 0x729cb400, K_CV, 0 },
	{ "vsetallnez.w", 0x729cb800, K_CV, 0 },
	{ "vsetallnez.d", 0x729cbc00, K_CV, 0 },
	{ "vexth.h.b", 0x729ee000, K_VV, 0 },
	{ "vexth.w.h", 0x729ee400, K_VV, 0 },
	{ "vexth.d.w", 0x729ee800, K_VV, 0 },
	{ "vexth.q.d", 0x729eec00, K_VV, 0 },
	{ "vexth.hu.bu", 0x729ef000, K_VV, 0 },
	{ "vexth.wu.hu", 0x729ef400, K_VV, 0 },
	{ "vexth.du.wu", 0x729ef800, K_VV, 0 },
	{ "vexth.qu.du", 0x729efc00, K_VV, 0 },
	{ "vreplgr2vr.b", 0x729f0000, K_VR, 0 },
	{ "vreplgr2vr.h", 0x729f0400, K_VR, 0 },
	{ "vreplgr2vr.w", 0x729f0800, K_VR, 0 },
	{ "vreplgr2vr.d", 0x729f0c00, K_VR, 0 },
	{ "vrotri.b", 0x72a02000, K_VVI, 3 },
	{ "vrotri.h", 0x72a04000, K_VVI, 4 },
	{ "vrotri.w", 0x72a08000, K_VVI, 5 },
	{ "vrotri.d", 0x72a10000, K_VVI, 6 },
	{ "vsrlri.b", 0x72a42000, K_VVI, 3 },
	{ "vsrlri.h", 0x72a44000, K_VVI, 4 },
	{ "vsrlri.w", 0x72a48000, K_VVI, 5 },
	{ "vsrlri.d", 0x72a50000, K_VVI, 6 },
	{ "vsrari.b", 0x72a82000, K_VVI, 3 },
	{ "vsrari.h", 0x72a84000, K_VVI, 4 },
	{ "vsrari.w", 0x72a88000, K_VVI, 5 },
	{ "vsrari.d", 0x72a90000, K_VVI, 6 },
	{ "vinsgr2vr.b", 0x72eb8000, K_VRI, 4 },
	{ "vinsgr2vr.h", 0x72ebc000, K_VRI, 3 },
	{ "vinsgr2vr.w", 0x72ebe000, K_VRI, 2 },
	{ "vinsgr2vr.d", 0x72ebf000, K_VRI, 1 },
	{ "vpickve2gr.b", 0x72ef8000, K_RVI, 4 },
	{ "vpickve2gr.h", 0x72efc000, K_RVI, 3 },
	{ "vpickve2gr.w", 0x72efe000, K_RVI, 2 },
	{ "vpickve2gr.d", 0x72eff000, K_RVI, 1 },
	{ "vpickve2gr.bu", 0x72f38000, K_RVI, 4 },
	{ "vpickve2gr.hu", 0x72f3c000, K_RVI, 3 },
	{ "vpickve2gr.wu", 0x72f3e000, K_RVI, 2 },
	{ "vpickve2gr.du", 0x72f3f000, K_RVI, 1 },
	{ "vreplvei.b", 0x72f78000, K_VVI, 4 },
	{ "vreplvei.h", 0x72f7c000, K_VVI, 3 },
	{ "vreplvei.w", 0x72f7e000, K_VVI, 2 },
	{ "vreplvei.d", 0x72f7f000, K_VVI, 1 },
	{ "vsllwil.h.b", 0x73082000, K_VVI, 3 },
	{ "vsllwil.w.h", 0x73084000, K_VVI, 4 },
	{ "vsllwil.d.w", 0x73088000, K_VVI, 5 },
	{ "vextl.q.d", 0x73090000, K_VV, 0 },
	{ "vsllwil.hu.bu", 0x730c2000, K_VVI, 3 },
	{ "vsllwil.wu.hu", 0x730c4000, K_VVI, 4 },
	{ "vsllwil.du.wu", 0x730c8000, K_VVI, 5 },
	{ "vextl.qu.du", 0x730d0000, K_VV, 0 },
	{ "vbitclri.b", 0x73102000, K_VVI, 3 },
	{ "vbitclri.h", 0x73104000, K_VVI, 4 },
	{ "vbitclri.w", 0x73108000, K_VVI, 5 },
	{ "vbitclri.d", 0x73110000, K_VVI, 6 },
	{ "vbitseti.b", 0x73142000, K_VVI, 3 },
	{ "vbitseti.h", 0x73144000, K_VVI, 4 },
	{ "vbitseti.w", 0x73148000, K_VVI, 5 },
	{ "vbitseti.d", 0x73150000, K_VVI, 6 },
	{ "vbitrevi.b", 0x73182000, K_VVI, 3 },
	{ "vbitrevi.h", 0x73184000, K_VVI, 4 },
	{ "vbitrevi.w", 0x73188000, K_VVI, 5 },
	{ "vbitrevi.d", 0x73190000, K_VVI, 6 },
	{ "vsat.b", 0x73242000, K_VVI, 3 },
	{ "vsat.h", 0x73244000, K_VVI, 4 },
	{ "vsat.w", 0x73248000, K_VVI, 5 },
	{ "vsat.d", 0x73250000, K_VVI, 6 },
	{ "vsat.bu", 0x73282000, K_VVI, 3 },
	{ "vsat.hu", 0x73284000, K_VVI, 4 },
	{ "vsat.wu", 0x73288000, K_VVI, 5 },
	{ "vsat.du", 0x73290000, K_VVI, 6 },
	{ "vslli.b", 0x732c2000, K_VVI, 3 },
	{ "vslli.h", 0x732c4000, K_VVI, 4 },
	{ "vslli.w", 0x732c8000, K_VVI, 5 },
	{ "vslli.d", 0x732d0000, K_VVI, 6 },
	{ "vsrli.b", 0x73302000, K_VVI, 3 },
	{ "vsrli.h", 0x73304000, K_VVI, 4 },
	{ "vsrli.w", 0x73308000, K_VVI, 5 },
	{ "vsrli.d", 0x73310000, K_VVI, 6 },
	{ "vsrai.b", 0x73342000, K_VVI, 3 },
	{ "vsrai.h", 0x73344000, K_VVI, 4 },
	{ "vsrai.w", 0x73348000, K_VVI, 5 },
	{ "vsrai.d", 0x73350000, K_VVI, 6 },
	{ "vsrlni.b.h", 0x73404000, K_VVI, 4 },
	{ "vsrlni.h.w", 0x73408000, K_VVI, 5 },
	{ "vsrlni.w.d", 0x73410000, K_VVI, 6 },
	{ "vsrlni.d.q", 0x73420000, K_VVI, 7 },
	{ "vsrlrni.b.h", 0x73444000, K_VVI, 4 },
	{ "vsrlrni.h.w", 0x73448000, K_VVI, 5 },
	{ "vsrlrni.w.d", 0x73450000, K_VVI, 6 },
	{ "vsrlrni.d.q", 0x73460000, K_VVI, 7 },
	{ "vssrlni.b.h", 0x73484000, K_VVI, 4 },
	{ "vssrlni.h.w", 0x73488000, K_VVI, 5 },
	{ "vssrlni.w.d", 0x73490000, K_VVI, 6 },
	{ "vssrlni.d.q", 0x734a0000, K_VVI, 7 },
	{ "vssrlni.bu.h", 0x734c4000, K_VVI, 4 },
	{ "vssrlni.hu.w", 0x734c8000, K_VVI, 5 },
	{ "vssrlni.wu.d", 0x734d0000, K_VVI, 6 },
	{ "vssrlni.du.q", 0x734e0000, K_VVI, 7 },
	{ "vssrlrni.b.h", 0x73504000, K_VVI, 4 },
	{ "vssrlrni.h.w", 0x73508000, K_VVI, 5 },
	{ "vssrlrni.w.d", 0x73510000, K_VVI, 6 },
	{ "vssrlrni.d.q", 0x73520000, K_VVI, 7 },
	{ "vssrlrni.bu.h", 0x73544000, K_VVI, 4 },
	{ "vssrlrni.hu.w", 0x73548000, K_VVI, 5 },
	{ "vssrlrni.wu.d", 0x73550000, K_VVI, 6 },
	{ "vssrlrni.du.q", 0x73560000, K_VVI, 7 },
	{ "vsrani.b.h", 0x73584000, K_VVI, 4 },
	{ "vsrani.h.w", 0x73588000, K_VVI, 5 },
	{ "vsrani.w.d", 0x73590000, K_VVI, 6 },
	{ "vsrani.d.q", 0x735a0000, K_VVI, 7 },
	{ "vsrarni.b.h", 0x735c4000, K_VVI, 4 },
	{ "vsrarni.h.w", 0x735c8000, K_VVI, 5 },
	{ "vsrarni.w.d", 0x735d0000, K_VVI, 6 },
	{ "vsrarni.d.q", 0x735e0000, K_VVI, 7 },
	{ "vssrani.b.h", 0x73604000, K_VVI, 4 },
	{ "vssrani.h.w", 0x73608000, K_VVI, 5 },
	{ "vssrani.w.d", 0x73610000, K_VVI, 6 },
	{ "vssrani.d.q", 0x73620000, K_VVI, 7 },
	{ "vssrani.bu.h", 0x73644000, K_VVI, 4 },
	{ "vssrani.hu.w", 0x73648000, K_VVI, 5 },
	{ "vssrani.wu.d", 0x73650000, K_VVI, 6 },
	{ "vssrani.du.q", 0x73660000, K_VVI, 7 },
	{ "vssrarni.b.h", 0x73684000, K_VVI, 4 },
	{ "vssrarni.h.w", 0x73688000, K_VVI, 5 },
	{ "vssrarni.w.d", 0x73690000, K_VVI, 6 },
	{ "vssrarni.d.q", 0x736a0000, K_VVI, 7 },
	{ "vssrarni.bu.h", 0x736c4000, K_VVI, 4 },
	{ "vssrarni.hu.w", 0x736c8000, K_VVI, 5 },
	{ "vssrarni.wu.d", 0x736d0000, K_VVI, 6 },
	{ "vssrarni.du.q", 0x736e0000, K_VVI, 7 },
	{ "vextrins.d", 0x73800000, K_VVI, 8 },
	{ "vextrins.w", 0x73840000, K_VVI, 8 },
	{ "vextrins.h", 0x73880000, K_VVI, 8 },
	{ "vextrins.b", 0x738c0000, K_VVI, 8 },
	{ "vshuf4i.b", 0x73900000, K_VVI, 8 },
	{ "vshuf4i.h", 0x73940000, K_VVI, 8 },
	{ "vshuf4i.w", 0x73980000, K_VVI, 8 },
	{ "vshuf4i.d", 0x739c0000, K_VVI, 8 },
	{ "vbitseli.b", 0x73c40000, K_VVI, 8 },
	{ "vandi.b", 0x73d00000, K_VVI, 8 },
	{ "vori.b", 0x73d40000, K_VVI, 8 },
	{ "vxori.b", 0x73d80000, K_VVI, 8 },
	{ "vnori.b", 0x73dc0000, K_VVI, 8 },
	{ "vldi", 0x73e00000, K_VLDI, 8 },
	{ "vpermi.w", 0x73e40000, K_VVI, 8 },
	{ "vld", 0x2c000000, K_MEM12, 12 },
	{ "vst", 0x2c400000, K_MEM12, 12 },
	{ "vldrepl.d", 0x30100000, K_LDREPL, 9 },
	{ "vldrepl.w", 0x30200000, K_LDREPL, 10 },
	{ "vldrepl.h", 0x30400000, K_LDREPL, 11 },
	{ "vldrepl.b", 0x30800000, K_LDREPL, 12 },
	{ "vstelm.d", 0x31100000, K_STELM, 9 },
	{ "vstelm.w", 0x31200000, K_STELM, 10 },
	{ "vstelm.h", 0x31400000, K_STELM, 11 },
	{ "vstelm.b", 0x31800000, K_STELM, 12 },
	{ "vldx", 0x38400000, K_MEMX, 5 },
	{ "vstx", 0x38440000, K_MEMX, 5 },
	{ "vbitsel.v", 0x0d100000, K_VVVV, 0 },
	{ "vshuf.b", 0x0d500000, K_VVVV, 0 },
};

/* The floating point ones: FP operands, FCSR0 in and out. */
static const struct insn fp_insns[] = {
	{ "vfadd.s", 0x71308000, K_VVV, 0 },
	{ "vfadd.d", 0x71310000, K_VVV, 0 },
	{ "vfsub.s", 0x71328000, K_VVV, 0 },
	{ "vfsub.d", 0x71330000, K_VVV, 0 },
	{ "vfmul.s", 0x71388000, K_VVV, 0 },
	{ "vfmul.d", 0x71390000, K_VVV, 0 },
	{ "vfdiv.s", 0x713a8000, K_VVV, 0 },
	{ "vfdiv.d", 0x713b0000, K_VVV, 0 },
	{ "vfmadd.s", 0x09100000, K_VVVV, 0 },
	{ "vfmadd.d", 0x09200000, K_VVVV, 0 },
	{ "vfmsub.s", 0x09500000, K_VVVV, 0 },
	{ "vfmsub.d", 0x09600000, K_VVVV, 0 },
	{ "vfnmadd.s", 0x09900000, K_VVVV, 0 },
	{ "vfnmadd.d", 0x09a00000, K_VVVV, 0 },
	{ "vfnmsub.s", 0x09d00000, K_VVVV, 0 },
	{ "vfnmsub.d", 0x09e00000, K_VVVV, 0 },
	{ "vfmax.s", 0x713c8000, K_VVV, 0 },
	{ "vfmax.d", 0x713d0000, K_VVV, 0 },
	{ "vfmin.s", 0x713e8000, K_VVV, 0 },
	{ "vfmin.d", 0x713f0000, K_VVV, 0 },
	{ "vfmaxa.s", 0x71408000, K_VVV, 0 },
	{ "vfmaxa.d", 0x71410000, K_VVV, 0 },
	{ "vfmina.s", 0x71428000, K_VVV, 0 },
	{ "vfmina.d", 0x71430000, K_VVV, 0 },
	{ "vflogb.s", 0x729cc400, K_VV, 0 },
	{ "vflogb.d", 0x729cc800, K_VV, 0 },
	{ "vfclass.s", 0x729cd400, K_VV, 0 },
	{ "vfclass.d", 0x729cd800, K_VV, 0 },
	{ "vfsqrt.s", 0x729ce400, K_VV, 0 },
	{ "vfsqrt.d", 0x729ce800, K_VV, 0 },
	{ "vfrecip.s", 0x729cf400, K_VV, 0 },
	{ "vfrecip.d", 0x729cf800, K_VV, 0 },
	{ "vfrsqrt.s", 0x729d0400, K_VV, 0 },
	{ "vfrsqrt.d", 0x729d0800, K_VV, 0 },
	{ "vfcvtl.s.h", 0x729de800, K_VV, 0 },
	{ "vfcvth.s.h", 0x729dec00, K_VV, 0 },
	{ "vfcvtl.d.s", 0x729df000, K_VV, 0 },
	{ "vfcvth.d.s", 0x729df400, K_VV, 0 },
	{ "vfcvt.h.s", 0x71460000, K_VVV, 0 },
	{ "vfcvt.s.d", 0x71468000, K_VVV, 0 },
	{ "vfrint.s", 0x729d3400, K_VV, 0 },
	{ "vfrint.d", 0x729d3800, K_VV, 0 },
	{ "vfrintrm.s", 0x729d4400, K_VV, 0 },
	{ "vfrintrm.d", 0x729d4800, K_VV, 0 },
	{ "vfrintrp.s", 0x729d5400, K_VV, 0 },
	{ "vfrintrp.d", 0x729d5800, K_VV, 0 },
	{ "vfrintrz.s", 0x729d6400, K_VV, 0 },
	{ "vfrintrz.d", 0x729d6800, K_VV, 0 },
	{ "vfrintrne.s", 0x729d7400, K_VV, 0 },
	{ "vfrintrne.d", 0x729d7800, K_VV, 0 },
	{ "vftint.w.s", 0x729e3000, K_VV, 0 },
	{ "vftint.l.d", 0x729e3400, K_VV, 0 },
	{ "vftintrm.w.s", 0x729e3800, K_VV, 0 },
	{ "vftintrm.l.d", 0x729e3c00, K_VV, 0 },
	{ "vftintrp.w.s", 0x729e4000, K_VV, 0 },
	{ "vftintrp.l.d", 0x729e4400, K_VV, 0 },
	{ "vftintrz.w.s", 0x729e4800, K_VV, 0 },
	{ "vftintrz.l.d", 0x729e4c00, K_VV, 0 },
	{ "vftintrne.w.s", 0x729e5000, K_VV, 0 },
	{ "vftintrne.l.d", 0x729e5400, K_VV, 0 },
	{ "vftint.wu.s", 0x729e5800, K_VV, 0 },
	{ "vftint.lu.d", 0x729e5c00, K_VV, 0 },
	{ "vftintrz.wu.s", 0x729e7000, K_VV, 0 },
	{ "vftintrz.lu.d", 0x729e7400, K_VV, 0 },
	{ "vftint.w.d", 0x71498000, K_VVV, 0 },
	{ "vftintrm.w.d", 0x714a0000, K_VVV, 0 },
	{ "vftintrp.w.d", 0x714a8000, K_VVV, 0 },
	{ "vftintrz.w.d", 0x714b0000, K_VVV, 0 },
	{ "vftintrne.w.d", 0x714b8000, K_VVV, 0 },
	{ "vftintl.l.s", 0x729e8000, K_VV, 0 },
	{ "vftinth.l.s", 0x729e8400, K_VV, 0 },
	{ "vftintrml.l.s", 0x729e8800, K_VV, 0 },
	{ "vftintrmh.l.s", 0x729e8c00, K_VV, 0 },
	{ "vftintrpl.l.s", 0x729e9000, K_VV, 0 },
	{ "vftintrph.l.s", 0x729e9400, K_VV, 0 },
	{ "vftintrzl.l.s", 0x729e9800, K_VV, 0 },
	{ "vftintrzh.l.s", 0x729e9c00, K_VV, 0 },
	{ "vftintrnel.l.s", 0x729ea000, K_VV, 0 },
	{ "vftintrneh.l.s", 0x729ea400, K_VV, 0 },
	{ "vffint.s.w", 0x729e0000, K_VV, 0 },
	{ "vffint.s.wu", 0x729e0400, K_VV, 0 },
	{ "vffint.d.l", 0x729e0800, K_VV, 0 },
	{ "vffint.d.lu", 0x729e0c00, K_VV, 0 },
	{ "vffintl.d.w", 0x729e1000, K_VV, 0 },
	{ "vffinth.d.w", 0x729e1400, K_VV, 0 },
	{ "vffint.s.l", 0x71480000, K_VVV, 0 },
	{ "vfcmp.caf.s", 0x0c500000, K_VVV, 0 },
	{ "vfcmp.caf.d", 0x0c600000, K_VVV, 0 },
	{ "vfcmp.saf.s", 0x0c508000, K_VVV, 0 },
	{ "vfcmp.saf.d", 0x0c608000, K_VVV, 0 },
	{ "vfcmp.clt.s", 0x0c510000, K_VVV, 0 },
	{ "vfcmp.clt.d", 0x0c610000, K_VVV, 0 },
	{ "vfcmp.slt.s", 0x0c518000, K_VVV, 0 },
	{ "vfcmp.slt.d", 0x0c618000, K_VVV, 0 },
	{ "vfcmp.ceq.s", 0x0c520000, K_VVV, 0 },
	{ "vfcmp.ceq.d", 0x0c620000, K_VVV, 0 },
	{ "vfcmp.seq.s", 0x0c528000, K_VVV, 0 },
	{ "vfcmp.seq.d", 0x0c628000, K_VVV, 0 },
	{ "vfcmp.cle.s", 0x0c530000, K_VVV, 0 },
	{ "vfcmp.cle.d", 0x0c630000, K_VVV, 0 },
	{ "vfcmp.sle.s", 0x0c538000, K_VVV, 0 },
	{ "vfcmp.sle.d", 0x0c638000, K_VVV, 0 },
	{ "vfcmp.cun.s", 0x0c540000, K_VVV, 0 },
	{ "vfcmp.cun.d", 0x0c640000, K_VVV, 0 },
	{ "vfcmp.sun.s", 0x0c548000, K_VVV, 0 },
	{ "vfcmp.sun.d", 0x0c648000, K_VVV, 0 },
	{ "vfcmp.cult.s", 0x0c550000, K_VVV, 0 },
	{ "vfcmp.cult.d", 0x0c650000, K_VVV, 0 },
	{ "vfcmp.sult.s", 0x0c558000, K_VVV, 0 },
	{ "vfcmp.sult.d", 0x0c658000, K_VVV, 0 },
	{ "vfcmp.cueq.s", 0x0c560000, K_VVV, 0 },
	{ "vfcmp.cueq.d", 0x0c660000, K_VVV, 0 },
	{ "vfcmp.sueq.s", 0x0c568000, K_VVV, 0 },
	{ "vfcmp.sueq.d", 0x0c668000, K_VVV, 0 },
	{ "vfcmp.cule.s", 0x0c570000, K_VVV, 0 },
	{ "vfcmp.cule.d", 0x0c670000, K_VVV, 0 },
	{ "vfcmp.sule.s", 0x0c578000, K_VVV, 0 },
	{ "vfcmp.sule.d", 0x0c678000, K_VVV, 0 },
	{ "vfcmp.cne.s", 0x0c580000, K_VVV, 0 },
	{ "vfcmp.cne.d", 0x0c680000, K_VVV, 0 },
	{ "vfcmp.sne.s", 0x0c588000, K_VVV, 0 },
	{ "vfcmp.sne.d", 0x0c688000, K_VVV, 0 },
	{ "vfcmp.cor.s", 0x0c5a0000, K_VVV, 0 },
	{ "vfcmp.cor.d", 0x0c6a0000, K_VVV, 0 },
	{ "vfcmp.sor.s", 0x0c5a8000, K_VVV, 0 },
	{ "vfcmp.sor.d", 0x0c6a8000, K_VVV, 0 },
	{ "vfcmp.cune.s", 0x0c5c0000, K_VVV, 0 },
	{ "vfcmp.cune.d", 0x0c6c0000, K_VVV, 0 },
	{ "vfcmp.sune.s", 0x0c5c8000, K_VVV, 0 },
	{ "vfcmp.sune.d", 0x0c6c8000, K_VVV, 0 },
};

/* A lane value near a boundary of a lane of `bytes` bytes, or small. */
static uint64_t edge(unsigned bytes)
{
	uint64_t top = 1ull << (8 * bytes - 1);
	switch (rnd() % 8) {
	case 0: return 0;
	case 1: return top;          /* INT_MIN */
	case 2: return top - 1;      /* INT_MAX */
	case 3: return ~0ull;        /* -1, UINT_MAX */
	case 4: return rnd() % (8 * bytes + 3);   /* shift amounts, indices */
	case 5: return top + 1 + rnd() % 2;
	case 6: return (uint64_t)-(int64_t)(rnd() % 3 + 2);
	default: return rnd();
	}
}

/*
 * A floating-point value of `bytes` (2, 4 or 8) bytes: zeros, infinities,
 * NaNs quiet and signalling, denormals, the largest and smallest normals,
 * integers and halves (ties), values at the integer formats' limits and
 * near one, or any bits; either sign.
 */
static uint64_t fp_edge(unsigned bytes)
{
	unsigned ebits = bytes == 2 ? 5 : bytes == 4 ? 8 : 11, fbits = 8 * bytes - 1 - ebits;
	uint64_t sign = rnd() % 2 ? 1ull << (8 * bytes - 1) : 0, emax = (1ull << ebits) - 1;
	uint64_t bias = emax >> 1, quiet = 1ull << (fbits - 1), frac = rnd() & ((1ull << fbits) - 1);
	switch (rnd() % 12) {
	case 0: return sign;
	case 1: return sign | emax << fbits;
	case 2: return sign | emax << fbits | quiet | (frac & 0xff);
	case 3: return sign | emax << fbits | ((frac & (quiet - 1)) ? frac & (quiet - 1) : 1);
	case 4: return sign | (rnd() % 2 ? frac : frac & 0xf);
	case 5: return sign | (emax - 1 - rnd() % 2) << fbits | frac;
	case 6: return sign | (1 + rnd() % 2) << fbits | frac;
	case 7: return sign | (bias + rnd() % (fbits + 1)) << fbits | (frac & ~0ull << (fbits - 3));
	case 8: return sign | (bias + 8 * bytes - 2 + rnd() % 3) << fbits | (frac & ~0ull << (fbits - 2));
	case 9: return sign | (bias - 1 + rnd() % 3) << fbits | frac;
	default: return rnd();
	}
}

/* 16 bytes of floating-point lanes of a random size, or of integers. */
static void fp_operand(uint64_t v[2])
{
	static const uint8_t sizes[8] = { 4, 4, 4, 8, 8, 8, 2, 0 };
	unsigned bytes = sizes[rnd() % 8];
	uint8_t b[16];
	for (unsigned i = 0; i < 16; i += bytes ? bytes : 4) {
		uint64_t x = bytes ? fp_edge(bytes) : edge(4 + 4 * (rnd() % 2));
		memcpy(b + i, &x, bytes ? bytes : 4);
	}
	memcpy(v, b, 16);
}

/* 16 bytes: at random, or lanes of a random size at boundary values. */
static void operand(uint64_t v[2])
{
	unsigned mode = rnd() % 6;
	if (mode < 2) {
		v[0] = rnd();
		v[1] = rnd();
		return;
	}
	unsigned bytes = 1u << (mode - 2);
	uint8_t b[16];
	for (unsigned i = 0; i < 16; i += bytes) {
		uint64_t x = edge(bytes);
		memcpy(b + i, &x, bytes);
	}
	memcpy(v, b, 16);
}

/* What a case reads and writes, at a0 during its code. */
struct state {
	uint64_t v[4][2];     /* vr1-vr4 */
	uint64_t gpr[3];      /* a3 (rd), a4 (rj), a5 (rk) */
	uint64_t fcc_in;      /* FCC0-7 from its bits 0-7 */
	uint8_t fcc[8];       /* FCC0-7 after */
	uint64_t fcsr;        /* FCSR0 in and out (the floating point instructions) */
};

#define VLD(vd, off) R2I12(0xb0, vd, A0, off)
#define VST(vd, off) R2I12(0xb1, vd, A0, off)

/*
 * The code of a case, around a slot for the instruction; with `fcc` (the
 * instructions that set a condition flag) it also loads and stores
 * FCC0-7, through MOVGR2CF/MOVCF2GR, which need the FPU, and with `fcsr`
 * (the floating point ones) FCSR0.
 */
struct code {
	uint32_t word[64];
	unsigned insn_at;
};
static struct code plain __attribute__((aligned(16))), with_fcc __attribute__((aligned(16)));
static struct code with_fcsr __attribute__((aligned(16)));

static void build_code(struct code *c, bool fcc, bool fcsr)
{
	unsigned n = 0;
	for (unsigned r = 0; r < 4; r++)
		c->word[n++] = VLD(1 + r, 16 * r);
	for (unsigned r = 0; r < 3; r++)
		c->word[n++] = LD_D(A3 + r, 64 + 8 * r);
	if (fcc) {
		c->word[n++] = LD_D(T0, 88);
		for (unsigned f = 0; f < 8; f++) {
			c->word[n++] = MOVGR2CF(f, T0);
			c->word[n++] = SRLI_D(T0, T0, 1);
		}
	}
	if (fcsr) {
		c->word[n++] = LD_D(T0, 104);
		c->word[n++] = MOVGR2FCSR(T0);
	}
	c->insn_at = n++;
	if (fcsr) {
		c->word[n++] = MOVFCSR2GR(T0);
		c->word[n++] = ST_D(T0, 104);
	}
	for (unsigned r = 0; r < 4; r++)
		c->word[n++] = VST(1 + r, 16 * r);
	for (unsigned r = 0; r < 3; r++)
		c->word[n++] = ST_D(A3 + r, 64 + 8 * r);
	for (unsigned f = 0; fcc && f < 8; f++) {
		c->word[n++] = MOVCF2GR(T0, f);
		c->word[n++] = ST_B(T0, 96 + f);
	}
	c->word[n++] = RET;
}

/* Memory the loads and stores reach: rj points 4 KiB in, offsets stay within +-2 KiB + 16. */
#define MEM_SIZE 8192
static uint64_t mem[MEM_SIZE / 8] __attribute__((aligned(16)));

/* The instruction word of one case: fixed registers, a random immediate and flag. */
static uint32_t encode(const struct insn *in, struct state *s, unsigned alias)
{
	uint32_t vj = alias & 1 ? 1 : 2, vk = alias & 2 ? 1 : 3, va = alias & 2 ? 1 : 4;
	uint32_t imm = (uint32_t)rnd() & ((1u << in->imm_bits) - 1);
	switch (in->kind) {
	case K_VVV: return in->match | vk << 10 | vj << 5 | 1;
	case K_VV: return in->match | vj << 5 | 1;
	case K_VVVV: return in->match | va << 15 | vk << 10 | vj << 5 | 1;
	case K_VVR: return in->match | A5 << 10 | vj << 5 | 1;
	case K_VR: return in->match | A4 << 5 | 1;
	case K_CV: return in->match | vj << 5 | (uint32_t)(rnd() & 7);
	case K_VVI: return in->match | imm << 10 | vj << 5 | 1;
	case K_VRI: return in->match | imm << 10 | A4 << 5 | 1;
	case K_RVI: return in->match | imm << 10 | vj << 5 | A3;
	case K_VLDI: {
		/* Bit 12 set with a mode above 12 is INE: draw another mode. */
		uint32_t i13 = (uint32_t)rnd() & 0x1fff;
		if ((i13 & 0x1000) && ((i13 >> 8) & 15) > 12)
			i13 &= ~0x0800u;
		return in->match | i13 << 5 | 1;
	}
	case K_MEMX:
		s->gpr[2] = (uint64_t)(int64_t)((int)(rnd() % 4096) - 2048);
		return in->match | A5 << 10 | A4 << 5 | 1;
	default:   /* K_MEM12, K_LDREPL, K_STELM: rj and an offset */
		return in->match | imm << 10 | A4 << 5 | 1;
	}
}

#ifndef LSX_CASES
#define LSX_CASES 96
#endif

static void test(const struct insn *in, bool fp)
{
	static struct state s;
	memset(&s, 0, sizeof(s));
	bool memory = in->kind >= K_MEM12;
	uint64_t hash = 0xcbf29ce484222325ull;
	case_seed(in->name);
	for (unsigned k = 0; k < LSX_CASES; k++) {
		for (unsigned r = 0; r < 4; r++)
			(fp ? fp_operand : operand)(s.v[r]);
		for (unsigned r = 0; r < 3; r++)
			s.gpr[r] = rnd() % 2 ? rnd() : edge(1u << (rnd() % 4));
		s.fcc_in = rnd();
		/* FCSR0: a rounding mode, Flags and Cause at random, no exception enabled. */
		s.fcsr = fp ? (rnd() & 0x1f1f0300) : 0;
		if (memory) {
			for (unsigned i = 0; i < MEM_SIZE / 8; i++)
				mem[i] = rnd();
			s.gpr[1] = (uintptr_t)mem + MEM_SIZE / 2 + rnd() % 64;
		}
		uint32_t insn = encode(in, &s, (unsigned)(rnd() % 4));
		struct code *c = fp ? &with_fcsr : in->kind == K_CV ? &with_fcc : &plain;
		case_run(c->word, c->insn_at, insn, &s);
		case_hash(&hash, &s, fp ? sizeof(s) : offsetof(struct state, fcsr));
		if (memory)
			case_hash(&hash, mem, MEM_SIZE);
#ifdef LSX_VERBOSE
		printf("%s %u %08x: %016lx %016lx %016lx %016lx %016lx %016lx %016lx %016lx "
		       "rd %lx rj %lx rk %lx fcc %02x%02x%02x%02x%02x%02x%02x%02x fcsr %lx\n",
		       in->name, k, insn, s.v[0][0], s.v[0][1], s.v[1][0], s.v[1][1], s.v[2][0],
		       s.v[2][1], s.v[3][0], s.v[3][1], s.gpr[0], s.gpr[1], s.gpr[2], s.fcc[0],
		       s.fcc[1], s.fcc[2], s.fcc[3], s.fcc[4], s.fcc[5], s.fcc[6], s.fcc[7], s.fcsr);
#endif
	}
	printf("%-16s %016lx\n", in->name, hash);
}

/* EUEN (CSR 2): FPE (FCC moves) and SXE (LSX). */
static void enable_lsx(void)
{
	unsigned long v = EUEN_FPE | EUEN_SXE, mask = v;
	__asm__ volatile("csrxchg %0, %1, 0x2" : "+r"(v) : "r"(mask));
}

int main(void)
{
	enable_lsx();
	build_code(&plain, false, false);
	build_code(&with_fcc, true, false);
	build_code(&with_fcsr, false, true);
	unsigned n = sizeof(insns) / sizeof(insns[0]), nfp = sizeof(fp_insns) / sizeof(fp_insns[0]);
	printf("lsx: %u instructions, %u cases each\n", n, LSX_CASES);
	for (unsigned i = 0; i < n; i++)
		test(&insns[i], false);
	printf("lsx: %u floating point instructions\n", nfp);
	for (unsigned i = 0; i < nfp; i++)
		test(&fp_insns[i], true);
	printf("lsx: done\n");
	return 0;
}
