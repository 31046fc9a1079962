/*
 * The debug loop (cpu/core/debug.c) on A64 code: breakpoints inside a
 * block, single steps and watchpoints stop where gdb expects and charge
 * exactly what core_run charges; exception records; the debugger's memory
 * accessors; the arm64 register table and target description; symbols.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpu/arm64/debug.h"
#include "machine/symbols.h"
#include "tests/unit/a64_harness.h"

#define ADD_X0_1 0x91000400u   /* add x0, x0, #1 */
#define STR_X0_X1 0xf9000020u  /* str x0, [x1] */
#define LDR_X2_X1 0xf9400022u  /* ldr x2, [x1] */
#define SVC_5 0xd40000a1u      /* svc #5 */
#define NOP 0xd503201fu
#define HVC(imm) (0xd4000002u | ((uint32_t)(imm) << 5))
#define DATA (HARNESS_RAM + 0x10000)

struct fix {
	struct a64_harness *h;
	struct arm64_cpu *c;
	struct core_hooks hooks;
	struct core_exc_rec last;
	int n_exc;
};

static struct fix *fix_new(const uint32_t *code, size_t n)
{
	struct fix *f = calloc(1, sizeof(*f));
	f->h = a64_harness_new();
	f->c = a64_harness_cpu(f->h);
	uint32_t stop = HVC(HARNESS_HVC_STOP);
	mem_load(a64_harness_mem(f->h), HARNESS_RAM, code, n * 4);
	mem_load(a64_harness_mem(f->h), HARNESS_RAM + n * 4, &stop, 4);
	f->c->core.pc = HARNESS_RAM;
	f->c->core.insn_limit = UINT64_MAX;
	f->c->core.hooks = &f->hooks;
	return f;
}

static void fix_free(struct fix *f)
{
	a64_harness_free(f->h);
	free(f);
}

static enum core_exit_reason run(struct fix *f)
{
	return core_run_debug(&f->c->core, UINT64_MAX);
}

/* The same code without the debugger, for what a run must charge. */
static void plain_run(const uint32_t *code, size_t n, uint64_t *insns, uint64_t *cycles)
{
	struct fix *f = fix_new(code, n);
	f->c->core.hooks = NULL;
	assert_int_equal(core_run(&f->c->core, UINT64_MAX), CORE_EXIT_HYPERCALL);
	*insns = f->c->core.insns;
	*cycles = f->c->core.cycles;
	fix_free(f);
}

static void test_breakpoint_inside_block(void **state)
{
	const uint32_t code[] = { ADD_X0_1, ADD_X0_1, ADD_X0_1, ADD_X0_1 };
	struct fix *f = fix_new(code, 4);
	struct core_vcpu *v = &f->c->core;
	assert_int_equal(core_debug_bp_insert(&f->hooks, HARNESS_RAM + 8), 0);
	assert_int_equal(run(f), CORE_EXIT_DEBUG);
	assert_int_equal(f->hooks.stop, CORE_STOP_BREAK);
	assert_int_equal(v->pc, HARNESS_RAM + 8);
	assert_int_equal(f->c->x[0], 2);
	assert_int_equal(v->insns, 2);   /* the rest of the block was refunded */
	/* Resuming at a breakpoint stops again: gdb removes it and steps first. */
	assert_int_equal(run(f), CORE_EXIT_DEBUG);
	assert_int_equal(v->insns, 2);
	assert_int_equal(core_debug_bp_remove(&f->hooks, HARNESS_RAM + 8), 0);
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	assert_int_equal(f->c->x[0], 4);
	uint64_t insns, cycles;
	plain_run(code, 4, &insns, &cycles);
	assert_int_equal(v->insns, insns);
	assert_int_equal(v->cycles, cycles);
	fix_free(f);
}

static void test_single_step(void **state)
{
	const uint32_t code[] = { ADD_X0_1, ADD_X0_1, ADD_X0_1 };
	struct fix *f = fix_new(code, 3);
	struct core_vcpu *v = &f->c->core;
	for (unsigned i = 1; i <= 3; i++) {
		f->hooks.step_mask = 1;
		assert_int_equal(run(f), CORE_EXIT_DEBUG);
		assert_int_equal(f->hooks.stop, CORE_STOP_STEP);
		assert_int_equal(v->pc, HARNESS_RAM + 4 * i);
		assert_int_equal(v->insns, i);
		assert_int_equal(f->c->x[0], i);
		assert_int_equal(f->hooks.step_mask, 0);
	}
	/* A step over an instruction that exits (the HVC) completes on re-entry. */
	f->hooks.step_mask = 1;
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	assert_int_equal(run(f), CORE_EXIT_DEBUG);
	assert_int_equal(f->hooks.stop, CORE_STOP_STEP);
	uint64_t insns, cycles;
	plain_run(code, 3, &insns, &cycles);
	assert_int_equal(v->insns, insns);
	assert_int_equal(v->cycles, cycles);
	fix_free(f);
}

