/*
 * LoongArch's system instructions and CSRs through the harness: each CSR's
 * writable bits, read-only fields and read forms; CSRRD/CSRWR/CSRXCHG;
 * what CSR writes set off (FP enable, PLV, LLbit); cpucfg's words and the
 * hypervisor leaves; IOCSR accesses reaching a device as the vCPU; RDTIME;
 * what PLV3 may not do (IPE, decided at decode); INVTLB's reserved ops;
 * the bound assertions; the barriers.
 *
 * Instruction words from llvm-mc-16 -triple=loongarch64 -mattr=+d, the
 * assembly beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/unit/la_sys_test.h"

/*
 * Write all ones into every implemented CSR, then read: what sticks is the
 * writable bits, plus what reset put in the read-only ones (LA RM 7).
 */
static void test_csr_masks(void **state)
{
	static const struct {
		unsigned num;
		uint64_t read;
	} rows[] = {
		{ LA_CSR_CRMD, 0x1ff },
		{ LA_CSR_PRMD, 0x7 },
		{ LA_CSR_EUEN, 0x3 },                /* FPE, SXE */
		{ LA_CSR_MISC, 0x70ee0 },            /* DRDTL1-3, RPCNTL1-3, DWPL0-2 */
		{ LA_CSR_ECFG, 0x71fff },
		{ LA_CSR_ESTAT, 0x3 },               /* the software interrupts only */
		{ LA_CSR_ERA, ~0ull },
		{ LA_CSR_BADV, ~0ull },
		{ LA_CSR_BADI, 0 },
		{ LA_CSR_EENTRY, ~0xfffull },
		{ LA_CSR_TLBIDX, 0xffffffffbf000fffull },   /* 32 bits, NE sign-extends */
		{ LA_CSR_TLBEHI, 0xffffffffffffe000ull },   /* VPPN[47:13], bits 63:48 copy bit 47 */
		{ LA_CSR_TLBELO0, 0xe000fffffffff07full },
		{ LA_CSR_TLBELO1, 0xe000fffffffff07full },
		{ LA_CSR_ASID, 0xa03ff },            /* ASIDBITS = 10 */
		{ LA_CSR_PGDL, ~0xfffull },
		{ LA_CSR_PGDH, ~0xfffull },
		{ LA_CSR_PWCL, ~0ull },
		{ LA_CSR_PWCH, 0xffffff },
		{ LA_CSR_STLBPS, 0x3f },
		{ LA_CSR_CPUID, 0 },
		{ LA_CSR_PRCFG1, 0x72f8 },           /* 8 SAVEs, 48-bit timer, VSMax 7 */
		{ LA_CSR_PRCFG2, 0x3ffff000 },
		{ LA_CSR_PRCFG3, 0x8073f2 },         /* STLB 8 ways x 256 + MTLB 64 */
		{ LA_CSR_SAVE0 + 7, ~0ull },
		{ LA_CSR_TID, ~0ull },
		{ LA_CSR_CNTC, ~0ull },
		{ LA_CSR_TICLR, 0 },
		{ LA_CSR_LLBCTL, 0x4 },              /* KLO kept, WCLLB cleared LLbit */
		{ LA_CSR_IMPCTL1, ~0ull },
		{ LA_CSR_TLBRENTRY, 0xfffffffff000ull },
		{ LA_CSR_TLBRBADV, ~0ull },
		{ LA_CSR_TLBRERA, ~2ull },
		{ LA_CSR_TLBRSAVE, ~0ull },
		{ LA_CSR_TLBRELO0, 0xe000fffffffff07full },
		{ LA_CSR_TLBRELO1, 0xe000fffffffff07full },
		{ LA_CSR_TLBREHI, 0xffffffffffffe03full },
		{ LA_CSR_TLBRPRMD, 0x7 },
		{ LA_CSR_MERRCTL, 0x1f9e },
		{ LA_CSR_MERRINFO1, 0 },
		{ LA_CSR_MERRENTRY, 0xfffffffff000ull },
		{ LA_CSR_MERRERA, ~0ull },
		{ LA_CSR_MERRSAVE, ~0ull },
		{ LA_CSR_CTAG, ~0ull },
		{ LA_CSR_DMW0 + 3, 0xf00000000000003full },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t v = ~0ull;
		assert_int_equal(la_csr_access(c, rows[i].num, &v, true), 0);
		assert_int_equal(la_csr_access(c, rows[i].num, &v, false), 0);
		if (v != rows[i].read)
			fail_msg("CSR 0x%x reads 0x%llx, not 0x%llx", rows[i].num,
				 (unsigned long long)v, (unsigned long long)rows[i].read);
	}
	csr_set(LA_CSR_TCFG, 0);
	/* PGD follows BADV's half (LA RM 7.5.7): PGDH for the upper one. */
	csr_set(LA_CSR_PGDL, 0x1000);
	csr_set(LA_CSR_PGDH, 0x2000);
	csr_set(LA_CSR_TLBRERA, 0);
	csr_set(LA_CSR_BADV, 0x123);
	assert_int_equal(csr_get(LA_CSR_PGD), 0x1000);
	csr_set(LA_CSR_BADV, 0xffff800000000000ull);
	assert_int_equal(csr_get(LA_CSR_PGD), 0x2000);
	/* ... and TLBRBADV's inside a TLB refill. */
	csr_set(LA_CSR_TLBRERA, 1);
	csr_set(LA_CSR_TLBRBADV, 0x4000);
	assert_int_equal(csr_get(LA_CSR_PGD), 0x1000);
}

