/*
 * LoongArch LSX, all but its floating point, through the harness: every
 * instruction once on fixed operands with values at lane boundaries (the
 * expected results are QEMU's), then the rules one by one: saturation,
 * division by zero and INT_MIN / -1, shifts by amounts at and above the
 * lane width, rounding, VLDI's every mode, moves between GPRs and lanes,
 * lane masks and the FCC setters, shuffles whose indices exceed the
 * lanes, loads and stores unaligned and across pages, their faults leaving
 * registers and memory alone, and SXD with EUEN.SXE clear (EUEN.FPE is
 * not needed).
 *
 * Operands: vd = vr1, vj = vr2, vk = vr3, va = vr4; rd = a3, rj = a4, rk =
 * a5. Opcodes are the instructions' fixed bits (from llvm-mc-19
 * -triple=loongarch64 -mattr=+lsx), the operand fields added by the macros.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_sys_test.h"

enum { VD = 1, VJ = 2, VK = 3, VA = 4, A3 = 7, A4 = 8, A5 = 9 };

/* Opcodes: the fixed bits of each instruction. */
enum {
	VADD_B = 0x700a0000, VSADD_B = 0x70460000, VSADD_H = 0x70468000, VSADD_W = 0x70470000,
	VSADD_D = 0x70478000, VSSUB_B = 0x70480000, VSADD_BU = 0x704a0000, VSADD_DU = 0x704b8000,
	VSSUB_BU = 0x704c0000, VSSUB_DU = 0x704d8000,
	VDIV_B = 0x70e00000, VDIV_W = 0x70e10000, VDIV_D = 0x70e18000, VMOD_B = 0x70e20000,
	VMOD_W = 0x70e30000, VMOD_D = 0x70e38000, VDIV_BU = 0x70e40000, VDIV_DU = 0x70e58000,
	VMOD_BU = 0x70e60000, VMOD_DU = 0x70e78000,
	VSLL_B = 0x70e80000, VSRL_H = 0x70ea8000, VSRA_W = 0x70ed0000, VROTR_D = 0x70ef8000,
	VSRLR_B = 0x70f00000, VSRAR_H = 0x70f28000, VBITSET_W = 0x710f0000,
	VREPLVE_W = 0x71230000, VSHUF_H = 0x717a8000,
	VBSLL_V = 0x728e0000, VBSRL_V = 0x728e8000, VSUBI_BU = 0x728c0000,
	VMSKLTZ_B = 0x729c4000, VMSKLTZ_H = 0x729c4400, VMSKGEZ_B = 0x729c5000,
	VMSKNZ_B = 0x729c6000, VSETEQZ_V = 0x729c9800, VSETNEZ_V = 0x729c9c00,
	VSETANYEQZ_B = 0x729ca000, VSETANYEQZ_H = 0x729ca400, VSETALLNEZ_H = 0x729cb400,
	VREPLGR2VR_B = 0x729f0000,
	VINSGR2VR_H = 0x72ebc000, VPICKVE2GR_B = 0x72ef8000, VPICKVE2GR_W = 0x72efe000,
	VPICKVE2GR_BU = 0x72f38000, VPICKVE2GR_WU = 0x72f3e000, VREPLVEI_D = 0x72f7f000,
	VBITCLRI_H = 0x73104000, VSAT_B = 0x73242000, VSAT_D = 0x73250000, VSAT_BU = 0x73282000,
	VSAT_DU = 0x73290000, VSLLI_B = 0x732c2000,
	VSRLNI_D_Q = 0x73420000, VSRLRNI_B_H = 0x73444000, VSSRLNI_B_H = 0x73484000,
	VSSRLRNI_BU_H = 0x73544000, VSSRANI_B_H = 0x73604000, VSSRANI_BU_H = 0x73644000,
	VEXTRINS_B = 0x738c0000, VSHUF4I_B = 0x73900000, VSHUF4I_D = 0x739c0000,
	VBITSELI_B = 0x73c40000, VANDI_B = 0x73d00000, VLDI = 0x73e00000, VPERMI_W = 0x73e40000,
	VBITSEL_V = 0x0d100000, VSHUF_B = 0x0d500000,
	VLD = 0x2c000000, VST = 0x2c400000, VLDX = 0x38400000, VSTX = 0x38440000,
	VLDREPL_D = 0x30100000, VLDREPL_W = 0x30200000, VLDREPL_H = 0x30400000, VLDREPL_B = 0x30800000,
	VSTELM_D = 0x31100000, VSTELM_W = 0x31200000, VSTELM_H = 0x31400000, VSTELM_B = 0x31800000,
};

/* The formats, with the fixed registers. IMM(bits, x): x in a `bits`-wide field at bit 10. */
#define IMM(bits, x) (((uint32_t)(x) & ((1u << (bits)) - 1)) << 10)
#define VVV(op) ((uint32_t)(op) | VK << 10 | VJ << 5 | VD)
#define VV(op) ((uint32_t)(op) | VJ << 5 | VD)
#define VVVV(op) ((uint32_t)(op) | VA << 15 | VK << 10 | VJ << 5 | VD)
#define VVI(op, bits, x) ((uint32_t)(op) | IMM(bits, x) | VJ << 5 | VD)
#define CV(op, cd) ((uint32_t)(op) | VJ << 5 | (cd))
#define VLDI_(i13) ((uint32_t)VLDI | ((uint32_t)(i13) & 0x1fff) << 5 | VD)
/* Loads and stores: vd, rj = a4, and an offset field of `bits` (the scaled offset / scale). */
#define MEM(op, bits, x) ((uint32_t)(op) | IMM(bits, x) | A4 << 5 | VD)

#define V(lo, hi) ((la_vreg){ .d = { (lo), (hi) } })

/* Set vr1-vr4 (vd, vj, vk, va), run one instruction, expect it to retire. */
static void vrun(uint32_t insn, la_vreg d, la_vreg j, la_vreg k, la_vreg a)
{
	c->vr[VD] = d;
	c->vr[VJ] = j;
	c->vr[VK] = k;
	c->vr[VA] = a;
	if (la_harness_run(h, &insn, 1) != 1 || la_harness_stop(h) != LA_HARNESS_STOP)
		fail_msg("%08x did not retire (ecode %#x)", insn, ecode());
}

static void expect_vr(const char *what, unsigned n, la_vreg want)
{
	if (c->vr[n].d[0] != want.d[0] || c->vr[n].d[1] != want.d[1])
		fail_msg("%s: vr%u = %016llx:%016llx, want %016llx:%016llx", what, n,
			 (unsigned long long)c->vr[n].d[1], (unsigned long long)c->vr[n].d[0],
			 (unsigned long long)want.d[1], (unsigned long long)want.d[0]);
}

/* One case: the instruction, its operands and vd's value after. */
struct vcase {
	const char *what;
	uint32_t insn;
	la_vreg j, k, d, want;
};

static void run_vcases(const struct vcase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct vcase *k = &cases[i];
		vrun(k->insn, k->d, k->j, k->k, V(0, 0));
		expect_vr(k->what, VD, k->want);
	}
}
#define RUN(cases) run_vcases(cases, sizeof(cases) / sizeof(cases[0]))

static int setup_lsx(void **state)
{
	setup(state);
	c->csr.euen = LA_EUEN_FPE | LA_EUEN_SXE;
	la_update_mode(c);
	return 0;
}

/* ------------------------------------------- every instruction, once */

/*
 * The fixed operands: at every lane size they hold 0, 1, -1, INT_MIN,
 * INT_MAX and ordinary values, and vk's lanes include 0 (divisors), -1
 * and shift amounts above the lane width. Each instruction with an
 * immediate takes (the field's maximum >> 1) | 1 (VLDI: 0x1c3d, mode 12).
 */
#define OPD V(0x0123456789abcdefull, 0xfedcba9876543210ull)
#define OPJ V(0x7fffffff80000000ull, 0x00017f80ffffff01ull)
#define OPK V(0xffffffff00000000ull, 0x810702090000003full)
#define OPA V(0x0f1e2d3c4b5a6978ull, 0x8796a5b4c3d2e1f0ull)
#define OPRJ 0x8badf00dcafe1234ull
#define OPRK 5ull

