/*
 * The fault injector (hv/fault.c) on the single hypercall path and mem/'s
 * gate, with hv/ and mem/ alone: rule parsing and every refusal, Linux's
 * knobs (times, space, interval, probability), each action, the filters,
 * determinism by seed, and the record each fault leaves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <cmocka.h>

#include "hv/fault.h"

/* -------------------------------------------------- a test ABI, "t" */

static int handler_runs;

/* ECHO: r0 = a1 + 1, r1 = 0x55; COUNT: r0 = how many times it ran. */
static void h_echo(struct hv_call *c)
{
	handler_runs++;
	c->r[0] = c->a[1] + 1;
	c->r[1] = 0x55;
}

static void h_count(struct hv_call *c)
{
	c->r[0] = (uint64_t)++handler_runs;
}

static const struct hv_func t_funcs[] = {
	{ .id = 1, .name = "ECHO", .handler = h_echo },
	{ .id = 2, .name = "COUNT", .handler = h_count },
};

static bool t_prepare(struct hv_call *c)
{
	c->fn = c->a[0];
	return true;
}

static void t_fail(struct hv_call *c, enum hv_failure how)
{
	c->r[0] = (uint64_t)(-1 - (int64_t)how);
}

static const struct hv_abi t_abi = {
	.name = "t", .funcs = t_funcs, .n = 2, .n_args = 4, .n_results = 2,
	.prepare = t_prepare, .encode_failure = t_fail,
};

static const struct hv_route routes[] = { { .conduit = 0, .any_imm = true, .abi = &t_abi } };

/* ------------------------------------------------------------ fixture */

struct fixture {
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
	struct hv_injector *inj;
	uint64_t insns;                 /* what the clock says */
	uint64_t charged;
	struct hv_fault_event last;
	int reports;
	uint64_t raised;                /* spurious-irq: the last line raised (0: none) */
	char err[256];
};

static uint64_t f_insns(void *opaque, int vcpu)
{
	return ((struct fixture *)opaque)->insns;
}

static uint64_t f_ns(void *opaque, int vcpu)
{
	return ((struct fixture *)opaque)->insns * 2;
}

static void f_report(void *opaque, const struct hv_fault_event *e)
{
	struct fixture *f = opaque;
	f->reports++;
	f->last = *e;
}

static void f_charge(void *opaque, int vcpu, uint64_t cycles)
{
	((struct fixture *)opaque)->charged += cycles;
}

static bool f_host_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return mem_host_read(&((struct fixture *)opaque)->mem, gpa, buf, len);
}

static bool f_host_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return mem_host_write(&((struct fixture *)opaque)->mem, gpa, buf, len);
}

/* A board whose interrupt controller has lines 32 to 63. */
static bool f_spurious_irq(void *opaque, uint64_t irq, bool inject)
{
	if (irq < 32 || irq > 63)
		return false;
	if (inject)
		((struct fixture *)opaque)->raised = irq;
	return true;
}

static struct hv_injector *injector(struct fixture *f, uint64_t seed)
{
	struct hv_fault_env env = {
		.path = &f->path, .seed = seed, .n_vcpus = 2, .insns = f_insns, .ns = f_ns,
		.report = f_report, .opaque = f, .host_read = f_host_read,
		.host_write = f_host_write, .spurious_irq = f_spurious_irq, .ipis = true,
	};
	return hv_injector_new(&env);
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "ram", 0x40000000, 1 << 20, MEM_PRIVATE));
	f->plat = (struct hv_platform){ .opaque = f, .mem = &f->mem };
	f->path = (struct hv_path){ .routes = routes, .n_routes = 1, .plat = &f->plat,
				    .world_switch = 100, .charge = f_charge, .charge_opaque = f };
	f->inj = injector(f, 1);
	hv_injector_attach(f->inj, &f->path, &f->mem);
	handler_runs = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hv_injector_free(f->inj);
	mem_space_free(&f->mem);
	test_free(f);
	return 0;
}

