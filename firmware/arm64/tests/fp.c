/*
 * Floating point and Advanced SIMD (Arm ARM A1.5, C7; FPCR/FPSR D17.2):
 * IEEE arithmetic, fused multiply-add, the four FPCR.RMode rounding modes,
 * FPSR cumulative flags, flush-to-zero, default NaN, NaN propagation,
 * conversions with saturation, a few integer and FP vector operations
 * (with FPSR.QC), and the CPACR_EL1.FPEN trap. Results are printed as bit
 * patterns; every instruction is in inline assembly so nothing is folded
 * at compile time.
 */
#include "fw.h"

#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ (1ul << 24)
#define FPCR_DN (1ul << 25)
enum { RN = 0, RP = 1, RM = 2, RZ = 3 };

static uint64_t bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static double dbl(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint32_t fbits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }

#define D2(insn, a, b) ({ double r_; \
	__asm__ volatile(insn " %d0, %d1, %d2" : "=w"(r_) : "w"(a), "w"(b)); r_; })
#define D1(insn, a) ({ double r_; __asm__ volatile(insn " %d0, %d1" : "=w"(r_) : "w"(a)); r_; })
#define S2(insn, a, b) ({ float r_; \
	__asm__ volatile(insn " %s0, %s1, %s2" : "=w"(r_) : "w"(a), "w"(b)); r_; })

static void set_fpcr(uint64_t v) { write_sysreg(fpcr, v); isb(); }
static void clear_fpsr(void) { write_sysreg(fpsr, 0); }
static uint64_t get_fpsr(void) { return read_sysreg(fpsr); }

/* "name  result-bits  FPSR" after clearing FPSR and running op. */
#define SHOWD(name, expr) do { clear_fpsr(); double r_ = (expr); \
	printf("  %-26s %016lx fpsr=%02lx\n", name, (unsigned long)bits(r_), \
	       (unsigned long)get_fpsr()); } while (0)
#define SHOWX(name, expr) do { clear_fpsr(); uint64_t r_ = (expr); \
	printf("  %-26s %016lx fpsr=%02lx\n", name, (unsigned long)r_, \
	       (unsigned long)get_fpsr()); } while (0)

static volatile double one = 1.0, three = 3.0, zero = 0.0, ten = 10.0, tenth = 0.1;

/* CPACR_EL1.FPEN trap: enable FP in the handler and retry the instruction. */
static unsigned fp_traps;
static uint64_t fp_trap_esr;

void fw_sync(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != EC_FP_ACCESS) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	fp_traps++;
	fp_trap_esr = f->esr;
	write_sysreg(cpacr_el1, 3ul << 20);
	isb();
}

/* Print a 128-bit result and FPSR, then clear FPSR for the next operation. */
static void vec_show(const char *name, const uint64_t v[2])
{
	printf("  %-26s %016lx%016lx fpsr=%08lx\n", name, (unsigned long)v[1],
	       (unsigned long)v[0], (unsigned long)get_fpsr());
	clear_fpsr();
}

