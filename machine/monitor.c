/*
 * The monitor: QEMU's human monitor (HMP) and its machine protocol (QMP,
 * docs/interop/qmp-spec in QEMU's tree: a greeting, capabilities
 * negotiation, {"execute": ...} in, {"return": ...} / {"error": ...} and
 * timestamped events out), so that people and the tools and test
 * frameworks written for QEMU can drive hvsim.
 *
 * Commands run only where the run loop calls machine_monitor_poll (between
 * quanta, or while the VM is stopped or idle), never while a vCPU runs, so
 * a command sees the machine exactly as it is. A run without a monitor
 * never gets here: its cycles are those of a build without this file.
 */
#define _GNU_SOURCE   /* accept4 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <png.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "dev/fb.h"
#include "machine/listen.h"
#include "machine/machine.h"

/* ------------------------------------------------------------- output */

/* A growing text buffer: what a command prints, before it goes to a client. */
struct obuf {
	char *s;
	size_t n, cap;
};

static void ob_add(struct obuf *o, const char *s, size_t len)
{
	if (o->n + len + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 256;
		while (cap < o->n + len + 1)
			cap *= 2;
		char *p = realloc(o->s, cap);
		if (!p)
			return;   /* out of memory: the text is cut, the command still runs */
		o->s = p;
		o->cap = cap;
	}
	memcpy(o->s + o->n, s, len);
	o->n += len;
	o->s[o->n] = 0;
}

static void __attribute__((format(printf, 2, 3))) ob_printf(struct obuf *o, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		ob_add(o, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* QEMU's monitor ends its lines with CR LF on sockets and in human-monitor-command. */
static void ob_crlf(struct obuf *dst, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			ob_add(dst, "\r", 1);
		ob_add(dst, &s[i], 1);
	}
}

/* ----------------------------------------------------------- channels */

#define HMP_PROMPT "(qemu) "   /* what scripts written for QEMU wait for */
#define LINE_MAX_IN 4096

/* A listening socket and its one client (QEMU serves one client per monitor too). */
struct chan {
	const char *option;          /* "-monitor", "-qmp": for messages */
	bool qmp;
	int listen_fd, fd;
	char where[160];             /* "unix:/tmp/q.sock", "tcp:127.0.0.1:4444" */
	char unix_path[108];         /* removed when hvsim ends */
	bool wait;                   /* wait for the first client before the run */
	char in[LINE_MAX_IN];        /* HMP: the line being typed */
	size_t in_n;
	json_tokener *tok;           /* QMP: the object being received */
	bool negotiated;             /* QMP: qmp_capabilities done; events flow */
	bool oob;                    /* QMP: the client enabled "oob" (exec-oob allowed) */
};

struct machine_monitor {
	struct hvsim_vm *vm;
	struct chan chans[2];        /* HMP, QMP */
	int n_chans;
	/* The human monitor on the console (Ctrl-A c, -monitor stdio). */
	void (*console_text)(void *opaque, const char *text, size_t len);
	void *console_opaque;
	bool console_echo;
	char line[LINE_MAX_IN];
	size_t line_n;
	bool last_cr;                /* a CR ended the line: the LF after it is not another */
	int cur_cpu;                 /* the CPU that info registers and x use (HMP's `cpu N`) */
	bool prelaunch;              /* -S: stopped before the first instruction, until `cont` */
	bool shutdown_sent;          /* the SHUTDOWN event went out (quit sends it at once) */
};

static void chan_send(struct chan *c, const char *s, size_t len)
{
	while (c->fd >= 0 && len) {
		ssize_t n = send(c->fd, s, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* The client went away: the next one may connect. */
			close(c->fd);
			c->fd = -1;
			return;
		}
		s += n;
		len -= (size_t)n;
	}
}

/* ------------------------------------------------------------ QMP out */

/*
 * JSON as QEMU writes it (", " and ": " separators, members in insertion
 * order): clients parse it anyway, but people compare it by eye.
 */
static void json_write(struct obuf *o, struct json_object *j)
{
	if (json_object_is_type(j, json_type_object)) {
		ob_add(o, "{", 1);
		bool first = true;
		json_object_object_foreach(j, key, val) {
			if (!first)
				ob_add(o, ", ", 2);
			first = false;
			struct json_object *k = json_object_new_string(key);
			json_write(o, k);
			json_object_put(k);
			ob_add(o, ": ", 2);
			json_write(o, val);
		}
		ob_add(o, "}", 1);
	} else if (json_object_is_type(j, json_type_array)) {
		ob_add(o, "[", 1);
		for (size_t i = 0; i < json_object_array_length(j); i++) {
			if (i)
				ob_add(o, ", ", 2);
			json_write(o, json_object_array_get_idx(j, i));
		}
		ob_add(o, "]", 1);
	} else {
		const char *s = json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN |
								     JSON_C_TO_STRING_NOSLASHESCAPE);
		ob_add(o, s, strlen(s));
	}
}

/* Send one QMP message (consumes j). */
static void qmp_send(struct chan *c, struct json_object *j)
{
	struct obuf o = { 0 };
	json_write(&o, j);
	ob_add(&o, "\r\n", 2);
	chan_send(c, o.s, o.n);
	free(o.s);
	json_object_put(j);
}

static struct chan *qmp_chan(struct machine_monitor *m)
{
	for (int i = 0; i < m->n_chans; i++)
		if (m->chans[i].qmp)
			return &m->chans[i];
	return NULL;
}

/* An event to the QMP client, if one has negotiated: host time, as QEMU stamps them. */
static void qmp_event(struct machine_monitor *m, const char *name, struct json_object *data)
{
	struct chan *c = qmp_chan(m);
	if (!c || c->fd < 0 || !c->negotiated) {
		json_object_put(data);
		return;
	}
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct json_object *ev = json_object_new_object(), *ts = json_object_new_object();
	json_object_object_add(ts, "seconds", json_object_new_int64(tv.tv_sec));
	json_object_object_add(ts, "microseconds", json_object_new_int64(tv.tv_usec));
	json_object_object_add(ev, "timestamp", ts);
	json_object_object_add(ev, "event", json_object_new_string(name));
	if (data)
		json_object_object_add(ev, "data", data);
	qmp_send(c, ev);
}

static void shutdown_event(struct machine_monitor *m, bool guest, const char *reason)
{
	if (m->shutdown_sent)
		return;
	m->shutdown_sent = true;
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "guest", json_object_new_boolean(guest));
	json_object_object_add(d, "reason", json_object_new_string(reason));
	qmp_event(m, "SHUTDOWN", d);
}

/* ---------------------------------------------------- shared actions */

static void do_stop(struct machine_monitor *m)
{
	if (m->vm->paused)
		return;
	m->vm->paused = true;
	qmp_event(m, "STOP", NULL);
}