static bool add(struct fixture *f, const char *rule)
{
	bool ok = hv_injector_add(f->inj, rule, "rules", 7, f->err, sizeof(f->err));
	/* Transition rules take the gate once there are some. */
	hv_injector_attach(f->inj, &f->path, &f->mem);
	return ok;
}

static struct hv_call call(struct fixture *f, int vcpu, uint64_t fn, uint64_t a1)
{
	struct hv_call c = { .abi = &t_abi, .vcpu = vcpu, .level = 1, .a = { fn, a1, 0, 0 } };
	hv_call(&f->path, &c);
	return c;
}

/* -------------------------------------------------------------- parsing */

/* Each bad rule is refused with its source, line and what is wrong. */
static void test_bad_rules(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *rule, *says;
	} bad[] = {
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\"", "bad JSON" },
		{ "{\"call\": \"nope/ECHO\", \"action\": \"fail\"}", "no such ABI" },
		{ "{\"call\": \"t/NOPE\", \"action\": \"fail\"}", "no call of that name" },
		{ "{\"call\": \"ECHO\", \"action\": \"fail\"}", "not ABI/NAME" },
		{ "{\"action\": \"fail\"}", "one \"call\" or one \"transition\"" },
		{ "{\"call\": \"t/ECHO\", \"transition\": \"share\", \"action\": \"fail\"}", "one \"call\"" },
		{ "{\"call\": \"t/ECHO\"}", "needs an \"action\"" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"explode\"}", "unknown action" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"refuse\"}", "does not apply" },
		{ "{\"transition\": \"share\", \"action\": \"fail\"}", "does not apply" },
		{ "{\"transition\": \"melt\", \"action\": \"refuse\"}", "unknown transition" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"probability\": 0}", "1 to 100" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"probability\": 101}", "1 to 100" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"times\": 0}", "-1 (no limit)" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"interval\": 0}", "at least 1" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"vcpu\": 2}", "never match" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"level\": 4}", "0 to 3" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"insns\": [10, 5]}", "never match" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"args\": [{\"arg\": 4, \"eq\": 1}]}",
		  "beyond the ABI" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"args\": [{\"arg\": 1, \"min\": 5, "
		  "\"max\": 4}]}", "never match" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"colour\": 3}", "unknown key 'colour'" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"cycles\": 3}", "does not apply" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"delay\"}", "needs \"cycles\"" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"corrupt\"}", "needs \"xor\"" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"corrupt\", \"xor\": 1, \"result\": 2}",
		  "beyond the ABI's result" },
		{ "{\"call\": \"t/unknown\", \"action\": \"repeat\", \"count\": 1}", "no handler" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"error\": \"oops\"}", "not-supported" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"times\": \"lots\"}", "needs a number" },
		{ "call=t/ECHO,action", "neither a JSON object" },
		{ "{\"call\": \"t/ECHO\", \"action\": \"drop-ipi\"}", "is the host's" },
		{ "{\"action\": \"toctou\", \"at\": 5, \"value\": 1}", "needs \"gpa\"" },
		{ "{\"action\": \"toctou\", \"gpa\": 5, \"value\": 1}", "needs its moment" },
		{ "{\"action\": \"toctou\", \"gpa\": 5, \"value\": 1, \"at\": 5, \"ns\": [1, 9]}",
		  "needs its moment" },
		{ "{\"action\": \"toctou\", \"gpa\": 5, \"value\": 1, \"at\": 5, \"len\": 9}", "1 to 8" },
		{ "{\"action\": \"toctou\", \"gpa\": 5, \"value\": 1, \"at\": 5, \"vcpu\": 0}",
		  "'vcpu' does not apply" },
		{ "{\"action\": \"spurious-irq\", \"at\": 5}", "needs \"irq\"" },
		{ "{\"action\": \"spurious-irq\", \"at\": 5, \"irq\": 7}", "no line 7 to raise" },
		{ "{\"action\": \"spurious-irq\", \"at\": 5, \"irq\": 40, \"times\": 2}",
		  "'times' does not apply" },
		{ "{\"action\": \"drop-ipi\", \"to\": 2}", "never match" },
		{ "{\"action\": \"drop-ipi\", \"at\": 2}", "'at' does not apply" },
		{ "{\"action\": \"timer-skew\"}", "needs \"cycles\"" },
		{ "{\"action\": \"timer-skew\", \"cycles\": 0}", "non-zero skew" },
		{ "{\"action\": \"timer-skew\", \"cycles\": 5, \"level\": 1}", "'level' does not apply" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		f->err[0] = 0;
		assert_false(add(f, bad[i].rule));
		if (!strstr(f->err, bad[i].says) || !strstr(f->err, "rules:7: ")) {
			print_error("rule %s\n  said: %s\n  want: %s\n", bad[i].rule, f->err, bad[i].says);
			fail();
		}
	}
	assert_int_equal(hv_injector_rules(f->inj), 0);
}

