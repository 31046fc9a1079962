/*
 * An embedding user's program for the confidential-VM life cycle and the
 * register list, through include/hvsim/hvsim.h alone (as api-example.c):
 * memory attributes, initial private content, finalize and its launch
 * measurement (recomputed here from the documented recipe with OpenSSL,
 * not read back from hvsim), pre-faulting before and after finalize, and
 * every ONE_REG id hvsim_get_reg_list names (KVM_GET_REG_LIST's contract:
 * each id reads at its size, and a VMM may write back what it read).
 *
 * usage: cvm-example   (exit 0: every check passed)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "hvsim/hvsim.h"

#define RAM_BASE 0x40000000ull
#define PAGE 4096ull

/* Two loads: one straddling a page boundary at an odd offset, one whole page. */
#define BLOB_A (RAM_BASE + 0x300000 + 0x123)
#define BLOB_A_LEN 5000
#define BLOB_B (RAM_BASE + 0x100000)
#define SHARED_LATER (RAM_BASE + 0x500000)   /* loaded, then made shared: not measured */

/* KVM ids (Documentation/virt/kvm/api.rst, "ARM64 registers"). */
#define REG_SPSR_FIQ 0x6030000000100050ull
#define REG_PC 0x6030000000100040ull
#define REG_PSCI_VERSION 0x6030000000140000ull
#define REG_WORKAROUND_2 0x6030000000140002ull
#define REG_VENDOR_HYP_BMAP 0x6030000000160002ull
#define REG_CCSIDR_L2 0x6020000000110002ull
#define REG_TIMER_CNT 0x603000000013df1aull    /* ARM64_SYS_REG(3, 3, 14, 3, 2) */
#define REG_TIMER_CVAL 0x603000000013df02ull   /* ARM64_SYS_REG(3, 3, 14, 0, 2) */

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	if (!ok)
		failures++;
}

static struct hvsim_vm *create(bool confidential)
{
	char err[256];
	struct hvsim_config cfg = {
		.machine = "arm64-virt", .ram_bytes = 64ull << 20, .smp = 1,
		.protected_vm = confidential,
	};
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm) {
		fprintf(stderr, "cvm-example: %s\n", err);
		exit(2);
	}
	return vm;
}

static void le64(uint8_t *b, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		b[i] = (uint8_t)(v >> 8 * i);
}

/* The documented measurement of one page: GPA, attributes, content. */
static void measure_page(EVP_MD_CTX *md, uint64_t gpa, const uint8_t *content)
{
	uint8_t head[16];
	le64(head, gpa);
	le64(head + 8, HVSIM_MEMORY_ATTRIBUTE_PRIVATE);
	EVP_DigestUpdate(md, head, sizeof(head));
	EVP_DigestUpdate(md, content, PAGE);
}

