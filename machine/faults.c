/*
 * Fault injection on a VM (hvsim_vm_faults): hv/fault.c's injector on the
 * VM's hypercall path and memory gate, with the machine's clocks; every
 * injected fault told on stderr (the rule's `verbose`), traced (-d fault,
 * --trace-events), counted (--stats "faults_by_rule") and kept for the
 * run's JSON record (--fault-record), written when the run ends. The
 * host's actions reach the machine here: toctou and spurious-irq as events
 * at their moments, drop-ipi at the board's IPI gate, timer-skew through
 * the vCPUs' timer hook.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/fault.h"
#include "machine/debug.h"
#include "machine/machine.h"

struct fault_rec {
	unsigned rule;
	char target[80], action[16], detail[128];
	int vcpu;
	uint64_t insns, ns, seq;
};

/* A timed rule's moment on the VM's event queue. */
struct fault_moment {
	struct core_event ev;
	struct hvsim_vm *vm;
	size_t rule;
};

struct machine_faults {
	struct hv_injector *inj;
	struct fault_moment *moments;
	size_t n_moments;
	struct core_timer_hook timer_hook;
	struct fault_rec *recs;
	size_t n, cap;
	uint64_t seed;            /* the injector's */
	char *record_path;        /* --fault-record (NULL: none) */
	FILE *record;             /* opened when set up, so a bad path fails before the run */
};

static uint64_t clock_insns(void *opaque, int vcpu)
{
	struct hvsim_vm *vm = opaque;
	return vm->cpus[vcpu < 0 ? 0 : vcpu]->insns;
}

static uint64_t clock_ns(void *opaque, int vcpu)
{
	struct hvsim_vm *vm = opaque;
	return core_cycles_to_ns(vm->timing, vm->cpus[vcpu < 0 ? 0 : vcpu]->cycles);
}

static void on_fault(void *opaque, const struct hv_fault_event *e)
{
	struct hvsim_vm *vm = opaque;
	struct machine_faults *f = vm->faults;
	if (e->verbose) {
		char who[24] = "the host";   /* a host action: the instruction is vCPU 0's */
		if (e->vcpu >= 0)
			snprintf(who, sizeof(who), "vCPU %d", e->vcpu);
		fprintf(stderr, "hvsim: fault #%" PRIu64 " (%s): %s on %s at instruction %" PRIu64
			": %s, %s\n", e->seq, e->rule_name, e->target, who, e->insns, e->action, e->detail);
		if (e->verbose > 1 && e->call)
			for (unsigned i = 0; i < e->call->abi->n_args; i++)
				fprintf(stderr, "hvsim:   a%u = 0x%" PRIx64 "\n", i, e->call->a[i]);
	}
	machine_debug_fault(vm, e);
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct fault_rec *r = realloc(f->recs, cap * sizeof(*r));
		if (!r)
			return;   /* the record is short; the fault itself was injected and counted */
		f->recs = r;
		f->cap = cap;
	}
	struct fault_rec *r = &f->recs[f->n++];
	*r = (struct fault_rec){ .rule = e->rule_index, .vcpu = e->vcpu, .insns = e->insns,
				 .ns = e->ns, .seq = e->seq };
	snprintf(r->target, sizeof(r->target), "%s", e->target);
	snprintf(r->action, sizeof(r->action), "%s", e->action);
	snprintf(r->detail, sizeof(r->detail), "%s", e->detail);
}

/* ---- the host's hands ---- */

static bool host_read(void *opaque, uint64_t gpa, void *buf, size_t len)
{
	return mem_host_read(&((struct hvsim_vm *)opaque)->mem, gpa, buf, len);
}

static bool host_write(void *opaque, uint64_t gpa, const void *buf, size_t len)
{
	return mem_host_write(&((struct hvsim_vm *)opaque)->mem, gpa, buf, len);
}

static bool spurious_irq(void *opaque, uint64_t irq, bool inject)
{
	struct hvsim_vm *vm = opaque;
	return vm->board->spurious_irq && vm->board->spurious_irq(vm, irq, inject);
}

