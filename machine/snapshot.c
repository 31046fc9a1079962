/*
 * Snapshots of the whole machine (docs/snapshots.md): a small uncompressed
 * header that names the hvsim build and the machine configuration, then one
 * zstd frame (with its content checksum) holding tagged sections: the VM's
 * own state (quantum clock, vCPUs on, console matchers, counters, the event
 * queue's order), every RAM and ROM page's record and bytes, and the board's
 * vCPUs and devices (board_ops.snapshot). A restore checks the header and
 * the whole frame's checksum before it changes anything it reads from it.
 *
 * Saving happens between quanta (hvsim_vm_run's loop top), where no vCPU is
 * inside a block and every event due has fired: the machine there is
 * exactly its state, so a run restored from it goes on as the saved one did.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "machine/machine.h"
#include "cpu/core/snap.h"

static const char magic[8] = { 'H', 'V', 'S', 'I', 'M', 'S', 'N', 'P' };
#define FORMAT 3   /* 2: which pages the host had backed; 3: --coco in the configuration */
#define CHUNK (64u << 10)

/*
 * This build's identity: a hash of the running executable, so a snapshot
 * from any other build (whose struct layouts may differ) is refused.
 */
static uint64_t build_hash(void)
{
	static uint64_t h;
	if (h)
		return h;
	h = 0xcbf29ce484222325ull;   /* FNV-1a */
	FILE *f = fopen("/proc/self/exe", "rb");
	uint8_t buf[CHUNK];
	size_t n;
	while (f && (n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (size_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ull;
	if (f)
		fclose(f);
	h ^= (uint64_t)FORMAT << 56;
	return h ? h : 1;
}

void machine_describe_config(const struct hvsim_vm *vm, char *buf, size_t len)
{
	const struct hvsim_config *c = &vm->cfg;
	/* Disks by count and mode: their contents are the user's to keep. */
	char drives[HVSIM_MAX_DRIVES * 4 + 8] = "", coco[48] = "none";
	for (int i = 0; i < c->n_drives; i++)
		strcat(drives, c->drives[i].readonly ? " ro" : c->drives[i].snapshot || c->snapshot ? " sn" : " rw");
	/* SNP's options as --coco spells them (the CC blob's magic only when a test changed it). */
	if (c->coco == HVSIM_COCO_SNP && c->coco_cc_blob_magic_set)
		snprintf(coco, sizeof(coco), "snp,vmpl=%d,cc-blob-magic=%#x", c->coco_vmpl,
			 (unsigned)c->coco_cc_blob_magic);
	else if (c->coco == HVSIM_COCO_SNP)
		snprintf(coco, sizeof(coco), "snp,vmpl=%d", c->coco_vmpl);
	snprintf(buf, len,
		 "-M %s\n-m %llu\n-smp %d\n--el2 %d\n--pkvm %d\n--timing %s\n--seed %llu\n"
		 "quantum %llu\n-M gic-version=%d\n-M restricted-dma=%d\n-drive%s\n-display %s\n-nic %s\n"
		 "--coco %s\n",
		 vm->board->name, (unsigned long long)c->ram_bytes, c->smp, c->el2, c->protected_vm,
		 vm->timing->name, (unsigned long long)c->seed, (unsigned long long)c->quantum,
		 c->gic_version, !c->no_dma_pool, c->n_drives ? drives : " none",
		 c->display && strcmp(c->display, "none") ? c->display : "none",
		 c->net.user ? "user" : "none", coco);
}

/* ------------------------------------------------------ the VM's own state */

static void snap_vm(struct hvsim_vm *vm, struct snap *s)
{
	snap_section(s, "vm");
	snap_val(s, vm->now);
	snap_bytes(s, vm->cpu_on, sizeof(vm->cpu_on[0]) * (size_t)vm->n_cpus);
	snap_bytes(s, vm->stuck, sizeof(vm->stuck[0]) * (size_t)vm->n_cpus);
	snap_val(s, vm->panic_len);
	snap_val(s, vm->panic_why);
	snap_val(s, vm->panic_why_len);
	snap_val(s, vm->console_in);
	snap_val(s, vm->console_in_n);
	snap_val(s, vm->fb_next);
	snap_val(s, vm->hv.n_calls);
	snap_val(s, vm->mem.host_violations);
	snap_val(s, vm->mem.view_violations);
	snap_val(s, vm->mem.n_transitions);
	snap_val(s, vm->mem.mmio_guarded);
	snap_val(s, vm->mem.unguarded_mmio);
	snap_val(s, vm->cache.n_invalidations);
	snap_val(s, vm->events.seq);
	snap_val(s, vm->launch.finalized);
	snap_val(s, vm->launch.measured_pages);
	snap_val(s, vm->launch.measurement);
	snap_check(s, vm->panic_len, vm_panic_matcher_end(), "panic matcher");
	snap_check(s, vm->panic_why_len, sizeof(vm->panic_why), "panic reason");
	snap_check(s, vm->console_in_n, sizeof(vm->console_in) + 1, "console input");
	if (s->loading)
		vm->panic_why[sizeof(vm->panic_why) - 1] = 0;
}

/* Page k of a chunk of n bytes from src to dst, or zeros there if not copy. */
static void page_copy(uint8_t *dst, const uint8_t *src, size_t n, size_t k, bool copy)
{
	size_t at = k * MEM_PAGE_SIZE, m = n - at < MEM_PAGE_SIZE ? n - at : MEM_PAGE_SIZE;
	if (copy)
		memcpy(dst + at, src + at, m);
	else
		memset(dst + at, 0, m);
}

static void snap_io(void *ctx, void *p, size_t len)
{
	snap_bytes(ctx, p, len);
}

/*
 * A device region's MMIO guard (pKVM's MMIO_GUARD): whether the guest
 * guarded a page there, then the bitmap. Without it a restored protected
 * guest's next access to a device it had guarded stops the VM.
 */
static void snap_guard(struct mem_region *r, struct snap *s)
{
	uint8_t any = r->guarded != NULL;
	snap_val(s, any);
	if (s->failed)
		return;
	if (!any) {
		free(r->guarded);   /* loading: nothing guarded there */
		r->guarded = NULL;
		return;
	}
	size_t words = (mem_mmio_pages(r) + 63) / 64;
	if (!r->guarded && !(r->guarded = calloc(words, sizeof(*r->guarded)))) {
		snap_fail(s, "out of memory for the MMIO guard");
		return;
	}
	snap_bytes(s, r->guarded, words * sizeof(*r->guarded));
}

/*
 * RAM and ROM: each page's record (owner, flags, permissions), whether the
 * run had touched it (mem_touched), and its bytes. Saving reads only the
 * pages the run touched (the others are zero, and reading them would cost
 * host memory); loading writes those, marks them touched (mem_touch) and
 * leaves the rest alone, so the restored run's page map shows what the
 * saved run's showed. Device regions: their guard.
 */
static void snap_memory(struct hvsim_vm *vm, struct snap *s)
{
	snap_section(s, "memory");
	static uint8_t bounce[CHUNK];
	/* Per page of a chunk: the saved run had touched it; this run has. */
	static uint8_t saved[CHUNK / MEM_PAGE_SIZE], here[CHUNK / MEM_PAGE_SIZE];
	for (int i = 0; i < vm->mem.n_regions; i++) {
		struct mem_region *r = &vm->mem.regions[i];
		if (r->kind == MEM_MMIO) {
			snap_guard(r, s);
			continue;
		}
		uint64_t base = r->base, size = r->size;
		snap_val(s, base);
		snap_val(s, size);
		if (!s->failed && (base != r->base || size != r->size)) {
			snap_fail(s, "the snapshot's memory map differs from this machine's");
			return;
		}
		mem_region_records_io(r, snap_io, s);
		for (uint64_t off = 0; off < size && !s->failed; off += CHUNK) {
			size_t n = size - off < CHUNK ? (size_t)(size - off) : CHUNK;
			size_t pages = (n + MEM_PAGE_SIZE - 1) / MEM_PAGE_SIZE;
			/* Saving: what the run touched. Loading: what this run has touched already. */
			mem_touched(r, off / MEM_PAGE_SIZE, pages, here);
			if (!s->loading) {
				for (size_t k = 0; k < pages; k++)
					page_copy(bounce, r->host + off, n, k, here[k]);
				snap_bytes(s, here, pages);
				snap_bytes(s, bounce, n);
				continue;
			}
			snap_bytes(s, saved, pages);
			snap_bytes(s, bounce, n);
			for (size_t k = 0; k < pages && !s->failed; k++) {
				if (saved[k] || here[k]) {
					page_copy(r->host + off, bounce, n, k, true);
					mem_touch(r, off / MEM_PAGE_SIZE + k, 1);
				}
			}
		}
	}
}

/* Everything, in one order for saving and loading. */
static void snap_machine(struct hvsim_vm *vm, struct snap *s)
{
	snap_vm(vm, s);
	snap_memory(vm, s);
	vm->board->snapshot(vm, s);
	snap_section(s, "end");
}

/* ------------------------------------------------------------- saving */

struct writer {
	struct snap s;
	FILE *f;
	ZSTD_CCtx *cc;
	uint8_t out[CHUNK];
};

static bool compress(struct writer *w, const void *p, size_t len, ZSTD_EndDirective mode)
{
	ZSTD_inBuffer in = { p, len, 0 };
	for (;;) {
		ZSTD_outBuffer out = { w->out, sizeof(w->out), 0 };
		size_t left = ZSTD_compressStream2(w->cc, &out, &in, mode);
		if (ZSTD_isError(left) || fwrite(w->out, 1, out.pos, w->f) != out.pos)
			return false;
		if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size)
			return true;
	}
}

static bool write_io(struct snap *s, void *p, size_t len)
{
	return compress((struct writer *)s, p, len, ZSTD_e_continue);
}

/* Why this machine cannot be saved or restored, in `why`; false if it can. */
static bool unsavable(struct hvsim_vm *vm, char *why, size_t len)
{
	if (!vm->board->snapshot)
		snprintf(why, len, "the %s board cannot be saved in a snapshot yet", vm->board->name);
	return !vm->board->snapshot;
}

/* Write the machine to f (opened for writing). 0, or HVSIM_BAD_INPUT with a message. */
static int save_to(struct hvsim_vm *vm, FILE *f, const char *path, char *err, size_t errlen)
{
	char why[160];
	if (unsavable(vm, why, sizeof(why))) {
		snprintf(err, errlen, "%s", why);
		return HVSIM_BAD_INPUT;
	}
	if (vm->faults) {
		snprintf(err, errlen, "a snapshot cannot hold the fault injector's state: save without "
				      "--fault/--faults, and give them when restoring");
		return HVSIM_BAD_INPUT;
	}
	char config[512];
	machine_describe_config(vm, config, sizeof(config));
	uint32_t hdr[2] = { FORMAT, (uint32_t)strlen(config) };
	uint64_t hash = build_hash();
	struct writer *w = calloc(1, sizeof(*w));
	if (!w || !(w->cc = ZSTD_createCCtx())) {
		free(w);
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	w->s = (struct snap){ .io = write_io };
	w->f = f;
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_compressionLevel, 1);
	ZSTD_CCtx_setParameter(w->cc, ZSTD_c_checksumFlag, 1);
	bool ok = fwrite(magic, sizeof(magic), 1, f) == 1 && fwrite(hdr, sizeof(hdr), 1, f) == 1 &&
		  fwrite(&hash, sizeof(hash), 1, f) == 1 && fwrite(config, hdr[1], 1, f) == 1;
	if (ok) {
		snap_machine(vm, &w->s);
		ok = !w->s.failed && compress(w, NULL, 0, ZSTD_e_end);
	}
	ok = fflush(f) == 0 && !ferror(f) && ok;
	ZSTD_freeCCtx(w->cc);
	free(w);
	if (!ok) {
		snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, strerror(errno));
		return HVSIM_BAD_INPUT;
	}
	return 0;
}

int hvsim_vm_save(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "wb");
	if (!f) {
		snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, strerror(errno));
		return HVSIM_BAD_INPUT;
	}
	int rc = save_to(vm, f, path, err, errlen);
	if (fclose(f) != 0 && !rc) {
		snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, strerror(errno));
		rc = HVSIM_BAD_INPUT;
	}
	return rc;
}

