/*
 * LoongArch's description for the debugger (cpu/loongarch/debug.c,
 * regs.c): registers in gdb's loongarch64 numbering and features, the
 * target XML they make, exception names and fault descriptions, the
 * records the exception entries report, the side-effect-free translation,
 * the disassembly from the decode tables, and the KVM ONE_REG ids.
 *
 * Instruction words from llvm-mc-16 -triple=loongarch64 -mattr=+d, the
 * assembly (as llvm-objdump-16 prints it) beside each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "cpu/loongarch/debug.h"
#include "tests/unit/la_sys_test.h"

/* gdb's numbering (gdb/features/loongarch: base64.xml, fpu.xml), then the CSRs, then lsx.xml's VRs. */
static void test_register_table(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	static const struct {
		size_t num;
		const char *name, *type;
		unsigned bits;
	} regs[] = {
		{ 0, "r0", "uint64", 64 },    { 1, "r1", "code_ptr", 64 },  { 3, "r3", "data_ptr", 64 },
		{ 22, "r22", "data_ptr", 64 }, { 31, "r31", "uint64", 64 }, { 32, "orig_a0", "uint64", 64 },
		{ 33, "pc", "code_ptr", 64 }, { 34, "badv", "code_ptr", 64 }, { 35, "f0", "fputype", 64 },
		{ 66, "f31", "fputype", 64 }, { 67, "fcc0", "uint8", 8 },   { 74, "fcc7", "uint8", 8 },
		{ 75, "fcsr", "uint32", 32 },
	};
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		const struct core_reg *r = &isa->regs[regs[i].num];
		assert_string_equal(r->name, regs[i].name);
		assert_string_equal(r->type, regs[i].type);
		assert_int_equal(r->bits, regs[i].bits);
	}
	assert_int_equal(isa->pc_reg, 33);
	assert_int_equal(isa->n_g_regs, 76);
	assert_string_equal(isa->features[isa->regs[0].feature].name, "org.gnu.gdb.loongarch.base");
	assert_string_equal(isa->features[isa->regs[35].feature].name, "org.gnu.gdb.loongarch.fpu");
	/* Every CSR of csr.c follows, once; BADV only in the base feature. */
	assert_true(core_debug_reg_find(isa, "crmd") >= 76);
	assert_true(core_debug_reg_find(isa, "dmw3") >= 76);
	assert_true(core_debug_reg_find(isa, "tval") >= 76);
	assert_int_equal(core_debug_reg_find(isa, "badv"), 34);
	assert_int_equal(core_debug_reg_find(isa, "rvacfg"), -1);
	size_t n_csrs = 0;
	for (unsigned num = 0; num < LA_CSR_LIMIT; num++)
		n_csrs += la_csr_name(num) != NULL;
	assert_int_equal(isa->n_regs, 76 + n_csrs - 1 + 32);
	int vr0 = core_debug_reg_find(isa, "vr0");
	assert_int_equal(vr0, 76 + (int)n_csrs - 1);
	assert_int_equal(core_debug_reg_find(isa, "vr31"), vr0 + 31);
	assert_string_equal(isa->features[isa->regs[vr0].feature].name, "org.gnu.gdb.loongarch.lsx");
	assert_string_equal(isa->regs[vr0].type, "lsxv");
	assert_int_equal(isa->regs[vr0].bits, 128);
	assert_string_equal(isa->level_prefix, "PLV");
	assert_false(isa->watch_after);
	assert_int_equal(isa->n_hcall_regs, 8);
	assert_string_equal(isa->hcall_regs[7], "a7");
}

