/*
 * Debugging and observability for any board: the public API
 * (hvsim_vm_debug, hvsim_vcpu_stats, hvsim_vm_counters, hvsim_log_parse),
 * the hooks the vCPUs report to, the observer of the hypercall path, the
 * counters behind --stats, and the choice of loop: the fast core_run unless
 * a debugger is attached or a per-block trace item is on inside its
 * instruction window. What the CPU is comes from the board's core_debug_isa.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/fault.h"
#include "machine/debug.h"
#include "machine/gdbstub.h"
#include "machine/symbols.h"
#include "machine/trace_out.h"

#define EXC_SLOTS 256                 /* exception classes per kind an ISA may have */
#define MAX_ABIS 16                   /* hypercall ABIs one machine may speak */
#define TRACE_BLOCK_ITEMS (HVSIM_LOG_IN_ASM | HVSIM_LOG_EXEC | HVSIM_LOG_INSN | HVSIM_LOG_CPU)

/*
 * A hypercall counter per (ABI, row), and per row one more for calls the
 * embedding user's hook answered (stats name those "hook:" + the row).
 * Calls no row knows are counted by their function id, "smccc/unknown-0x..."
 * (a guest probing for a service shows which), in a table that grows as
 * ids appear.
 */
struct hc_count {
	uint64_t n, cycles;
};

struct vcpu_counts {
	uint64_t exc[CORE_EXC_KINDS][EXC_SLOTS];
	const char *exc_name[CORE_EXC_KINDS][EXC_SLOTS];
	struct hc_count *hc[MAX_ABIS];   /* [row], then [n + row] answered by the hook */
};

/* A function id no row of its ABI knows: its name and a count per vCPU. */
struct hc_unknown {
	const struct hv_abi *abi;
	uint64_t fn;
	char *name;                      /* "abi/unknown-0xID" */
	struct hc_count *per_vcpu;
};

struct machine_debug {
	struct core_hooks hooks;      /* first: a vCPU's hooks pointer is the whole */
	struct hvsim_vm *vm;
	const struct core_debug_isa *isa;
	const struct hv_abi *abis[MAX_ABIS]; /* the ABIs the machine's hypercall path reaches */
	size_t n_abis;
	char **hc_names[MAX_ABIS];    /* per counter: "abi/ROW", "hook:abi/ROW" */
	struct hc_unknown *unknown;   /* ids no row knows, in the order they were first seen */
	size_t n_unknown, cap_unknown;
	struct symtab *syms;
	struct trace_out *trace;
	unsigned items;
	struct gdbstub *gdb;
	bool gdb_wait;
	struct vcpu_counts *counts;   /* per vCPU, NULL without counters */
	struct core_vcpu *cur;        /* the vCPU running now: host events */
};

/* Counters an ABI's rows need: one per row, and one per row answered by the hook. */
static size_t hc_slots(const struct hv_abi *abi)
{
	return 2 * abi->n;
}

static struct machine_debug *of(struct core_hooks *h)
{
	return (struct machine_debug *)h;
}

/* ------------------------------------------------------------ log items */

static const struct {
	const char *name;
	unsigned bit;
	const char *help;
} items[] = {
	{ "in_asm", HVSIM_LOG_IN_ASM, "each block when decoded, disassembled" },
	{ "exec", HVSIM_LOG_EXEC, "each block executed" },
	{ "insn", HVSIM_LOG_INSN, "each instruction executed, disassembled" },
	{ "cpu", HVSIM_LOG_CPU, "the general registers before each block executed" },
	{ "int", HVSIM_LOG_INT, "exceptions and interrupts: levels, class, syndrome, return address" },
	{ "hcall", HVSIM_LOG_HCALL, "hypercalls by name: arguments, result, modelled cycle cost" },
	{ "mmu", HVSIM_LOG_MMU, "translation, access-flag and permission faults" },
	{ "memattr", HVSIM_LOG_MEMATTR, "page-attribute transitions: who, which page, old and new state" },
	{ "mmio", HVSIM_LOG_MMIO, "device register reads and writes" },
	{ "fault", HVSIM_LOG_FAULT, "injected faults: rule, target, action, what it did" },
	{ "host", HVSIM_LOG_HOST, "host (device, DMA) reads and writes of guest memory, violations" },
};
#define N_ITEMS (sizeof(items) / sizeof(items[0]))