static void moment_due(void *opaque, uint64_t now)
{
	struct fault_moment *m = opaque;
	(void)now;
	hv_injector_fire(m->vm->faults->inj, m->rule);
}

static bool ipi_drop(void *opaque, int from, int to)
{
	struct hvsim_vm *vm = opaque;
	return hv_injector_ipi(vm->faults->inj, from, to);
}

static uint64_t timer_when(void *opaque, int vcpu, uint64_t when)
{
	struct hvsim_vm *vm = opaque;
	return hv_injector_timer(vm->faults->inj, vcpu, when);
}

/*
 * Put the host's actions on the machine: an event per timed rule at its
 * moment, the IPI gate and the timer hook only if a rule wants them (so a
 * run without such rules takes no extra call).
 */
static bool host_attach(struct hvsim_vm *vm, struct machine_faults *f, char *err, size_t errlen)
{
	size_t n = hv_injector_rules(f->inj);
	f->moments = calloc(n ? n : 1, sizeof(*f->moments));
	if (!f->moments) {
		snprintf(err, errlen, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t ns;
		/* A moment before a restored snapshot's time is past: it never comes. */
		if (!hv_injector_moment(f->inj, i, &ns) || core_ns_to_cycles(vm->timing, ns) < vm->now)
			continue;
		struct fault_moment *m = &f->moments[f->n_moments++];
		*m = (struct fault_moment){ .ev = { .fn = moment_due, .heap_index = -1 }, .vm = vm, .rule = i };
		m->ev.opaque = m;
		core_event_arm(&vm->events, &m->ev, core_ns_to_cycles(vm->timing, ns));
	}
	if (hv_injector_watches(f->inj, HV_HOST_IPI))
		vm->board->ipi_gate(vm, (struct dev_ipi_gate){ .drop = ipi_drop, .opaque = vm });
	if (hv_injector_watches(f->inj, HV_HOST_TIMER)) {
		f->timer_hook = (struct core_timer_hook){ .when = timer_when, .opaque = vm };
		for (int i = 0; i < vm->n_cpus; i++)
			vm->cpus[i]->timer_hook = &f->timer_hook;
	}
	return true;
}

/* Take the host's actions off the machine again. */
static void host_detach(struct hvsim_vm *vm, struct machine_faults *f)
{
	for (size_t i = 0; i < f->n_moments; i++)
		core_event_cancel(&vm->events, &f->moments[i].ev);
	if (hv_injector_watches(f->inj, HV_HOST_IPI) && vm->board->ipi_gate)
		vm->board->ipi_gate(vm, (struct dev_ipi_gate){ 0 });
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpus[i]->timer_hook == &f->timer_hook)
			vm->cpus[i]->timer_hook = NULL;
}

static void faults_free(struct machine_faults *f)
{
	if (!f)
		return;
	hv_injector_free(f->inj);
	free(f->moments);
	if (f->record)
		fclose(f->record);
	free(f->record_path);
	free(f->recs);
	free(f);
}

void machine_faults_free(struct hvsim_vm *vm)
{
	if (vm->faults && vm->faults->moments)
		host_detach(vm, vm->faults);
	faults_free(vm->faults);
	vm->faults = NULL;
}

