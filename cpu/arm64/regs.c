/*
 * AArch64 registers as a debugger sees them: gdb's aarch64 target
 * description features "org.gnu.gdb.aarch64.core" (x0-x30, sp, pc, cpsr)
 * and "org.gnu.gdb.aarch64.fpu" (v0-v31, fpsr, fpcr) in gdb's register
 * numbering, then hvsim's system-register feature: one register per row
 * of sysreg.c that can be read without side effects.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/arm64/debug.h"
#include "cpu/arm64/sysreg.h"

/* PSTATE as gdb shows cpsr: the SPSR layout of an AArch64 EL (C5.2.18). */
static const char core_types[] =
	"<flags id=\"cpsr_flags\" size=\"4\">"
	"<field name=\"SP\" start=\"0\" end=\"0\"/><field name=\"EL\" start=\"2\" end=\"3\"/>"
	"<field name=\"F\" start=\"6\" end=\"6\"/><field name=\"I\" start=\"7\" end=\"7\"/>"
	"<field name=\"A\" start=\"8\" end=\"8\"/><field name=\"D\" start=\"9\" end=\"9\"/>"
	"<field name=\"IL\" start=\"20\" end=\"20\"/><field name=\"SS\" start=\"21\" end=\"21\"/>"
	"<field name=\"PAN\" start=\"22\" end=\"22\"/><field name=\"V\" start=\"28\" end=\"28\"/>"
	"<field name=\"C\" start=\"29\" end=\"29\"/><field name=\"Z\" start=\"30\" end=\"30\"/>"
	"<field name=\"N\" start=\"31\" end=\"31\"/></flags>\n";

/* A V register viewed as each element size: gdb prints $v0.d.u[1], $v0.s.f[0]... */
static const char fpu_types[] =
	"<vector id=\"hv_d_f\" type=\"ieee_double\" count=\"2\"/>"
	"<vector id=\"hv_d_u\" type=\"uint64\" count=\"2\"/>"
	"<vector id=\"hv_d_s\" type=\"int64\" count=\"2\"/>"
	"<vector id=\"hv_s_f\" type=\"ieee_single\" count=\"4\"/>"
	"<vector id=\"hv_s_u\" type=\"uint32\" count=\"4\"/>"
	"<vector id=\"hv_s_s\" type=\"int32\" count=\"4\"/>"
	"<vector id=\"hv_h_u\" type=\"uint16\" count=\"8\"/>"
	"<vector id=\"hv_h_s\" type=\"int16\" count=\"8\"/>"
	"<vector id=\"hv_b_u\" type=\"uint8\" count=\"16\"/>"
	"<vector id=\"hv_b_s\" type=\"int8\" count=\"16\"/>"
	"<vector id=\"hv_q_u\" type=\"uint128\" count=\"1\"/>"
	"<vector id=\"hv_q_s\" type=\"int128\" count=\"1\"/>\n"
	"<union id=\"hv_d\"><field name=\"f\" type=\"hv_d_f\"/><field name=\"u\" type=\"hv_d_u\"/>"
	"<field name=\"s\" type=\"hv_d_s\"/></union>"
	"<union id=\"hv_s\"><field name=\"f\" type=\"hv_s_f\"/><field name=\"u\" type=\"hv_s_u\"/>"
	"<field name=\"s\" type=\"hv_s_s\"/></union>"
	"<union id=\"hv_h\"><field name=\"u\" type=\"hv_h_u\"/><field name=\"s\" type=\"hv_h_s\"/></union>"
	"<union id=\"hv_b\"><field name=\"u\" type=\"hv_b_u\"/><field name=\"s\" type=\"hv_b_s\"/></union>"
	"<union id=\"hv_q\"><field name=\"u\" type=\"hv_q_u\"/><field name=\"s\" type=\"hv_q_s\"/></union>\n"
	"<union id=\"hv_vreg\"><field name=\"d\" type=\"hv_d\"/><field name=\"s\" type=\"hv_s\"/>"
	"<field name=\"h\" type=\"hv_h\"/><field name=\"b\" type=\"hv_b\"/>"
	"<field name=\"q\" type=\"hv_q\"/></union>\n";

