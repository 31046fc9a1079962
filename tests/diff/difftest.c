/*
 * Differential execution test: hvsim against QEMU on generated programs of
 * random non-system instructions of one ISA, chosen by --arch (arm64 or
 * loongarch or x86; tests/diff/README.md).
 *
 * For each program: generate the blocks (gen.c), assemble and link them with
 * clang-16 and ld.lld against the guest harness, run the ELF on both
 * emulators at once, and compare the hashes of the state after every unit
 * and each block's last state. For a differing block the program is run
 * again with that block printing every checkpoint in full, which names the
 * first differing unit; it is reported with its disassembly (the ISA's
 * disassembler), the registers it reads and both results.
 *
 * Exit status: 0 no difference, 1 differences or failed runs, 2 bad usage
 * or a broken tool chain, 77 QEMU missing (ctest's skip code).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/diff/difftest.h"

struct opts {
	const char *qemu, *hvsim, *clang, *lld, *ldscript, *workdir;
	const char *objs[32];
	unsigned nobjs;
	uint64_t seed;
	unsigned programs, blocks, max_localise, timeout;
	bool keep, lse, verbose;
	struct gen_opts gen;
};

static struct opts opt = {
	.clang = "clang-16",
	.seed = 1, .programs = 1, .blocks = 40, .max_localise = 20, .timeout = 120,
	.gen = { .units = 100 },
};

const struct diff_isa *isa = &isa_arm64;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "difftest: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static const char *disasm(uint32_t enc, char *buf, size_t len)
{
	return isa->disasm(enc, buf, len);
}

/* ------------------------------------------------------------ processes */

static pid_t spawn(char *const argv[], const char *out, const char *err)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open("/dev/null", O_RDONLY);
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = err ? open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644) : o;
		if (in < 0 || o < 0 || e < 0)
			_exit(126);
		dup2(in, 0);
		dup2(o, 1);
		dup2(e, 2);
		setpgid(0, 0);       /* a group of its own, so a timeout kills all of it */
		execvp(argv[0], argv);
		_exit(127);
	}
	setpgid(pid, pid);
	return pid;
}