int hvsim_log_parse(const char *spec, unsigned *out, char *err, size_t errlen)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec);
	*out = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		size_t i = 0;
		while (i < N_ITEMS && strcmp(items[i].name, tok))
			i++;
		if (i == N_ITEMS) {
			snprintf(err, errlen, "unknown trace item '%s' (-d help lists them)", tok);
			return -1;
		}
		*out |= items[i].bit;
	}
	return 0;
}

/* --trace-events categories: the trace events of each, by the -d item that logs them. */
static const struct {
	const char *name;
	unsigned bit;
} categories[] = {
	{ "hcall", HVSIM_LOG_HCALL }, { "exc", HVSIM_LOG_INT }, { "memattr", HVSIM_LOG_MEMATTR },
	{ "host", HVSIM_LOG_HOST }, { "mmio", HVSIM_LOG_MMIO }, { "fault", HVSIM_LOG_FAULT },
};

int hvsim_trace_categories_parse(const char *list, unsigned *out, char *err, size_t errlen)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", list);
	*out = 0;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		size_t i = 0;
		while (i < sizeof(categories) / sizeof(categories[0]) && strcmp(categories[i].name, tok))
			i++;
		if (i == sizeof(categories) / sizeof(categories[0])) {
			snprintf(err, errlen, "unknown trace-event category '%s' (known: hcall, exc, "
				 "memattr, host, mmio, fault)", tok);
			return -1;
		}
		*out |= categories[i].bit;
	}
	if (!*out) {
		snprintf(err, errlen, "no trace-event category given (known: hcall, exc, memattr, host, "
			 "mmio, fault)");
		return -1;
	}
	return 0;
}

const char *hvsim_log_help(void)
{
	static char text[2048];
	if (!text[0]) {
		size_t used = 0;
		for (size_t i = 0; i < N_ITEMS; i++)
			used += (size_t)snprintf(text + used, sizeof(text) - used, "  %-8s %s\n",
						 items[i].name, items[i].help);
	}
	return text;
}

/* -------------------------------------------------------------- filters */

/* A count with an optional decimal suffix: 300M = 300000000, 20.5k = 20500. */
static bool parse_count(const char *s, const char *end, uint64_t *out)
{
	uint64_t whole = 0, frac = 0, scale = 1, mul = 1;
	const char *p = s;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (whole > (UINT64_MAX - 9) / 10)
			return false;
		whole = whole * 10 + (uint64_t)(*p - '0');
	}
	if (p == s)
		return false;
	if (p < end && *p == '.')
		for (p++; p < end && *p >= '0' && *p <= '9' && scale < 1000000000; p++) {
			frac = frac * 10 + (uint64_t)(*p - '0');
			scale *= 10;
		}
	if (p < end && (*p == 'k' || *p == 'K'))
		mul = 1000, p++;
	else if (p < end && (*p == 'm' || *p == 'M'))
		mul = 1000000, p++;
	else if (p < end && (*p == 'g' || *p == 'G'))
		mul = 1000000000, p++;
	if (p != end || whole > UINT64_MAX / mul || (frac * mul) % scale)
		return false;   /* trailing junk, overflow, or a fraction of an instruction */
	*out = whole * mul + frac * mul / scale;
	return true;
}

/* --trace-window START:END (either may be empty: from the start, to the end). */
bool hvsim_parse_count(const char *s, uint64_t *out)
{
	return parse_count(s, s + strlen(s), out);
}

static bool parse_window(const char *w, struct trace_filter *f)
{
	const char *colon = strchr(w, ':');
	if (!colon)
		return false;
	f->win_start = 0;
	f->win_end = UINT64_MAX;
	if (colon > w && !parse_count(w, colon, &f->win_start))
		return false;
	if (colon[1] && !parse_count(colon + 1, colon + strlen(colon), &f->win_end))
		return false;
	return f->win_start < f->win_end;
}

static bool parse_addr(const char *s, uint64_t *out)
{
	char *e;
	errno = 0;
	*out = strtoull(s, &e, 0);
	return !errno && e != s && !*e;
}

/*
 * -dfilter, QEMU's ranges: START..END (inclusive), START+LEN, START-LEN
 * (the LEN bytes ending at START), and hvsim's SYMBOL (the symbol's extent).
 */