enum { F_CORE, F_FPU, F_SYS };
static const struct core_reg_feature features[] = {
	[F_CORE] = { "org.gnu.gdb.aarch64.core", core_types },
	[F_FPU] = { "org.gnu.gdb.aarch64.fpu", fpu_types },
	[F_SYS] = { "org.hvsim.aarch64.sysregs", NULL },
};

/* ------------------------------------------------------------ accessors */

static bool get_x(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &a64(v)->x[r->arg], 8);
	return true;
}
static bool set_x(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(&a64(v)->x[r->arg], val, 8);
	return true;
}

static bool get_pc(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &v->pc, 8);
	return true;
}
static bool set_pc(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(&v->pc, val, 8);
	return true;
}

static bool get_cpsr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	uint32_t p = (uint32_t)a64_pstate_read(a64(v));
	memcpy(val, &p, 4);
	return true;
}
/* A new PSTATE may change the EL, SP bank, masks: recompute the mode as ERET does. */
static bool set_cpsr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	uint32_t p;
	memcpy(&p, val, 4);
	a64_pstate_write(a64(v), p);
	a64_update_mode(a64(v));
	return true;
}

static bool get_v(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &a64(v)->v[r->arg], 16);
	return true;
}
static bool set_v(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(&a64(v)->v[r->arg], val, 16);
	return true;
}

/* System registers through sysreg.c's accessors (its masks and side effects on write). */
static bool get_sys(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	uint64_t x;
	if (a64_sysreg_access(a64(v), r->arg, &x, false))
		return false;
	memcpy(val, &x, r->bits / 8);
	return true;
}
static bool set_sys(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	uint64_t x = 0;
	memcpy(&x, val, r->bits / 8);
	return a64_sysreg_access(a64(v), r->arg, &x, true) == 0;
}

/* -------------------------------------------------------------- the table */

/*
 * Reads that change state (acknowledging an interrupt) are no debugger's
 * business; nor are the EL12/EL02 aliases (the same registers again) or
 * registers the core and fpu features already show.
 */
static bool sys_visible(const struct a64_sysreg *s)
{
	static const char *const hidden[] = { "icc_iar0_el1", "icc_iar1_el1", "fpcr", "fpsr" };
	if (!s->read || (s->flags & (A64_SR_WO | A64_SR_E2H)))
		return false;
	for (size_t i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++)
		if (!strcmp(s->name, hidden[i]))
			return false;
	return true;
}

#define N_GDB_REGS 68   /* gdb's aarch64 numbering: x0-x30 0-30, sp 31, pc 32, cpsr 33, v0-v31 34-65, fpsr 66, fpcr 67 */

static struct core_reg reg(const char *name, unsigned bits, unsigned feature, const char *type,
			   const char *group, uint32_t arg,
			   bool (*get)(struct core_vcpu *, const struct core_reg *, void *),
			   bool (*set)(struct core_vcpu *, const struct core_reg *, const void *))
{
	return (struct core_reg){ name, (uint16_t)bits, (uint8_t)feature, type, group, arg, get, set };
}