/* Unimplemented CSRs (LA RM 4.2.1): they read 0 and ignore writes. */
static void test_csr_unimplemented(void **state)
{
	static const unsigned nums[] = {
		LA_CSR_RVACFG, LA_CSR_SAVE0 + 8, LA_CSR_IMPCTL2, 0x50 /* GSTAT */, 0x200 /* PERFCTRL0 */,
		0x300 /* MWPC */, 0x380 /* FWPC */, 0x500 /* DBG */, 0x3fff,
	};
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		uint64_t v = ~0ull;
		assert_int_equal(la_csr_access(c, nums[i], &v, true), -1);
		assert_int_equal(la_csr_access(c, nums[i], &v, false), -1);
	}
	static const uint32_t prog[] = {
		0x0400c024,   /* csrwr $a0, 0x30 */
		0x0400c005,   /* csrrd $a1, 0x30 */
		0x0400c0e6,   /* csrxchg $a2, $a3, 0x30 */
		0x0400c008,   /* csrrd $a4, 0x30 */
		0x04007c09,   /* csrrd $a5, 0x1f */
		0x04007c2a,   /* csrwr $a6, 0x1f */
	};
	c->r[4] = 0x1234;
	c->r[6] = 0xff00ff00ff00ff00ull;
	c->r[7] = 0x0000ffff0000ffffull;
	c->r[9] = 99;
	c->r[10] = 77;
	assert_int_equal(la_harness_run(h, prog, 6), 6);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(c->r[4], 0);              /* CSRWR: rd gets the old value */
	assert_int_equal(c->r[5], 0x1234);
	assert_int_equal(c->r[6], 0x1234);         /* CSRXCHG: rd gets the old value ... */
	assert_int_equal(c->r[8], 0x0000ff000000ff00ull);   /* ... and rj masks rd's bits in */
	assert_int_equal(c->r[9], 0);              /* RVACFG is not implemented */
	assert_int_equal(c->r[10], 0);
}

/* EUEN.FPE is part of the decode mode: clearing it makes the next FP instruction FPD. */
static void test_euen_fpd(void **state)
{
	static const uint32_t prog[] = {
		0x04000820,   /* csrwr $zero, 0x2 */
		0x0114a880,   /* movgr2fr.d $fa0, $a0 */
	};
	la_harness_run(h, prog, 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_FPD);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE + 4);
	assert_int_equal(c->csr.badi, 0x0114a880);
}

