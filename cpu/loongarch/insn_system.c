/*
 * LA64 system instructions (LA RM 2.2.9 "Other Miscellaneous Instructions",
 * 4.2 "Privileged Instructions"): the rows come from la_system.decode.
 * HVCL and CPUCFG's hypervisor leaves leave the vCPU for hvsim's
 * hypervisor (hv/kvm_loongarch.c) through the single hypercall path.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

static uint64_t next_pc(struct core_vcpu *v, const struct core_op *op)
{
	return core_op_pc(v, op) + 4;
}

/* BREAK (2.2.9.3): BRK, taken at the BREAK itself. */
static int h_break(struct core_vcpu *v, const struct core_op *op)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_BRK, 0, 0, op->insn, false);
}

/* SYSCALL (2.2.9.2): SYS, ERA = the SYSCALL (the kernel adds 4). */
static int h_syscall(struct core_vcpu *v, const struct core_op *op)
{
	return la_exception(la(v), core_op_pc(v, op), LA_EXC_SYS, 0, 0, op->insn, false);
}

/*
 * HVCL code: a hypercall to the hypervisor, which hvsim is. The vCPU exits
 * with HYPERCALL; the return lands after the HVCL.
 */
static int h_hvcl(struct core_vcpu *v, const struct core_op *op)
{
	v->exit_info = (struct core_exit_info){
		.pc = core_op_pc(v, op), .conduit = LA_CONDUIT_HVCL, .immediate = (uint32_t)op->imm,
	};
	v->pc = next_pc(v, op);
	v->exit = CORE_EXIT_HYPERCALL;
	return CORE_EXIT;
}

/* DBAR, IBAR (2.2.8): memory is coherent and in order here; IBAR ends the block. */
static int h_barrier(struct core_vcpu *v, const struct core_op *op)
{
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

/*
 * CPUCFG rd, rj (2.2.10.5): the configuration word rj names. The leaves
 * 0x40000000-0x400000ff are the hypervisor's (KVM's "KVM\0" signature and
 * features): they exit to hvsim's hypervisor like a hypercall.
 */
static int h_cpucfg(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t leaf = c->r[op->r[1]];
	if (leaf >= LA_CPUCFG_HV_FIRST && leaf <= LA_CPUCFG_HV_LAST) {
		c->cpucfg_rd = op->r[0];
		c->cpucfg_leaf = leaf;
		v->exit_info = (struct core_exit_info){
			.pc = core_op_pc(v, op), .conduit = LA_CONDUIT_CPUCFG,
		};
		v->pc = next_pc(v, op);
		v->exit = CORE_EXIT_HYPERCALL;
		return CORE_EXIT;
	}
	c->r[op->r[0]] = la_cpucfg(c, leaf);
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

/* CSRRD, CSRWR, CSRXCHG (4.2.1): an unimplemented CSR reads 0 and ignores writes. */
static int h_csrrd(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t val = 0;
	la_csr_access(c, (unsigned)op->imm, &val, false);
	c->r[op->r[0]] = val;
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

static int h_csrwr(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t old = 0, val = c->r[op->r[2]];
	la_csr_access(c, (unsigned)op->imm, &old, false);
	la_csr_access(c, (unsigned)op->imm, &val, true);
	c->r[op->r[0]] = old;
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

/* CSRXCHG: csr = (csr & ~rj) | (rd & rj); rd = the old value. */
static int h_csrxchg(struct core_vcpu *v, const struct core_op *op)
{
	struct la_cpu *c = la(v);
	uint64_t old = 0, mask = c->r[op->r[1]];
	la_csr_access(c, (unsigned)op->imm, &old, false);
	uint64_t val = (old & ~mask) | (c->r[op->r[2]] & mask);
	la_csr_access(c, (unsigned)op->imm, &val, true);
	c->r[op->r[0]] = old;
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

static int h_ertn(struct core_vcpu *v, const struct core_op *op)
{
	return la_ertn(la(v));
}

/* IDLE level (4.2.5): wait for an interrupt (the wake rule is la_take_irq's). */
static int h_idle(struct core_vcpu *v, const struct core_op *op)
{
	v->pc = next_pc(v, op);
	if (!v->irq_pending) {
		v->halted = true;
		v->halt_kind = CORE_HALT_IRQ;
		core_vcpu_kick(v);
	}
	return CORE_BRANCH;
}

#include "cpu/loongarch/la_system_decode.inc"

const struct la_table la_table_system = {
	la_system_rows, sizeof(la_system_rows) / sizeof(la_system_rows[0]), la_system_disasm,
};