static void do_cont(struct machine_monitor *m)
{
	if (!m->vm->paused)
		return;
	m->vm->paused = false;
	m->prelaunch = false;
	qmp_event(m, "RESUME", NULL);
}

static void do_quit(struct machine_monitor *m)
{
	/* QEMU names this cause for HMP's quit as for QMP's. */
	shutdown_event(m, false, "host-qmp-quit");
	vm_stop(m->vm, HVSIM_OK, "quit from the monitor");
	m->vm->paused = false;
}

/* Why system_powerdown cannot act (false: it can): the board has no power button. */
static bool no_power_button(struct machine_monitor *m, char *msg, size_t len)
{
	if (m->vm->board->power_button)
		return false;
	const char *why = m->vm->board->no_power_button;
	snprintf(msg, len, "%s has no power button the guest could see%s%s; 'quit' ends the run",
		 m->vm->board->name, why ? ": " : "", why ? why : "");
	return true;
}

/*
 * Press the power button: the guest decides what to do (QEMU's POWERDOWN
 * event says the request went out, not that the guest acted on it).
 */
static void do_powerdown(struct machine_monitor *m)
{
	m->vm->board->power_button(m->vm);
	qmp_event(m, "POWERDOWN", NULL);
}

static bool no_reset(struct machine_monitor *m, char *msg, size_t len)
{
	return !vm_can_reset(m->vm, msg, len);
}

/*
 * Commands run between quanta: the machine resets at once (RESET goes out
 * from vm_reset). With -no-reboot QEMU turns every reset request but a
 * subsystem's into a shutdown, the monitor's too: SHUTDOWN
 * host-qmp-system-reset (before the command's reply, as QEMU's), and the
 * run ends with status 0.
 */
static void do_reset(struct machine_monitor *m)
{
	if (!m->vm->cfg.no_reboot) {
		vm_reset(m->vm, false);
		return;
	}
	shutdown_event(m, false, "host-qmp-system-reset");
	vm_stop(m->vm, HVSIM_OK, "system_reset with -no-reboot");
	m->vm->paused = false;
}

/* ------------------------------------------------------------- HMP */

struct hmp_ctx {
	struct machine_monitor *m;
	struct obuf *o;
	int argc;
	char **argv;
};

static struct core_vcpu *cur_vcpu(struct machine_monitor *m)
{
	return m->vm->cpus[m->cur_cpu];
}

static const struct core_debug_isa *isa_of(struct machine_monitor *m)
{
	return m->vm->board->debug_isa();
}

/* A register's value (up to 64 bits), for $NAME in addresses and info registers. */
static bool reg_value(struct core_vcpu *v, const struct core_reg *r, uint64_t *out)
{
	uint8_t buf[16] = { 0 };
	if (!r->get(v, r, buf))
		return false;
	uint64_t x = 0;
	for (unsigned i = 0; i < r->bits / 8 && i < 8; i++)
		x |= (uint64_t)buf[i] << (8 * i);
	*out = x;
	return true;
}