/* ------------------------------------------------- saving during a run */

struct machine_save {
	uint64_t at_insns;           /* save once this many instructions have run (0: by marker) */
	char *marker;                /* or once the console has printed this */
	size_t marker_len, matched;  /* the last `matched` bytes printed are the marker's first */
	bool due;
	char *path;
	FILE *f;                     /* created when asked, so a bad path fails before the run */
	char err[256];
};

int hvsim_vm_save_at(struct hvsim_vm *vm, const char *when, const char *path, char *err,
		     size_t errlen)
{
	uint64_t n = 0;
	bool marker = !strncmp(when, "console:", 8);
	/* Refused now, not when the moment comes after a long run. */
	char why[160];
	if (unsavable(vm, why, sizeof(why))) {
		snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, why);
		return HVSIM_BAD_INPUT;
	}
	if (marker ? !when[8] : !hvsim_parse_count(when, &n) || n == 0) {
		snprintf(err, errlen, "bad --save-at moment '%s' (an instruction count such as 500M, "
				      "or console:TEXT)", when);
		return HVSIM_BAD_INPUT;
	}
	struct machine_save *sv = calloc(1, sizeof(*sv));
	if (!sv || !(sv->path = strdup(path)) || (marker && !(sv->marker = strdup(when + 8)))) {
		machine_save_free(sv);
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	sv->at_insns = n;
	sv->marker_len = marker ? strlen(sv->marker) : 0;
	if (!(sv->f = fopen(path, "wb"))) {
		snprintf(err, errlen, "cannot write the snapshot '%s': %s", path, strerror(errno));
		machine_save_free(sv);
		return HVSIM_BAD_INPUT;
	}
	machine_save_free(vm->save);
	vm->save = sv;
	return 0;
}

