/*
 * An embedding user's program: it drives a VM through include/hvsim/hvsim.h
 * and nothing else, the way a KVM selftest drives KVM. With the guest
 * firmware/arm64/tests/api.c it exercises the public API functions no other
 * caller uses: running one vCPU to its next exit (hvsim_vcpu_run returns
 * HVSIM_EXIT_HYPERCALL), registers by KVM ONE_REG id (including the seed's
 * corrected SPSR_FIQ id 0x6030000000100050), the hypercall hook, the host's
 * reads and writes of guest memory, and console input.
 *
 * usage: api-example API_ELF   (exit 0: every check passed)
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hvsim/hvsim.h"

#define RAM_BASE 0x40000000ull
#define API_HOST_IN (RAM_BASE + 0x200000)
#define API_GUEST_OUT (RAM_BASE + 0x201000)
#define API_HOOKED_FN 0xc600fe00u

/* KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offset in 32-bit words of struct kvm_regs) */
#define REG_CORE(off) (0x6030000000100000ull | (off))
#define REG_X(n) REG_CORE(2 * (n))
#define REG_PC REG_CORE(0x40)
#define REG_SPSR_FIQ 0x6030000000100050ull   /* struct kvm_regs.spsr[4]: word offset 0x50 */

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

/* The guest's console, collected (its printf ends lines with CR LF, as a terminal wants). */
static char console[4096];
static size_t console_n;

static void console_out(void *opaque, uint8_t byte)
{
	if (console_n < sizeof(console) - 1)
		console[console_n++] = (char)byte;
}

/* The hook answers the one function hvsim does not: x0 = 0x1200 + x1 + x2 + x3. */
static int hook_calls;

static bool hook(void *opaque, int vcpu, uint32_t fn, const uint64_t args[8], uint64_t results[4])
{
	if (fn != API_HOOKED_FN)
		return false;
	hook_calls++;
	results[0] = 0x1200 + args[1] + args[2] + args[3];
	return true;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: api-example API_ELF\n");
		return 2;
	}
	char err[256];
	struct hvsim_config cfg = {
		.machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 1,
		.console_out = console_out,
	};
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm || hvsim_vm_load_kernel(vm, argv[1], NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "api-example: %s\n", err);
		return 2;
	}
	hvsim_set_hypercall_hook(vm, hook, NULL);

	/* The host's accessor: a word into (shared) guest memory before the guest runs. */
	uint64_t word = 0x0123456789abcdefull;
	check("hvsim_host_write into guest RAM", hvsim_host_write(vm, API_HOST_IN, &word, 8));
	check("hvsim_host_write outside guest RAM is refused",
	      !hvsim_host_write(vm, 0x20000000, &word, 8));

	/* ONE_REG before the run: the boot PC, and SPSR_FIQ by the seed's corrected id. */
	uint64_t pc = 0, v = 0x3c5, got = 0;
	check("ONE_REG reads PC", hvsim_get_one_reg(vm, 0, REG_PC, &pc) == 0 && pc >= RAM_BASE);
	check("ONE_REG writes and reads SPSR_FIQ (0x6030000000100050)",
	      hvsim_set_one_reg(vm, 0, REG_SPSR_FIQ, &v) == 0 &&
	      hvsim_get_one_reg(vm, 0, REG_SPSR_FIQ, &got) == 0 && got == 0x3c5);
	check("ONE_REG refuses an unknown id", hvsim_get_one_reg(vm, 0, REG_CORE(0x3ff), &got) == -1);
	check("ONE_REG refuses a vCPU that does not exist", hvsim_get_one_reg(vm, 1, REG_PC, &got) == -1);

	/* KVM_RUN's way: the vCPU runs until its first hypercall, which hvsim has answered. */
	enum hvsim_exit_reason why = hvsim_vcpu_run(vm, 0, 100000000);
	check("hvsim_vcpu_run returns HVSIM_EXIT_HYPERCALL", why == HVSIM_EXIT_HYPERCALL);
	uint64_t x0 = 0;
	check("x0 holds SMCCC_VERSION's answer, 1.1",
	      hvsim_get_one_reg(vm, 0, REG_X(0), &x0) == 0 && x0 == 0x10001);
	x0 = 0x10002;
	check("the host changes the answer in x0", hvsim_set_one_reg(vm, 0, REG_X(0), &x0) == 0);
	uint64_t pc2 = 0;
	check("PC moved past the HVC", hvsim_get_one_reg(vm, 0, REG_PC, &pc2) == 0 && pc2 > pc);

	/* A line typed on the console, then the rest of the run. */
	hvsim_console_input(vm, (const uint8_t *)"hello\n", 6);
	struct hvsim_result res;
	hvsim_vm_run(vm, &res);
	check("the guest powered off", res.status == HVSIM_OK);

	char out[32] = { 0 };
	check("hvsim_host_read of what the guest wrote",
	      hvsim_host_read(vm, API_GUEST_OUT, out, 21) && !strcmp(out, "written by the guest"));
	check("the hook answered once", hook_calls == 1);
	struct hvsim_stats st;
	hvsim_vm_stats(vm, &st);
	check("the hook's answer counts as a hypercall", st.hypercalls >= 3);

	console[console_n] = 0;
	check("the guest saw the host's x0", strstr(console, "api: SMCCC_VERSION gave 0x10002\r\n") != NULL);
	check("the guest saw the hook's answer", strstr(console, "api: the hook answered 0x1206\r\n") != NULL);
	check("the guest read the host's word",
	      strstr(console, "api: the host wrote 0x123456789abcdef\r\n") != NULL);
	check("the guest read the typed line", strstr(console, "api: typed 'hello'\r\n") != NULL);
	if (failures)
		printf("console:\n%s", console);
	hvsim_vm_destroy(vm);
	return failures ? 1 : 0;
}
