/*
 * The SVSM core protocol (hv/svsm.c) played from the guest's side as Linux
 * plays it (arch/x86/boot/startup/sev-shared.c, arch/x86/coco/sev/core.c):
 * set CALL_PENDING in the calling area, put the call in RAX..R9, let VMPL0
 * run, expect CALL_PENDING cleared and the return code in RAX. A fake
 * machine behind the callbacks: RAM, an RMP-like validated bit per page
 * (PVALIDATE's results as the instruction gives them) and VMSA pages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hv/svsm.h"

#define RAM 0x100000ull
#define PAGES 2048                        /* 8 MiB from 1 MiB: three whole 2 MiB pages */
#define SVSM_BASE (RAM + 0x700000)        /* the SVSM's own 1 MiB at the top */
#define SVSM_SIZE 0x100000ull
#define BOOT_CAA (RAM + 0x1000)
#define HUGE_OK (RAM + 0x100000)          /* backed by a 2 MiB page */
#define HUGE_4K (RAM + 0x300000)          /* a 2 MiB range backed by 4 KiB pages */

struct machine {
	uint8_t ram[PAGES * 4096];
	bool validated[PAGES], vmsa[PAGES];
	uint32_t vmsa_apic[PAGES];
	uint64_t refuse_vmsa;                 /* a VMSA whose contents the machine refuses */
	int pvalidates;
};

static bool in_ram(uint64_t gpa, size_t len)
{
	return gpa >= RAM && len <= sizeof(((struct machine *)0)->ram) &&
	       gpa - RAM <= sizeof(((struct machine *)0)->ram) - len;
}

static bool m_read(void *o, uint64_t gpa, void *buf, size_t len)
{
	struct machine *m = o;
	if (!in_ram(gpa, len))
		return false;
	memcpy(buf, m->ram + (gpa - RAM), len);
	return true;
}

static bool m_write(void *o, uint64_t gpa, const void *buf, size_t len)
{
	struct machine *m = o;
	if (!in_ram(gpa, len))
		return false;
	memcpy(m->ram + (gpa - RAM), buf, len);
	return true;
}

/* PVALIDATE: FAIL_INPUT outside RAM or misaligned, SIZEMISMATCH for 2M on 4K-backed, CF if no change. */
static unsigned m_pvalidate(void *o, uint64_t gpa, bool huge, bool validate)
{
	struct machine *m = o;
	uint64_t len = huge ? 0x200000 : 0x1000;
	m->pvalidates++;
	if (!in_ram(gpa, len) || (gpa & (len - 1)))
		return SVSM_PVALIDATE_FAIL_INPUT;
	if (huge && gpa != HUGE_OK)
		return SVSM_PVALIDATE_FAIL_SIZEMISMATCH;
	size_t first = (gpa - RAM) / 4096, n = len / 4096;
	if (m->validated[first] == validate)
		return SVSM_PVALIDATE_NO_UPDATE;
	for (size_t i = 0; i < n; i++)
		m->validated[first + i] = validate;
	return SVSM_PVALIDATE_OK;
}

static uint64_t m_create(void *o, uint64_t gpa, uint32_t apic)
{
	struct machine *m = o;
	if (gpa == m->refuse_vmsa)
		return SVSM_ERR_INVALID_PARAMETER;
	m->vmsa[(gpa - RAM) / 4096] = true;
	m->vmsa_apic[(gpa - RAM) / 4096] = apic;
	return SVSM_SUCCESS;
}

static uint64_t m_delete(void *o, uint64_t gpa)
{
	struct machine *m = o;
	assert_true(m->vmsa[(gpa - RAM) / 4096]);
	m->vmsa[(gpa - RAM) / 4096] = false;
	return SVSM_SUCCESS;
}