void a64_debug_regs(struct core_debug_isa *isa)
{
	static char xnames[31][4], vnames[32][4];
	size_t n_sys = a64_sysreg_count();
	struct core_reg *t = calloc(N_GDB_REGS + n_sys, sizeof(*t));
	if (!t)
		abort();
	size_t n = 0;
	for (unsigned i = 0; i < 31; i++) {
		snprintf(xnames[i], sizeof(xnames[i]), "x%u", i);
		t[n++] = reg(xnames[i], 64, F_CORE, "int", "general", i, get_x, set_x);
	}
	t[n++] = reg("sp", 64, F_CORE, "data_ptr", "general", A64_SP, get_x, set_x);
	isa->pc_reg = n;
	t[n++] = reg("pc", 64, F_CORE, "code_ptr", "general", 0, get_pc, set_pc);
	t[n++] = reg("cpsr", 32, F_CORE, "cpsr_flags", "general", 0, get_cpsr, set_cpsr);
	for (unsigned i = 0; i < 32; i++) {
		snprintf(vnames[i], sizeof(vnames[i]), "v%u", i);
		t[n++] = reg(vnames[i], 128, F_FPU, "hv_vreg", "vector", i, get_v, set_v);
	}
	t[n++] = reg("fpsr", 32, F_FPU, "int", "float", A64_SYSREG(3, 3, 4, 4, 1), get_sys, set_sys);
	t[n++] = reg("fpcr", 32, F_FPU, "int", "float", A64_SYSREG(3, 3, 4, 4, 0), get_sys, set_sys);
	isa->n_g_regs = n;
	for (size_t i = 0; i < n_sys; i++) {
		const struct a64_sysreg *s = a64_sysreg_at(i);
		if (sys_visible(s))
			t[n++] = reg(s->name, 64, F_SYS, "int", "system", s->enc, get_sys,
				     s->write ? set_sys : NULL);
	}
	isa->features = features;
	isa->n_features = sizeof(features) / sizeof(features[0]);
	isa->regs = t;
	isa->n_regs = n;
}

/* ------------------------------------------------------------- ONE_REG */

/*
 * The same registers by KVM's ONE_REG ids (Documentation/virt/kvm/api.rst,
 * "ARM64 registers"), for the public API: KVM_REG_ARM64 | size | class.
 */
#define KVM_REG_ARM64 0x6000000000000000ull
#define KVM_REG_SIZE_MASK 0x00f0000000000000ull
#define KVM_REG_SIZE_U32 0x0020000000000000ull
#define KVM_REG_SIZE_U64 0x0030000000000000ull
#define KVM_REG_SIZE_U128 0x0040000000000000ull
#define KVM_REG_ARM_CORE 0x0000000000100000ull
#define KVM_REG_ARM_DEMUX 0x0000000000110000ull     /* with KVM_REG_ARM_DEMUX_ID_CCSIDR (0) */
#define KVM_REG_ARM64_SYSREG 0x0000000000130000ull
#define KVM_REG_ARM_FW 0x0000000000140000ull
#define KVM_REG_ARM_FW_FEAT_BMAP 0x0000000000160000ull
#define KVM_REG_TYPE_MASK 0x00000000ffff0000ull

/*
 * KVM's timer ids are sysreg ids, but two of them carry each other's
 * encodings, a mistake KVM keeps for compatibility (api.rst, "ARM64
 * registers": KVM_REG_ARM_TIMER_CNT is CNTV_CVAL_EL0's encoding and
 * means the virtual count; KVM_REG_ARM_TIMER_CVAL is CNTVCT_EL0's and
 * means the compare value). KVM_REG_ARM_TIMER_CTL and the physical
 * timer's ids are what they say.
 */
#define KVM_TIMER_CNT A64_SYSREG(3, 3, 14, 3, 2)
#define KVM_TIMER_CVAL A64_SYSREG(3, 3, 14, 0, 2)

/*
 * The firmware pseudo-registers (Documentation/virt/kvm/arm/fw-pseudo-registers.rst):
 * what the hypercalls of hv/ answer, as values a migrating VMM would
 * compare. A write must give the same value (hvsim offers no older PSCI,
 * and has no service to hide): anything else is refused.
 */