void machine_save_free(struct machine_save *sv)
{
	if (!sv)
		return;
	/* The run ended before the moment: no empty file passes for a snapshot. */
	if (sv->f) {
		fclose(sv->f);
		remove(sv->path);
		fprintf(stderr, "hvsim: no snapshot written to '%s': the run ended before %s%s%s\n",
			sv->path, sv->marker ? "the console printed '" : "its instruction count",
			sv->marker ? sv->marker : "", sv->marker ? "'" : "");
	}
	free(sv->path);
	free(sv->marker);
	free(sv);
}

void machine_save_console(struct hvsim_vm *vm, uint8_t byte)
{
	struct machine_save *sv = vm->save;
	if (!sv->marker || sv->due || !sv->f)
		return;
	/*
	 * Fall back to the longest prefix of the marker that still ends here
	 * (a naive rescan: markers are short).
	 */
	size_t m = sv->matched + 1;
	while (m > 0 && !(sv->marker[m - 1] == (char)byte &&
			  !memcmp(sv->marker, sv->marker + sv->matched + 1 - m, m - 1)))
		m--;
	sv->matched = m;
	if (m == sv->marker_len)
		sv->due = true;
}

void machine_save_check(struct hvsim_vm *vm, uint64_t insns)
{
	struct machine_save *sv = vm->save;
	if (!sv->f || !(sv->due || (sv->at_insns && insns >= sv->at_insns)))
		return;
	int rc = save_to(vm, sv->f, sv->path, sv->err, sizeof(sv->err));
	if (fclose(sv->f) != 0 && !rc) {
		snprintf(sv->err, sizeof(sv->err), "cannot write the snapshot '%s'", sv->path);
		rc = HVSIM_BAD_INPUT;
	}
	sv->f = NULL;
	if (rc)
		vm_stop(vm, (enum hvsim_status)rc, sv->err);
	else	/* the moment a restored run starts from (--trace-window, --max-insns) */
		fprintf(stderr, "hvsim: snapshot '%s' saved at instruction %llu, cycle %llu\n",
			sv->path, (unsigned long long)insns, (unsigned long long)vm->now);
}

