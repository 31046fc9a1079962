/*
 * The x86-64 vCPU: creation, reset, long-mode entry, the decode mode and
 * soft-TLB regime that follow from CR0, CR4, EFER and CS, register
 * contexts, and the callbacks the engine calls.
 */
#include <stdlib.h>

#include "cpu/core/snap.h"
#include "cpu/x86-coco/x86.h"

/*
 * A hypercall's registers by conduit. KVM's hypercall ABI
 * (Documentation/virt/kvm/x86/hypercalls.rst): RAX the number, RBX, RCX,
 * RDX, RSI the arguments, RAX the result. CPUID: EAX and ECX in; EAX, EBX,
 * ECX, EDX out. RDMSR: ECX in, EDX:EAX out; WRMSR: ECX and EDX:EAX in.
 */
static const uint8_t kvm_args[] = { X86_RAX, X86_RBX, X86_RCX, X86_RDX, X86_RSI };
static const uint8_t cpuid_regs[] = { X86_RAX, X86_RBX, X86_RCX, X86_RDX };

static void hcall_args(struct core_vcpu *v, uint64_t *a, unsigned n)
{
	struct x86_cpu *c = x86(v);
	uint64_t edx_eax = (uint32_t)c->s.r[X86_RAX] | c->s.r[X86_RDX] << 32;
	for (unsigned i = 0; i < n; i++) {
		switch (v->exit_info.conduit) {
		case X86_CONDUIT_CPUID:
			a[i] = i == 0 ? (uint32_t)c->s.r[X86_RAX] : i == 1 ? (uint32_t)c->s.r[X86_RCX] : 0;
			break;
		case X86_CONDUIT_RDMSR:
		case X86_CONDUIT_WRMSR:
			a[i] = i == 0 ? (uint32_t)c->s.r[X86_RCX] : i == 1 ? edx_eax : 0;
			break;
		case X86_CONDUIT_VMGEXIT:
			/* The GHCB protocol's one register is the GHCB MSR (hv/sev_ghcb.h). */
			a[i] = i == 0 ? c->s.ghcb_msr : 0;
			break;
		case X86_CONDUIT_NPF:
			a[i] = i < 2 ? c->npf_info[i] : 0;
			break;
		default:
			a[i] = i < sizeof(kvm_args) ? c->s.r[kvm_args[i]] : 0;
			break;
		}
	}
}

static void hcall_results(struct core_vcpu *v, const uint64_t *r, unsigned n)
{
	struct x86_cpu *c = x86(v);
	switch (v->exit_info.conduit) {
	case X86_CONDUIT_CPUID:
		for (unsigned i = 0; i < n && i < 4; i++)
			c->s.r[cpuid_regs[i]] = (uint32_t)r[i];
		break;
	case X86_CONDUIT_RDMSR:
		if (n) {
			c->s.r[X86_RAX] = (uint32_t)r[0];
			c->s.r[X86_RDX] = r[0] >> 32;
		}
		break;
	case X86_CONDUIT_VMGEXIT:
		if (n)
			c->s.ghcb_msr = r[0];
		break;
	case X86_CONDUIT_NPF:
		break;     /* the hypervisor fixes the fault or not; the access restarts */
	default:
		if (n)
			c->s.r[X86_RAX] = r[0];
		break;
	}
	if (c->ctx_after_call) {
		x86_switch_context(c, c->ctx_after_call - 1u);
		c->ctx_after_call = 0;
	}
}

/* After the instruction in an STI shadow retired: interrupts may come again. */
static void boundary(struct core_vcpu *v)
{
	struct x86_cpu *c = x86(v);
	c->s.sti_shadow = false;
	if (v->irq_pending)
		core_vcpu_kick(v);
}

const struct core_isa x86_isa = {
	.name = "x86_64",
	.tlb_regimes = 2,
	/* A store into the running block takes effect at the next instruction (SDM 3:11.6). */
	.precise_smc = true,
	.conduits = x86_conduit_names,
	.fetch_translate = x86_fetch_translate,
	.decode = x86_decode,
	.interrupt = x86_take_irq,
	.boundary = boundary,
	.hcall_args = hcall_args,
	.hcall_results = hcall_results,
};