/* A CSRWR of CRMD.PLV takes effect at the next instruction: a CSRRD there is IPE. */
static void test_crmd_plv(void **state)
{
	static const uint32_t prog[] = {
		0x04000024,   /* csrwr $a0, 0x0 */
		0x04000005,   /* csrrd $a1, 0x0 */
	};
	c->r[4] = LA_CRMD_DA | 3;
	la_harness_run(h, prog, 2);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_IPE);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE + 4);
	assert_int_equal(c->csr.prmd & LA_PRMD_PPLV, 3);
	assert_int_equal(c->r[4], LA_CRMD_DA);     /* the old CRMD */
}

/* LLBCTL (LA RM 7.4.17): ROLLB reads LLbit, WCLLB clears it, KLO is kept. */
static void test_llbctl(void **state)
{
	static const uint32_t prog[] = {
		0x04018004,   /* csrrd $a0, 0x60 */
		0x04018025,   /* csrwr $a1, 0x60 */
		0x04018006,   /* csrrd $a2, 0x60 */
		0x04018027,   /* csrwr $a3, 0x60 */
		0x04018008,   /* csrrd $a4, 0x60 */
	};
	c->llbit = true;
	c->r[5] = 2;
	c->r[7] = 4;
	la_harness_run(h, prog, 5);
	assert_int_equal(c->r[4], 1);
	assert_int_equal(c->r[6], 0);
	assert_int_equal(c->r[8], 4);
	assert_false(c->llbit);
}

/* CPUCFG (LA RM 2.2.10.5): an LA464 with F and D, the timer, paging, no LSX/LASX/LBT/LVZ/PMU. */
static void test_cpucfg(void **state)
{
	static const uint32_t prog[] = {
		0x00006c8c,   /* cpucfg $t0, $a0 */
		0x00006cad,   /* cpucfg $t1, $a1 */
		0x00006cce,   /* cpucfg $t2, $a2 */
		0x00006cef,   /* cpucfg $t3, $a3 */
		0x00006d10,   /* cpucfg $t4, $a4 */
		0x00006d31,   /* cpucfg $t5, $a5 */
		0x00006d52,   /* cpucfg $t6, $a6 */
	};
	c->r[4] = 1;
	c->r[5] = 2;
	c->r[6] = 4;
	c->r[7] = 6;
	c->r[8] = 0x10;
	c->r[9] = 7;
	c->r[10] = 0x14;
	assert_int_equal(la_harness_run(h, prog, 7), 7);
	/* LA64, paging, IOCSR, PALEN = VALEN = 48, UAL, RI, EP, RPLV, HP, CRC */
	assert_int_equal(c->r[12], 2 | 4 | 8 | 47 << 4 | 47 << 12 | 0x3f << 20);
	/* FP, FP_SP, FP_DP, FP v1, LSX, LLFTP v1, LSPW, LAM */
	assert_int_equal(c->r[13], 7 | 1 << 3 | 1 << 6 | 1 << 14 | 1 << 15 | 1 << 21 | 1 << 22);
	assert_int_equal(c->r[14], 100000000);
	assert_int_equal(c->r[15], 0);
	assert_int_equal(c->r[16] & 0x7, 0x5);     /* L1 instruction and data caches */
	assert_int_equal(c->r[17], 0);             /* undefined words read 0 */
	assert_int_equal(c->r[18], 15 | 14 << 16 | 6 << 24);   /* L3: 16 ways, 16384 sets, 64 B */
}

/* CPUCFG of 0x40000000-0x400000ff leaves for hvsim's hypervisor, which answers in rd. */
static void test_cpucfg_hypervisor(void **state)
{
	static const uint32_t prog[] = {
		0x00006c85,   /* cpucfg $a1, $a0 */
	};
	struct core_vcpu *v = &c->core;
	mem_load(la_harness_mem(h), LA_HARNESS_CODE, prog, 4);
	c->r[4] = 0x40000000;
	v->pc = LA_HARNESS_CODE;
	assert_int_equal(core_run(v, UINT64_MAX), CORE_EXIT_HYPERCALL);
	assert_int_equal(v->exit_info.conduit, LA_CONDUIT_CPUCFG);
	assert_int_equal(v->exit_info.pc, LA_HARNESS_CODE);
	assert_int_equal(v->pc, LA_HARNESS_CODE + 4);
	uint64_t leaf, sig = 0x004d564b;   /* "KVM\0" */
	v->isa->hcall_args(v, &leaf, 1);
	assert_int_equal(leaf, 0x40000000);
	v->isa->hcall_results(v, &sig, 1);
	assert_int_equal(c->r[5], 0x004d564b);
}

