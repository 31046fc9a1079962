/*
 * Where an interceptable event goes: the per-context route table, filled
 * by the board from the VM's configuration, is the one place that knows
 * (x86.h, enum x86_handler). Handlers call x86_route and go on
 * architecturally when it answers CORE_OK.
 */
#include "cpu/x86-coco/x86.h"

const char *const x86_conduit_names[X86_CONDUIT_COUNT] = {
	[X86_CONDUIT_CPUID] = "cpuid", [X86_CONDUIT_RDMSR] = "rdmsr", [X86_CONDUIT_WRMSR] = "wrmsr",
	[X86_CONDUIT_VMMCALL] = "vmmcall", [X86_CONDUIT_VMCALL] = "vmcall",
	[X86_CONDUIT_VMGEXIT] = "vmgexit", [X86_CONDUIT_TDCALL] = "tdcall", [X86_CONDUIT_NPF] = "npf",
};

int x86_route_or_ud(struct x86_cpu *c, const struct core_op *op, enum x86_event ev)
{
	struct x86_event_info info = { .insn_len = op->len };
	int st = x86_route(c, op, ev, &info);
	return st ? st : x86_fault(c, op, X86_EXC_UD, X86_NO_ERROR);
}

int x86_route(struct x86_cpu *c, const struct core_op *op, enum x86_event ev,
	      const struct x86_event_info *info)
{
	struct x86_route r = c->routes[c->ctx][ev];
	switch (r.to) {
	case X86_TO_CPU:
		return CORE_OK;
	case X86_TO_HV:
		/* hvsim answers through conduit r.arg; the guest resumes after the instruction. */
		c->core.exit_info = (struct core_exit_info){
			.pc = core_op_pc(&c->core, op), .conduit = r.arg, .context = c->ctx,
		};
		c->hcall_len = info->insn_len;
		c->core.pc = x86_next_ip(c, op);
		c->core.exit = CORE_EXIT_HYPERCALL;
		return CORE_EXIT;
	case X86_TO_VC:
		/* A fault at the instruction (APM 2:15.35.5): the guest's #VC handler emulates it. */
		return x86_snp_vc(c, op, 0, x86_snp_exit_code(ev, info));
	default:
		/*
		 * #VE and context switches come with the TDX model and the
		 * paravisors; until then a table asking for them is hvsim's
		 * bug, reported, not a guess at the architecture.
		 */
		c->core.pc = core_op_pc(&c->core, op);
		c->core.exit = CORE_EXIT_INTERNAL;
		return CORE_EXIT_NORETIRE;
	}
}
