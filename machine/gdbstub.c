/*
 * The gdb remote stub. Packets ("$data#checksum", acknowledged with '+'
 * until QStartNoAckMode) are served while the machine is stopped; while it
 * runs, the machine polls for a new connection or gdb's interrupt byte
 * (0x03) between runs of the debug loop.
 *
 * Packets handled: ? g G p P m M Z0-4 z0-4 c C s S vCont vCont? vKill H T
 * D k qSupported QStartNoAckMode qXfer:features:read qfThreadInfo
 * qsThreadInfo qC qAttached qThreadExtraInfo qSymbol qRcmd (monitor
 * commands) and Qqemu.PhyMemMode / qqemu.PhyMemMode (QEMU's switch to
 * physical addresses, which gdb users know as "maintenance packet").
 * Anything else gets the empty reply, which gdb reads as "not supported".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "machine/gdbstub.h"
#include "machine/listen.h"

#define PKT_MAX 0x4000          /* the PacketSize we announce: bytes of packet data */

enum { SIG_INT = 2, SIG_TRAP = 5 };

struct bp_owner {               /* who asked for a breakpoint: Z0 (software) or Z1 (hardware) */
	uint64_t addr;
	uint16_t sw, hw;
};

struct gdbstub {
	struct gdb_target t;
	int listen_fd, fd;
	bool no_ack;
	bool physical;              /* m/M address guest-physical memory (monitor phys on) */
	int g_vcpu;                 /* registers and memory (Hg) */
	int c_vcpu;                 /* what 's' steps (Hc); -1: the vCPU that stopped */
	int stop_vcpu;
	char stop_reply[96];
	uint8_t rx[4096];
	size_t rx_len, rx_pos;
	char in[PKT_MAX + 1];       /* the packet being served */
	char out[2 * PKT_MAX + 64]; /* the reply being built */
	size_t out_len;
	char *last;                 /* the last packet sent, framed, for a '-' */
	size_t last_len;
	char *xml;
	size_t xml_len;
	struct bp_owner bps[CORE_DEBUG_MAX_BP];
	int n_bps;
};

/* ------------------------------------------------------------- sockets */

static void drop_client(struct gdbstub *g)
{
	if (g->fd >= 0)
		close(g->fd);
	g->fd = -1;
	g->rx_len = g->rx_pos = 0;
	g->no_ack = false;
	g->physical = false;
	g->n_bps = 0;
	core_debug_clear(g->t.hooks, g->t.cache);
}

static bool send_raw(struct gdbstub *g, const char *p, size_t n)
{
	while (n && g->fd >= 0) {
		ssize_t k = send(g->fd, p, n, MSG_NOSIGNAL);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			drop_client(g);
			return false;
		}
		p += k;
		n -= (size_t)k;
	}
	return g->fd >= 0;
}

/*
 * Block until fd is readable; false if a signal asked the run to end. The
 * wait looks at the flag every 100 ms: a signal that came just before the
 * wait began interrupts no system call.
 */