static bool parse_filter(const char *spec, const struct symtab *syms, struct trace_filter *f,
			 char *err, size_t errlen)
{
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		if (f->n_ranges == TRACE_MAX_RANGES) {
			snprintf(err, errlen, "-dfilter: at most %d ranges", TRACE_MAX_RANGES);
			return false;
		}
		uint64_t a = 0, b = 0, lo = 0, hi = 0;
		char *dots = strstr(tok, ".."), *op = strpbrk(tok + 1, "+-");
		bool ok;
		if (dots) {
			*dots = 0;
			ok = parse_addr(tok, &lo) && parse_addr(dots + 2, &hi) && lo <= hi;
		} else if (op && (*tok >= '0' && *tok <= '9')) {
			char c = *op;
			*op = 0;
			ok = parse_addr(tok, &a) && parse_addr(op + 1, &b) && b > 0;
			lo = c == '+' ? a : a - b + 1;
			hi = c == '+' ? a + b - 1 : a;
		} else {
			ok = symtab_range(syms, tok, &lo, &hi);
			hi--;
			if (!ok) {
				snprintf(err, errlen, "-dfilter: no symbol '%s'%s", tok,
					 syms ? "" : " (no symbols loaded: --symbols FILE)");
				return false;
			}
		}
		if (!ok) {
			snprintf(err, errlen, "-dfilter: bad range '%s' (want START..END, START+LEN, START-LEN or SYMBOL)",
				 tok);
			return false;
		}
		f->ranges[f->n_ranges].lo = lo;
		f->ranges[f->n_ranges].hi = hi;
		f->n_ranges++;
	}
	return true;
}

/* ---------------------------------------------------------------- hooks */

static void on_exception(struct core_hooks *h, struct core_vcpu *v, const struct core_exc_rec *r)
{
	struct machine_debug *d = of(h);
	if (d->counts) {
		struct vcpu_counts *c = &d->counts[v->index];
		unsigned slot = r->cause % EXC_SLOTS;
		if (!c->exc[r->kind][slot]++)
			c->exc_name[r->kind][slot] = d->isa->exc_name(r);
	}
	if (d->trace)
		trace_exception(d->trace, v, r);
}

static void on_block_decoded(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b)
{
	trace_block_decoded(of(h)->trace, v, b);
}

static void on_block_exec(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b)
{
	trace_block_exec(of(h)->trace, v, b);
}

static void on_insn(struct core_hooks *h, struct core_vcpu *v, const struct core_block *b,
		    unsigned i)
{
	trace_insn(of(h)->trace, v, b, i);
}

static void on_mmio(void *opaque, const struct mem_req *who, const struct mem_region *r,
		    uint64_t pa, unsigned size, bool is_write, uint64_t val)
{
	struct machine_debug *d = opaque;
	struct core_vcpu *v = who->kind == MEM_BY_GUEST && who->vcpu >= 0 &&
			      who->vcpu < d->vm->n_cpus ? d->vm->cpus[who->vcpu] : NULL;
	trace_mmio(d->trace, v, r, pa, size, is_write, val);
}

static void on_host_access(void *opaque, uint64_t gpa, size_t len, bool is_write,
			   enum mem_host_outcome how)
{
	struct machine_debug *d = opaque;
	trace_host(d->trace, d->cur, gpa, len, is_write, how);
}

static void on_transition(void *opaque, const struct mem_transition *t)
{
	struct machine_debug *d = opaque;
	trace_memattr(d->trace, d->cur, t);
}

static size_t abi_index(const struct machine_debug *d, const struct hv_abi *abi)
{
	for (size_t i = 0; i < d->n_abis; i++)
		if (d->abis[i] == abi)
			return i;
	return d->n_abis;
}

/* The counter of an id no row of abi knows, made when the id is first seen; NULL: no memory. */
static struct hc_unknown *unknown_counter(struct machine_debug *d, const struct hv_abi *abi,
					  uint64_t fn)
{
	for (size_t i = 0; i < d->n_unknown; i++)
		if (d->unknown[i].abi == abi && d->unknown[i].fn == fn)
			return &d->unknown[i];
	if (d->n_unknown == d->cap_unknown) {
		size_t cap = d->cap_unknown ? 2 * d->cap_unknown : 8;
		struct hc_unknown *u = realloc(d->unknown, cap * sizeof(*u));
		if (!u)
			return NULL;
		d->unknown = u;
		d->cap_unknown = cap;
	}
	struct hc_unknown *u = &d->unknown[d->n_unknown];
	*u = (struct hc_unknown){ .abi = abi, .fn = fn };
	u->per_vcpu = calloc((size_t)d->vm->n_cpus, sizeof(*u->per_vcpu));
	u->name = malloc(strlen(abi->name) + 32);
	if (!u->per_vcpu || !u->name) {
		free(u->per_vcpu);
		free(u->name);
		return NULL;
	}
	sprintf(u->name, "%s/unknown-0x%" PRIx64, abi->name, fn);
	d->n_unknown++;
	return u;
}

