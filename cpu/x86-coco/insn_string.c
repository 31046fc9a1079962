/*
 * String instructions (SDM 2: MOVS, CMPS, STOS, LODS, SCAS; SDM 1:7.3.9
 * "String Operations") with REP, REPE and REPNE (SDM 2: REP/REPE/REPZ/
 * REPNE/REPNZ). The source is DS:rSI (FS or GS when overridden in 64-bit
 * mode), the destination ES:rDI (never overridden); rSI, rDI and rCX are
 * used at the address size.
 *
 * A repeated instruction is interruptible (SDM 2: REP, "interruptions"):
 * it runs at most REP_CHUNK iterations per execution and, with work left,
 * branches back to itself, so the engine looks at interrupts and budgets
 * between chunks; a fault leaves rSI, rDI and rCX after the iterations
 * done, RIP at the instruction.
 */
#include "cpu/x86-coco/rows.h"

#define REP_CHUNK 256u

enum str_kind { MOVS, CMPS, STOS, LODS, SCAS };

/*
 * The source's and destination's pages of a REP run (core_tlb_run): NULL
 * for a single execution, which gains nothing from them.
 */
struct str_runs {
	struct core_tlb_run src, dst;
};

X86_INLINE int str_read(struct x86_cpu *c, const struct core_op *op, struct core_tlb_run *r,
			uint64_t la, unsigned n, uint64_t *val)
{
	const void *p = r ? core_tlb_run_host(r, la, n) : NULL;
	if (p) {
		*val = 0;
		__builtin_memcpy(val, p, n);
		return 0;
	}
	int st = x86_read(c, op, la, n, val);
	if (!st && r)
		core_tlb_run_note(r, c->core.tlb, la, false);
	return st;
}

X86_INLINE int str_write(struct x86_cpu *c, const struct core_op *op, struct core_tlb_run *r,
			 uint64_t la, unsigned n, uint64_t val)
{
	void *p = r ? core_tlb_run_host(r, la, n) : NULL;
	if (p) {
		__builtin_memcpy(p, &val, n);
		return 0;
	}
	int st = x86_write(c, op, la, n, val);
	if (!st && r)
		core_tlb_run_note(r, c->core.tlb, la, true);
	return st;
}

X86_INLINE int one(struct x86_cpu *c, const struct core_op *op, unsigned sz, enum str_kind k,
		   uint64_t step, struct str_runs *runs)
{
	unsigned asz = op->f[1], n = 1u << sz;
	uint64_t si = x86_get_reg(c, X86_RSI, asz), di = x86_get_reg(c, X86_RDI, asz), a, b = 0;
	uint64_t src = si + x86_seg_base(c, op), dst = di;
	struct core_tlb_run *rs = runs ? &runs->src : NULL, *rd = runs ? &runs->dst : NULL;
	int st;
	switch (k) {
	case MOVS:
		if ((st = str_read(c, op, rs, src, n, &a)) || (st = str_write(c, op, rd, dst, n, a)))
			return st;
		break;
	case CMPS:
		if ((st = str_read(c, op, rs, src, n, &a)) || (st = str_read(c, op, rd, dst, n, &b)))
			return st;
		x86_lazy_set(c, X86_LF_SUB, sz, a, b, a - b);
		break;
	case STOS:
		if ((st = str_write(c, op, rd, dst, n, c->s.r[X86_RAX])))
			return st;
		break;
	case LODS:
		if ((st = str_read(c, op, rs, src, n, &a)))
			return st;
		x86_set_reg(c, X86_RAX, sz, a);
		break;
	default:   /* SCAS */
		if ((st = str_read(c, op, rd, dst, n, &b)))
			return st;
		a = x86_get_reg(c, X86_RAX, sz);
		x86_lazy_set(c, X86_LF_SUB, sz, a, b, a - b);
		break;
	}
	if (k == MOVS || k == CMPS || k == LODS)
		x86_set_reg(c, X86_RSI, asz, si + step);
	if (k != LODS)
		x86_set_reg(c, X86_RDI, asz, di + step);
	return CORE_OK;
}

X86_INLINE int string_op(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
			 enum str_kind k)
{
	struct x86_cpu *c = x86(v);
	uint64_t step = (c->s.rflags & X86_DF) ? -(uint64_t)(1u << sz) : 1u << sz;
	uint8_t pfx = op->f[2];
	if (!(pfx & (X86_P_REP | X86_P_REPNE)))
		return one(c, op, sz, k, step, NULL);
	struct str_runs runs = { { CORE_TLB_INVALID, 0 }, { CORE_TLB_INVALID, 0 } };
	unsigned asz = op->f[1];
	/* REPE/REPNE only for CMPS and SCAS; the others repeat with either (SDM 2: REP). */
	bool until_ne = (k == CMPS || k == SCAS) && (pfx & X86_P_REP);
	bool until_eq = (k == CMPS || k == SCAS) && (pfx & X86_P_REPNE);
	for (unsigned i = 0; i < REP_CHUNK; i++) {
		uint64_t n = x86_get_reg(c, X86_RCX, asz);
		if (!n) {
			c->core.pc = x86_next_ip(c, op);
			return CORE_BRANCH;
		}
		int st = one(c, op, sz, k, step, &runs);
		if (st)
			return st;
		x86_set_reg(c, X86_RCX, asz, n - 1);
		if (until_ne || until_eq) {
			bool zf = (c->s.lazy.res & x86_mask(sz)) == 0;   /* the SUB just recorded */
			if ((until_ne && !zf) || (until_eq && zf)) {
				c->core.pc = x86_next_ip(c, op);
				return CORE_BRANCH;
			}
		}
	}
	/* Work left: come back to this instruction after the engine's checks. */
	c->core.pc = core_op_pc(&c->core, op);
	if (x86_get_reg(c, X86_RCX, asz) == 0)
		c->core.pc = x86_next_ip(c, op);
	return CORE_BRANCH;
}

#define STR_OP(name, K) X86_FORMS_OF(name, string_op, K)
STR_OP(movs, MOVS)
STR_OP(cmps, CMPS)
STR_OP(stos, STOS)
STR_OP(lods, LODS)
STR_OP(scas, SCAS)

#define STR(opc, sz, nm, ops, e) X86_ROW(B, opc, ANY, -1, MN, NI, sz, CORE_CLASS_STORE, X86_F_REP, nm, ops, e)

static const struct x86_row rows[] = {
	STR(0xa4, X86_SZ_B, "movs*", "Yb,Xb", &movs_exec),
	STR(0xa5, X86_SZ_V, "movs*", "Yv,Xv", &movs_exec),
	STR(0xa6, X86_SZ_B, "cmps*", "Xb,Yb", &cmps_exec),
	STR(0xa7, X86_SZ_V, "cmps*", "Xv,Yv", &cmps_exec),
	STR(0xaa, X86_SZ_B, "stos*", "Yb,AL", &stos_exec),
	STR(0xab, X86_SZ_V, "stos*", "Yv,rAX", &stos_exec),
	STR(0xac, X86_SZ_B, "lods*", "AL,Xb", &lods_exec),
	STR(0xad, X86_SZ_V, "lods*", "rAX,Xv", &lods_exec),
	STR(0xae, X86_SZ_B, "scas*", "AL,Yb", &scas_exec),
	STR(0xaf, X86_SZ_V, "scas*", "rAX,Yv", &scas_exec),
};

const struct x86_table x86_table_string = { rows, sizeof(rows) / sizeof(rows[0]) };