/* A file of rules: comments and blank lines skipped, the bad line named. */
static void test_load_file(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/hvsim-faults-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *fp = fdopen(fd, "w");
	fputs("# rules\n\n{\"call\": \"t/ECHO\", \"action\": \"fail\"}\n"
	      "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"times\": -2}\n", fp);
	fclose(fp);
	assert_false(hv_injector_load(f->inj, path, f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, ":4: "));
	assert_int_equal(hv_injector_rules(f->inj), 1);
	unlink(path);
	assert_false(hv_injector_load(f->inj, "/nonexistent/rules", f->err, sizeof(f->err)));
	assert_non_null(strstr(f->err, "/nonexistent/rules"));
}

/* ------------------------------------------------------------- actions */

/* fail: the ABI's encoding, the handler never runs; "value" overrides r0. */
static void test_fail(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"error\": \"invalid\"}"));
	struct hv_call c = call(f, 0, 1, 41);
	assert_int_equal(c.by, HV_BY_FAULT);
	assert_int_equal((int64_t)c.r[0], -1 - HV_FAIL_INVALID);
	assert_int_equal(handler_runs, 0);
	assert_int_equal(f->reports, 1);
	assert_string_equal(f->last.target, "t/ECHO");
	assert_string_equal(f->last.action, "fail");
	assert_string_equal(f->last.rule_name, "rules:7");
	/* times defaults to 1: the next call goes through. */
	c = call(f, 0, 1, 41);
	assert_int_equal(c.by, HV_BY_HANDLER);
	assert_int_equal(c.r[0], 42);
	assert_true(add(f, "call=t/ECHO,action=fail,value=-9,name=nine"));
	c = call(f, 0, 1, 41);
	assert_int_equal((int64_t)c.r[0], -9);
	assert_string_equal(f->last.rule_name, "nine");
}

/* drop: success returned, nothing done. */
static void test_drop(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"drop\"}"));
	struct hv_call c = call(f, 0, 1, 41);
	assert_int_equal(c.r[0], 0);
	assert_int_equal(c.r[1], 0);
	assert_int_equal(handler_runs, 0);
}

/* delay: the cycles are charged on top of the world switch. */
static void test_delay(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"delay\", \"cycles\": 5000}"));
	struct hv_call c = call(f, 0, 1, 1);
	assert_int_equal(c.r[0], 2);
	assert_int_equal(c.cost, 5100);
	assert_int_equal(f->charged, 5100);
}

/* corrupt: xor, set, clear or a new value in the chosen result register. */
static void test_corrupt(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"corrupt\", \"result\": 1, "
			   "\"xor\": \"0xff\", \"set\": 256, \"clear\": 1}"));
	struct hv_call c = call(f, 0, 1, 1);
	assert_int_equal(c.r[0], 2);
	assert_int_equal(c.r[1], ((0x55 ^ 0xff) | 0x100) & ~1ull);
	assert_non_null(strstr(f->last.detail, "r1 0x55 -> "));
}