/* ------------------------------------------------------------ loading */

struct reader {
	struct snap s;
	ZSTD_DCtx *dc;
	ZSTD_inBuffer in;
	size_t last;                 /* ZSTD_decompressStream's last answer: 0 at the frame's end */
};

static bool read_io(struct snap *s, void *p, size_t len)
{
	struct reader *r = (struct reader *)s;
	ZSTD_outBuffer out = { p, len, 0 };
	while (out.pos < out.size) {
		size_t before_in = r->in.pos, before_out = out.pos;
		r->last = ZSTD_decompressStream(r->dc, &out, &r->in);
		if (ZSTD_isError(r->last))
			return false;
		if (r->in.pos == before_in && out.pos == before_out)
			return false;   /* no input left: truncated */
	}
	return true;
}

/* Decompress the whole frame into nothing: is it complete, with a good checksum? */
static bool frame_ok(const void *data, size_t len)
{
	ZSTD_DCtx *dc = ZSTD_createDCtx();
	static uint8_t sink[CHUNK];
	ZSTD_inBuffer in = { data, len, 0 };
	size_t last = 1;
	while (dc) {
		ZSTD_outBuffer out = { sink, sizeof(sink), 0 };
		last = ZSTD_decompressStream(dc, &out, &in);
		if (ZSTD_isError(last) || last == 0 || (in.pos == in.size && out.pos < out.size))
			break;
	}
	ZSTD_freeDCtx(dc);
	return dc && last == 0 && in.pos == in.size;
}