/*
 * The hypercall path's observer: count the call by (ABI, row) and by who
 * answered it, or by its id if no row knows it, and trace it. The vCPU has
 * been charged the call's cost.
 */
static void on_hypercall(void *opaque, const struct hv_call *call)
{
	struct machine_debug *d = opaque;
	struct core_vcpu *v = d->vm->cpus[call->vcpu];
	size_t a = call->abi ? abi_index(d, call->abi) : d->n_abis;
	struct hc_count *c = NULL;
	if (d->counts && a < d->n_abis && call->row) {
		size_t n = call->abi->n, row = (size_t)(call->row - call->abi->funcs);
		c = &d->counts[call->vcpu].hc[a][call->by == HV_BY_HOOK ? n + row : row];
	} else if (d->counts && a < d->n_abis) {
		struct hc_unknown *u = unknown_counter(d, call->abi, call->fn);
		c = u ? &u->per_vcpu[call->vcpu] : NULL;
	}
	if (c) {
		c->n++;
		c->cycles += call->cost;
	}
	if (d->trace) {
		char unknown[40];
		snprintf(unknown, sizeof(unknown), "unknown-0x%" PRIx64, call->fn);
		trace_hypercall(d->trace, v, call, call->row ? call->row->name : unknown,
				v->exit_info.pc, v->cycles - call->cost, call->cost);
	}
}

void machine_debug_fault(struct hvsim_vm *vm, const struct hv_fault_event *e)
{
	struct machine_debug *d = vm->dbg;
	if (d && d->trace)
		trace_fault(d->trace, e->vcpu >= 0 ? vm->cpus[e->vcpu] : d->cur, e);
}

/* --------------------------------------------------------------- running */

static bool vcpu_on(void *opaque, int i)
{
	struct hvsim_vm *vm = opaque;
	return vm->cpu_on[i];
}

static void kill_guest(void *opaque)
{
	struct hvsim_vm *vm = opaque;
	vm->shutdown = true;
	vm->result.status = HVSIM_OK;
	vm->result.why = "killed by the debugger";
}

/*
 * Per-block traces before their window: the fast loop up to the window's
 * first instruction (the instruction budget stops it there); after it, the
 * fast loop again.
 */
static enum core_exit_reason run_traced(struct machine_debug *d, struct core_vcpu *v, uint64_t stop)
{
	const struct trace_filter *f = trace_out_filter(d->trace);
	uint64_t total = trace_out_total_insns(d->trace);
	if (total >= f->win_end)
		return core_run(v, stop);
	if (total >= f->win_start)
		return core_run_debug(v, stop);
	uint64_t saved = v->insn_limit;
	uint64_t limit = v->insns + (f->win_start - total);
	if (limit < saved)
		v->insn_limit = limit;
	enum core_exit_reason r = core_run(v, stop);
	v->insn_limit = saved;
	return r;
}

enum core_exit_reason machine_debug_run(struct hvsim_vm *vm, struct core_vcpu *v, uint64_t stop)
{
	struct machine_debug *d = vm->dbg;
	d->cur = v;
	if (d->gdb) {
		uint64_t t0 = vm_host_ns();
		if (d->gdb_wait) {
			d->gdb_wait = false;
			gdbstub_wait(d->gdb, v);
		} else {
			gdbstub_poll(d->gdb, v);
		}
		vm->host_stopped_ns += vm_host_ns() - t0;
		if (vm->shutdown)
			return CORE_EXIT_NONE;
	}
	enum core_exit_reason r;
	if (d->gdb && gdbstub_attached(d->gdb))
		r = core_run_debug(v, stop);
	else if (d->items & TRACE_BLOCK_ITEMS)
		r = run_traced(d, v, stop);
	else
		r = core_run(v, stop);
	if (r != CORE_EXIT_DEBUG)
		return r;
	/* A breakpoint, watchpoint or step: the debugger has the machine until it resumes. */
	v->exit = CORE_EXIT_NONE;
	if (d->gdb) {
		uint64_t t0 = vm_host_ns();
		gdbstub_stopped(d->gdb, v);
		vm->host_stopped_ns += vm_host_ns() - t0;
	} else {
		core_debug_clear(&d->hooks, &vm->cache);
	}
	return CORE_EXIT_NONE;
}