/* repeat: the handler runs again; the guest sees the last answer. */
static void test_repeat(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/COUNT\", \"action\": \"repeat\", \"count\": 2}"));
	struct hv_call c = call(f, 0, 2, 0);
	assert_int_equal(handler_runs, 3);
	assert_int_equal(c.r[0], 3);
}

/* ------------------------------------------------------------- knobs */

/*
 * Linux's order: times left, then space (calls let through first), then
 * every interval-th call. space 1, interval 3, times 2 over nine calls:
 * call 1 spends the space; calls 3 and 6 fail; times is then used up.
 */
static void test_knobs(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"space\": 1, "
			   "\"interval\": 3, \"times\": 2}"));
	unsigned failed = 0;
	for (int i = 1; i <= 9; i++)
		if (call(f, 0, 1, 0).by == HV_BY_FAULT)
			failed |= 1u << i;
	assert_int_equal(failed, 1u << 3 | 1u << 6);
	struct hv_fault_rule_info info;
	assert_true(hv_injector_rule_info(f->inj, 0, &info));
	assert_int_equal(info.matched, 9);
	assert_int_equal(info.injected, 2);
}

static uint64_t pattern(struct fixture *f, uint64_t seed, int *n_failed)
{
	hv_injector_free(f->inj);
	f->inj = injector(f, seed);
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"probability\": 30, "
			   "\"times\": -1}"));
	uint64_t bits = 0;
	*n_failed = 0;
	for (int i = 0; i < 1000; i++)
		if (call(f, 0, 1, 0).by == HV_BY_FAULT) {
			(*n_failed)++;
			if (i < 64)
				bits |= 1ull << i;
		}
	return bits;
}

/* probability: about that share of calls, the same ones for the same seed. */
static void test_probability_seeded(void **state)
{
	struct fixture *f = *state;
	int n1, n2, n3;
	uint64_t a = pattern(f, 5, &n1), b = pattern(f, 5, &n2), c = pattern(f, 6, &n3);
	assert_int_equal(a, b);
	assert_int_equal(n1, n2);
	assert_true(a != c);
	assert_in_range(n1, 240, 360);
	assert_in_range(n3, 240, 360);
}

/* A rule added after another does not move the first one's faults. */
static void test_rules_independent(void **state)
{
	struct fixture *f = *state;
	int n;
	uint64_t alone = pattern(f, 5, &n);
	hv_injector_free(f->inj);
	f->inj = injector(f, 5);
	assert_true(add(f, "{\"call\": \"t/ECHO\", \"action\": \"fail\", \"probability\": 30, "
			   "\"times\": -1}"));
	assert_true(add(f, "{\"call\": \"t/COUNT\", \"action\": \"fail\", \"probability\": 50, "
			   "\"times\": -1}"));
	uint64_t bits = 0;
	for (int i = 0; i < 64; i++) {
		call(f, 0, 2, 0);
		if (call(f, 0, 1, 0).by == HV_BY_FAULT)
			bits |= 1ull << i;
	}
	assert_int_equal(bits, alone);
}

/* ------------------------------------------------------------ filters */

static void test_filters(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"call\": \"t/*\", \"action\": \"fail\", \"times\": -1, \"vcpu\": 1, "
			   "\"args\": [{\"arg\": 1, \"min\": 16, \"max\": 31, \"mask\": 255}], "
			   "\"insns\": [100, 200]}"));
	f->insns = 150;
	assert_int_equal(call(f, 0, 1, 20).by, HV_BY_HANDLER);     /* other vCPU */
	assert_int_equal(call(f, 1, 1, 40).by, HV_BY_HANDLER);     /* argument out of range */
	assert_int_equal(call(f, 1, 1, 0x114).by, HV_BY_FAULT);    /* masked: 0x14 */
	assert_int_equal(call(f, 1, 2, 20).by, HV_BY_FAULT);       /* "*": any row */
	assert_int_equal(call(f, 1, 9, 20).by, HV_BY_UNKNOWN); /* but a row */
	assert_int_equal(f->last.insns, 150);
	assert_int_equal(f->last.ns, 300);
	f->insns = 250;
	assert_int_equal(call(f, 1, 1, 20).by, HV_BY_HANDLER);     /* after the window */
	/* A pattern: ECHO and not COUNT. */
	assert_true(add(f, "{\"call\": \"t/E?H*\", \"action\": \"fail\", \"value\": 76}"));
	assert_int_equal(call(f, 0, 2, 0).by, HV_BY_HANDLER);
	assert_int_equal(call(f, 0, 1, 0).r[0], 76);
	/* Calls no row answers, and a bare function id. */
	assert_true(add(f, "{\"call\": \"t/unknown\", \"action\": \"fail\", \"value\": 77}"));
	assert_true(add(f, "{\"call\": \"t/0x2\", \"action\": \"fail\", \"value\": 78}"));
	assert_int_equal(call(f, 0, 9, 0).r[0], 77);
	assert_string_equal(f->last.target, "t/0x9");
	assert_int_equal(call(f, 0, 2, 0).r[0], 78);
}