void x86_update_mode(struct x86_cpu *c)
{
	const struct x86_state *s = &c->s;
	bool pe = s->cr0 & X86_CR0_PE;
	unsigned code = x86_64bit(c) ? X86_CODE64 : pe && (s->seg[X86_CS].attr & X86_SEG_DB) ? X86_CODE32
											 : X86_CODE16;
	unsigned cpl = pe ? x86_cpl(c) : 0;
	bool sse_ok = (s->cr4 & X86_CR4_OSFXSR) && !(s->cr0 & (X86_CR0_EM | X86_CR0_TS));
	bool fpu_ok = !(s->cr0 & (X86_CR0_EM | X86_CR0_TS));
	c->core.mode = X86_MODE(code, cpl, (s->seg[X86_SS].attr & X86_SEG_DB) != 0, pe, sse_ok, fpu_ok);
	c->core.tlb = x86_tlb_regime(c);
	c->core.req.level = (uint8_t)cpl;
	c->core.req.ctx = c->ctx;
	/* Interrupts may have become deliverable. */
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

void x86_cpu_init(struct x86_cpu *c, const struct core_timing *timing, struct core_cache *cache,
		  struct mem_space *mem, struct core_events *events, int index,
		  const struct x86_platform *plat)
{
	core_vcpu_init(&c->core, &x86_isa, timing, cache, mem, index);
	c->plat = *plat;
	if (plat->coco == X86_COCO_SNP) {
		/* SNP: the C-bit in page-table entries; fetches take the private view (mmu.c). */
		c->c_bit_mask = 1ull << plat->c_bit;
		c->core.req.view = MEM_VIEW_PRIVATE;
	}
	c->rng_state = plat->rng_seed ^ (0x9e3779b97f4a7c15ull * (uint64_t)(index + 1));
	x86_cpu_reset(c);
}

void x86_cpu_free(struct x86_cpu *c)
{
	core_vcpu_free(&c->core);
}

/*
 * Everything architectural is in struct x86_state, plain data: the running
 * context (registers, the segments' hidden parts, CRs, the MSRs it owns,
 * x87/SSE, XCR0, the lazy flags, the interrupt shadow and NMI blocking)
 * and each waiting context the VM has (which contexts exist is the
 * configuration's). Then the interrupt inputs with INIT/SIPI, the last
 * context switch's exit record, RDRAND's state, a hypercall's length and
 * the #VC counters. Routes and the platform are the board's configuration;
 * the TLB regime is recomputed from the loaded state.
 */
void x86_cpu_snapshot(struct x86_cpu *c, struct snap *s)
{
	static const struct snap_field f[] = {
		SNAP_FIELD(struct x86_cpu, s), SNAP_FIELD(struct x86_cpu, exit_event),
		SNAP_FIELD(struct x86_cpu, exit_info), SNAP_FIELD(struct x86_cpu, intr),
		SNAP_FIELD(struct x86_cpu, nmi), SNAP_FIELD(struct x86_cpu, init),
		SNAP_FIELD(struct x86_cpu, sipi), SNAP_FIELD(struct x86_cpu, sipi_vector),
		SNAP_FIELD(struct x86_cpu, wait_for_sipi), SNAP_FIELD(struct x86_cpu, rng_state),
		SNAP_FIELD(struct x86_cpu, hcall_len), SNAP_FIELD(struct x86_cpu, vc_count),
	};
	snap_section(s, "x86-cpu");
	snap_core_vcpu(s, &c->core);
	snap_fields(s, c, f, SNAP_N(f));
	uint8_t ctx = c->ctx;
	snap_val(s, ctx);
	snap_check(s, ctx, X86_MAX_CTX, "register context");
	if (s->loading && !s->failed && ctx && !c->saved[ctx])
		snap_fail(s, "the snapshot's register context does not exist on this machine");
	for (unsigned i = 0; i < X86_MAX_CTX; i++)
		if (c->saved[i])
			snap_val(s, *c->saved[i]);
	if (s->loading && !s->failed) {
		c->ctx = ctx;
		x86_update_mode(c);
	}
}

/* A segment as loaded in real mode or by the board: base, limit, selector, attributes. */
static struct x86_seg seg(uint64_t base, uint32_t limit, uint16_t sel, uint16_t attr)
{
	return (struct x86_seg){ .base = base, .limit = limit, .sel = sel, .attr = attr };
}

void x86_cpu_reset(struct x86_cpu *c)
{
	memset(&c->s, 0, sizeof(c->s));
	struct x86_state *s = &c->s;
	/* SDM 3:9.1.1 Table 9-1: real mode, CS F000 with base FFFF0000, RIP FFF0. */
	s->rflags = 2;
	s->cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;
	s->r[X86_RDX] = 0x600;   /* family 6 (cpuid.c) */
	s->seg[X86_CS] = seg(0xffff0000, 0xffff, 0xf000, 0x9b);
	for (unsigned i = 0; i < X86_NSEG; i++)
		if (i != X86_CS)
			s->seg[i] = seg(0, 0xffff, 0, i == X86_LDTR ? 0x82 : i == X86_TR ? 0x8b : 0x93);
	s->gdtr.limit = s->idtr.limit = 0xffff;
	s->dr[6] = 0xffff0ff0;
	s->dr[7] = 0x400;
	s->mxcsr = X86_MXCSR_INIT;
	s->fcw = 0x37f;
	s->pat = 0x0007040600070406ull;
	s->xcr0 = 1;
	c->core.pc = 0xfff0;
	c->core.halted = false;
	c->intr = c->nmi = c->init = c->sipi = c->wait_for_sipi = false;
	x86_update_mode(c);
	core_tlb_flush_all(&c->core);
}

/*
 * The 64-bit boot protocol's state (Documentation/arch/x86/boot.rst):
 * flat segments (code 0x10, data 0x18, as Linux's boot GDT has them),
 * protected mode with paging, PAE, long mode active, interrupts off.
 */
void x86_cpu_enter_long_mode(struct x86_cpu *c, uint64_t rip, uint64_t cr3)
{
	struct x86_state *s = &c->s;
	s->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG;
	s->cr3 = cr3;
	s->cr4 = X86_CR4_PAE;
	s->efer = X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE;
	uint16_t code = 0x9b | X86_SEG_L | X86_SEG_G, data = 0x93 | X86_SEG_DB | X86_SEG_G;
	s->seg[X86_CS] = seg(0, 0xffffffff, 0x10, code);
	for (unsigned i = 0; i < X86_LDTR; i++)
		if (i != X86_CS)
			s->seg[i] = seg(0, 0xffffffff, 0x18, data);
	x86_set_flags(c, 2);
	c->core.pc = rip;
	x86_update_mode(c);
	core_tlb_flush_all(&c->core);
}

/* The CR4 bits this CPU implements (cpuid.c advertises the features behind them). */
#define CR4_KNOWN (X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE | X86_CR4_MCE | X86_CR4_PGE |       \
		   X86_CR4_PCE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_OSXSAVE | X86_CR4_SMEP | \
		   X86_CR4_SMAP)