static void test_watchpoints(void **state)
{
	const uint32_t code[] = { ADD_X0_1, LDR_X2_X1, STR_X0_X1, ADD_X0_1 };
	struct fix *f = fix_new(code, 4);
	struct core_vcpu *v = &f->c->core;
	f->c->x[1] = DATA;
	uint64_t *data = (uint64_t *)a64_harness_ram(f->h, DATA);
	*data = 0x55;
	struct core_cache *cache = v->cache;
	/* A write watchpoint lets the read by; stops before the store. */
	assert_int_equal(core_debug_watch_insert(&f->hooks, cache, DATA + 4, 2, CORE_WATCH_WRITE), 0);
	assert_true(core_watch_page(&f->hooks, DATA));
	assert_int_equal(run(f), CORE_EXIT_DEBUG);
	assert_int_equal(f->hooks.stop, CORE_STOP_WATCH);
	assert_int_equal(f->hooks.stop_addr, DATA + 4);
	assert_int_equal(f->hooks.stop_kind, CORE_WATCH_WRITE);
	assert_int_equal(v->pc, HARNESS_RAM + 8);
	assert_int_equal(v->insns, 2);
	assert_int_equal(f->c->x[2], 0x55);
	assert_int_equal(*data, 0x55);   /* not written yet */
	assert_int_equal(core_debug_watch_remove(&f->hooks, cache, DATA + 4, 2, CORE_WATCH_WRITE), 0);
	assert_false(core_watch_page(&f->hooks, DATA));
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	assert_int_equal(*data, 1);
	assert_int_equal(f->c->x[0], 2);

	/* A read watchpoint stops before the load. */
	v->pc = HARNESS_RAM;
	assert_int_equal(core_debug_watch_insert(&f->hooks, cache, DATA, 8, CORE_WATCH_READ), 0);
	assert_int_equal(run(f), CORE_EXIT_DEBUG);
	assert_int_equal(v->pc, HARNESS_RAM + 4);
	assert_int_equal(f->hooks.stop_kind, CORE_WATCH_READ);
	core_debug_clear(&f->hooks, cache);
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	fix_free(f);
}

static void on_exception(struct core_hooks *h, struct core_vcpu *v, const struct core_exc_rec *r)
{
	struct fix *f = (struct fix *)((char *)h - offsetof(struct fix, hooks));
	f->last = *r;
	f->n_exc++;
}

static void test_exception_record(void **state)
{
	const uint32_t code[] = { NOP, SVC_5 };
	struct fix *f = fix_new(code, 2);
	f->hooks.exception = on_exception;
	/* The fast loop reports exceptions too. */
	assert_int_equal(core_run(&f->c->core, UINT64_MAX), CORE_EXIT_HYPERCALL);
	assert_int_equal(f->n_exc, 1);
	assert_int_equal(f->last.kind, CORE_EXC_SYNC);
	assert_int_equal(f->last.cause, EC_SVC64);
	assert_int_equal(f->last.syndrome, (0x15ull << 26) | (1u << 25) | 5);
	assert_int_equal(f->last.from_level, 1);
	assert_int_equal(f->last.to_level, 1);
	assert_int_equal(f->last.ret_pc, HARNESS_RAM + 8);
	assert_int_equal(f->last.vector, HARNESS_VBAR + 0x200);
	const struct core_debug_isa *isa = a64_debug_isa();
	assert_string_equal(isa->exc_name(&f->last), "SVC64");
	char buf[128];
	assert_false(isa->exc_fault(&f->last, buf, sizeof(buf)));
	struct core_exc_rec abort = { .kind = CORE_EXC_SYNC, .cause = EC_DABT_SAME,
				      .syndrome = (0x25ull << 26) | (1u << 6) | 0x7 };
	assert_true(isa->exc_fault(&abort, buf, sizeof(buf)));
	assert_string_equal(buf, "data write, translation fault, level 3");
	fix_free(f);
}