/* An address: a number (0x..., decimal) or $REGISTER of the current CPU, with +/- terms. */
static bool parse_addr(struct machine_monitor *m, const char *s, uint64_t *out)
{
	uint64_t total = 0;
	int sign = 1;
	while (*s) {
		uint64_t term;
		char *end;
		if (*s == '$') {
			size_t len = strcspn(s + 1, "+- ");
			char name[32];
			snprintf(name, sizeof(name), "%.*s", (int)len, s + 1);
			for (char *p = name; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			const struct core_debug_isa *isa = isa_of(m);
			int r = core_debug_reg_find(isa, name);
			if (r < 0 || !reg_value(cur_vcpu(m), &isa->regs[r], &term))
				return false;
			end = (char *)s + 1 + len;
		} else {
			errno = 0;
			term = strtoull(s, &end, 0);
			if (errno || end == s)
				return false;
		}
		total += sign > 0 ? term : -term;
		s = end;
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		if (*s != '+' && *s != '-')
			return false;
		sign = *s == '+' ? 1 : -1;
		s++;
		while (*s == ' ')
			s++;
	}
	*out = total;
	return true;
}

/* info registers: the general registers of one CPU, four a line, as NAME=value. */
static void show_registers(struct hmp_ctx *c, int cpu)
{
	const struct core_debug_isa *isa = isa_of(c->m);
	struct core_vcpu *v = c->m->vm->cpus[cpu];
	if (c->m->vm->n_cpus > 1)
		ob_printf(c->o, "CPU#%d\n", cpu);
	int col = 0;
	for (size_t i = 0; i < isa->n_regs; i++) {
		const struct core_reg *r = &isa->regs[i];
		uint64_t val;
		if (!r->group || strcmp(r->group, "general") || r->bits > 64 || !reg_value(v, r, &val))
			continue;
		char name[16];
		snprintf(name, sizeof(name), "%s", r->name);
		for (char *p = name; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		ob_printf(c->o, "%s%6s=%0*" PRIx64, col ? " " : "", name, r->bits / 4, val);
		if (++col == 4) {
			ob_add(c->o, "\n", 1);
			col = 0;
		}
	}
	ob_printf(c->o, "%s%s%u%s\n", col ? " " : "", isa->level_prefix, isa->level(v),
		  v->halted ? " (waiting for an interrupt)" : "");
}

static void info_registers(struct hmp_ctx *c)
{
	if (c->argc > 2 && !strcmp(c->argv[2], "-a")) {
		for (int i = 0; i < c->m->vm->n_cpus; i++)
			show_registers(c, i);
	} else {
		show_registers(c, c->m->cur_cpu);
	}
}

static void info_cpus(struct hmp_ctx *c)
{
	struct hvsim_vm *vm = c->m->vm;
	const struct core_debug_isa *isa = isa_of(c->m);
	for (int i = 0; i < vm->n_cpus; i++) {
		struct core_vcpu *v = vm->cpus[i];
		ob_printf(c->o, "%c CPU #%d: thread_id=%d pc=0x%016" PRIx64 " %s%u %s\n",
			  i == c->m->cur_cpu ? '*' : ' ', i, (int)getpid(), v->pc, isa->level_prefix,
			  isa->level(v), !vm->cpu_on[i] ? "(off)" : v->halted ? "(halted)" : "(running)");
	}
}

static int by_base(const void *a, const void *b)
{
	const struct mem_region *x = *(const struct mem_region *const *)a;
	const struct mem_region *y = *(const struct mem_region *const *)b;
	return x->base < y->base ? -1 : x->base > y->base;
}

static void info_mtree(struct hmp_ctx *c)
{
	struct mem_space *mem = &c->m->vm->mem;
	const struct mem_region *sorted[MEM_MAX_REGIONS];
	for (int i = 0; i < mem->n_regions; i++)
		sorted[i] = &mem->regions[i];
	qsort(sorted, (size_t)mem->n_regions, sizeof(sorted[0]), by_base);
	ob_printf(c->o, "address-space: memory\n");
	for (int i = 0; i < mem->n_regions; i++) {
		const struct mem_region *r = sorted[i];
		ob_printf(c->o, "  %016" PRIx64 "-%016" PRIx64 " (prio 0, %s): %s\n", r->base,
			  r->base + r->size - 1,
			  r->kind == MEM_RAM ? "ram" : r->kind == MEM_ROM ? "rom" : "i/o", r->name);
	}
}

#define PAGE_RUNS_SHOWN 64   /* runs listed per region; the rest are counted */

/* info pages: each RAM region as runs of pages in one state (the states --page-map draws). */
static void info_pages(struct hmp_ctx *c)
{
	struct mem_space *mem = &c->m->vm->mem;
	for (int i = 0; i < mem->n_regions; i++) {
		const struct mem_region *r = &mem->regions[i];
		if (r->kind == MEM_MMIO) {
			if (!r->guarded)
				continue;
			uint64_t n = 0, page0 = r->base & ~(MEM_PAGE_SIZE - 1);
			for (uint64_t p = 0; p < mem_mmio_pages(r); p++)
				n += mem_mmio_is_guarded(r, page0 + (p << MEM_PAGE_BITS));
			ob_printf(c->o, "%s (device): %" PRIu64 " pages MMIO-guarded\n", r->name, n);
			continue;
		}
		ob_printf(c->o, "%s %016" PRIx64 "-%016" PRIx64 ":\n", r->name, r->base,
			  r->base + r->size - 1);
		uint64_t pages = r->size >> MEM_PAGE_BITS, start = 0, runs = 0;
		const char *state = pages ? machine_page_state(r, 0) : NULL;
		for (uint64_t p = 1; p <= pages; p++) {
			const char *s = p < pages ? machine_page_state(r, p) : NULL;
			if (s == state)
				continue;
			if (runs++ < PAGE_RUNS_SHOWN)
				ob_printf(c->o, "  %016" PRIx64 "-%016" PRIx64 " %8" PRIu64 " pages  %s\n",
					  r->base + (start << MEM_PAGE_BITS),
					  r->base + (p << MEM_PAGE_BITS) - 1, p - start, state);
			start = p;
			state = s;
		}
		if (runs > PAGE_RUNS_SHOWN)
			ob_printf(c->o, "  ... %" PRIu64 " more runs\n", runs - PAGE_RUNS_SHOWN);
	}
	struct hvsim_stats st;
	hvsim_vm_stats(c->m->vm, &st);
	ob_printf(c->o, "pages: %" PRIu64 " private, %" PRIu64 " shared; %" PRIu64
		  " transitions; %" PRIu64 " host accesses refused\n", st.pages_private,
		  st.pages_shared, st.page_transitions, st.host_violations);
}

static void info_stats(struct hmp_ctx *c)
{
	struct hvsim_stats st;
	hvsim_vm_stats(c->m->vm, &st);
	ob_printf(c->o, "instructions      %" PRIu64 "\n", st.insns);
	ob_printf(c->o, "cycles            %" PRIu64 "\n", st.cycles);
	ob_printf(c->o, "guest time        %.6f s\n", st.guest_ns / 1e9);
	ob_printf(c->o, "exceptions        %" PRIu64 "\n", st.exceptions);
	ob_printf(c->o, "hypercalls        %" PRIu64 "\n", st.hypercalls);
	ob_printf(c->o, "blocks decoded    %" PRIu64 "\n", st.blocks_decoded);
	ob_printf(c->o, "code invalidated  %" PRIu64 "\n", st.code_invalidations);
	ob_printf(c->o, "pages private     %" PRIu64 "\n", st.pages_private);
	ob_printf(c->o, "pages shared      %" PRIu64 "\n", st.pages_shared);
	ob_printf(c->o, "page transitions  %" PRIu64 "\n", st.page_transitions);
	ob_printf(c->o, "host violations   %" PRIu64 "\n", st.host_violations);
	ob_printf(c->o, "host stopped      %.3f s\n", st.host_stopped_ns / 1e9);
}

/* QEMU's words, which scripts match. */
static void info_status(struct hmp_ctx *c)
{
	ob_printf(c->o, "VM status: %s\n", c->m->prelaunch ? "paused (prelaunch)"
					    : c->m->vm->paused ? "paused" : "running");
}

static const struct {
	const char *name, *help;
	void (*fn)(struct hmp_ctx *c);
} infos[] = {
	{ "status", "-- running or paused", info_status },
	{ "registers", "[-a] -- the current CPU's registers (-a: every CPU's)", info_registers },
	{ "cpus", "-- each CPU: where it is and whether it runs", info_cpus },
	{ "mtree", "-- the guest-physical memory map", info_mtree },
	{ "pages", "-- RAM page by page: code, shared, private, never touched", info_pages },
	{ "stats", "-- instructions, cycles, guest time, exceptions, hypercalls, pages", info_stats },
};

static void cmd_info(struct hmp_ctx *c)
{
	for (size_t i = 0; c->argc > 1 && i < sizeof(infos) / sizeof(infos[0]); i++) {
		if (!strcmp(c->argv[1], infos[i].name)) {
			infos[i].fn(c);
			return;
		}
	}
	for (size_t i = 0; i < sizeof(infos) / sizeof(infos[0]); i++)
		ob_printf(c->o, "info %s %s\n", infos[i].name, infos[i].help);
}

/*
 * x /FMT ADDR and xp: FMT is [count][format][size] as in QEMU (format x, d,
 * u, o, c or i; size b, h, w or g); each line starts with the address.
 */
static void memory_dump(struct hmp_ctx *c, bool physical)
{
	bool has_fmt = c->argc > 1 && c->argv[1][0] == '/';
	const char *fmt = has_fmt ? c->argv[1] + 1 : "";
	int first = has_fmt ? 2 : 1;   /* the address's first word */
	const char *addr_s = c->argc > first ? c->argv[first] : NULL;
	char *joined = NULL;
	/* An address written with spaces ("$sp + 16") is one argument. */
	if (c->argc > first + 1) {
		size_t len = 0;
		for (int i = first; i < c->argc; i++)
			len += strlen(c->argv[i]) + 1;
		joined = calloc(1, len + 1);
		for (int i = first; joined && i < c->argc; i++)
			strcat(strcat(joined, c->argv[i]), " ");
		addr_s = joined;
	}
	char *end;
	unsigned long count = strtoul(fmt, &end, 10);
	if (end == fmt)
		count = 1;
	char format = 'x';
	unsigned size = 4;
	for (; *end; end++) {
		if (strchr("xduoci", *end))
			format = *end;
		else if (*end == 'b' || *end == 'h' || *end == 'w' || *end == 'g')
			size = *end == 'b' ? 1 : *end == 'h' ? 2 : *end == 'w' ? 4 : 8;
		else {
			ob_printf(c->o, "invalid format '%s' (want [count][x|d|u|o|c|i][b|h|w|g])\n", fmt);
			free(joined);
			return;
		}
	}
	uint64_t addr;
	if (!addr_s || !parse_addr(c->m, addr_s, &addr)) {
		ob_printf(c->o, "%s: want an address: a number or $REGISTER (x /4xw 0x40000000)\n",
			  physical ? "xp" : "x");
		free(joined);
		return;
	}
	free(joined);
	if (count > 4096)
		count = 4096;
	struct core_vcpu *v = cur_vcpu(c->m);
	const struct core_debug_isa *isa = isa_of(c->m);
	if (format == 'i') {
		for (unsigned long i = 0; i < count; i++) {
			uint8_t bytes[16];
			size_t got = core_debug_read(v, isa, addr, bytes, sizeof(bytes), physical);
			char text[128];
			unsigned len = got ? isa->disasm(v, addr, bytes, got, text, sizeof(text)) : 0;
			if (!len) {
				ob_printf(c->o, "0x%016" PRIx64 ":  %s\n", addr,
					  got ? "(does not decode)" : "Cannot access memory");
				return;
			}
			ob_printf(c->o, "0x%016" PRIx64 ":  ", addr);
			/* A 4-byte instruction as its word (A64, LA64); others byte by byte. */
			for (unsigned b = 0; b < len; b++)
				ob_printf(c->o, "%02x", bytes[len == 4 ? 3 - b : b]);
			ob_printf(c->o, "  %s\n", text);
			addr += len;
		}
		return;
	}
	if (format == 'c')
		size = 1;
	unsigned per_line = (size == 1 ? 8 : 16) / size;
	int digits = format == 'x' ? (int)size * 2 : format == 'o' ? ((int)size * 8 + 2) / 3
		   : format == 'c' ? 0 : ((int)size * 80 + 32) / 33;
	for (unsigned long i = 0; i < count; i++) {
		if (i % per_line == 0)
			ob_printf(c->o, "%s%016" PRIx64 ":", i ? "\n" : "", addr);
		uint8_t b[8] = { 0 };
		if (core_debug_read(v, isa, addr, b, size, physical) != size) {
			ob_printf(c->o, "\nCannot access memory\n");
			return;
		}
		uint64_t val = 0;
		for (unsigned k = 0; k < size; k++)
			val |= (uint64_t)b[k] << (8 * k);
		int64_t sval = size == 8 ? (int64_t)val : (int64_t)(val << (64 - 8 * size)) >> (64 - 8 * size);
		switch (format) {
		case 'x': ob_printf(c->o, " 0x%0*" PRIx64, digits, val); break;
		case 'o': ob_printf(c->o, " %#*" PRIo64, digits, val); break;
		case 'u': ob_printf(c->o, " %*" PRIu64, digits, val); break;
		case 'd': ob_printf(c->o, " %*" PRId64, digits, sval); break;
		default:
			if (val >= 0x20 && val < 0x7f)
				ob_printf(c->o, " '%c'", (int)val);
			else
				ob_printf(c->o, " '\\x%02x'", (unsigned)val);
		}
		addr += size;
	}
	ob_add(c->o, "\n", 1);
}

static void cmd_x(struct hmp_ctx *c) { memory_dump(c, false); }
static void cmd_xp(struct hmp_ctx *c) { memory_dump(c, true); }
static void cmd_stop(struct hmp_ctx *c) { do_stop(c->m); }
static void cmd_cont(struct hmp_ctx *c) { do_cont(c->m); }
static void cmd_quit(struct hmp_ctx *c) { do_quit(c->m); }

static void cmd_cpu(struct hmp_ctx *c)
{
	char *end;
	long n = c->argc > 1 ? strtol(c->argv[1], &end, 0) : -1;
	if (c->argc < 2 || *end || n < 0 || n >= c->m->vm->n_cpus)
		ob_printf(c->o, "invalid CPU index (0-%d)\n", c->m->vm->n_cpus - 1);
	else
		c->m->cur_cpu = (int)n;
}

static void cmd_system_reset(struct hmp_ctx *c)
{
	char msg[256];
	if (no_reset(c->m, msg, sizeof(msg)))
		ob_printf(c->o, "system_reset: %s\n", msg);
	else
		do_reset(c->m);
}

static void cmd_system_powerdown(struct hmp_ctx *c)
{
	char msg[256];
	if (no_power_button(c->m, msg, sizeof(msg)))
		ob_printf(c->o, "system_powerdown: %s\n", msg);
	else
		do_powerdown(c->m);
}

/* The framebuffer as PNG (libpng's simplified API, as --page-map writes). */
static bool write_png(const struct fb *fb, const char *path)
{
	size_t n = (size_t)fb->width * fb->height;
	uint32_t *xrgb = malloc(n * sizeof(*xrgb));
	uint8_t *rgb = malloc(n * 3);
	bool ok = xrgb && rgb && fb_read(fb, xrgb);
	for (size_t i = 0; ok && i < n; i++) {
		rgb[3 * i] = (uint8_t)(xrgb[i] >> 16);
		rgb[3 * i + 1] = (uint8_t)(xrgb[i] >> 8);
		rgb[3 * i + 2] = (uint8_t)xrgb[i];
	}
	png_image img = { .version = PNG_IMAGE_VERSION, .width = fb->width, .height = fb->height,
			  .format = PNG_FORMAT_RGB };
	ok = ok && png_image_write_to_file(&img, path, 0, rgb, (png_int_32)fb->width * 3, NULL);
	free(xrgb);
	free(rgb);
	return ok;
}

/* screendump FILE [-f ppm|png]: PPM as QEMU's default; PNG by -f or a .png name. */
static void cmd_screendump(struct hmp_ctx *c)
{
	const char *file = NULL, *format = NULL;
	for (int i = 1; i < c->argc; i++) {
		if (!strcmp(c->argv[i], "-f") && i + 1 < c->argc)
			format = c->argv[++i];
		else
			file = c->argv[i];
	}
	if (!file) {
		ob_printf(c->o, "screendump: want a file name (screendump FILE [-f ppm|png])\n");
		return;
	}
	size_t len = strlen(file);
	bool png = format ? !strcmp(format, "png") : len > 4 && !strcmp(file + len - 4, ".png");
	if (format && !png && strcmp(format, "ppm")) {
		ob_printf(c->o, "screendump: unknown format '%s' (ppm, png)\n", format);
		return;
	}
	struct fb *fb = c->m->vm->fb;
	if (!fb) {
		ob_printf(c->o, "screendump: this VM has no framebuffer (start it with -display sdl)\n");
		return;
	}
	if (!(png ? write_png(fb, file) : fb_write_ppm(fb, file)))
		ob_printf(c->o, "screendump: cannot write '%s'\n", file);
}

static void cmd_help(struct hmp_ctx *c);

static const struct {
	const char *name, *alias, *args, *help;
	void (*fn)(struct hmp_ctx *c);
} hmp_cmds[] = {
	{ "help", "?", "[cmd]", "show the commands", cmd_help },
	{ "info", NULL, "[subcommand]", "show the machine's state (info alone lists what)", cmd_info },
	{ "x", NULL, "/fmt addr", "virtual memory dump (fmt: [count][x|d|u|o|c|i][b|h|w|g])", cmd_x },
	{ "xp", NULL, "/fmt addr", "physical memory dump", cmd_xp },
	{ "cpu", NULL, "index", "the CPU that info registers and x use", cmd_cpu },
	{ "stop", "s", "", "stop the guest (between two quanta)", cmd_stop },
	{ "cont", "c", "", "resume the guest", cmd_cont },
	{ "system_reset", NULL, "", "reset the machine (if the board can)", cmd_system_reset },
	{ "system_powerdown", NULL, "", "press the power button (if the board has one)",
	  cmd_system_powerdown },
	{ "screendump", NULL, "filename [-f ppm|png]", "save the framebuffer as an image",
	  cmd_screendump },
	{ "quit", "q", "", "end hvsim (exit status 0)", cmd_quit },
};
#define N_HMP (sizeof(hmp_cmds) / sizeof(hmp_cmds[0]))

static void cmd_help(struct hmp_ctx *c)
{
	for (size_t i = 0; i < N_HMP; i++)
		if (c->argc < 2 || !strcmp(c->argv[1], hmp_cmds[i].name))
			ob_printf(c->o, "%s%s%s%s%s -- %s\n", hmp_cmds[i].name,
				  hmp_cmds[i].alias ? "|" : "", hmp_cmds[i].alias ? hmp_cmds[i].alias : "",
				  *hmp_cmds[i].args ? " " : "", hmp_cmds[i].args, hmp_cmds[i].help);
}

#define HMP_MAX_ARGS 16

/* Run one command line; its text goes into o. */
static void hmp_run(struct machine_monitor *m, const char *line, struct obuf *o)
{
	m->vm->monitor_activity++;
	char buf[LINE_MAX_IN], *argv[HMP_MAX_ARGS];
	snprintf(buf, sizeof(buf), "%s", line);
	int argc = 0;
	for (char *save = NULL, *t = strtok_r(buf, " \t\r\n", &save); t && argc < HMP_MAX_ARGS;
	     t = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = t;
	if (!argc)
		return;
	/* QEMU's "x/4xw addr": the format glued to the command. */
	char *slash = strchr(argv[0], '/');
	if (slash && argc < HMP_MAX_ARGS && (slash - argv[0] == 1 || slash - argv[0] == 2)) {
		memmove(&argv[2], &argv[1], (size_t)(argc - 1) * sizeof(argv[0]));
		argc++;
		argv[1] = slash;
		static char name[3];
		snprintf(name, sizeof(name), "%.*s", (int)(slash - argv[0]), argv[0]);
		argv[0] = name;
	}
	for (size_t i = 0; i < N_HMP; i++) {
		if (!strcmp(argv[0], hmp_cmds[i].name) ||
		    (hmp_cmds[i].alias && !strcmp(argv[0], hmp_cmds[i].alias))) {
			struct hmp_ctx c = { m, o, argc, argv };
			hmp_cmds[i].fn(&c);
			return;
		}
	}
	ob_printf(o, "unknown command: '%s'\n", argv[0]);
}

/* A line from a socket client: run it, answer with CR LF line ends and the prompt. */
static void hmp_line(struct machine_monitor *m, struct chan *c, const char *line)
{
	struct obuf o = { 0 }, out = { 0 };
	hmp_run(m, line, &o);
	ob_crlf(&out, o.s ? o.s : "", o.n);
	if (!m->vm->shutdown)
		ob_add(&out, HMP_PROMPT, strlen(HMP_PROMPT));
	chan_send(c, out.s ? out.s : "", out.n);
	free(o.s);
	free(out.s);
}

static void banner(struct obuf *o)
{
	ob_printf(o, "hvsim %s monitor - type 'help' for more information\n" HMP_PROMPT,
		  HVSIM_VERSION);
}

/* ------------------------------------------------------------- QMP in */

static struct json_object *qmp_error(const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static struct json_object *qmp_error(const char *cls, const char *fmt, ...)
{
	char desc[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	struct json_object *e = json_object_new_object(), *r = json_object_new_object();
	json_object_object_add(e, "class", json_object_new_string(cls));
	json_object_object_add(e, "desc", json_object_new_string(desc));
	json_object_object_add(r, "error", e);
	return r;
}

static struct json_object *qmp_return(struct json_object *value)
{
	struct json_object *r = json_object_new_object();
	json_object_object_add(r, "return", value ? value : json_object_new_object());
	return r;
}

/* Each command answers {"return": ...} or an error, from its arguments (an object or NULL). */
typedef struct json_object *(*qmp_fn)(struct machine_monitor *m, struct json_object *args);

static struct json_object *q_query_status(struct machine_monitor *m, struct json_object *args)
{
	(void)args;
	struct json_object *s = json_object_new_object();
	bool running = !m->vm->paused && !m->vm->shutdown;
	json_object_object_add(s, "status", json_object_new_string(m->prelaunch ? "prelaunch"
								     : running ? "running" : "paused"));
	json_object_object_add(s, "singlestep", json_object_new_boolean(false));
	json_object_object_add(s, "running", json_object_new_boolean(running));
	return qmp_return(s);
}

/* QEMU's target names (qapi SysEmuTarget) from gdb's architecture names. */
static const char *qemu_target(const struct core_debug_isa *isa)
{
	return strstr(isa->gdb_arch, "x86-64") ? "x86_64" : isa->gdb_arch;
}

static struct json_object *q_query_cpus_fast(struct machine_monitor *m, struct json_object *args)
{
	(void)args;
	struct json_object *list = json_object_new_array();
	/* The vCPUs run on hvsim's one thread, so each names it. */
	for (int i = 0; i < m->vm->n_cpus; i++) {
		struct json_object *cpu = json_object_new_object(), *props = json_object_new_object();
		char path[64];
		snprintf(path, sizeof(path), "/machine/unattached/device[%d]", i);
		json_object_object_add(cpu, "thread-id", json_object_new_int(getpid()));
		json_object_object_add(props, "core-id", json_object_new_int(i));
		json_object_object_add(props, "thread-id", json_object_new_int(0));
		json_object_object_add(props, "socket-id", json_object_new_int(0));
		json_object_object_add(props, "cluster-id", json_object_new_int(0));
		json_object_object_add(cpu, "props", props);
		json_object_object_add(cpu, "qom-path", json_object_new_string(path));
		json_object_object_add(cpu, "cpu-index", json_object_new_int(i));
		json_object_object_add(cpu, "target", json_object_new_string(qemu_target(isa_of(m))));
		json_object_array_add(list, cpu);
	}
	return qmp_return(list);
}

static struct json_object *q_hmp(struct machine_monitor *m, struct json_object *args)
{
	struct json_object *line, *idx;
	if (!json_object_object_get_ex(args, "command-line", &line))
		return qmp_error("GenericError", "Parameter 'command-line' is missing");
	if (!json_object_is_type(line, json_type_string))
		return qmp_error("GenericError", "Invalid parameter type for 'command-line', "
				 "expected: string");
	int saved = m->cur_cpu;
	if (json_object_object_get_ex(args, "cpu-index", &idx)) {
		int n = json_object_get_int(idx);
		if (!json_object_is_type(idx, json_type_int) || n < 0 || n >= m->vm->n_cpus)
			return qmp_error("GenericError", "Parameter 'cpu-index' expects a CPU index");
		m->cur_cpu = n;
	}
	struct obuf o = { 0 }, out = { 0 };
	hmp_run(m, json_object_get_string(line), &o);
	ob_crlf(&out, o.s ? o.s : "", o.n);
	if (json_object_object_get_ex(args, "cpu-index", NULL))
		m->cur_cpu = saved;
	struct json_object *r = qmp_return(json_object_new_string(out.s ? out.s : ""));
	free(o.s);
	free(out.s);
	return r;
}

/*
 * A command answers from its arguments (fn), or acts and returns {}
 * (action), unless the board cannot (refuse: true with the reason).
 */
static const struct {
	const char *name;
	const char *const *params;   /* the arguments it takes (NULL-terminated), or NULL: none */
	qmp_fn fn;
	void (*action)(struct machine_monitor *m);
	bool (*refuse)(struct machine_monitor *m, char *msg, size_t len);
} qmp_cmds[] = {
	{ "query-status", NULL, q_query_status, NULL, NULL },
	{ "query-cpus-fast", NULL, q_query_cpus_fast, NULL, NULL },
	{ "stop", NULL, NULL, do_stop, NULL },
	{ "cont", NULL, NULL, do_cont, NULL },
	{ "quit", NULL, NULL, do_quit, NULL },
	{ "system_powerdown", NULL, NULL, do_powerdown, no_power_button },
	{ "system_reset", NULL, NULL, do_reset, no_reset },
	{ "human-monitor-command", (const char *const[]){ "command-line", "cpu-index", NULL }, q_hmp,
	  NULL, NULL },
};

static struct json_object *qmp_run(struct machine_monitor *m, size_t i, struct json_object *args)
{
	m->vm->monitor_activity++;
	if (qmp_cmds[i].fn)
		return qmp_cmds[i].fn(m, args);
	char msg[256];
	if (qmp_cmds[i].refuse && qmp_cmds[i].refuse(m, msg, sizeof(msg)))
		return qmp_error("GenericError", "%s", msg);
	qmp_cmds[i].action(m);
	return qmp_return(NULL);
}

/*
 * qmp_capabilities {"enable": [...]}: QEMU's one capability is "oob"
 * (exec-oob allowed); the errors are QEMU 7.2's words for each bad shape.
 */
static struct json_object *qmp_capabilities(struct chan *c, struct json_object *args)
{
	struct json_object *enable = NULL;
	bool oob = false;
	if (args) {
		json_object_object_foreach(args, key, val) {
			if (strcmp(key, "enable"))
				return qmp_error("GenericError", "Parameter '%s' is unexpected", key);
			enable = val;
		}
	}
	if (enable && !json_object_is_type(enable, json_type_array))
		return qmp_error("GenericError", "Invalid parameter type for 'enable', expected: array");
	for (size_t i = 0; enable && i < json_object_array_length(enable); i++) {
		struct json_object *cap = json_object_array_get_idx(enable, i);
		if (!json_object_is_type(cap, json_type_string))
			return qmp_error("GenericError", "Invalid parameter type for 'enable[%zu]', "
					 "expected: string", i);
		if (strcmp(json_object_get_string(cap), "oob"))
			return qmp_error("GenericError", "Parameter 'null' does not accept value '%s'",
					 json_object_get_string(cap));
		oob = true;
	}
	c->negotiated = true;
	c->oob = oob;
	return qmp_return(NULL);
}

/*
 * One received object: check its shape as QEMU does, run it, answer (with
 * its id). exec-oob is a member only once "oob" is enabled; hvsim has none
 * of the commands QEMU allows out of band (migrate-pause, migrate-recover,
 * x-oob-test), so it names an unknown command or one that does not allow it.
 */
static void qmp_message(struct machine_monitor *m, struct chan *c, struct json_object *msg)
{
	struct json_object *reply = NULL, *id = NULL, *exec = NULL, *args = NULL;
	bool oob = false;
	if (!json_object_is_type(msg, json_type_object)) {
		qmp_send(c, qmp_error("GenericError", "QMP input must be a JSON object"));
		return;
	}
	json_object_object_foreach(msg, key, val) {
		bool is_oob = c->oob && !strcmp(key, "exec-oob");
		if (!strcmp(key, "id"))
			id = val;      /* even a malformed command's error carries its id */
		else if (reply)
			continue;
		else if (!strcmp(key, "execute") || is_oob) {
			if (!json_object_is_type(val, json_type_string))
				reply = qmp_error("GenericError", "QMP input member '%s' must be a string",
						  key);
			else if (exec)
				reply = qmp_error("GenericError", "QMP input member 'execute' clashes "
						  "with 'exec-oob'");
			exec = val;
			oob |= is_oob;
		} else if (!strcmp(key, "arguments")) {
			args = val;
		} else {
			reply = qmp_error("GenericError", "QMP input member '%s' is unexpected", key);
		}
	}
	if (!reply && !exec) {
		reply = qmp_error("GenericError", "QMP input lacks member 'execute'");
	} else if (!reply && args && !json_object_is_type(args, json_type_object)) {
		reply = qmp_error("GenericError", "QMP input member 'arguments' must be an object");
	} else if (!reply) {
		const char *name = json_object_get_string(exec);
		if (!strcmp(name, "qmp_capabilities") && c->negotiated) {
			reply = qmp_error("CommandNotFound", "Capabilities negotiation is already "
					  "complete, command ignored");
		} else if (!strcmp(name, "qmp_capabilities")) {
			reply = qmp_capabilities(c, args);
		} else if (!c->negotiated) {
			reply = qmp_error("CommandNotFound", "Expecting capabilities negotiation with "
					  "'qmp_capabilities'");
		} else {
			size_t i = 0, n = sizeof(qmp_cmds) / sizeof(qmp_cmds[0]);
			while (i < n && strcmp(name, qmp_cmds[i].name))
				i++;
			if (i == n)
				reply = qmp_error("CommandNotFound", "The command %s has not been found", name);
			else if (oob)
				reply = qmp_error("GenericError", "The command %s does not support OOB", name);
			if (!reply && args) {
				json_object_object_foreach(args, key, val) {
					(void)val;
					bool known = false;
					for (const char *const *p = qmp_cmds[i].params; p && *p; p++)
						known |= !strcmp(*p, key);
					if (!known && !reply)
						reply = qmp_error("GenericError", "Parameter '%s' is unexpected", key);
				}
			}
			if (!reply)
				reply = qmp_run(m, i, args);
		}
	}
	struct json_object *error = NULL;
	if (id && json_object_object_get_ex(reply, "error", &error)) {
		/* QEMU writes an error's id first, a return's last. */
		struct json_object *e = json_object_new_object();
		json_object_object_add(e, "id", json_object_get(id));
		json_object_object_add(e, "error", json_object_get(error));
		json_object_put(reply);
		reply = e;
	} else if (id) {
		json_object_object_add(reply, "id", json_object_get(id));
	}
	qmp_send(c, reply);
}

static void qmp_bytes(struct machine_monitor *m, struct chan *c, const char *buf, size_t len)
{
	while (len && c->fd >= 0) {
		/* Whitespace between objects is nobody's. */
		while (len && strchr(" \t\r\n", *buf) && json_tokener_get_parse_end(c->tok) == 0) {
			buf++;
			len--;
		}
		if (!len)
			return;
		struct json_object *obj = json_tokener_parse_ex(c->tok, buf, (int)len);
		enum json_tokener_error e = json_tokener_get_error(c->tok);
		if (e == json_tokener_continue)
			return;
		size_t used = json_tokener_get_parse_end(c->tok);
		json_tokener_reset(c->tok);
		if (!obj && e != json_tokener_success) {
			qmp_send(c, qmp_error("GenericError", "JSON parse error, %s",
					      json_tokener_error_desc(e)));
			/* Start again after the line the error is in. */
			const char *nl = used < len ? memchr(buf + used, '\n', len - used) : NULL;
			used = nl ? (size_t)(nl - buf) + 1 : len;
		} else {
			qmp_message(m, c, obj);
			json_object_put(obj);
		}
		buf += used;
		len -= used;
	}
}

static void greet(struct chan *c)
{
	if (!c->qmp) {
		struct obuf o = { 0 }, out = { 0 };
		banner(&o);
		ob_crlf(&out, o.s, o.n);
		chan_send(c, out.s, out.n);
		free(o.s);
		free(out.s);
		return;
	}
	int major = 0, minor = 0, micro = 0;
	sscanf(HVSIM_VERSION, "%d.%d.%d", &major, &minor, &micro);
	struct json_object *g = json_object_new_object(), *qmp = json_object_new_object();
	struct json_object *ver = json_object_new_object(), *q = json_object_new_object();
	json_object_object_add(q, "micro", json_object_new_int(micro));
	json_object_object_add(q, "minor", json_object_new_int(minor));
	json_object_object_add(q, "major", json_object_new_int(major));
	json_object_object_add(ver, "qemu", q);
	json_object_object_add(ver, "package", json_object_new_string("hvsim " HVSIM_VERSION));
	json_object_object_add(qmp, "version", ver);
	struct json_object *caps = json_object_new_array();
	json_object_array_add(caps, json_object_new_string("oob"));
	json_object_object_add(qmp, "capabilities", caps);
	json_object_object_add(g, "QMP", qmp);
	qmp_send(c, g);
}

static void chan_accept(struct machine_monitor *m, struct chan *c)
{
	int fd = accept4(c->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	c->fd = fd;
	c->in_n = 0;
	c->negotiated = c->oob = false;
	json_tokener_reset(c->tok);
	greet(c);
}

static void chan_read(struct machine_monitor *m, struct chan *c)
{
	char buf[4096];
	ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
	if (n <= 0) {
		if (n < 0 && errno == EINTR)
			return;
		close(c->fd);
		c->fd = -1;
		return;
	}
	if (c->qmp) {
		qmp_bytes(m, c, buf, (size_t)n);
		return;
	}
	for (ssize_t i = 0; i < n && c->fd >= 0; i++) {
		if (buf[i] == '\n' || c->in_n == sizeof(c->in) - 1) {
			c->in[c->in_n] = 0;
			c->in_n = 0;
			hmp_line(m, c, c->in);
		} else {
			c->in[c->in_n++] = buf[i];
		}
	}
}

/* ------------------------------------------------------- the machine's */

bool machine_monitor_poll(struct hvsim_vm *vm, int timeout_ms)
{
	struct machine_monitor *m = vm->monitor;
	struct pollfd fds[2];
	if (!m->n_chans && !timeout_ms)
		return false;   /* the console's monitor only: the console brings its input */
	for (int i = 0; i < m->n_chans; i++) {
		struct chan *c = &m->chans[i];
		fds[i] = (struct pollfd){ .fd = c->fd >= 0 ? c->fd : c->listen_fd, .events = POLLIN };
	}
	if (poll(fds, (nfds_t)m->n_chans, timeout_ms) <= 0)
		return false;
	for (int i = 0; i < m->n_chans && !vm->shutdown; i++) {
		struct chan *c = &m->chans[i];
		if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (c->fd >= 0)
			chan_read(m, c);
		else
			chan_accept(m, c);
	}
	return true;
}

bool machine_monitor_listening(const struct hvsim_vm *vm)
{
	return vm->monitor && vm->monitor->n_chans > 0;
}

void machine_monitor_end(struct hvsim_vm *vm)
{
	struct machine_monitor *m = vm->monitor;
	if (!m)
		return;
	/* QEMU's SHUTDOWN causes, from how the run ended (quit sent its own). */
	enum hvsim_status s = vm->result.status;
	const char *why = vm->result.why ? vm->result.why : "";
	if (vm->signal)
		shutdown_event(m, false, "host-signal");
	else if (s == HVSIM_GUEST_PANIC)
		shutdown_event(m, true, "guest-panic");
	else if (s == HVSIM_OK && strstr(why, "powered off"))
		shutdown_event(m, true, "guest-shutdown");
	else if (s == HVSIM_OK && strstr(why, "reset"))
		shutdown_event(m, true, "guest-reset");
	else if (s == HVSIM_OK)
		shutdown_event(m, false, "host-ui");
	else
		shutdown_event(m, false, "host-error");
}

void machine_monitor_reset(struct hvsim_vm *vm, bool guest)
{
	struct json_object *d = json_object_new_object();
	json_object_object_add(d, "guest", json_object_new_boolean(guest));
	json_object_object_add(d, "reason", json_object_new_string(guest ? "guest-reset"
									 : "host-qmp-system-reset"));
	qmp_event(vm->monitor, "RESET", d);
}

void machine_monitor_free(struct hvsim_vm *vm)
{
	struct machine_monitor *m = vm->monitor;
	if (!m)
		return;
	for (int i = 0; i < m->n_chans; i++) {
		struct chan *c = &m->chans[i];
		if (c->fd >= 0)
			close(c->fd);
		if (c->listen_fd >= 0)
			close(c->listen_fd);
		if (c->unix_path[0])
			unlink(c->unix_path);
		if (c->tok)
			json_tokener_free(c->tok);
	}
	free(m);
	vm->monitor = NULL;
}

/*
 * "unix:PATH,server[,nowait]" or "tcp:[HOST]:PORT,server[,nowait]" (also
 * QEMU's server=on, wait=off spellings). hvsim listens; it does not dial out.
 */
static int chan_open(struct chan *c, const char *option, const char *spec, char *err,
		     size_t errlen)
{
	char buf[512];
	snprintf(buf, sizeof(buf), "%s", spec);
	char *opts = strchr(buf, ',');
	if (opts)
		*opts++ = 0;
	bool server = false;
	c->wait = true;
	c->option = option;
	c->listen_fd = c->fd = -1;
	for (char *save = NULL, *t = opts ? strtok_r(opts, ",", &save) : NULL; t;
	     t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "server") || !strcmp(t, "server=on"))
			server = true;
		else if (!strcmp(t, "nowait") || !strcmp(t, "wait=off"))
			c->wait = false;
		else if (!strcmp(t, "wait=on") || !strcmp(t, "wait"))
			c->wait = true;
		else {
			snprintf(err, errlen, "%s '%s': unknown option '%s' (want server, nowait)", option,
				 spec, t);
			return HVSIM_BAD_INPUT;
		}
	}
	bool is_unix = !strncmp(buf, "unix:", 5), is_tcp = !strncmp(buf, "tcp:", 4);
	if (!is_unix && !is_tcp) {
		snprintf(err, errlen, "%s '%s': want unix:PATH,server,nowait or "
			 "tcp:HOST:PORT,server,nowait", option, spec);
		return HVSIM_BAD_INPUT;
	}
	if (!server) {
		snprintf(err, errlen, "%s '%s': hvsim only listens: add ',server' (and ',nowait' "
			 "not to wait for a client)", option, spec);
		return HVSIM_BAD_INPUT;
	}
	if (is_unix) {
		c->listen_fd = machine_listen_unix(buf + 5, option, err, errlen);
		snprintf(c->unix_path, sizeof(c->unix_path), "%.*s", (int)sizeof(c->unix_path) - 1,
			 buf + 5);
		snprintf(c->where, sizeof(c->where), "%.*s", (int)sizeof(c->where) - 1, buf);
	} else {
		char host[128], port[16];
		if (!machine_parse_tcp(buf, host, sizeof(host), port, sizeof(port))) {
			snprintf(err, errlen, "%s '%s': bad address (want tcp:HOST:PORT, PORT 0-65535)",
				 option, spec);
			return HVSIM_BAD_INPUT;
		}
		c->listen_fd = machine_listen_tcp(host, port, option, c->where, sizeof(c->where), err,
						  errlen);
	}
	if (c->listen_fd < 0) {
		c->unix_path[0] = 0;   /* not ours to remove */
		return HVSIM_BAD_INPUT;
	}
	return 0;
}

int hvsim_vm_monitor(struct hvsim_vm *vm, const struct hvsim_monitor_config *mc, char *err,
		     size_t errlen)
{
	struct machine_monitor *m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	m->vm = vm;
	m->console_text = mc->console_text;
	m->console_opaque = mc->console_opaque;
	m->console_echo = mc->console_echo;
	m->prelaunch = vm->paused = mc->start_stopped;
	vm->monitor = m;
	const char *specs[2] = { mc->hmp, mc->qmp };
	for (int i = 0; i < 2; i++) {
		if (!specs[i])
			continue;
		struct chan *c = &m->chans[m->n_chans];
		c->qmp = i == 1;
		int rc = chan_open(c, i ? "-qmp" : "-monitor", specs[i], err, errlen);
		if (rc == 0 && !(c->tok = json_tokener_new())) {
			snprintf(err, errlen, "out of memory");
			rc = HVSIM_ERROR;
		}
		if (c->listen_fd >= 0)
			m->n_chans++;
		if (rc) {
			machine_monitor_free(vm);
			return rc;
		}
		fprintf(stderr, "hvsim: %s listening on %s\n", c->option, c->where);
	}
	/* QEMU's default for a server socket: the machine starts once a client is there. */
	for (int i = 0; i < m->n_chans; i++) {
		struct chan *c = &m->chans[i];
		if (!c->wait)
			continue;
		fprintf(stderr, "hvsim: waiting for a %s client on %s\n", c->option, c->where);
		while (c->fd < 0) {
			struct pollfd p = { .fd = c->listen_fd, .events = POLLIN };
			if (poll(&p, 1, -1) > 0)
				chan_accept(m, c);
			else if (errno != EINTR)
				break;
		}
	}
	return 0;
}

/* ----------------------------------------------- on the console (mux) */

static void console_say(struct machine_monitor *m, const char *s, size_t len)
{
	if (m->console_text && len)
		m->console_text(m->console_opaque, s, len);
}

void hvsim_monitor_console(struct hvsim_vm *vm, bool shown)
{
	struct machine_monitor *m = vm->monitor;
	if (!m)
		return;
	vm->monitor_activity++;
	if (!shown)
		return;
	struct obuf o = { 0 };
	ob_add(&o, "\n", 1);
	banner(&o);
	console_say(m, o.s, o.n);
	free(o.s);
}

void hvsim_monitor_input(struct hvsim_vm *vm, const uint8_t *bytes, size_t n)
{
	struct machine_monitor *m = vm->monitor;
	if (!m)
		return;
	vm->monitor_activity += n;
	for (size_t i = 0; i < n && !vm->shutdown; i++) {
		uint8_t b = bytes[i];
		bool lf_after_cr = b == '\n' && m->last_cr;
		m->last_cr = b == '\r';
		if (lf_after_cr)
			continue;
		if (b == '\r' || b == '\n') {
			if (m->console_echo)
				console_say(m, "\n", 1);
			m->line[m->line_n] = 0;
			m->line_n = 0;
			struct obuf o = { 0 };
			hmp_run(m, m->line, &o);
			if (!vm->shutdown)
				ob_add(&o, HMP_PROMPT, strlen(HMP_PROMPT));
			console_say(m, o.s, o.n);
			free(o.s);
		} else if (b == 0x7f || b == 0x08) {
			if (m->line_n) {
				m->line_n--;
				if (m->console_echo)
					console_say(m, "\b \b", 3);
			}
		} else if (b >= 0x20 && m->line_n < sizeof(m->line) - 1) {
			m->line[m->line_n++] = (char)b;
			if (m->console_echo)
				console_say(m, (const char *)&b, 1);
		}
	}
}
