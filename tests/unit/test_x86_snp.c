/*
 * The SEV-SNP architecture of the x86 CPU (cpu/x86-coco/snp.c, mmu.c's
 * C-bit, route.c's #VC): CPUID 0x8000001F, the MSRs no hypervisor
 * intercepts, PVALIDATE's and RMPADJUST's results, the #VC error code of
 * each interceptable event, the private and shared views, and the
 * nested page fault that stops the run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tests/unit/x86_harness.h"

#define C_BIT 51
#define C (1ull << C_BIT)

static int setup_snp(void **state)
{
	*state = x86_harness_new_snp(C_BIT);
	return 0;
}

static int teardown(void **state)
{
	x86_harness_free(*state);
	return 0;
}

/* Run code given as hex with RAX, RCX, RDX set first. */
static void run(struct x86_harness *h, uint64_t rax, uint64_t rcx, uint64_t rdx, const char *hex)
{
	struct x86_cpu *c = x86_harness_cpu(h);
	c->s.r[X86_RAX] = rax;
	c->s.r[X86_RCX] = rcx;
	c->s.r[X86_RDX] = rdx;
	x86_harness_run_hex(h, hex);
}

static bool cf(struct x86_harness *h)
{
	return x86_flags(x86_harness_cpu(h)) & X86_CF;
}

#define PVALIDATE "f20f01ff"
#define RMPADJUST "f30f01fe"
#define VMGEXIT "f30f01d9"

static void test_cpuid_leaf(void **state)
{
	struct x86_cpu *c = x86_harness_cpu(*state);
	uint32_t out[4];
	x86_cpuid(c, 0x80000000, 0, out);
	assert_true(out[0] >= 0x8000001f);
	x86_cpuid(c, 0x8000001f, 0, out);
	assert_int_equal(out[0] & 0x3a, 0x3a);        /* SEV, SEV-ES, SNP, VMPL */
	assert_int_equal(out[1] & 0x3f, C_BIT);
	assert_int_equal((out[1] >> 12) & 0xf, 4);    /* VMPLs */
	assert_true(out[1] >> 31);
	/* Not an SNP guest: no such leaf. */
	struct x86_harness *plain = x86_harness_new();
	x86_cpuid(x86_harness_cpu(plain), 0x8000001f, 0, out);
	assert_int_equal(out[0] | out[1], 0);
	/* AMD's invariant TSC for the SNP guest (Linux's CONSTANT_TSC on AMD); Intel's CPUID unchanged. */
	x86_cpuid(x86_harness_cpu(plain), 0x80000007, 0, out);
	assert_int_equal(out[3], 0);
	x86_cpuid(c, 0x80000007, 0, out);
	assert_int_equal(out[3], 1u << 8);
	x86_harness_free(plain);
}

/* SEV_STATUS and the GHCB MSR are read and written even when MSR accesses are #VC. */
static void test_msrs(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	c->routes[0][X86_EV_RDMSR] = c->routes[0][X86_EV_WRMSR] = (struct x86_route){ X86_TO_VC, 0 };
	run(h, 0, 0xc0010131, 0, "0f32");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], 7);
	assert_int_equal(c->s.r[X86_RDX], 0);
	run(h, 0x12345012, 0xc0010130, 0xab, "0f30 31c0 31d2 0f32");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.ghcb_msr, 0xab12345012ull);
	assert_int_equal(c->s.r[X86_RAX], 0x12345012);
	assert_int_equal(c->s.r[X86_RDX], 0xab);
	run(h, 0, 0xc0010131, 0, "0f30");   /* read-only */
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	/* Any other MSR is the hypervisor's: #VC(MSR). */
	run(h, 0, 0x10, 0, "0f32");
	assert_int_equal(x86_harness_vector(h), X86_EXC_VC);
	assert_int_equal(x86_harness_error(h), 0x7c);
}

#define PAGE 0x200000ull   /* the second 2 MiB page: data, assigned at 4 KiB */

