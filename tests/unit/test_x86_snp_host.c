/*
 * x86-virt as an SEV-SNP host under hvsim's SVSM (--coco snp,vmpl=2,
 * machine/x86_snp.c), driven as the guest would drive it: SVSM core calls
 * from vCPU 0 (its registers, CALL_PENDING in its calling area, then a
 * request to run VMPL0) and the GHCB's AP_CREATION through the hypervisor
 * model's callbacks.
 *
 * DELETE_VCPU (SVSM spec 58019, the core protocol; coconut-svsm's
 * core_delete_vcpu makes the VMSA unrunnable before it clears the VMSA
 * bit): the page is given back, and the vCPU that runs from that VMSA
 * stops; the order Linux uses when a CPU comes back online (a new VMSA,
 * AP_CREATION from it, then the old one deleted: arch/x86/coco/sev/core.c
 * snp_cleanup_vmsa) leaves the CPU running.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv/sev_ghcb.h"
#include "hv/svsm.h"
#include "machine/x86_virt.h"

#define VMPL 2
#define BOOT_CAA (X86V_SNP_PAGES + X86V_SNP_PAGES_SIZE)   /* x86_snp.c's SVSM_BOOT_CAA */
#define VMSA_A 0x400000ull
#define VMSA_B 0x402000ull
#define CAA_1 0x404000ull

static struct hvsim_vm *new_vm_at(unsigned vmpl)
{
	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = 64ull << 20, .smp = 2,
				    .coco = HVSIM_COCO_SNP, .coco_vmpl = (int)vmpl };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm)
		fail_msg("%s", err);
	return vm;
}

static struct hvsim_vm *new_vm(void)
{
	return new_vm_at(VMPL);
}

static void put(uint8_t *p, unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[off + i] = (uint8_t)(v >> (8 * i));
}

/*
 * A VMSA VMRUN takes (APM 2 Table B-4): flat 32-bit protected mode at
 * `rip`, EFER.SVME, XCR0 1, the guest's VMPL, SEV_FEATURES SNPActive.
 */
static void write_vmsa_at(struct hvsim_vm *vm, uint64_t gpa, uint64_t rip, unsigned vmpl)
{
	static uint8_t v[4096];
	memset(v, 0, sizeof(v));
	for (unsigned seg = 0; seg < 6; seg++) {
		put(v, seg * 0x10 + 2, seg == 1 ? 0xc9b : 0xc93, 2);   /* attributes: G, D/B, present */
		put(v, seg * 0x10 + 4, 0xffffffff, 4);
	}
	put(v, 0x92, 0x8b, 2);                       /* TR: a busy TSS */
	put(v, 0xca, vmpl, 1);
	put(v, 0xd0, X86_EFER_SVME, 8);
	put(v, 0x158, X86_CR0_PE | X86_CR0_ET, 8);
	put(v, 0x170, 2, 8);                         /* RFLAGS */
	put(v, 0x178, rip, 8);
	put(v, 0x3b0, 1, 8);                         /* SEV_FEATURES */
	put(v, 0x3e8, 1, 8);                         /* XCR0 */
	assert_true(mem_load(&vm->mem, gpa, v, sizeof(v)));
}

static void write_vmsa(struct hvsim_vm *vm, uint64_t gpa, uint64_t rip)
{
	write_vmsa_at(vm, gpa, rip, VMPL);
}

/* An SVSM core call from vCPU 0 (Linux's svsm_perform_call_protocol): RAX's result. */
static uint64_t svsm_call(struct hvsim_vm *vm, unsigned call, uint64_t rcx, uint64_t rdx,
			  uint64_t r8)
{
	struct x86_cpu *c = x86_virt_cpu(vm, 0);
	static const uint8_t pending = 1;
	assert_true(mem_load(&vm->mem, BOOT_CAA, &pending, 1));
	c->s.r[X86_RAX] = call;
	c->s.r[X86_RCX] = rcx;
	c->s.r[X86_RDX] = rdx;
	c->s.r[X86_R8] = r8;
	struct hv_sev *sev = vm->hvplat.sev;
	assert_true(sev->ops->run_vmpl(sev->opaque, 0, 0));
	return c->s.r[X86_RAX];
}