/* ------------------------------------------------------------- set-up */

static FILE *open_out(const char *path, const char *what, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");
	if (!f)
		snprintf(err, errlen, "cannot write %s '%s': %s", what, path, strerror(errno));
	else
		setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

/* The name a counter of ABI abi goes by in statistics. */
static char *counter_name(const struct hv_abi *abi, size_t slot)
{
	size_t n = abi->n;
	const char *row = abi->funcs[slot < n ? slot : slot - n].name;
	char *s = malloc(strlen(abi->name) + strlen(row) + 7);
	if (s)
		sprintf(s, "%s%s/%s", slot >= n ? "hook:" : "", abi->name, row);
	return s;
}

static bool setup_counters(struct machine_debug *d, int n_vcpus)
{
	for (size_t a = 0; a < d->n_abis; a++) {
		if (!(d->hc_names[a] = calloc(hc_slots(d->abis[a]), sizeof(char *))))
			return false;
		for (size_t s = 0; s < hc_slots(d->abis[a]); s++)
			if (!(d->hc_names[a][s] = counter_name(d->abis[a], s)))
				return false;
	}
	d->counts = calloc((size_t)n_vcpus, sizeof(*d->counts));
	if (!d->counts)
		return false;
	for (int i = 0; i < n_vcpus; i++)
		for (size_t a = 0; a < d->n_abis; a++)
			if (!(d->counts[i].hc[a] = calloc(hc_slots(d->abis[a]), sizeof(struct hc_count))))
				return false;
	return true;
}

static bool setup_trace(struct machine_debug *d, const struct hvsim_debug_config *dc, char *err,
			size_t errlen)
{
	struct hvsim_vm *vm = d->vm;
	struct trace_out_config tc = {
		.items = dc->log_items, .event_items = dc->event_items, .syms = d->syms, .isa = d->isa,
		.cache = &vm->cache,
		.cycle_hz = vm->timing->hz,
		.filter = { .win_start = 0, .win_end = UINT64_MAX },
	};
	if (dc->filter && !parse_filter(dc->filter, d->syms, &tc.filter, err, errlen))
		return false;
	if (dc->window && !parse_window(dc->window, &tc.filter)) {
		snprintf(err, errlen, "bad --trace-window '%s' (want START:END instructions, e.g. 100M:101M)",
			 dc->window);
		return false;
	}
	if (dc->log_items)
		tc.log = dc->log_file ? open_out(dc->log_file, "trace log", err, errlen) : stderr;
	if (dc->log_items && !tc.log)
		return false;
	if (dc->events_file && !(tc.events = open_out(dc->events_file, "trace events", err, errlen))) {
		if (tc.log && tc.log != stderr)
			fclose(tc.log);
		return false;
	}
	d->trace = trace_out_open(&tc);
	if (!d->trace) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	/* The observers a category needs, when its text or its events are on. */
	unsigned wanted = d->items | (!dc->events_file ? 0 : dc->event_items ? dc->event_items : ~0u);
	if (wanted & HVSIM_LOG_MMIO) {
		vm->mem.mmio_observer = on_mmio;
		vm->mem.mmio_opaque = d;
	}
	if (wanted & HVSIM_LOG_HOST) {
		vm->mem.host_observer = on_host_access;
		vm->mem.host_opaque = d;
	}
	if ((wanted & HVSIM_LOG_MEMATTR) && !mem_add_listener(&vm->mem, on_transition, d)) {
		snprintf(err, errlen, "too many page-transition listeners");
		return false;
	}
	if (d->items & HVSIM_LOG_IN_ASM)
		d->hooks.block_decoded = on_block_decoded;
	if (d->items & (HVSIM_LOG_EXEC | HVSIM_LOG_CPU))
		d->hooks.block_exec = on_block_exec;
	if (d->items & HVSIM_LOG_INSN)
		d->hooks.insn_exec = on_insn;
	if (d->items & TRACE_BLOCK_ITEMS) {
		/* Blocks decoded before tracing was set up would never show in in_asm. */
		core_cache_flush(&vm->cache);
	}
	return true;
}

int hvsim_vm_debug(struct hvsim_vm *vm, const struct hvsim_debug_config *dc, char *err,
		   size_t errlen)
{
	if (!HVSIM_TRACE) {
		snprintf(err, errlen, "this hvsim was built without debugging and tracing (HVSIM_TRACE=OFF)");
		return HVSIM_ERROR;
	}
	if (vm->dbg) {
		snprintf(err, errlen, "debugging is already set up");
		return HVSIM_BAD_INPUT;
	}
	struct machine_debug *d = calloc(1, sizeof(*d));
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	d->vm = vm;
	d->isa = vm->board->debug_isa();
	d->hooks.watch_after = d->isa->watch_after;
	d->n_abis = hv_path_abis(&vm->hv, d->abis, MAX_ABIS);
	if (d->n_abis > MAX_ABIS) {
		snprintf(err, errlen, "the machine speaks more hypercall ABIs than statistics can count");
		free(d);
		return HVSIM_ERROR;
	}
	d->items = dc->log_items;
	vm->dbg = d;   /* from here, machine_debug_free undoes a partial set-up */
	if (dc->symbols) {
		char why[256];
		d->syms = symtab_load(dc->symbols, why, sizeof(why));
		if (!d->syms && !dc->symbols_optional) {
			snprintf(err, errlen, "%s", why);
			goto fail;
		}
	}
	if (dc->counters && !setup_counters(d, vm->n_cpus)) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((dc->log_items || dc->events_file) && !setup_trace(d, dc, err, errlen))
		goto fail;
	if (d->counts || (d->trace && ((d->items & (HVSIM_LOG_INT | HVSIM_LOG_MMU)) || dc->events_file)))
		d->hooks.exception = on_exception;
	if (dc->gdb) {
		struct gdb_target t = {
			.isa = d->isa, .hooks = &d->hooks, .cache = &vm->cache, .mem = &vm->mem,
			.syms = d->syms, .opaque = vm, .vcpu_on = vcpu_on, .kill = kill_guest,
			.interrupted = &vm->signal,
		};
		d->gdb = gdbstub_open(dc->gdb, &t, err, errlen);
		if (!d->gdb)
			goto fail;
		d->gdb_wait = dc->gdb_wait;
	}
	if (d->counts || d->trace) {
		vm->hv.observe = on_hypercall;
		vm->hv.observe_opaque = d;
	}
	for (int i = 0; i < vm->n_cpus; i++)
		vm->cpus[i]->hooks = &d->hooks;
	return 0;
fail:
	machine_debug_free(vm);
	return HVSIM_BAD_INPUT;
}

void machine_debug_device_broken(struct hvsim_vm *vm, const char *device, uint64_t base,
				 const char *why)
{
	struct machine_debug *d = vm->dbg;
	if (d->trace)
		trace_device_broken(d->trace, d->cur ? d->cur : vm->cpus[0], device, base, why);
}

void machine_debug_free(struct hvsim_vm *vm)
{
	struct machine_debug *d = vm->dbg;
	if (!d)
		return;
	gdbstub_close(d->gdb, vm->result.status);
	trace_out_close(d->trace);
	symtab_free(d->syms);
	if (vm->mem.mmio_opaque == d)
		vm->mem.mmio_observer = NULL;
	if (vm->mem.host_opaque == d)
		vm->mem.host_observer = NULL;
	if (vm->hv.observe_opaque == d)
		vm->hv.observe = NULL;
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpus[i])
			vm->cpus[i]->hooks = NULL;
	for (int i = 0; d->counts && i < vm->n_cpus; i++)
		for (size_t a = 0; a < d->n_abis; a++)
			free(d->counts[i].hc[a]);
	for (size_t a = 0; a < d->n_abis; a++) {
		for (size_t s = 0; d->hc_names[a] && s < hc_slots(d->abis[a]); s++)
			free(d->hc_names[a][s]);
		free(d->hc_names[a]);
	}
	for (size_t i = 0; i < d->n_unknown; i++) {
		free(d->unknown[i].name);
		free(d->unknown[i].per_vcpu);
	}
	free(d->unknown);
	free(d->counts);
	free(d);
	vm->dbg = NULL;
}