/* PVALIDATE: no change (CF), the size mismatch, alignment, and what an invalidated page does. */
static void test_pvalidate(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	run(h, PAGE, 0, 1, PVALIDATE);             /* validated from the start */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], 0);
	assert_true(cf(h));
	run(h, PAGE, 0, 0, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 0);
	assert_false(cf(h));
	assert_false(mem_page_at(x86_harness_mem(h), PAGE, NULL)->flags & MEM_PF_VALIDATED);
	run(h, PAGE, 0, 0, PVALIDATE);
	assert_true(cf(h));
	/* 2 MiB over pages assigned at 4 KiB; a 2 MiB request not 2 MiB-aligned. */
	run(h, PAGE, 1, 1, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 6);
	run(h, PAGE + 0x1000, 1, 1, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 1);
	/* A private read of the page not validated: #VC(PAGE_NOT_VALIDATED) at the load. */
	run(h, 0, 0, 0, "488b042500002000");
	assert_int_equal(x86_harness_vector(h), X86_EXC_VC);
	assert_int_equal(x86_harness_error(h), 0x404);
	assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE);
	/* Validated again, it reads. */
	run(h, PAGE, 0, 1, PVALIDATE "488b042500002000");
	assert_int_equal(x86_harness_vector(h), -1);
	/* A shared page cannot be validated. */
	assert_int_equal(mem_page_psc(x86_harness_mem(h), &mem_host, PAGE, false, false), MEM_OK);
	run(h, PAGE, 0, 1, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 1);
}

/* RMPADJUST at VMPL0 succeeds for VMPL1; at VMPL1 it is FAIL_PERMISSION, and so is PVALIDATE. */
static void test_rmpadjust_and_vmpl1(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	run(h, PAGE, 0, 1, RMPADJUST);   /* target VMPL1, no permission: Linux's VMPL0 probe */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], 0);
	run(h, PAGE, 0, 0x0f01, RMPADJUST);
	assert_int_equal(c->s.r[X86_RAX], 0);
	assert_int_equal(mem_page_at(x86_harness_mem(h), PAGE, NULL)->vmpl_perm[0], MEM_PERM_ALL);
	run(h, PAGE, 0, 0x0104, RMPADJUST);   /* no such VMPL */
	assert_int_equal(c->s.r[X86_RAX], 1);
	run(h, PAGE, 1, 0x0101, RMPADJUST);   /* 2 MiB over 4 KiB entries */
	assert_int_equal(c->s.r[X86_RAX], 6);

	/* VMPL1 may use the first 2 MiB (code, tables, stack) and PAGE. */
	struct mem_space *m = x86_harness_mem(h);
	for (uint64_t pa = 0; pa < 0x200000; pa += 0x1000)
		assert_int_equal(mem_page_set_vmpl_perm(m, &mem_host, pa, 1, MEM_PERM_ALL, false), MEM_OK);
	c->ctx = 1;
	c->routes[1][X86_EV_VMCALL] = c->routes[0][X86_EV_VMCALL];   /* the harness's stop */
	x86_update_mode(c);
	core_tlb_flush_all(&c->core);
	run(h, PAGE, 0, 0x0f01, RMPADJUST);
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], 2);
	run(h, PAGE, 0, 0x0f02, RMPADJUST);   /* VMPL2: allowed, within its own permissions */
	assert_int_equal(c->s.r[X86_RAX], 0);
	run(h, PAGE, 0, 0, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 2);
	/* A page VMPL1 has no permission for: the hypervisor's NPF, which ends the run. */
	run(h, 0, 0, 0, "488b042500104000");
	assert_int_equal(x86_harness_vector(h), -2);
	assert_int_equal(c->core.exit, CORE_EXIT_SHUTDOWN);
	assert_non_null(strstr(c->core.exit_why, "VMPL1 read of GPA 0x401000"));

	/*
	 * Routed to the hypervisor (as the SNP board routes VMPL1-3): the
	 * architected NPF exit with EXITINFO1 (present, RMP, final GPA, VMPL;
	 * a write sets W) and EXITINFO2 the GPA; the access has not retired.
	 */
	c->routes[1][X86_EV_NPF] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_NPF };
	c->core.exit = 0;
	uint64_t insns = c->core.insns;
	run(h, 0, 0, 0, "48890425" "00104000");   /* mov [0x401000], rax */
	assert_int_equal(c->core.exit_info.conduit, X86_CONDUIT_NPF);
	assert_int_equal(c->core.exit_info.context, 1);
	assert_int_equal(c->core.exit_info.pc, X86_HARNESS_CODE);
	assert_int_equal(c->core.pc, X86_HARNESS_CODE);
	assert_int_equal(c->core.insns, insns);
	assert_int_equal(c->npf_info[1], 0x401000);
	assert_int_equal(c->npf_info[0], 1ull | 2 | 1ull << 31 | 1ull << 32 | 1ull << 36);
	uint64_t args[2];
	x86_isa.hcall_args(&c->core, args, 2);
	assert_int_equal(args[0], c->npf_info[0]);
	assert_int_equal(args[1], 0x401000);
}