static bool wait_readable(struct gdbstub *g, int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	while (!*g->t.interrupted) {
		int n = poll(&p, 1, 100);
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
	return false;
}

/* Next byte from the debugger (blocking); -1 when it went away. */
static int rx_byte(struct gdbstub *g)
{
	if (g->rx_pos == g->rx_len) {
		ssize_t k;
		do
			k = wait_readable(g, g->fd) ? recv(g->fd, g->rx, sizeof(g->rx), 0) : -1;
		while (k < 0 && errno == EINTR && !*g->t.interrupted);
		if (k <= 0)
			return -1;
		g->rx_len = (size_t)k;
		g->rx_pos = 0;
	}
	return g->rx[g->rx_pos++];
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* ------------------------------------------------------------- packets */

/* Frame and send data: '$', data with '#', '$', '}' and '*' escaped, '#', checksum. */
static void send_packet(struct gdbstub *g, const char *data, size_t len)
{
	size_t cap = 2 * len + 8;   /* every byte escaped, "$", "#xx", NUL */
	char *p = realloc(g->last, cap);
	if (!p)
		return;
	g->last = p;
	size_t n = 0;
	uint8_t sum = 0;
	p[n++] = '$';
	for (size_t i = 0; i < len; i++) {
		char c = data[i];
		if (c == '#' || c == '$' || c == '}' || c == '*') {
			p[n++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		p[n++] = c;
		sum += (uint8_t)c;
	}
	n += (size_t)snprintf(p + n, cap - n, "#%02x", sum);
	g->last_len = n;
	send_raw(g, p, n);
}

static void reply(struct gdbstub *g, const char *s)
{
	send_packet(g, s, strlen(s));
}

/* Append to the reply being built. */
static void out_add(struct gdbstub *g, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t room = sizeof(g->out) - g->out_len;
	int n = vsnprintf(g->out + g->out_len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		g->out_len += (size_t)n < room ? (size_t)n : room - 1;
}

static void out_hex(struct gdbstub *g, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n && g->out_len + 2 < sizeof(g->out); i++)
		g->out_len += (size_t)snprintf(g->out + g->out_len, 3, "%02x", b[i]);
}

static void out_send(struct gdbstub *g)
{
	send_packet(g, g->out, g->out_len);
	g->out_len = 0;
}

/*
 * Read one packet into g->in; returns its length, or -1 when the debugger
 * went away. Acknowledges it unless in no-ack mode; a '-' resends ours.
 */
static int read_packet(struct gdbstub *g)
{
	for (;;) {
		int c;
		while ((c = rx_byte(g)) != '$') {
			if (c < 0)
				return -1;
			if (c == '-' && g->last && !g->no_ack)
				send_raw(g, g->last, g->last_len);
			/* '+' acknowledges us; a stray 0x03 while stopped means nothing */
		}
		size_t n = 0;
		uint8_t sum = 0;
		while ((c = rx_byte(g)) != '#') {
			if (c < 0)
				return -1;
			sum += (uint8_t)c;
			if (n < PKT_MAX)
				g->in[n++] = (char)c;
		}
		int h = rx_byte(g), l = rx_byte(g);
		if (h < 0 || l < 0)
			return -1;
		g->in[n] = 0;
		if (!g->no_ack) {
			bool ok = hexval(h) >= 0 && hexval(l) >= 0 && ((hexval(h) << 4) | hexval(l)) == sum;
			send_raw(g, ok ? "+" : "-", 1);
			if (!ok)
				continue;
		}
		return (int)n;
	}
}

static bool parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int d;
	if (hexval(*s) < 0)
		return false;
	while ((d = hexval(*s)) >= 0) {
		x = (x << 4) | (uint64_t)d;
		s++;
	}
	*v = x;
	*p = s;
	return true;
}

/* A thread id: vCPU + 1, 0 "any", -1 "all". Returns the vCPU, -1 for all/any, -2 if bad. */
static int parse_thread(struct gdbstub *g, const char *s)
{
	if (!strcmp(s, "-1") || !strcmp(s, "0"))
		return -1;
	uint64_t id;
	if (!parse_hex(&s, &id) || *s || id == 0 || id > (uint64_t)g->t.cache->n_vcpus)
		return -2;
	return (int)id - 1;
}

static struct core_vcpu *vcpu(struct gdbstub *g, int i)
{
	return g->t.cache->vcpus[i];
}

/* ----------------------------------------------------------- registers */

static void out_reg(struct gdbstub *g, struct core_vcpu *v, size_t i)
{
	const struct core_reg *r = &g->t.isa->regs[i];
	uint8_t val[16] = { 0 };
	if (r->get(v, r, val)) {
		out_hex(g, val, r->bits / 8);
		return;
	}
	for (unsigned k = 0; k < r->bits / 8; k++)
		out_add(g, "xx");   /* unavailable */
}

/* Set register i from hex at *p; advances *p. */
static bool set_reg(struct gdbstub *g, struct core_vcpu *v, size_t i, const char **p)
{
	const struct core_reg *r = &g->t.isa->regs[i];
	uint8_t val[16] = { 0 };
	for (unsigned k = 0; k < r->bits / 8; k++) {
		int h = hexval((*p)[0]), l = h >= 0 ? hexval((*p)[1]) : -1;
		if (h < 0 || l < 0)
			return false;
		val[k] = (uint8_t)(h << 4 | l);
		*p += 2;
	}
	return r->set && r->set(v, r, val);
}

/* -------------------------------------------------------------- stops */

static void make_stop_reply(struct gdbstub *g, struct core_vcpu *v, int sig)
{
	struct core_hooks *h = g->t.hooks;
	int tid = v->index + 1;
	g->stop_vcpu = v->index;
	g->g_vcpu = v->index;
	g->c_vcpu = -1;
	if (sig != SIG_TRAP || h->stop == CORE_STOP_NONE || h->stop == CORE_STOP_STEP) {
		snprintf(g->stop_reply, sizeof(g->stop_reply), "T%02xthread:%x;", sig, tid);
	} else if (h->stop == CORE_STOP_BREAK) {
		bool hw_only = false;
		for (int i = 0; i < g->n_bps; i++)
			if (g->bps[i].addr == h->stop_addr)
				hw_only = g->bps[i].hw && !g->bps[i].sw;
		snprintf(g->stop_reply, sizeof(g->stop_reply), "T05%s:;thread:%x;",
			 hw_only ? "hwbreak" : "swbreak", tid);
	} else {
		const char *kind = h->stop_kind == CORE_WATCH_WRITE ? "watch" :
				   h->stop_kind == CORE_WATCH_READ ? "rwatch" : "awatch";
		snprintf(g->stop_reply, sizeof(g->stop_reply), "T05%s:%" PRIx64 ";thread:%x;", kind,
			 h->stop_addr, tid);
	}
	h->stop = CORE_STOP_NONE;
}

/* --------------------------------------------------------- breakpoints */

static struct bp_owner *bp_owner(struct gdbstub *g, uint64_t addr, bool create)
{
	for (int i = 0; i < g->n_bps; i++)
		if (g->bps[i].addr == addr)
			return &g->bps[i];
	if (!create || g->n_bps == CORE_DEBUG_MAX_BP)
		return NULL;
	g->bps[g->n_bps] = (struct bp_owner){ addr, 0, 0 };
	return &g->bps[g->n_bps++];
}

static const char *breakpoint(struct gdbstub *g, bool insert, const char *args)
{
	uint64_t type, addr, len;
	const char *p = args;
	if (!parse_hex(&p, &type) || *p++ != ',' || !parse_hex(&p, &addr) || *p++ != ',' ||
	    !parse_hex(&p, &len))
		return "E22";
	struct core_hooks *h = g->t.hooks;
	if (type <= 1) {
		struct bp_owner *o = bp_owner(g, addr, insert);
		if (!o)
			return insert ? "E28" : "E22";
		uint16_t *count = type ? &o->hw : &o->sw;
		if (insert) {
			if (core_debug_bp_insert(h, addr))
				return "E28";
			(*count)++;
		} else if (*count) {
			(*count)--;
			if (!o->sw && !o->hw) {
				core_debug_bp_remove(h, addr);
				*o = g->bps[--g->n_bps];
			}
		}
		return "OK";
	}
	if (type > 4)
		return "";
	unsigned kind = type == 2 ? CORE_WATCH_WRITE : type == 3 ? CORE_WATCH_READ : CORE_WATCH_ACCESS;
	int rc = insert ? core_debug_watch_insert(h, g->t.cache, addr, len, kind) :
			  core_debug_watch_remove(h, g->t.cache, addr, len, kind);
	return rc ? "E28" : "OK";
}

/* ------------------------------------------------------------- memory */

static void read_memory(struct gdbstub *g, const char *args)
{
	uint64_t addr, len;
	const char *p = args;
	if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len)) {
		reply(g, "E22");
		return;
	}
	if (len > PKT_MAX / 2)
		len = PKT_MAX / 2;
	uint8_t buf[PKT_MAX / 2];
	size_t n = core_debug_read(vcpu(g, g->g_vcpu), g->t.isa, addr, buf, len, g->physical);
	if (n == 0 && len) {
		reply(g, "E14");
		return;
	}
	out_hex(g, buf, n);
	out_send(g);
}

static void write_memory(struct gdbstub *g, const char *args)
{
	uint64_t addr, len;
	const char *p = args;
	if (!parse_hex(&p, &addr) || *p++ != ',' || !parse_hex(&p, &len) || *p++ != ':' ||
	    len > PKT_MAX / 2 || strlen(p) < 2 * len) {
		reply(g, "E22");
		return;
	}
	uint8_t buf[PKT_MAX / 2];
	for (uint64_t i = 0; i < len; i++) {
		int h = hexval(p[2 * i]), l = hexval(p[2 * i + 1]);
		if (h < 0 || l < 0) {
			reply(g, "E22");
			return;
		}
		buf[i] = (uint8_t)(h << 4 | l);
	}
	size_t n = core_debug_write(vcpu(g, g->g_vcpu), g->t.isa, addr, buf, len, g->physical);
	reply(g, n == len ? "OK" : "E14");
}

/* ------------------------------------------------------------ monitor */

/* Console output for gdb ('O' packets), in chunks a packet holds. */
static void console(struct gdbstub *g, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i += PKT_MAX / 2 - 8) {
		size_t k = n - i < PKT_MAX / 2 - 8 ? n - i : PKT_MAX / 2 - 8;
		out_add(g, "O");
		out_hex(g, (const uint8_t *)text + i, k);
		out_send(g);
	}
}

