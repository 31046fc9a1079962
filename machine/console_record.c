/*
 * Typed console input, recorded and replayed (--record / --replay,
 * docs/snapshots.md). Typing is the one input a run takes from the host
 * at moments the host picks; everything else follows from the guest's
 * image and the options. So a run is repeatable once each typed byte is
 * fed to the console device at the same moment: the quantum boundary
 * (virtual time) at which the device took it, with the instruction count
 * of all vCPUs there. While the guest sleeps, quanta pass without an
 * instruction, so the count alone would not pin the moment down; the
 * count is kept to see a replay that has gone another way.
 *
 * The file is text, a line per event after a header and the machine's
 * configuration (the same lines a snapshot checks):
 *   hvsim console record 1
 *   config -M arm64-virt          (one line per option)
 *   input CYCLE INSNS HEX          bytes the device took at that boundary
 *   stop CYCLE INSNS STATUS        the run ended, with STATUS, after that boundary's
 *                                  quanta: a replay not ended before (a run the host
 *                                  ended: Ctrl-A x, a signal, the monitor's quit) ends there
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/machine.h"

#define HEADER "hvsim console record 1"

struct record_event {
	uint64_t now, insns;
	int stop;                    /* -1: input; else the status the host's stop gave */
	uint32_t n;
	uint8_t bytes[sizeof(((struct hvsim_vm *)0)->console_in)];
};

struct machine_record {
	char *path;
	FILE *out;                   /* recording: written as the run goes */
	uint64_t ran_until;          /* recording: the last boundary the vCPUs ran up to */
	struct record_event *ev;     /* replaying: what is left of the file */
	size_t n, next;
	char why[300];               /* a divergence, for vm_stop */
};

static void record_free(struct machine_record *r)
{
	if (!r)
		return;
	if (r->out)
		fclose(r->out);
	free(r->ev);
	free(r->path);
	free(r);
}

void machine_record_free(struct hvsim_vm *vm)
{
	record_free(vm->record);
	vm->record = NULL;
}

static struct machine_record *record_new(struct hvsim_vm *vm, const char *path, char *err,
					 size_t errlen)
{
	if (vm->record) {
		snprintf(err, errlen, "--record and --replay exclude each other (one of each at most)");
		return NULL;
	}
	struct machine_record *r = calloc(1, sizeof(*r));
	if (!r || !(r->path = strdup(path))) {
		free(r);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	return r;
}

int hvsim_vm_record(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	struct machine_record *r = record_new(vm, path, err, errlen);
	if (!r)
		return vm->record ? HVSIM_BAD_INPUT : HVSIM_ERROR;
	char config[512];
	machine_describe_config(vm, config, sizeof(config));
	if (!(r->out = fopen(path, "w"))) {
		snprintf(err, errlen, "cannot write the console record '%s': %s", path,
			 strerror(errno));
		record_free(r);
		return HVSIM_BAD_INPUT;
	}
	fprintf(r->out, "%s\n", HEADER);
	for (char *line = config; *line;) {
		size_t len = strcspn(line, "\n");
		fprintf(r->out, "config %.*s\n", (int)len, line);
		line += len + (line[len] != 0);
	}
	fflush(r->out);
	r->ran_until = vm->now;
	vm->record = r;
	return 0;
}

/* One line of a record into e: NULL, or what is wrong with it. */
static const char *parse_event(char *line, struct record_event *e)
{
	char kind[8], data[2 * sizeof(e->bytes) + 2];
	int status;
	if (sscanf(line, "%7s %" SCNu64 " %" SCNu64, kind, &e->now, &e->insns) != 3)
		return "not an event line (input CYCLE INSNS HEX, or stop CYCLE INSNS STATUS)";
	if (!strcmp(kind, "stop")) {
		if (sscanf(line, "%*s %*s %*s %d", &status) != 1 || status < 0 || status > 255)
			return "a stop without its exit status";
		e->stop = status;
		return NULL;
	}
	if (strcmp(kind, "input") || sscanf(line, "%*s %*s %*s %513s", data) != 1)
		return "not an event line (input CYCLE INSNS HEX, or stop CYCLE INSNS STATUS)";
	size_t len = strlen(data);
	if (len % 2 || len == 0 || len / 2 > sizeof(e->bytes) ||
	    strspn(data, "0123456789abcdefABCDEF") != len)
		return "input bytes are not 1 to 256 hex pairs";
	e->stop = -1;
	e->n = (uint32_t)(len / 2);
	for (size_t i = 0; i < e->n; i++) {
		unsigned b;
		sscanf(data + 2 * i, "%2x", &b);
		e->bytes[i] = (uint8_t)b;
	}
	return NULL;
}

/* The record's lines against this machine: NULL, or what is wrong (in why). */
static const char *parse_record(struct hvsim_vm *vm, FILE *f, struct machine_record *r, char *why,
				size_t whylen)
{
	char line[1024], ours[512];
	machine_describe_config(vm, ours, sizeof(ours));
	const char *want = ours;
	size_t cap = 0;
	if (!fgets(line, sizeof(line), f) || strcmp(line, HEADER "\n"))
		return "not an hvsim console record";
	for (unsigned no = 2; fgets(line, sizeof(line), f); no++) {
		if (!strchr(line, '\n')) {
			snprintf(why, whylen, "line %u is too long", no);
			return why;
		}
		if (!strncmp(line, "config ", 7)) {
			/* Name the first option whose line differs. */
			size_t lw = strcspn(want, "\n");
			if (r->n || strlen(line + 7) != lw + 1 || memcmp(line + 7, want, lw)) {
				snprintf(why, whylen, "recorded with %.*s; this machine has %.*s",
					 (int)strcspn(line + 7, "\n"), line + 7, (int)lw, want);
				return why;
			}
			want += lw + (want[lw] != 0);
			continue;
		}
		if (*want) {
			snprintf(why, whylen, "line %u: the configuration ends before %.*s", no,
				 (int)strcspn(want, "\n"), want);
			return why;
		}
		if (r->n == cap) {
			cap = cap ? 2 * cap : 64;
			struct record_event *ev = realloc(r->ev, cap * sizeof(*ev));
			if (!ev)
				return "too large for memory";
			r->ev = ev;
		}
		struct record_event *e = &r->ev[r->n];
		const char *bad = parse_event(line, e);
		if (!bad && r->n && (e->now <= e[-1].now || e->insns < e[-1].insns || e[-1].stop >= 0))
			bad = "its moment is not after the line before's";
		if (bad) {
			snprintf(why, whylen, "line %u: %s", no, bad);
			return why;
		}
		r->n++;
	}
	if (*want)
		return "truncated (its configuration is incomplete)";
	return NULL;
}

int hvsim_vm_replay(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	struct machine_record *r = record_new(vm, path, err, errlen);
	if (!r)
		return vm->record ? HVSIM_BAD_INPUT : HVSIM_ERROR;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read the console record '%s': %s", path,
			 strerror(errno));
		record_free(r);
		return HVSIM_BAD_INPUT;
	}
	char why[400];
	const char *bad = parse_record(vm, f, r, why, sizeof(why));
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "console record '%s': %s", path, bad);
		record_free(r);
		return HVSIM_BAD_INPUT;
	}
	/*
	 * From a snapshot: what was typed before it is in its memory already.
	 * Bytes typed but not yet taken when it was saved are in the record
	 * at the moment the device took them, so the snapshot's copy goes.
	 */
	while (r->next < r->n && r->ev[r->next].now < vm->now)
		r->next++;
	vm->console_in_n = 0;
	vm->record = r;
	return 0;
}

