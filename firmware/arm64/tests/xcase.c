/* The fw_sync handler for xcase.h programs. */
#include "xcase.h"

const struct xcase *xcase_el1;
const struct xcase *xcase_el0_next;
static const struct xcase *el0_end;
unsigned xcase_taken, xcase_failures;

static bool is_abort(unsigned ec)
{
	return ec == EC_DABT_SAME || ec == EC_DABT_LOWER ||
	       ec == EC_IABT_SAME || ec == EC_IABT_LOWER;
}

void fw_sync(struct exc_frame *f)
{
	const struct xcase *c = xcase_el1;
	if (exc_from_lower(f))
		c = xcase_el0_next && xcase_el0_next < el0_end ? xcase_el0_next++ : 0;
	unsigned ec = ESR_EC(f->esr);

	xcase_taken++;
	if (!c) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	printf("  %-22s EC=0x%02x %-32s", c->name, ec, exc_ec_name(ec));
	if (is_abort(ec)) {
		exc_print_fsc(ESR_xFSC(f->esr));
		if (ec == EC_DABT_SAME || ec == EC_DABT_LOWER)
			printf(" WnR=%lu", (unsigned long)ESR_WNR(f->esr));
	} else {
		printf(" ISS=0x%07lx", (unsigned long)ESR_ISS(f->esr));
	}

	/* ELR: the instruction, the one after it (SVC), or the branch target. */
	uint64_t elr = (uintptr_t)c->insn;
	if (ec == EC_SVC64)
		elr += 4;
	if (c->resume == XR_AT_LR)
		elr = c->addr;
	bool ok = ec == c->ec && f->elr == elr;
	/* FAR is valid for PC alignment and MMU faults; an external abort may say FnV. */
	bool far_valid = ec == EC_PC_ALIGN || (is_abort(ec) && ESR_xFSC(f->esr) != 0x10);
	if (c->addr && far_valid)
		ok = ok && f->far == c->addr;
	printf(" %s\n", ok ? "ok" : "FAIL");
	if (!ok) {
		xcase_failures++;
		exc_report(f);
	}

	switch (c->resume) {
	case XR_NEXT:
		if (ec != EC_SVC64)
			f->elr += 4;
		break;
	case XR_AT_LR:
		f->elr = f->x[30];
		break;
	case XR_CLEAR_IL:
		f->spsr &= ~(1ul << 20);    /* SPSR.IL */
		break;
	}
}

void xcase_run(const struct xcase *c, void (*trigger)(uint64_t), uint64_t arg)
{
	unsigned before = xcase_taken;

	xcase_el1 = c;
	trigger(arg);
	xcase_el1 = 0;
	if (xcase_taken != before + 1) {
		printf("  %-22s no exception FAIL\n", c->name);
		xcase_failures++;
	}
}

void xcase_run_el0(const struct xcase *cases, unsigned n, void *seq)
{
	xcase_el0_next = cases;
	el0_end = cases + n;
	el0_call((uint64_t (*)(uint64_t))seq, 0, EL0_STACK_TOP);
	if (xcase_el0_next != cases + n) {
		printf("  EL0 sequence: %ld of %u exceptions taken FAIL\n",
		       (long)(xcase_el0_next - cases), n);
		xcase_failures++;
	}
	xcase_el0_next = 0;
}
