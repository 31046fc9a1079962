/*
 * x86-64 registers as a debugger sees them, in gdb's i386:x86-64
 * numbering (gdb/features/i386/64bit-core.xml, 64bit-sse.xml): RAX, RBX,
 * RCX, RDX, RSI, RDI, RBP, RSP, R8-R15, RIP, EFLAGS, CS, SS, DS, ES, FS,
 * GS, ST0-ST7, the x87 control registers, then XMM0-XMM15 and MXCSR;
 * then hvsim's system feature (FS and GS bases, control registers, EFER).
 */
#include "cpu/x86-coco/debug.h"

static const char sse_types[] =
	"<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
	"<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
	"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
	"<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
	"<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
	"<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
	"<union id=\"vec128\"><field name=\"v4_float\" type=\"v4f\"/>"
	"<field name=\"v2_double\" type=\"v2d\"/><field name=\"v16_int8\" type=\"v16i8\"/>"
	"<field name=\"v8_int16\" type=\"v8i16\"/><field name=\"v4_int32\" type=\"v4i32\"/>"
	"<field name=\"v2_int64\" type=\"v2i64\"/><field name=\"uint128\" type=\"uint128\"/></union>\n";

enum { F_CORE, F_SSE, F_SYS };
_Static_assert(F_SYS + 1 == X86_REG_FEATURES, "debug.h counts the features");
const struct core_reg_feature x86_reg_features[X86_REG_FEATURES] = {
	[F_CORE] = { "org.gnu.gdb.i386.core", NULL },
	[F_SSE] = { "org.gnu.gdb.i386.sse", sse_types },
	[F_SYS] = { "org.hvsim.x86.system", NULL },
};

/* What a register is, for the accessors: its place in struct x86_state or a kind. */
enum {
	K_GPR, K_RIP, K_FLAGS, K_SEG, K_ST, K_FPU_CTL, K_XMM, K_MXCSR, K_SEG_BASE, K_SYS,
};
#define ARG(kind, i) ((uint32_t)(kind) << 8 | (i))

/* FXSAVE's abridged tag (bit i: R(i) valid) as the full tag word gdb shows: 00 valid, 11 empty. */
static uint32_t full_tag(uint8_t ftw)
{
	uint32_t t = 0;
	for (unsigned i = 0; i < 8; i++)
		t |= (ftw >> i & 1 ? 0u : 3u) << (2 * i);
	return t;
}

/* The x87 control registers gdb lists: fctrl, fstat, ftag, fiseg, fioff, foseg, fooff, fop. */
static uint32_t fpu_ctl(const struct x86_state *s, unsigned i)
{
	switch (i) {
	case 0: return s->fcw;
	case 1: return s->fsw;
	case 2: return full_tag(s->ftw);
	case 4: return (uint32_t)s->fip;
	case 6: return (uint32_t)s->fdp;
	case 7: return s->fop;
	default: return 0;   /* fiseg, foseg: 0 in 64-bit mode */
	}
}

/* The system registers of hvsim's feature, in table order. */
static uint64_t *sys_reg(struct x86_state *s, unsigned i)
{
	uint64_t *regs[] = { &s->kernel_gs_base, &s->cr0, &s->cr2, &s->cr3, &s->cr4, &s->cr8, &s->efer };
	return regs[i];
}

static bool get(struct core_vcpu *v, const struct core_reg *r, void *val)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	unsigned i = r->arg & 0xff;
	uint64_t x = 0;
	switch (r->arg >> 8) {
	case K_GPR: x = s->r[i]; break;
	case K_RIP: x = v->pc; break;
	case K_FLAGS: x = x86_flags(c); break;
	case K_SEG: x = s->seg[i].sel; break;
	case K_ST:
		memcpy(val, &s->st[i].mant, 8);
		memcpy((uint8_t *)val + 8, &s->st[i].sexp, 2);
		return true;
	case K_FPU_CTL: x = fpu_ctl(s, i); break;
	case K_XMM: memcpy(val, &s->xmm[i], 16); return true;
	case K_MXCSR: x = s->mxcsr; break;
	case K_SEG_BASE: x = s->seg[i].base; break;
	default: x = *sys_reg(s, i); break;
	}
	memcpy(val, &x, r->bits / 8);
	return true;
}

/*
 * Writes: the general registers, RIP, RFLAGS, the XMM registers and
 * MXCSR; segment and system registers are read-only here (a selector
 * write would need the descriptor load, a CR write the mode change).
 */