/* ------------------------------------------------------------ statistics */

static uint64_t exceptions_of(const struct vcpu_counts *c)
{
	uint64_t n = 0;
	for (int k = 0; k < CORE_EXC_KINDS; k++)
		for (int s = 0; s < EXC_SLOTS; s++)
			n += c->exc[k][s];
	return n;
}

int hvsim_vcpu_stats(struct hvsim_vm *vm, int vcpu, struct hvsim_vcpu_stats *st)
{
	if (vcpu < -1 || vcpu >= vm->n_cpus)
		return -1;
	struct machine_debug *d = vm->dbg;
	struct vcpu_counts *counts = d ? d->counts : NULL;
	memset(st, 0, sizeof(*st));
	for (int i = vcpu < 0 ? 0 : vcpu; i < (vcpu < 0 ? vm->n_cpus : vcpu + 1); i++) {
		const struct core_vcpu *v = vm->cpus[i];
		st->insns += v->insns;
		if (v->cycles > st->cycles)
			st->cycles = v->cycles;
		if (!counts) {
			st->exceptions += v->n_exceptions;
			continue;
		}
		st->exceptions += exceptions_of(&counts[i]);
		for (size_t a = 0; a < d->n_abis; a++)
			for (size_t s = 0; s < hc_slots(d->abis[a]); s++) {
				st->hypercalls += counts[i].hc[a][s].n;
				st->hypercall_cycles += counts[i].hc[a][s].cycles;
			}
		for (size_t u = 0; u < d->n_unknown; u++) {
			st->hypercalls += d->unknown[u].per_vcpu[i].n;
			st->hypercall_cycles += d->unknown[u].per_vcpu[i].cycles;
		}
	}
	if (!counts && vcpu < 0)
		st->hypercalls = vm->hv.n_calls;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct hvsim_counter *)a)->name, ((const struct hvsim_counter *)b)->name);
}