/* The table's accessors: r0 stays 0, FCCs are one bit, FCSR keeps its reserved bits 0, CSRs their masks. */
static void test_register_access(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	struct core_vcpu *v = &c->core;
	uint64_t x = 0x1234;
	const struct core_reg *r5 = &isa->regs[5], *r0 = &isa->regs[0];
	assert_true(r5->set(v, r5, &x) && r0->set(v, r0, &x));
	assert_int_equal(c->r[5], 0x1234);
	assert_int_equal(c->r[0], 0);
	const struct core_reg *pc = &isa->regs[isa->pc_reg], *badv = &isa->regs[34];
	x = 0x9000000000001000ull;
	assert_true(pc->set(v, pc, &x) && badv->set(v, badv, &x));
	assert_int_equal(v->pc, x);
	assert_int_equal(c->csr.badv, x);
	uint8_t cc = 0xff;
	assert_true(isa->regs[70].set(v, &isa->regs[70], &cc));
	assert_int_equal(c->fcc[3], 1);
	uint32_t fcsr = ~0u;
	assert_true(isa->regs[75].set(v, &isa->regs[75], &fcsr));
	assert_int_equal(c->fcsr, ~0xe0e0fce0u);
	const struct core_reg *ecfg = &isa->regs[core_debug_reg_find(isa, "ecfg")];
	x = ~0ull;
	assert_true(ecfg->set(v, ecfg, &x) && ecfg->get(v, ecfg, &x));
	assert_int_equal(x, 0x71fff);
	uint64_t zero = 1;
	assert_true(isa->regs[32].get(v, &isa->regs[32], &zero));
	assert_int_equal(zero, 0);
	/* A VR is all 128 bits; FPR n is VR n's low half. */
	const struct core_reg *vr3 = &isa->regs[core_debug_reg_find(isa, "vr3")];
	uint64_t q[2] = { 0x1111222233334444ull, 0x5555666677778888ull }, back[2];
	assert_true(vr3->set(v, vr3, q) && vr3->get(v, vr3, back));
	assert_memory_equal(back, q, 16);
	assert_int_equal(c->vr[3].d[1], 0x5555666677778888ull);
	assert_int_equal(*la_fpr(c, 3), 0x1111222233334444ull);
}

/* The target description gdb reads (qXfer:features:read:target.xml). */
static void test_target_xml(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	size_t n = core_debug_target_xml(isa, NULL, 0);
	char *xml = malloc(n + 1);
	assert_int_equal(core_debug_target_xml(isa, xml, n + 1), n);
	static const char *const parts[] = {
		"<architecture>loongarch64</architecture>",
		"<feature name=\"org.gnu.gdb.loongarch.base\">",
		"<reg name=\"r0\" bitsize=\"64\" type=\"uint64\" regnum=\"0\" group=\"general\"/>",
		"<reg name=\"orig_a0\" bitsize=\"64\" type=\"uint64\" regnum=\"32\" group=\"general\"/>",
		"<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"33\" group=\"general\"/>",
		"<reg name=\"badv\" bitsize=\"64\" type=\"code_ptr\" regnum=\"34\" group=\"general\"/>",
		"<feature name=\"org.gnu.gdb.loongarch.fpu\">",
		"<union id=\"fputype\"><field name=\"f\" type=\"ieee_single\"/>",
		"<reg name=\"f0\" bitsize=\"64\" type=\"fputype\" regnum=\"35\" group=\"float\"/>",
		"<reg name=\"fcc0\" bitsize=\"8\" type=\"uint8\" regnum=\"67\" group=\"float\"/>",
		"<reg name=\"fcsr\" bitsize=\"32\" type=\"uint32\" regnum=\"75\" group=\"float\"/>",
		"<feature name=\"org.hvsim.loongarch.csr\">",
		"<reg name=\"crmd\" bitsize=\"64\" type=\"uint64\" regnum=\"76\" group=\"system\"/>",
		"<feature name=\"org.gnu.gdb.loongarch.lsx\">",
		"<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>",
		"<vector id=\"v2f64\" type=\"ieee_double\" count=\"2\"/>",
		"<union id=\"lsxv\"><field name=\"v16i8\" type=\"v16i8\"/>",
		"<reg name=\"vr31\" bitsize=\"128\" type=\"lsxv\" regnum=\"",
	};
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (!strstr(xml, parts[i]))
			fail_msg("target.xml lacks %s", parts[i]);
	free(xml);
}

/* Exception classes by Ecode and EsubCode, the refill, interrupts by line; the faults described. */
static void test_exception_names(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	static const struct {
		struct core_exc_rec r;
		const char *name, *fault;
	} rows[] = {
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_SYS }, "SYS", NULL },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_ADE, .syndrome = 1 << 22 | LA_EXC_ADE << 16 },
		  "ADEM", "data access, address error" },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_ADE, .syndrome = LA_EXC_ADE << 16 },
		  "ADEF", "instruction fetch, address error" },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_PIS }, "PIS", "data store, page invalid" },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_PNX }, "PNX", "instruction fetch, page not executable" },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_TLBR, .fault_addr = 8, .ret_pc = 8 },
		  "TLBR", "instruction fetch, TLB refill" },
		{ { .kind = CORE_EXC_SYNC, .cause = LA_EXC_TLBR, .fault_addr = 16, .ret_pc = 8 },
		  "TLBR", "data access, TLB refill" },
		{ { .kind = CORE_EXC_SYNC, .cause = 0x30 }, "RESERVED", NULL },
		{ { .kind = CORE_EXC_ASYNC, .cause = LA_IRQ_TIMER }, "TIMER", NULL },
		{ { .kind = CORE_EXC_ASYNC, .cause = LA_IRQ_HWI0 + 7 }, "HWI7", NULL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char buf[80];
		assert_string_equal(isa->exc_name(&rows[i].r), rows[i].name);
		bool fault = isa->exc_fault(&rows[i].r, buf, sizeof(buf));
		assert_int_equal(fault, rows[i].fault != NULL);
		if (fault)
			assert_string_equal(buf, rows[i].fault);
	}
}