static bool set(struct core_vcpu *v, const struct core_reg *r, const void *val)
{
	struct x86_cpu *c = x86(v);
	unsigned i = r->arg & 0xff;
	uint64_t x = 0;
	memcpy(&x, val, r->bits / 8 < 8 ? r->bits / 8 : 8);
	switch (r->arg >> 8) {
	case K_GPR: c->s.r[i] = x; return true;
	case K_RIP: v->pc = x; return true;
	case K_FLAGS: x86_set_flags(c, x); return true;
	case K_XMM: memcpy(&c->s.xmm[i], val, 16); return true;
	case K_MXCSR: c->s.mxcsr = (uint32_t)x; return true;
	default: return false;
	}
}

const struct core_reg x86_regs[] = {
	{ "rax", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RAX), get, set },
	{ "rbx", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RBX), get, set },
	{ "rcx", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RCX), get, set },
	{ "rdx", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RDX), get, set },
	{ "rsi", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RSI), get, set },
	{ "rdi", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_RDI), get, set },
	{ "rbp", 64, F_CORE, "data_ptr", "general", ARG(K_GPR, X86_RBP), get, set },
	{ "rsp", 64, F_CORE, "data_ptr", "general", ARG(K_GPR, X86_RSP), get, set },
	{ "r8", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R8), get, set },
	{ "r9", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R9), get, set },
	{ "r10", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R10), get, set },
	{ "r11", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R11), get, set },
	{ "r12", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R12), get, set },
	{ "r13", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R13), get, set },
	{ "r14", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R14), get, set },
	{ "r15", 64, F_CORE, "int64", "general", ARG(K_GPR, X86_R15), get, set },
	{ "rip", 64, F_CORE, "code_ptr", "general", ARG(K_RIP, 0), get, set },
	{ "eflags", 32, F_CORE, "int32", "general", ARG(K_FLAGS, 0), get, set },
	{ "cs", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_CS), get, set },
	{ "ss", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_SS), get, set },
	{ "ds", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_DS), get, set },
	{ "es", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_ES), get, set },
	{ "fs", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_FS), get, set },
	{ "gs", 32, F_CORE, "int32", "general", ARG(K_SEG, X86_GS), get, set },
	{ "st0", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 0), get, set },
	{ "st1", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 1), get, set },
	{ "st2", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 2), get, set },
	{ "st3", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 3), get, set },
	{ "st4", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 4), get, set },
	{ "st5", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 5), get, set },
	{ "st6", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 6), get, set },
	{ "st7", 80, F_CORE, "i387_ext", "float", ARG(K_ST, 7), get, set },
	{ "fctrl", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 0), get, set },
	{ "fstat", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 1), get, set },
	{ "ftag", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 2), get, set },
	{ "fiseg", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 3), get, set },
	{ "fioff", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 4), get, set },
	{ "foseg", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 5), get, set },
	{ "fooff", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 6), get, set },
	{ "fop", 32, F_CORE, "int", "float", ARG(K_FPU_CTL, 7), get, set },
	{ "xmm0", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 0), get, set },
	{ "xmm1", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 1), get, set },
	{ "xmm2", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 2), get, set },
	{ "xmm3", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 3), get, set },
	{ "xmm4", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 4), get, set },
	{ "xmm5", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 5), get, set },
	{ "xmm6", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 6), get, set },
	{ "xmm7", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 7), get, set },
	{ "xmm8", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 8), get, set },
	{ "xmm9", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 9), get, set },
	{ "xmm10", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 10), get, set },
	{ "xmm11", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 11), get, set },
	{ "xmm12", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 12), get, set },
	{ "xmm13", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 13), get, set },
	{ "xmm14", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 14), get, set },
	{ "xmm15", 128, F_SSE, "vec128", "vector", ARG(K_XMM, 15), get, set },
	{ "mxcsr", 32, F_SSE, "int", "vector", ARG(K_MXCSR, 0), get, set },
	{ "fs_base", 64, F_SYS, "int64", "system", ARG(K_SEG_BASE, X86_FS), get, set },
	{ "gs_base", 64, F_SYS, "int64", "system", ARG(K_SEG_BASE, X86_GS), get, set },
	{ "k_gs_base", 64, F_SYS, "int64", "system", ARG(K_SYS, 0), get, set },
	{ "cr0", 64, F_SYS, "int64", "system", ARG(K_SYS, 1), get, set },
	{ "cr2", 64, F_SYS, "int64", "system", ARG(K_SYS, 2), get, set },
	{ "cr3", 64, F_SYS, "int64", "system", ARG(K_SYS, 3), get, set },
	{ "cr4", 64, F_SYS, "int64", "system", ARG(K_SYS, 4), get, set },
	{ "cr8", 64, F_SYS, "int64", "system", ARG(K_SYS, 5), get, set },
	{ "efer", 64, F_SYS, "int64", "system", ARG(K_SYS, 6), get, set },
};
_Static_assert(sizeof(x86_regs) / sizeof(x86_regs[0]) == X86_N_REGS, "debug.h counts the registers");