static void life_cycle(void)
{
	char err[256];
	static uint8_t a[BLOB_A_LEN], b[PAGE], pages[3][PAGE];
	for (size_t i = 0; i < sizeof(a); i++)
		a[i] = (uint8_t)(i * 7 + 1);
	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)(i ^ 0x5a);

	/* A normal VM: pre-faulting is always allowed; there is nothing to finalize first. */
	struct hvsim_vm *vm = create(false);
	check("a normal VM is not confidential", !hvsim_vm_is_confidential(vm));
	check("a normal VM pre-faults before finalize",
	      hvsim_vm_pre_fault_memory(vm, RAM_BASE, 16 * PAGE, err, sizeof(err)) == 0);
	hvsim_vm_destroy(vm);

	vm = create(true);
	check("a protected VM is confidential", hvsim_vm_is_confidential(vm));
	int rc = hvsim_vm_pre_fault_memory(vm, RAM_BASE, PAGE, err, sizeof(err));
	check("pre-fault refused before finalize", rc == HVSIM_BAD_INPUT && strstr(err, "finalized"));
	check("attributes: unaligned range refused",
	      hvsim_vm_set_memory_attributes(vm, RAM_BASE + 1, PAGE, 0, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("attributes: unknown bit refused",
	      hvsim_vm_set_memory_attributes(vm, RAM_BASE, PAGE, 1, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("attributes: a range beyond RAM refused",
	      hvsim_vm_set_memory_attributes(vm, RAM_BASE + (64ull << 20) - PAGE, 2 * PAGE,
					     0, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("attributes: device space refused",
	      hvsim_vm_set_memory_attributes(vm, 0x09000000, PAGE, 0, err, sizeof(err)) == HVSIM_BAD_INPUT);

	/* Shared pages are the host's to write; private ones are not, and read as ciphertext. */
	uint64_t word = 0x1122334455667788ull, back = 0;
	check("a private page refuses the host's write", !hvsim_host_write(vm, RAM_BASE + 0x600000, &word, 8));
	check("attributes: make a page shared",
	      hvsim_vm_set_memory_attributes(vm, RAM_BASE + 0x600000, PAGE, 0, err, sizeof(err)) == 0);
	check("the shared page takes the host's write", hvsim_host_write(vm, RAM_BASE + 0x600000, &word, 8));
	check("attributes: make it private again",
	      hvsim_vm_set_memory_attributes(vm, RAM_BASE + 0x600000, PAGE,
					     HVSIM_MEMORY_ATTRIBUTE_PRIVATE, err, sizeof(err)) == 0);
	check("the host reads it as ciphertext",
	      hvsim_host_read(vm, RAM_BASE + 0x600000, &back, 8) && back != word);

	check("load_private A", hvsim_vm_load_private(vm, BLOB_A, a, sizeof(a), err, sizeof(err)) == 0);
	check("load_private B", hvsim_vm_load_private(vm, BLOB_B, b, sizeof(b), err, sizeof(err)) == 0);
	check("load_private C", hvsim_vm_load_private(vm, SHARED_LATER, b, 64, err, sizeof(err)) == 0);
	check("C made shared before finalize",
	      hvsim_vm_set_memory_attributes(vm, SHARED_LATER, PAGE, 0, err, sizeof(err)) == 0);

	uint8_t m[HVSIM_MEASUREMENT_BYTES];
	check("finalize", hvsim_vm_finalize(vm, m, err, sizeof(err)) == 0);

	/* The recipe (hvsim.h): B's page, then A's two pages, in GPA order; C is shared. */
	memcpy(pages[0], b, PAGE);
	memset(pages[1], 0, sizeof(pages[1]) + sizeof(pages[2]));
	memcpy(pages[1] + (BLOB_A & (PAGE - 1)), a, sizeof(a));
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	uint8_t want[HVSIM_MEASUREMENT_BYTES];
	unsigned len = 0;
	EVP_DigestInit_ex(md, EVP_sha384(), NULL);
	measure_page(md, BLOB_B, pages[0]);
	measure_page(md, BLOB_A & ~(PAGE - 1), pages[1]);
	measure_page(md, (BLOB_A & ~(PAGE - 1)) + PAGE, pages[2]);
	EVP_DigestFinal_ex(md, want, &len);
	EVP_MD_CTX_free(md);
	check("the measurement is SHA-384 over the private loaded pages", !memcmp(m, want, sizeof(m)));

	struct hvsim_stats st;
	hvsim_vm_stats(vm, &st);
	check("stats report the measurement",
	      st.finalized && st.measured_pages == 3 && !memcmp(st.measurement, want, sizeof(want)));
	check("finalize twice refused", hvsim_vm_finalize(vm, m, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("load_private after finalize refused",
	      hvsim_vm_load_private(vm, BLOB_B, b, 8, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("attributes after finalize refused (the guest's now)",
	      hvsim_vm_set_memory_attributes(vm, BLOB_B, PAGE, 0, err, sizeof(err)) == HVSIM_BAD_INPUT);
	check("pre-fault after finalize",
	      hvsim_vm_pre_fault_memory(vm, RAM_BASE, 64 * PAGE, err, sizeof(err)) == 0);
	check("pre-fault outside RAM refused",
	      hvsim_vm_pre_fault_memory(vm, 0x09000000, PAGE, err, sizeof(err)) == HVSIM_BAD_INPUT);
	hvsim_vm_destroy(vm);
}

static void registers(void)
{
	struct hvsim_vm *vm = create(false);
	size_t n = hvsim_get_reg_list(vm, 0, NULL, 0);
	uint64_t *ids = calloc(n, sizeof(*ids));
	check("the register list fills what it counted", ids && hvsim_get_reg_list(vm, 0, ids, n) == n);
	printf("%zu registers listed\n", n);
	size_t bad_get = 0, bad_set = 0, sys = 0;
	uint64_t core_sys_fw = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t v[16] = { 0 };
		if (hvsim_get_one_reg(vm, 0, ids[i], v)) {
			printf("cannot read %#" PRIx64 "\n", ids[i]);
			bad_get++;
			continue;
		}
		uint64_t type = ids[i] & 0xffff0000ull;
		if (type == 0x130000)
			sys++;
		/* Writing back what was read: core, firmware, demux and timer ids (system registers
		 * with write side effects, such as the PMU's set/clear pairs, are read only here). */
		bool timer = ids[i] == REG_TIMER_CNT || ids[i] == REG_TIMER_CVAL;
		if (type != 0x130000 || timer) {
			core_sys_fw++;
			if (hvsim_set_one_reg(vm, 0, ids[i], v)) {
				printf("cannot write back %#" PRIx64 "\n", ids[i]);
				bad_set++;
			}
		}
	}
	check("every listed id reads", bad_get == 0);
	check("core, firmware, demux and timer ids take back what they gave", bad_set == 0);
	check("the list has the system registers", sys > 100);
	printf("%" PRIu64 " written back, %zu system registers\n", core_sys_fw, sys);

	uint64_t v = 0x3c5, got = 0;
	check("SPSR_FIQ by the seed's corrected id",
	      !hvsim_set_one_reg(vm, 0, REG_SPSR_FIQ, &v) && !hvsim_get_one_reg(vm, 0, REG_SPSR_FIQ, &got) &&
	      got == 0x3c5);
	check("PSCI version 1.1", !hvsim_get_one_reg(vm, 0, REG_PSCI_VERSION, &got) && got == 0x10001);
	v = 0x10000;
	check("PSCI version: another one refused", hvsim_set_one_reg(vm, 0, REG_PSCI_VERSION, &v) == -1);
	check("WORKAROUND_2 not required (3)", !hvsim_get_one_reg(vm, 0, REG_WORKAROUND_2, &got) && got == 3);
	check("vendor hypervisor services: FEATURES and PTP",
	      !hvsim_get_one_reg(vm, 0, REG_VENDOR_HYP_BMAP, &got) && got == 3);
	uint32_t ccsidr = 0;
	check("CCSIDR of the L2 by DEMUX (2 MiB, 16 ways, 64-byte lines)",
	      !hvsim_get_one_reg(vm, 0, REG_CCSIDR_L2, &ccsidr) &&
	      ((ccsidr >> 13 & 0x7fff) + 1) * ((ccsidr >> 3 & 0x3ff) + 1) * 64 == 2u << 20);
	v = 0xabcdef;
	check("TIMER_CVAL (CNTVCT's encoding) is the compare value",
	      !hvsim_set_one_reg(vm, 0, REG_TIMER_CVAL, &v) && !hvsim_get_one_reg(vm, 0, REG_TIMER_CVAL, &got) &&
	      got == 0xabcdef);
	v = 1000000;
	check("TIMER_CNT (CNTV_CVAL's encoding) is the virtual count",
	      !hvsim_set_one_reg(vm, 0, REG_TIMER_CNT, &v) && !hvsim_get_one_reg(vm, 0, REG_TIMER_CNT, &got) &&
	      got == 1000000);
	check("the compare value stayed", !hvsim_get_one_reg(vm, 0, REG_TIMER_CVAL, &got) && got == 0xabcdef);
	check("PC by its core id", !hvsim_get_one_reg(vm, 0, REG_PC, &got));
	free(ids);
	hvsim_vm_destroy(vm);
}

int main(void)
{
	life_cycle();
	registers();
	printf("%s\n", failures ? "FAILED" : "all passed");
	return failures ? 1 : 0;
}
