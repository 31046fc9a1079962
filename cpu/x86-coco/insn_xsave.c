/*
 * Saving and restoring the x87 and SSE state: FXSAVE/FXRSTOR (SDM 1:10.5,
 * the 512-byte image of Table 10-2) and XSAVE/XRSTOR in their standard
 * form (SDM 1:13.4-13.8) for the two components this CPU has, x87 (XCR0
 * bit 0) and SSE (bit 1): the same legacy region, then the 64-byte XSAVE
 * header. XGETBV and XSETBV are in insn_system.c.
 *
 * XSAVE reads the area before writing it (the header's other bytes and
 * the software-available bytes stay), so a not-present page reports a
 * read; nothing is written unless the whole area is accessible.
 */
#include "cpu/x86-coco/rows.h"

/* The legacy region's fields (SDM 1:10.5.1 Table 10-2). */
enum {
	IMG_FCW = 0, IMG_FSW = 2, IMG_FTW = 4, IMG_FOP = 6, IMG_FIP = 8, IMG_FDP = 16,
	IMG_MXCSR = 24, IMG_MXCSR_MASK = 28, IMG_ST = 32, IMG_XMM = 160, IMG_LEGACY = 512,
	/* The XSAVE header (SDM 1:13.4.2): XSTATE_BV, XCOMP_BV, then zeros. */
	IMG_XSTATE_BV = 512, IMG_XCOMP_BV = 520, IMG_XSAVE = 576,
};
enum { XS_X87 = 1u << 0, XS_SSE = 1u << 1 };

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* x87 register ST(i) is physical register (TOP + i) mod 8 (SDM 1:8.1.2). */
static unsigned phys(const struct x86_state *s, unsigned i)
{
	return ((s->fsw >> 11) + i) & 7;
}

/*
 * The x87 part of the image. FIP and FDP are 64-bit with REX.W
 * (FXSAVE64); without, their low 32 bits and a selector this CPU keeps as
 * 0 (it has no code outside 64-bit mode to take one from).
 */
static void save_x87(const struct x86_state *s, uint8_t *img, bool wide)
{
	put16(img + IMG_FCW, s->fcw);
	put16(img + IMG_FSW, s->fsw);
	img[IMG_FTW] = s->ftw;
	img[IMG_FTW + 1] = 0;
	put16(img + IMG_FOP, s->fop);
	put64(img + IMG_FIP, wide ? s->fip : (uint32_t)s->fip);
	put64(img + IMG_FDP, wide ? s->fdp : (uint32_t)s->fdp);
	for (unsigned i = 0; i < 8; i++) {
		uint8_t *r = img + IMG_ST + 16 * i;
		memset(r, 0, 16);
		put64(r, s->st[phys(s, i)].mant);
		put16(r + 8, s->st[phys(s, i)].sexp);
	}
}

static void load_x87(struct x86_state *s, const uint8_t *img, bool wide)
{
	s->fcw = get16(img + IMG_FCW);
	s->fsw = get16(img + IMG_FSW);
	s->ftw = img[IMG_FTW];
	s->fop = get16(img + IMG_FOP) & 0x7ff;
	s->fip = wide ? get64(img + IMG_FIP) : get32(img + IMG_FIP);
	s->fdp = wide ? get64(img + IMG_FDP) : get32(img + IMG_FDP);
	for (unsigned i = 0; i < 8; i++) {
		s->st[phys(s, i)].mant = get64(img + IMG_ST + 16 * i);
		s->st[phys(s, i)].sexp = get16(img + IMG_ST + 16 * i + 8);
	}
}

/* The x87 state after FNINIT, XRSTOR's initial configuration (SDM 1:13.6). */
static void init_x87(struct x86_state *s)
{
	s->fcw = 0x37f;
	s->fsw = s->fop = 0;
	s->ftw = 0;
	s->fip = s->fdp = 0;
	memset(s->st, 0, sizeof(s->st));
}

static void save_mxcsr(const struct x86_state *s, uint8_t *img)
{
	put32(img + IMG_MXCSR, s->mxcsr);
	put32(img + IMG_MXCSR_MASK, X86_MXCSR_MASK);
}