/*
 * A 2 MiB RMPADJUST changes one RMP entry: all of it or nothing. Here
 * one 4 KiB page of the 2 MiB was made shared (its entry is 4 KiB now),
 * so the request is FAIL_SIZEMISMATCH and no page before it changes.
 */
#define HUGE_PAGE 0x400000ull

static void test_rmpadjust_2m_whole(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	struct mem_space *m = x86_harness_mem(h);
	assert_int_equal(mem_page_psc(m, &mem_host, HUGE_PAGE, true, true), MEM_OK);
	run(h, HUGE_PAGE, 1, 1, PVALIDATE);
	assert_int_equal(c->s.r[X86_RAX], 0);
	assert_int_equal(mem_page_psc(m, &mem_host, HUGE_PAGE + 0x5000, false, false), MEM_OK);
	run(h, HUGE_PAGE, 1, 0x0f01, RMPADJUST);
	assert_int_equal(c->s.r[X86_RAX], 6);
	for (uint64_t pa = HUGE_PAGE; pa < HUGE_PAGE + 0x5000; pa += 0x1000)
		assert_int_equal(mem_page_at(m, pa, NULL)->vmpl_perm[0], 0);
	/* The whole entry private again at 2 MiB: every page changes. */
	assert_int_equal(mem_page_psc(m, &mem_host, HUGE_PAGE, true, true), MEM_OK);
	run(h, HUGE_PAGE, 1, 1, PVALIDATE);
	run(h, HUGE_PAGE, 1, 0x0f01, RMPADJUST);
	assert_int_equal(c->s.r[X86_RAX], 0);
	assert_int_equal(mem_page_at(m, HUGE_PAGE + 0x1ff000, NULL)->vmpl_perm[0], MEM_PERM_ALL);
}

