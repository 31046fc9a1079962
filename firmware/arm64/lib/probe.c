#include "probe.h"

__asm__(".text\n"
	".global probe_read, probe_read16, probe_write\n"
	"probe_read:   ldr x0, [x0]\n ret\n"
	"probe_read16: ldrh w0, [x0]\n ret\n"
	"probe_write:  str x1, [x0]\n ret\n");

struct probe_faults probe_last;

void probe_abort(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != EC_DABT_SAME) {
		printf("unexpected ");
		exc_report(f);
		fw_exit();
	}
	probe_last.faults++;
	probe_last.esr = f->esr;
	probe_last.far = f->far;
	f->elr += 4;
	f->x[0] = FAULTED;
}