struct fixture {
	struct machine m;
	struct svsm s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct svsm_ops ops = { .opaque = &f->m, .read = m_read, .write = m_write,
				.pvalidate = m_pvalidate, .create_vcpu = m_create,
				.delete_vcpu = m_delete };
	svsm_init(&f->s, &ops, SVSM_BASE, SVSM_SIZE, 0, BOOT_CAA);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static uint8_t *at(struct fixture *f, uint64_t gpa) { return f->m.ram + (gpa - RAM); }

/* Linux's svsm_issue_call from APIC id `apic` through calling area `caa`: the result in RAX. */
static uint64_t call(struct fixture *f, uint32_t apic, uint64_t caa, uint64_t rax, uint64_t rcx,
		     uint64_t rdx, uint64_t r8, struct svsm_regs *out)
{
	struct svsm_regs r = { rax, rcx, rdx, r8, 0 };
	*at(f, caa) = 1;
	assert_true(svsm_handle(&f->s, apic, &r));
	assert_int_equal(*at(f, caa), 0);           /* Linux takes a 1 here as "not handled" */
	if (out)
		*out = r;
	return r.rax;
}

#define CORE(c) SVSM_CALL(0, SVSM_CORE_##c)

static void test_handshake(void **state)
{
	struct fixture *f = *state;
	struct svsm_regs r = { CORE(QUERY_PROTOCOL), 0, 1, 2, 3 }, before = r;
	/* Nothing pending: no call, nothing changed. */
	assert_false(svsm_handle(&f->s, 0, &r));
	assert_memory_equal(&r, &before, sizeof(r));
	/* A vCPU without a calling area. */
	*at(f, BOOT_CAA) = 1;
	assert_false(svsm_handle(&f->s, 5, &r));
	/* A pending byte that is not 1. */
	*at(f, BOOT_CAA) = 2;
	assert_false(svsm_handle(&f->s, 0, &r));
	assert_int_equal(f->s.stats.calls[SVSM_CORE_QUERY_PROTOCOL], 0);
}

static void test_query_protocol(void **state)
{
	struct fixture *f = *state;
	struct svsm_regs r;
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(QUERY_PROTOCOL), 1, 0, 0, &r), 0);
	assert_int_equal(r.rcx, 1ull << 32 | 1);               /* core protocol: versions 1-1 */
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(QUERY_PROTOCOL), 1ull << 32 | 1, 0, 0, &r), 0);
	assert_int_equal(r.rcx, 0);                            /* attestation: not offered */
	assert_int_equal(f->s.stats.calls[SVSM_CORE_QUERY_PROTOCOL], 2);
}

static void test_unsupported(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(DEPOSIT_MEM), 0, 0, 0, NULL),
			 SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CONFIGURE_VTOM), 0, 0, 0, NULL),
			 SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(call(f, 0, BOOT_CAA, SVSM_CALL(0, 99), 0, 0, 0, NULL),
			 SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(call(f, 0, BOOT_CAA, SVSM_CALL(1, 0), 0, 0, 0, NULL),
			 SVSM_ERR_UNSUPPORTED_PROTOCOL);    /* attestation */
	assert_int_equal(call(f, 0, BOOT_CAA, SVSM_CALL(2, 0), 0, 0, 0, NULL),
			 SVSM_ERR_UNSUPPORTED_PROTOCOL);    /* vTPM */
	assert_int_equal(f->s.stats.refused, 5);
}

static void test_remap_ca(void **state)
{
	struct fixture *f = *state;
	uint64_t ca2 = RAM + 0x5000;
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(REMAP_CA), ca2 + 8, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(REMAP_CA), SVSM_BASE + 0x1000, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(REMAP_CA), 0x1000, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(REMAP_CA), ~0xfffull, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(svsm_caa(&f->s, 0), BOOT_CAA);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(REMAP_CA), ca2, 0, 0, NULL), 0);
	assert_int_equal(svsm_caa(&f->s, 0), ca2);
	/* The old calling area is no longer read; the new one is. */
	struct svsm_regs r = { .rax = CORE(QUERY_PROTOCOL) };
	*at(f, BOOT_CAA) = 1;
	assert_false(svsm_handle(&f->s, 0, &r));
	assert_int_equal(call(f, 0, ca2, CORE(QUERY_PROTOCOL), 0, 0, 0, NULL), 0);
}

/* The PVALIDATE list at `list`: entries, then NEXT (cur_index) = next. */
static void pval_list(struct fixture *f, uint64_t list, unsigned next, const uint64_t *e,
		      unsigned n)
{
	uint8_t *p = at(f, list);
	memset(p, 0, 8);
	p[0] = n & 0xff, p[1] = n >> 8, p[2] = next & 0xff, p[3] = next >> 8;
	for (unsigned i = 0; i < n; i++)
		for (int b = 0; b < 8; b++)
			p[8 + 8 * i + b] = (uint8_t)(e[i] >> 8 * b);
}

static unsigned pval_next(struct fixture *f, uint64_t list)
{
	return at(f, list)[2] | at(f, list)[3] << 8;
}

#define PV_4K(gpa, validate) ((gpa) | (validate) << 2)
#define PV_2M(gpa, validate) ((gpa) | 1 | (validate) << 2)
#define PV_IGNORE_CF 8ull
#define PAGE_OF(gpa) (((gpa) - RAM) / 4096)

