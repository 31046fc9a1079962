/*
 * Text traces and trace events. Every line and record is a function of the
 * guest's deterministic state (virtual time, instruction counts, addresses),
 * never of the host's, so two runs of one command line trace byte for byte
 * the same.
 *
 * Text lines start with the item and "cpuN @CYCLES #INSNS": the vCPU's
 * virtual time and retired instructions. Trace events (the Chrome JSON
 * object format, which Perfetto reads) put each vCPU on a track (pid 1,
 * tid = vCPU) and the host on one more; timestamps are virtual microseconds.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "hvsim/hvsim.h"
#include "hv/fault.h"
#include "machine/trace_out.h"

struct trace_out {
	struct trace_out_config cfg;
	bool first_event;          /* no comma before the first trace event */
	int64_t shared_pages;      /* kept by the transitions, for the "shared pages" counter track */
};

static bool want(const struct trace_out *t, unsigned item)
{
	return (t->cfg.items & item) && t->cfg.log;
}

uint64_t trace_out_total_insns(const struct trace_out *t)
{
	uint64_t n = 0;
	for (int i = 0; i < t->cfg.cache->n_vcpus; i++)
		n += t->cfg.cache->vcpus[i]->insns;
	return n;
}

const struct trace_filter *trace_out_filter(const struct trace_out *t)
{
	return &t->cfg.filter;
}

static bool in_window(const struct trace_out *t)
{
	const struct trace_filter *f = &t->cfg.filter;
	if (f->win_start == 0 && f->win_end == UINT64_MAX)
		return true;
	uint64_t n = trace_out_total_insns(t);
	return n >= f->win_start && n < f->win_end;
}

static bool pc_ok(const struct trace_out *t, uint64_t pc)
{
	const struct trace_filter *f = &t->cfg.filter;
	if (!f->n_ranges)
		return true;
	for (size_t i = 0; i < f->n_ranges; i++)
		if (pc >= f->ranges[i].lo && pc <= f->ranges[i].hi)
			return true;
	return false;
}

/* "  <sym+0x10>" or "" */
static const char *sym(const struct trace_out *t, uint64_t addr, char *buf, size_t len)
{
	char s[160];
	symtab_format(t->cfg.syms, addr, s, sizeof(s));
	snprintf(buf, len, "%s%s%s", *s ? " <" : "", s, *s ? ">" : "");
	return buf;
}

/* The common start of a text line: item, vCPU, virtual time, instructions. */
static void line_head(struct trace_out *t, const char *item, const struct core_vcpu *v,
		      uint64_t cycles, uint64_t insns)
{
	fprintf(t->cfg.log, "%s: cpu%d @%" PRIu64 " #%" PRIu64, item, v->index, cycles, insns);
}

/* ------------------------------------------------------- trace events */

/* Virtual time in microseconds with nanosecond digits: exact, no float. */
static void ev_ts(struct trace_out *t, const char *key, uint64_t cycles)
{
	unsigned __int128 ns = (unsigned __int128)cycles * 1000000000u / t->cfg.cycle_hz;
	fprintf(t->cfg.events, "\"%s\":%" PRIu64 ".%03u", key, (uint64_t)(ns / 1000),
		(unsigned)(ns % 1000));
}

/* Open one event record; the caller adds ",\"args\":{...}" and closes it with ev_end. */
static void ev_begin(struct trace_out *t, const char *name, const char *cat, const char *ph,
		     int tid, uint64_t cycles)
{
	FILE *f = t->cfg.events;
	fprintf(f, "%s\n{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"%s\",", t->first_event ? "" : ",",
		name, cat, ph);
	t->first_event = false;
	ev_ts(t, "ts", cycles);
	fprintf(f, ",\"pid\":1,\"tid\":%d", tid);
	if (!strcmp(ph, "i"))
		fprintf(f, ",\"s\":\"t\"");
}

static void ev_end(struct trace_out *t)
{
	fputc('}', t->cfg.events);
}