int hvsim_vm_faults(struct hvsim_vm *vm, const struct hvsim_fault_config *fc, char *err,
		    size_t errlen)
{
	struct machine_faults *f = calloc(1, sizeof(*f));
	struct hv_fault_env env = {
		.path = &vm->hv, .seed = fc->has_seed ? fc->seed : vm->cfg.seed, .n_vcpus = vm->n_cpus,
		.insns = clock_insns, .ns = clock_ns, .report = on_fault, .opaque = vm,
		.host_read = host_read, .host_write = host_write, .spurious_irq = spurious_irq,
		.ipis = vm->board->ipi_gate != NULL,
	};
	if (!f || !(f->inj = hv_injector_new(&env))) {
		faults_free(f);
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	f->seed = env.seed;
	bool ok = !fc->rules_file || hv_injector_load(f->inj, fc->rules_file, err, errlen);
	for (size_t i = 0; ok && i < fc->n_specs; i++)
		ok = hv_injector_add(f->inj, fc->specs[i], "--fault", (unsigned)i + 1, err, errlen);
	if (ok && fc->record) {
		f->record = fopen(fc->record, "w");
		f->record_path = strdup(fc->record);
		if (!f->record || !f->record_path) {
			snprintf(err, errlen, "cannot write --fault-record '%s': %s", fc->record,
				 strerror(errno));
			ok = false;
		}
	}
	if (!ok) {
		faults_free(f);
		return HVSIM_BAD_INPUT;
	}
	machine_faults_free(vm);
	if (!host_attach(vm, f, err, errlen)) {
		host_detach(vm, f);
		faults_free(f);
		return HVSIM_ERROR;
	}
	vm->faults = f;
	hv_injector_attach(f->inj, &vm->hv, &vm->mem);
	return 0;
}

size_t machine_faults_counters(struct hvsim_vm *vm, int vcpu, struct hvsim_counter *out, size_t max)
{
	struct machine_faults *f = vm->faults;
	size_t n = 0;
	for (size_t i = 0; f && i < hv_injector_rules(f->inj); i++) {
		struct hv_fault_rule_info info;
		hv_injector_rule_info(f->inj, i, &info);
		uint64_t count = info.injected;
		if (vcpu >= 0) {
			count = 0;
			for (size_t k = 0; k < f->n; k++)
				count += f->recs[k].rule == i && f->recs[k].vcpu == vcpu;
		}
		if (!count)
			continue;
		if (n < max)
			out[n] = (struct hvsim_counter){ .name = info.name, .count = count };
		n++;
	}
	return n;
}

static json_object *u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

/* The run's record: the seed, each rule and what it did, each fault in order, the outcome. */
void machine_faults_end(struct hvsim_vm *vm)
{
	struct machine_faults *f = vm->faults;
	if (!f || !f->record)
		return;
	json_object *root = json_object_new_object(), *rules = json_object_new_array(),
		    *faults = json_object_new_array();
	json_object_object_add(root, "seed", u64(f->seed));
	for (size_t i = 0; i < hv_injector_rules(f->inj); i++) {
		struct hv_fault_rule_info info;
		hv_injector_rule_info(f->inj, i, &info);
		json_object *r = json_object_new_object();
		json_object_object_add(r, "name", json_object_new_string(info.name));
		json_object_object_add(r, "target", json_object_new_string(info.target));
		json_object_object_add(r, "action", json_object_new_string(info.action));
		json_object_object_add(r, "matched", u64(info.matched));
		json_object_object_add(r, "injected", u64(info.injected));
		json_object_array_add(rules, r);
	}
	for (size_t k = 0; k < f->n; k++) {
		const struct fault_rec *e = &f->recs[k];
		struct hv_fault_rule_info info;
		hv_injector_rule_info(f->inj, e->rule, &info);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "seq", u64(e->seq));
		json_object_object_add(o, "rule", json_object_new_string(info.name));
		json_object_object_add(o, "target", json_object_new_string(e->target));
		json_object_object_add(o, "action", json_object_new_string(e->action));
		json_object_object_add(o, "detail", json_object_new_string(e->detail));
		json_object_object_add(o, "vcpu", json_object_new_int(e->vcpu));
		json_object_object_add(o, "instructions", u64(e->insns));
		json_object_object_add(o, "ns", u64(e->ns));
		json_object_array_add(faults, o);
	}
	json_object_object_add(root, "rules", rules);
	json_object_object_add(root, "faults", faults);
	json_object_object_add(root, "result", json_object_new_string(vm->result.why ? vm->result.why : ""));
	json_object_object_add(root, "exit_status", json_object_new_int(vm->result.status));
	fprintf(f->record, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
	if (fclose(f->record) != 0)
		fprintf(stderr, "hvsim: cannot write --fault-record '%s'\n", f->record_path);
	f->record = NULL;
}
