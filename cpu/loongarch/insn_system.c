/*
 * LA64 system instructions (LA RM 2.2.8, 2.2.10, 4.2 "Privileged
 * Instructions"): the rows come from la_system.decode, which decides at
 * decode what PLV alone decides (IPE), and which ops end their block.
 * HVCL and CPUCFG's hypervisor leaves leave the vCPU for hvsim's
 * hypervisor (hv/) through the single hypercall path.
 */
#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

#define R(op, i) (la(v)->r[(op)->r[i]])

static uint64_t next_pc(struct core_vcpu *v, const struct core_op *op)
{
	return core_op_pc(v, op) + 4;
}

/* An exception raised by the instruction itself (its word in BADI, no address). */
static int trap(struct core_vcpu *v, const struct core_op *op, unsigned ecode, bool retired)
{
	struct la_cpu *c = la(v);
	return la_exception(c, core_op_pc(v, op), ecode, 0, c->csr.badv, op->insn, retired);
}

/* BREAK, SYSCALL (2.2.10.1-2): BRK, SYS, with ERA the instruction itself (the kernel steps past it). */
CORE_HANDLER(h_break)
{
	return trap(v, op, LA_EXC_BRK, true);
}

CORE_HANDLER(h_syscall)
{
	return trap(v, op, LA_EXC_SYS, true);
}

/*
 * HVCL code: a hypercall to the hypervisor, which hvsim is. The vCPU exits
 * with HYPERCALL; the return lands after the HVCL. At every PLV: KVM
 * (arch/loongarch/kvm/exit.c, kvm_handle_hypercall) serves an HVCL without
 * looking at the guest's privilege level, so a PLV3 HVCL is a hypercall
 * like any other (an unknown code answers a0 = -1 and goes on).
 */
CORE_HANDLER(h_hvcl)
{
	v->exit_info = (struct core_exit_info){
		.pc = core_op_pc(v, op), .conduit = LA_CONDUIT_HVCL, .immediate = (uint32_t)op->imm,
	};
	v->pc = next_pc(v, op);
	v->exit = CORE_EXIT_HYPERCALL;
	return CORE_EXIT;
}

/*
 * RDTIMEL.W, RDTIMEH.W, RDTIME.D rd, rj (2.2.10.4): rd the stable counter
 * (plus CNTC, 7.6.4) or its low or high word sign-extended, rj the counter
 * ID (CSR.TID). MISC.DRDTL1-3 make it IPE at PLV1-3 (7.4.4). Each ends its
 * block, so the counter is read at the instruction's own retirement.
 */
static int rdtime(struct core_vcpu *v, const struct core_op *op, unsigned shift, bool word)
{
	struct la_cpu *c = la(v);
	unsigned plv = la_plv(c);
	if (plv && ((c->csr.misc >> (4 + plv)) & 1))
		return trap(v, op, LA_EXC_IPE, false);
	uint64_t count = (la_stable_counter(c) + c->csr.cntc) >> shift, tid;
	la_csr_access(c, LA_CSR_TID, &tid, false);
	c->r[op->r[1]] = tid;
	c->r[op->r[0]] = word ? (uint64_t)(int64_t)(int32_t)count : count;
	return CORE_OK;
}

CORE_HANDLER(h_rdtimel_w)
{
	return rdtime(v, op, 0, true);
}

CORE_HANDLER(h_rdtimeh_w)
{
	return rdtime(v, op, 32, true);
}

CORE_HANDLER(h_rdtime_d)
{
	return rdtime(v, op, 0, false);
}

/*
 * CPUCFG rd, rj (2.2.10.5): the configuration word rj names. The leaves
 * 0x40000000-0x400000ff are the hypervisor's (KVM's "KVM\0" signature and
 * features): they exit to hvsim's hypervisor like a hypercall.
 */
CORE_HANDLER(h_cpucfg)
{
	struct la_cpu *c = la(v);
	uint64_t leaf = R(op, 1);
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
	R(op, 0) = la_cpucfg(c, leaf);
	return CORE_OK;
}

/* DBAR (2.2.8.1): accesses are performed in order here already. */
CORE_HANDLER(h_dbar)
{
	return CORE_OK;
}

