/*
 * Flag, identification, time and hypercall instructions (SDM 2: CLC, STC,
 * CMC, CLD, STD, CLI, STI, LAHF, SAHF, CPUID, RDTSC, HLT, WBINVD, UD2, INT3,
 * INT n, INT1; VMCALL, APM 3: VMMCALL). Those a hypervisor may intercept
 * ask the route table first (x86_route): a handler never knows which
 * confidential-computing model runs.
 */
#include "cpu/x86-coco/rows.h"

/* Leave the CPU for hvsim through `conduit`, resuming after the instruction. */
static int exit_to_hv(struct x86_cpu *c, const struct core_op *op, unsigned conduit)
{
	c->core.exit_info = (struct core_exit_info){
		.pc = core_op_pc(&c->core, op), .conduit = (uint8_t)conduit, .context = c->ctx,
	};
	c->hcall_len = op->len;
	c->core.pc = x86_next_ip(c, op);
	c->core.exit = CORE_EXIT_HYPERCALL;
	return CORE_EXIT;
}

/* ------------------------------------------------------------- flags */

/* CLC, STC, CMC, CLD, STD: set, clear or flip one flag (SDM 2). */
X86_INLINE int flag_op(struct x86_cpu *c, uint64_t flag, int how)
{
	uint64_t f = x86_flags(c);
	x86_set_flags(c, how > 0 ? f | flag : how < 0 ? f & ~flag : f ^ flag);
	return CORE_OK;
}
CORE_HANDLER(clc) { return flag_op(x86(v), X86_CF, -1); }
CORE_HANDLER(stc) { return flag_op(x86(v), X86_CF, 1); }
CORE_HANDLER(cmc) { return flag_op(x86(v), X86_CF, 0); }
CORE_HANDLER(cld) { return flag_op(x86(v), X86_DF, -1); }
CORE_HANDLER(std_) { return flag_op(x86(v), X86_DF, 1); }

/* CLI/STI need CPL <= IOPL in protected mode without VME/PVI (SDM 2: CLI, STI). */
static bool iopl_ok(const struct x86_cpu *c)
{
	return x86_cpl(c) <= ((c->s.rflags & X86_IOPL) >> 12);
}