int main(void)
{
	printf("fp: scalar double\n");
	set_fpcr(0);
	SHOWD("1 + 3", D2("fadd", one, three));
	SHOWD("1 - 3", D2("fsub", one, three));
	SHOWD("0.1 * 10", D2("fmul", tenth, ten));
	SHOWD("1 / 3", D2("fdiv", one, three));
	SHOWD("sqrt(3)", D1("fsqrt", three));
	SHOWD("0.1*10 - 1 (fmul, fsub)", D2("fsub", D2("fmul", tenth, ten), one));
	double fm;
	__asm__ volatile("fmsub %d0, %d1, %d2, %d3" : "=w"(fm) : "w"(tenth), "w"(ten), "w"(one));
	SHOWD("1 - 0.1*10 (fmsub, fused)", fm);
	double fn;
	__asm__ volatile("fnmsub %d0, %d1, %d2, %d3" : "=w"(fn) : "w"(tenth), "w"(ten), "w"(one));
	SHOWD("0.1*10 - 1 (fnmsub, fused)", fn);

	printf("fp: single\n");
	volatile float f1 = 1.0f, f3 = 3.0f, f2 = 2.0f;
	clear_fpsr();
	printf("  1/3f %08x  sqrt(2)f %08x  fpsr=%02lx\n", fbits(S2("fdiv", f1, f3)),
	       fbits(({ float r; __asm__ volatile("fsqrt %s0, %s1" : "=w"(r) : "w"(f2)); r; })),
	       (unsigned long)get_fpsr());

	printf("fp: rounding modes (FPCR.RMode)\n");
	static const char *const mode_names[4] = { "RN", "RP", "RM", "RZ" };
	for (unsigned m = RN; m <= RZ; m++) {
		set_fpcr((uint64_t)m << FPCR_RMODE_SHIFT);
		double q = D2("fdiv", one, three);
		double nq = D2("fdiv", -one, three);
		double r1 = D1("frinti", 2.5), r2 = D1("frinti", -2.5), r3 = D1("frinti", 3.5);
		float cv;
		__asm__ volatile("fcvt %s0, %d1" : "=w"(cv) : "w"(q));
		printf("  %s 1/3=%016lx -1/3=%016lx frinti(2.5,-2.5,3.5)=%ld,%ld,%ld (float)1/3=%08x\n",
		       mode_names[m], (unsigned long)bits(q), (unsigned long)bits(nq),
		       (long)r1, (long)r2, (long)r3, fbits(cv));
	}
	set_fpcr(0);
	SHOWX("frintn(2.5) ties-even", bits(D1("frintn", 2.5)));
	SHOWX("frinta(2.5) ties-away", bits(D1("frinta", 2.5)));
	SHOWX("frintx(2.5) inexact", bits(D1("frintx", 2.5)));

	printf("fp: FPSR cumulative flags (IOC=01 DZC=02 OFC=04 UFC=08 IXC=10 IDC=80)\n");
	SHOWD("1 / 0", D2("fdiv", one, zero));
	SHOWD("0 / 0", D2("fdiv", zero, zero));
	SHOWD("sqrt(-1)", D1("fsqrt", -one));
	SHOWD("DBL_MAX * 2", D2("fmul", dbl(0x7fefffffffffffffu), 2.0));
	SHOWD("DBL_MIN / 3", D2("fdiv", dbl(0x0010000000000000u), three));
	SHOWD("DBL_MIN / 2 (exact)", D2("fdiv", dbl(0x0010000000000000u), 2.0));
	SHOWD("1 + 1 (exact)", D2("fadd", one, one));

	printf("fp: flush-to-zero (FPCR.FZ)\n");
	set_fpcr(FPCR_FZ);
	SHOWD("denormal + 0", D2("fadd", dbl(0x0000000000000123u), zero));
	SHOWD("DBL_MIN / 3", D2("fdiv", dbl(0x0010000000000000u), three));
	set_fpcr(0);
	SHOWD("denormal + 0 (FZ=0)", D2("fadd", dbl(0x0000000000000123u), zero));

	printf("fp: NaNs\n");
	double qnan = dbl(0x7ff8000000000123u), snan = dbl(0x7ff0000000000456u);
	SHOWD("qNaN(123) + 1", D2("fadd", qnan, one));
	SHOWD("sNaN(456) + 1", D2("fadd", snan, one));
	SHOWD("qNaN(123) + sNaN(456)", D2("fadd", qnan, snan));
	SHOWD("fmax(qNaN, 1)", D2("fmax", qnan, one));
	SHOWD("fmaxnm(qNaN, 1)", D2("fmaxnm", qnan, one));
	SHOWD("fminnm(-0, +0)", D2("fminnm", -zero, zero));
	set_fpcr(FPCR_DN);
	SHOWD("qNaN(123) + 1, DN=1", D2("fadd", qnan, one));
	set_fpcr(0);

	printf("fp: conversions\n");
	uint64_t cvt;
	SHOWX("fcvtzs(1e20) saturates", ({ __asm__ volatile("fcvtzs %0, %d1" : "=r"(cvt) : "w"(1e20)); cvt; }));
	SHOWX("fcvtzu(-1.5)", ({ __asm__ volatile("fcvtzu %0, %d1" : "=r"(cvt) : "w"(-1.5)); cvt; }));
	SHOWX("fcvtzs(-2.75)", ({ __asm__ volatile("fcvtzs %0, %d1" : "=r"(cvt) : "w"(-2.75)); cvt; }));
	SHOWX("fcvtns(2.5) ties-even", ({ __asm__ volatile("fcvtns %0, %d1" : "=r"(cvt) : "w"(2.5)); cvt; }));
	SHOWX("fcvtas(2.5) ties-away", ({ __asm__ volatile("fcvtas %0, %d1" : "=r"(cvt) : "w"(2.5)); cvt; }));
	SHOWX("fcvtzs w (3e9) saturates", ({ __asm__ volatile("fcvtzs %w0, %d1" : "=r"(cvt) : "w"(3e9)); cvt; }));
	SHOWD("scvtf(2^53 + 1)", ({ double r; __asm__ volatile("scvtf %d0, %1" : "=w"(r) : "r"((1ul << 53) + 1)); r; }));
	SHOWD("ucvtf(~0)", ({ double r; __asm__ volatile("ucvtf %d0, %1" : "=w"(r) : "r"(~0ul)); r; }));
	SHOWX("fcvt h <- s 65520 (inf)", ({ uint64_t h; __asm__ volatile("fcvt h0, %s1\n umov %w0, v0.h[0]" : "=r"(h) : "w"(65520.0f) : "v0"); h; }));
	SHOWX("fcvt h <- s 1/3", ({ uint64_t h; __asm__ volatile("fcvt h0, %s1\n umov %w0, v0.h[0]" : "=r"(h) : "w"(1.0f / 3.0f) : "v0"); h; }));

	printf("fp: Advanced SIMD\n");
	uint64_t out[2];
	static const uint64_t va[2] = { 0x0123456789abcdefu, 0xfedcba9876543210u };
	static const uint64_t vb[2] = { 0x1111111111111111u, 0x7f7f7f7f7f7f7f7fu };
	clear_fpsr();
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n add v2.4s, v0.4s, v1.4s\n str q2, [%0]"
			 : : "r"(out), "r"(va), "r"(vb) : "v0", "v1", "v2", "memory");
	vec_show("add v.4s", out);
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n mul v2.8h, v0.8h, v1.8h\n str q2, [%0]"
			 : : "r"(out), "r"(va), "r"(vb) : "v0", "v1", "v2", "memory");
	vec_show("mul v.8h", out);
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n sqadd v2.16b, v0.16b, v1.16b\n str q2, [%0]"
			 : : "r"(out), "r"(va), "r"(vb) : "v0", "v1", "v2", "memory");
	vec_show("sqadd v.16b (sets QC)", out);
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n zip1 v2.16b, v0.16b, v1.16b\n str q2, [%0]"
			 : : "r"(out), "r"(va), "r"(vb) : "v0", "v1", "v2", "memory");
	vec_show("zip1 v.16b", out);
	__asm__ volatile("ldr q0, [%1]\n movi v1.16b, #0x0f\n and v1.16b, v1.16b, v0.16b\n"
			 " tbl v2.16b, {v0.16b}, v1.16b\n str q2, [%0]"
			 : : "r"(out), "r"(va) : "v0", "v1", "v2", "memory");
	vec_show("tbl (index = a & 15)", out);
	__asm__ volatile("ldr q0, [%1]\n cnt v1.16b, v0.16b\n addv b2, v1.16b\n"
			 " umaxv h3, v0.8h\n ins v2.h[4], v3.h[0]\n str q2, [%0]"
			 : : "r"(out), "r"(va) : "v0", "v1", "v2", "v3", "memory");
	/* addv wrote b2 (zeroing the rest of v2), ins put umaxv in h[4]. */
	vec_show("popcount sum | umaxv.8h", out);
	static const double da[2] = { 1.5, -2.25 }, db[2] = { 0.25, 1e300 };
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n fmul v2.2d, v0.2d, v1.2d\n str q2, [%0]"
			 : : "r"(out), "r"(da), "r"(db) : "v0", "v1", "v2", "memory");
	vec_show("fmul v.2d", out);
	static const float fa[4] = { 1.0f, 2.0f, 3.0f, 4.0f }, fb[4] = { 0.5f, -1.0f, 1e-3f, 1e38f };
	__asm__ volatile("ldr q0, [%1]\n ldr q1, [%2]\n mov v2.16b, v0.16b\n fmla v2.4s, v0.4s, v1.4s\n"
			 " str q2, [%0]" : : "r"(out), "r"(fa), "r"(fb) : "v0", "v1", "v2", "memory");
	vec_show("fmla v.4s", out);
	__asm__ volatile("ldr q0, [%1]\n frecpe v1.4s, v0.4s\n frsqrte v2.4s, v0.4s\n"
			 " zip1 v3.4s, v1.4s, v2.4s\n str q3, [%0]"
			 : : "r"(out), "r"(fa) : "v0", "v1", "v2", "v3", "memory");
	vec_show("frecpe/frsqrte (1, 2)", out);

	printf("fp: CPACR_EL1.FPEN = 0 traps FP/SIMD\n");
	write_sysreg(cpacr_el1, 0);
	isb();
	double r;
	__asm__ volatile("fadd %d0, %d1, %d2" : "=w"(r) : "w"(1.0), "w"(2.0));
	printf("  traps %u, EC=0x%02lx ISS=0x%07lx, retried fadd = %016lx\n", fp_traps,
	       (unsigned long)ESR_EC(fp_trap_esr), (unsigned long)ESR_ISS(fp_trap_esr),
	       (unsigned long)bits(r));
	printf("fp: done\n");
	return 0;
}