/* AP_CREATION's create from vCPU 0: APIC id 1 runs the VMSA at gpa. */
static bool ap_create(struct hvsim_vm *vm, uint64_t gpa)
{
	struct hv_sev *sev = vm->hvplat.sev;
	return sev->ops->ap_create(sev->opaque, 0, 1, VMPL, gpa, false);
}

static bool is_vmsa(struct hvsim_vm *vm, uint64_t gpa)
{
	return mem_page_at(&vm->mem, gpa, NULL)->flags & MEM_PF_VMSA;
}

static void test_delete_vcpu(void **state)
{
	(void)state;
	struct hvsim_vm *vm = new_vm();
	struct x86_cpu *ap = x86_virt_cpu(vm, 1);
	write_vmsa(vm, VMSA_A, 0x100000);
	write_vmsa(vm, VMSA_B, 0x200000);
	/* CPU 1 up from VMSA A. */
	assert_int_equal(svsm_call(vm, SVSM_CORE_CREATE_VCPU, VMSA_A, CAA_1, 1), SVSM_SUCCESS);
	assert_true(is_vmsa(vm, VMSA_A));
	assert_true(ap_create(vm, VMSA_A));
	assert_false(ap->core.halted);
	assert_int_equal(ap->core.pc, 0x100000);
	/* Back online from VMSA B, then A deleted: CPU 1 runs on. */
	assert_int_equal(svsm_call(vm, SVSM_CORE_CREATE_VCPU, VMSA_B, CAA_1, 1), SVSM_SUCCESS);
	assert_true(ap_create(vm, VMSA_B));
	assert_int_equal(ap->core.pc, 0x200000);
	assert_int_equal(svsm_call(vm, SVSM_CORE_DELETE_VCPU, VMSA_A, 0, 0), SVSM_SUCCESS);
	assert_false(is_vmsa(vm, VMSA_A));
	assert_false(ap->init);
	/* The VMSA CPU 1 runs from deleted: CPU 1 stops (INIT), the page is the guest's again. */
	assert_int_equal(svsm_call(vm, SVSM_CORE_DELETE_VCPU, VMSA_B, 0, 0), SVSM_SUCCESS);
	assert_false(is_vmsa(vm, VMSA_B));
	assert_true(ap->init);
	assert_false(x86_virt_cpu(vm, 0)->init);
	/* Gone: a second delete is refused, and a new VMSA starts CPU 1 again. */
	assert_int_equal(svsm_call(vm, SVSM_CORE_DELETE_VCPU, VMSA_B, 0, 0),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(svsm_call(vm, SVSM_CORE_CREATE_VCPU, VMSA_A, CAA_1, 1), SVSM_SUCCESS);
	assert_true(ap_create(vm, VMSA_A));
	assert_false(ap->init);
	assert_int_equal(ap->core.pc, 0x100000);
	hvsim_vm_destroy(vm);
}

/*
 * The paravisor path (vmpl=0): VMPL0 on vCPU 0 starts vCPU 1 from a VMPL0
 * VMSA only while vCPU 1 runs VMPL0. While vCPU 1 runs a VMPL1 context,
 * such a start is refused: it would put VMPL0's registers in the running
 * VMPL1 context (VMPL1's permissions and routes) and lose VMPL1's state.
 */
static void test_ap_create_running_lower_vmpl(void **state)
{
	(void)state;
	struct hvsim_vm *vm = new_vm_at(0);
	struct x86_cpu *ap = x86_virt_cpu(vm, 1);
	struct hv_sev *sev = vm->hvplat.sev;
	write_vmsa_at(vm, VMSA_A, 0x100000, 0);
	mem_page_at(&vm->mem, VMSA_A, NULL)->flags |= MEM_PF_VMSA;   /* as VMPL0's RMPADJUST would */
	x86_switch_context(ap, 1);
	uint64_t pc = ap->core.pc;
	assert_false(sev->ops->ap_create(sev->opaque, 0, 1, 0, VMSA_A, false));
	assert_int_equal(ap->ctx, 1);
	assert_int_equal(ap->core.pc, pc);
	/* Back at VMPL0, the same request starts it. */
	x86_switch_context(ap, 0);
	assert_true(sev->ops->ap_create(sev->opaque, 0, 1, 0, VMSA_A, false));
	assert_int_equal(ap->ctx, 0);
	assert_int_equal(ap->core.pc, 0x100000);
	hvsim_vm_destroy(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delete_vcpu),
		cmocka_unit_test(test_ap_create_running_lower_vmpl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