static struct core_exc_rec last;
static int n_exc;

static void on_exception(struct core_hooks *hk, struct core_vcpu *v, const struct core_exc_rec *r)
{
	last = *r;
	n_exc++;
}

/* The records the entries report: BREAK, a TLB refill, an interrupt. */
static void test_exception_records(void **state)
{
	static const uint32_t brk[] = { 0x002a0003 };    /* break 3 */
	static const uint32_t load[] = { 0x28c00085 };   /* ld.d $a1, $a0, 0 */
	struct core_hooks hooks = { .exception = on_exception };
	c->core.hooks = &hooks;
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | 3);
	la_harness_run(h, brk, 1);
	assert_int_equal(n_exc, 1);
	assert_int_equal(last.kind, CORE_EXC_SYNC);
	assert_int_equal(last.cause, LA_EXC_BRK);
	assert_int_equal(last.from_level, 3);
	assert_int_equal(last.to_level, 0);
	assert_int_equal(last.ret_pc, LA_HARNESS_CODE);
	assert_int_equal(last.vector, LA_HARNESS_EENTRY);
	assert_int_equal(last.syndrome, c->csr.estat);
	mapped_mode(0, false);
	c->r[4] = 0xffff800000004000ull;
	la_harness_run(h, load, 1);
	assert_int_equal(last.cause, LA_EXC_TLBR);
	assert_int_equal(last.fault_addr, 0xffff800000004000ull);
	assert_int_equal(last.vector, c->csr.tlbrentry);
	csr_set(LA_CSR_CRMD, LA_CRMD_DA | LA_CRMD_IE);
	csr_set(LA_CSR_ECFG, 1 << LA_IRQ_IPI);
	la_set_irq(c, LA_IRQ_IPI, true);
	la_harness_run(h, brk, 1);
	assert_int_equal(last.kind, CORE_EXC_ASYNC);
	assert_int_equal(last.cause, LA_IRQ_IPI);
	assert_int_equal(last.ret_pc, LA_HARNESS_CODE);
	assert_string_equal(la_debug_isa()->exc_name(&last), "IPI");
	c->core.hooks = NULL;
}

/* The debugger's translation: the current regime, no side effect, permissions ignored. */
static void test_translate(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	uint64_t pa;
	assert_true(isa->translate(&c->core, 0xffff000000001234ull, &pa));
	assert_int_equal(pa, 0x1234);
	mapped_mode(0, false);
	csr_set(LA_CSR_DMW0 + 1, 0x9000000000000011ull);
	assert_true(isa->translate(&c->core, 0x9000000000005678ull, &pa));
	assert_int_equal(pa, 0x5678);
	assert_false(isa->translate(&c->core, 0xffff800000000000ull, &pa));
	/* A PLV3-only page (RPLV) read at PLV0 still translates; an invalid one does not. */
	c->csr.stlbps = 14;
	c->csr.tlbehi = 0xffff800000000000ull & LA_VPPN_MASK;
	c->csr.tlbelo0 = 0x40000 | 0xd | 1ull << 63;
	c->csr.tlbelo1 = 0x44000;
	c->csr.tlbidx = 14ull << 24;
	la_tlb_write(c, true);
	assert_true(isa->translate(&c->core, 0xffff800000000010ull, &pa));
	assert_int_equal(pa, 0x40010);
	assert_false(isa->translate(&c->core, 0xffff800000004010ull, &pa));
	assert_int_equal(c->csr.tlbrera, 0);   /* no refill was taken */
}

