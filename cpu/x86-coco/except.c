/*
 * Exceptions and interrupts (real and 32-bit protected mode further down:
 * deliver_real, deliver_protected, iret_legacy). In long mode (SDM 3:6.14 "Exception and
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

/* SP or ESP as SS.B says (SDM 1:6.2.3): the part of RSP a legacy-mode stack uses. */
static uint64_t legacy_sp_mask(uint16_t ss_attr)
{
	return ss_attr & X86_SEG_DB ? 0xffffffffull : 0xffffull;
}

/*
 * Push `k` items of `size` bytes, frame[k - 1] first, on the stack at
 * ss_base + sp (sp cut to `mask`, the rest of RSP kept): the frame of a
 * real or protected-mode delivery. *sp becomes the new stack pointer.
 */
static bool push_frame(struct x86_cpu *c, uint64_t ss_base, uint64_t mask, uint64_t *sp,
		       const uint64_t *frame, unsigned k, unsigned size, struct nested *n)
{
	uint64_t p = *sp;
	uint32_t pf;
	for (unsigned i = k; i-- > 0;) {
		p = (p & ~mask) | ((p - size) & mask);
		uint64_t v = frame[i];
		if (!x86_sys_access(c, ss_base + (p & mask), &v, size, true, &pf))
			return sys_fault(n, pf);
	}
	*sp = p;
	return true;
}

/*
 * Real mode (SDM 3:20.1.4 "Interrupt and Exception Handling"): the IVT's
 * 4-byte entry (offset, then segment) at IDTR's base; FLAGS, CS and IP
 * pushed, IF, TF and AC cleared; no error code. An entry beyond IDTR's
 * limit is #GP.
 */
static bool deliver_real(struct x86_cpu *c, unsigned vec, uint64_t rip, bool soft, struct nested *n)
{
	uint32_t ent, pf;
	if ((uint64_t)vec * 4 + 3 > c->s.idtr.limit)
		return fail(n, X86_EXC_GP, idt_error(vec, !soft));
	if (!x86_sys_access(c, c->s.idtr.base + vec * 4ull, &ent, 4, false, &pf))
		return sys_fault(n, pf);
	uint64_t flags = x86_flags(c), sp = c->s.r[X86_RSP];
	uint64_t frame[3] = { (rip - c->s.seg[X86_CS].base) & 0xffff, c->s.seg[X86_CS].sel, flags & 0xffff };
	if (!push_frame(c, c->s.seg[X86_SS].base, legacy_sp_mask(c->s.seg[X86_SS].attr), &sp, frame, 3, 2, n))
		return false;
	/* Committed. */
	c->s.r[X86_RSP] = sp;
	c->s.seg[X86_CS].sel = (uint16_t)(ent >> 16);
	c->s.seg[X86_CS].base = (uint64_t)(ent >> 16) << 4;
	x86_set_flags(c, flags & ~(uint64_t)(X86_IF | X86_TF | X86_AC));
	c->core.pc = c->s.seg[X86_CS].base + (ent & 0xffff);
	x86_update_mode(c);
	return true;
}

/* A segment descriptor's base and limit (limit scaled by G) into *s. */
static void seg_from_desc(struct x86_seg *s, uint16_t sel, uint64_t desc)
{
	uint32_t limit = (uint32_t)((desc & 0xffff) | ((desc >> 32) & 0xf0000));
	*s = (struct x86_seg){ .base = (uint32_t)(((desc >> 16) & 0xffffff) | ((desc >> 56) & 0xff) << 24),
			       .limit = desc & (1ull << 55) ? limit << 12 | 0xfff : limit,
			       .sel = sel, .attr = desc_attr(desc) };
}

/*
 * The inner stack of a privilege change to `cpl` in protected mode (SDM
 * 3:6.12.1 "Exception- or Interrupt-Handler Procedures", 3:7.2.1 Figure
 * 7-2): SSn:ESPn of the 32-bit TSS, the SS a writable data segment at
 * DPL = RPL = cpl (#TS otherwise), present (#SS).
 */