static const struct { uint64_t type; uint16_t reg; uint64_t value; } fw_regs[] = {
	{ KVM_REG_ARM_FW, 0, 0x10001 },  /* KVM_REG_ARM_PSCI_VERSION: PSCI 1.1 (hv/psci.c) */
	/* SMCCC_ARCH_WORKAROUND_1, _2, _3: NOT_REQUIRED (2, 3, 2), as hv/smccc.c answers (unaffected). */
	{ KVM_REG_ARM_FW, 1, 2 },
	{ KVM_REG_ARM_FW, 2, 3 },
	{ KVM_REG_ARM_FW, 3, 2 },
	/* The service bitmaps: no TRNG (STD), no PV_TIME (STD_HYP); FEATURES and PTP (VENDOR_HYP). */
	{ KVM_REG_ARM_FW_FEAT_BMAP, 0, 0 },
	{ KVM_REG_ARM_FW_FEAT_BMAP, 1, 0 },
	{ KVM_REG_ARM_FW_FEAT_BMAP, 2, 3 },
};

/* The caches KVM_REG_ARM_DEMUX_ID_CCSIDR selects by CSSELR value (sysreg.c's a64_ccsidr). */
static const uint8_t demux_csselr[] = { 0, 1, 2 };

/*
 * struct kvm_regs, in 32-bit words: x0-x30 at 0-60, sp 62, pc 64, pstate 66,
 * sp_el1 68, elr_el1 70, spsr[5] 72-80 (EL1, ABT, UND, IRQ, FIQ), then the
 * FP/SIMD state at 84: vregs (4 words each), fpsr 212, fpcr 213.
 */
static void *core_reg(struct arm64_cpu *c, unsigned off, uint64_t *size)
{
	if (off < 62 && !(off & 1)) {
		*size = KVM_REG_SIZE_U64;
		return &c->x[off / 2];
	}
	switch (off) {
	case 62: *size = KVM_REG_SIZE_U64; return c->spsel && c->el ? &c->sp_el[0] : &c->x[A64_SP];
	case 64: *size = KVM_REG_SIZE_U64; return &c->core.pc;
	case 68: *size = KVM_REG_SIZE_U64; return c->el == 1 && c->spsel ? &c->x[A64_SP] : &c->sp_el[1];
	case 70: *size = KVM_REG_SIZE_U64; return &c->sr.elr_el1;
	case 72: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_el1;
	case 74: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_abt;
	case 76: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_und;
	case 78: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_irq;
	case 80: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_fiq;
	case 212: *size = KVM_REG_SIZE_U32; return &c->fpsr;
	case 213: *size = KVM_REG_SIZE_U32; return &c->fpcr;
	}
	if (off >= 84 && off < 84 + 128 && !((off - 84) & 3)) {
		*size = KVM_REG_SIZE_U128;
		return &c->v[(off - 84) / 4];
	}
	return NULL;
}

static size_t size_bytes(uint64_t size)
{
	return (size_t)1 << ((size >> 52) & 0xf);
}

/* A read-only value by ONE_REG: a read gives it, a write must give it back. */
static int const_reg(uint64_t value, void *val, size_t size, bool set)
{
	if (set) {
		uint64_t w = 0;
		memcpy(&w, val, size);
		return w == value ? 0 : -1;
	}
	memcpy(val, &value, size);
	return 0;
}

/* The timer ids whose encodings KVM swapped; -1 for any other id. */
static int timer_reg(struct arm64_cpu *c, uint32_t enc, void *val, bool set)
{
	uint64_t v;
	if (enc == KVM_TIMER_CVAL)
		return a64_sysreg_access(c, A64_SYSREG(3, 3, 14, 3, 2), val, set);
	if (enc != KVM_TIMER_CNT)
		return -1;
	if (set) {
		/* As KVM: the virtual count becomes the value through the virtual offset. */
		memcpy(&v, val, 8);
		c->sr.cntvoff_el2 = a64_counter(c) - v;
	} else {
		v = a64_virtual_count(c);
		memcpy(val, &v, 8);
	}
	return 0;
}

