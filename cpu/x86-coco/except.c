/*
 * Exceptions and interrupts in long mode (SDM 3:6.14 "Exception and
 * Interrupt Handling in 64-bit Mode"): the route table first, then the
 * IDT's 16-byte gates, the target code segment from the GDT, the stack
 * (the TSS's RSPn on a privilege change, or an IST entry), the frame SS,
 * RSP, RFLAGS, CS, RIP and the error code; a fault while delivering one
 * is a double fault or delivered in its place by the class rules (SDM
 * 3:6.15 "Interrupt 8", Table 6-5), a fault while delivering #DF shuts
 * the machine down.
 */
#include "cpu/x86-coco/debug.h"

/* SDM 3:6.15 Table 6-4: benign 0, contributory 1, page fault 2. */
static int exc_class(unsigned v)
{
	if (v == X86_EXC_PF)
		return 2;
	return v == X86_EXC_DE || (v >= X86_EXC_TS && v <= X86_EXC_GP) ? 1 : 0;
}

/* The error code of a fault on IDT entry `vec` (SDM 3:6.13 Figure 6-7: IDT bit, EXT). */
static uint32_t idt_error(unsigned vec, bool ext)
{
	return (uint32_t)vec * 8 + 2 + ext;
}

struct nested {
	unsigned vec;
	uint32_t err;
};

/* A fault of a system-structure access: #PF with its error code, or #GP(0) when non-canonical. */
static bool sys_fault(struct nested *n, uint32_t pf_err)
{
	n->vec = pf_err == X86_NO_ERROR ? X86_EXC_GP : X86_EXC_PF;
	n->err = pf_err == X86_NO_ERROR ? 0 : pf_err;
	return false;
}

static bool fail(struct nested *n, unsigned vec, uint32_t err)
{
	n->vec = vec;
	n->err = err;
	return false;
}

/* A descriptor's attributes in struct x86_seg's layout (bits 47:40 and 55:52). */
static uint16_t desc_attr(uint64_t desc)
{
	return (uint16_t)(((desc >> 40) & 0xff) | ((desc >> 52) & 0xf) << 8);
}

/*
 * The GDT descriptor of a non-null selector (the LDT is not modelled:
 * TI = 1 is #GP, as an LDT with limit 0 would give). False with *n the
 * fault: #GP(selector) outside the table, #PF reading it.
 */
static bool read_descriptor(struct x86_cpu *c, uint16_t sel, bool ext, uint64_t *desc,
			    struct nested *n)
{
	uint32_t pf;
	if (!(sel & ~3u) || (sel & 4) || (sel | 7u) > c->s.gdtr.limit)
		return fail(n, X86_EXC_GP, (sel & ~3u) | ext);
	if (!x86_sys_access(c, c->s.gdtr.base + (sel & ~7u), desc, 8, false, &pf))
		return sys_fault(n, pf);
	return true;
}

int x86_descriptor(struct x86_cpu *c, const struct core_op *op, uint16_t sel, uint64_t *desc)
{
	struct nested n;
	return read_descriptor(c, sel, false, desc, &n) ? 0 : n.vec == X86_EXC_PF ?
		x86_page_fault(c, op, c->s.gdtr.base + (sel & ~7u), n.err) : x86_fault(c, op, n.vec, n.err);
}

/*
 * Deliver `vec` through the IDT with the frame's RIP `rip` (SDM 3:6.14.1
 * to 6.14.5). False with *n the fault that stopped it; state is changed
 * only once everything has been read and the frame written.
 */