bool machine_record_replaying(struct hvsim_vm *vm)
{
	return vm->record && !vm->record->out;
}

bool machine_record_pending(struct hvsim_vm *vm)
{
	return machine_record_replaying(vm) && vm->record->next < vm->record->n;
}

static void diverged(struct hvsim_vm *vm, uint64_t insns, const char *what)
{
	struct machine_record *r = vm->record;
	snprintf(r->why, sizeof(r->why),
		 "replay of the console record '%s' diverged at cycle %" PRIu64 " (instruction %"
		 PRIu64 "): %s", r->path, vm->now, insns, what);
	vm_stop(vm, HVSIM_BAD_INPUT, r->why);
}

void machine_record_boundary(struct hvsim_vm *vm, uint64_t insns)
{
	struct machine_record *r = vm->record;
	if (r->out || r->next == r->n || r->ev[r->next].now > vm->now)
		return;
	struct record_event *e = &r->ev[r->next++];
	if (e->now < vm->now || e->insns != insns) {
		char what[96];
		snprintf(what, sizeof(what), "the recorded run was at instruction %" PRIu64
			 " when the %s came", e->insns, e->stop < 0 ? "input" : "run ended");
		diverged(vm, insns, what);
		return;
	}
	if (e->stop >= 0) {
		vm_stop(vm, (enum hvsim_status)e->stop, "the replayed run ends here, as the recorded one did");
		return;
	}
	memcpy(vm->console_in, e->bytes, e->n);
	vm->console_in_n = e->n;
}

void machine_record_taken(struct hvsim_vm *vm, uint64_t insns, const uint8_t *bytes, size_t n,
			  size_t left)
{
	struct machine_record *r = vm->record;
	if (!r->out) {
		if (left)
			diverged(vm, insns, "the console device had no room for the recorded input");
		return;
	}
	if (!n)
		return;
	fprintf(r->out, "input %" PRIu64 " %" PRIu64 " ", vm->now, insns);
	for (size_t i = 0; i < n; i++)
		fprintf(r->out, "%02x", bytes[i]);
	fputc('\n', r->out);
	fflush(r->out);
}

void machine_record_ran(struct hvsim_vm *vm, uint64_t until)
{
	vm->record->ran_until = until;
}

/*
 * The end's moment is the boundary after the last quantum the vCPUs ran:
 * a quit at a boundary comes before that quantum runs, a quit while every
 * vCPU sleeps after it; a replay stopping at the boundary has run the same.
 */
void machine_record_end(struct hvsim_vm *vm, uint64_t insns)
{
	struct machine_record *r = vm->record;
	if (!r->out)
		return;
	fprintf(r->out, "stop %" PRIu64 " %" PRIu64 " %d\n", r->ran_until, insns,
		(int)vm->result.status);
	fflush(r->out);
}