/* MXCSR from the image: false (#GP) for a reserved bit (SDM 2: FXRSTOR). */
static bool load_mxcsr(struct x86_state *s, const uint8_t *img)
{
	uint32_t mx = get32(img + IMG_MXCSR);
	if (mx & ~(uint32_t)X86_MXCSR_MASK)
		return false;
	s->mxcsr = mx;
	return true;
}

/* The area at the memory operand, aligned to `align` (#GP(0) otherwise), read into img. */
static int read_area(struct x86_cpu *c, const struct core_op *op, unsigned align, uint8_t *img,
		     unsigned n, uint64_t *la)
{
	*la = x86_ea(c, op);
	if (*la & (align - 1))
		return x86_fault(c, op, X86_EXC_GP, 0);
	return x86_mem_bytes(c, op, *la, img, n, X86_READ);
}

/* FXSAVE m512 (0F AE /0): the legacy region's bytes 0-415; the rest stays. */
X86_INLINE int fxsave(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[IMG_XMM + 16 * 16];
	uint64_t la = x86_ea(c, op);
	if (la & 15)
		return x86_fault(c, op, X86_EXC_GP, 0);
	save_x87(&c->s, img, sz == 3);
	save_mxcsr(&c->s, img);
	memcpy(img + IMG_XMM, c->s.xmm, sizeof(c->s.xmm));
	return x86_mem_bytes(c, op, la, img, sizeof(img), X86_WRITE);
}
X86_FORMS(fxsave)

/* FXRSTOR m512 (0F AE /1): nothing changes when MXCSR's image has a reserved bit. */
X86_INLINE int fxrstor(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[IMG_LEGACY];
	uint64_t la;
	int st = read_area(c, op, 16, img, sizeof(img), &la);
	if (st)
		return st;
	if (!load_mxcsr(&c->s, img))
		return x86_fault(c, op, X86_EXC_GP, 0);
	load_x87(&c->s, img, sz == 3);
	memcpy(c->s.xmm, img + IMG_XMM, sizeof(c->s.xmm));
	return CORE_OK;
}
X86_FORMS(fxrstor)

/*
 * What XSAVE and XRSTOR start with: CR4.OSXSAVE (#UD) and CR0.TS clear
 * (#NM), the requested-feature bitmap XCR0 AND EDX:EAX (SDM 1:13.7), the
 * 64-byte aligned area read into img.
 */
static int xsave_area(struct x86_cpu *c, const struct core_op *op, uint64_t *rfbm, uint8_t *img,
		      uint64_t *la)
{
	if (!(c->s.cr4 & X86_CR4_OSXSAVE))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	if (c->s.cr0 & X86_CR0_TS)
		return x86_fault(c, op, X86_EXC_NM, X86_NO_ERROR);
	*rfbm = c->s.xcr0 & ((uint64_t)(uint32_t)c->s.r[X86_RDX] << 32 | (uint32_t)c->s.r[X86_RAX]);
	return read_area(c, op, 64, img, IMG_XSAVE, la);
}

/*
 * XSAVE m (0F AE /4): the requested components and MXCSR (with either),
 * XSTATE_BV's requested bits set (a component may be reported in use
 * although in its initial state, SDM 1:13.6).
 */
static int xsave_img(struct x86_cpu *c, const struct core_op *op, uint8_t *img, uint64_t la,
		     uint64_t rfbm, bool wide)
{
	if (rfbm & XS_X87)
		save_x87(&c->s, img, wide);
	if (rfbm & XS_SSE) {
		save_mxcsr(&c->s, img);
		memcpy(img + IMG_XMM, c->s.xmm, sizeof(c->s.xmm));
	}
	put64(img + IMG_XSTATE_BV, get64(img + IMG_XSTATE_BV) | rfbm);
	return x86_mem_bytes(c, op, la, img, IMG_XSAVE, X86_WRITE);
}

/* The compacted form (XSAVEC) is the SNP guest's CPU's only (cpuid.c says why). */
static bool has_xsavec(const struct x86_cpu *c)
{
	return c->plat.coco == X86_COCO_SNP;
}

