/*
 * LoongArch registers as a debugger and the public API see them: gdb's
 * loongarch64 target description features "org.gnu.gdb.loongarch.base"
 * (r0-r31, orig_a0, pc, badv) and "org.gnu.gdb.loongarch.fpu" (f0-f31,
 * fcc0-7, fcsr) in gdb's register numbering (gdb/features/loongarch), then
 * hvsim's CSR feature: every CSR of csr.c, then gdb's
 * "org.gnu.gdb.loongarch.lsx" (vr0-vr31). And the same state by KVM's
 * ONE_REG ids (KVM has none for the LSX registers: it moves them with
 * KVM_GET_FPU/KVM_SET_FPU only).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cpu/loongarch/debug.h"
#include "cpu/loongarch/fpu.h"

/* An FPR as gdb shows it: single or double. */
static const char fpu_types[] =
	"<union id=\"fputype\"><field name=\"f\" type=\"ieee_single\"/>"
	"<field name=\"d\" type=\"ieee_double\"/></union>\n";

/* A VR as gdb's lsx.xml shows it: lanes of every size, integer or FP. */
static const char lsx_types[] =
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
	"<vector id=\"v4f32\" type=\"ieee_single\" count=\"4\"/>\n"
	"<vector id=\"v2f64\" type=\"ieee_double\" count=\"2\"/>\n"
	"<union id=\"lsxv\"><field name=\"v16i8\" type=\"v16i8\"/>"
	"<field name=\"v8i16\" type=\"v8i16\"/><field name=\"v4i32\" type=\"v4i32\"/>"
	"<field name=\"v2i64\" type=\"v2i64\"/><field name=\"v4f32\" type=\"v4f32\"/>"
	"<field name=\"v2f64\" type=\"v2f64\"/></union>\n";

enum { F_BASE, F_FPU, F_CSR, F_LSX };
static const struct core_reg_feature features[] = {
	[F_BASE] = { "org.gnu.gdb.loongarch.base", NULL },
	[F_FPU] = { "org.gnu.gdb.loongarch.fpu", fpu_types },
	[F_CSR] = { "org.hvsim.loongarch.csr", NULL },
	[F_LSX] = { "org.gnu.gdb.loongarch.lsx", lsx_types },
};

/* ------------------------------------------------------------ accessors */

static bool get_u64(const uint64_t *src, void *val)
{
	memcpy(val, src, 8);
	return true;
}

static bool get_gpr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	return get_u64(&la(v)->r[r->arg], val);
}

/* r0 stays zero whatever is written. */
static bool set_gpr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	if (r->arg)
		memcpy(&la(v)->r[r->arg], val, 8);
	return true;
}

/* orig_a0 is Linux's pt_regs field for syscall restarts, no CPU register: it reads 0. */
static bool get_zero(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memset(val, 0, r->bits / 8);
	return true;
}

static bool get_pc(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	return get_u64(&v->pc, val);
}

static bool set_pc(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(&v->pc, val, 8);
	return true;
}

static bool get_fpr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	return get_u64(la_fpr(la(v), r->arg), val);
}

static bool set_fpr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(la_fpr(la(v), r->arg), val, 8);
	return true;
}

/* VR n whole: FPR n is its low half. */
static bool get_vr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &la(v)->vr[r->arg], 16);
	return true;
}

static bool set_vr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	memcpy(&la(v)->vr[r->arg], val, 16);
	return true;
}

static bool get_fcc(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &la(v)->fcc[r->arg], 1);
	return true;
}

static bool set_fcc(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	la(v)->fcc[r->arg] = *(const uint8_t *)val & 1;
	return true;
}

static bool get_fcsr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	memcpy(val, &la(v)->fcsr, 4);
	return true;
}

static bool set_fcsr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	uint32_t x;
	memcpy(&x, val, 4);
	la(v)->fcsr = x & LA_FCSR_WRITABLE;
	return true;
}

/* CSRs through csr.c (its masks and side effects on write; reads have none). */
static bool get_csr(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	uint64_t x;
	if (la_csr_access(la(v), r->arg, &x, false))
		return false;
	return get_u64(&x, val);
}

static bool set_csr(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	uint64_t x;
	memcpy(&x, val, 8);
	return la_csr_access(la(v), r->arg, &x, true) == 0;
}

/* -------------------------------------------------------------- the table */

/* gdb's loongarch64 numbering: r0-r31 0-31, orig_a0 32, pc 33, badv 34, f0-f31 35-66, fcc0-7 67-74, fcsr 75. */
#define N_GDB_REGS 76

static struct core_reg reg(const char *name, unsigned bits, unsigned feature, const char *type,
			   const char *group, uint32_t arg,
			   bool (*get)(struct core_vcpu *, const struct core_reg *, void *),
			   bool (*set)(struct core_vcpu *, const struct core_reg *, const void *))
{
	return (struct core_reg){ name, (uint16_t)bits, (uint8_t)feature, type, group, arg, get, set };
}

/* gdb's types for r1 (ra), r2 (tp), r3 (sp) and r22 (fp). */
static const char *gpr_type(unsigned i)
{
	return i == 1 ? "code_ptr" : i == 2 || i == 3 || i == 22 ? "data_ptr" : "uint64";
}