/* The header against this build and machine: NULL, or what is wrong (in why). */
static const char *check_header(struct hvsim_vm *vm, const uint8_t *d, size_t len, size_t *body,
				char *why, size_t whylen)
{
	uint32_t hdr[2];
	uint64_t hash;
	size_t fixed = sizeof(magic) + sizeof(hdr) + sizeof(hash);
	if (len < fixed || memcmp(d, magic, sizeof(magic)))
		return "not an hvsim snapshot";
	memcpy(hdr, d + sizeof(magic), sizeof(hdr));
	memcpy(&hash, d + sizeof(magic) + sizeof(hdr), sizeof(hash));
	if (hdr[0] != FORMAT || hash != build_hash())
		return "written by another hvsim build (snapshots are tied to the build that "
		       "wrote them)";
	if (hdr[1] >= 512 || len < fixed + hdr[1])
		return "truncated or corrupt";
	char theirs[512], ours[512];
	memcpy(theirs, d + fixed, hdr[1]);
	theirs[hdr[1]] = 0;
	machine_describe_config(vm, ours, sizeof(ours));
	/* Name the first option whose line differs. */
	for (char *a = theirs, *b = ours; *a || *b;) {
		size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");
		if (la != lb || memcmp(a, b, la)) {
			snprintf(why, whylen, "taken with %.*s; this machine has %.*s", (int)la, a,
				 (int)lb, b);
			return why;
		}
		a += la + (a[la] != 0);
		b += lb + (b[lb] != 0);
	}
	*body = fixed + hdr[1];
	return NULL;
}

int hvsim_vm_restore(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	char no[160];
	if (unsavable(vm, no, sizeof(no))) {
		snprintf(err, errlen, "cannot restore the snapshot '%s': %s", path, no);
		return HVSIM_BAD_INPUT;
	}
	size_t len, body = 0;
	uint8_t *d = vm_read_file(path, &len, "snapshot", err, errlen);
	if (!d)
		return HVSIM_BAD_INPUT;
	char why[600];
	const char *bad = check_header(vm, d, len, &body, why, sizeof(why));
	if (!bad && !frame_ok(d + body, len - body))
		bad = "truncated or corrupt (its zstd frame is incomplete or fails its checksum)";
	struct reader r = { .s = { .loading = true, .io = read_io } };
	if (!bad && !(r.dc = ZSTD_createDCtx())) {
		free(d);
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	if (!bad) {
		r.in = (ZSTD_inBuffer){ d + body, len - body, 0 };
		/* The events re-queue themselves as their owners load them. */
		while (vm->events.n)
			core_event_cancel(&vm->events, vm->events.heap[0]);
		snap_machine(vm, &r.s);
		if (r.s.failed)
			bad = r.s.why;
		else if (r.last != 0 || r.in.pos != r.in.size)
			bad = "holds more than this machine reads";
		/* Decoded code and translations are caches: made anew from the restored state. */
		core_cache_flush(&vm->cache);
		vm->shutdown = false;
	}
	ZSTD_freeDCtx(r.dc);
	free(d);
	if (bad) {
		snprintf(err, errlen, "snapshot '%s': %s", path, bad);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}