/* Wait for every pid (0 entries are skipped); a run over the timeout is killed (status -1). */
static void wait_all(pid_t *pids, int *status, unsigned n, unsigned timeout_s)
{
	struct timespec start, now, nap = { 0, 2000000 };
	unsigned left = 0;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (unsigned i = 0; i < n; i++)
		left += pids[i] != 0;
	while (left) {
		for (unsigned i = 0; i < n; i++) {
			int st;
			if (!pids[i] || waitpid(pids[i], &st, WNOHANG) != pids[i])
				continue;
			status[i] = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			pids[i] = 0;
			left--;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (left && (unsigned)(now.tv_sec - start.tv_sec) >= timeout_s) {
			for (unsigned i = 0; i < n; i++)
				if (pids[i]) {
					kill(-pids[i], SIGKILL);
					waitpid(pids[i], NULL, 0);
					status[i] = -1;
					pids[i] = 0;
				}
			left = 0;
		}
		if (left)
			nanosleep(&nap, NULL);
	}
}

static int run(char *const argv[], const char *out)
{
	pid_t pid = spawn(argv, out, NULL);
	int status;

	wait_all(&pid, &status, 1, opt.timeout);
	return status;
}

static void path(char *buf, size_t len, const char *name, uint64_t seed, const char *ext)
{
	snprintf(buf, len, "%s/%s%llu%s", opt.workdir, name, (unsigned long long)seed, ext);
}

static char *slurp(const char *file)
{
	FILE *f = fopen(file, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 65536 > cap) {
			cap = 2 * cap + 65536;
			buf = realloc(buf, cap + 1);
			if (!buf)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = 0;
	return buf;
}

/*
 * Assemble and link blocks into name<seed>.elf, block full - 1 (if any)
 * printing every checkpoint in full; false (with the log shown) on failure.
 */
static bool build(struct gblock *const *blocks, unsigned n, unsigned full, const char *name,
		  uint64_t seed, char *elf, size_t elflen)
{
	char src[512], obj[512], log[512];
	FILE *f;

	path(src, sizeof(src), name, seed, ".S");
	path(obj, sizeof(obj), name, seed, ".o");
	path(log, sizeof(log), name, seed, ".log");
	path(elf, elflen, name, seed, ".elf");
	if (!(f = fopen(src, "w")))
		die("%s: %s", src, strerror(errno));
	gen_emit(f, blocks, n, full);
	if (fclose(f))
		die("%s: %s", src, strerror(errno));
	char *cc[16] = { (char *)opt.clang };
	unsigned c = 1;
	for (const char *const *a = isa->cc_args; *a; a++)
		cc[c++] = (char *)*a;
	cc[c++] = "-c";
	cc[c++] = src;
	cc[c++] = "-o";
	cc[c++] = obj;
	cc[c] = NULL;
	char *ld[48] = { (char *)opt.lld, "-T", (char *)opt.ldscript, "-static", "-nostdlib",
			 "--no-undefined", "-z", "max-page-size=4096", "-o", elf };
	unsigned k = 10;
	for (unsigned i = 0; i < opt.nobjs; i++)
		ld[k++] = (char *)opt.objs[i];
	ld[k++] = obj;
	ld[k] = NULL;
	if (run(cc, log) != 0 || run(ld, log) != 0) {
		char *msg = slurp(log);
		fprintf(stderr, "difftest: building %s failed:\n%s", src, msg ? msg : "");
		free(msg);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ outputs */

struct slot { const char *x, *v, *m; };
struct bout {
	const char *hashes;         /* the "H ..." line: one hash per checkpoint */
	struct slot *slots;         /* the states printed in full */
	unsigned n, cap;
	const char *exc;            /* the "E ..." line, or NULL */
};
struct out {
	char *text;
	struct bout *b;
	unsigned nb;
	bool done;
	int status;
};

/* Split the console output into blocks and slots (lines are kept in place). */
static void parse(struct out *o, const char *file, unsigned nblocks)
{
	o->b = calloc(nblocks ? nblocks : 1, sizeof(*o->b));
	o->nb = 0;
	o->done = false;
	o->text = slurp(file);
	if (!o->text || !o->b)
		return;
	struct bout *cur = NULL;
	for (char *line = o->text, *next; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? next + 1 : line + strlen(line);
		if (next > line && next[-1] == '\n')
			next[-1] = 0;
		char *cr = strchr(line, '\r');
		if (cr)
			*cr = 0;
		if (!strcmp(line, "DONE")) {
			o->done = true;
		} else if (line[0] == 'B' && line[1] == ' ') {
			unsigned i = (unsigned)strtoul(line + 2, NULL, 16);
			cur = i < nblocks && i == o->nb ? &o->b[o->nb++] : NULL;
		} else if (cur && line[0] == 'X' && line[1] == ' ') {
			if (cur->n == cur->cap) {
				cur->cap = cur->cap ? 2 * cur->cap : 4;
				cur->slots = realloc(cur->slots, cur->cap * sizeof(*cur->slots));
			}
			cur->slots[cur->n++] = (struct slot){ line, "", "" };
		} else if (cur && cur->n && line[0] == 'V' && line[1] == ' ') {
			cur->slots[cur->n - 1].v = line;
		} else if (cur && cur->n && line[0] == 'M' && line[1] == ' ') {
			cur->slots[cur->n - 1].m = line;
		} else if (cur && line[0] == 'H') {
			cur->hashes = line;
		} else if (cur && line[0] == 'E' && line[1] == ' ') {
			cur->exc = line;
		}
	}
}

static void out_free(struct out *o)
{
	for (unsigned i = 0; o->b && i < o->nb; i++)
		free(o->b[i].slots);
	free(o->b);
	free(o->text);
	memset(o, 0, sizeof(*o));
}

static bool slot_eq(const struct slot *a, const struct slot *b)
{
	return !strcmp(a->x, b->x) && !strcmp(a->v, b->v) && !strcmp(a->m, b->m);
}

static bool block_eq(const struct bout *a, const struct bout *b)
{
	if (a->n != b->n || !a->exc != !b->exc || (a->exc && strcmp(a->exc, b->exc)))
		return false;
	if (!a->hashes != !b->hashes || (a->hashes && strcmp(a->hashes, b->hashes)))
		return false;
	for (unsigned i = 0; i < a->n; i++)
		if (!slot_eq(&a->slots[i], &b->slots[i]))
			return false;
	return true;
}

/* Run an ELF on QEMU and hvsim at once. */
static void run_both(const char *elf, const char *name, uint64_t seed, unsigned nblocks,
		     struct out *q, struct out *h)
{
	char qout[512], hout[512], herr[512];

	path(qout, sizeof(qout), name, seed, ".qemu");
	path(hout, sizeof(hout), name, seed, ".hvsim");
	path(herr, sizeof(herr), name, seed, ".hvsim-stderr");
	char *qargv[24] = { (char *)opt.qemu };
	unsigned k = 1;
	for (const char *const *a = isa->qemu_args(opt.lse); *a; a++)
		qargv[k++] = (char *)*a;
	const char *rest[] = { "-nographic", "-nic", "none", "-kernel", elf, NULL };
	for (const char *const *a = rest; *a; a++)
		qargv[k++] = (char *)*a;
	qargv[k] = NULL;
	char *hargv[] = { (char *)opt.hvsim, "-M", (char *)isa->hvsim_board, "-nographic",
			  "-kernel", (char *)elf, NULL };
	pid_t pids[2] = { spawn(qargv, qout, NULL), spawn(hargv, hout, herr) };
	int st[2];
	wait_all(pids, st, 2, opt.timeout);
	parse(q, qout, nblocks);
	parse(h, hout, nblocks);
	q->status = st[0];
	h->status = st[1];
}

/* ------------------------------------------------------------ reporting */

static uint64_t hexword(const char *s, unsigned digits)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < digits && s[i]; i++)
		v = v << 4 | (uint64_t)(s[i] <= '9' ? s[i] - '0' : s[i] - 'a' + 10);
	return v;
}

/* Field i of a line of space-separated hex words ("X w0 w1 ..."), or NULL. */
static const char *word_at(const char *line, unsigned i, unsigned width)
{
	size_t off = 2 + (size_t)i * (width + 1);

	return strlen(line) >= off + width ? line + off : NULL;
}

/* False if a line is short (a truncated output). */
static bool parse_state(const struct slot *s, struct state *st)
{
	const char *w;

	for (unsigned i = 0; i < ST_NWORDS; i++) {
		if (!(w = word_at(s->x, i, 16)))
			return false;
		st->w[i] = hexword(w, 16);
	}
	for (unsigned i = 0; i < 32; i++) {
		if (!(w = word_at(s->v, i, 32)))
			return false;
		st->v[i][1] = hexword(w, 16);
		st->v[i][0] = hexword(w + 16, 16);
	}
	if (strlen(s->m) < 2 + 2 * SCRATCH_SIZE)
		return false;
	for (unsigned i = 0; i < SCRATCH_SIZE; i++)
		st->m[i] = (uint8_t)hexword(s->m + 2 + 2 * i, 2);
	return true;
}

static void state_from_init(const uint8_t *init, uint64_t base, struct state *st)
{
	memcpy(st->w, init, sizeof(st->w));
	st->w[isa->base_reg] = base;
	memcpy(st->v, init + ST_V, sizeof(st->v));
	memcpy(st->m, init + ST_MEM, sizeof(st->m));
}

/* The registers the unit's pool loads set before its tested instruction. */
static void apply_pool_loads(const struct gblock *b, const struct gunit *u, struct state *st)
{
	for (uint32_t i = u->first; i < u->test; i++) {
		const struct ginsn *in = &b->insns[i];
		if (in->pool < 0)
			continue;
		if (in->pool_vec) {
			st->v[in->pool_reg][0] = b->pool[in->pool][0];
			st->v[in->pool_reg][1] = b->pool[in->pool][1];
		} else {
			st->w[in->pool_reg] = b->pool[in->pool][0];
		}
	}
}

static void print_v(const struct state *st, unsigned i)
{
	printf("v%u=%016llx%016llx ", i, (unsigned long long)st->v[i][1],
	       (unsigned long long)st->v[i][0]);
}

/* Print the registers an instruction names, as it reads them. */
static void print_inputs(unsigned t, uint32_t enc, const struct state *in)
{
	const struct tmpl_info *ti = &tinfo[t];

	printf("    in:    ");
	for (unsigned f = 0; f < ti->nfields; f++) {
		unsigned r = (unsigned)field_get(t, enc, ti->fields[f].letter);
		char k = ti->fields[f].kind;
		if (k == 'v') {
			unsigned n = isa->vregs_named ? isa->vregs_named(t, ti->fields[f].letter) : 1;
			for (unsigned i = 0; i < n; i++)
				print_v(in, (r + i) % 32);
		} else if (r == 31 && (k == 'p' || k == 'P')) {
			printf("sp=%016llx ", (unsigned long long)in->w[31]);
		} else if (r != isa->zero_reg) {
			printf("%s=%016llx ", isa->wnames[r], (unsigned long long)in->w[r]);
		}
	}
	for (unsigned i = 32; i < ST_NWORDS; i++)
		if (strcmp(isa->wnames[i], "pad"))
			printf("%s=%08llx ", isa->wnames[i], (unsigned long long)in->w[i]);
	printf("\n");
}

/* Print every field that differs between two states, one line per emulator. */
static void print_diff(const struct state *q, const struct state *h)
{
	const char *who[2] = { "qemu: ", "hvsim:" };

	for (unsigned e = 0; e < 2; e++) {
		const struct state *mine = e ? h : q;
		printf("    %s ", who[e]);
		for (unsigned i = 0; i < ST_NWORDS; i++)
			if (q->w[i] != h->w[i])
				printf("%s=%016llx ", isa->wnames[i], (unsigned long long)mine->w[i]);
		for (unsigned i = 0; i < 32; i++)
			if (memcmp(q->v[i], h->v[i], 16))
				print_v(mine, i);
		for (unsigned i = 0; i < SCRATCH_SIZE; i += 16) {
			if (!memcmp(q->m + i, h->m + i, 16))
				continue;
			printf("mem[%s%+d]=", isa->wnames[isa->base_reg], i - SCRATCH_BIAS);
			for (unsigned k = 0; k < 16; k++)
				printf("%02x", mine->m[i + k]);
			printf(" ");
		}
		printf("\n");
	}
}

/* Per-template counts of the differences found, for the summary. */
static unsigned diff_by_tmpl[MAX_TEMPLATES];
static unsigned n_localised, n_unlocalised, n_skipped, n_exc_both, n_known;

/*
 * Rebuild the program with block `blockno` printing every checkpoint in
 * full (nothing else changes: same addresses, same execution), and report
 * the first differing unit. True if it is a known QEMU deviation.
 */
static bool localise(struct gblock *const *blocks, unsigned nblocks, uint64_t seed,
		     unsigned blockno, uint64_t base)
{
	char elf[512];
	struct out q, h;
	struct gblock *b = blocks[blockno];

	if (!build(blocks, nblocks, blockno + 1, "loc", seed, elf, sizeof(elf))) {
		n_unlocalised++;
		return false;
	}
	run_both(elf, "loc", seed, nblocks, &q, &h);
	struct bout *qb = q.nb > blockno ? &q.b[blockno] : NULL;
	struct bout *hb = h.nb > blockno ? &h.b[blockno] : NULL;
	unsigned j = 0, nq = qb ? qb->n : 0, nh = hb ? hb->n : 0;
	while (j < nq && j < nh && slot_eq(&qb->slots[j], &hb->slots[j]))
		j++;
	if (j >= b->nunits || (j == nq && j == nh)) {
		printf("  seed %llu block %u: no differing checkpoint in the full run\n",
		       (unsigned long long)seed, blockno);
		n_unlocalised++;
		out_free(&q);
		out_free(&h);
		return false;
	}
	const struct gunit *u = &b->units[j];
	char dis[200];
	struct state in, qs, hs;
	bool both = j < nq && j < nh && parse_state(&qb->slots[j], &qs) && parse_state(&hb->slots[j], &hs);
	const char *known = NULL;
	for (unsigned k = 0; both && isa->known_deviation && !known && k < u->n; k++)
		known = isa->known_deviation(b->insns[u->first + k].enc, &qs, &hs);
	if (known) {
		n_known++;
	} else {
		n_localised++;
		diff_by_tmpl[u->tmpl]++;
	}
	printf("%s seed %llu block %u (%s) unit %u: %s%s%s\n", known ? "KNOWN" : "DIFF",
	       (unsigned long long)seed, blockno, b->user ? "unprivileged" : "privileged", j,
	       templates[u->tmpl].name, known ? ": " : "", known ? known : "");
	for (unsigned k = 0; k < u->n; k++) {
		uint32_t e = gen_final_enc(b, (unsigned)(u - b->units), k);
		printf("    %s %08x  %s\n", u->first + k == u->test ? "=>" : "  ", e,
		       disasm(e, dis, sizeof(dis)));
	}
	if (j == 0)
		state_from_init(b->init, base, &in);
	else if (!parse_state(&qb->slots[j - 1], &in))
		memset(&in, 0, sizeof(in));
	apply_pool_loads(b, u, &in);
	print_inputs((unsigned)u->tmpl, b->insns[u->test].enc, &in);
	if (both) {
		print_diff(&qs, &hs);
	} else {
		printf("    qemu:  %s\n", j < nq ? "completed the unit" : qb && qb->exc ? qb->exc : "(no output)");
		printf("    hvsim: %s\n", j < nh ? "completed the unit" : hb && hb->exc ? hb->exc : "(no output)");
	}
	out_free(&q);
	out_free(&h);
	return known != NULL;
}

/* ------------------------------------------------------------ main loop */

struct totals {
	unsigned long long insns, units, blocks;
	unsigned diff_blocks, failed_runs, programs;
};

static void one_program(uint64_t seed, struct totals *tot)
{
	struct rng r;
	struct gblock *blocks = calloc(opt.blocks, sizeof(*blocks));
	struct gblock **bp = calloc(opt.blocks, sizeof(*bp));
	char elf[512];
	struct out q, h;

	if (!blocks || !bp)
		abort();
	rng_seed(&r, seed);
	for (unsigned i = 0; i < opt.blocks; i++) {
		gen_block(&blocks[i], &r, &opt.gen);
		bp[i] = &blocks[i];
	}
	if (!build(bp, opt.blocks, 0, "prog", seed, elf, sizeof(elf)))
		die("cannot build the test program");
	run_both(elf, "prog", seed, opt.blocks, &q, &h);
	tot->programs++;
	if (!q.done || q.status != 0) {
		printf("FAIL seed %llu: QEMU %s (status %d)\n", (unsigned long long)seed,
		       q.done ? "failed" : "did not finish", q.status);
		tot->failed_runs++;
	}
	if (!h.done || h.status != 0) {
		printf("FAIL seed %llu: hvsim %s (status %d)\n", (unsigned long long)seed,
		       h.done ? "failed" : "did not finish", h.status);
		tot->failed_runs++;
	}
	/* The base register's value, for printing initial states: any slot of QEMU's run has it. */
	uint64_t base = 0;
	for (unsigned i = 0; i < q.nb && !base; i++)
		if (q.b[i].n && word_at(q.b[i].slots[0].x, isa->base_reg, 16))
			base = hexword(word_at(q.b[i].slots[0].x, isa->base_reg, 16), 16);
	for (unsigned i = 0; i < opt.blocks; i++) {
		if (i >= q.nb || i >= h.nb)
			break;
		tot->blocks++;
		tot->insns += blocks[i].ninsns;
		tot->units += blocks[i].nunits;
		if (q.b[i].exc && h.b[i].exc && block_eq(&q.b[i], &h.b[i])) {
			/* Both faulted alike: the generator made an invalid program. */
			printf("GENERATOR seed %llu block %u: both emulators took %s\n",
			       (unsigned long long)seed, i, q.b[i].exc);
			n_exc_both++;
			continue;
		}
		if (block_eq(&q.b[i], &h.b[i]))
			continue;
		if (n_localised + n_unlocalised < opt.max_localise) {
			if (!localise(bp, opt.blocks, seed, i, base))
				tot->diff_blocks++;
		} else {
			tot->diff_blocks++;
			n_skipped++;
		}
	}
	if (opt.verbose)
		printf("seed %llu: %u blocks compared\n", (unsigned long long)seed,
		       q.nb < h.nb ? q.nb : h.nb);
	out_free(&q);
	out_free(&h);
	for (unsigned i = 0; i < opt.blocks; i++)
		gblock_free(&blocks[i]);
	free(blocks);
	free(bp);
}

/*
 * --list N: N encodings of every template with the ISA's disassembly, for
 * checking them with another disassembler (arm64: llvm-mc-16 --disassemble;
 * loongarch: llvm-objdump-19); returns how many the disassembler cannot
 * decode. arm64: capstone 4 knows no LSE or LOR and rejects the ignored
 * imm5/imm4 bits of DUP (general) and INS (element), which the Arm ARM
 * and LLVM accept.
 */
static unsigned list_templates(unsigned n)
{
	unsigned bad = 0;
	char dis[200];

	struct rng r;
	struct gblock b;
	struct gen_opts o = opt.gen;

	rng_seed(&r, opt.seed);
	o.units = 1;
	for (unsigned t = 0; t < ntemplates; t++) {
		memset(o.group_weight, 0, sizeof(o.group_weight));
		o.group_weight[templates[t].group] = 1;
		for (unsigned i = 0; i < n;) {
			gen_block(&b, &r, &o);
			if (b.units[0].tmpl == (int)t) {
				uint32_t e = b.insns[b.units[0].test].enc;
				disasm(e, dis, sizeof(dis));
				printf("%08x %-40s %s\n", e, dis, templates[t].name);
				bad += templates[t].group != G_LSE && dis[0] == '(';
				i++;
			}
			gblock_free(&b);
		}
	}
	return bad;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: difftest --hvsim PATH --ldscript PATH --obj FILE... [options]\n"
		"  --arch ISA        arm64 (default), loongarch or x86\n"
		"  --qemu PATH       qemu-system-aarch64 / -loongarch64 / -x86_64 (default: from PATH)\n"
		"  --clang PATH      clang-16;  --lld PATH  ld.lld-16 (loongarch: ld.lld-19)\n"
		"  --workdir DIR     where programs and outputs go (default: a temporary directory)\n"
		"  --seed N          first program's seed (default 1)\n"
		"  --programs N      programs to run (default 1), seeds N, N+1, ...\n"
		"  --blocks N        blocks per program (default 40)\n"
		"  --units N         units (tested instructions) per block (default 100)\n"
		"  --lse             arm64: add the LSE atomics and run QEMU with -cpu max\n"

		"  --max-localise N  differing blocks to localise per run (default 20)\n"
		"  --timeout S       per emulator run (default 120)\n"
		"  --keep            keep the work directory\n"
		"  --list N          print N encodings per template and exit\n"
		"  --verbose\n");
	exit(2);
}

static bool on_path(const char *prog)
{
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	const char *p = getenv("PATH");
	char buf[4096];
	while (p && *p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)len, p, prog);
		if (access(buf, X_OK) == 0)
			return true;
		p = colon ? colon + 1 : NULL;
	}
	return false;
}