/* ------------------------------------------------------------ the gate */

static void test_refuse_transition(void **state)
{
	struct fixture *f = *state;
	struct mem_req guest = { .kind = MEM_BY_GUEST, .vcpu = 0, .level = 1 };
	assert_true(add(f, "{\"transition\": \"share\", \"action\": \"refuse\", \"reason\": \"no pool\", "
			   "\"addr\": [\"0x40001000\", \"0x40001fff\"]}"));
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x40000000), MEM_OK);
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x40001000), MEM_ERR_REFUSED);
	assert_string_equal(f->mem.refused, "no pool");
	assert_string_equal(f->last.target, "memattr/share");
	assert_non_null(strstr(f->last.detail, "0x40001000"));
	/* Used up (times 1): the retry succeeds. */
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x40001000), MEM_OK);
	/* Other transitions are not this rule's. */
	assert_int_equal(mem_page_unshare(&f->mem, &guest, 0x40001000), MEM_OK);
}

/* ------------------------------------------------------- the host's actions */

/* toctou at its moment: the bytes rewritten on a shared page, a private one untouched. */
static void test_toctou(void **state)
{
	struct fixture *f = *state;
	struct mem_req guest = { .kind = MEM_BY_GUEST, .vcpu = 0, .level = 1 };
	assert_int_equal(mem_page_share(&f->mem, &guest, 0x40002000), MEM_OK);
	assert_true(mem_host_write(&f->mem, 0x40002010, "\x11\x22\x33\x44", 4));
	assert_true(add(f, "{\"action\": \"toctou\", \"gpa\": \"0x40002010\", \"len\": 2, "
			   "\"xor\": \"0xffff\", \"at\": 1000}"));
	assert_true(add(f, "{\"action\": \"toctou\", \"gpa\": \"0x40003000\", \"value\": 7, \"at\": 9}"));
	uint64_t ns;
	assert_true(hv_injector_moment(f->inj, 0, &ns));
	assert_int_equal(ns, 1000);
	hv_injector_fire(f->inj, 0);
	uint8_t b[4];
	assert_true(mem_host_read(&f->mem, 0x40002010, b, 4));
	assert_memory_equal(b, "\xee\xdd\x33\x44", 4);
	assert_string_equal(f->last.target, "host/memory");
	assert_string_equal(f->last.action, "toctou");
	assert_string_equal(f->last.detail, "gpa 0x40002010 2 bytes 0x2211 -> 0xddee");
	assert_int_equal(f->last.vcpu, -1);
	/* Once: a second firing does nothing. */
	hv_injector_fire(f->inj, 0);
	assert_int_equal(f->reports, 1);
	/* The guest's private page: the host cannot touch it, and says so. */
	hv_injector_fire(f->inj, 1);
	assert_non_null(strstr(f->last.detail, "untouched"));
}