/*
 * XRSTOR m (0F AE /5): the standard form (XCOMP_BV bit 63 clear) and,
 * with XSAVEC, the compacted form (bit 63 set; SDM 1:13.8.2), a #GP
 * without it. #GP(0) for
 * XSTATE_BV bits outside XCR0; standard form: a nonzero XCOMP_BV or the 8
 * bytes after it; compacted: XCOMP_BV bits outside XCR0 or XSTATE_BV bits
 * outside XCOMP_BV; a reserved MXCSR bit. The x87 and SSE components sit
 * in the legacy region in both forms. A requested component whose
 * XSTATE_BV bit is clear gets its initial state; MXCSR is loaded whenever
 * SSE is requested (SDM 1:13.8.1).
 */
static int xrstor_img(struct x86_cpu *c, const struct core_op *op, const uint8_t *img,
		      uint64_t rfbm, bool wide)
{
	uint64_t bv = get64(img + IMG_XSTATE_BV), comp = get64(img + IMG_XCOMP_BV);
	struct x86_state s = c->s;
	bool compacted = comp >> 63;
	uint64_t comp_bits = comp & ~(1ull << 63);
	bool bad_header = compacted ? !has_xsavec(c) || (comp_bits & ~c->s.xcr0) || (bv & ~comp_bits)
				    : comp || get64(img + IMG_XCOMP_BV + 8);
	if ((bv & ~c->s.xcr0) || bad_header || ((rfbm & XS_SSE) && !load_mxcsr(&s, img)))
		return x86_fault(c, op, X86_EXC_GP, 0);
	if ((rfbm & XS_X87) && (bv & XS_X87))
		load_x87(&s, img, wide);
	else if (rfbm & XS_X87)
		init_x87(&s);
	if ((rfbm & XS_SSE) && (bv & XS_SSE))
		memcpy(s.xmm, img + IMG_XMM, sizeof(s.xmm));
	else if (rfbm & XS_SSE)
		memset(s.xmm, 0, sizeof(s.xmm));
	c->s = s;
	return CORE_OK;
}

X86_INLINE int xsave_op(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			bool restore)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[IMG_XSAVE];
	uint64_t rfbm = 0, la;
	int st = xsave_area(c, op, &rfbm, img, &la);
	if (st)
		return st;
	return restore ? xrstor_img(c, op, img, rfbm, sz == 3) : xsave_img(c, op, img, la, rfbm, sz == 3);
}
X86_FORMS_OF(xsave, xsave_op, false)
X86_FORMS_OF(xrstor, xsave_op, true)

/*
 * XSAVEC m (0F C7 /4): XSAVE in the compacted form (SDM 1:13.10): the
 * same legacy region for x87 and SSE, XSTATE_BV the requested
 * components, XCOMP_BV bit 63 and the requested bitmap.
 */
X86_INLINE int xsavec(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[IMG_XSAVE];
	uint64_t rfbm = 0, la;
	if (!has_xsavec(c))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	int st = xsave_area(c, op, &rfbm, img, &la);
	if (st)
		return st;
	put64(img + IMG_XSTATE_BV, 0);
	put64(img + IMG_XCOMP_BV, 1ull << 63 | rfbm);
	return xsave_img(c, op, img, la, rfbm, sz == 3);
}
X86_FORMS(xsavec)

static const struct x86_row rows[] = {
	X86_ROW(F, 0xae, X86_PFX_NONE, 0, MM, NI, SN, SYS, X86_F_FPU, "//fxsave/fxsave64", "M", &fxsave_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 1, MM, NI, SN, SYS, X86_F_FPU, "//fxrstor/fxrstor64", "M",
		&fxrstor_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 4, MM, NI, SN, SYS, 0, "//xsave/xsave64", "M", &xsave_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 5, MM, NI, SN, SYS, 0, "//xrstor/xrstor64", "M", &xrstor_exec),
	X86_ROW(F, 0xc7, X86_PFX_NONE, 4, MM, NI, SN, SYS, 0, "//xsavec/xsavec64", "M", &xsavec_exec),
};
const struct x86_table x86_table_xsave = { rows, sizeof(rows) / sizeof(rows[0]) };