static bool inner_stack(struct x86_cpu *c, unsigned cpl, bool ext, struct x86_seg *ss, uint64_t *esp,
			struct nested *n)
{
	const struct x86_seg *tr = &c->s.seg[X86_TR];
	uint32_t off = 4 + cpl * 8, e, pf;
	uint16_t sel;
	uint64_t desc;
	if (off + 5 > tr->limit)
		return fail(n, X86_EXC_TS, (tr->sel & ~3u) | ext);
	if (!x86_sys_access(c, tr->base + off, &e, 4, false, &pf) ||
	    !x86_sys_access(c, tr->base + off + 4, &sel, 2, false, &pf))
		return sys_fault(n, pf);
	if (!(sel & ~3u) || (sel & 3) != cpl)
		return fail(n, X86_EXC_TS, (sel & ~3u) | ext);
	if (!read_descriptor(c, sel, ext, &desc, n))
		return n->vec == X86_EXC_GP ? fail(n, X86_EXC_TS, (sel & ~3u) | ext) : false;
	seg_from_desc(ss, sel, desc);
	if (((ss->attr >> X86_SEG_DPL_SHIFT) & 3) != cpl || (ss->attr & (X86_SEG_S | 0xa)) != (X86_SEG_S | 2))
		return fail(n, X86_EXC_TS, (sel & ~3u) | ext);
	if (!(ss->attr & X86_SEG_P))
		return fail(n, X86_EXC_SS, (sel & ~3u) | ext);
	*esp = e;
	return true;
}

/*
 * Protected mode outside long mode (SDM 3:6.11 "IDT Descriptors", 6.12.1):
 * 8-byte interrupt and trap gates, 16 or 32 bits (the frame's item size);
 * a non-conforming target of a more privileged DPL switches to the TSS's
 * SSn:ESPn and pushes the old SS:ESP first. Task gates and virtual-8086
 * mode are not modelled (an internal error, never a guess).
 */
static bool deliver_protected(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, bool soft,
			      struct nested *n, bool *unmodelled)
{
	bool ext = !soft;
	uint64_t gate, desc, frame[6];
	uint32_t pf;
	if ((uint64_t)vec * 8 + 7 > c->s.idtr.limit)
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (!x86_sys_access(c, c->s.idtr.base + vec * 8ull, &gate, 8, false, &pf))
		return sys_fault(n, pf);
	unsigned type = (gate >> 40) & 0x1f, dpl = (gate >> 45) & 3, cpl = x86_cpl(c);
	if (type == 5 && (gate >> 47 & 1)) {
		*unmodelled = true;
		return false;
	}
	if ((type & 0x16) != 6)   /* 6, 7, 0xe, 0xf: 16/32-bit interrupt/trap gates */
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (soft && dpl < cpl)
		return fail(n, X86_EXC_GP, idt_error(vec, ext));
	if (!(gate >> 47 & 1))
		return fail(n, X86_EXC_NP, idt_error(vec, ext));
	bool wide = type & 8;
	uint16_t sel = (uint16_t)(gate >> 16);
	uint64_t target = (gate & 0xffff) | (wide ? ((gate >> 48) & 0xffff) << 16 : 0);
	if (!read_descriptor(c, sel, ext, &desc, n))
		return false;
	struct x86_seg cs, ss = c->s.seg[X86_SS];
	seg_from_desc(&cs, sel, desc);
	unsigned cs_dpl = (cs.attr >> X86_SEG_DPL_SHIFT) & 3;
	bool conforming = cs.attr & 4;
	if ((cs.attr & (X86_SEG_S | 8)) != (X86_SEG_S | 8) || cs_dpl > cpl)
		return fail(n, X86_EXC_GP, (sel & ~3u) | ext);
	if (!(cs.attr & X86_SEG_P))
		return fail(n, X86_EXC_NP, (sel & ~3u) | ext);
	unsigned new_cpl = conforming ? cpl : cs_dpl, k = 0;
	uint64_t sp = c->s.r[X86_RSP];
	if (new_cpl < cpl && !inner_stack(c, new_cpl, ext, &ss, &sp, n))
		return false;
	if (target > cs.limit)
		return fail(n, X86_EXC_GP, ext);
	uint64_t flags = x86_flags(c);
	if (err != X86_NO_ERROR)
		frame[k++] = err;
	frame[k++] = (rip - c->s.seg[X86_CS].base) & 0xffffffff;
	frame[k++] = c->s.seg[X86_CS].sel;
	frame[k++] = flags;
	if (new_cpl < cpl) {
		frame[k++] = c->s.r[X86_RSP] & legacy_sp_mask(c->s.seg[X86_SS].attr);
		frame[k++] = c->s.seg[X86_SS].sel;
	}
	if (!push_frame(c, ss.base, legacy_sp_mask(ss.attr), &sp, frame, k, wide ? 4 : 2, n))
		return false;
	/* Committed. */
	c->s.seg[X86_SS] = ss;
	c->s.r[X86_RSP] = sp;
	cs.sel = (uint16_t)((sel & ~3u) | new_cpl);
	c->s.seg[X86_CS] = cs;
	flags &= ~(uint64_t)(X86_TF | X86_NT | X86_RF | X86_VM);
	if (!(type & 1))
		flags &= ~(uint64_t)X86_IF;
	x86_set_flags(c, flags);
	c->core.pc = cs.base + target;
	x86_update_mode(c);
	return true;
}

