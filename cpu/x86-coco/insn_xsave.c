/*
 * Saving and restoring the x87 and SSE state: FXSAVE/FXRSTOR (SDM 1:10.5,
 * the 512-byte image of Table 10-2) and XSAVE, XSAVEC and XRSTOR in the
 * standard and compacted forms (SDM 1:13.4-13.10) for the two components
 * this CPU has, x87 (XCR0 bit 0) and SSE (bit 1): both live in the legacy
 * region, so the two forms differ only in the 64-byte XSAVE header that
 * follows it. XGETBV and XSETBV are in insn_system.c.
 *
 * XSAVEC is here because an SEV-SNP guest needs it: Linux refuses an SNP
 * CPUID table whose leaf 0xD subleaf 1 offers neither XSAVEC nor XSAVES
 * (arch/x86/boot/startup/sev-shared.c, snp_cpuid_postprocess), and every
 * SNP-capable part has both. The processor's XINUSE is taken as all ones
 * (a component may be reported in use in its initial state, SDM 1:13.6).
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
#define XCOMP_COMPACTED (1ull << 63)   /* XCOMP_BV bit 63: the compacted form (SDM 1:13.4.3) */

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

/* The requested components into the image, MXCSR with SSE (SDM 1:13.7, 13.10). */
static void save_components(const struct x86_state *s, uint8_t *img, uint64_t rfbm, bool wide)
{
	if (rfbm & XS_X87)
		save_x87(s, img, wide);
	if (rfbm & XS_SSE) {
		save_mxcsr(s, img);
		memcpy(img + IMG_XMM, s->xmm, sizeof(s->xmm));
	}
}

/*
 * XSAVE m (0F AE /4): XSTATE_BV's requested bits set (XINUSE is all ones),
 * its other bits and the rest of the header as they were.
 */
static int xsave_img(struct x86_cpu *c, const struct core_op *op, uint8_t *img, uint64_t la,
		     uint64_t rfbm, bool wide)
{
	save_components(&c->s, img, rfbm, wide);
	put64(img + IMG_XSTATE_BV, get64(img + IMG_XSTATE_BV) | rfbm);
	return x86_mem_bytes(c, op, la, img, IMG_XSAVE, X86_WRITE);
}

/*
 * XSAVEC m (0F C7 /4, SDM 1:13.10): XSTATE_BV = RFBM AND XINUSE (so RFBM)
 * and XCOMP_BV = bit 63 | RFBM; the header's other bytes as they were.
 */
static int xsavec_img(struct x86_cpu *c, const struct core_op *op, uint8_t *img, uint64_t la,
		      uint64_t rfbm, bool wide)
{
	save_components(&c->s, img, rfbm, wide);
	put64(img + IMG_XSTATE_BV, rfbm);
	put64(img + IMG_XCOMP_BV, XCOMP_COMPACTED | rfbm);
	return x86_mem_bytes(c, op, la, img, IMG_XSAVE, X86_WRITE);
}

/* The header's bytes from `from` to its end are all zero. */
static bool header_clear_from(const uint8_t *img, unsigned from)
{
	for (unsigned i = from; i < IMG_XSAVE; i++)
		if (img[i])
			return false;
	return true;
}

/*
 * XRSTOR m (0F AE /5). The standard form (XCOMP_BV bit 63 clear, SDM
 * 1:13.8.1): #GP(0) for XSTATE_BV bits outside XCR0, a nonzero XCOMP_BV or
 * the 8 bytes after it; MXCSR is loaded whenever SSE is requested. The
 * compacted form (SDM 1:13.8.2): #GP(0) for XCOMP_BV bits outside XCR0,
 * XSTATE_BV bits outside XCOMP_BV, or a nonzero byte after XCOMP_BV; MXCSR
 * is loaded when SSE is requested and in use, and is 1F80H when requested
 * and not. Either form: a reserved MXCSR bit is #GP(0); a requested
 * component whose XSTATE_BV bit is clear gets its initial state.
 */
static int xrstor_img(struct x86_cpu *c, const struct core_op *op, const uint8_t *img,
		      uint64_t rfbm, bool wide)
{
	uint64_t bv = get64(img + IMG_XSTATE_BV), comp = get64(img + IMG_XCOMP_BV);
	struct x86_state s = c->s;
	bool bad;
	if (comp & XCOMP_COMPACTED) {
		comp &= ~XCOMP_COMPACTED;
		bad = (comp & ~c->s.xcr0) || (bv & ~comp) || !header_clear_from(img, IMG_XCOMP_BV + 8);
		if (!bad && (rfbm & XS_SSE) && !(bv & XS_SSE))
			s.mxcsr = X86_MXCSR_INIT;
		else if (!bad && (rfbm & XS_SSE))
			bad = !load_mxcsr(&s, img);
	} else {
		bad = (bv & ~c->s.xcr0) || comp || get64(img + IMG_XCOMP_BV + 8) ||
		      ((rfbm & XS_SSE) && !load_mxcsr(&s, img));
	}
	if (bad)
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

enum xs_kind { XS_SAVE, XS_SAVEC, XS_RESTORE };

X86_INLINE int xsave_op(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			enum xs_kind k)
{
	struct x86_cpu *c = x86(v);
	uint8_t img[IMG_XSAVE];
	uint64_t rfbm = 0, la;
	int st = xsave_area(c, op, &rfbm, img, &la);
	if (st)
		return st;
	switch (k) {
	case XS_SAVE:
		return xsave_img(c, op, img, la, rfbm, sz == 3);
	case XS_SAVEC:
		return xsavec_img(c, op, img, la, rfbm, sz == 3);
	default:
		return xrstor_img(c, op, img, rfbm, sz == 3);
	}
}
X86_FORMS_OF(xsave, xsave_op, XS_SAVE)
X86_FORMS_OF(xsavec, xsave_op, XS_SAVEC)
X86_FORMS_OF(xrstor, xsave_op, XS_RESTORE)

static const struct x86_row rows[] = {
	X86_ROW(F, 0xae, X86_PFX_NONE, 0, MM, NI, SN, SYS, X86_F_FPU, "//fxsave/fxsave64", "M", &fxsave_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 1, MM, NI, SN, SYS, X86_F_FPU, "//fxrstor/fxrstor64", "M",
		&fxrstor_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 4, MM, NI, SN, SYS, 0, "//xsave/xsave64", "M", &xsave_exec),
	X86_ROW(F, 0xae, X86_PFX_NONE, 5, MM, NI, SN, SYS, 0, "//xrstor/xrstor64", "M", &xrstor_exec),
	X86_ROW(F, 0xc7, X86_PFX_NONE, 4, MM, NI, SN, SYS, 0, "//xsavec/xsavec64", "M", &xsavec_exec),
};
const struct x86_table x86_table_xsave = { rows, sizeof(rows) / sizeof(rows[0]) };