/* Each interceptable event routed to #VC gives its SVM exit code, RIP at the instruction. */
static void test_vc_exit_codes(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	static const struct { enum x86_event ev; const char *code; uint32_t exit; } cases[] = {
		{ X86_EV_CPUID, "0fa2", 0x72 }, { X86_EV_IO, "e680", 0x7b },
		{ X86_EV_IO, "ec", 0x7b }, { X86_EV_RDMSR, "0f32", 0x7c },
		{ X86_EV_WRMSR, "0f30", 0x7c }, { X86_EV_VMMCALL, "0f01d9", 0x81 },
		{ X86_EV_WBINVD, "0f09", 0x89 }, { X86_EV_DR7_READ, "0f21f8", 0x27 },
		{ X86_EV_DR7_WRITE, "0f23f8", 0x37 }, { X86_EV_MONITOR, "0f01c8", 0x8a },
		{ X86_EV_MWAIT, "0f01c9", 0x8b }, { X86_EV_RDTSC, "0f31", 0x6e },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		c->routes[0][cases[i].ev] = (struct x86_route){ X86_TO_VC, 0 };
		char code[32];
		snprintf(code, sizeof(code), "90 %s", cases[i].code);
		run(h, 0, 0x10, 0x3f8, code);
		assert_int_equal(x86_harness_vector(h), X86_EXC_VC);
		assert_int_equal(x86_harness_error(h), cases[i].exit);
		assert_int_equal(x86_harness_fault_rip(h), X86_HARNESS_CODE + 1);
	}
	/* DR0 is not interceptable; HLT is no #VC unless routed. */
	run(h, 0, 0, 0, "0f21c0");
	assert_int_equal(x86_harness_vector(h), -1);
	/* Without a route MONITOR is #UD (CPUID does not offer it), so is VMGEXIT. */
	c->routes[0][X86_EV_MONITOR] = (struct x86_route){ X86_TO_CPU, 0 };
	run(h, 0, 0, 0, "0f01c8");
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	run(h, 0, 0, 0, VMGEXIT);
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
}

/* VMGEXIT routed to hvsim: the conduit's one argument is the GHCB MSR, and the answer sets it. */
static void test_vmgexit(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	c->routes[0][X86_EV_VMGEXIT] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_VMGEXIT };
	c->s.ghcb_msr = 0x002;   /* SEV_INFO request */
	run(h, 0, 0, 0, VMGEXIT);
	assert_int_equal(c->core.exit, CORE_EXIT_HYPERCALL);
	assert_int_equal(c->core.exit_info.conduit, X86_CONDUIT_VMGEXIT);
	uint64_t a[2], r[1] = { 0x0001000101 };
	c->core.isa->hcall_args(&c->core, a, 2);
	assert_int_equal(a[0], 0x002);
	c->core.isa->hcall_results(&c->core, r, 1);
	assert_int_equal(c->s.ghcb_msr, 0x0001000101);
	assert_int_equal(c->core.pc, X86_HARNESS_CODE + 4);
}

/*
 * The C-bit: a shared mapping (C=0) of a private page reads ciphertext and
 * may not write it (the NPF); of a shared page, plaintext. A shared access
 * to a device is #VC(NPF) with the MMIO route.
 */
static uint64_t dev_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	(void)opaque, (void)who, (void)off, (void)size;
	return 0x1234;
}

static const struct mem_mmio_ops dev_ops = { .read = dev_read };

static void test_views(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	struct mem_space *m = x86_harness_mem(h);
	uint64_t secret = 0x5ec7e75ec7e7ull;
	mem_load(m, 0x400000, &secret, 8);
	/* PD[2] maps 0x400000 shared (C=0). */
	x86_harness_poke64(h, X86_HARNESS_PD + 16, 0x400000 | 0x83);
	run(h, 0, 0, 0, "488b042500004000");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_not_equal(c->s.r[X86_RAX], secret);
	uint64_t host;
	assert_true(mem_host_read(m, 0x400000, &host, 8));
	assert_int_equal(c->s.r[X86_RAX], host);   /* the host's ciphertext, the same bytes */
	/* A shared write to the private page: the RMP refuses it. */
	run(h, 0, 0, 0, "48890425 08004000");
	assert_int_equal(c->core.exit, CORE_EXIT_SHUTDOWN);
	assert_non_null(strstr(c->core.exit_why, "write of GPA 0x400008"));
	/* Made shared, the shared mapping reads and writes plaintext; the private one may not. */
	assert_int_equal(mem_page_psc(m, &mem_host, 0x400000, false, true), MEM_OK);
	core_tlb_flush_all(&c->core);
	mem_load(m, 0x400000, &secret, 8);
	run(h, 0, 0, 0, "488b042500004000 48890425 08004000");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], secret);

	/* A device above RAM, mapped shared: #VC(NPF) when routed, else the device answers. */
	assert_non_null(mem_add_mmio(m, "dev", 0x4000000, 0x1000, &dev_ops, NULL));
	x86_harness_poke64(h, X86_HARNESS_PD + 8 * 32, 0x4000000 | 0x83);   /* 64 MiB, shared */
	run(h, 0, 0, 0, "488b042500000004");
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.r[X86_RAX], 0x1234);
	c->routes[0][X86_EV_MMIO] = (struct x86_route){ X86_TO_VC, 0 };
	run(h, 0, 0, 0, "488b042500000004");
	assert_int_equal(x86_harness_vector(h), X86_EXC_VC);
	assert_int_equal(x86_harness_error(h), 0x400);
}

