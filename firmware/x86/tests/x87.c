/*
 * The x87 unit (SDM 1 chapter 8) as a program sees it, on hvsim and on
 * QEMU's q35: each case starts from FNINIT and a control word, runs a few
 * instructions and prints FSW, ST(0) and ST(1) as 80-bit patterns and
 * what it stored. Arithmetic with precision and rounding control, the
 * masked responses (infinities, the indefinite, stack faults with C1),
 * NaN propagation, integer and BCD conversions, the compares' codes and
 * RFLAGS, FXAM, the partial remainders, the constants, FNSTENV's tag
 * word, FCMOVcc, and an unmasked exception taken as #MF (vector 16) by
 * the next waiting instruction, whose handler clears it with FNCLEX.
 *
 * The program itself is built without floating point (-mgeneral-regs-only,
 * firmware/CMakeLists.txt): the x87 instructions are inline assembly on
 * memory operands. What QEMU 7.2's TCG does otherwise is left out, and
 * tests/unit/test_x86_x87.c checks it on hvsim: stack overflow and
 * underflow (QEMU detects neither), C1 as "rounded up", FPREM1's quotient
 * bits, DE, and the destination kept under an unmasked exception.
 */
#include "fw.h"

struct ext {
	uint64_t mant;
	uint16_t sexp;
} __attribute__((packed));

static struct {
	double a, b;
	float f;
	int32_t i;
	int16_t w;
	uint16_t cw;
	uint64_t out;
	uint8_t bcd[10];
	uint64_t flags;
	uint16_t sw;
	/* FNSAVE's image (SDM 1:8.1.10): the 28-byte environment, then ST(0)-ST(7). */
	struct {
		uint32_t env[7];
		struct ext st[8];
	} __attribute__((packed)) img;
} v;

/*
 * FSW without C1 (QEMU 7.2 leaves it 0 where the hardware says "rounded
 * up"; the unit test checks it) and with the condition codes in `cc_keep`
 * only; the tag word; ST(0) and ST(1) where they are not empty.
 */
static void show(const char *name, unsigned cc_keep)
{
	unsigned fsw = v.img.env[1] & 0xffff, tags = v.img.env[2] & 0xffff, top = fsw >> 11 & 7;
	printf("%-10s fsw %04x ftw %04x", name, fsw & ~(0x4700u & ~cc_keep), tags);
	for (unsigned i = 0; i < 2; i++)
		if ((tags >> (2 * ((top + i) & 7)) & 3) != 3)
			printf(" st%u %04x:%016llx", i, v.img.st[i].sexp,
			       (unsigned long long)v.img.st[i].mant);
	printf(" out %llx\n", (unsigned long long)v.out);
}

/* One case: FNINIT, the control word, `code`, then FNSAVE (which reinitialises). */
#define CASE_CC(name, cw_, cc_keep, code)                                                      \
	do {                                                                                   \
		v.cw = (cw_);                                                                  \
		v.out = 0;                                                                     \
		__asm__ volatile("fninit\n\tfldcw %[cw]\n\t" code "\n\tfnsave %[img]"          \
				 : [img] "=m"(v.img), [out] "+m"(v.out), [bcd] "+m"(v.bcd)     \
				 : [cw] "m"(v.cw), [a] "m"(v.a), [b] "m"(v.b), [f] "m"(v.f),   \
				   [i] "m"(v.i), [w] "m"(v.w)                                  \
				 : "memory");                                                  \
		show(name, cc_keep);                                                           \
	} while (0)
#define CASE(name, cw_, code) CASE_CC(name, cw_, 0x4500, code)

/* Doubles and floats as bits: the program has no floating point of its own. */
static void set_ab(uint64_t a, uint64_t b)
{
	__builtin_memcpy(&v.a, &a, 8);
	__builtin_memcpy(&v.b, &b, 8);
}

static volatile unsigned mf_count;

static void on_mf(unsigned vector)
{
	(void)vector;
	mf_count++;
	__asm__ volatile("fnclex");
}