/* A test IOCSR device: it answers a fixed value and remembers the last write and who made it. */
struct iocsr_dev {
	uint64_t off, val;
	unsigned size;
	struct mem_req who;
	int writes;
};

static uint64_t dev_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return 0xfedcba98f654c280ull;
}

static void dev_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		      uint64_t val)
{
	struct iocsr_dev *d = opaque;
	*d = (struct iocsr_dev){ off, val, size, *who, d->writes + 1 };
}

/* IOCSR accesses (LA RM 4.2.2) reach the VM's IOCSR space as this vCPU; absent registers read 0. */
static void test_iocsr(void **state)
{
	static const struct mem_mmio_ops ops = { dev_read, dev_write };
	static const uint32_t prog[] = {
		0x0648008c,   /* iocsrrd.b $t0, $a0 */
		0x0648048d,   /* iocsrrd.h $t1, $a0 */
		0x0648088e,   /* iocsrrd.w $t2, $a0 */
		0x06480c8f,   /* iocsrrd.d $t3, $a0 */
		0x06481885,   /* iocsrwr.w $a1, $a0 */
		0x06480d70,   /* iocsrrd.d $t4, $a7 */
		0x06481d65,   /* iocsrwr.d $a1, $a7 */
	};
	struct iocsr_dev dev = { 0 };
	mem_add_mmio(la_harness_iocsr(h), "test", 0x1000, 0x100, &ops, &dev);
	c->r[4] = 0x1008;
	c->r[5] = 0x11223344aabbccddull;
	c->r[11] = 0x2000;
	c->r[16] = 5;
	assert_int_equal(la_harness_run(h, prog, 7), 7);
	assert_int_equal(c->r[12], 0xffffffffffffff80ull);   /* sign-extended */
	assert_int_equal(c->r[13], 0xffffffffffffc280ull);
	assert_int_equal(c->r[14], 0xfffffffff654c280ull);
	assert_int_equal(c->r[15], 0xfedcba98f654c280ull);
	assert_int_equal(c->r[16], 0);
	assert_int_equal(dev.writes, 1);
	assert_int_equal(dev.off, 8);
	assert_int_equal(dev.size, 4);
	assert_int_equal(dev.val, 0xaabbccdd);
	assert_int_equal(dev.who.kind, MEM_BY_GUEST);
	assert_int_equal(dev.who.vcpu, 0);
}

/*
 * RDTIME (LA RM 2.2.10.4): rd the stable counter plus CNTC (or a word of
 * it, sign-extended), rj the counter ID (TID, a 32-bit CSR).
 */
static void test_rdtime(void **state)
{
	static const uint32_t prog[] = {
		0x000068a4,   /* rdtime.d $a0, $a1 */
		0x000060e6,   /* rdtimel.w $a2, $a3 */
		0x00006528,   /* rdtimeh.w $a4, $a5 */
	};
	const uint64_t cntc = 0x8000000080000000ull;
	csr_set(LA_CSR_TID, 0x80000007);
	csr_set(LA_CSR_CNTC, cntc);
	assert_int_equal(la_harness_run(h, prog, 3), 3);
	uint64_t count = c->r[4] - cntc;
	assert_true(count > 0 && count <= la_stable_counter(c));
	assert_int_equal(c->r[5], 0xffffffff80000007ull);
	assert_int_equal(c->r[7], 0xffffffff80000007ull);
	uint64_t low = (uint64_t)(int64_t)(int32_t)c->r[4];   /* read a few ticks later */
	assert_true(c->r[6] >= low && c->r[6] - low < 100);
	assert_int_equal(c->r[8], 0xffffffff80000000ull);
}