static const char monitor_help[] =
	"hvsim monitor commands:\n"
	"  cpus               each vCPU: thread, state, pc, privilege level\n"
	"  phys [on|off]      memory packets use guest-physical addresses (off: virtual)\n"
	"  xp ADDR [LEN]      dump guest-physical memory (default 64 bytes, at most 4096)\n"
	"  translate VA       VA -> PA through the current thread's translation\n"
	"  page PA            the attributes of a guest-physical page\n"
	"  help               this text\n";

static void monitor(struct gdbstub *g, const char *hex)
{
	char cmd[256] = "", out[8192];
	size_t n = 0;
	for (const char *p = hex; p[0] && p[1] && n + 1 < sizeof(cmd); p += 2)
		cmd[n++] = (char)(hexval(p[0]) << 4 | hexval(p[1]));
	cmd[n] = 0;
	char word[32] = "", a1[64] = "", a2[64] = "";
	sscanf(cmd, "%31s %63s %63s", word, a1, a2);
	struct core_vcpu *v = vcpu(g, g->g_vcpu);
	const struct core_debug_isa *isa = g->t.isa;
	uint64_t x, y;
	out[0] = 0;
	if (!strcmp(word, "help") || !word[0]) {
		snprintf(out, sizeof(out), "%s", monitor_help);
	} else if (!strcmp(word, "phys")) {
		if (!strcmp(a1, "on") || !strcmp(a1, "off"))
			g->physical = !strcmp(a1, "on");
		snprintf(out, sizeof(out), "memory packets use %s addresses\n",
			 g->physical ? "guest-physical" : "virtual");
	} else if (!strcmp(word, "cpus")) {
		size_t used = 0;
		for (int i = 0; i < g->t.cache->n_vcpus && used < sizeof(out); i++) {
			struct core_vcpu *c = vcpu(g, i);
			char s[160];
			symtab_format(g->t.syms, c->pc, s, sizeof(s));
			used += (size_t)snprintf(out + used, sizeof(out) - used,
						 "%c cpu%d (thread %d): %s pc=0x%016" PRIx64 " %s%u %s\n",
						 i == g->g_vcpu ? '*' : ' ', i, i + 1,
						 !g->t.vcpu_on(g->t.opaque, i) ? "off" :
						 c->halted ? "waiting" : "running", c->pc,
						 isa->level_prefix, isa->level(c), s);
		}
	} else if (!strcmp(word, "xp") && a1[0]) {
		x = strtoull(a1, NULL, 0);
		y = a2[0] ? strtoull(a2, NULL, 0) : 64;
		if (y > 4096)
			y = 4096;
		uint8_t buf[4096];
		size_t got = core_debug_read(v, isa, x, buf, y, true), used = 0;
		for (size_t i = 0; i < got && used + 100 < sizeof(out); i += 16) {
			used += (size_t)snprintf(out + used, sizeof(out) - used, "%016" PRIx64 ":", x + i);
			for (size_t k = i; k < i + 16 && k < got; k++)
				used += (size_t)snprintf(out + used, sizeof(out) - used, " %02x", buf[k]);
			used += (size_t)snprintf(out + used, sizeof(out) - used, "\n");
		}
		if (got < y)
			snprintf(out + used, sizeof(out) - used, "0x%" PRIx64 ": not RAM or ROM\n", x + got);
	} else if (!strcmp(word, "translate") && a1[0]) {
		x = strtoull(a1, NULL, 0);
		if (isa->translate(v, x, &y))
			snprintf(out, sizeof(out), "0x%" PRIx64 " -> 0x%" PRIx64 " (cpu%d, %s%u)\n", x, y,
				 v->index, isa->level_prefix, isa->level(v));
		else
			snprintf(out, sizeof(out), "0x%" PRIx64 ": not mapped (cpu%d, %s%u)\n", x,
				 v->index, isa->level_prefix, isa->level(v));
	} else if (!strcmp(word, "page") && a1[0]) {
		x = strtoull(a1, NULL, 0) & ~(MEM_PAGE_SIZE - 1);
		struct mem_page *pg = mem_page_at(g->t.mem, x, NULL);
		struct mem_region *r = mem_find(g->t.mem, x);
		if (pg)
			snprintf(out, sizeof(out), "page 0x%" PRIx64 " (%s): %s%s\n", x, r->name,
				 mem_owner_name(pg->owner), pg->flags & MEM_PF_CODE ? ", holds decoded code" : "");
		else
			snprintf(out, sizeof(out), "0x%" PRIx64 ": %s\n", x, r ? r->name : "nothing there");
	} else {
		snprintf(out, sizeof(out), "unknown command '%s' (monitor help lists them)\n", cmd);
	}
	console(g, out);
	reply(g, "OK");
}