/* What QEMU 11 (qemu-system-loongarch64 -cpu la464) leaves: vd, rd (a3) and FCC3. */
static const struct golden {
	const char *name;
	uint32_t insn;
	uint64_t d0, d1, rd;
	uint8_t fcc3;
} golden[] = {
	{ "vseq.b", 0x70000c41, 0x00ffffff00ffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseq.h", 0x70008c41, 0x0000ffff0000ffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseq.w", 0x70010c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseq.d", 0x70018c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsle.b", 0x70020c41, 0x00ffffffffffffffull, 0x00ff00ffffffffffull, 0x0000000000000000ull, 0 },
	{ "vsle.h", 0x70028c41, 0x0000ffffffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vsle.w", 0x70030c41, 0x00000000ffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vsle.d", 0x70038c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsle.bu", 0x70040c41, 0xffffffff00ffffffull, 0xffff0000000000ffull, 0x0000000000000000ull, 0 },
	{ "vsle.hu", 0x70048c41, 0xffffffff0000ffffull, 0xffff000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsle.wu", 0x70050c41, 0xffffffff00000000ull, 0xffffffff00000000ull, 0x0000000000000000ull, 0 },
	{ "vsle.du", 0x70058c41, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vslt.b", 0x70060c41, 0x00000000ff000000ull, 0x00ff00ffffffffffull, 0x0000000000000000ull, 0 },
	{ "vslt.h", 0x70068c41, 0x00000000ffff0000ull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslt.w", 0x70070c41, 0x00000000ffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslt.d", 0x70078c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslt.bu", 0x70080c41, 0xff00000000000000ull, 0xffff0000000000ffull, 0x0000000000000000ull, 0 },
	{ "vslt.hu", 0x70088c41, 0xffff000000000000ull, 0xffff000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslt.wu", 0x70090c41, 0xffffffff00000000ull, 0xffffffff00000000ull, 0x0000000000000000ull, 0 },
	{ "vslt.du", 0x70098c41, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vadd.b", 0x700a0c41, 0x7efefefe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vadd.h", 0x700a8c41, 0x7ffefffe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vadd.w", 0x700b0c41, 0x7ffffffe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vadd.d", 0x700b8c41, 0x7ffffffe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsub.b", 0x700c0c41, 0x8000000080000000ull, 0x7ffa7d77ffffffc2ull, 0x0000000000000000ull, 0 },
	{ "vsub.h", 0x700c8c41, 0x8000000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsub.w", 0x700d0c41, 0x8000000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsub.d", 0x700d8c41, 0x8000000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.h.b", 0x701e0c41, 0xfffefffe00000000ull, 0x0008ff89ffff0040ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.w.h", 0x701e8c41, 0xfffffffe00000000ull, 0x00008189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.d.w", 0x701f0c41, 0xffffffff80000000ull, 0xffffffffffffff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.q.d", 0x701f8c41, 0x7ffffffe80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.h.b", 0x70200c41, 0x0000000000000000ull, 0xfffaff77ffffffc2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.w.h", 0x70208c41, 0x0000000000000000ull, 0x00007d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.d.w", 0x70210c41, 0xffffffff80000000ull, 0xfffffffffffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.q.d", 0x70218c41, 0x8000000080000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vaddwod.h.b", 0x70220c41, 0x007efffeff800000ull, 0xff810081ffffffffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.w.h", 0x70228c41, 0x00007ffeffff8000ull, 0xffff8108ffffffffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.d.w", 0x70230c41, 0x000000007ffffffeull, 0xffffffff81088189ull, 0x0000000000000000ull, 0 },
	{ "vaddwod.q.d", 0x70238c41, 0x81088189ffffff40ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vsubwod.h.b", 0x70240c41, 0x00800000ff800000ull, 0x007f007dffffffffull, 0x0000000000000000ull, 0 },
	{ "vsubwod.w.h", 0x70248c41, 0x00008000ffff8000ull, 0x00007efaffffffffull, 0x0000000000000000ull, 0 },
	{ "vsubwod.d.w", 0x70250c41, 0x0000000080000000ull, 0x000000007efa7d77ull, 0x0000000000000000ull, 0 },
	{ "vsubwod.q.d", 0x70258c41, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.h.bu", 0x702e0c41, 0x01fe01fe00000000ull, 0x0008008900ff0040ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.w.hu", 0x702e8c41, 0x0001fffe00000000ull, 0x000081890000ff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.d.wu", 0x702f0c41, 0x0000000080000000ull, 0x00000000ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.q.du", 0x702f8c41, 0x7ffffffe80000000ull, 0x0000000000000001ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.h.bu", 0x70300c41, 0x0000000000000000ull, 0xfffa007700ffffc2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.w.hu", 0x70308c41, 0x0000000000000000ull, 0x00007d770000fec2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.d.wu", 0x70310c41, 0x0000000080000000ull, 0x00000000fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsubwev.q.du", 0x70318c41, 0x8000000080000000ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.h.bu", 0x70320c41, 0x017e01fe00800000ull, 0x0081008100ff00ffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.w.hu", 0x70328c41, 0x00017ffe00008000ull, 0x000081080000ffffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.d.wu", 0x70330c41, 0x000000017ffffffeull, 0x0000000081088189ull, 0x0000000000000000ull, 0 },
	{ "vaddwod.q.du", 0x70338c41, 0x81088189ffffff40ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsubwod.h.bu", 0x70340c41, 0xff80000000800000ull, 0xff7f007d00ff00ffull, 0x0000000000000000ull, 0 },
	{ "vsubwod.w.hu", 0x70348c41, 0xffff800000008000ull, 0xffff7efa0000ffffull, 0x0000000000000000ull, 0 },
	{ "vsubwod.d.wu", 0x70350c41, 0xffffffff80000000ull, 0xffffffff7efa7d77ull, 0x0000000000000000ull, 0 },
	{ "vsubwod.q.du", 0x70358c41, 0x7efa7d77fffffec2ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vaddwev.h.bu.b", 0x703e0c41, 0x00fe00fe00000000ull, 0x0008008900ff0040ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.w.hu.h", 0x703e8c41, 0x0000fffe00000000ull, 0x000081890000ff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.d.wu.w", 0x703f0c41, 0x0000000080000000ull, 0x00000000ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vaddwev.q.du.d", 0x703f8c41, 0x7ffffffe80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vaddwod.h.bu.b", 0x70400c41, 0x007e00fe00800000ull, 0xff81008100ff00ffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.w.hu.h", 0x70408c41, 0x00007ffe00008000ull, 0xffff81080000ffffull, 0x0000000000000000ull, 0 },
	{ "vaddwod.d.wu.w", 0x70410c41, 0x000000007ffffffeull, 0xffffffff81088189ull, 0x0000000000000000ull, 0 },
	{ "vaddwod.q.du.d", 0x70418c41, 0x81088189ffffff40ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vsadd.b", 0x70460c41, 0x7efefefe80000000ull, 0x81087f89ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.h", 0x70468c41, 0x7ffefffe80000000ull, 0x81087fffffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.w", 0x70470c41, 0x7ffffffe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.d", 0x70478c41, 0x7ffffffe80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vssub.b", 0x70480c41, 0x7f00000080000000ull, 0x7ffa7d80ffffffc2ull, 0x0000000000000000ull, 0 },
	{ "vssub.h", 0x70488c41, 0x7fff000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vssub.w", 0x70490c41, 0x7fffffff80000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vssub.d", 0x70498c41, 0x7fffffffffffffffull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vsadd.bu", 0x704a0c41, 0xffffffff80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.hu", 0x704a8c41, 0xffffffff80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.wu", 0x704b0c41, 0xffffffff80000000ull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vsadd.du", 0x704b8c41, 0xffffffffffffffffull, 0x81088189ffffff40ull, 0x0000000000000000ull, 0 },
	{ "vssub.bu", 0x704c0c41, 0x0000000080000000ull, 0x00007d77ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vssub.hu", 0x704c8c41, 0x0000000080000000ull, 0x00007d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vssub.wu", 0x704d0c41, 0x0000000080000000ull, 0x00000000fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vssub.du", 0x704d8c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vhaddw.h.b", 0x70540c41, 0x007efffeff800000ull, 0x00070088ffff003eull, 0x0000000000000000ull, 0 },
	{ "vhaddw.w.h", 0x70548c41, 0x00007ffeffff8000ull, 0x0000020a0000003eull, 0x0000000000000000ull, 0 },
	{ "vhaddw.d.w", 0x70550c41, 0x000000007fffffffull, 0x0000000000017fbfull, 0x0000000000000000ull, 0 },
	{ "vhaddw.q.d", 0x70558c41, 0x00017f7fffffff01ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.h.b", 0x70560c41, 0x00800000ff800000ull, 0xfff90076ffffffc0ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.w.h", 0x70568c41, 0x00008000ffff8000ull, 0xfffffdf8ffffffc0ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.d.w", 0x70570c41, 0x000000007fffffffull, 0x0000000000017f41ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.q.d", 0x70578c41, 0x00017f81ffffff01ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vhaddw.hu.bu", 0x70580c41, 0x017e01fe00800000ull, 0x0007008800ff013eull, 0x0000000000000000ull, 0 },
	{ "vhaddw.wu.hu", 0x70588c41, 0x00017ffe00008000ull, 0x0000020a0001003eull, 0x0000000000000000ull, 0 },
	{ "vhaddw.du.wu", 0x70590c41, 0x000000007fffffffull, 0x0000000000017fbfull, 0x0000000000000000ull, 0 },
	{ "vhaddw.qu.du", 0x70598c41, 0x00017f7fffffff01ull, 0x0000000000000001ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.hu.bu", 0x705a0c41, 0xff80000000800000ull, 0xfff9007600ff00c0ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.wu.hu", 0x705a8c41, 0xffff800000008000ull, 0xfffffdf80000ffc0ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.du.wu", 0x705b0c41, 0x000000007fffffffull, 0x0000000000017f41ull, 0x0000000000000000ull, 0 },
	{ "vhsubw.qu.du", 0x705b8c41, 0x00017f81ffffff01ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vadda.b", 0x705c0c41, 0x8002020280000000ull, 0x7f08818901010140ull, 0x0000000000000000ull, 0 },
	{ "vadda.h", 0x705c8c41, 0x8000000280000000ull, 0x7efa81890001013eull, 0x0000000000000000ull, 0 },
	{ "vadda.w", 0x705d0c41, 0x8000000080000000ull, 0x7efa7d770000013eull, 0x0000000000000000ull, 0 },
	{ "vadda.d", 0x705d8c41, 0x8000000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vabsd.b", 0x70600c41, 0x8000000080000000ull, 0x7f067d890101013eull, 0x0000000000000000ull, 0 },
	{ "vabsd.h", 0x70608c41, 0x8000000080000000ull, 0x7efa7d770001013eull, 0x0000000000000000ull, 0 },
	{ "vabsd.w", 0x70610c41, 0x8000000080000000ull, 0x7efa7d770000013eull, 0x0000000000000000ull, 0 },
	{ "vabsd.d", 0x70618c41, 0x8000000080000000ull, 0x7efa7d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vabsd.bu", 0x70620c41, 0x8000000080000000ull, 0x81067d77ffffff3eull, 0x0000000000000000ull, 0 },
	{ "vabsd.hu", 0x70628c41, 0x8000000080000000ull, 0x81067d77fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vabsd.wu", 0x70630c41, 0x8000000080000000ull, 0x81058289fffffec2ull, 0x0000000000000000ull, 0 },
	{ "vabsd.du", 0x70638c41, 0x7fffffff80000000ull, 0x810582880000013eull, 0x0000000000000000ull, 0 },
	{ "vavg.b", 0x70640c41, 0x3fffffffc0000000ull, 0xc00440c4ffffff20ull, 0x0000000000000000ull, 0 },
	{ "vavg.h", 0x70648c41, 0x3fffffffc0000000ull, 0xc08440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavg.w", 0x70650c41, 0x3fffffffc0000000ull, 0xc08440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavg.d", 0x70658c41, 0x3fffffff40000000ull, 0xc08440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavg.bu", 0x70660c41, 0xbfffffff40000000ull, 0x400440447f7f7f20ull, 0x0000000000000000ull, 0 },
	{ "vavg.hu", 0x70668c41, 0xbfffffff40000000ull, 0x408440c47fff7fa0ull, 0x0000000000000000ull, 0 },
	{ "vavg.wu", 0x70670c41, 0xbfffffff40000000ull, 0x408440c47fffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavg.du", 0x70678c41, 0xbfffffff40000000ull, 0x408440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.b", 0x70680c41, 0x3fffffffc0000000ull, 0xc10441c500000020ull, 0x0000000000000000ull, 0 },
	{ "vavgr.h", 0x70688c41, 0x3fffffffc0000000ull, 0xc08440c50000ffa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.w", 0x70690c41, 0x3fffffffc0000000ull, 0xc08440c5ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.d", 0x70698c41, 0x3fffffff40000000ull, 0xc08440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.bu", 0x706a0c41, 0xbfffffff40000000ull, 0x4104414580808020ull, 0x0000000000000000ull, 0 },
	{ "vavgr.hu", 0x706a8c41, 0xbfffffff40000000ull, 0x408440c580007fa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.wu", 0x706b0c41, 0xbfffffff40000000ull, 0x408440c57fffffa0ull, 0x0000000000000000ull, 0 },
	{ "vavgr.du", 0x706b8c41, 0xbfffffff40000000ull, 0x408440c4ffffffa0ull, 0x0000000000000000ull, 0 },
	{ "vmax.b", 0x70700c41, 0x7fffffff00000000ull, 0x00077f090000003full, 0x0000000000000000ull, 0 },
	{ "vmax.h", 0x70708c41, 0x7fffffff00000000ull, 0x00017f800000003full, 0x0000000000000000ull, 0 },
	{ "vmax.w", 0x70710c41, 0x7fffffff00000000ull, 0x00017f800000003full, 0x0000000000000000ull, 0 },
	{ "vmax.d", 0x70718c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmin.b", 0x70720c41, 0xffffffff80000000ull, 0x81010280ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmin.h", 0x70728c41, 0xffffffff80000000ull, 0x81070209ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmin.w", 0x70730c41, 0xffffffff80000000ull, 0x81070209ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmin.d", 0x70738c41, 0xffffffff00000000ull, 0x810702090000003full, 0x0000000000000000ull, 0 },
	{ "vmax.bu", 0x70740c41, 0xffffffff80000000ull, 0x81077f80ffffff3full, 0x0000000000000000ull, 0 },
	{ "vmax.hu", 0x70748c41, 0xffffffff80000000ull, 0x81077f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmax.wu", 0x70750c41, 0xffffffff80000000ull, 0x81070209ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmax.du", 0x70758c41, 0xffffffff00000000ull, 0x810702090000003full, 0x0000000000000000ull, 0 },
	{ "vmin.bu", 0x70760c41, 0x7fffffff00000000ull, 0x0001020900000001ull, 0x0000000000000000ull, 0 },
	{ "vmin.hu", 0x70768c41, 0x7fffffff00000000ull, 0x000102090000003full, 0x0000000000000000ull, 0 },
	{ "vmin.wu", 0x70770c41, 0x7fffffff00000000ull, 0x00017f800000003full, 0x0000000000000000ull, 0 },
	{ "vmin.du", 0x70778c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmul.b", 0x70840c41, 0x8101010100000000ull, 0x0007fe800000003full, 0x0000000000000000ull, 0 },
	{ "vmul.h", 0x70848c41, 0x8001000100000000ull, 0x81077b800000c13full, 0x0000000000000000ull, 0 },
	{ "vmul.w", 0x70850c41, 0x8000000100000000ull, 0xff8c7b80ffffc13full, 0x0000000000000000ull, 0 },
	{ "vmul.d", 0x70858c41, 0x8000000000000000ull, 0x7a6359c7ffffc13full, 0x0000000000000000ull, 0 },
	{ "vmuh.b", 0x70860c41, 0xff00000000000000ull, 0x000000fb00000000ull, 0x0000000000000000ull, 0 },
	{ "vmuh.h", 0x70868c41, 0xffff000000000000ull, 0xffff01030000ffffull, 0x0000000000000000ull, 0 },
	{ "vmuh.w", 0x70870c41, 0xffffffff00000000ull, 0xffff41c9ffffffffull, 0x0000000000000000ull, 0 },
	{ "vmuh.d", 0x70878c41, 0xffffffff80000000ull, 0xffff41c980937e07ull, 0x0000000000000000ull, 0 },
	{ "vmuh.bu", 0x70880c41, 0x7efefefe00000000ull, 0x0000000400000000ull, 0x0000000000000000ull, 0 },
	{ "vmuh.hu", 0x70888c41, 0x7ffefffe00000000ull, 0x000001030000003eull, 0x0000000000000000ull, 0 },
	{ "vmuh.wu", 0x70890c41, 0x7ffffffe00000000ull, 0x0000c1490000003eull, 0x0000000000000000ull, 0 },
	{ "vmuh.du", 0x70898c41, 0x7fffffff00000000ull, 0x0000c14a80937d08ull, 0x0000000000000000ull, 0 },
	{ "vmulwev.h.b", 0x70900c41, 0x0001000100000000ull, 0x0007fb800000003full, 0x0000000000000000ull, 0 },
	{ "vmulwev.w.h", 0x70908c41, 0x0000000100000000ull, 0x01037b80ffffc13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.d.w", 0x70910c41, 0x0000000000000000ull, 0xffffffffffffc13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.q.d", 0x70918c41, 0x8000000000000000ull, 0xffffffff80000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.h.b", 0x70920c41, 0xff81000100000000ull, 0x000000fe00000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.w.h", 0x70928c41, 0xffff800100000000ull, 0xffff810700000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.d.w", 0x70930c41, 0xffffffff80000001ull, 0xffff41c9ff8c7b80ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.q.d", 0x70938c41, 0x7a6359c7ffffc13full, 0xffff41c980937e07ull, 0x0000000000000000ull, 0 },
	{ "vmulwev.h.bu", 0x70980c41, 0xfe01fe0100000000ull, 0x000704800000003full, 0x0000000000000000ull, 0 },
	{ "vmulwev.w.hu", 0x70988c41, 0xfffe000100000000ull, 0x01037b80003ec13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.d.wu", 0x70990c41, 0x0000000000000000ull, 0x0000003effffc13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.q.du", 0x70998c41, 0x8000000000000000ull, 0x7fffffff00000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.h.bu", 0x709a0c41, 0x7e81fe0100000000ull, 0x000000fe00000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.w.hu", 0x709a8c41, 0x7ffe800100000000ull, 0x0000810700000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.d.wu", 0x709b0c41, 0x7ffffffe80000001ull, 0x0000c149ff8c7b80ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.q.du", 0x709b8c41, 0x7a6359c7ffffc13full, 0x0000c14a80937d08ull, 0x0000000000000000ull, 0 },
	{ "vmulwev.h.bu.b", 0x70a00c41, 0xff01ff0100000000ull, 0x000704800000003full, 0x0000000000000000ull, 0 },
	{ "vmulwev.w.hu.h", 0x70a08c41, 0xffff000100000000ull, 0x01037b80003ec13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.d.wu.w", 0x70a10c41, 0x0000000000000000ull, 0x0000003effffc13full, 0x0000000000000000ull, 0 },
	{ "vmulwev.q.du.d", 0x70a18c41, 0x8000000000000000ull, 0xffffffff80000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.h.bu.b", 0x70a20c41, 0xff81ff0100000000ull, 0x000000fe00000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.w.hu.h", 0x70a28c41, 0xffff800100000000ull, 0xffff810700000000ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.d.wu.w", 0x70a30c41, 0xffffffff80000001ull, 0xffff41c9ff8c7b80ull, 0x0000000000000000ull, 0 },
	{ "vmulwod.q.du.d", 0x70a38c41, 0x7a6359c7ffffc13full, 0xffff41c980937e07ull, 0x0000000000000000ull, 0 },
	{ "vmadd.b", 0x70a80c41, 0x8224466889abcdefull, 0xfee3b8187654324full, 0x0000000000000000ull, 0 },
	{ "vmadd.h", 0x70a88c41, 0x8124456889abcdefull, 0x7fe336187654f34full, 0x0000000000000000ull, 0 },
	{ "vmadd.w", 0x70a90c41, 0x8123456889abcdefull, 0xfe6936187653f34full, 0x0000000000000000ull, 0 },
	{ "vmadd.d", 0x70a98c41, 0x8123456789abcdefull, 0x794014607653f34full, 0x0000000000000000ull, 0 },
	{ "vmsub.b", 0x70aa0c41, 0x8022446689abcdefull, 0xfed5bc18765432d1ull, 0x0000000000000000ull, 0 },
	{ "vmsub.h", 0x70aa8c41, 0x8122456689abcdefull, 0x7dd53f18765470d1ull, 0x0000000000000000ull, 0 },
	{ "vmsub.w", 0x70ab0c41, 0x8123456689abcdefull, 0xff503f18765470d1ull, 0x0000000000000000ull, 0 },
	{ "vmsub.d", 0x70ab8c41, 0x8123456789abcdefull, 0x847960d0765470d1ull, 0x0000000000000000ull, 0 },
	{ "vmaddwev.h.b", 0x70ac0c41, 0x0124456889abcdefull, 0xfee3b6187654324full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.w.h", 0x70ac8c41, 0x0123456889abcdefull, 0xffe036187653f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.d.w", 0x70ad0c41, 0x0123456789abcdefull, 0xfedcba987653f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.q.d", 0x70ad8c41, 0x8123456789abcdefull, 0xfedcba97f6543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.h.b", 0x70ae0c41, 0x00a4456889abcdefull, 0xfedcbb9676543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.w.h", 0x70ae8c41, 0x0122c56889abcdefull, 0xfedc3b9f76543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.d.w", 0x70af0c41, 0x0123456709abcdf0ull, 0xfedbfc6275e0ad90ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.q.d", 0x70af8c41, 0x7b869f2f89ab8f2eull, 0xfedbfc61f6e7b017ull, 0x0000000000000000ull, 0 },
	{ "vmaddwev.h.bu", 0x70b40c41, 0xff24436889abcdefull, 0xfee3bf187654324full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.w.hu", 0x70b48c41, 0x0121456889abcdefull, 0xffe036187692f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.d.wu", 0x70b50c41, 0x0123456789abcdefull, 0xfedcbad77653f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.q.du", 0x70b58c41, 0x8123456789abcdefull, 0x7edcba9776543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.h.bu", 0x70b60c41, 0x7fa4436889abcdefull, 0xfedcbb9676543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.w.hu", 0x70b68c41, 0x8121c56889abcdefull, 0xfedd3b9f76543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.d.wu", 0x70b70c41, 0x8123456609abcdf0ull, 0xfedd7be275e0ad90ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.q.du", 0x70b78c41, 0x7b869f2f89ab8f2eull, 0xfedd7be2f6e7af18ull, 0x0000000000000000ull, 0 },
	{ "vmaddwev.h.bu.b", 0x70bc0c41, 0x0024446889abcdefull, 0xfee3bf187654324full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.w.hu.h", 0x70bc8c41, 0x0122456889abcdefull, 0xffe036187692f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.d.wu.w", 0x70bd0c41, 0x0123456789abcdefull, 0xfedcbad77653f34full, 0x0000000000000000ull, 0 },
	{ "vmaddwev.q.du.d", 0x70bd8c41, 0x8123456789abcdefull, 0xfedcba97f6543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.h.bu.b", 0x70be0c41, 0x00a4446889abcdefull, 0xfedcbb9676543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.w.hu.h", 0x70be8c41, 0x0122c56889abcdefull, 0xfedc3b9f76543210ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.d.wu.w", 0x70bf0c41, 0x0123456709abcdf0ull, 0xfedbfc6275e0ad90ull, 0x0000000000000000ull, 0 },
	{ "vmaddwod.q.du.d", 0x70bf8c41, 0x7b869f2f89ab8f2eull, 0xfedbfc61f6e7b017ull, 0x0000000000000000ull, 0 },
	{ "vdiv.b", 0x70e00c41, 0x8101010100000000ull, 0x00003ff200000000ull, 0x0000000000000000ull, 0 },
	{ "vdiv.h", 0x70e08c41, 0x8001000100000000ull, 0x0000003e0000fffcull, 0x0000000000000000ull, 0 },
	{ "vdiv.w", 0x70e10c41, 0x8000000100000000ull, 0x00000000fffffffcull, 0x0000000000000000ull, 0 },
	{ "vdiv.d", 0x70e18c41, 0xffffffff80000001ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmod.b", 0x70e20c41, 0x0000000000000000ull, 0x000101fe00000001ull, 0x0000000000000000ull, 0 },
	{ "vmod.h", 0x70e28c41, 0x0000000000000000ull, 0x000101520000fffdull, 0x0000000000000000ull, 0 },
	{ "vmod.w", 0x70e30c41, 0x0000000000000000ull, 0x00017f80fffffffdull, 0x0000000000000000ull, 0 },
	{ "vmod.d", 0x70e38c41, 0x0000000080000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vdiv.bu", 0x70e40c41, 0x0001010100000000ull, 0x00003f0e00000000ull, 0x0000000000000000ull, 0 },
	{ "vdiv.hu", 0x70e48c41, 0x0000000100000000ull, 0x0000003e0000040cull, 0x0000000000000000ull, 0 },
	{ "vdiv.wu", 0x70e50c41, 0x0000000000000000ull, 0x0000000004104100ull, 0x0000000000000000ull, 0 },
	{ "vdiv.du", 0x70e58c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmod.bu", 0x70e60c41, 0x7f00000000000000ull, 0x0001010200000001ull, 0x0000000000000000ull, 0 },
	{ "vmod.hu", 0x70e68c41, 0x7fff000000000000ull, 0x000101520000000dull, 0x0000000000000000ull, 0 },
	{ "vmod.wu", 0x70e70c41, 0x7fffffff00000000ull, 0x00017f8000000001ull, 0x0000000000000000ull, 0 },
	{ "vmod.du", 0x70e78c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vsll.b", 0x70e80c41, 0x8080808080000000ull, 0x0080fc00ffffff80ull, 0x0000000000000000ull, 0 },
	{ "vsll.h", 0x70e88c41, 0x8000800080000000ull, 0x00800000ffff8000ull, 0x0000000000000000ull, 0 },
	{ "vsll.w", 0x70e90c41, 0x8000000080000000ull, 0x02ff000080000000ull, 0x0000000000000000ull, 0 },
	{ "vsll.d", 0x70e98c41, 0x7fffffff80000000ull, 0x8000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrl.b", 0x70ea0c41, 0x0001010180000000ull, 0x00001f40ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vsrl.h", 0x70ea8c41, 0x0000000180000000ull, 0x0000003fffff0001ull, 0x0000000000000000ull, 0 },
	{ "vsrl.w", 0x70eb0c41, 0x0000000080000000ull, 0x000000bf00000001ull, 0x0000000000000000ull, 0 },
	{ "vsrl.d", 0x70eb8c41, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsra.b", 0x70ec0c41, 0x00ffffff80000000ull, 0x00001fc0ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vsra.h", 0x70ec8c41, 0x0000ffff80000000ull, 0x0000003fffffffffull, 0x0000000000000000ull, 0 },
	{ "vsra.w", 0x70ed0c41, 0x0000000080000000ull, 0x000000bfffffffffull, 0x0000000000000000ull, 0 },
	{ "vsra.d", 0x70ed8c41, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vrotr.b", 0x70ee0c41, 0xfeffffff80000000ull, 0x0002df40ffffff02ull, 0x0000000000000000ull, 0 },
	{ "vrotr.h", 0x70ee8c41, 0xfffeffff80000000ull, 0x0200c03ffffffe03ull, 0x0000000000000000ull, 0 },
	{ "vrotr.w", 0x70ef0c41, 0xfffffffe80000000ull, 0xc00000bffffffe03ull, 0x0000000000000000ull, 0 },
	{ "vrotr.d", 0x70ef8c41, 0x7fffffff80000000ull, 0x0002ff01fffffe02ull, 0x0000000000000000ull, 0 },
	{ "vsrlr.b", 0x70f00c41, 0x0102020280000000ull, 0x00002040ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vsrlr.h", 0x70f08c41, 0x0001000280000000ull, 0x00000040ffff0002ull, 0x0000000000000000ull, 0 },
	{ "vsrlr.w", 0x70f10c41, 0x0000000180000000ull, 0x000000c000000002ull, 0x0000000000000000ull, 0 },
	{ "vsrlr.d", 0x70f18c41, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrar.b", 0x70f20c41, 0x0100000080000000ull, 0x000020c0ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vsrar.h", 0x70f28c41, 0x0001000080000000ull, 0x00000040ffff0000ull, 0x0000000000000000ull, 0 },
	{ "vsrar.w", 0x70f30c41, 0x0000000180000000ull, 0x000000c000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrar.d", 0x70f38c41, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrln.b.h", 0x70f48c41, 0x003fff0100010000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrln.h.w", 0x70f50c41, 0x00bf000100000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrln.w.d", 0x70f58c41, 0x0000000080000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsran.b.h", 0x70f68c41, 0x003fffff00ff0000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsran.h.w", 0x70f70c41, 0x00bfffff00000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsran.w.d", 0x70f78c41, 0x0000000080000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrlrn.b.h", 0x70f88c41, 0x0040ff0201020000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrlrn.h.w", 0x70f90c41, 0x00c0000200010000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrlrn.w.d", 0x70f98c41, 0x0000000080000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrarn.b.h", 0x70fa8c41, 0x0040ff0001000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrarn.h.w", 0x70fb0c41, 0x00c0000000010000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrarn.w.d", 0x70fb8c41, 0x0000000080000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.b.h", 0x70fc8c41, 0x003f7f0100017f00ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.h.w", 0x70fd0c41, 0x00bf000100007fffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.w.d", 0x70fd8c41, 0x000000007fffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.b.h", 0x70fe8c41, 0x003fffff00ff8000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.h.w", 0x70ff0c41, 0x00bfffff00008000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.w.d", 0x70ff8c41, 0x000000007fffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.b.h", 0x71008c41, 0x00407f0201027f00ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.h.w", 0x71010c41, 0x00c0000200017fffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.w.d", 0x71018c41, 0x000000007fffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.b.h", 0x71028c41, 0x0040ff0001008000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.h.w", 0x71030c41, 0x00c0000000018000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.w.d", 0x71038c41, 0x000000007fffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.bu.h", 0x71048c41, 0x003fff010001ff00ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.hu.w", 0x71050c41, 0x00bf00010000ffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrln.wu.d", 0x71058c41, 0x00000000ffffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.bu.h", 0x71068c41, 0x003f000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.hu.w", 0x71070c41, 0x00bf000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssran.wu.d", 0x71078c41, 0x00000000ffffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.bu.h", 0x71088c41, 0x0040ff020102ff00ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.hu.w", 0x71090c41, 0x00c000020001ffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrlrn.wu.d", 0x71098c41, 0x00000000ffffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.bu.h", 0x710a8c41, 0x0040000001000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.hu.w", 0x710b0c41, 0x00c0000000010000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarn.wu.d", 0x710b8c41, 0x00000000ffffffffull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vbitclr.b", 0x710c0c41, 0x7f7f7f7f80000000ull, 0x00017b80fefefe01ull, 0x0000000000000000ull, 0 },
	{ "vbitclr.h", 0x710c8c41, 0x7fff7fff80000000ull, 0x00017d80fffe7f01ull, 0x0000000000000000ull, 0 },
	{ "vbitclr.w", 0x710d0c41, 0x7fffffff80000000ull, 0x00017d807fffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitclr.d", 0x710d8c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitset.b", 0x710e0c41, 0xffffffff81010101ull, 0x02817f82ffffff81ull, 0x0000000000000000ull, 0 },
	{ "vbitset.h", 0x710e8c41, 0xffffffff80010001ull, 0x00817f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitset.w", 0x710f0c41, 0xffffffff80000001ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitset.d", 0x710f8c41, 0x7fffffff80000001ull, 0x80017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitrev.b", 0x71100c41, 0xff7f7f7f81010101ull, 0x02817b82fefefe81ull, 0x0000000000000000ull, 0 },
	{ "vbitrev.h", 0x71108c41, 0xffff7fff80010001ull, 0x00817d80fffe7f01ull, 0x0000000000000000ull, 0 },
	{ "vbitrev.w", 0x71110c41, 0xffffffff80000001ull, 0x00017d807fffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitrev.d", 0x71118c41, 0x7fffffff80000001ull, 0x80017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vpackev.b", 0x71160c41, 0xffffffff00000000ull, 0x01078009ff00013full, 0x0000000000000000ull, 0 },
	{ "vpackev.h", 0x71168c41, 0xffffffff00000000ull, 0x7f800209ff01003full, 0x0000000000000000ull, 0 },
	{ "vpackev.w", 0x71170c41, 0x8000000000000000ull, 0xffffff010000003full, 0x0000000000000000ull, 0 },
	{ "vpackev.d", 0x71178c41, 0xffffffff00000000ull, 0x7fffffff80000000ull, 0x0000000000000000ull, 0 },
	{ "vpackod.b", 0x71180c41, 0x7fffffff80000000ull, 0x00817f02ff00ff00ull, 0x0000000000000000ull, 0 },
	{ "vpackod.h", 0x71188c41, 0x7fffffff80000000ull, 0x00018107ffff0000ull, 0x0000000000000000ull, 0 },
	{ "vpackod.w", 0x71190c41, 0x7fffffffffffffffull, 0x00017f8081070209ull, 0x0000000000000000ull, 0 },
	{ "vpackod.d", 0x71198c41, 0x810702090000003full, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vilvl.b", 0x711a0c41, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vilvl.h", 0x711a8c41, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vilvl.w", 0x711b0c41, 0x8000000000000000ull, 0x7fffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vilvl.d", 0x711b8c41, 0xffffffff00000000ull, 0x7fffffff80000000ull, 0x0000000000000000ull, 0 },
	{ "vilvh.b", 0x711c0c41, 0xff00ff00ff00013full, 0x008101077f028009ull, 0x0000000000000000ull, 0 },
	{ "vilvh.h", 0x711c8c41, 0xffff0000ff01003full, 0x000181077f800209ull, 0x0000000000000000ull, 0 },
	{ "vilvh.w", 0x711d0c41, 0xffffff010000003full, 0x00017f8081070209ull, 0x0000000000000000ull, 0 },
	{ "vilvh.d", 0x711d8c41, 0x810702090000003full, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vpickev.b", 0x711e0c41, 0x0709003fffff0000ull, 0x0180ff01ffff0000ull, 0x0000000000000000ull, 0 },
	{ "vpickev.h", 0x711e8c41, 0x0209003fffff0000ull, 0x7f80ff01ffff0000ull, 0x0000000000000000ull, 0 },
	{ "vpickev.w", 0x711f0c41, 0x0000003f00000000ull, 0xffffff0180000000ull, 0x0000000000000000ull, 0 },
	{ "vpickev.d", 0x711f8c41, 0xffffffff00000000ull, 0x7fffffff80000000ull, 0x0000000000000000ull, 0 },
	{ "vpickod.b", 0x71200c41, 0x81020000ffff0000ull, 0x007fffff7fff8000ull, 0x0000000000000000ull, 0 },
	{ "vpickod.h", 0x71208c41, 0x81070000ffff0000ull, 0x0001ffff7fff8000ull, 0x0000000000000000ull, 0 },
	{ "vpickod.w", 0x71210c41, 0x81070209ffffffffull, 0x00017f807fffffffull, 0x0000000000000000ull, 0 },
	{ "vpickod.d", 0x71218c41, 0x810702090000003full, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vreplve.b", 0x71222441, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vreplve.h", 0x7122a441, 0xffffffffffffffffull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vreplve.w", 0x71232441, 0x7fffffff7fffffffull, 0x7fffffff7fffffffull, 0x0000000000000000ull, 0 },
	{ "vreplve.d", 0x7123a441, 0x00017f80ffffff01ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vand.v", 0x71260c41, 0x7fffffff00000000ull, 0x0001020000000001ull, 0x0000000000000000ull, 0 },
	{ "vor.v", 0x71268c41, 0xffffffff80000000ull, 0x81077f89ffffff3full, 0x0000000000000000ull, 0 },
	{ "vxor.v", 0x71270c41, 0x8000000080000000ull, 0x81067d89ffffff3eull, 0x0000000000000000ull, 0 },
	{ "vnor.v", 0x71278c41, 0x000000007fffffffull, 0x7ef88076000000c0ull, 0x0000000000000000ull, 0 },
	{ "vandn.v", 0x71280c41, 0x8000000000000000ull, 0x810600090000003eull, 0x0000000000000000ull, 0 },
	{ "vorn.v", 0x71288c41, 0x7fffffffffffffffull, 0x7ef9fff6ffffffc1ull, 0x0000000000000000ull, 0 },
	{ "vfrstp.b", 0x712b0c41, 0x0123456789abcd03ull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vfrstp.h", 0x712b8c41, 0x0123456789ab0001ull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vadd.q", 0x712d0c41, 0x7ffffffe80000000ull, 0x81088189ffffff41ull, 0x0000000000000000ull, 0 },
	{ "vsub.q", 0x712d8c41, 0x8000000080000000ull, 0x7efa7d77fffffec1ull, 0x0000000000000000ull, 0 },
	{ "vsigncov.b", 0x712e0c41, 0xff01010100000000ull, 0x000702f70000003full, 0x0000000000000000ull, 0 },
	{ "vsigncov.h", 0x712e8c41, 0xffff000100000000ull, 0x810702090000ffc1ull, 0x0000000000000000ull, 0 },
	{ "vsigncov.w", 0x712f0c41, 0xffffffff00000000ull, 0x81070209ffffffc1ull, 0x0000000000000000ull, 0 },
	{ "vsigncov.d", 0x712f8c41, 0xffffffff00000000ull, 0x810702090000003full, 0x0000000000000000ull, 0 },
	{ "vshuf.h", 0x717a8c41, 0xffff81077fff0001ull, 0xff010000003f0000ull, 0x0000000000000000ull, 0 },
	{ "vshuf.w", 0x717b0c41, 0x00017f8000017f80ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vshuf.d", 0x717b8c41, 0x00017f80ffffff01ull, 0xffffffff00000000ull, 0x0000000000000000ull, 0 },
	{ "vseqi.b", 0x72803c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseqi.h", 0x7280bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseqi.w", 0x72813c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseqi.d", 0x7281bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslei.b", 0x72823c41, 0x00ffffffffffffffull, 0xffff00ffffffffffull, 0x0000000000000000ull, 0 },
	{ "vslei.h", 0x7282bc41, 0x0000ffffffffffffull, 0xffff0000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslei.w", 0x72833c41, 0x00000000ffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslei.d", 0x7283bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslei.bu", 0x72843c41, 0x0000000000ffffffull, 0xffff0000000000ffull, 0x0000000000000000ull, 0 },
	{ "vslei.hu", 0x7284bc41, 0x000000000000ffffull, 0xffff000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslei.wu", 0x72853c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslei.du", 0x7285bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslti.b", 0x72863c41, 0x00ffffffffffffffull, 0xffff00ffffffffffull, 0x0000000000000000ull, 0 },
	{ "vslti.h", 0x7286bc41, 0x0000ffffffffffffull, 0xffff0000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslti.w", 0x72873c41, 0x00000000ffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslti.d", 0x7287bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslti.bu", 0x72883c41, 0x0000000000ffffffull, 0xffff0000000000ffull, 0x0000000000000000ull, 0 },
	{ "vslti.hu", 0x7288bc41, 0x000000000000ffffull, 0xffff000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslti.wu", 0x72893c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vslti.du", 0x7289bc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vaddi.bu", 0x728a3c41, 0x8e0e0e0e8f0f0f0full, 0x0f108e8f0e0e0e10ull, 0x0000000000000000ull, 0 },
	{ "vaddi.hu", 0x728abc41, 0x800e000e800f000full, 0x00107f8f000eff10ull, 0x0000000000000000ull, 0 },
	{ "vaddi.wu", 0x728b3c41, 0x8000000e8000000full, 0x00017f8fffffff10ull, 0x0000000000000000ull, 0 },
	{ "vaddi.du", 0x728bbc41, 0x7fffffff8000000full, 0x00017f80ffffff10ull, 0x0000000000000000ull, 0 },
	{ "vsubi.bu", 0x728c3c41, 0x70f0f0f071f1f1f1ull, 0xf1f27071f0f0f0f2ull, 0x0000000000000000ull, 0 },
	{ "vsubi.hu", 0x728cbc41, 0x7ff0fff07ff1fff1ull, 0xfff27f71fff0fef2ull, 0x0000000000000000ull, 0 },
	{ "vsubi.wu", 0x728d3c41, 0x7ffffff07ffffff1ull, 0x00017f71fffffef2ull, 0x0000000000000000ull, 0 },
	{ "vsubi.du", 0x728dbc41, 0x7fffffff7ffffff1ull, 0x00017f80fffffef2ull, 0x0000000000000000ull, 0 },
	{ "vbsll.v", 0x728e3c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vbsrl.v", 0x728ebc41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmaxi.b", 0x72903c41, 0x7f0f0f0f0f0f0f0full, 0x0f0f7f0f0f0f0f0full, 0x0000000000000000ull, 0 },
	{ "vmaxi.h", 0x7290bc41, 0x7fff000f000f000full, 0x000f7f80000f000full, 0x0000000000000000ull, 0 },
	{ "vmaxi.w", 0x72913c41, 0x7fffffff0000000full, 0x00017f800000000full, 0x0000000000000000ull, 0 },
	{ "vmaxi.d", 0x7291bc41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmini.b", 0x72923c41, 0x0fffffff80000000ull, 0x00010f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmini.h", 0x7292bc41, 0x000fffff80000000ull, 0x0001000fffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmini.w", 0x72933c41, 0x0000000f80000000ull, 0x0000000fffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmini.d", 0x7293bc41, 0x000000000000000full, 0x000000000000000full, 0x0000000000000000ull, 0 },
	{ "vmaxi.bu", 0x72943c41, 0x7fffffff800f0f0full, 0x0f0f7f80ffffff0full, 0x0000000000000000ull, 0 },
	{ "vmaxi.hu", 0x7294bc41, 0x7fffffff8000000full, 0x000f7f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmaxi.wu", 0x72953c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmaxi.du", 0x7295bc41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vmini.bu", 0x72963c41, 0x0f0f0f0f0f000000ull, 0x00010f0f0f0f0f01ull, 0x0000000000000000ull, 0 },
	{ "vmini.hu", 0x7296bc41, 0x000f000f000f0000ull, 0x0001000f000f000full, 0x0000000000000000ull, 0 },
	{ "vmini.wu", 0x72973c41, 0x0000000f0000000full, 0x0000000f0000000full, 0x0000000000000000ull, 0 },
	{ "vmini.du", 0x7297bc41, 0x000000000000000full, 0x000000000000000full, 0x0000000000000000ull, 0 },
	{ "vfrstpi.b", 0x729a3c41, 0x0123456789abcdefull, 0x03dcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vfrstpi.h", 0x729abc41, 0x0123456789abcdefull, 0x0001ba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vclo.b", 0x729c0041, 0x0008080801000000ull, 0x0000000108080800ull, 0x0000000000000000ull, 0 },
	{ "vclo.h", 0x729c0441, 0x0000001000010000ull, 0x0000000000100008ull, 0x0000000000000000ull, 0 },
	{ "vclo.w", 0x729c0841, 0x0000000000000001ull, 0x0000000000000018ull, 0x0000000000000000ull, 0 },
	{ "vclo.d", 0x729c0c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vclz.b", 0x729c1041, 0x0100000000080808ull, 0x0807010000000007ull, 0x0000000000000000ull, 0 },
	{ "vclz.h", 0x729c1441, 0x0001000000000010ull, 0x000f000100000000ull, 0x0000000000000000ull, 0 },
	{ "vclz.w", 0x729c1841, 0x0000000100000000ull, 0x0000000f00000000ull, 0x0000000000000000ull, 0 },
	{ "vclz.d", 0x729c1c41, 0x0000000000000001ull, 0x000000000000000full, 0x0000000000000000ull, 0 },
	{ "vpcnt.b", 0x729c2041, 0x0708080801000000ull, 0x0001070108080801ull, 0x0000000000000000ull, 0 },
	{ "vpcnt.h", 0x729c2441, 0x000f001000010000ull, 0x0001000800100009ull, 0x0000000000000000ull, 0 },
	{ "vpcnt.w", 0x729c2841, 0x0000001f00000001ull, 0x0000000900000019ull, 0x0000000000000000ull, 0 },
	{ "vpcnt.d", 0x729c2c41, 0x0000000000000020ull, 0x0000000000000022ull, 0x0000000000000000ull, 0 },
	{ "vneg.b", 0x729c3041, 0x8101010180000000ull, 0x00ff8180010101ffull, 0x0000000000000000ull, 0 },
	{ "vneg.h", 0x729c3441, 0x8001000180000000ull, 0xffff8080000100ffull, 0x0000000000000000ull, 0 },
	{ "vneg.w", 0x729c3841, 0x8000000180000000ull, 0xfffe8080000000ffull, 0x0000000000000000ull, 0 },
	{ "vneg.d", 0x729c3c41, 0x8000000080000000ull, 0xfffe807f000000ffull, 0x0000000000000000ull, 0 },
	{ "vmskltz.b", 0x729c4041, 0x0000000000001e78ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmskltz.h", 0x729c4441, 0x0000000000000036ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmskltz.w", 0x729c4841, 0x0000000000000005ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmskltz.d", 0x729c4c41, 0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmskgez.b", 0x729c5041, 0x000000000000e187ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vmsknz.b", 0x729c6041, 0x0000000000007ff8ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vseteqz.v", 0x729c9843, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vsetnez.v", 0x729c9c43, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 1 },
	{ "vsetanyeqz.b", 0x729ca043, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 1 },
	{ "vsetanyeqz.h", 0x729ca443, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 1 },
	{ "vsetanyeqz.w", 0x729ca843, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vsetanyeqz.d", 0x729cac43, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vsetallnez.b", 0x729cb043, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vsetallnez.h", 0x729cb443, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vsetallnez.w", 0x729cb843, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 1 },
	{ "vsetallnez.d", 0x729cbc43, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 1 },
	{ "vexth.h.b", 0x729ee041, 0xffffffffffff0001ull, 0x00000001007fff80ull, 0x0000000000000000ull, 0 },
	{ "vexth.w.h", 0x729ee441, 0xffffffffffffff01ull, 0x0000000100007f80ull, 0x0000000000000000ull, 0 },
	{ "vexth.d.w", 0x729ee841, 0xffffffffffffff01ull, 0x0000000000017f80ull, 0x0000000000000000ull, 0 },
	{ "vexth.q.d", 0x729eec41, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vexth.hu.bu", 0x729ef041, 0x00ff00ff00ff0001ull, 0x00000001007f0080ull, 0x0000000000000000ull, 0 },
	{ "vexth.wu.hu", 0x729ef441, 0x0000ffff0000ff01ull, 0x0000000100007f80ull, 0x0000000000000000ull, 0 },
	{ "vexth.du.wu", 0x729ef841, 0x00000000ffffff01ull, 0x0000000000017f80ull, 0x0000000000000000ull, 0 },
	{ "vexth.qu.du", 0x729efc41, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vreplgr2vr.b", 0x729f0101, 0x3434343434343434ull, 0x3434343434343434ull, 0x0000000000000000ull, 0 },
	{ "vreplgr2vr.h", 0x729f0501, 0x1234123412341234ull, 0x1234123412341234ull, 0x0000000000000000ull, 0 },
	{ "vreplgr2vr.w", 0x729f0901, 0xcafe1234cafe1234ull, 0xcafe1234cafe1234ull, 0x0000000000000000ull, 0 },
	{ "vreplgr2vr.d", 0x729f0d01, 0x8badf00dcafe1234ull, 0x8badf00dcafe1234ull, 0x0000000000000000ull, 0 },
	{ "vrotri.b", 0x72a02c41, 0xefffffff10000000ull, 0x0020ef10ffffff20ull, 0x0000000000000000ull, 0 },
	{ "vrotri.h", 0x72a05c41, 0xfeffffff01000000ull, 0x020000ffffff03feull, 0x0000000000000000ull, 0 },
	{ "vrotri.w", 0x72a0bc41, 0xfffeffff00010000ull, 0xff000002fe03ffffull, 0x0000000000000000ull, 0 },
	{ "vrotri.d", 0x72a17c41, 0x00000000ffffffffull, 0xfffffe020002ff01ull, 0x0000000000000000ull, 0 },
	{ "vsrlri.b", 0x72a42c41, 0x1020202010000000ull, 0x0000101020202000ull, 0x0000000000000000ull, 0 },
	{ "vsrlri.h", 0x72a45c41, 0x0100020001000000ull, 0x000000ff020001feull, 0x0000000000000000ull, 0 },
	{ "vsrlri.w", 0x72a4bc41, 0x0001000000010000ull, 0x0000000300020000ull, 0x0000000000000000ull, 0 },
	{ "vsrlri.d", 0x72a57c41, 0x00000000ffffffffull, 0x000000000002ff02ull, 0x0000000000000000ull, 0 },
	{ "vsrari.b", 0x72a82c41, 0x10000000f0000000ull, 0x000010f000000000ull, 0x0000000000000000ull, 0 },
	{ "vsrari.h", 0x72a85c41, 0x01000000ff000000ull, 0x000000ff0000fffeull, 0x0000000000000000ull, 0 },
	{ "vsrari.w", 0x72a8bc41, 0x00010000ffff0000ull, 0x0000000300000000ull, 0x0000000000000000ull, 0 },
	{ "vsrari.d", 0x72a97c41, 0x00000000ffffffffull, 0x000000000002ff02ull, 0x0000000000000000ull, 0 },
	{ "vinsgr2vr.b", 0x72eb9d01, 0x3423456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vinsgr2vr.h", 0x72ebcd01, 0x1234456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vinsgr2vr.w", 0x72ebe501, 0xcafe123489abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vinsgr2vr.d", 0x72ebf501, 0x0123456789abcdefull, 0x8badf00dcafe1234ull, 0x0000000000000000ull, 0 },
	{ "vpickve2gr.b", 0x72ef9c47, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x000000000000007full, 0 },
	{ "vpickve2gr.h", 0x72efcc47, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000007fffull, 0 },
	{ "vpickve2gr.w", 0x72efe447, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x000000007fffffffull, 0 },
	{ "vpickve2gr.d", 0x72eff447, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x00017f80ffffff01ull, 0 },
	{ "vpickve2gr.bu", 0x72f39c47, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x000000000000007full, 0 },
	{ "vpickve2gr.hu", 0x72f3cc47, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0000000000007fffull, 0 },
	{ "vpickve2gr.wu", 0x72f3e447, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x000000007fffffffull, 0 },
	{ "vpickve2gr.du", 0x72f3f447, 0x0123456789abcdefull, 0xfedcba9876543210ull, 0x00017f80ffffff01ull, 0 },
	{ "vreplvei.b", 0x72f79c41, 0x7f7f7f7f7f7f7f7full, 0x7f7f7f7f7f7f7f7full, 0x0000000000000000ull, 0 },
	{ "vreplvei.h", 0x72f7cc41, 0x7fff7fff7fff7fffull, 0x7fff7fff7fff7fffull, 0x0000000000000000ull, 0 },
	{ "vreplvei.w", 0x72f7e441, 0x7fffffff7fffffffull, 0x7fffffff7fffffffull, 0x0000000000000000ull, 0 },
	{ "vreplvei.d", 0x72f7f441, 0x00017f80ffffff01ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.h.b", 0x73082c41, 0xfc00000000000000ull, 0x03f8fff8fff8fff8ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.w.h", 0x73085c41, 0xffc0000000000000ull, 0x003fff80ffffff80ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.d.w", 0x7308bc41, 0xffffc00000000000ull, 0x00003fffffff8000ull, 0x0000000000000000ull, 0 },
	{ "vextl.q.d", 0x73090041, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.hu.bu", 0x730c2c41, 0x0400000000000000ull, 0x03f807f807f807f8ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.wu.hu", 0x730c5c41, 0x0040000000000000ull, 0x003fff80007fff80ull, 0x0000000000000000ull, 0 },
	{ "vsllwil.du.wu", 0x730cbc41, 0x0000400000000000ull, 0x00003fffffff8000ull, 0x0000000000000000ull, 0 },
	{ "vextl.qu.du", 0x730d0041, 0x7fffffff80000000ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vbitclri.b", 0x73102c41, 0x77f7f7f780000000ull, 0x00017780f7f7f701ull, 0x0000000000000000ull, 0 },
	{ "vbitclri.h", 0x73105c41, 0x7f7fff7f80000000ull, 0x00017f00ff7fff01ull, 0x0000000000000000ull, 0 },
	{ "vbitclri.w", 0x7310bc41, 0x7fff7fff80000000ull, 0x00017f80ffff7f01ull, 0x0000000000000000ull, 0 },
	{ "vbitclri.d", 0x73117c41, 0x7fffffff00000000ull, 0x00017f807fffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitseti.b", 0x73142c41, 0x7fffffff88080808ull, 0x08097f88ffffff09ull, 0x0000000000000000ull, 0 },
	{ "vbitseti.h", 0x73145c41, 0x7fffffff80800080ull, 0x00817f80ffffff81ull, 0x0000000000000000ull, 0 },
	{ "vbitseti.w", 0x7314bc41, 0x7fffffff80008000ull, 0x0001ff80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitseti.d", 0x73157c41, 0x7fffffff80000000ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitrevi.b", 0x73182c41, 0x77f7f7f788080808ull, 0x08097788f7f7f709ull, 0x0000000000000000ull, 0 },
	{ "vbitrevi.h", 0x73185c41, 0x7f7fff7f80800080ull, 0x00817f00ff7fff81ull, 0x0000000000000000ull, 0 },
	{ "vbitrevi.w", 0x7318bc41, 0x7fff7fff80008000ull, 0x0001ff80ffff7f01ull, 0x0000000000000000ull, 0 },
	{ "vbitrevi.d", 0x73197c41, 0x7fffffff00000000ull, 0x00017f807fffff01ull, 0x0000000000000000ull, 0 },
	{ "vsat.b", 0x73242c41, 0x07fffffff8000000ull, 0x000107f8ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vsat.h", 0x73245c41, 0x007fffffff800000ull, 0x0001007fffffff80ull, 0x0000000000000000ull, 0 },
	{ "vsat.w", 0x7324bc41, 0x00007fffffff8000ull, 0x00007fffffffff01ull, 0x0000000000000000ull, 0 },
	{ "vsat.d", 0x73257c41, 0x000000007fffffffull, 0x000000007fffffffull, 0x0000000000000000ull, 0 },
	{ "vsat.bu", 0x73282c41, 0x0f0f0f0f0f000000ull, 0x00010f0f0f0f0f01ull, 0x0000000000000000ull, 0 },
	{ "vsat.hu", 0x73285c41, 0x00ff00ff00ff0000ull, 0x000100ff00ff00ffull, 0x0000000000000000ull, 0 },
	{ "vsat.wu", 0x7328bc41, 0x0000ffff0000ffffull, 0x0000ffff0000ffffull, 0x0000000000000000ull, 0 },
	{ "vsat.du", 0x73297c41, 0x00000000ffffffffull, 0x00000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vslli.b", 0x732c2c41, 0xf8f8f8f800000000ull, 0x0008f800f8f8f808ull, 0x0000000000000000ull, 0 },
	{ "vslli.h", 0x732c5c41, 0xff80ff8000000000ull, 0x0080c000ff808080ull, 0x0000000000000000ull, 0 },
	{ "vslli.w", 0x732cbc41, 0xffff800000000000ull, 0xbfc00000ff808000ull, 0x0000000000000000ull, 0 },
	{ "vslli.d", 0x732d7c41, 0xc000000000000000ull, 0x7fffff8080000000ull, 0x0000000000000000ull, 0 },
	{ "vsrli.b", 0x73302c41, 0x0f1f1f1f10000000ull, 0x00000f101f1f1f00ull, 0x0000000000000000ull, 0 },
	{ "vsrli.h", 0x73305c41, 0x00ff01ff01000000ull, 0x000000ff01ff01feull, 0x0000000000000000ull, 0 },
	{ "vsrli.w", 0x7330bc41, 0x0000ffff00010000ull, 0x000000020001ffffull, 0x0000000000000000ull, 0 },
	{ "vsrli.d", 0x73317c41, 0x00000000ffffffffull, 0x000000000002ff01ull, 0x0000000000000000ull, 0 },
	{ "vsrai.b", 0x73342c41, 0x0ffffffff0000000ull, 0x00000ff0ffffff00ull, 0x0000000000000000ull, 0 },
	{ "vsrai.h", 0x73345c41, 0x00ffffffff000000ull, 0x000000fffffffffeull, 0x0000000000000000ull, 0 },
	{ "vsrai.w", 0x7334bc41, 0x0000ffffffff0000ull, 0x00000002ffffffffull, 0x0000000000000000ull, 0 },
	{ "vsrai.d", 0x73357c41, 0x00000000ffffffffull, 0x000000000002ff01ull, 0x0000000000000000ull, 0 },
	{ "vsrlni.b.h", 0x73405c41, 0x00fffffeffff0000ull, 0xfd75ec64028a139bull, 0x0000000000000000ull, 0 },
	{ "vsrlni.h.w", 0x7340bc41, 0x0002ffffffff0000ull, 0xfdb9eca802461357ull, 0x0000000000000000ull, 0 },
	{ "vsrlni.w.d", 0x73417c41, 0x0002ff01ffffffffull, 0xfdb9753002468acfull, 0x0000000000000000ull, 0 },
	{ "vsrlni.d.q", 0x7342fc41, 0x0002ff01fffffe02ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vsrlrni.b.h", 0x73445c41, 0x00ff00fe00000000ull, 0xfe75ed64028b139cull, 0x0000000000000000ull, 0 },
	{ "vsrlrni.h.w", 0x7344bc41, 0x0003000000000000ull, 0xfdb9eca802471358ull, 0x0000000000000000ull, 0 },
	{ "vsrlrni.w.d", 0x73457c41, 0x0002ff02ffffffffull, 0xfdb9753102468acfull, 0x0000000000000000ull, 0 },
	{ "vsrlrni.d.q", 0x7346fc41, 0x0002ff01fffffe03ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vssrlni.b.h", 0x73485c41, 0x007f7f7f7f7f7f00ull, 0x7f7f7f64027f7f7full, 0x0000000000000000ull, 0 },
	{ "vssrlni.h.w", 0x7348bc41, 0x00027fff7fff7fffull, 0x7fff7fff02467fffull, 0x0000000000000000ull, 0 },
	{ "vssrlni.w.d", 0x73497c41, 0x0002ff017fffffffull, 0x7fffffff02468acfull, 0x0000000000000000ull, 0 },
	{ "vssrlni.d.q", 0x734afc41, 0x0002ff01fffffe02ull, 0x7fffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vssrlni.bu.h", 0x734c5c41, 0x00ffffffffffff00ull, 0xffffec64028affffull, 0x0000000000000000ull, 0 },
	{ "vssrlni.hu.w", 0x734cbc41, 0x0002ffffffffffffull, 0xffffeca80246ffffull, 0x0000000000000000ull, 0 },
	{ "vssrlni.wu.d", 0x734d7c41, 0x0002ff01ffffffffull, 0xffffffff02468acfull, 0x0000000000000000ull, 0 },
	{ "vssrlni.du.q", 0x734efc41, 0x0002ff01fffffe02ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.b.h", 0x73505c41, 0x007f7f7f7f7f7f00ull, 0x7f7f7f64027f7f7full, 0x0000000000000000ull, 0 },
	{ "vssrlrni.h.w", 0x7350bc41, 0x00037fff7fff7fffull, 0x7fff7fff02477fffull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.w.d", 0x73517c41, 0x0002ff027fffffffull, 0x7fffffff02468acfull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.d.q", 0x7352fc41, 0x0002ff01fffffe03ull, 0x7fffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.bu.h", 0x73545c41, 0x00ffffffffffff00ull, 0xffffed64028bffffull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.hu.w", 0x7354bc41, 0x0003ffffffffffffull, 0xffffeca80247ffffull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.wu.d", 0x73557c41, 0x0002ff02ffffffffull, 0xffffffff02468acfull, 0x0000000000000000ull, 0 },
	{ "vssrlrni.du.q", 0x7356fc41, 0x0002ff01fffffe03ull, 0xffffffffffffffffull, 0x0000000000000000ull, 0 },
	{ "vsrani.b.h", 0x73585c41, 0x00fffffeffff0000ull, 0xfd75ec64028a139bull, 0x0000000000000000ull, 0 },
	{ "vsrani.h.w", 0x7358bc41, 0x0002ffffffff0000ull, 0xfdb9eca802461357ull, 0x0000000000000000ull, 0 },
	{ "vsrani.w.d", 0x73597c41, 0x0002ff01ffffffffull, 0xfdb9753002468acfull, 0x0000000000000000ull, 0 },
	{ "vsrani.d.q", 0x735afc41, 0x0002ff01fffffe02ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vsrarni.b.h", 0x735c5c41, 0x00ff00fe00000000ull, 0xfe75ed64028b139cull, 0x0000000000000000ull, 0 },
	{ "vsrarni.h.w", 0x735cbc41, 0x0003000000000000ull, 0xfdb9eca802471358ull, 0x0000000000000000ull, 0 },
	{ "vsrarni.w.d", 0x735d7c41, 0x0002ff02ffffffffull, 0xfdb9753102468acfull, 0x0000000000000000ull, 0 },
	{ "vsrarni.d.q", 0x735efc41, 0x0002ff01fffffe03ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vssrani.b.h", 0x73605c41, 0x007ffffe7fff8000ull, 0xfd807f64027f809bull, 0x0000000000000000ull, 0 },
	{ "vssrani.h.w", 0x7360bc41, 0x0002ffff7fff8000ull, 0xfdb97fff02468000ull, 0x0000000000000000ull, 0 },
	{ "vssrani.w.d", 0x73617c41, 0x0002ff017fffffffull, 0xfdb9753002468acfull, 0x0000000000000000ull, 0 },
	{ "vssrani.d.q", 0x7362fc41, 0x0002ff01fffffe02ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vssrani.bu.h", 0x73645c41, 0x00ff0000ff000000ull, 0x0000ec64028a0000ull, 0x0000000000000000ull, 0 },
	{ "vssrani.hu.w", 0x7364bc41, 0x00020000ffff0000ull, 0x0000eca802460000ull, 0x0000000000000000ull, 0 },
	{ "vssrani.wu.d", 0x73657c41, 0x0002ff01ffffffffull, 0x0000000002468acfull, 0x0000000000000000ull, 0 },
	{ "vssrani.du.q", 0x7366fc41, 0x0002ff01fffffe02ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vssrarni.b.h", 0x73685c41, 0x007f00fe7f008000ull, 0xfe807f64027f809cull, 0x0000000000000000ull, 0 },
	{ "vssrarni.h.w", 0x7368bc41, 0x000300007fff8000ull, 0xfdb97fff02478000ull, 0x0000000000000000ull, 0 },
	{ "vssrarni.w.d", 0x73697c41, 0x0002ff027fffffffull, 0xfdb9753102468acfull, 0x0000000000000000ull, 0 },
	{ "vssrarni.d.q", 0x736afc41, 0x0002ff01fffffe03ull, 0xfdb97530eca86420ull, 0x0000000000000000ull, 0 },
	{ "vssrarni.bu.h", 0x736c5c41, 0x00ff0000ff000000ull, 0x0000ed64028b0000ull, 0x0000000000000000ull, 0 },
	{ "vssrarni.hu.w", 0x736cbc41, 0x00030000ffff0000ull, 0x0000eca802470000ull, 0x0000000000000000ull, 0 },
	{ "vssrarni.wu.d", 0x736d7c41, 0x0002ff02ffffffffull, 0x0000000002468acfull, 0x0000000000000000ull, 0 },
	{ "vssrarni.du.q", 0x736efc41, 0x0002ff01fffffe03ull, 0x0000000000000000ull, 0x0000000000000000ull, 0 },
	{ "vextrins.d", 0x7381fc41, 0x0123456789abcdefull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vextrins.w", 0x7385fc41, 0x0123456789abcdefull, 0x00017f8076543210ull, 0x0000000000000000ull, 0 },
	{ "vextrins.h", 0x7389fc41, 0x0123456789abcdefull, 0x0001ba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vextrins.b", 0x738dfc41, 0x0023456789abcdefull, 0xfedcba9876543210ull, 0x0000000000000000ull, 0 },
	{ "vshuf4i.b", 0x7391fc41, 0xff7f7f7f00808080ull, 0x7f000000ffffffffull, 0x0000000000000000ull, 0 },
	{ "vshuf4i.h", 0x7395fc41, 0x80007fff7fff7fffull, 0xffff000100010001ull, 0x0000000000000000ull, 0 },
	{ "vshuf4i.w", 0x7399fc41, 0x00017f8000017f80ull, 0x7fffffff00017f80ull, 0x0000000000000000ull, 0 },
	{ "vshuf4i.d", 0x739dfc41, 0x00017f80ffffff01ull, 0x00017f80ffffff01ull, 0x0000000000000000ull, 0 },
	{ "vbitseli.b", 0x73c5fc41, 0x7fffffff092b4d6full, 0x7e5d7f18ffffff11ull, 0x0000000000000000ull, 0 },
	{ "vandi.b", 0x73d1fc41, 0x7f7f7f7f00000000ull, 0x00017f007f7f7f01ull, 0x0000000000000000ull, 0 },
	{ "vori.b", 0x73d5fc41, 0x7fffffffff7f7f7full, 0x7f7f7fffffffff7full, 0x0000000000000000ull, 0 },
	{ "vxori.b", 0x73d9fc41, 0x00808080ff7f7f7full, 0x7f7e00ff8080807eull, 0x0000000000000000ull, 0 },
	{ "vnori.b", 0x73ddfc41, 0x8000000000808080ull, 0x8080800000000080ull, 0x0000000000000000ull, 0 },
	{ "vldi", 0x73e387a1, 0x403d000000000000ull, 0x403d000000000000ull, 0x0000000000000000ull, 0 },
	{ "vpermi.w", 0x73e5fc41, 0x00017f8000017f80ull, 0x01234567fedcba98ull, 0x0000000000000000ull, 0 },
	{ "vbitsel.v", 0x0d120c41, 0x7fffffff80000000ull, 0x81075a003c2d1e31ull, 0x0000000000000000ull, 0 },
	{ "vshuf.b", 0x0d520c41, 0x8101028000ff0001ull, 0xffffffff00000000ull, 0x0000000000000000ull, 0 },
};

static void test_every_instruction(void **state)
{
	for (size_t i = 0; i < sizeof(golden) / sizeof(golden[0]); i++) {
		const struct golden *g = &golden[i];
		c->r[A3] = 0;
		c->r[A4] = OPRJ;
		c->r[A5] = OPRK;
		memset(c->fcc, 0, sizeof(c->fcc));
		vrun(g->insn, OPD, OPJ, OPK, OPA);
		expect_vr(g->name, VD, V(g->d0, g->d1));
		if (c->r[A3] != g->rd)
			fail_msg("%s: rd = %#llx, want %#llx", g->name, (unsigned long long)c->r[A3],
				 (unsigned long long)g->rd);
		if (c->fcc[3] != g->fcc3)
			fail_msg("%s: fcc3 = %u, want %u", g->name, c->fcc[3], g->fcc3);
		/* The sources stay as they were. */
		expect_vr(g->name, VJ, OPJ);
		expect_vr(g->name, VK, OPK);
		expect_vr(g->name, VA, OPA);
		assert_int_equal(c->r[A4], OPRJ);
		assert_int_equal(c->r[A5], OPRK);
	}
}

/* ------------------------------------------------------------- the rules */

#define B(...) ((la_vreg){ .b = { __VA_ARGS__ } })
#define H(...) ((la_vreg){ .h = { __VA_ARGS__ } })
#define W(...) ((la_vreg){ .w = { __VA_ARGS__ } })
#define ZERO V(0, 0)
#define I64_MIN 0x8000000000000000ull
#define I64_MAX 0x7fffffffffffffffull

/* VSADD, VSSUB and VSAT saturate; the narrowing VSSR...NI saturate to the narrow lane. */
static void test_saturation(void **state)
{
	static const struct vcase cases[] = {
		{ "vsadd.b: 127 + 1, -128 + -1, 127 + -128, -128 + 127, 16 + 32, -16 + -32", VVV(VSADD_B),
		  B(0x7f, 0x80, 0x7f, 0x80, 0x10, 0xf0), B(0x01, 0xff, 0x80, 0x7f, 0x20, 0xe0), ZERO,
		  B(0x7f, 0x80, 0xff, 0xff, 0x30, 0xd0) },
		{ "vsadd.h", VVV(VSADD_H), H(0x7fff, 0x8000, 0x1234), H(0x7fff, 0x8000, 0x0001), ZERO,
		  H(0x7fff, 0x8000, 0x1235) },
		{ "vsadd.w", VVV(VSADD_W), W(0x7fffffff, 0x80000000), W(1, 0xffffffff), ZERO,
		  W(0x7fffffff, 0x80000000) },
		{ "vsadd.d", VVV(VSADD_D), V(I64_MAX, I64_MIN), V(1, ~0ull), ZERO, V(I64_MAX, I64_MIN) },
		{ "vsadd.bu: 255 + 1, 128 + 128, 1 + 2", VVV(VSADD_BU), B(0xff, 0x80, 0x01),
		  B(0x01, 0x80, 0x02), ZERO, B(0xff, 0xff, 0x03) },
		{ "vsadd.du", VVV(VSADD_DU), V(~0ull, 1), V(1, 1), ZERO, V(~0ull, 2) },
		{ "vssub.b: -128 - 1, 127 - -1, 0 - -128", VVV(VSSUB_B), B(0x80, 0x7f, 0x00),
		  B(0x01, 0xff, 0x80), ZERO, B(0x80, 0x7f, 0x7f) },
		{ "vssub.bu: 1 - 2, 128 - 127", VVV(VSSUB_BU), B(0x01, 0x80), B(0x02, 0x7f), ZERO,
		  B(0x00, 0x01) },
		{ "vssub.du", VVV(VSSUB_DU), V(5, 0), V(6, 0), ZERO, V(0, 0) },
		/* VSAT: signed to imm + 1 bits ([-8, 7] for 3), unsigned to [0, 2^(imm+1) - 1]. */
		{ "vsat.b 3", VVI(VSAT_B, 3, 3), B(100, 0x9c, 7, 0xf8, 8, 0xf7), ZERO, ZERO,
		  B(7, 0xf8, 7, 0xf8, 7, 0xf8) },
		{ "vsat.bu 3", VVI(VSAT_BU, 3, 3), B(200, 15, 16, 0x80, 3), ZERO, ZERO,
		  B(15, 15, 15, 15, 3) },
		{ "vsat.d 63: nothing to clamp", VVI(VSAT_D, 6, 63), V(I64_MIN, I64_MAX), ZERO, ZERO,
		  V(I64_MIN, I64_MAX) },
		{ "vsat.du 63: nothing to clamp", VVI(VSAT_DU, 6, 63), V(~0ull, 1), ZERO, ZERO, V(~0ull, 1) },
		/*
		 * VSSRLNI.B.H 0: a logical shift saturates as unsigned to 127
		 * (0xffff is 65535, not -1); vd's halfwords fill the high half.
		 */
		{ "vssrlni.b.h 0", VVI(VSSRLNI_B_H, 4, 0), H(0x0100, 0x007f, 0x0080, 0xffff, 5),
		  ZERO, H(16, 0x8000, 0, 0, 0, 0, 0, 1), B(127, 127, 127, 127, 5, 0, 0, 0, 16, 127, 0, 0, 0, 0, 0, 1) },
		/* VSSRANI.B.H 4: arithmetic; to [-128, 127], or [0, 255] for .BU (negative: 0). */
		{ "vssrani.b.h 4", VVI(VSSRANI_B_H, 4, 4), H(0x7fff, 0x8000, 0x0100, 0xffe0), ZERO,
		  ZERO, B(127, 0x80, 16, 0xfe) },
		{ "vssrani.bu.h 4", VVI(VSSRANI_BU_H, 4, 4), H(0x7fff, 0x8000, 0x0100, 0xffe0), ZERO,
		  ZERO, B(255, 0, 16, 0) },
		/* VSSRLRNI.BU.H 1: rounded first (511 -> 256), then saturated. */
		{ "vssrlrni.bu.h 1", VVI(VSSRLRNI_BU_H, 4, 1), H(0x01ff, 3, 1), ZERO, ZERO, B(255, 2, 1) },
	};
	RUN(cases);
}

/*
 * VDIV, VMOD: a zero divisor gives 0 (the manual leaves it undefined;
 * QEMU's choice, so differential runs agree), INT_MIN / -1 gives INT_MIN
 * with remainder 0, and the quotient truncates toward zero.
 */
static void test_division(void **state)
{
	static const struct vcase cases[] = {
		{ "vdiv.b", VVV(VDIV_B), B(10, 0x80, 7, 0xf9, 5), B(0, 0xff, 2, 2, 0xfd), ZERO,
		  B(0, 0x80, 3, 0xfd, 0xff) },
		{ "vmod.b", VVV(VMOD_B), B(10, 0x80, 7, 0xf9, 5), B(0, 0xff, 2, 2, 0xfd), ZERO,
		  B(0, 0, 1, 0xff, 2) },
		{ "vdiv.bu", VVV(VDIV_BU), B(10, 0x80, 0xff), B(0, 2, 0x10), ZERO, B(0, 0x40, 0x0f) },
		{ "vmod.bu", VVV(VMOD_BU), B(10, 0x80, 0xff), B(0, 2, 0x10), ZERO, B(0, 0, 0x0f) },
		{ "vdiv.w", VVV(VDIV_W), W(0x80000000, 100, (uint32_t)-100, 9), W(0xffffffff, 0, 7, (uint32_t)-4),
		  ZERO, W(0x80000000, 0, (uint32_t)-14, (uint32_t)-2) },
		{ "vmod.w", VVV(VMOD_W), W(0x80000000, 100, (uint32_t)-100, 9), W(0xffffffff, 0, 7, (uint32_t)-4),
		  ZERO, W(0, 0, (uint32_t)-2, 1) },
		{ "vdiv.d", VVV(VDIV_D), V(I64_MIN, 7), V(~0ull, 0), ZERO, V(I64_MIN, 0) },
		{ "vmod.d", VVV(VMOD_D), V(I64_MIN, 7), V(~0ull, 0), ZERO, V(0, 0) },
		{ "vdiv.du", VVV(VDIV_DU), V(~0ull, 100), V(0, 7), ZERO, V(0, 14) },
		{ "vmod.du", VVV(VMOD_DU), V(~0ull, 100), V(0, 7), ZERO, V(0, 2) },
	};
	RUN(cases);
}

/* Shifts by a register take the amount modulo the lane width; rounding adds the last bit out. */
static void test_shift_amounts(void **state)
{
	static const struct vcase cases[] = {
		{ "vsll.b by 8, 9, 255, 7", VVV(VSLL_B), B(0x81, 0x81, 0x81, 0x81), B(8, 9, 0xff, 7),
		  ZERO, B(0x81, 0x02, 0x80, 0x80) },
		{ "vsrl.h by 16, 17, 31, 0xffff", VVV(VSRL_H), H(0x8000, 0x8000, 0x8000, 0x8000),
		  H(16, 17, 31, 0xffff), ZERO, H(0x8000, 0x4000, 1, 1) },
		{ "vsra.w by 32, 33, 63, 31", VVV(VSRA_W), W(0x80000000, 0x80000000, 0x80000000, 0x80000000),
		  W(32, 33, 63, 31), ZERO, W(0x80000000, 0xc0000000, 0xffffffff, 0xffffffff) },
		{ "vrotr.d by 65, 64", VVV(VROTR_D), V(0x8000000000000001ull, 1), V(65, 64), ZERO,
		  V(0xc000000000000000ull, 1) },
		{ "vsrlr.b: 3>>1 rounds up, by 9 = by 1, by 8 = by 0, 0x80>>7", VVV(VSRLR_B),
		  B(3, 3, 0xff, 0x80), B(1, 9, 8, 7), ZERO, B(2, 2, 0xff, 1) },
		{ "vsrar.h: -3>>1 = -1, 5>>2 = 1, 6>>2 = 2", VVV(VSRAR_H), H(0xfffd, 5, 6), H(1, 2, 2),
		  ZERO, H(0xffff, 1, 2) },
		{ "vbitset.w: bit 0, 31, 32 (0), 63 (31)", VVV(VBITSET_W), ZERO, W(0, 31, 32, 63), ZERO,
		  W(1, 0x80000000, 1, 0x80000000) },
		{ "vslli.b 7", VVI(VSLLI_B, 3, 7), B(3, 1, 0xfe), ZERO, ZERO, B(0x80, 0x80, 0) },
		{ "vsrlrni.b.h 8: rounded", VVI(VSRLRNI_B_H, 4, 8), H(0x1280, 0x127f), ZERO,
		  H(0xff80), B(0x13, 0x12, 0, 0, 0, 0, 0, 0, 0x00) },
		{ "vsrlni.d.q 64: the high doublewords", VVI(VSRLNI_D_Q, 7, 64), V(1, 2), ZERO, V(3, 4),
		  V(2, 4) },
		{ "vbsll.v 3; vbsrl.v takes the immediate modulo 16", VVI(VBSLL_V, 5, 3),
		  V(0x1122334455667788ull, 0x99aabbccddeeff00ull), ZERO, ZERO,
		  V(0x4455667788000000ull, 0xccddeeff00112233ull) },
		{ "vbsrl.v 17 = 1 byte", VVI(VBSRL_V, 5, 17), V(0x1122334455667788ull, 0x99aabbccddeeff00ull),
		  ZERO, ZERO, V(0x0011223344556677ull, 0x0099aabbccddeeffull) },
	};
	RUN(cases);
}

/* The immediates made at decode: VSUBI negated, VBITCLRI and VANDI replicated. */
static void test_decoded_immediates(void **state)
{
	static const struct vcase cases[] = {
		{ "vsubi.bu 31", VVI(VSUBI_BU, 5, 31), B(0, 31, 32), ZERO, ZERO,
		  V(0xe1e1e1e1e10100e1ull, 0xe1e1e1e1e1e1e1e1ull) },
		{ "vbitclri.h 15", VVI(VBITCLRI_H, 4, 15), V(~0ull, 0x8000800080008001ull), ZERO, ZERO,
		  V(0x7fff7fff7fff7fffull, 1) },
		{ "vandi.b 0x0f", VVI(VANDI_B, 8, 0x0f), V(0x123456789abcdef0ull, ~0ull), ZERO, ZERO,
		  V(0x020406080a0c0e00ull, 0x0f0f0f0f0f0f0f0full) },
		{ "vbitseli.b 0xa5: vd picks the immediate's bits", VVI(VBITSELI_B, 8, 0xa5), V(~0ull, 0),
		  ZERO, V(0xff00ff00ff00ff00ull, ~0ull), V(0xa5ffa5ffa5ffa5ffull, 0xa5a5a5a5a5a5a5a5ull) },
	};
	RUN(cases);
}

/*
 * VLDI (LSX VLDI): bit 12 clear, imm[9:0] sign-extended into lanes of
 * imm[11:10]'s size; set, mode imm[11:8] places t = imm[7:0]; modes 10-12
 * make 1.0f (t = 0x70), -2.0f (t = 0x80) and 1.0; modes 13-15 are INE.
 */
static void test_vldi(void **state)
{
	static const struct {
		uint32_t imm;
		uint64_t want;
	} cases[] = {
		{ 0x03ff, 0xffffffffffffffffull }, { 0x0600, 0xfe00fe00fe00fe00ull },
		{ 0x09ff, 0x000001ff000001ffull }, { 0x0e01, 0xfffffffffffffe01ull },
		{ 0x10ab, 0x000000ab000000abull }, { 0x11ab, 0x0000ab000000ab00ull },
		{ 0x12ab, 0x00ab000000ab0000ull }, { 0x13ab, 0xab000000ab000000ull },
		{ 0x14ab, 0x00ab00ab00ab00abull }, { 0x15ab, 0xab00ab00ab00ab00ull },
		{ 0x16ab, 0x0000abff0000abffull }, { 0x17ab, 0x00abffff00abffffull },
		{ 0x18ab, 0xababababababababull }, { 0x19ab, 0xff00ff00ff00ffffull },
		{ 0x1a70, 0x3f8000003f800000ull }, { 0x1a80, 0xc0000000c0000000ull },
		{ 0x1b70, 0x000000003f800000ull }, { 0x1c70, 0x3ff0000000000000ull },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		vrun(VLDI_(cases[i].imm), OPD, ZERO, ZERO, ZERO);
		expect_vr("vldi", VD, V(cases[i].want, cases[i].want));
	}
	for (uint32_t mode = 13; mode < 16; mode++) {
		uint32_t insn = VLDI_(0x1000 | mode << 8);
		c->vr[VD] = OPD;
		la_harness_run(h, &insn, 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(), LA_EXC_INE);
		expect_vr("vldi INE", VD, OPD);
	}
}

/* Lanes to and from GPRs: the index picks the lane, the .BU... forms zero-extend. */
static void test_gpr_moves(void **state)
{
	la_vreg j = V(0x8000000012345678ull, 0x80000000000000ffull);
	c->r[A4] = 0x123456789abcdef0ull;
	vrun(VINSGR2VR_H | IMM(3, 5) | A4 << 5 | VD, OPD, ZERO, ZERO, ZERO);
	expect_vr("vinsgr2vr.h 5", VD, V(OPD.d[0], 0xfedcba98def03210ull));
	static const struct {
		uint32_t op, bits, idx;
		uint64_t want;
	} picks[] = {
		{ VPICKVE2GR_B, 4, 15, 0xffffffffffffff80ull }, { VPICKVE2GR_BU, 4, 15, 0x80 },
		{ VPICKVE2GR_B, 4, 8, 0xffffffffffffffffull }, { VPICKVE2GR_W, 2, 1, 0xffffffff80000000ull },
		{ VPICKVE2GR_WU, 2, 1, 0x80000000 }, { VPICKVE2GR_W, 2, 0, 0x12345678 },
	};
	for (size_t i = 0; i < sizeof(picks) / sizeof(picks[0]); i++) {
		c->r[A3] = 0;
		vrun(picks[i].op | IMM(picks[i].bits, picks[i].idx) | VJ << 5 | A3, ZERO, j, ZERO, ZERO);
		assert_int_equal(c->r[A3], picks[i].want);
	}
	/* rd = r0: the result goes nowhere. */
	vrun(VPICKVE2GR_B | IMM(4, 15) | VJ << 5 | 0, ZERO, j, ZERO, ZERO);
	assert_int_equal(c->r[0], 0);
	/* VREPLVE: rk modulo the lane count (6 -> 2, -1 -> 3); VREPLVEI, VREPLGR2VR. */
	la_vreg words = W(0x11111111, 0x22222222, 0x33333333, 0x44444444);
	c->r[A5] = 6;
	vrun(VREPLVE_W | A5 << 10 | VJ << 5 | VD, ZERO, words, ZERO, ZERO);
	expect_vr("vreplve.w 6", VD, W(0x33333333, 0x33333333, 0x33333333, 0x33333333));
	c->r[A5] = ~0ull;
	vrun(VREPLVE_W | A5 << 10 | VJ << 5 | VD, ZERO, words, ZERO, ZERO);
	expect_vr("vreplve.w -1", VD, W(0x44444444, 0x44444444, 0x44444444, 0x44444444));
	vrun(VVI(VREPLVEI_D, 1, 1), ZERO, words, ZERO, ZERO);
	expect_vr("vreplvei.d 1", VD, V(0x4444444433333333ull, 0x4444444433333333ull));
	c->r[A4] = 0x1234;
	vrun(VREPLGR2VR_B | A4 << 5 | VD, ZERO, ZERO, ZERO, ZERO);
	expect_vr("vreplgr2vr.b", VD, V(0x3434343434343434ull, 0x3434343434343434ull));
}

/* One bit per lane into vd[15:0] (the rest cleared); the setters write FCC cd. */
static void test_masks_and_flags(void **state)
{
	static const struct vcase cases[] = {
		{ "vmskltz.b", VV(VMSKLTZ_B), B(0x80, 0, 0xff, 0x7f, [15] = 0x80), ZERO, OPD, V(0x8005, 0) },
		{ "vmskgez.b", VV(VMSKGEZ_B), B(0x80, 0, 0xff, 0x7f, [15] = 0x80), ZERO, OPD, V(0x7ffa, 0) },
		{ "vmsknz.b", VV(VMSKNZ_B), B(0, 1, 0, 0x80, [15] = 1), ZERO, OPD, V(0x800a, 0) },
		{ "vmskltz.h", VV(VMSKLTZ_H), H(0x8000, 0, 0xffff, 0x7fff), ZERO, OPD, V(5, 0) },
	};
	RUN(cases);
	static const struct {
		uint32_t op;
		la_vreg j;
		uint8_t want;
	} flags[] = {
		{ VSETEQZ_V, V(0, 0), 1 }, { VSETEQZ_V, V(0, 1ull << 63), 0 },
		{ VSETNEZ_V, V(0, 0), 0 }, { VSETNEZ_V, V(0, 1ull << 63), 1 },
		{ VSETANYEQZ_B, V(~0ull, 0xffff00ffffffffffull), 1 }, { VSETANYEQZ_B, V(~0ull, ~0ull), 0 },
		/* Halfwords 0x0100 are not zero, though half their bytes are. */
		{ VSETANYEQZ_H, V(0x0100010001000100ull, 0x0100010001000100ull), 0 },
		{ VSETALLNEZ_H, V(0x0100010001000100ull, 0x0100010001000100ull), 1 },
		{ VSETALLNEZ_H, V(0x0100010001000100ull, 0x0100000001000100ull), 0 },
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		memset(c->fcc, 0, sizeof(c->fcc));
		c->fcc[5] = !flags[i].want;
		vrun(CV(flags[i].op, 5), ZERO, flags[i].j, ZERO, ZERO);
		assert_int_equal(c->fcc[5], flags[i].want);
		assert_int_equal(c->fcc[4] | c->fcc[6], 0);
	}
}

/* Shuffles: indices above the lanes are taken modulo twice the lane count (QEMU's choice). */
static void test_shuffles(void **state)
{
	la_vreg k = B(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
	la_vreg j = B(16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
	la_vreg a = B(0, 15, 16, 31, 32, 0x3f, 0xc5, 0x90, 1, 1, 1, 1, 1, 1, 1, 1);
	vrun(VVVV(VSHUF_B), ZERO, j, k, a);
	expect_vr("vshuf.b", VD, B(0, 15, 16, 31, 0, 31, 5, 16, 1, 1, 1, 1, 1, 1, 1, 1));
	vrun(VVV(VSHUF_H), H(0, 7, 8, 15, 16, 0x0113, 9, 2), H(0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17),
	     H(0, 1, 2, 3, 4, 5, 6, 7), ZERO);
	expect_vr("vshuf.h", VD, H(0, 7, 0x10, 0x17, 0, 3, 0x11, 2));
	static const struct vcase cases[] = {
		{ "vshuf4i.b 0x1b: each group of four reversed", VVI(VSHUF4I_B, 8, 0x1b),
		  B(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), ZERO, ZERO,
		  B(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12) },
		{ "vshuf4i.d 9: vd's high, vj's low", VVI(VSHUF4I_D, 8, 9), V(0xa, 0xb), ZERO, V(0xc, 0xd),
		  V(0xd, 0xa) },
		{ "vpermi.w 0x1b: vj's w3, w2, vd's w1, w0", VVI(VPERMI_W, 8, 0x1b), W(1, 2, 3, 4), ZERO,
		  W(5, 6, 7, 8), W(4, 3, 6, 5) },
		{ "vextrins.b 0x3f: vd.b[3] = vj.b[15]", VVI(VEXTRINS_B, 8, 0x3f), B([15] = 0xee), ZERO,
		  OPD, V(0x01234567eeabcdefull, 0xfedcba9876543210ull) },
	};
	RUN(cases);
	/* VBITSEL.V: va's bits pick vk (1) or vj (0). */
	vrun(VVVV(VBITSEL_V), ZERO, V(0x1111111111111111ull, 0), V(0x2222222222222222ull, ~0ull),
	     V(0x00000000ffffffffull, 0xf0f0f0f0f0f0f0f0ull));
	expect_vr("vbitsel.v", VD, V(0x1111111122222222ull, 0xf0f0f0f0f0f0f0f0ull));
}

/* ------------------------------------------------------ memory accesses */

#define DATA 0x40000ull

static void fill(uint64_t gpa, size_t n)
{
	for (size_t i = 0; i < n; i++)
		*la_harness_ram(h, gpa + i) = (uint8_t)(i * 7 + 1);
}

static la_vreg ram_vreg(uint64_t gpa)
{
	la_vreg x;
	memcpy(&x, la_harness_ram(h, gpa), 16);
	return x;
}

static void run_retires(uint32_t insn)
{
	if (la_harness_run(h, &insn, 1) != 1 || la_harness_stop(h) != LA_HARNESS_STOP)
		fail_msg("%08x did not retire (ecode %#x)", insn, ecode());
}

/*
 * VLD, VST, VLDX, VSTX: 16 bytes at any alignment (CPUCFG.1.UAL), across a
 * page boundary too; the bytes around a store stay.
 */
static void test_vld_vst(void **state)
{
	static const uint64_t addrs[] = { DATA, DATA + 1, DATA + 0x1000 - 5, DATA + 0x2000 - 15 };
	fill(DATA, 0x3000);
	for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
		uint64_t at = addrs[i];
		c->r[A4] = at + 2047;
		run_retires(MEM(VLD, 12, -2047));
		expect_vr("vld", VD, ram_vreg(at));
		c->r[A4] = at - 5;
		c->r[A5] = 5;
		run_retires(VLDX | A5 << 10 | A4 << 5 | VD);
		expect_vr("vldx", VD, ram_vreg(at));
		uint8_t before = *la_harness_ram(h, at - 1), after = *la_harness_ram(h, at + 16);
		c->vr[VD] = V(0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
		c->r[A4] = at - 16;
		run_retires(MEM(VST, 12, 16));
		expect_vr("vst", VD, ram_vreg(at));
		c->vr[VD] = OPD;
		c->r[A4] = at + 3;
		c->r[A5] = ~0ull - 2;   /* -3 */
		run_retires(VSTX | A5 << 10 | A4 << 5 | VD);
		expect_vr("vstx", VD, ram_vreg(at));
		assert_int_equal(*la_harness_ram(h, at - 1), before);
		assert_int_equal(*la_harness_ram(h, at + 16), after);
	}
}

/* VLDREPL: one lane at rj + the scaled offset, everywhere; VSTELM: lane idx to rj + offset. */
static void test_vldrepl_vstelm(void **state)
{
	fill(DATA, 0x100);
	c->r[A4] = DATA + 0x80;
	uint64_t at;
	/* Offsets scaled by the size: -1 x 8, 2 x 4, -3 x 2, 5. */
	run_retires(MEM(VLDREPL_D, 9, -1));
	memcpy(&at, la_harness_ram(h, DATA + 0x78), 8);
	expect_vr("vldrepl.d -8", VD, V(at, at));
	run_retires(MEM(VLDREPL_W, 10, 2));
	uint32_t w;
	memcpy(&w, la_harness_ram(h, DATA + 0x88), 4);
	expect_vr("vldrepl.w 8", VD, W(w, w, w, w));
	run_retires(MEM(VLDREPL_H, 11, -3));
	uint16_t hw;
	memcpy(&hw, la_harness_ram(h, DATA + 0x7a), 2);
	expect_vr("vldrepl.h -6", VD, H(hw, hw, hw, hw, hw, hw, hw, hw));
	run_retires(MEM(VLDREPL_B, 12, 5));
	uint8_t b = *la_harness_ram(h, DATA + 0x85);
	expect_vr("vldrepl.b 5", VD, B(b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b));

	/* VSTELM: si8 at bits 17:10, the lane index above it. */
	c->vr[VD] = B(0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc,
		      0xdd, 0xee, 0xff);
	memset(la_harness_ram(h, DATA), 0, 0x100);
	run_retires(VSTELM_D | 1u << 18 | IMM(8, -1) | A4 << 5 | VD);   /* lane 1 to -8 */
	memcpy(&at, la_harness_ram(h, DATA + 0x78), 8);
	assert_int_equal(at, 0xffeeddccbbaa9988ull);
	run_retires(VSTELM_W | 2u << 18 | IMM(8, 1) | A4 << 5 | VD);    /* lane 2 to +4 */
	memcpy(&w, la_harness_ram(h, DATA + 0x84), 4);
	assert_int_equal(w, 0xbbaa9988);
	run_retires(VSTELM_H | 7u << 18 | IMM(8, -128) | A4 << 5 | VD); /* lane 7 to -256 */
	memcpy(&hw, la_harness_ram(h, DATA - 0x80), 2);
	assert_int_equal(hw, 0xffee);
	run_retires(VSTELM_B | 15u << 18 | IMM(8, 127) | A4 << 5 | VD); /* lane 15 to +127 */
	assert_int_equal(*la_harness_ram(h, DATA + 0xff), 0xff);
	assert_int_equal(*la_harness_ram(h, DATA + 0xfe), 0);
}

/*
 * Faults: with 16 KiB pages, a valid even page and an invalid odd one, an
 * access that crosses into the odd page takes PIL (loads) or PIS (stores)
 * before touching anything: vd and the even page's bytes stay.
 */
#define HIGH 0xffff800000000000ull
#define PAGE 0x4000ull
#define PA 0x100000ull

static void test_faults(void **state)
{
	static const uint32_t tlbwr[] = { 0x06483000 };
	csr_set(LA_CSR_STLBPS, 14);
	c->csr.tlbrera = 0;
	csr_set(LA_CSR_TLBEHI, HIGH);
	csr_set(LA_CSR_TLBELO0, PA | 0x1 | 0x2 | 0x10);   /* V, D, cached; the odd page not V */
	csr_set(LA_CSR_TLBELO1, 0);
	csr_set(LA_CSR_TLBIDX, 14ull << 24);
	assert_int_equal(la_harness_run(h, tlbwr, 1), 1);
	mapped_mode(0, false);
	memset(la_harness_ram(h, PA + PAGE - 16), 0x5a, 16);
	static const struct {
		uint32_t insn;
		uint64_t rj;
		unsigned ecode;
	} cases[] = {
		{ MEM(VLD, 12, 0), HIGH + PAGE - 8, LA_EXC_PIL },
		{ MEM(VST, 12, 0), HIGH + PAGE - 8, LA_EXC_PIS },
		{ MEM(VST, 12, 0), HIGH + PAGE - 1, LA_EXC_PIS },
		{ MEM(VLDREPL_D, 9, 0), HIGH + PAGE, LA_EXC_PIL },
		{ VSTELM_W | IMM(8, 0) | A4 << 5 | VD, HIGH + PAGE - 2, LA_EXC_PIS },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->r[A4] = cases[i].rj;
		c->vr[VD] = OPD;
		c->csr.badv = 0;
		la_harness_run(h, &cases[i].insn, 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(), cases[i].ecode);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE);
		assert_int_equal(c->csr.badv, HIGH + PAGE);
		expect_vr("faulted", VD, OPD);
		for (unsigned k = 0; k < 16; k++)
			assert_int_equal(*la_harness_ram(h, PA + PAGE - 16 + k), 0x5a);
		mapped_mode(0, false);
	}
	/* Within the even page, the same accesses work. */
	c->r[A4] = HIGH + PAGE - 16;
	c->vr[VD] = OPD;
	run_retires(MEM(VST, 12, 0));
	expect_vr("vst mapped", VD, ram_vreg(PA + PAGE - 16));
}

/*
 * EUEN.SXE clear: every LSX instruction takes SXD (LA RM 6.2, Ecode 0x10),
 * a load before any access; EUEN.FPE is not needed, not even by the FCC
 * setters.
 */
static void test_sxd(void **state)
{
	c->csr.euen = LA_EUEN_FPE;
	la_update_mode(c);
	static const uint32_t insns[] = { VVV(VADD_B), MEM(VLD, 12, 0), CV(VSETEQZ_V, 0), VLDI_(0) };
	c->r[A4] = 0x7fffffffffff0;   /* the load would be ADEM */
	for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
		c->vr[VD] = OPD;
		c->fcc[0] = 1;
		la_harness_run(h, &insns[i], 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(), LA_EXC_SXD);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE);
		expect_vr("sxd", VD, OPD);
		assert_int_equal(c->fcc[0], 1);
	}
	c->csr.euen = LA_EUEN_SXE;
	la_update_mode(c);
	vrun(VVV(VADD_B), ZERO, B(1), B(2), ZERO);
	expect_vr("vadd.b without FPE", VD, B(3));
	c->fcc[0] = 0;
	vrun(CV(VSETEQZ_V, 0), ZERO, ZERO, ZERO, ZERO);
	assert_int_equal(c->fcc[0], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_instruction, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_saturation, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_division, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_shift_amounts, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_decoded_immediates, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_vldi, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_gpr_moves, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_masks_and_flags, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_shuffles, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_vld_vst, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_vldrepl_vstelm, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_faults, setup_lsx, teardown),
		cmocka_unit_test_setup_teardown(test_sxd, setup_lsx, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