int a64_one_reg(struct core_vcpu *v, uint64_t id, void *val, bool set)
{
	if ((id & 0xff00000000000000ull) != KVM_REG_ARM64)
		return -1;
	struct arm64_cpu *c = a64(v);
	uint64_t type = id & KVM_REG_TYPE_MASK, size = id & KVM_REG_SIZE_MASK;
	for (size_t i = 0; i < sizeof(fw_regs) / sizeof(fw_regs[0]); i++)
		if (type == fw_regs[i].type && (id & 0xffff) == fw_regs[i].reg)
			return size == KVM_REG_SIZE_U64 ? const_reg(fw_regs[i].value, val, 8, set) : -1;
	for (size_t i = 0; i < sizeof(demux_csselr); i++)
		if (type == KVM_REG_ARM_DEMUX && size == KVM_REG_SIZE_U32 && (id & 0xffff) == demux_csselr[i])
			return const_reg(a64_ccsidr(demux_csselr[i]), val, 4, set);
	if ((id & KVM_REG_TYPE_MASK) == KVM_REG_ARM_CORE) {
		uint64_t size;
		if ((id & 0xffff) == 66) {  /* pstate */
			if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
				return -1;
			uint64_t p;
			if (set) {
				memcpy(&p, val, 8);
				a64_pstate_write(c, p);
				a64_update_mode(c);
			} else {
				p = a64_pstate_read(c);
				memcpy(val, &p, 8);
			}
			return 0;
		}
		void *reg = core_reg(c, (unsigned)(id & 0xffff), &size);
		if (!reg || (id & KVM_REG_SIZE_MASK) != size)
			return -1;
		if (set)
			memcpy(reg, val, size_bytes(size));
		else
			memcpy(val, reg, size_bytes(size));
		return 0;
	}
	if (type == KVM_REG_ARM64_SYSREG && size == KVM_REG_SIZE_U64) {
		int rc = timer_reg(c, (uint32_t)(id & 0xffff), val, set);
		return rc == 0 ? 0 : a64_sysreg_access(c, (uint32_t)(id & 0xffff), val, set);
	}
	return -1;
}

/* Append id to the list if there is room; count it either way. */
static void list_add(uint64_t *ids, size_t max, size_t *n, uint64_t id)
{
	if (*n < max)
		ids[*n] = id;
	(*n)++;
}

size_t a64_reg_list(struct core_vcpu *v, uint64_t *ids, size_t max)
{
	size_t n = 0;
	const uint64_t core = KVM_REG_ARM64 | KVM_REG_ARM_CORE;
	for (unsigned off = 0; off < 84 + 128; off += 2) {
		uint64_t size;
		if (off == 66 || core_reg(a64(v), off, &size))
			list_add(ids, max, &n, core | (off == 66 ? KVM_REG_SIZE_U64 : size) | off);
	}
	list_add(ids, max, &n, core | KVM_REG_SIZE_U32 | 212);
	list_add(ids, max, &n, core | KVM_REG_SIZE_U32 | 213);
	for (size_t i = 0; i < sizeof(fw_regs) / sizeof(fw_regs[0]); i++)
		list_add(ids, max, &n, KVM_REG_ARM64 | KVM_REG_SIZE_U64 | fw_regs[i].type | fw_regs[i].reg);
	for (size_t i = 0; i < sizeof(demux_csselr); i++)
		list_add(ids, max, &n, KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_DEMUX | demux_csselr[i]);
	const uint64_t sys = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG;
	list_add(ids, max, &n, sys | KVM_TIMER_CNT);
	for (size_t i = 0; i < a64_sysreg_count(); i++) {
		const struct a64_sysreg *s = a64_sysreg_at(i);
		/* CNTV_CVAL's encoding is KVM's TIMER_CNT id (listed above), CNTVCT's its TIMER_CVAL. */
		if (sys_visible(s) && s->enc != KVM_TIMER_CNT)
			list_add(ids, max, &n, sys | s->enc);
	}
	return n;
}