/* A moment drawn from the window: inside it, the same for a seed, another for another. */
static void test_moment_seeded(void **state)
{
	struct fixture *f = *state;
	const char *rule = "{\"action\": \"spurious-irq\", \"irq\": 40, \"ns\": [1000, 1000000]}";
	uint64_t at[3];
	for (unsigned seed = 0; seed < 3; seed++) {
		struct hv_injector *inj = injector(f, seed == 2 ? 8 : 7);
		assert_true(hv_injector_add(inj, rule, "rules", 1, f->err, sizeof(f->err)));
		assert_true(hv_injector_moment(inj, 0, &at[seed]));
		assert_in_range(at[seed], 1000, 1000000);
		hv_injector_free(inj);
	}
	assert_int_equal(at[0], at[1]);
	assert_int_not_equal(at[0], at[2]);
	/* Not timed: no moment. */
	assert_true(add(f, "{\"action\": \"timer-skew\", \"cycles\": 5}"));
	assert_false(hv_injector_moment(f->inj, 0, &at[0]));
}

static void test_spurious_irq(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"action\": \"spurious-irq\", \"irq\": 41, \"at\": 5, \"name\": \"ghost\"}"));
	hv_injector_fire(f->inj, 0);
	assert_int_equal(f->raised, 41);
	assert_string_equal(f->last.target, "host/irq");
	assert_string_equal(f->last.detail, "interrupt 41 raised");
	assert_string_equal(f->last.rule_name, "ghost");
}

/* drop-ipi: the filters on sender and receiver, then Linux's knobs. */
static void test_drop_ipi(void **state)
{
	struct fixture *f = *state;
	assert_false(hv_injector_watches(f->inj, HV_HOST_IPI));
	assert_true(add(f, "{\"action\": \"drop-ipi\", \"vcpu\": 0, \"to\": 1, \"times\": 2, \"space\": 1}"));
	assert_true(hv_injector_watches(f->inj, HV_HOST_IPI));
	assert_false(hv_injector_watches(f->inj, HV_HOST_TIMER));
	assert_false(hv_injector_ipi(f->inj, 1, 1));    /* another sender */
	assert_false(hv_injector_ipi(f->inj, -1, 1));   /* a sender not known */
	assert_false(hv_injector_ipi(f->inj, 0, 0));    /* another receiver */
	assert_false(hv_injector_ipi(f->inj, 0, 1));    /* space 1 */
	assert_true(hv_injector_ipi(f->inj, 0, 1));
	assert_string_equal(f->last.target, "host/ipi");
	assert_string_equal(f->last.detail, "IPI to vCPU 1 lost");
	assert_int_equal(f->last.vcpu, 0);
	assert_true(hv_injector_ipi(f->inj, 0, 1));
	assert_false(hv_injector_ipi(f->inj, 0, 1));    /* times 2 */
	assert_int_equal(f->reports, 2);
}

static void test_timer_skew(void **state)
{
	struct fixture *f = *state;
	assert_true(add(f, "{\"action\": \"timer-skew\", \"cycles\": 500, \"vcpu\": 1}"));
	assert_true(add(f, "{\"action\": \"timer-skew\", \"cycles\": -300, \"vcpu\": 0, \"interval\": 2}"));
	assert_true(hv_injector_watches(f->inj, HV_HOST_TIMER));
	assert_int_equal(hv_injector_timer(f->inj, 1, 10000), 10500);
	assert_string_equal(f->last.detail, "fires at cycle 10500, 500 cycles late");
	assert_int_equal(hv_injector_timer(f->inj, 1, 10000), 10000);   /* times 1 */
	assert_int_equal(hv_injector_timer(f->inj, 0, 10000), 10000);   /* interval 2 */
	assert_int_equal(hv_injector_timer(f->inj, 0, 10000), 9700);
	assert_int_equal(hv_injector_timer(f->inj, 0, 100), 100);       /* used up */
	assert_string_equal(f->last.detail, "fires at cycle 9700, 300 cycles early");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_bad_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_delay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_knobs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_probability_seeded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_independent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse_transition, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toctou, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moment_seeded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spurious_irq, setup, teardown),
		cmocka_unit_test_setup_teardown(test_drop_ipi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timer_skew, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