/* RFLAGS' CF, PF, ZF after an FCOMI-style compare. */
#define COMI(name, code)                                                                       \
	do {                                                                                   \
		__asm__ volatile("fninit\n\tfldl %[b]\n\tfldl %[a]\n\t" code "\n\t"             \
				 "pushfq\n\tpopq %[fl]\n\tfnstsw %[sw]\n\tfninit"                \
				 : [fl] "=r"(v.flags), [sw] "=m"(v.sw)                         \
				 : [a] "m"(v.a), [b] "m"(v.b) : "memory", "cc");                \
		printf("%-10s fsw %04x rflags %02llx\n", name, v.sw,                           \
		       (unsigned long long)(v.flags & 0x45));                                  \
	} while (0)

int main(void)
{
	fw_init();
	fw_on(16, on_mf);
	enum { ONE = 0x3ff0000000000000ull, TWO = 0x4000000000000000ull, THREE = 0x4008000000000000ull,
	       TEN = 0x4024000000000000ull, HALF5 = 0x4004000000000000ull /* 2.5 */,
	       M275 = 0xc006000000000000ull /* -2.75 */, BIG = 0x7e37e43c8800759cull /* 1e300 */,
	       QNAN = 0x7ff8000000000001ull, SNAN = 0x7ff0000000000002ull, E10 = 0x4202a05f20000000ull };

	printf("x87\n");
	set_ab(ONE, THREE);
	CASE("add", 0x37f, "fldl %[a]\n\tfaddl %[b]");
	CASE("1/3 pc24", 0x07f, "fldl %[a]\n\tfdivl %[b]");
	CASE("1/3 pc53", 0x27f, "fldl %[a]\n\tfdivl %[b]");
	CASE("1/3 pc64", 0x37f, "fldl %[a]\n\tfdivl %[b]");
	CASE("1/3 down", 0x77f, "fldl %[a]\n\tfdivl %[b]");
	CASE("1/3 up", 0xb7f, "fldl %[a]\n\tfdivl %[b]");
	CASE("1/3 zero", 0xf7f, "fldl %[a]\n\tfdivl %[b]");
	CASE("-1/3 up", 0xb7f, "fldl %[a]\n\tfchs\n\tfdivl %[b]");
	CASE("sub", 0x37f, "fldl %[a]\n\tfldl %[b]\n\tfsub %%st(1), %%st");
	CASE("subr", 0x37f, "fldl %[a]\n\tfldl %[b]\n\tfsubr %%st(1), %%st");
	CASE("subp", 0x37f, "fldl %[a]\n\tfldl %[b]\n\tfsubrp %%st, %%st(1)");
	CASE("divrp", 0x37f, "fldl %[a]\n\tfldl %[b]\n\tfdivrp %%st, %%st(1)");
	CASE("mul", 0x37f, "fldl %[b]\n\tfmul %%st(0), %%st");
	CASE("1/0", 0x37f, "fldz\n\tfld1\n\tfdiv %%st(1), %%st");
	CASE("0/0", 0x37f, "fldz\n\tfldz\n\tfdivrp %%st, %%st(1)");
	CASE("sqrt 3", 0x37f, "fldl %[b]\n\tfsqrt");
	set_ab(QNAN, 0xfff8000000000002ull);
	CASE("qnan+qnan", 0x37f, "fldl %[a]\n\tfaddl %[b]");
	set_ab(SNAN, ONE);
	CASE("snan load", 0x37f, "fldl %[a]");
	set_ab(BIG, ONE);
	CASE("1e300^2", 0x37f, "fldl %[a]\n\tfmul %%st(0), %%st");
	CASE("fst m32 of", 0x37f, "fldl %[a]\n\tfsts %[out]");
	set_ab(HALF5, M275);
	CASE("fist 2.5", 0x37f, "fldl %[a]\n\tfistl %[out]");
	CASE("fist up", 0xb7f, "fldl %[a]\n\tfistl %[out]");
	CASE("fistp16", 0x37f, "fldl %[b]\n\tfistps %[out]");
	CASE("fisttp", 0x37f, "fldl %[b]\n\tfisttpll %[out]");
	set_ab(E10, ONE);
	CASE("fist ovf", 0x37f, "fldl %[a]\n\tfistl %[out]");
	CASE("fistp64", 0x37f, "fldl %[a]\n\tfistpll %[out]");
	v.i = -123456;
	v.w = 77;
	CASE("fild", 0x37f, "fildl %[i]\n\tfiadds %[w]");
	CASE("ficom", 0x37f, "fildl %[i]\n\tficoms %[w]");
	CASE("fbstp", 0x37f, "fildl %[i]\n\tfbstp %[bcd]\n\tfbld %[bcd]");
	set_ab(TEN, THREE);
	CASE("fprem", 0x37f, "fldl %[b]\n\tfldl %[a]\n\tfprem");
	CASE_CC("fprem1", 0x37f, 0, "fldl %[b]\n\tfldl %[a]\n\tfprem1");
	CASE("fscale", 0x37f, "fldl %[b]\n\tfldl %[a]\n\tfscale");
	CASE("fxtract", 0x37f, "fldl %[a]\n\tfxtract");
	set_ab(HALF5, M275);
	CASE("rndint", 0x37f, "fldl %[a]\n\tfrndint");
	CASE("rndint dn", 0x77f, "fldl %[b]\n\tfrndint");
	CASE("fldpi", 0x37f, "fldpi");
	CASE("fldpi dn", 0x77f, "fldpi");
	CASE("fldl2e", 0x37f, "fldl2e");
	CASE("fldln2 up", 0xb7f, "fldln2");
	CASE("fldl2t", 0x37f, "fldl2t");
	CASE("fldlg2", 0x37f, "fldlg2");
	CASE("fxch", 0x37f, "fld1\n\tfldz\n\tfxch %%st(1)");
	CASE("fincstp", 0x37f, "fld1\n\tfincstp\n\tfdecstp\n\tfdecstp");
	CASE("ffree", 0x37f, "fld1\n\tfld1\n\tffree %%st(1)\n\tfxam");
	CASE("ftst", 0x37f, "fldl %[b]\n\tftst");
	CASE("fxam -inf", 0x37f, "fld1\n\tfldz\n\tfdivrp\n\tfchs\n\tfxam");
	CASE("fxam 0", 0x37f, "fldz\n\tfxam");
	CASE("fxam emp", 0x37f, "fxam");
	CASE("fcompp", 0x37f, "fld1\n\tfldz\n\tfcompp");
	CASE("fucom nan", 0x37f, "fldz\n\tfld1\n\tfchs\n\tfsqrt\n\tfucom %%st(1)");
	CASE("fstenv", 0x37f, "fld1\n\tfldz\n\tfnstenv %[img]\n\tfldcw %[cw]");
	set_ab(ONE, TWO);
	COMI("fcomi <", "fcomi %%st(1), %%st");
	COMI("fucomip", "fucomip %%st(1), %%st");
	set_ab(TWO, TWO);
	COMI("fcomi =", "fcomi %%st(1), %%st");
	set_ab(QNAN, TWO);
	COMI("fucomi un", "fucomi %%st(1), %%st");
	COMI("fcomi un", "fcomi %%st(1), %%st");

	/* FCMOVcc: CF set by the STC before it. */
	CASE("fcmovb", 0x37f, "fld1\n\tfldz\n\tstc\n\tfcmovb %%st(1), %%st\n\tfldz\n\tclc\n\tfcmovb %%st(2), %%st");

	/*
	 * An unmasked ZE: ES and B; FWAIT takes #MF (CR0.NE), the handler
	 * clears the flags and FWAIT runs again. QEMU 7.2 checks a pending
	 * exception at FWAIT only and writes the quotient anyway (hvsim keeps
	 * the destination, SDM 1:8.5.3): the registers are not shown.
	 */
	uint64_t cr0;
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0 | 0x20));
	v.cw = 0x37b;
	__asm__ volatile("fninit\n\tfldcw %[cw]\n\tfldz\n\tfld1\n\tfdiv %%st(1), %%st\n\t"
			 "fnstsw %[out]\n\tfwait\n\tfnstsw %[sw]\n\tfninit"
			 : [out] "=m"(v.out), [sw] "=m"(v.sw) : [cw] "m"(v.cw) : "memory");
	printf("ze unmask  fsw %04x, after #MF %04x, #MF taken %u\n", (unsigned)v.out & 0xffff,
	       v.sw, mf_count);
	fw_exit();
}