static bool deliver(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, bool soft,
		    struct nested *n)
{
	bool ext = !soft;
	uint64_t gate[2], desc, frame[6];
	uint32_t pf;
	if ((uint64_t)vec * 16 + 15 > c->s.idtr.limit)
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (!x86_sys_access(c, c->s.idtr.base + vec * 16ull, gate, 16, false, &pf))
		return sys_fault(n, pf);
	unsigned type = (gate[0] >> 40) & 0x1f, dpl = (gate[0] >> 45) & 3, cpl = x86_cpl(c);
	if (type != 0xe && type != 0xf)
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (soft && dpl < cpl)
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (!(gate[0] >> 47 & 1))
		return fail(n, X86_EXC_NP, idt_error(vec, ext));
	uint16_t sel = (uint16_t)(gate[0] >> 16);
	uint64_t target = (gate[0] & 0xffff) | ((gate[0] >> 48) & 0xffff) << 16 | (gate[1] & 0xffffffffull) << 32;
	unsigned ist = (gate[0] >> 32) & 7;
	/* The target code segment: a present 64-bit code descriptor in the GDT (SDM 3:5.8.3). */
	if (!read_descriptor(c, sel, ext, &desc, n))
		return false;
	uint16_t attr = desc_attr(desc);
	unsigned cs_dpl = (attr >> X86_SEG_DPL_SHIFT) & 3;
	bool conforming = attr & 4;
	if ((attr & (X86_SEG_S | 8)) != (X86_SEG_S | 8) || !(attr & X86_SEG_L) || cs_dpl > cpl)
		return fail(n, X86_EXC_GP, (sel & ~3u) | ext);
	if (!(attr & X86_SEG_P))
		return fail(n, X86_EXC_NP, (sel & ~3u) | ext);
	unsigned new_cpl = conforming ? cpl : cs_dpl;
	/* The stack: an IST entry, RSPn of the TSS on a privilege change, else the current one. */
	uint64_t rsp = c->s.r[X86_RSP];
	if (ist || new_cpl < cpl) {
		uint64_t off = ist ? 0x24 + (ist - 1) * 8ull : 4 + new_cpl * 8ull;
		if (off + 7 > c->s.seg[X86_TR].limit)
			return fail(n, X86_EXC_TS, (c->s.seg[X86_TR].sel & ~3u) | ext);
		if (!x86_sys_access(c, c->s.seg[X86_TR].base + off, &rsp, 8, false, &pf))
			return sys_fault(n, pf);
	}
	rsp &= ~15ull;
	uint64_t flags = x86_flags(c);
	unsigned k = 0;
	bool has_err = err != X86_NO_ERROR;
	if (has_err)
		frame[k++] = err;
	frame[k++] = rip;
	frame[k++] = c->s.seg[X86_CS].sel;
	frame[k++] = flags;
	frame[k++] = c->s.r[X86_RSP];
	frame[k++] = c->s.seg[X86_SS].sel;
	/* Pushed one by one from SS down, so a fault names the first push's address (CR2). */
	for (unsigned i = k; i-- > 0;) {
		rsp -= 8;
		if (!x86_sys_access(c, rsp, &frame[i], 8, true, &pf))
			return sys_fault(n, pf);
	}
	/* Committed. */
	if (new_cpl != cpl) {
		/* SS becomes a null selector with RPL = the new CPL (SDM 3:6.14.4). */
		c->s.seg[X86_SS].sel = (uint16_t)new_cpl;
		c->s.seg[X86_SS].attr = (uint16_t)((c->s.seg[X86_SS].attr & ~(3u << X86_SEG_DPL_SHIFT)) |
						   new_cpl << X86_SEG_DPL_SHIFT);
	}
	c->s.seg[X86_CS] = (struct x86_seg){ .base = 0, .limit = 0xffffffff,
					     .sel = (uint16_t)((sel & ~3u) | new_cpl), .attr = attr };
	c->s.r[X86_RSP] = rsp;
	flags &= ~(uint64_t)(X86_TF | X86_NT | X86_RF | X86_VM);
	if (type == 0xe)
		flags &= ~(uint64_t)X86_IF;
	x86_set_flags(c, flags);
	c->core.pc = target;
	x86_update_mode(c);
	return true;
}

/* Deliver, turning faults on the way into #DF or the next exception, and a fault in #DF into shutdown. */
static int raise_event(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, bool soft)
{
	if (!x86_long_mode(c)) {
		/* Real and protected mode delivery come with the AP trampoline's needs. */
		c->core.exit = CORE_EXIT_INTERNAL;
		core_vcpu_kick(&c->core);
		return CORE_EXIT_NORETIRE;
	}
	struct nested n;
	unsigned cpl = x86_cpl(c);
	bool ok;
	while (!(ok = deliver(c, vec, err, rip, soft, &n))) {
		if (core_hooked(&c->core))
			x86_trace_exception(c, vec, err, rip, cpl, false);
		if (vec == X86_EXC_DF) {
			/* A triple fault: the machine decides what a shutdown does. */
			c->exit_event = X86_EV_SHUTDOWN;
			c->core.exit = CORE_EXIT_SHUTDOWN;
			core_vcpu_kick(&c->core);
			return CORE_EXIT_NORETIRE;
		}
		int first = exc_class(vec), second = exc_class(n.vec);
		if ((first == 1 && second == 1) || (first == 2 && second != 0)) {
			vec = X86_EXC_DF;
			err = 0;
		} else {
			vec = n.vec;
			err = n.err;
		}
		soft = false;
	}
	if (core_hooked(&c->core))
		x86_trace_exception(c, vec, err, rip, cpl, ok);
	return CORE_EXCEPTION;
}