/*
 * XSAVEC under SNP (Linux requires XSAVEC or XSAVES of an SNP CPUID
 * table): the compacted header, and XRSTOR of it.
 */
static void test_xsavec(void **state)
{
	struct x86_harness *h = *state;
	struct x86_cpu *c = x86_harness_cpu(h);
	uint32_t out[4];
	x86_cpuid(c, 0xd, 1, out);
	assert_int_equal(out[0] & 2, 2);
	c->s.cr4 |= X86_CR4_OSXSAVE | X86_CR4_OSFXSR;
	c->s.xcr0 = 3;
	x86_update_mode(c);
	c->s.xmm[3].q[0] = 0x1234;
	c->s.r[X86_RDI] = 0x100000;
	run(h, 3, 0, 0, "480fc727");   /* xsavec64 [rdi] */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(x86_harness_peek64(h, 0x100000 + 520), 1ull << 63 | 3);
	assert_int_equal(x86_harness_peek64(h, 0x100000 + 512), 3);
	assert_int_equal(x86_harness_peek64(h, 0x100000 + 160 + 48), 0x1234);
	c->s.xmm[3].q[0] = 0;
	run(h, 3, 0, 0, "480fae2f");   /* xrstor64 [rdi]: the compacted form */
	assert_int_equal(x86_harness_vector(h), -1);
	assert_int_equal(c->s.xmm[3].q[0], 0x1234);
	/* XSTATE_BV beyond XCOMP_BV: #GP. */
	x86_harness_poke64(h, 0x100000 + 520, 1ull << 63 | 1);
	run(h, 3, 0, 0, "480fae2f");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
}

/* PREFETCHW (0F 0D /1), which Linux uses on any AMD CPU: a hint, no access. */
static void test_prefetchw(void **state)
{
	struct x86_harness *h = *state;
	x86_harness_cpu(h)->s.r[X86_RBX] = 1ull << 40;   /* not memory: a hint does not fault */
	run(h, 0, 0, 0, "0f0d0b");
	assert_int_equal(x86_harness_vector(h), -1);
}

/* Not an SNP guest: the instructions are #UD, the MSRs #GP. */
static void test_not_snp(void **state)
{
	(void)state;
	struct x86_harness *h = x86_harness_new();
	run(h, PAGE, 0, 1, PVALIDATE);
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	run(h, PAGE, 0, 1, RMPADJUST);
	assert_int_equal(x86_harness_vector(h), X86_EXC_UD);
	run(h, 0, 0xc0010131, 0, "0f32");
	assert_int_equal(x86_harness_vector(h), X86_EXC_GP);
	x86_harness_free(h);
}

/* ---- AP creation's VMSA (APM 2 Table B-4) ---- */

static void put(uint8_t *vmsa, unsigned off, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		vmsa[off + i] = (uint8_t)(v >> (8 * i));
}

/* A segment at VMSA offset off: selector, attributes, limit, base. */
static void put_seg(uint8_t *vmsa, unsigned off, uint16_t sel, uint16_t attr, uint32_t limit,
		    uint64_t base)
{
	put(vmsa, off, sel, 2);
	put(vmsa, off + 2, attr, 2);
	put(vmsa, off + 4, limit, 4);
	put(vmsa, off + 8, base, 8);
}