/* MISC.DRDTL3 makes RDTIME IPE at PLV3 (LA RM 7.4.4). */
static void test_rdtime_disabled(void **state)
{
	static const uint32_t prog[] = {
		0x00006804,   /* rdtime.d $a0, $zero */
	};
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | 3);
	assert_int_equal(la_harness_run(h, prog, 1), 1);   /* allowed by default */
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	c->csr.misc = 1 << 7;
	la_harness_run(h, prog, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_IPE);
	assert_int_equal(c->r[0], 0);
}

/*
 * PLV1-3 may not run privileged instructions: IPE, decided at decode
 * (LA RM 4.1, 2.1.4). CPUCFG and HVCL may: the sentinel that ends each run is
 * an HVCL.
 */
static void test_privileged(void **state)
{
	static const uint32_t priv[] = {
		0x04000004,   /* csrrd $a0, 0x0 */
		0x040010a4,   /* csrxchg $a0, $a1, 0x4 */
		0x064808a4,   /* iocsrrd.w $a0, $a1 */
		0x06482800,   /* tlbsrch */
		0x06483000,   /* tlbwr */
		0x06498000,   /* invtlb 0, $zero, $zero */
		0x06000088,   /* cacop 8, $a0, 0 */
		0x064004a4,   /* lddir $a0, $a1, 1 */
		0x064400a0,   /* ldpte $a1, 0 */
		0x06483800,   /* ertn */
		0x06488000,   /* idle 0 */
	};
	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		csr_set(LA_CSR_CRMD, LA_CRMD_DA | 3);
		la_harness_run(h, &priv[i], 1);
		assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
		assert_int_equal(ecode(), LA_EXC_IPE);
		assert_int_equal(c->csr.era, LA_HARNESS_CODE);
		assert_int_equal(c->csr.badi, priv[i]);
	}
	static const uint32_t user[] = {
		0x00006c8c,   /* cpucfg $t0, $a0 */
	};
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | 3);
	c->r[4] = 1;
	assert_int_equal(la_harness_run(h, user, 1), 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_STOP);
	assert_int_equal(la_plv(c), 3);
}

/* INVTLB ops above 6 are reserved: INE (LA RM 4.2.4.7), at any PLV. */
static void test_invtlb_reserved(void **state)
{
	static const uint32_t prog[] = {
		0x06498007,   /* invtlb 7, $zero, $zero */
	};
	la_harness_run(h, prog, 1);
	assert_int_equal(ecode(), LA_EXC_INE);
	assert_int_equal(c->csr.badi, 0x06498007);
}

/* ASRTLE.D / ASRTGT.D (LA RM 2.2.10.3): BCE when the comparison fails. */
static void test_asrt(void **state)
{
	static const uint32_t le[] = {
		0x00011480,   /* asrtle.d $a0, $a1 */
	};
	static const uint32_t gt[] = {
		0x00019480,   /* asrtgt.d $a0, $a1 */
		0x38720000,   /* dbar 0 */
		0x38728000,   /* ibar 0 */
		0x000190a0,   /* asrtgt.d $a1, $a0 */
	};
	c->r[4] = 5;
	c->r[5] = (uint64_t)-3;
	c->csr.badv = 0x1234;
	la_harness_run(h, le, 1);
	assert_int_equal(la_harness_stop(h), LA_HARNESS_EXC);
	assert_int_equal(ecode(), LA_EXC_BCE);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE);
	assert_int_equal(c->csr.badv, 5);   /* rj, the value checked (as QEMU records it) */
	assert_int_equal(la_harness_run(h, gt, 4), 3);
	assert_int_equal(ecode(), LA_EXC_BCE);
	assert_int_equal(c->csr.era, LA_HARNESS_CODE + 12);
	assert_int_equal(c->csr.badv, (uint64_t)-3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_csr_masks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csr_unimplemented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_euen_fpd, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crmd_plv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_llbctl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpucfg, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cpucfg_hypervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_iocsr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rdtime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rdtime_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_privileged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invtlb_reserved, setup, teardown),
		cmocka_unit_test_setup_teardown(test_asrt, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