CORE_HANDLER(cli)
{
	struct x86_cpu *c = x86(v);
	if (!iopl_ok(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.rflags &= ~(uint64_t)X86_IF;
	return CORE_OK;
}

/*
 * STI: IF = 1, and interrupts wait until the next instruction has
 * retired (SDM 3:6.8.3) when IF was 0: the engine runs it alone and
 * calls x86_boundary, which ends the shadow.
 */
CORE_HANDLER(sti)
{
	struct x86_cpu *c = x86(v);
	if (!iopl_ok(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	if (!(c->s.rflags & X86_IF)) {
		c->s.rflags |= X86_IF;
		c->s.sti_shadow = true;
		core_vcpu_boundary(v);
	}
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}

/* LAHF/SAHF: AH <-> SF:ZF:0:AF:0:PF:1:CF (SDM 2: LAHF, SAHF). */
CORE_HANDLER(lahf)
{
	struct x86_cpu *c = x86(v);
	*x86_reg8(c, X86_AH) = (uint8_t)((x86_flags(c) & 0xd5) | 2);
	return CORE_OK;
}
CORE_HANDLER(sahf)
{
	struct x86_cpu *c = x86(v);
	x86_set_flags(c, (x86_flags(c) & ~0xd5ull) | (*x86_reg8(c, X86_AH) & 0xd5));
	return CORE_OK;
}

/* --------------------------------------------------- identification, time */

/*
 * CPUID: the route table first (a CoCo model may intercept); then the
 * hypervisor's leaves go to hvsim (its identification tables answer,
 * hcall_results writes EAX-EDX), the rest to this CPU's table (cpuid.c).
 */
CORE_HANDLER(cpuid)
{
	struct x86_cpu *c = x86(v);
	uint32_t leaf = (uint32_t)c->s.r[X86_RAX], sub = (uint32_t)c->s.r[X86_RCX], out[4];
	struct x86_event_info info = { .qual = leaf, .value = sub, .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_CPUID, &info);
	if (st)
		return st;
	if (leaf >= c->plat.hv_leaf_first && leaf <= c->plat.hv_leaf_last)
		return exit_to_hv(c, op, X86_CONDUIT_CPUID);
	x86_cpuid(c, leaf, sub, out);
	static const uint8_t regs[4] = { X86_RAX, X86_RBX, X86_RCX, X86_RDX };
	for (int i = 0; i < 4; i++)
		c->s.r[regs[i]] = out[i];
	return CORE_OK;
}

uint64_t x86_tsc(struct x86_cpu *c)
{
	return core_clock_scale(c->core.cycles, c->core.timing->hz, c->plat.tsc_hz) + c->s.tsc_offset;
}

/*
 * The TSCs of one machine are synchronized (what Linux's TSC warp check,
 * arch/x86/kernel/tsc_sync.c, verifies: a read on one CPU that another
 * CPU sees, through memory, must not be behind a later read there). The
 * vCPUs' virtual times differ by up to a scheduling quantum, so a vCPU
 * that runs behind reads at least the highest count any vCPU has read
 * (plat.tsc_latest); its own time catches up within the quantum. With one
 * vCPU the count is its own time.
 */
uint64_t x86_tsc_read(struct x86_cpu *c)
{
	uint64_t t = core_clock_scale(c->core.cycles, c->core.timing->hz, c->plat.tsc_hz);
	uint64_t *latest = c->plat.tsc_latest;
	if (latest) {
		if (t < *latest)
			t = *latest;
		*latest = t;
	}
	return t + c->s.tsc_offset;
}

/* RDTSC: EDX:EAX = the TSC; #GP(0) above CPL 0 with CR4.TSD (SDM 2: RDTSC). */
static int read_tsc(struct x86_cpu *c, const struct core_op *op, enum x86_event ev)
{
	if ((c->s.cr4 & X86_CR4_TSD) && x86_cpl(c))
		return x86_fault(c, op, X86_EXC_GP, 0);
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, ev, &info);
	if (st)
		return st;
	uint64_t t = x86_tsc_read(c);
	c->s.r[X86_RAX] = (uint32_t)t;
	c->s.r[X86_RDX] = t >> 32;
	return CORE_OK;
}
CORE_HANDLER(rdtsc)
{
	return read_tsc(x86(v), op, X86_EV_RDTSC);
}
/* RDTSCP (0F 01 F9): RDTSC and ECX = IA32_TSC_AUX (SDM 2: RDTSCP). */
CORE_HANDLER(rdtscp)
{
	struct x86_cpu *c = x86(v);
	int st = read_tsc(c, op, X86_EV_RDTSCP);
	if (!st)
		c->s.r[X86_RCX] = (uint32_t)c->s.tsc_aux;
	return st;
}

/* STAC, CLAC (0F 01 CB, CA): RFLAGS.AC for SMAP; #UD above CPL 0 (SDM 2: STAC). */
static int set_ac(struct x86_cpu *c, const struct core_op *op, bool ac)
{
	if (x86_cpl(c))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	c->s.rflags = ac ? c->s.rflags | X86_AC : c->s.rflags & ~(uint64_t)X86_AC;
	return CORE_OK;
}
CORE_HANDLER(stac)
{
	return set_ac(x86(v), op, true);
}
CORE_HANDLER(clac)
{
	return set_ac(x86(v), op, false);
}

/*
 * RDRAND, RDSEED r16/32/64 (0F C7 /6, /7): a deterministic sequence from
 * x86_platform.rng_seed (splitmix64), so runs repeat; always valid: CF = 1,
 * OF SF ZF AF PF = 0 (SDM 2: RDRAND).
 */
X86_INLINE int rdrand(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	uint64_t z = (c->rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	x86_set_reg(c, op->r[1], sz, z ^ (z >> 31));
	x86_set_flags(c, (x86_flags(c) & ~(uint64_t)X86_ARITH_FLAGS) | X86_CF);
	return CORE_OK;
}
X86_FORMS(rdrand)

/* HLT: sleep until an interrupt that IF lets through (x86_take_irq decides). */
CORE_HANDLER(hlt)
{
	struct x86_cpu *c = x86(v);
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_HLT, &info);
	if (st)
		return st;
	v->pc = x86_next_ip(c, op);
	v->halted = true;
	v->halt_kind = CORE_HALT_IRQ;
	core_vcpu_kick(v);
	return CORE_BRANCH;
}

/* WBINVD (0F 09): a hypervisor may intercept it; caches are not modelled, so nothing else happens. */
CORE_HANDLER(wbinvd)
{
	struct x86_event_info info = { .insn_len = op->len };
	return x86_route(x86(v), op, X86_EV_WBINVD, &info);
}

/*
 * MONITOR (0F 01 C8), MWAIT (0F 01 C9): interceptable (SEV-ES: a #VC);
 * otherwise #UD, as on a processor without them (CPUID.1:ECX.MONITOR is
 * clear here).
 */
CORE_HANDLER(monitor)
{
	return x86_route_or_ud(x86(v), op, X86_EV_MONITOR);
}
CORE_HANDLER(mwait)
{
	return x86_route_or_ud(x86(v), op, X86_EV_MWAIT);
}

/*
 * VMCALL (Intel), VMMCALL (AMD): the hypercall instructions, through the
 * route table; with no hypervisor to take them, bare metal has none either
 * (SDM 2: VMCALL #UD outside VMX).
 */
CORE_HANDLER(vmcall)
{
	return x86_route_or_ud(x86(v), op, X86_EV_VMCALL);
}
CORE_HANDLER(vmmcall)
{
	return x86_route_or_ud(x86(v), op, X86_EV_VMMCALL);
}

/* INT3 (CC), INT n (CD), INT1 (F1): software traps through the IDT. */
CORE_HANDLER(int3)
{
	return x86_trap(x86(v), op, X86_EXC_BP, true);
}
CORE_HANDLER(int_n)
{
	return x86_trap(x86(v), op, (unsigned)op->imm & 0xff, true);
}
CORE_HANDLER(int1)
{
	return x86_trap(x86(v), op, X86_EXC_DB, false);
}

/* ------------------------------------------------- system registers */

bool x86_hv_msr(const struct x86_cpu *c, uint32_t index)
{
	for (unsigned i = 0; i < 2; i++)
		if (c->plat.hv_msrs[i].last && index >= c->plat.hv_msrs[i].first &&
		    index <= c->plat.hv_msrs[i].last)
			return true;
	return false;
}

/* RDMSR, WRMSR: ECX the index, EDX:EAX the value; the route table, the hypervisor's, then msr.c. */
static int msr_access(struct x86_cpu *c, const struct core_op *op, bool write)
{
	uint32_t index = (uint32_t)c->s.r[X86_RCX];
	uint64_t val = (uint32_t)c->s.r[X86_RAX] | c->s.r[X86_RDX] << 32;
	struct x86_event_info info = { .qual = index, .value = val, .insn_len = op->len };
	int st = x86_msr_unintercepted(c, index) ? 0 : x86_route(c, op, write ? X86_EV_WRMSR : X86_EV_RDMSR, &info);
	if (st)
		return st;
	if (x86_hv_msr(c, index))
		return exit_to_hv(c, op, write ? X86_CONDUIT_WRMSR : X86_CONDUIT_RDMSR);
	if (write ? !x86_msr_write(c, index, val) : !x86_msr_read(c, index, &val))
		return x86_fault(c, op, X86_EXC_GP, 0);
	if (!write) {
		c->s.r[X86_RAX] = (uint32_t)val;
		c->s.r[X86_RDX] = val >> 32;
	}
	c->core.pc = x86_next_ip(c, op);
	return CORE_SYNC;   /* EFER, the TSC offset...: later instructions see the new state */
}
CORE_HANDLER(rdmsr)
{
	return msr_access(x86(v), op, false);
}
CORE_HANDLER(wrmsr)
{
	return msr_access(x86(v), op, true);
}

/* MOV r, CRn (0F 20) and MOV CRn, r (0F 22): r[0] the CR, r[1] the register. */
/* The register operand is 64 bits in 64-bit mode, else 32 (X86_SZ_Y; SDM 2: MOV Control Registers). */
CORE_HANDLER(mov_from_cr)
{
	struct x86_cpu *c = x86(v);
	x86_set_reg(c, op->r[1], op->f[3], x86_get_cr(c, op->r[0]));
	return CORE_OK;
}
CORE_HANDLER(mov_to_cr)
{
	struct x86_cpu *c = x86(v);
	if (!x86_set_cr(c, op->r[0], x86_get_reg(c, op->r[1], op->f[3])))
		return x86_fault(c, op, X86_EXC_GP, 0);
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}

/*
 * MOV r64, DRn (0F 21) and MOV DRn, r64 (0F 23): r[0] the DR, r[1] the
 * register (SDM 3:18.2). DR4 and DR5 are DR6 and DR7 without CR4.DE and
 * #UD with it; DR6 and DR7 keep their fixed bits (DR6 15:12 and 31:16,
 * DR7 bit 10 read as 1) and take no upper half (#GP). The registers are
 * kept for the guest to read back: no breakpoint fires yet.
 */
static int mov_dr(struct core_vcpu *v, const struct core_op *op, bool to_dr)
{
	struct x86_cpu *c = x86(v);
	unsigned n = op->r[0];
	if (n == 4 || n == 5) {
		if (c->s.cr4 & X86_CR4_DE)
			return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
		n += 2;
	}
	if (n == 7) {
		/* DR7 is interceptable (SEV-ES: a #VC, APM 2:15.35.5); the other DRs are not. */
		struct x86_event_info info = { .reg = op->r[1], .insn_len = op->len };
		int st = x86_route(c, op, to_dr ? X86_EV_DR7_WRITE : X86_EV_DR7_READ, &info);
		if (st)
			return st;
	}
	if (!to_dr) {
		c->s.r[op->r[1]] = c->s.dr[n];
		return CORE_OK;
	}
	uint64_t val = c->s.r[op->r[1]];
	if (n >= 6 && (val >> 32))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.dr[n] = n == 6 ? val | 0xffff0ff0 : n == 7 ? (val & ~0x3000ull) | 0x400 : val;
	return CORE_OK;
}
CORE_HANDLER(mov_from_dr)
{
	return mov_dr(v, op, false);
}
CORE_HANDLER(mov_to_dr)
{
	return mov_dr(v, op, true);
}

/*
 * XGETBV (0F 01 D0) and XSETBV (0F 01 D1, CPL 0): XCR0 in EDX:EAX, ECX
 * naming it; #UD without CR4.OSXSAVE; XSETBV #GP(0) for another XCR, bit 0
 * (x87) clear, or a component this CPU lacks: it has x87 and SSE only
 * (SDM 2: XSETBV, SDM 1:13.3).
 */
CORE_HANDLER(xgetbv)
{
	struct x86_cpu *c = x86(v);
	if (!(c->s.cr4 & X86_CR4_OSXSAVE))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	if ((uint32_t)c->s.r[X86_RCX] != 0)
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.r[X86_RAX] = (uint32_t)c->s.xcr0;
	c->s.r[X86_RDX] = c->s.xcr0 >> 32;
	return CORE_OK;
}
CORE_HANDLER(xsetbv)
{
	struct x86_cpu *c = x86(v);
	if (!(c->s.cr4 & X86_CR4_OSXSAVE))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	uint64_t val = (uint64_t)(uint32_t)c->s.r[X86_RDX] << 32 | (uint32_t)c->s.r[X86_RAX];
	if ((uint32_t)c->s.r[X86_RCX] != 0 || !(val & 1) || (val & ~(uint64_t)X86_XCR0_SUPPORTED))
		return x86_fault(c, op, X86_EXC_GP, 0);
	c->s.xcr0 = val;
	return CORE_OK;
}

/* DR0-DR7 (REX.R names DR8-DR15, which do not exist: #UD). */
static bool dr_exists(const struct x86_dec *d)
{
	return !(d->rex & 4);
}

/* The control registers that exist: CR0, CR2, CR3, CR4, CR8 (#UD otherwise). */
static bool cr_exists(const struct x86_dec *d)
{
	unsigned n = ((d->modrm >> 3) & 7) | (d->rex & 4) << 1;
	return n == 0 || n == 2 || n == 3 || n == 4 || n == 8;
}

/* INVLPG m (0F 01 /7): forget the page's translation. */
CORE_HANDLER(invlpg)
{
	struct x86_cpu *c = x86(v);
	x86_tlb_flush_page(c, x86_ea(c, op));
	v->pc = x86_next_ip(c, op);
	return CORE_SYNC;
}

/* SWAPGS (0F 01 F8): GS's base and IA32_KERNEL_GS_BASE trade places. */
CORE_HANDLER(swapgs)
{
	struct x86_state *s = &x86(v)->s;
	uint64_t t = s->seg[X86_GS].base;
	s->seg[X86_GS].base = s->kernel_gs_base;
	s->kernel_gs_base = t;
	return CORE_OK;
}


/*
 * SYSCALL (0F 05): RCX = the next RIP, R11 = RFLAGS, RFLAGS &= ~SFMASK,
 * CS and SS from STAR[47:32] as flat 64-bit segments, RIP = LSTAR
 * (SDM 2: SYSCALL). #UD without EFER.SCE.
 */
CORE_HANDLER(syscall_)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	if (!(s->efer & X86_EFER_SCE))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	uint64_t f = x86_flags(c);
	uint16_t sel = (uint16_t)(s->star >> 32) & 0xfffc;
	s->r[X86_RCX] = x86_next_ip(c, op);
	s->r[X86_R11] = f & ~(uint64_t)X86_RF;
	x86_set_flags(c, f & ~(s->sfmask | X86_RF));
	s->seg[X86_CS] = (struct x86_seg){ 0, 0xffffffff, sel, 0x9b | X86_SEG_L | X86_SEG_G };
	s->seg[X86_SS] = (struct x86_seg){ 0, 0xffffffff, (uint16_t)(sel + 8), 0x93 | X86_SEG_DB | X86_SEG_G };
	v->pc = s->lstar;
	x86_update_mode(c);
	return CORE_BRANCH;
}

/*
 * SYSRET (0F 07) at CPL 0: RIP = RCX (#GP(0) if not canonical, before any
 * change), RFLAGS from R11, CS and SS from STAR[63:48] at RPL 3: CS + 16
 * for a 64-bit return (REX.W), CS itself for a 32-bit one (SDM 2: SYSRET).
 */
X86_INLINE int sysret(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	struct x86_cpu *c = x86(v);
	struct x86_state *s = &c->s;
	if (!(s->efer & X86_EFER_SCE))
		return x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
	uint64_t rip = sz == 3 ? s->r[X86_RCX] : (uint32_t)s->r[X86_RCX];
	if ((uint64_t)((int64_t)(rip << 16) >> 16) != rip)
		return x86_fault(c, op, X86_EXC_GP, 0);
	uint16_t base = (uint16_t)(s->star >> 48);
	x86_set_flags(c, (s->r[X86_R11] & 0x3c7fd7) | 2);
	s->seg[X86_CS] = (struct x86_seg){ 0, 0xffffffff, (uint16_t)((base + (sz == 3 ? 16 : 0)) | 3),
					   (uint16_t)(0xfb | X86_SEG_G | (sz == 3 ? X86_SEG_L : X86_SEG_DB)) };
	s->seg[X86_SS] = (struct x86_seg){ 0, 0xffffffff, (uint16_t)((base + 8) | 3), 0xf3 | X86_SEG_DB | X86_SEG_G };
	v->pc = rip;
	x86_update_mode(c);
	core_vcpu_kick(v);   /* IF from R11 */
	return CORE_BRANCH;
}
X86_FORMS(sysret)

/* ------------------------------------------------------------ port I/O */

/*
 * IN and OUT (E4-E7 with an 8-bit port, EC-EF with DX; SDM 2: IN, OUT):
 * 1, 2 or 4 bytes (the operand size; 64 is 32, SDM 2: IN "64-bit mode").
 * Above IOPL the access is #GP(0): the TSS's I/O permission bitmap is not
 * consulted yet. The route table first; then the port space, where
 * nothing answers with all ones, as on a PC.
 */
X86_INLINE int port_io(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem,
		       bool out, bool by_dx)
{
	struct x86_cpu *c = x86(v);
	unsigned n = sz > 2 ? 4 : 1u << sz;
	uint16_t port = by_dx ? (uint16_t)c->s.r[X86_RDX] : (uint8_t)op->imm;
	if (x86_cpl(c) > ((c->s.rflags & X86_IOPL) >> 12))
		return x86_fault(c, op, X86_EXC_GP, 0);
	uint64_t val = out ? c->s.r[X86_RAX] & x86_mask(sz > 2 ? 2 : sz) : 0;
	struct x86_event_info info = { .qual = port | (uint64_t)n << 16 | (uint64_t)!out << 24,
				       .value = val, .size = (uint8_t)n, .insn_len = op->len };
	int st = x86_route(c, op, X86_EV_IO, &info);
	if (st)
		return st;
	if (!c->plat.io || !mem_guest_io(c->plat.io, &v->req, port, n, out, &val))
		val = ~0ull;
	if (!out)
		x86_set_reg(c, X86_RAX, sz > 2 ? 2 : sz, val);
	return CORE_OK;
}
X86_FORMS_OF(in_i, port_io, false, false)
X86_FORMS_OF(in_dx, port_io, false, true)
X86_FORMS_OF(out_i, port_io, true, false)
X86_FORMS_OF(out_dx, port_io, true, true)

/* IRET (CF): 32-bit operands by default, 64 with REX.W (IRETQ), 16 with 66. */
X86_INLINE int iret(struct core_vcpu *v, const struct core_op *op, unsigned sz, bool mem)
{
	return x86_iret(x86(v), op, sz);
}
X86_FORMS(iret)

/* Rows of 0F 01's register forms that ModRM.rm tells apart (VMCALL, SWAPGS, CLAC...). */
#define RM_IS(n)                                             \
	static bool rm_is_##n(const struct x86_dec *d)       \
	{                                                    \
		return (d->modrm & 7) == n;                  \
	}
RM_IS(0) RM_IS(1) RM_IS(2) RM_IS(3)

#define EXEC(fn) static const struct x86_exec fn##_exec = X86_EXEC_ALL(fn);
EXEC(clc) EXEC(stc) EXEC(cmc) EXEC(cld) EXEC(std_) EXEC(cli) EXEC(sti) EXEC(lahf) EXEC(sahf)
EXEC(cpuid) EXEC(rdtsc) EXEC(hlt) EXEC(wbinvd) EXEC(vmcall) EXEC(vmmcall) EXEC(int3) EXEC(int_n) EXEC(int1)
EXEC(monitor) EXEC(mwait) EXEC(rdtscp) EXEC(stac) EXEC(clac) EXEC(xgetbv) EXEC(xsetbv) EXEC(rdmsr) EXEC(wrmsr) EXEC(mov_from_cr) EXEC(mov_to_cr) EXEC(mov_from_dr) EXEC(mov_to_dr) EXEC(invlpg) EXEC(swapgs) EXEC(syscall_)

static const struct x86_row rows[] = {
	X86_ROW(B, 0xf8, ANY, -1, MN, NI, SN, ALU, 0, "clc", "", &clc_exec),
	X86_ROW(B, 0xf9, ANY, -1, MN, NI, SN, ALU, 0, "stc", "", &stc_exec),
	X86_ROW(B, 0xf5, ANY, -1, MN, NI, SN, ALU, 0, "cmc", "", &cmc_exec),
	X86_ROW(B, 0xfc, ANY, -1, MN, NI, SN, ALU, 0, "cld", "", &cld_exec),
	X86_ROW(B, 0xfd, ANY, -1, MN, NI, SN, ALU, 0, "std", "", &std__exec),
	X86_ROW(B, 0xfa, ANY, -1, MN, NI, SN, SYS, LEG, "cli", "", &cli_exec),
	X86_ROW(B, 0xfb, ANY, -1, MN, NI, SN, SYS, END | LEG, "sti", "", &sti_exec),
	X86_ROW(B, 0x9f, ANY, -1, MN, NI, SN, ALU, 0, "lahf", "", &lahf_exec),
	X86_ROW(B, 0x9e, ANY, -1, MN, NI, SN, ALU, 0, "sahf", "", &sahf_exec),
	X86_ROW(F, 0xa2, ANY, -1, MN, NI, SN, SYS, LEG, "cpuid", "", &cpuid_exec),
	X86_ROW(F, 0x31, ANY, -1, MN, NI, SN, SYS, 0, "rdtsc", "", &rdtsc_exec),
	X86_ROW(B, 0xf4, ANY, -1, MN, NI, SN, SYS, END | X86_F_PRIV | LEG, "hlt", "", &hlt_exec),
	X86_ROW(F, 0x09, ANY, -1, MN, NI, SN, SYS, X86_F_PRIV | LEG, "wbinvd", "", &wbinvd_exec),
	/* UD2: a valid encoding whose execution is #UD (no handler). */
	X86_ROW(F, 0x0b, ANY, -1, MN, NI, SN, SYS, END | LEG, "ud2", "", NULL),
	X86_ROW(B, 0xcc, ANY, -1, MN, NI, SN, SYS, END | LEG, "int3", "", &int3_exec),
	X86_ROW(B, 0xcd, ANY, -1, MN, X86_I_UB, SN, SYS, END | LEG, "int", "Ib", &int_n_exec),
	X86_ROW(B, 0xf1, ANY, -1, MN, NI, SN, SYS, END | LEG, "int1", "", &int1_exec),
	X86_ROW(B, 0xcf, ANY, -1, MN, NI, SV, SYS, END | LEG, "/iret/iretd/iretq", "", &iret_exec),
	{ .map = F, .opcode = 0x01, .ext = 0, .modrm = X86_M_REG, .cls = SYS, .flags = END | LEG,
	  .name = "vmcall", .ops = "", .exec = &vmcall_exec, .when = rm_is_1 },
	X86_ROW(F, 0x32, ANY, -1, MN, NI, SN, SYS, END | X86_F_PRIV | LEG, "rdmsr", "", &rdmsr_exec),
	X86_ROW(F, 0x30, ANY, -1, MN, NI, SN, SYS, END | X86_F_PRIV | LEG, "wrmsr", "", &wrmsr_exec),
	{ .map = F, .opcode = 0x20, .ext = -1, .modrm = X86_M_RM_REG, .size = X86_SZ_Y, .cls = SYS,
	  .flags = X86_F_PRIV | LEG, .name = "mov", .ops = "Ey,Cy", .exec = &mov_from_cr_exec, .when = cr_exists },
	{ .map = F, .opcode = 0x22, .ext = -1, .modrm = X86_M_RM_REG, .size = X86_SZ_Y, .cls = SYS,
	  .flags = END | X86_F_PRIV | LEG, .name = "mov", .ops = "Cy,Ey", .exec = &mov_to_cr_exec, .when = cr_exists },
	{ .map = F, .opcode = 0x21, .ext = -1, .modrm = X86_M_RM_REG, .size = X86_SZ_Q, .cls = SYS,
	  .flags = X86_F_PRIV, .name = "mov", .ops = "Eq,Dq", .exec = &mov_from_dr_exec, .when = dr_exists },
	{ .map = F, .opcode = 0x23, .ext = -1, .modrm = X86_M_RM_REG, .size = X86_SZ_Q, .cls = SYS,
	  .flags = X86_F_PRIV, .name = "mov", .ops = "Dq,Eq", .exec = &mov_to_dr_exec, .when = dr_exists },
	X86_ROW(F, 0x01, ANY, 7, MM, NI, SN, SYS, END | X86_F_PRIV, "invlpg", "Mb", &invlpg_exec),
	{ .map = F, .opcode = 0x01, .ext = 7, .modrm = X86_M_REG, .cls = SYS, .flags = X86_F_PRIV | X86_F_ONLY64,
	  .name = "swapgs", .ops = "", .exec = &swapgs_exec, .when = rm_is_0 },
	X86_ROW(F, 0x05, ANY, -1, MN, NI, SN, SYS, END | X86_F_ONLY64, "syscall", "", &syscall__exec),
	X86_ROW(B, 0xe4, ANY, -1, MN, X86_I_UB, SB, SYS, 0, "in", "AL,Ib", &in_i_exec),
	X86_ROW(B, 0xe5, ANY, -1, MN, X86_I_UB, SV, SYS, 0, "in", "eAX,Ib", &in_i_exec),
	X86_ROW(B, 0xe6, ANY, -1, MN, X86_I_UB, SB, SYS, 0, "out", "Ib,AL", &out_i_exec),
	X86_ROW(B, 0xe7, ANY, -1, MN, X86_I_UB, SV, SYS, 0, "out", "Ib,eAX", &out_i_exec),
	X86_ROW(B, 0xec, ANY, -1, MN, NI, SB, SYS, 0, "in", "AL,DX", &in_dx_exec),
	X86_ROW(B, 0xed, ANY, -1, MN, NI, SV, SYS, 0, "in", "eAX,DX", &in_dx_exec),
	X86_ROW(B, 0xee, ANY, -1, MN, NI, SB, SYS, 0, "out", "DX,AL", &out_dx_exec),
	X86_ROW(B, 0xef, ANY, -1, MN, NI, SV, SYS, 0, "out", "DX,eAX", &out_dx_exec),
	X86_ROW(F, 0x07, ANY, -1, MN, NI, SN, SYS, END | X86_F_PRIV | X86_F_ONLY64, "sysret", "", &sysret_exec),
	{ .map = F, .opcode = 0x01, .ext = 3, .modrm = X86_M_REG, .cls = SYS, .flags = END | LEG,
	  .name = "vmmcall", .ops = "", .exec = &vmmcall_exec, .when = rm_is_1 },
	{ .map = F, .opcode = 0x01, .ext = 7, .modrm = X86_M_REG, .cls = SYS, .flags = X86_F_ONLY64,
	  .name = "rdtscp", .ops = "", .exec = &rdtscp_exec, .when = rm_is_1 },
	{ .map = F, .opcode = 0x01, .ext = 1, .modrm = X86_M_REG, .cls = SYS, .flags = 0,
	  .name = "clac", .ops = "", .exec = &clac_exec, .when = rm_is_2 },
	{ .map = F, .opcode = 0x01, .ext = 1, .modrm = X86_M_REG, .cls = SYS, .flags = 0,
	  .name = "monitor", .ops = "", .exec = &monitor_exec, .when = rm_is_0 },
	{ .map = F, .opcode = 0x01, .ext = 1, .modrm = X86_M_REG, .cls = SYS, .flags = 0,
	  .name = "mwait", .ops = "", .exec = &mwait_exec, .when = rm_is_1 },
	{ .map = F, .opcode = 0x01, .ext = 1, .modrm = X86_M_REG, .cls = SYS, .flags = 0,
	  .name = "stac", .ops = "", .exec = &stac_exec, .when = rm_is_3 },
	X86_ROW(F, 0xc7, ANY, 6, X86_M_REG, NI, SV, SYS, 0, "rdrand", "Ev", &rdrand_exec),
	X86_ROW(F, 0xc7, ANY, 7, X86_M_REG, NI, SV, SYS, 0, "rdseed", "Ev", &rdrand_exec),
	{ .map = F, .opcode = 0x01, .ext = 2, .modrm = X86_M_REG, .cls = SYS, .flags = 0,
	  .name = "xgetbv", .ops = "", .exec = &xgetbv_exec, .when = rm_is_0 },
	{ .map = F, .opcode = 0x01, .ext = 2, .modrm = X86_M_REG, .cls = SYS, .flags = X86_F_PRIV,
	  .name = "xsetbv", .ops = "", .exec = &xsetbv_exec, .when = rm_is_1 },
};

const struct x86_table x86_table_system = { rows, sizeof(rows) / sizeof(rows[0]) };