static void test_debugger_memory(void **state)
{
	const uint32_t code[] = { ADD_X0_1, ADD_X0_1 };
	struct fix *f = fix_new(code, 2);
	struct core_vcpu *v = &f->c->core;
	const struct core_debug_isa *isa = a64_debug_isa();
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	assert_int_equal(f->c->x[0], 2);
	/* Patch the decoded code: the block must be decoded again. */
	uint32_t nop = NOP;
	assert_int_equal(core_debug_write(v, isa, HARNESS_RAM + 4, &nop, 4, false), 4);
	uint32_t back;
	assert_int_equal(core_debug_read(v, isa, HARNESS_RAM + 4, &back, 4, true), 4);
	assert_int_equal(back, NOP);
	v->pc = HARNESS_RAM;
	assert_int_equal(run(f), CORE_EXIT_HYPERCALL);
	assert_int_equal(f->c->x[0], 3);
	/* Past the end of RAM: nothing there. */
	assert_int_equal(core_debug_read(v, isa, HARNESS_RAM + (64ull << 20) - 2, &back, 4, true), 2);
	fix_free(f);
}

static void test_registers_and_target_xml(void **state)
{
	const struct core_debug_isa *isa = a64_debug_isa();
	assert_int_equal(isa->n_g_regs, 68);   /* gdb's aarch64 core + fpu numbering */
	assert_string_equal(isa->regs[31].name, "sp");
	assert_string_equal(isa->regs[isa->pc_reg].name, "pc");
	assert_int_equal(isa->pc_reg, 32);
	assert_string_equal(isa->regs[34].name, "v0");
	assert_int_equal(isa->regs[34].bits, 128);
	assert_string_equal(isa->regs[66].name, "fpsr");
	assert_true(core_debug_reg_find(isa, "sctlr_el1") >= 68);
	assert_int_equal(core_debug_reg_find(isa, "icc_iar1_el1"), -1);   /* reading acknowledges */
	size_t n = core_debug_target_xml(isa, NULL, 0);
	char *xml = malloc(n + 1);
	assert_int_equal(core_debug_target_xml(isa, xml, n + 1), n);
	assert_non_null(strstr(xml, "<architecture>aarch64</architecture>"));
	assert_non_null(strstr(xml, "<feature name=\"org.gnu.gdb.aarch64.core\">"));
	assert_non_null(strstr(xml, "<reg name=\"fpcr\" bitsize=\"32\" type=\"int\" regnum=\"67\" group=\"float\"/>"));
	free(xml);

	struct a64_harness *h = a64_harness_new();
	struct arm64_cpu *c = a64_harness_cpu(h);
	uint64_t val = 0x1234;
	const struct core_reg *x5 = &isa->regs[5], *cpsr = &isa->regs[33];
	assert_true(x5->set(&c->core, x5, &val));
	assert_int_equal(c->x[5], 0x1234);
	uint32_t ps = 0;
	assert_true(cpsr->get(&c->core, cpsr, &ps));
	assert_int_equal(ps & 0xf, 0x5);   /* EL1h */
	const struct core_reg *sctlr = &isa->regs[core_debug_reg_find(isa, "sctlr_el1")];
	assert_true(sctlr->get(&c->core, sctlr, &val));
	assert_int_equal(val, c->sr.sctlr_el1);
	a64_harness_free(h);
}

static void test_symbols(void **state)
{
	char path[] = "/tmp/hvsim-test-symbols-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	fprintf(f, "ffff800080000000 T _text\nffff800080010000 t stext\nffff800080010000 T _stext\n"
		   "ffff800082510ba8 T start_kernel\nffff800082510f00 T next_fn\n0000000000000000 A absolute\n");
	fclose(f);
	char err[256], buf[64];
	struct symtab *s = symtab_load(path, err, sizeof(err));
	unlink(path);
	assert_non_null(s);
	assert_int_equal(symtab_count(s), 4);   /* absolute dropped, one name per address */
	assert_string_equal(symtab_format(s, 0xffff800082510bccull, buf, sizeof(buf)), "start_kernel+0x24");
	assert_string_equal(symtab_format(s, 0xffff800080010000ull, buf, sizeof(buf)), "_stext");
	assert_string_equal(symtab_format(s, 0xffff7fffffffffffull, buf, sizeof(buf)), "");
	uint64_t lo, hi;
	assert_true(symtab_range(s, "start_kernel", &lo, &hi));
	assert_int_equal(lo, 0xffff800082510ba8ull);
	assert_int_equal(hi, 0xffff800082510f00ull);
	symtab_free(s);
	/* An ELF's own symbol table, through libelf. */
	s = symtab_load("/proc/self/exe", err, sizeof(err));
	assert_non_null(s);
	assert_true(symtab_range(s, "test_symbols", &lo, &hi));
	assert_true(hi > lo);
	symtab_free(s);
	assert_null(symtab_load("/dev/null", err, sizeof(err)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_breakpoint_inside_block),
		cmocka_unit_test(test_single_step),
		cmocka_unit_test(test_watchpoints),
		cmocka_unit_test(test_exception_record),
		cmocka_unit_test(test_debugger_memory),
		cmocka_unit_test(test_registers_and_target_xml),
		cmocka_unit_test(test_symbols),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