void la_debug_regs(struct core_debug_isa *isa)
{
	static char rnames[32][4], fnames[32][4], ccnames[8][5], vnames[32][5];
	struct core_reg *t = calloc(N_GDB_REGS + LA_CSR_LIMIT + 32, sizeof(*t));
	if (!t)
		abort();
	size_t n = 0;
	for (unsigned i = 0; i < 32; i++) {
		snprintf(rnames[i], sizeof(rnames[i]), "r%u", i);
		t[n++] = reg(rnames[i], 64, F_BASE, gpr_type(i), "general", i, get_gpr, set_gpr);
	}
	t[n++] = reg("orig_a0", 64, F_BASE, "uint64", "general", 0, get_zero, NULL);
	isa->pc_reg = n;
	t[n++] = reg("pc", 64, F_BASE, "code_ptr", "general", 0, get_pc, set_pc);
	t[n++] = reg("badv", 64, F_BASE, "code_ptr", "general", LA_CSR_BADV, get_csr, set_csr);
	for (unsigned i = 0; i < 32; i++) {
		snprintf(fnames[i], sizeof(fnames[i]), "f%u", i);
		t[n++] = reg(fnames[i], 64, F_FPU, "fputype", "float", i, get_fpr, set_fpr);
	}
	for (unsigned i = 0; i < 8; i++) {
		snprintf(ccnames[i], sizeof(ccnames[i]), "fcc%u", i);
		t[n++] = reg(ccnames[i], 8, F_FPU, "uint8", "float", i, get_fcc, set_fcc);
	}
	t[n++] = reg("fcsr", 32, F_FPU, "uint32", "float", 0, get_fcsr, set_fcsr);
	isa->n_g_regs = n;
	/* The CSRs, but BADV: the base feature shows it already. */
	for (unsigned num = 0; num < LA_CSR_LIMIT; num++) {
		const char *name = la_csr_name(num);
		if (name && num != LA_CSR_BADV)
			t[n++] = reg(name, 64, F_CSR, "uint64", "system", num, get_csr, set_csr);
	}
	for (unsigned i = 0; i < 32; i++) {
		snprintf(vnames[i], sizeof(vnames[i]), "vr%u", i);
		t[n++] = reg(vnames[i], 128, F_LSX, "lsxv", "lsx", i, get_vr, set_vr);
	}
	isa->features = features;
	isa->n_features = sizeof(features) / sizeof(features[0]);
	isa->regs = t;
	isa->n_regs = n;
}

/* ------------------------------------------------------------- ONE_REG */

/*
 * KVM's ids (Documentation/virt/kvm/api.rst, arch/loongarch/include/uapi/
 * asm/kvm.h): KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | register set
 * (bits 31:16) | index << 3.
 */
#define KVM_REG_LOONGARCH 0x9000000000000000ull
#define KVM_REG_SIZE_U64 0x0030000000000000ull
#define SET_MASK 0xffffffffffff0000ull
#define SET_GPR (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | 0x00000ull)
#define SET_CSR (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | 0x10000ull)
#define SET_KVM (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | 0x20000ull)
#define SET_FPSIMD (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | 0x30000ull)
#define SET_CPUCFG (KVM_REG_LOONGARCH | KVM_REG_SIZE_U64 | 0x40000ull)
#define KVM_COUNTER (SET_KVM | 1)
#define FPSIMD_FCC 32
#define FPSIMD_FCSR 33

/* Read or write a 64-bit register that lives in memory as it is. */
static int plain(uint64_t *reg, void *val, bool set)
{
	if (set)
		memcpy(reg, val, 8);
	else
		memcpy(val, reg, 8);
	return 0;
}

/* A value that cannot be written. */
static int read_only(uint64_t x, void *val, bool set)
{
	if (set)
		return -1;
	memcpy(val, &x, 8);
	return 0;
}

/* FCC0-7 as KVM's struct kvm_fpu keeps them: one byte each, FCC0 lowest. */
static int fcc_packed(struct la_cpu *c, void *val, bool set)
{
	uint64_t x = 0;
	if (set) {
		memcpy(&x, val, 8);
		for (unsigned i = 0; i < 8; i++)
			c->fcc[i] = (uint8_t)(x >> (8 * i)) & 1;
		return 0;
	}
	for (unsigned i = 0; i < 8; i++)
		x |= (uint64_t)c->fcc[i] << (8 * i);
	memcpy(val, &x, 8);
	return 0;
}

static int fpsimd(struct la_cpu *c, unsigned idx, void *val, bool set)
{
	if (idx < 32)
		return plain(la_fpr(c, idx), val, set);
	if (idx == FPSIMD_FCC)
		return fcc_packed(c, val, set);
	if (idx != FPSIMD_FCSR)
		return -1;
	uint64_t x = c->fcsr;
	if (set) {
		memcpy(&x, val, 8);
		c->fcsr = (uint32_t)x & LA_FCSR_WRITABLE;
		return 0;
	}
	memcpy(val, &x, 8);
	return 0;
}

int la_one_reg(struct core_vcpu *v, uint64_t id, void *val, bool set)
{
	struct la_cpu *c = la(v);
	unsigned idx = (unsigned)(id & 0xffff) >> 3;
	if (id == KVM_COUNTER)
		return read_only(la_stable_counter(c), val, set);
	if (id & 7)
		return -1;
	switch (id & SET_MASK) {
	case SET_GPR:
		if (idx == 32)
			return plain(&v->pc, val, set);
		if (idx >= 32)
			return -1;
		if (set && idx == 0)
			return 0;   /* r0 stays zero */
		return plain(&c->r[idx], val, set);
	case SET_CSR:
		return la_csr_access(c, idx, val, set);
	case SET_FPSIMD:
		return fpsimd(c, idx, val, set);
	case SET_CPUCFG:
		return read_only(la_cpucfg(c, idx), val, set);
	}
	return -1;
}