static void ev_meta(struct trace_out *t, const char *what, int tid, const char *name)
{
	fprintf(t->cfg.events, "%s\n{\"name\":\"%s\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,"
		"\"args\":{\"name\":\"%s\"}}", t->first_event ? "" : ",", what, tid, name);
	t->first_event = false;
}

/* Trace events of this category (an HVSIM_LOG_* bit) are wanted. */
static bool events_on(const struct trace_out *t, unsigned item)
{
	return t->cfg.events && (!t->cfg.event_items || (t->cfg.event_items & item));
}

/*
 * Perfetto's counter track of shared pages ("ph":"C"): where the page map
 * shows the end, this shows how the guest got there (pKVM's MEM_SHARE of
 * its DMA pool, SNP's and TDX's conversions).
 */
static void shared_counter(struct trace_out *t, uint64_t cycles)
{
	if (!events_on(t, HVSIM_LOG_MEMATTR))
		return;
	ev_begin(t, "shared pages", "memattr", "C", 0, cycles);
	fprintf(t->cfg.events, ",\"args\":{\"shared\":%" PRId64 "}", t->shared_pages);
	ev_end(t);
}

/* ---------------------------------------------------------- open/close */

struct trace_out *trace_out_open(const struct trace_out_config *cfg)
{
	struct trace_out *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->cfg = *cfg;
	t->first_event = true;
	if (t->cfg.events) {
		fprintf(t->cfg.events, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
		ev_meta(t, "process_name", 0, "hvsim (virtual time)");
		for (int i = 0; i < cfg->cache->n_vcpus; i++) {
			char name[32];
			snprintf(name, sizeof(name), "vCPU %d", i);
			ev_meta(t, "thread_name", i, name);
		}
		ev_meta(t, "thread_name", cfg->cache->n_vcpus, "host");
	}
	uint64_t owners[MEM_OWNER_COUNT];
	mem_count_owners(cfg->cache->mem, owners);
	t->shared_pages = (int64_t)owners[MEM_SHARED];
	shared_counter(t, 0);
	return t;
}

void trace_out_close(struct trace_out *t)
{
	if (!t)
		return;
	if (t->cfg.events) {
		fprintf(t->cfg.events, "\n]}\n");
		fclose(t->cfg.events);
	}
	if (t->cfg.log && t->cfg.log != stderr)
		fclose(t->cfg.log);
	else if (t->cfg.log)
		fflush(t->cfg.log);
	free(t);
}

/* ------------------------------------------------------- instructions */

/* The bytes of the op at pc: its raw encoding for short ones where the ISA keeps it, else guest memory. */
static size_t op_bytes(struct trace_out *t, struct core_vcpu *v, const struct core_op *op,
		       uint64_t pc, uint8_t *buf, size_t len)
{
	if (op->len <= sizeof(op->insn) && !t->cfg.isa->op_insn_not_raw) {
		memcpy(buf, &op->insn, sizeof(op->insn));
		return op->len;
	}
	size_t n = op->len < len ? op->len : len;
	return core_debug_read(v, t->cfg.isa, pc, buf, n, false);
}

/* "0x...:  d53800a0  mrs x0, mpidr_el1" */
static void print_insn(struct trace_out *t, struct core_vcpu *v, const struct core_op *op,
		       uint64_t pc)
{
	uint8_t bytes[16];
	size_t n = op_bytes(t, v, op, pc, bytes, sizeof(bytes));
	char text[128];
	t->cfg.isa->disasm(v, pc, bytes, n, text, sizeof(text));
	fprintf(t->cfg.log, "0x%016" PRIx64 ":  ", pc);
	if (op->len == 4 && !t->cfg.isa->op_insn_not_raw) {
		uint32_t w;
		memcpy(&w, bytes, 4);
		fprintf(t->cfg.log, "%08x", w);
	} else {
		for (size_t i = 0; i < n; i++)
			fprintf(t->cfg.log, "%02x", bytes[i]);
	}
	fprintf(t->cfg.log, "  %s", text);
}

void trace_block_decoded(struct trace_out *t, struct core_vcpu *v, const struct core_block *b)
{
	/* Called before block_va is set for this block: it starts at pc. */
	uint64_t va = v->pc;
	if (!want(t, HVSIM_LOG_IN_ASM) || !pc_ok(t, va) || !in_window(t))
		return;
	char s[200];
	line_head(t, "in_asm", v, v->cycles, v->insns);
	fprintf(t->cfg.log, " %s%u 0x%016" PRIx64 " pa 0x%" PRIx64 " %u insns%s\n",
		t->cfg.isa->level_prefix, t->cfg.isa->level(v), va, b->pa, b->n_ops,
		sym(t, va, s, sizeof(s)));
	for (unsigned i = 0; i < b->n_ops; i++) {
		uint64_t off;
		uint64_t pc = va + b->ops[i].off;
		const char *name = symtab_lookup(t->cfg.syms, pc, &off);
		if (i && name && off == 0)
			fprintf(t->cfg.log, "  <%s>:\n", name);
		fputs("  ", t->cfg.log);
		print_insn(t, v, &b->ops[i], pc);
		fputc('\n', t->cfg.log);
	}
}

/* The general registers (the ISA's first feature), four to a line. */
static void print_regs(struct trace_out *t, struct core_vcpu *v)
{
	const struct core_debug_isa *isa = t->cfg.isa;
	unsigned col = 0;
	for (size_t i = 0; i < isa->n_regs; i++) {
		const struct core_reg *r = &isa->regs[i];
		uint64_t val = 0;
		if (r->feature != 0 || r->bits > 64 || !r->get(v, r, &val))
			continue;
		fprintf(t->cfg.log, "%s%5s=%016" PRIx64, col ? " " : "  ", r->name, val);
		if (++col == 4) {
			fputc('\n', t->cfg.log);
			col = 0;
		}
	}
	if (col)
		fputc('\n', t->cfg.log);
}

void trace_block_exec(struct trace_out *t, struct core_vcpu *v, const struct core_block *b)
{
	if (!want(t, HVSIM_LOG_EXEC | HVSIM_LOG_CPU) || !pc_ok(t, v->block_va) || !in_window(t))
		return;
	char s[200];
	if (want(t, HVSIM_LOG_EXEC)) {
		line_head(t, "exec", v, v->cycles, v->insns);
		fprintf(t->cfg.log, " %s%u 0x%016" PRIx64 "%s\n", t->cfg.isa->level_prefix,
			t->cfg.isa->level(v), v->block_va, sym(t, v->block_va, s, sizeof(s)));
	}
	if (want(t, HVSIM_LOG_CPU))
		print_regs(t, v);
}

void trace_insn(struct trace_out *t, struct core_vcpu *v, const struct core_block *b, unsigned i)
{
	const struct core_op *op = &b->ops[i];
	uint64_t pc = v->block_va + op->off;
	if (!want(t, HVSIM_LOG_INSN) || !pc_ok(t, pc) || !in_window(t))
		return;
	/* The block was precharged: this op starts where the ops before it end. */
	uint32_t cum = core_block_cum(b, i);
	char s[200];
	line_head(t, "insn", v, v->cycles - b->cost + cum, v->insns - b->n_ops + i);
	fprintf(t->cfg.log, " %s%u ", t->cfg.isa->level_prefix, t->cfg.isa->level(v));
	print_insn(t, v, op, pc);
	fprintf(t->cfg.log, "%s\n", sym(t, pc, s, sizeof(s)));
}

/* ---------------------------------------------------------- rare events */

void trace_exception(struct trace_out *t, struct core_vcpu *v, const struct core_exc_rec *r)
{
	if (!pc_ok(t, r->ret_pc) || !in_window(t))
		return;
	const struct core_debug_isa *isa = t->cfg.isa;
	const char *name = isa->exc_name(r);
	const char *lp = isa->level_prefix;
	char fault[128], s1[200], s2[200];
	bool is_fault = isa->exc_fault(r, fault, sizeof(fault));
	if (want(t, HVSIM_LOG_INT)) {
		line_head(t, "int", v, v->cycles, v->insns);
		fprintf(t->cfg.log, " %s%u->%s%u %s", lp, r->from_level, lp, r->to_level, name);
		if (r->kind == CORE_EXC_SYNC)
			fprintf(t->cfg.log, " syndrome=0x%" PRIx64, r->syndrome);
		if (is_fault)
			fprintf(t->cfg.log, " addr=0x%" PRIx64, r->fault_addr);
		fprintf(t->cfg.log, " ret=0x%" PRIx64 "%s vector=0x%" PRIx64 "%s\n", r->ret_pc,
			sym(t, r->ret_pc, s1, sizeof(s1)), r->vector, sym(t, r->vector, s2, sizeof(s2)));
	}
	if (is_fault && want(t, HVSIM_LOG_MMU)) {
		line_head(t, "mmu", v, v->cycles, v->insns);
		fprintf(t->cfg.log, " %s%u %s at 0x%" PRIx64 " (%s) pc=0x%" PRIx64 "%s\n", lp,
			r->from_level, fault, r->fault_addr, name, r->ret_pc,
			sym(t, r->ret_pc, s1, sizeof(s1)));
	}
	if (events_on(t, HVSIM_LOG_INT)) {
		ev_begin(t, name, is_fault ? "fault" : "exception", "i", v->index, v->cycles);
		fprintf(t->cfg.events, ",\"args\":{\"from\":\"%s%u\",\"to\":\"%s%u\",\"syndrome\":\"0x%"
			PRIx64 "\",\"ret\":\"0x%" PRIx64 "\"", lp, r->from_level, lp, r->to_level,
			r->syndrome, r->ret_pc);
		if (is_fault)
			fprintf(t->cfg.events, ",\"addr\":\"0x%" PRIx64 "\",\"fault\":\"%s\"",
				r->fault_addr, fault);
		symtab_format(t->cfg.syms, r->ret_pc, s1, sizeof(s1));
		if (*s1)
			fprintf(t->cfg.events, ",\"sym\":\"%s\"", s1);
		fputc('}', t->cfg.events);
		ev_end(t);
	}
}

void trace_hypercall(struct trace_out *t, struct core_vcpu *v, const struct hv_call *call,
		     const char *name, uint64_t pc, uint64_t start, uint64_t cost)
{
	if (!pc_ok(t, pc) || !in_window(t))
		return;
	char s[200];
	/* The function id's register, then up to four arguments, named as the ISA names them. */
	const struct core_debug_isa *isa = t->cfg.isa;
	unsigned n_args = call->abi ? call->abi->n_args : 0, n_res = call->abi ? call->abi->n_results : 0;
	if (n_args > isa->n_hcall_regs)
		n_args = isa->n_hcall_regs;
	if (n_args > 5)
		n_args = 5;
	if (want(t, HVSIM_LOG_HCALL)) {
		line_head(t, "hcall", v, start, v->insns);
		fprintf(t->cfg.log, " %s%d %s %s(0x%08" PRIx64 ")", isa->level_prefix, call->level,
			call->conduit_name, name, call->fn);
		for (unsigned i = 1; i < n_args; i++)
			fprintf(t->cfg.log, " %s=0x%" PRIx64, isa->hcall_regs[i], call->a[i]);
		fprintf(t->cfg.log, " -> 0x%" PRIx64, call->r[0]);
		for (unsigned i = 1; i < n_res && i < 4; i++)
			if (call->r[i])
				fprintf(t->cfg.log, " r%u=0x%" PRIx64, i, call->r[i]);
		fprintf(t->cfg.log, " [%" PRIu64 " cycles] pc=0x%" PRIx64 "%s\n", cost, pc,
			sym(t, pc, s, sizeof(s)));
	}
	if (events_on(t, HVSIM_LOG_HCALL)) {
		ev_begin(t, name, "hypercall", "X", v->index, start);
		fputc(',', t->cfg.events);
		ev_ts(t, "dur", cost);
		fprintf(t->cfg.events, ",\"args\":{\"fn\":\"0x%08" PRIx64 "\",\"conduit\":\"%s\"",
			call->fn, call->conduit_name);
		for (unsigned i = 1; i < n_args; i++)
			fprintf(t->cfg.events, ",\"%s\":\"0x%" PRIx64 "\"", isa->hcall_regs[i], call->a[i]);
		fprintf(t->cfg.events, ",\"result\":\"0x%" PRIx64 "\"}", call->r[0]);
		ev_end(t);
	}
}

void trace_mmio(struct trace_out *t, struct core_vcpu *v, const struct mem_region *r, uint64_t pa,
		unsigned size, bool is_write, uint64_t val)
{
	if (!v || !in_window(t))
		return;
	if (want(t, HVSIM_LOG_MMIO)) {
		line_head(t, "mmio", v, v->cycles, v->insns);
		fprintf(t->cfg.log, " %s %s+0x%" PRIx64 " (0x%" PRIx64 ") size %u %s 0x%" PRIx64 "\n",
			is_write ? "write" : "read", r->name, pa - r->base, pa, size,
			is_write ? "<-" : "->", val);
	}
	if (events_on(t, HVSIM_LOG_MMIO)) {
		char name[64];
		snprintf(name, sizeof(name), "%s %s", r->name, is_write ? "write" : "read");
		ev_begin(t, name, "mmio", "i", v->index, v->cycles);
		fprintf(t->cfg.events, ",\"args\":{\"offset\":\"0x%" PRIx64 "\",\"size\":%u,"
			"\"value\":\"0x%" PRIx64 "\"}", pa - r->base, size, val);
		ev_end(t);
	}
}

void trace_memattr(struct trace_out *t, struct core_vcpu *v, const struct mem_transition *tr)
{
	/* The count follows every transition; the track shows those in the window. */
	if (tr->from != tr->to)
		t->shared_pages += tr->to == MEM_SHARED ? 1 : -1;
	if (!in_window(t))
		return;
	const struct core_debug_isa *isa = t->cfg.isa;
	bool guest = tr->who.kind == MEM_BY_GUEST;
	char who[32], by[32];
	if (guest) {
		snprintf(who, sizeof(who), "cpu%d", tr->who.vcpu);
		snprintf(by, sizeof(by), "%s%d", isa->level_prefix, tr->who.level);
	} else {
		snprintf(who, sizeof(who), "host");
		snprintf(by, sizeof(by), "host");
	}
	/* A guest's transition is on its vCPU's time; the host's on the running vCPU's. */
	struct core_vcpu *clock = guest && tr->who.vcpu >= 0 && tr->who.vcpu < t->cfg.cache->n_vcpus ?
				  t->cfg.cache->vcpus[tr->who.vcpu] : v;
	uint64_t cycles = clock ? clock->cycles : 0, insns = clock ? clock->insns : 0;
	if (want(t, HVSIM_LOG_MEMATTR)) {
		fprintf(t->cfg.log, "memattr: %s @%" PRIu64 " #%" PRIu64 " %s page 0x%" PRIx64
			" %s -> %s by %s via %s\n", who, cycles, insns, tr->name, tr->gpa,
			mem_owner_name(tr->from), mem_owner_name(tr->to), by,
			tr->who.via ? tr->who.via : "-");
	}
	if (events_on(t, HVSIM_LOG_MEMATTR)) {
		ev_begin(t, tr->name, "memattr", "i", guest ? tr->who.vcpu : t->cfg.cache->n_vcpus,
			 cycles);
		fprintf(t->cfg.events, ",\"args\":{\"page\":\"0x%" PRIx64 "\",\"from\":\"%s\","
			"\"to\":\"%s\",\"by\":\"%s %s\",\"via\":\"%s\"}", tr->gpa, mem_owner_name(tr->from),
			mem_owner_name(tr->to), who, by, tr->who.via ? tr->who.via : "-");
		ev_end(t);
		if (tr->from != tr->to)
			shared_counter(t, cycles);
	}
}

/* A string from the user (a rule's name) as a JSON string, escaped by json-c. */
static void json_string(FILE *f, const char *s)
{
	json_object *o = json_object_new_string(s);
	fputs(json_object_to_json_string_ext(o, JSON_C_TO_STRING_NOSLASHESCAPE), f);
	json_object_put(o);
}

void trace_fault(struct trace_out *t, struct core_vcpu *v, const struct hv_fault_event *e)
{
	uint64_t cycles = v ? v->cycles : 0;
	if (want(t, HVSIM_LOG_FAULT)) {
		fprintf(t->cfg.log, "fault: %s%d @%" PRIu64 " #%" PRIu64 " %s: %s %s (rule %s, fault %" PRIu64
			")\n", e->vcpu < 0 ? "host" : "cpu", e->vcpu < 0 ? 0 : e->vcpu, cycles, e->insns,
			e->target, e->action, e->detail, e->rule_name, e->seq);
	}
	if (events_on(t, HVSIM_LOG_FAULT)) {
		char name[96];
		snprintf(name, sizeof(name), "%s %s", e->action, e->target);
		ev_begin(t, name, "fault", "i", e->vcpu < 0 ? t->cfg.cache->n_vcpus : e->vcpu, cycles);
		fprintf(t->cfg.events, ",\"args\":{\"rule\":");
		json_string(t->cfg.events, e->rule_name);
		fprintf(t->cfg.events, ",\"detail\":");
		json_string(t->cfg.events, e->detail);
		fprintf(t->cfg.events, ",\"seq\":%" PRIu64 "}", e->seq);
		ev_end(t);
	}
}

static const char *const host_outcome[] = {
	[MEM_HOST_PLAIN] = "shared",
	[MEM_HOST_CIPHERTEXT] = "ciphertext (a private page)",
	[MEM_HOST_REFUSED] = "refused: a private page (host-access violation)",
	[MEM_HOST_NOWHERE] = "not guest memory",
};

void trace_host(struct trace_out *t, struct core_vcpu *v, uint64_t gpa, size_t len, bool is_write,
		enum mem_host_outcome how)
{
	if (!in_window(t))
		return;
	uint64_t cycles = v ? v->cycles : 0, insns = v ? v->insns : 0;
	const char *op = is_write ? "write" : "read";
	if (want(t, HVSIM_LOG_HOST))
		fprintf(t->cfg.log, "host: @%" PRIu64 " #%" PRIu64 " %s 0x%" PRIx64 " len %zu: %s\n",
			cycles, insns, op, gpa, len, host_outcome[how]);
	if (events_on(t, HVSIM_LOG_HOST)) {
		char name[64];
		snprintf(name, sizeof(name), "host %s%s", op, how == MEM_HOST_REFUSED ? " violation" : "");
		ev_begin(t, name, how == MEM_HOST_REFUSED ? "violation" : "host", "i",
			 t->cfg.cache->n_vcpus, cycles);
		fprintf(t->cfg.events, ",\"args\":{\"gpa\":\"0x%" PRIx64 "\",\"len\":%zu,\"outcome\":\"%s\"}",
			gpa, len, host_outcome[how]);
		ev_end(t);
	}
}

void trace_device_broken(struct trace_out *t, struct core_vcpu *v, const char *device,
			 uint64_t base, const char *why)
{
	if (!v)
		return;
	const char *what = why ? why : "reset by the driver";
	if (t->cfg.log) {
		line_head(t, "device", v, v->cycles, v->insns);
		fprintf(t->cfg.log, " %s at 0x%" PRIx64 " %s: %s\n", device, base,
			why ? "needs a reset" : "recovered", what);
	}
	if (events_on(t, HVSIM_LOG_HOST)) {
		char name[96];
		snprintf(name, sizeof(name), "%s %s", device, why ? "needs reset" : "reset");
		ev_begin(t, name, "device", "i", t->cfg.cache->n_vcpus, v->cycles);
		fprintf(t->cfg.events, ",\"args\":{\"base\":\"0x%" PRIx64 "\",\"why\":", base);
		json_string(t->cfg.events, what);
		fputs("}", t->cfg.events);
		ev_end(t);
	}
}