/*
 * Deliver, turning faults on the way into #DF or the next exception, and a
 * fault in #DF into shutdown. A fault while delivering a software
 * interrupt (INT n, INT3) is the instruction's: its frame points at
 * `insn_rip`, the instruction, not past it (SDM 3:6.5 "faults"), and the
 * result is CORE_EXCEPTION (not retired) rather than CORE_TRAP_DONE.
 */
static int raise_event(struct x86_cpu *c, unsigned vec, uint32_t err, uint64_t rip, uint64_t insn_rip,
		       bool soft)
{
	int done = soft ? CORE_TRAP_DONE : CORE_EXCEPTION;
	struct nested n;
	unsigned cpl = x86_cpl(c);
	bool ok, unmodelled = false;
	for (;;) {
		if (x86_long_mode(c))
			ok = deliver(c, vec, err, rip, soft, &n);
		else if (c->s.cr0 & X86_CR0_PE)
			ok = deliver_protected(c, vec, err, rip, soft, &n, &unmodelled);
		else
			ok = deliver_real(c, vec, rip, soft, &n);
		if (ok)
			break;
		if (unmodelled) {
			c->core.pc = rip;
			c->core.exit = CORE_EXIT_INTERNAL;
			core_vcpu_kick(&c->core);
			return CORE_EXIT_NORETIRE;
		}
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
		if (soft) {
			rip = insn_rip;
			done = CORE_EXCEPTION;
		}
		soft = false;
	}
	if (core_hooked(&c->core))
		x86_trace_exception(c, vec, err, rip, cpl, ok);
	return done;
}

/*
 * IRET outside long mode (SDM 2: IRET, "Real-address mode", "Protected
 * mode"): pop IP/EIP, CS and FLAGS/EFLAGS (16 or 32-bit items), then, on a
 * return to an outer privilege level, ESP and SS, and the data segments
 * the outer level may not use become null. A task return (NT set) and a
 * return to virtual-8086 mode are not modelled (an internal error).
 */