/*
 * IRET in 64-bit mode (SDM 2: IRET, "IA-32e mode"): pop RIP, CS, RFLAGS,
 * RSP and SS (items of the operand size), to the same or an outer
 * privilege level; RFLAGS's IOPL changes only at CPL 0 and IF only at
 * CPL <= IOPL. NMIs are unblocked.
 */
int x86_iret(struct x86_cpu *c, const struct core_op *op, unsigned sz)
{
	uint64_t item[5], desc, ss_desc = 0;
	unsigned n = 1u << sz, cpl = x86_cpl(c);
	for (unsigned i = 0; i < 5; i++) {
		int st = x86_read(c, op, c->s.r[X86_RSP] + i * n, n, &item[i]);
		if (st)
			return st;
	}
	uint16_t cs = (uint16_t)item[1], ss = (uint16_t)item[4];
	unsigned rpl = cs & 3;
	struct nested f;
	if (!read_descriptor(c, cs, false, &desc, &f))
		return x86_fault(c, op, f.vec, f.err);
	uint16_t attr = desc_attr(desc);
	bool conforming = attr & 4;
	unsigned dpl = (attr >> X86_SEG_DPL_SHIFT) & 3;
	if ((attr & (X86_SEG_S | 8)) != (X86_SEG_S | 8) || rpl < cpl || (conforming ? dpl > rpl : dpl != rpl))
		return x86_fault(c, op, X86_EXC_GP, cs & ~3u);
	if (!(attr & X86_SEG_P))
		return x86_fault(c, op, X86_EXC_NP, cs & ~3u);
	/* SS: a writable data segment at the new CPL; null only for a 64-bit CPL 0-2 return. */
	uint16_t ss_attr = 0;
	if (ss & ~3u) {
		if (!read_descriptor(c, ss, false, &ss_desc, &f))
			return x86_fault(c, op, f.vec, f.err);
		ss_attr = desc_attr(ss_desc);
		if ((ss & 3) != rpl || ((ss_attr >> X86_SEG_DPL_SHIFT) & 3) != rpl ||
		    (ss_attr & (X86_SEG_S | 0xa)) != (X86_SEG_S | 2))
			return x86_fault(c, op, X86_EXC_GP, ss & ~3u);
		if (!(ss_attr & X86_SEG_P))
			return x86_fault(c, op, X86_EXC_SS, ss & ~3u);
	} else if (rpl == 3 || !(attr & X86_SEG_L)) {
		return x86_fault(c, op, X86_EXC_GP, 0);
	}
	uint64_t rip = item[0];
	if ((attr & X86_SEG_L) && (uint64_t)((int64_t)(rip << 16) >> 16) != rip)
		return x86_fault(c, op, X86_EXC_GP, 0);
	/* Committed. */
	x86_load_flags(c, item[2], sz == 1 ? ~0xffffull : 0);   /* a 16-bit IRET loads FLAGS only */
	c->s.seg[X86_CS] = (struct x86_seg){ .base = 0, .limit = 0xffffffff, .sel = cs, .attr = attr };
	c->s.seg[X86_SS] = (struct x86_seg){ .base = 0, .limit = 0xffffffff, .sel = ss,
					     .attr = ss & ~3u ? ss_attr : (uint16_t)(rpl << X86_SEG_DPL_SHIFT) };
	c->s.r[X86_RSP] = item[3];
	c->s.nmi_blocked = false;
	c->core.pc = rip;
	x86_update_mode(c);
	core_vcpu_kick(&c->core);   /* IF may have opened */
	return CORE_BRANCH;
}

int x86_exception(struct x86_cpu *c, uint64_t rip, unsigned vector, uint32_t err)
{
	if (c->routes[c->ctx][vector].to != X86_TO_CPU) {
		/* #VC, #VE and context switches come with the SEV-SNP and TDX models. */
		c->core.pc = rip;
		c->core.exit = CORE_EXIT_INTERNAL;
		core_vcpu_kick(&c->core);
		return CORE_EXIT_NORETIRE;
	}
	return raise_event(c, vector, err, rip, false);
}

int x86_fault(struct x86_cpu *c, const struct core_op *op, unsigned vector, uint32_t err)
{
	return x86_exception(c, core_op_pc(&c->core, op), vector, err);
}

int x86_page_fault(struct x86_cpu *c, const struct core_op *op, uint64_t la, uint32_t err)
{
	c->s.cr2 = la;
	return x86_fault(c, op, X86_EXC_PF, err);
}

/* INT3, INT n, INT1: the frame's RIP is the next instruction; the op retired. */
int x86_trap(struct x86_cpu *c, const struct core_op *op, unsigned vector, bool software)
{
	int st = raise_event(c, vector, X86_NO_ERROR, x86_next_ip(c, op), software);
	return st == CORE_EXCEPTION ? CORE_TRAP_DONE : st;
}