/* ------------------------------------------------------------ queries */

static void xfer_features(struct gdbstub *g, const char *args)
{
	const char *p = strchr(args, ':');
	uint64_t off, len;
	if (strncmp(args, "target.xml:", 11) || !p++ || !parse_hex(&p, &off) || *p++ != ',' ||
	    !parse_hex(&p, &len)) {
		reply(g, "E00");
		return;
	}
	if (off >= g->xml_len) {
		reply(g, "l");
		return;
	}
	if (len > PKT_MAX - 8)
		len = PKT_MAX - 8;
	size_t n = g->xml_len - off < len ? g->xml_len - off : len;
	out_add(g, "%c", off + n < g->xml_len ? 'm' : 'l');
	memcpy(g->out + g->out_len, g->xml + off, n);
	g->out_len += n;
	out_send(g);
}

static void thread_info(struct gdbstub *g, const char *args)
{
	int i = parse_thread(g, args);
	if (i < 0) {
		reply(g, "E22");
		return;
	}
	char s[96];
	struct core_vcpu *v = vcpu(g, i);
	snprintf(s, sizeof(s), "vCPU %d, %s, %s%u", i,
		 !g->t.vcpu_on(g->t.opaque, i) ? "off" : v->halted ? "waiting for an interrupt" : "running",
		 g->t.isa->level_prefix, g->t.isa->level(v));
	out_hex(g, (const uint8_t *)s, strlen(s));
	out_send(g);
}