int main(int argc, char **argv)
{
	enum { O_QEMU = 256, O_HVSIM, O_CLANG, O_LLD, O_LDSCRIPT, O_OBJ, O_WORKDIR, O_SEED,
	       O_PROGRAMS, O_BLOCKS, O_UNITS, O_LSE, O_MAXLOC, O_TIMEOUT, O_KEEP, O_LIST, O_VERBOSE,
	       O_ARCH };
	static const struct option lo[] = {
		{ "qemu", 1, 0, O_QEMU }, { "hvsim", 1, 0, O_HVSIM }, { "clang", 1, 0, O_CLANG },
		{ "lld", 1, 0, O_LLD }, { "ldscript", 1, 0, O_LDSCRIPT }, { "obj", 1, 0, O_OBJ },
		{ "workdir", 1, 0, O_WORKDIR }, { "seed", 1, 0, O_SEED },
		{ "programs", 1, 0, O_PROGRAMS }, { "blocks", 1, 0, O_BLOCKS },
		{ "units", 1, 0, O_UNITS }, { "lse", 0, 0, O_LSE },
		{ "max-localise", 1, 0, O_MAXLOC }, { "timeout", 1, 0, O_TIMEOUT },
		{ "keep", 0, 0, O_KEEP }, { "list", 1, 0, O_LIST }, { "verbose", 0, 0, O_VERBOSE },
		{ "arch", 1, 0, O_ARCH },
		{ 0, 0, 0, 0 },
	};
	unsigned list = 0;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case O_QEMU: opt.qemu = optarg; break;
		case O_HVSIM: opt.hvsim = optarg; break;
		case O_CLANG: opt.clang = optarg; break;
		case O_LLD: opt.lld = optarg; break;
		case O_LDSCRIPT: opt.ldscript = optarg; break;
		case O_OBJ:
			if (opt.nobjs == sizeof(opt.objs) / sizeof(opt.objs[0]))
				die("too many --obj");
			opt.objs[opt.nobjs++] = optarg;
			break;
		case O_WORKDIR: opt.workdir = optarg; break;
		case O_SEED: opt.seed = strtoull(optarg, NULL, 0); break;
		case O_PROGRAMS: opt.programs = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_BLOCKS: opt.blocks = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_UNITS: opt.gen.units = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_LSE: opt.lse = true; break;
		case O_ARCH:
			if (!strcmp(optarg, "arm64"))
				isa = &isa_arm64;
			else if (!strcmp(optarg, "loongarch"))
				isa = &isa_loongarch;
			else if (!strcmp(optarg, "x86"))
				isa = &isa_x86;
			else
				die("--arch: unknown ISA '%s' (arm64, loongarch or x86)", optarg);
			break;
		case O_MAXLOC: opt.max_localise = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_TIMEOUT: opt.timeout = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_KEEP: opt.keep = true; break;
		case O_LIST: list = (unsigned)strtoul(optarg, NULL, 0); break;
		case O_VERBOSE: opt.verbose = true; break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	if (opt.lse && isa != &isa_arm64)
		die("--lse is an arm64 option");
	memcpy(opt.gen.group_weight, isa->default_weight, sizeof(opt.gen.group_weight));
	if (opt.lse)
		opt.gen.group_weight[G_LSE] = 10;
	if (!opt.qemu)
		opt.qemu = isa->default_qemu;
	if (!opt.lld)
		opt.lld = isa->default_lld;
	if (!templates_init())
		die("bad template table");
	isa->disasm_init();
	if (list) {
		unsigned bad = list_templates(list);
		fprintf(stderr, "difftest: %u encodings the disassembler cannot decode\n", bad);
		return 0;
	}
	if (!opt.hvsim || !opt.ldscript || !opt.nobjs || !opt.blocks || !opt.gen.units)
		usage();
	if (!on_path(opt.qemu)) {
		printf("difftest: %s not found, skipped\n", opt.qemu);
		return 77;
	}
	char tmpdir[] = "/tmp/hvsim-difftest-XXXXXX";
	if (!opt.workdir) {
		if (!mkdtemp(tmpdir))
			die("mkdtemp: %s", strerror(errno));
		opt.workdir = tmpdir;
	} else if (mkdir(opt.workdir, 0755) && errno != EEXIST) {
		die("%s: %s", opt.workdir, strerror(errno));
	}

	struct totals tot = { 0 };
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned p = 0; p < opt.programs; p++) {
		one_program(opt.seed + p, &tot);
		fflush(stdout);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);

	printf("difftest: %u programs (seeds %llu-%llu), %llu blocks, %llu instructions "
	       "(%llu tested units) compared in %.1f s\n", tot.programs,
	       (unsigned long long)opt.seed, (unsigned long long)(opt.seed + opt.programs - 1),
	       tot.blocks, tot.insns, tot.units,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
	printf("difftest: %u blocks differ (%u localised, %u not reproduced, %u over "
	       "--max-localise), %u failed runs, %u blocks faulted on both\n", tot.diff_blocks,
	       n_localised, n_unlocalised, n_skipped, tot.failed_runs, n_exc_both);
	if (n_known)
		printf("difftest: %u more blocks differ by a known QEMU deviation (KNOWN above)\n", n_known);
	for (unsigned t = 0; t < ntemplates; t++)
		if (diff_by_tmpl[t])
			printf("  %4u  %s\n", diff_by_tmpl[t], templates[t].name);
	if (!opt.keep && opt.workdir == tmpdir) {
		char *rm[] = { "rm", "-rf", tmpdir, NULL };
		run(rm, "/dev/null");
	}
	return tot.diff_blocks || tot.failed_runs || n_exc_both ? 1 : 0;
}