/* Is any input up? The engine calls x86_take_irq while one is. */
static void inputs_changed(struct x86_cpu *c)
{
	c->core.irq_pending = c->intr || c->nmi || c->init || c->sipi;
	if (c->core.irq_pending)
		core_vcpu_kick(&c->core);
}

/*
 * INIT (SDM 3:9.1, Table 9-1): the state after RESET but the caches and
 * MSRs kept, then the wait for a SIPI (SDM 3:9.4.4 "wait-for-SIPI"), in
 * which INTR and NMI are held. A SIPI starts the processor in real mode at
 * vector * 0x1000: CS selector vector << 8, base vector << 12, IP 0
 * (SDM 3:9.4.4.1, 11.6.1 "Start-Up").
 */
static void take_init(struct x86_cpu *c)
{
	uint64_t tsc_offset = c->s.tsc_offset;   /* the TSC runs on through INIT */
	bool sipi = c->sipi;
	x86_cpu_reset(c);
	c->s.tsc_offset = tsc_offset;
	c->sipi = sipi;                          /* a SIPI sent right after the INIT still counts */
	c->wait_for_sipi = true;
	c->core.halted = true;
	c->core.halt_kind = CORE_HALT_IRQ;
}

static void take_sipi(struct x86_cpu *c, uint8_t vector)
{
	c->s.seg[X86_CS].sel = (uint16_t)(vector << 8);
	c->s.seg[X86_CS].base = (uint64_t)vector << 12;
	c->core.pc = (uint64_t)vector << 12;
	c->wait_for_sipi = false;
	c->core.halted = false;
	x86_update_mode(c);
	core_tlb_flush_all(&c->core);
}

void x86_start_from(struct x86_cpu *c, const struct x86_state *st)
{
	uint64_t tsc_offset = c->s.tsc_offset;
	c->s = *st;
	c->s.tsc_offset = tsc_offset;
	/* core.pc is linear: CS's base counts outside 64-bit mode (take_sipi's real-mode start). */
	c->init = c->sipi = c->wait_for_sipi = false;
	c->core.halted = false;
	x86_update_mode(c);
	c->core.pc = (x86_64bit(c) ? 0 : c->s.seg[X86_CS].base) + st->rip;
	core_tlb_flush_all(&c->core);
	inputs_changed(c);
	core_vcpu_kick(&c->core);
}

/*
 * The engine's interrupt callback, by priority (SDM 3:6.9 Table 6-2):
 * INIT, a SIPI to a CPU that waits for one, NMI (unless one is being
 * handled: blocked until IRET), then INTR when IF is set. The STI / MOV SS
 * shadow holds NMI and INTR for one instruction.
 */
bool x86_take_irq(struct core_vcpu *v)
{
	struct x86_cpu *c = x86(v);
	if (c->init) {
		c->init = c->nmi = false;
		take_init(c);
		inputs_changed(c);
	}
	if (c->wait_for_sipi) {
		if (!c->sipi)
			return false;
		c->sipi = false;
		take_sipi(c, c->sipi_vector);
		inputs_changed(c);
		return true;
	}
	c->sipi = false;             /* a SIPI outside wait-for-SIPI is ignored */
	if (c->s.sti_shadow)
		return false;
	if (c->nmi && !c->s.nmi_blocked) {
		c->nmi = false;
		c->s.nmi_blocked = true;
		v->halted = false;
		inputs_changed(c);
		raise_event(c, X86_EXC_NMI, X86_NO_ERROR, v->pc, false);
		return true;
	}
	if (!c->intr || !(c->s.rflags & X86_IF) || !c->plat.apic_ops)
		return false;   /* HLT with IF = 0 sleeps on (SDM 2: HLT) */
	int vec = c->plat.apic_ops->ack(c->plat.apic);
	if (vec < 0)
		return false;
	v->halted = false;
	raise_event(c, (unsigned)vec, X86_NO_ERROR, v->pc, false);
	return true;
}

void x86_set_intr(struct x86_cpu *c, bool level)
{
	c->intr = level;
	inputs_changed(c);
}

void x86_raise_nmi(struct x86_cpu *c)
{
	c->nmi = true;
	inputs_changed(c);
}

void x86_raise_init(struct x86_cpu *c)
{
	c->init = true;
	inputs_changed(c);
}

void x86_raise_sipi(struct x86_cpu *c, uint8_t vector)
{
	c->sipi = true;
	c->sipi_vector = vector;
	inputs_changed(c);
}