static void query(struct gdbstub *g, const char *q)
{
	if (!strncmp(q, "qSupported", 10)) {
		out_add(g, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;swbreak+;hwbreak+;"
			"vContSupported+", PKT_MAX);
		out_send(g);
	} else if (!strncmp(q, "qXfer:features:read:", 20)) {
		xfer_features(g, q + 20);
	} else if (!strcmp(q, "qfThreadInfo")) {
		out_add(g, "m");
		for (int i = 0; i < g->t.cache->n_vcpus; i++)
			out_add(g, "%s%x", i ? "," : "", i + 1);
		out_send(g);
	} else if (!strcmp(q, "qsThreadInfo")) {
		reply(g, "l");
	} else if (!strcmp(q, "qC")) {
		out_add(g, "QC%x", g->stop_vcpu + 1);
		out_send(g);
	} else if (!strncmp(q, "qAttached", 9)) {
		reply(g, "1");
	} else if (!strncmp(q, "qThreadExtraInfo,", 17)) {
		thread_info(g, q + 17);
	} else if (!strncmp(q, "qSymbol:", 8)) {
		reply(g, "OK");
	} else if (!strncmp(q, "qRcmd,", 6)) {
		monitor(g, q + 6);
	} else if (!strcmp(q, "qqemu.PhyMemMode")) {
		reply(g, g->physical ? "1" : "0");
	} else if (!strncmp(q, "Qqemu.PhyMemMode:", 17)) {
		g->physical = q[17] == '1';
		reply(g, "OK");
	} else if (!strcmp(q, "QStartNoAckMode")) {
		reply(g, "OK");
		g->no_ack = true;
	} else {
		reply(g, "");
	}
}