static void test_pvalidate(void **state)
{
	struct fixture *f = *state;
	uint64_t list = BOOT_CAA + 8;                          /* the CA's buffer, as Linux uses it */
	uint64_t a = RAM + 0x10000, b = RAM + 0x11000, c = RAM + 0x40000;
	uint64_t e[] = { PV_4K(a, 1ull), PV_4K(b, 1ull), PV_4K(c, 1ull) };
	pval_list(f, list, 0, e, 3);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL), 0);
	assert_int_equal(pval_next(f, list), 3);
	assert_true(f->m.validated[PAGE_OF(a)] && f->m.validated[PAGE_OF(b)] &&
		    f->m.validated[PAGE_OF(c)]);
	assert_int_equal(f->s.stats.pages_validated, 3);

	/* Again: the instruction's "no change" (CF) is an error unless ignored. */
	pval_list(f, list, 0, e, 3);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL),
			 SVSM_ERR_PVALIDATE_FAIL_UNCHANGED);
	assert_int_equal(pval_next(f, list), 0);
	uint64_t ig[] = { e[0] | PV_IGNORE_CF, e[1] | PV_IGNORE_CF };
	pval_list(f, list, 0, ig, 2);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL), 0);
	assert_int_equal(pval_next(f, list), 2);

	/* NEXT says where to start: entries before it are not done again. */
	uint64_t inv[] = { PV_4K(a, 0ull), PV_4K(b, 0ull) };
	pval_list(f, list, 1, inv, 2);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL), 0);
	assert_true(f->m.validated[PAGE_OF(a)]);
	assert_false(f->m.validated[PAGE_OF(b)]);
	assert_int_equal(f->s.stats.pages_invalidated, 1);

	/* A 2 MiB entry on 4K-backed memory: SIZEMISMATCH, NEXT at it, the ones before done. */
	uint64_t d = RAM + 0x20000;
	uint64_t mix[] = { PV_4K(d, 1ull), PV_2M(HUGE_4K, 1ull), PV_4K(d + 0x1000, 1ull) };
	pval_list(f, list, 0, mix, 3);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL),
			 SVSM_ERR_PVALIDATE_BASE + SVSM_PVALIDATE_FAIL_SIZEMISMATCH);
	assert_int_equal(pval_next(f, list), 1);
	assert_true(f->m.validated[PAGE_OF(d)]);
	assert_false(f->m.validated[PAGE_OF(d + 0x1000)]);
	/* A 2 MiB page that is one. */
	uint64_t huge[] = { PV_2M(HUGE_OK, 1ull) };
	pval_list(f, list, 0, huge, 1);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL), 0);
	assert_true(f->m.validated[PAGE_OF(HUGE_OK) + 511]);
	/* Outside RAM: the instruction's FAIL_INPUT. */
	uint64_t out[] = { PV_4K(0x1000ull, 1ull) };
	pval_list(f, list, 0, out, 1);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL),
			 SVSM_ERR_PVALIDATE_BASE + SVSM_PVALIDATE_FAIL_INPUT);
}

static void test_pvalidate_refused(void **state)
{
	struct fixture *f = *state;
	uint64_t list = RAM + 0x8000, ok = PV_4K(RAM + 0x30000, 1ull);
	struct { uint64_t entry; uint64_t rc; } bad[] = {
		{ PV_4K(RAM + 0x30000, 1ull) | 2, SVSM_ERR_INVALID_PARAMETER },    /* size 2 */
		{ PV_4K(RAM + 0x30000, 1ull) | 0x10, SVSM_ERR_INVALID_PARAMETER }, /* reserved */
		{ PV_4K(SVSM_BASE + 0x3000, 0ull), SVSM_ERR_INVALID_ADDRESS },     /* the SVSM's */
		{ PV_2M(SVSM_BASE - 0x100000, 0ull), SVSM_ERR_INVALID_ADDRESS },   /* 2M over it */
		{ PV_4K(BOOT_CAA, 0ull), SVSM_ERR_INVALID_ADDRESS },               /* a calling area */
		{ PV_4K(0xfffffffffffff000ull, 1ull), SVSM_ERR_INVALID_ADDRESS },  /* would wrap */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t e[] = { ok, bad[i].entry };
		pval_list(f, list, 0, e, 2);
		int before = f->m.pvalidates;
		assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL), bad[i].rc);
		assert_int_equal(pval_next(f, list), 1);
		assert_true(f->m.pvalidates - before <= 2);
		f->m.validated[PAGE_OF(RAM + 0x30000)] = false;
	}
	/* The list itself: misaligned, not in RAM, the SVSM's, crossing its page, NEXT past the end. */
	uint64_t e[] = { ok };
	pval_list(f, list, 0, e, 1);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list + 4, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), 0x2000, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), SVSM_BASE, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), ~7ull, 0, 0, NULL),
			 SVSM_ERR_INVALID_ADDRESS);
	uint64_t near_end = list + 4096 - 16;                  /* room for one entry */
	uint64_t two[] = { ok, ok };
	pval_list(f, near_end, 0, two, 2);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), near_end, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	pval_list(f, near_end, 0, two, 1);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), near_end, 0, 0, NULL), 0);
	pval_list(f, list, 2, e, 1);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), list, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	/* The largest list a calling area holds (Linux's SVSM_PVALIDATE_MAX_COUNT: 510). */
	static uint64_t many[510];
	for (unsigned i = 0; i < 510; i++)
		many[i] = PV_4K(RAM + 0x100000 + 0x1000ull * i, 1ull);
	pval_list(f, BOOT_CAA + 8, 0, many, 510);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(PVALIDATE), BOOT_CAA + 8, 0, 0, NULL), 0);
	assert_int_equal(pval_next(f, BOOT_CAA + 8), 510);
}