/* IBAR (2.2.8.2): the next instruction is fetched, and decoded, anew. */
CORE_HANDLER(h_ibar)
{
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

/*
 * CSRRD, CSRWR, CSRXCHG (4.2.1): an unimplemented CSR reads 0 and ignores
 * writes. A write ends the block: what it sets off (mode, translation,
 * interrupts) applies from the next instruction on.
 */
CORE_HANDLER(h_csrrd)
{
	uint64_t val = 0;
	la_csr_access(la(v), (unsigned)op->imm, &val, false);
	R(op, 0) = val;
	return CORE_OK;
}

/* Write `val` into the CSR; rd gets the old value. */
static int csr_exchange(struct core_vcpu *v, const struct core_op *op, uint64_t old, uint64_t val)
{
	la_csr_access(la(v), (unsigned)op->imm, &val, true);
	R(op, 0) = old;
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

CORE_HANDLER(h_csrwr)
{
	uint64_t old = 0;
	la_csr_access(la(v), (unsigned)op->imm, &old, false);
	return csr_exchange(v, op, old, R(op, 2));
}

/* CSRXCHG: csr = (csr & ~rj) | (rd & rj). */
CORE_HANDLER(h_csrxchg)
{
	uint64_t old = 0, mask = R(op, 1);
	la_csr_access(la(v), (unsigned)op->imm, &old, false);
	return csr_exchange(v, op, old, (old & ~mask) | (R(op, 2) & mask));
}

/*
 * IOCSRRD.{B,H,W,D}, IOCSRWR.{B,H,W,D} (4.2.2): an access of f0 bytes to
 * the IOCSR space at rj, as this vCPU (per-core devices answer by
 * requester). Reads sign-extend; a register nobody implements reads 0 and
 * ignores writes.
 */
CORE_HANDLER(h_iocsrrd)
{
	struct la_cpu *c = la(v);
	unsigned size = op->f[0];
	uint64_t val = 0;
	if (!c->plat.iocsr || !mem_guest_io(c->plat.iocsr, &v->req, R(op, 1), size, false, &val))
		val = 0;
	unsigned pad = 64 - 8 * size;
	R(op, 0) = (uint64_t)((int64_t)(val << pad) >> pad);
	return CORE_OK;
}

CORE_HANDLER(h_iocsrwr)
{
	struct la_cpu *c = la(v);
	unsigned size = op->f[0];
	uint64_t val = R(op, 2) & (~0ull >> (64 - 8 * size));
	if (c->plat.iocsr)
		mem_guest_io(c->plat.iocsr, &v->req, R(op, 1), size, true, &val);
	return CORE_OK;
}

/*
 * CACOP code, rj, si12 (4.2.3): no cache is modelled, so no operation
 * changes what the guest sees; but a hit operation (code[4:3] = 2) looks
 * its address up as a load does, with the TLB's exceptions (not the
 * alignment ones).
 */
CORE_HANDLER(h_cacop)
{
	if (((op->f[0] >> 3) & 3) == 2)
		return la_mem_probe(la(v), op, R(op, 1) + op->imm, LA_READ);
	return CORE_OK;
}

/* LDDIR rd, rj, level; LDPTE rj, seq (4.2.5): mmu.c walks. */
CORE_HANDLER(h_lddir)
{
	R(op, 0) = la_lddir(la(v), R(op, 1), (unsigned)op->imm);
	return CORE_OK;
}

CORE_HANDLER(h_ldpte)
{
	la_ldpte(la(v), R(op, 1), (unsigned)op->imm);
	return CORE_OK;
}

/* The TLB instructions (4.2.4) end their block: what follows is fetched through the new TLB. */
static int tlb_done(struct core_vcpu *v, const struct core_op *op)
{
	v->pc = next_pc(v, op);
	return CORE_SYNC;
}

CORE_HANDLER(h_tlbclr)
{
	la_tlb_clear(la(v), false);
	return tlb_done(v, op);
}

CORE_HANDLER(h_tlbflush)
{
	la_tlb_clear(la(v), true);
	return tlb_done(v, op);
}

CORE_HANDLER(h_tlbsrch)
{
	la_tlb_search(la(v));
	return tlb_done(v, op);
}

CORE_HANDLER(h_tlbrd)
{
	la_tlb_read(la(v));
	return tlb_done(v, op);
}

CORE_HANDLER(h_tlbwr)
{
	la_tlb_write(la(v), false);
	return tlb_done(v, op);
}

CORE_HANDLER(h_tlbfill)
{
	la_tlb_write(la(v), true);
	return tlb_done(v, op);
}

/* INVTLB op, rj, rk (4.2.4.7): ops 0-6; any other is INE ("a reserved instruction"), at decode. */
static bool invtlb_op(uint32_t insn, struct core_op *op)
{
	return (insn & 31) <= 6;
}

CORE_HANDLER(h_invtlb)
{
	la_tlb_invalidate(la(v), (unsigned)op->imm, R(op, 1), R(op, 2));
	return tlb_done(v, op);
}

CORE_HANDLER(h_ertn)
{
	return la_ertn(la(v));
}

/*
 * IDLE level (4.2.6): wait for an interrupt; after it, execution goes on
 * after the IDLE. A pending interrupt (ESTAT.IS & ECFG.LIE) ends the wait
 * whatever CRMD.IE: la_take_irq's wake rule.
 */
CORE_HANDLER(h_idle)
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