/* ------------------------------------------------------------ resuming */

static void step_vcpu(struct gdbstub *g, int i)
{
	g->t.hooks->step_mask |= 1ull << (i < 0 ? g->stop_vcpu : i);
}

/*
 * 'c[addr]', 's[addr]', 'Csig[;addr]', 'Ssig[;addr]': the address is the
 * new pc; the signal is dropped (a guest has no signals to deliver).
 */
static void resume_at(struct gdbstub *g, const char *pkt)
{
	const char *p = pkt + 1;
	bool step = pkt[0] == 's' || pkt[0] == 'S';
	uint64_t addr, sig;
	if ((pkt[0] == 'C' || pkt[0] == 'S') && parse_hex(&p, &sig) && *p == ';')
		p++;
	int i = step && g->c_vcpu >= 0 ? g->c_vcpu : g->stop_vcpu;
	if (parse_hex(&p, &addr))
		vcpu(g, i)->pc = addr;
	if (step)
		step_vcpu(g, i);
}

/* vCont;ACTION[:TID];...: steps as asked, everything else continues. */
static bool vcont(struct gdbstub *g, const char *args)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", args);
	for (char *tok = strtok(buf, ";"); tok; tok = strtok(NULL, ";")) {
		char *tid = strchr(tok, ':');
		int i = -1;
		if (tid) {
			*tid++ = 0;
			i = parse_thread(g, tid);
			if (i == -2)
				return false;
		}
		if (tok[0] == 's' || tok[0] == 'S')
			step_vcpu(g, i);
		else if (tok[0] != 'c' && tok[0] != 'C')
			return false;
	}
	return true;
}

/* ------------------------------------------------------------- serving */

enum served { KEEP_SERVING, RESUME };