static void test_vcpus(void **state)
{
	struct fixture *f = *state;
	uint64_t vmsa1 = RAM + 0x50000, ca1 = RAM + 0x51000, vmsa1b = RAM + 0x52000;
	uint64_t ca1b = RAM + 0x53000;
	struct { uint64_t vmsa, caa; uint64_t rc; } bad[] = {
		{ vmsa1 + 0x10, ca1, SVSM_ERR_INVALID_PARAMETER },
		{ vmsa1, ca1 + 0x10, SVSM_ERR_INVALID_PARAMETER },
		{ SVSM_BASE, ca1, SVSM_ERR_INVALID_ADDRESS },
		{ vmsa1, SVSM_BASE + 0x1000, SVSM_ERR_INVALID_ADDRESS },
		{ 0x3000, ca1, SVSM_ERR_INVALID_ADDRESS },
		{ vmsa1, vmsa1, SVSM_ERR_INVALID_PARAMETER },
		{ BOOT_CAA, ca1, SVSM_ERR_INVALID_PARAMETER },    /* the boot vCPU's calling area */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), bad[i].vmsa, bad[i].caa, 1,
				      NULL),
				 bad[i].rc);
	assert_int_equal(svsm_caa(&f->s, 1), 0);
	/* The machine refuses the VMSA's contents: its code comes back, nothing recorded. */
	f->m.refuse_vmsa = vmsa1;
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), vmsa1, ca1, 1, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(svsm_caa(&f->s, 1), 0);
	f->m.refuse_vmsa = 0;

	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), vmsa1, ca1, 1, NULL), 0);
	assert_true(f->m.vmsa[PAGE_OF(vmsa1)]);
	assert_int_equal(f->m.vmsa_apic[PAGE_OF(vmsa1)], 1);
	assert_int_equal(svsm_caa(&f->s, 1), ca1);
	/* The AP calls through its own calling area. */
	assert_int_equal(call(f, 1, ca1, CORE(QUERY_PROTOCOL), 0, 0, 0, NULL), 0);
	/* The same VMSA twice; a VMSA that is a calling area now. */
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), vmsa1, ca1b, 2, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), ca1, ca1b, 2, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	/* CPU 1 offline and back: the new VMSA first, then the old one deleted. */
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), vmsa1b, ca1b, 1, NULL), 0);
	assert_int_equal(svsm_caa(&f->s, 1), ca1b);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(DELETE_VCPU), vmsa1, 0, 0, NULL), 0);
	assert_false(f->m.vmsa[PAGE_OF(vmsa1)]);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(DELETE_VCPU), vmsa1, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(DELETE_VCPU), RAM + 0x60000, 0, 0, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(call(f, 1, ca1b, CORE(QUERY_PROTOCOL), 0, 0, 0, NULL), 0);
	/* An APIC id that does not fit 32 bits. */
	assert_int_equal(call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), RAM + 0x70000, RAM + 0x71000,
			      1ull << 32, NULL),
			 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(f->s.stats.calls[SVSM_CORE_CREATE_VCPU], 13);
	assert_int_equal(f->s.stats.calls[SVSM_CORE_DELETE_VCPU], 3);
}

/* More vCPUs than the SVSM keeps: refused, not a crash. */
static void test_vcpus_full(void **state)
{
	struct fixture *f = *state;
	unsigned made = 0;
	for (unsigned i = 1; i < 2 * SVSM_MAX_VCPUS; i++) {
		uint64_t vmsa = RAM + 0x100000 + 0x2000ull * i;
		uint64_t rc = call(f, 0, BOOT_CAA, CORE(CREATE_VCPU), vmsa, vmsa + 0x1000, i, NULL);
		if (rc == SVSM_SUCCESS)
			made++;
		else
			assert_int_equal(rc, SVSM_ERR_INVALID_REQUEST);
	}
	assert_int_equal(made, SVSM_MAX_VCPUS - 1);            /* the boot vCPU holds a CA slot */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_protocol, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unsupported, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap_ca, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pvalidate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pvalidate_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vcpus_full, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