static int iret_legacy(struct x86_cpu *c, const struct core_op *op, unsigned sz)
{
	uint64_t item[5] = { 0 }, mask = legacy_sp_mask(c->s.seg[X86_SS].attr), sp = c->s.r[X86_RSP];
	unsigned n = 1u << sz, cpl = x86_cpl(c);
	bool pe = c->s.cr0 & X86_CR0_PE;
	for (unsigned i = 0; i < 3; i++) {
		int st = x86_read(c, op, c->s.seg[X86_SS].base + ((sp + i * n) & mask), n, &item[i]);
		if (st)
			return st;
	}
	uint16_t cs = (uint16_t)item[1];
	uint64_t keep = sz == 1 ? ~0xffffull : 0;   /* a 16-bit IRET loads FLAGS only */
	if (!pe) {
		if (item[0] > c->s.seg[X86_CS].limit)
			return x86_fault(c, op, X86_EXC_GP, 0);
		x86_load_flags(c, item[2], keep);
		c->s.seg[X86_CS].sel = cs;
		c->s.seg[X86_CS].base = (uint64_t)cs << 4;
		c->s.r[X86_RSP] = (sp & ~mask) | ((sp + 3 * n) & mask);
		c->s.nmi_blocked = false;
		c->core.pc = c->s.seg[X86_CS].base + item[0];
		x86_update_mode(c);
		core_vcpu_kick(&c->core);
		return CORE_BRANCH;
	}
	if ((x86_flags(c) & X86_NT) || (cpl == 0 && sz == 2 && (item[2] & X86_VM))) {
		c->core.pc = core_op_pc(&c->core, op);
		c->core.exit = CORE_EXIT_INTERNAL;
		return CORE_EXIT_NORETIRE;
	}
	unsigned rpl = cs & 3;
	uint64_t desc;
	struct nested f;
	if (!read_descriptor(c, cs, false, &desc, &f))
		return x86_fault(c, op, f.vec, f.err);
	struct x86_seg ncs, nss = c->s.seg[X86_SS];
	seg_from_desc(&ncs, cs, desc);
	bool conforming = ncs.attr & 4;
	unsigned dpl = (ncs.attr >> X86_SEG_DPL_SHIFT) & 3;
	if ((ncs.attr & (X86_SEG_S | 8)) != (X86_SEG_S | 8) || rpl < cpl || (conforming ? dpl > rpl : dpl != rpl))
		return x86_fault(c, op, X86_EXC_GP, cs & ~3u);
	if (!(ncs.attr & X86_SEG_P))
		return x86_fault(c, op, X86_EXC_NP, cs & ~3u);
	uint64_t nsp = (sp & ~mask) | ((sp + 3 * n) & mask);
	if (rpl > cpl) {
		for (unsigned i = 3; i < 5; i++) {
			int st = x86_read(c, op, c->s.seg[X86_SS].base + ((sp + i * n) & mask), n, &item[i]);
			if (st)
				return st;
		}
		uint16_t ss = (uint16_t)item[4];
		if (!(ss & ~3u))
			return x86_fault(c, op, X86_EXC_GP, 0);
		if (!read_descriptor(c, ss, false, &desc, &f))
			return x86_fault(c, op, f.vec, f.err);
		seg_from_desc(&nss, ss, desc);
		if ((ss & 3) != rpl || ((nss.attr >> X86_SEG_DPL_SHIFT) & 3) != rpl ||
		    (nss.attr & (X86_SEG_S | 0xa)) != (X86_SEG_S | 2))
			return x86_fault(c, op, X86_EXC_GP, ss & ~3u);
		if (!(nss.attr & X86_SEG_P))
			return x86_fault(c, op, X86_EXC_SS, ss & ~3u);
		uint64_t m = legacy_sp_mask(nss.attr);
		nsp = (c->s.r[X86_RSP] & ~m) | (item[3] & m);
	}
	uint64_t eip = item[0] & x86_mask(sz);
	if (eip > ncs.limit)
		return x86_fault(c, op, X86_EXC_GP, 0);
	/* Committed. */
	x86_load_flags(c, item[2], keep);
	c->s.seg[X86_CS] = ncs;
	c->s.seg[X86_SS] = nss;
	c->s.r[X86_RSP] = nsp;
	if (rpl > cpl) {
		/* Data and non-conforming code segments more privileged than the new CPL are unusable. */
		static const unsigned data[] = { X86_ES, X86_DS, X86_FS, X86_GS };
		for (unsigned i = 0; i < 4; i++) {
			struct x86_seg *s = &c->s.seg[data[i]];
			bool conf_code = (s->attr & 0xc) == 0xc;
			if (!conf_code && ((s->attr >> X86_SEG_DPL_SHIFT) & 3) < rpl)
				*s = (struct x86_seg){ 0 };
		}
	}
	c->s.nmi_blocked = false;
	c->core.pc = ncs.base + eip;
	x86_update_mode(c);
	core_vcpu_kick(&c->core);
	return CORE_BRANCH;
}

/*
 * IRET in 64-bit mode (SDM 2: IRET, "IA-32e mode"): pop RIP, CS, RFLAGS,
 * RSP and SS (items of the operand size), to the same or an outer
 * privilege level; RFLAGS's IOPL changes only at CPL 0 and IF only at
 * CPL <= IOPL. NMIs are unblocked.
 */
int x86_iret(struct x86_cpu *c, const struct core_op *op, unsigned sz)
{
	if (!x86_long_mode(c))
		return iret_legacy(c, op, sz);
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
	return raise_event(c, vector, err, rip, rip, false);
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

/* INT3, INT n, INT1: the frame's RIP is the next instruction; the op retired (unless delivery faulted). */
int x86_trap(struct x86_cpu *c, const struct core_op *op, unsigned vector, bool software)
{
	int st = raise_event(c, vector, X86_NO_ERROR, x86_next_ip(c, op), core_op_pc(&c->core, op), software);
	return !software && st == CORE_EXCEPTION ? CORE_TRAP_DONE : st;
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
		raise_event(c, X86_EXC_NMI, X86_NO_ERROR, v->pc, v->pc, false);
		return true;
	}
	if (!c->intr || !(c->s.rflags & X86_IF) || !c->plat.apic_ops)
		return false;   /* HLT with IF = 0 sleeps on (SDM 2: HLT) */
	int vec = c->plat.apic_ops->ack(c->plat.apic);
	if (vec < 0)
		return false;
	v->halted = false;
	raise_event(c, (unsigned)vec, X86_NO_ERROR, v->pc, v->pc, false);
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