static enum served handle(struct gdbstub *g, char *pkt)
{
	struct core_vcpu *v = vcpu(g, g->g_vcpu);
	const struct core_debug_isa *isa = g->t.isa;
	const char *args = pkt + 1;
	switch (pkt[0]) {
	case '?':
		reply(g, g->stop_reply);
		return KEEP_SERVING;
	case 'g':
		for (size_t i = 0; i < isa->n_g_regs; i++)
			out_reg(g, v, i);
		out_send(g);
		return KEEP_SERVING;
	case 'G':
		for (size_t i = 0; i < isa->n_g_regs && *args; i++)
			if (!set_reg(g, v, i, &args) && isa->regs[i].set) {
				reply(g, "E22");
				return KEEP_SERVING;
			}
		reply(g, "OK");
		return KEEP_SERVING;
	case 'p': {
		uint64_t n;
		if (!parse_hex(&args, &n) || n >= isa->n_regs) {
			reply(g, "E22");
			return KEEP_SERVING;
		}
		out_reg(g, v, n);
		out_send(g);
		return KEEP_SERVING;
	}
	case 'P': {
		uint64_t n;
		if (!parse_hex(&args, &n) || *args++ != '=' || n >= isa->n_regs ||
		    !set_reg(g, v, n, &args)) {
			reply(g, "E22");
			return KEEP_SERVING;
		}
		reply(g, "OK");
		return KEEP_SERVING;
	}
	case 'm':
		read_memory(g, args);
		return KEEP_SERVING;
	case 'M':
		write_memory(g, args);
		return KEEP_SERVING;
	case 'Z':
	case 'z':
		reply(g, breakpoint(g, pkt[0] == 'Z', args));
		return KEEP_SERVING;
	case 'H': {
		int i = parse_thread(g, pkt + 2);
		if (i == -2 || (pkt[1] != 'g' && pkt[1] != 'c')) {
			reply(g, "E22");
			return KEEP_SERVING;
		}
		if (pkt[1] == 'g' && i >= 0)
			g->g_vcpu = i;
		else if (pkt[1] == 'c')
			g->c_vcpu = i;
		reply(g, "OK");
		return KEEP_SERVING;
	}
	case 'T':
		reply(g, parse_thread(g, args) >= 0 ? "OK" : "E22");
		return KEEP_SERVING;
	case 'c':
	case 'C':
	case 's':
	case 'S':
		resume_at(g, pkt);
		return RESUME;
	case 'v':
		if (!strcmp(pkt, "vCont?")) {
			reply(g, "vCont;c;C;s;S");
		} else if (!strncmp(pkt, "vCont;", 6)) {
			if (vcont(g, pkt + 6))
				return RESUME;
			reply(g, "E22");
		} else if (!strncmp(pkt, "vKill", 5)) {
			reply(g, "OK");
			g->t.kill(g->t.opaque);
			drop_client(g);
			return RESUME;
		} else {
			reply(g, "");
		}
		return KEEP_SERVING;
	case 'D':
		reply(g, "OK");
		drop_client(g);
		return RESUME;
	case 'k':
		g->t.kill(g->t.opaque);
		drop_client(g);
		return RESUME;
	case 'q':
	case 'Q':
		query(g, pkt);
		return KEEP_SERVING;
	default:
		reply(g, "");
		return KEEP_SERVING;
	}
}

/* Serve until the debugger resumes the guest, detaches, kills it or goes away. */
static void serve(struct gdbstub *g)
{
	while (g->fd >= 0) {
		if (read_packet(g) < 0) {
			drop_client(g);
			return;
		}
		if (handle(g, g->in) == RESUME)
			return;
	}
}

static bool accept_client(struct gdbstub *g, bool block)
{
	struct pollfd p = { g->listen_fd, POLLIN, 0 };
	if (!block && poll(&p, 1, 0) <= 0)
		return false;
	if (block && !wait_readable(g, g->listen_fd))
		return false;
	int fd;
	do
		fd = accept(g->listen_fd, NULL, NULL);
	while (fd < 0 && errno == EINTR);
	if (fd < 0)
		return false;
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	g->fd = fd;
	g->rx_len = g->rx_pos = 0;
	return true;
}