/* Disassembly from the decode tables, as llvm-objdump-16 (LSX: -19) prints it. */
static void test_disasm(void **state)
{
	const struct core_debug_isa *isa = la_debug_isa();
	static const struct {
		uint32_t insn;
		const char *text;
	} rows[] = {
		{ 0x04001404, "csrrd $a0, 5" },
		{ 0x040600a4, "csrxchg $a0, $a1, 384" },
		{ 0x06499486, "invtlb 6, $a0, $a1" },
		{ 0x06400ca4, "lddir $a0, $a1, 3" },
		{ 0x064404a0, "ldpte $a1, 1" },
		{ 0x06481ca4, "iocsrwr.d $a0, $a1" },
		{ 0x000068a4, "rdtime.d $a0, $a1" },
		{ 0x063ffcbf, "cacop 31, $a1, -1" },
		{ 0x06488000, "idle 0" },
		{ 0x002b0007, "syscall 7" },
		{ 0x002b8100, "hvcl 256" },
		{ 0x0d108864, "vbitsel.v $vr4, $vr3, $vr2, $vr1" },
		{ 0x31160000, "vstelm.d $vr0, $zero, -1024, 1" },
		{ 0x73e20000, "vldi $vr0, -4096" },
		{ 0x729c98a7, "vseteqz.v $fcc7, $vr5" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char out[64];
		assert_int_equal(isa->disasm(&c->core, 0, (const uint8_t *)&rows[i].insn, 4, out, sizeof(out)), 4);
		assert_string_equal(out, rows[i].text);
	}
	char out[64];
	uint32_t w = 0x06483400;   /* tlbfill */
	assert_int_equal(isa->disasm(&c->core, 0, (const uint8_t *)&w, 4, out, sizeof(out)), 4);
	assert_int_equal(strncmp(out, "tlbfill", 7), 0);
	w = 0xffffffff;
	assert_int_equal(isa->disasm(&c->core, 0, (const uint8_t *)&w, 4, out, sizeof(out)), 0);
}

/* KVM's ONE_REG ids (arch/loongarch/include/uapi/asm/kvm.h), all 64 bits wide. */
static void test_one_reg(void **state)
{
	const uint64_t u64 = 0x9030000000000000ull;
	struct core_vcpu *v = &c->core;
	uint64_t x = 0xabcd;
	assert_int_equal(la_one_reg(v, u64 | 5 << 3, &x, true), 0);   /* GPR r5 */
	assert_int_equal(c->r[5], 0xabcd);
	assert_int_equal(la_one_reg(v, u64 | 0 << 3, &x, true), 0);   /* r0 stays 0 */
	assert_int_equal(c->r[0], 0);
	assert_int_equal(la_one_reg(v, u64 | 32 << 3, &x, true), 0);  /* pc */
	assert_int_equal(v->pc, 0xabcd);
	x = ~0ull;
	assert_int_equal(la_one_reg(v, u64 | 0x10000 | LA_CSR_ECFG << 3, &x, true), 0);
	assert_int_equal(la_one_reg(v, u64 | 0x10000 | LA_CSR_ECFG << 3, &x, false), 0);
	assert_int_equal(x, 0x71fff);
	assert_int_equal(la_one_reg(v, u64 | 0x10000 | LA_CSR_RVACFG << 3, &x, false), -1);
	assert_int_equal(la_one_reg(v, u64 | 0x40000 | 2 << 3, &x, false), 0);   /* CPUCFG 2 */
	assert_int_equal(x, la_cpucfg(c, 2));
	assert_int_equal(la_one_reg(v, u64 | 0x40000 | 2 << 3, &x, true), -1);
	x = 0x3ff0000000000000ull;
	assert_int_equal(la_one_reg(v, u64 | 0x30000 | 3 << 3, &x, true), 0);   /* f3 */
	assert_int_equal(*la_fpr(c, 3), x);
	x = 0x0100010000000001ull;
	assert_int_equal(la_one_reg(v, u64 | 0x30000 | 32 << 3, &x, true), 0);  /* FCC0-7 */
	assert_int_equal(c->fcc[0] + c->fcc[5] + c->fcc[7], 3);
	x = 0x300;
	assert_int_equal(la_one_reg(v, u64 | 0x30000 | 33 << 3, &x, true), 0);  /* FCSR0 */
	assert_int_equal(c->fcsr, 0x300);
	assert_int_equal(la_one_reg(v, u64 | 0x20001, &x, false), 0);           /* the counter */
	assert_int_equal(x, la_stable_counter(c));
	assert_int_equal(la_one_reg(v, 0x9020000000000028ull, &x, false), -1);  /* 32 bits */
	assert_int_equal(la_one_reg(v, 0x6030000000100000ull, &x, false), -1);  /* arm64's */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_table),
		cmocka_unit_test_setup_teardown(test_register_access, setup, teardown),
		cmocka_unit_test(test_target_xml),
		cmocka_unit_test(test_exception_names),
		cmocka_unit_test_setup_teardown(test_exception_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_translate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disasm, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_reg, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