/*
 * The VMSA Linux's wakeup_cpu_via_vmgexit writes for an AP: real mode at
 * its trampoline (CS base 0x9f000, IP 0x40), the INIT values of CR0,
 * DR6/7, RFLAGS, PAT, XCR0, MXCSR, FCW and FTW, EFER.SVME, VMPL 0,
 * SEV_FEATURES SNPActive; RSP and a GPR set to see them land.
 */
static void linux_ap_vmsa(uint8_t *v)
{
	memset(v, 0, 4096);
	put_seg(v, 0x10, 0x9f00, 0x9b, 0xffff, 0x9f000);                 /* CS */
	for (unsigned off = 0x00; off <= 0x50; off += 0x10)
		if (off != 0x10)
			put_seg(v, off, 0, 0x93, 0xffff, 0);                    /* ES SS DS FS GS */
	put_seg(v, 0x60, 0, 0, 0xffff, 0);                               /* GDTR */
	put_seg(v, 0x70, 0, 0x82, 0xffff, 0);                            /* LDTR */
	put_seg(v, 0x80, 0, 0, 0xffff, 0);                               /* IDTR */
	put_seg(v, 0x90, 0, 0x8b, 0xffff, 0);                            /* TR */
	put(v, 0xd0, X86_EFER_SVME, 8);
	put(v, 0x158, X86_CR0_CD | X86_CR0_NW | X86_CR0_ET, 8);
	put(v, 0x148, X86_CR4_MCE, 8);
	put(v, 0x160, 0x400, 8);
	put(v, 0x168, 0xffff0ff0, 8);
	put(v, 0x170, 2, 8);
	put(v, 0x178, 0x40, 8);
	put(v, 0x1d8, 0x7000, 8);                                        /* RSP */
	put(v, 0x310, 0x600, 8);                                         /* RDX */
	put(v, 0x378, 0x1515, 8);                                        /* R15 */
	put(v, 0x268, 0x0007040600070406ull, 8);
	put(v, 0x3b0, 1, 8);
	put(v, 0x3e8, 1, 8);
	put(v, 0x408, 0x1f80, 4);
	put(v, 0x40c, 0x5555, 2);
	put(v, 0x410, 0x40, 2);
}

static void test_vmsa_start(void **state)
{
	struct x86_cpu *c = x86_harness_cpu(*state);
	static uint8_t v[4096];
	linux_ap_vmsa(v);
	struct x86_state st;
	unsigned vmpl = 9;
	uint64_t features = 0;
	assert_null(x86_snp_vmsa_read(v, &st, &vmpl, &features));
	assert_int_equal(vmpl, 0);
	assert_int_equal(features, 1);
	assert_int_equal(st.seg[X86_CS].base, 0x9f000);
	assert_int_equal(st.seg[X86_CS].sel, 0x9f00);
	assert_int_equal(st.seg[X86_TR].attr, 0x8b);
	assert_int_equal(st.r[X86_RSP], 0x7000);
	assert_int_equal(st.r[X86_RDX], 0x600);
	assert_int_equal(st.r[X86_R15], 0x1515);
	assert_int_equal(st.efer, X86_EFER_SVME);   /* no LMA: paging is off */
	assert_int_equal(st.ftw, 0xff);             /* every register tagged "zero" */
	assert_int_equal(st.mxcsr, 0x1f80);
	assert_int_equal(st.pat, 0x0007040600070406ull);
	/* The CPU starts there: real mode, CS:IP 9f00:0040, a halted AP wakes. */
	c->wait_for_sipi = c->core.halted = true;
	c->s.tsc_offset = 1234;
	x86_start_from(c, &st);
	assert_false(c->core.halted);
	assert_false(c->wait_for_sipi);
	assert_int_equal(c->core.pc, 0x9f040);
	assert_int_equal(c->s.tsc_offset, 1234);
	assert_false(x86_long_mode(c));
	/* A 64-bit start: long mode active, RIP as given. */
	put_seg(v, 0x10, 0x10, 0x9b | X86_SEG_L | X86_SEG_G, 0xffffffff, 0x9f000);
	put(v, 0xd0, X86_EFER_SVME | X86_EFER_LME, 8);
	put(v, 0x158, X86_CR0_PE | X86_CR0_PG | X86_CR0_ET, 8);
	put(v, 0x148, X86_CR4_PAE, 8);
	put(v, 0x178, 0xffffffff81000000ull, 8);
	assert_null(x86_snp_vmsa_read(v, &st, &vmpl, &features));
	assert_true(st.efer & X86_EFER_LMA);
	x86_start_from(c, &st);
	assert_true(x86_64bit(c));
	assert_int_equal(c->core.pc, 0xffffffff81000000ull);
}