bool gdbstub_attached(const struct gdbstub *g)
{
	return g->fd >= 0;
}

void gdbstub_wait(struct gdbstub *g, struct core_vcpu *v)
{
	if (g->fd < 0) {
		fprintf(stderr, "hvsim: waiting for gdb to connect (-S)\n");
		if (!accept_client(g, true))
			return;
	}
	g->t.hooks->stop = CORE_STOP_NONE;
	make_stop_reply(g, v, SIG_TRAP);
	serve(g);
}

void gdbstub_poll(struct gdbstub *g, struct core_vcpu *v)
{
	if (g->fd < 0) {
		/* gdb attaching to a running guest stops it, and asks why with '?' */
		if (accept_client(g, false)) {
			g->t.hooks->stop = CORE_STOP_NONE;
			make_stop_reply(g, v, SIG_TRAP);
			serve(g);
		}
		return;
	}
	struct pollfd p = { g->fd, POLLIN, 0 };
	if (poll(&p, 1, 0) <= 0)
		return;
	if (g->rx_pos == g->rx_len || g->rx_len == sizeof(g->rx))
		g->rx_len = g->rx_pos = 0;   /* while running gdb only sends acks and 0x03 */
	ssize_t k = recv(g->fd, g->rx + g->rx_len, sizeof(g->rx) - g->rx_len, MSG_DONTWAIT);
	if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) {
		drop_client(g);   /* the debugger went away: the guest runs on */
		return;
	}
	if (k < 0)
		return;
	g->rx_len += (size_t)k;
	uint8_t *brk = memchr(g->rx + g->rx_pos, 0x03, g->rx_len - g->rx_pos);
	if (!brk)
		return;
	g->rx_pos = (size_t)(brk - g->rx) + 1;
	make_stop_reply(g, v, SIG_INT);
	reply(g, g->stop_reply);
	serve(g);
}

void gdbstub_stopped(struct gdbstub *g, struct core_vcpu *v)
{
	if (g->fd < 0)
		return;
	make_stop_reply(g, v, SIG_TRAP);
	reply(g, g->stop_reply);
	serve(g);
}

/* ------------------------------------------------------------- set-up */

struct gdbstub *gdbstub_open(const char *spec, const struct gdb_target *t, char *err,
			     size_t errlen)
{
	char host[128], port[16];
	if (!machine_parse_tcp(spec, host, sizeof(host), port, sizeof(port))) {
		snprintf(err, errlen, "bad gdb address '%s' (want tcp::PORT or tcp:HOST:PORT, PORT 0-65535)",
			 spec);
		return NULL;
	}
	char where[NI_MAXHOST + 32];
	int fd = machine_listen_tcp(host, port, "gdb", where, sizeof(where), err, errlen);
	if (fd < 0)
		return NULL;

	struct gdbstub *g = calloc(1, sizeof(*g));
	size_t xml_len = core_debug_target_xml(t->isa, NULL, 0);
	char *xml = malloc(xml_len + 1);
	if (!g || !xml) {
		snprintf(err, errlen, "out of memory");
		free(g);
		free(xml);
		close(fd);
		return NULL;
	}
	core_debug_target_xml(t->isa, xml, xml_len + 1);
	g->t = *t;
	g->listen_fd = fd;
	g->fd = -1;
	g->xml = xml;
	g->xml_len = xml_len;
	snprintf(g->stop_reply, sizeof(g->stop_reply), "T05thread:1;");
	fprintf(stderr, "hvsim: gdb stub listening on %s\n", where);
	return g;
}

void gdbstub_close(struct gdbstub *g, int status)
{
	if (!g)
		return;
	if (g->fd >= 0) {
		char w[8];
		snprintf(w, sizeof(w), "W%02x", status & 0xff);
		reply(g, w);
		close(g->fd);
	}
	close(g->listen_fd);
	free(g->xml);
	free(g->last);
	free(g);
}