/* Add (name, count, cycles) to list, merging equal names. */
static void tally(struct hvsim_counter *list, size_t *n, const char *name, uint64_t count,
		  uint64_t cycles)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(list[i].name, name)) {
			list[i].count += count;
			list[i].cycles += cycles;
			return;
		}
	list[(*n)++] = (struct hvsim_counter){ name, count, cycles };
}

size_t hvsim_vm_counters(struct hvsim_vm *vm, int vcpu, enum hvsim_counter_kind kind,
			 struct hvsim_counter *out, size_t max)
{
	struct machine_debug *d = vm->dbg;
	if (vcpu < -1 || vcpu >= vm->n_cpus)
		return 0;
	if (kind == HVSIM_COUNT_FAULTS)
		return machine_faults_counters(vm, vcpu, out, max);
	if (!d || !d->counts)
		return 0;
	size_t cap = CORE_EXC_KINDS * EXC_SLOTS + d->n_unknown, n = 0;
	for (size_t a = 0; a < d->n_abis; a++)
		cap += hc_slots(d->abis[a]);
	struct hvsim_counter *list = calloc(cap, sizeof(*list));
	if (!list)
		return 0;
	for (int i = vcpu < 0 ? 0 : vcpu; i < (vcpu < 0 ? vm->n_cpus : vcpu + 1); i++) {
		const struct vcpu_counts *c = &d->counts[i];
		if (kind == HVSIM_COUNT_EXCEPTIONS) {
			for (int k = 0; k < CORE_EXC_KINDS; k++)
				for (int s = 0; s < EXC_SLOTS; s++)
					if (c->exc[k][s])
						tally(list, &n, c->exc_name[k][s], c->exc[k][s], 0);
		} else {
			for (size_t a = 0; a < d->n_abis; a++)
				for (size_t s = 0; s < hc_slots(d->abis[a]); s++)
					if (c->hc[a][s].n)
						tally(list, &n, d->hc_names[a][s], c->hc[a][s].n,
						      c->hc[a][s].cycles);
			for (size_t u = 0; u < d->n_unknown; u++)
				if (d->unknown[u].per_vcpu[i].n)
					tally(list, &n, d->unknown[u].name, d->unknown[u].per_vcpu[i].n,
					      d->unknown[u].per_vcpu[i].cycles);
		}
	}
	qsort(list, n, sizeof(*list), by_name);
	memcpy(out, list, (n < max ? n : max) * sizeof(*list));
	free(list);
	return n;
}