/*
 * MOV to CR0, CR2, CR3, CR4, CR8 (SDM 2: MOV Control Registers; SDM
 * 3:2.5): the reserved bits and combinations that are #GP(0), long mode
 * activated when paging comes on with EFER.LME, and what a change flushes.
 * Paging cannot be turned off from 64-bit mode (the code would have to be
 * in compatibility mode first), nor PAE cleared in long mode.
 */
bool x86_set_cr(struct x86_cpu *c, unsigned n, uint64_t val)
{
	struct x86_state *s = &c->s;
	switch (n) {
	case 0:
		if ((val >> 32) || ((val & X86_CR0_PG) && !(val & X86_CR0_PE)) ||
		    ((val & X86_CR0_NW) && !(val & X86_CR0_CD)) ||
		    (x86_long_mode(c) && !(val & X86_CR0_PG)) ||
		    ((val & X86_CR0_PG) && (s->efer & X86_EFER_LME) && !(s->cr4 & X86_CR4_PAE)))
			return false;
		if ((val & X86_CR0_PG) && (s->efer & X86_EFER_LME))
			s->efer |= X86_EFER_LMA;
		s->cr0 = val | X86_CR0_ET;
		break;
	case 2:
		s->cr2 = val;
		return true;
	case 3:
		if (val >> 52)
			return false;
		s->cr3 = val;
		break;
	case 4:
		if ((val & ~(uint64_t)CR4_KNOWN) || (x86_long_mode(c) && !(val & X86_CR4_PAE)))
			return false;
		s->cr4 = val;
		break;
	case 8:
		if (val >> 4)
			return false;
		s->cr8 = val;
		if (c->plat.apic_ops)
			c->plat.apic_ops->set_tpr(c->plat.apic, (unsigned)val);
		return true;
	default:
		return false;
	}
	x86_tlb_flush(c, n != 3);
	x86_update_mode(c);
	return true;
}

uint64_t x86_get_cr(struct x86_cpu *c, unsigned n)
{
	switch (n) {
	case 0: return c->s.cr0;
	case 2: return c->s.cr2;
	case 3: return c->s.cr3;
	case 4: return c->s.cr4;
	default:
		return c->plat.apic_ops ? c->plat.apic_ops->get_tpr(c->plat.apic) : c->s.cr8;
	}
}

void x86_add_context(struct x86_cpu *c, unsigned ctx, struct x86_state *st,
		     const struct x86_route *routes)
{
	c->saved[ctx] = st;
	memcpy(c->routes[ctx], routes, sizeof(c->routes[ctx]));
}

void x86_switch_context_after_call(struct x86_cpu *c, unsigned ctx)
{
	c->ctx_after_call = (uint8_t)(ctx + 1);
}

void x86_switch_context(struct x86_cpu *c, unsigned ctx)
{
	if (ctx == c->ctx || !c->saved[ctx])
		return;
	c->s.rip = c->core.pc;
	*c->saved[c->ctx] = c->s;
	c->s = *c->saved[ctx];
	c->ctx = (uint8_t)ctx;
	c->core.pc = c->s.rip;
	x86_update_mode(c);
	/* Another context's translations: none of the old ones apply. */
	core_tlb_flush_all(&c->core);
}