/* A hostile VMSA: each of VMRUN's consistency checks refuses it (APM 2:15.5.1). */
static void test_vmsa_refused(void **state)
{
	(void)state;
	static const struct { unsigned off; uint64_t value; const char *why; } bad[] = {
		{ 0xd0, 0, "EFER.SVME clear" },
		{ 0xd0, X86_EFER_SVME | 1u << 9, "EFER has must-be-zero bits set" },
		{ 0x158, X86_CR0_NW, "CR0.NW set with CR0.CD clear" },
		{ 0x158, X86_CR0_CD | 1ull << 32, "CR0 bits 63:32 set" },
		{ 0x150, 1ull << 60, "CR3 has must-be-zero bits set" },
		{ 0x148, 1u << 15, "CR4 has must-be-zero bits set" },
		{ 0x168, 1ull << 40, "DR6 or DR7 bits 63:32 set" },
		{ 0x3e8, 0, "XCR0 invalid" },
		{ 0x3e8, 1u << 2, "XCR0 invalid" },
	};
	static uint8_t v[4096];
	struct x86_state st;
	unsigned vmpl;
	uint64_t features;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		linux_ap_vmsa(v);
		put(v, bad[i].off, bad[i].value, 8);
		const char *why = x86_snp_vmsa_read(v, &st, &vmpl, &features);
		assert_non_null(why);
		assert_string_equal(why, bad[i].why);
	}
	/* Long mode with paging on: PAE, PE, and not both CS.L and CS.D. */
	static const struct { uint64_t cr0, cr4; uint16_t cs_attr; const char *why; } lm[] = {
		{ X86_CR0_PE | X86_CR0_PG, 0, 0x9b, "EFER.LME and CR0.PG with CR4.PAE clear" },
		{ X86_CR0_PG, X86_CR4_PAE, 0x9b, "EFER.LME and CR0.PG with CR0.PE clear" },
		{ X86_CR0_PE | X86_CR0_PG, X86_CR4_PAE, 0x9b | X86_SEG_L | X86_SEG_DB,
		  "EFER.LME, CR0.PG, CR4.PAE with both CS.L and CS.D" },
	};
	for (size_t i = 0; i < sizeof(lm) / sizeof(lm[0]); i++) {
		linux_ap_vmsa(v);
		put(v, 0xd0, X86_EFER_SVME | X86_EFER_LME, 8);
		put(v, 0x158, lm[i].cr0, 8);
		put(v, 0x148, lm[i].cr4, 8);
		put(v, 0x12, lm[i].cs_attr, 2);
		const char *why = x86_snp_vmsa_read(v, &st, &vmpl, &features);
		assert_non_null(why);
		assert_string_equal(why, lm[i].why);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpuid_leaf, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_msrs, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_pvalidate, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_rmpadjust_and_vmpl1, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_rmpadjust_2m_whole, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_vc_exit_codes, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_vmgexit, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_views, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_xsavec, setup_snp, teardown),
		cmocka_unit_test(test_not_snp),
		cmocka_unit_test_setup_teardown(test_prefetchw, setup_snp, teardown),
		cmocka_unit_test_setup_teardown(test_vmsa_start, setup_snp, teardown),
		cmocka_unit_test(test_vmsa_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
