/*
 * The fault injector: seeded faults at every hypercall (the single path's
 * `before` and `after` points, hv.h) and every page transition (mem/'s
 * gate), chosen by rules.
 *
 * A rule names a target, filters, the knobs of Linux's fault-injection
 * framework (Documentation/fault-injection/fault-injection.rst:
 * probability, interval, times, space, verbose) and an action. Rules
 * come one JSON object per line (JSON Lines, parsed by json-c), so an
 * error names its line:
 *
 *   {"call": "smccc/PSCI_CPU_ON", "action": "fail", "args": [{"arg": 1, "eq": 1}]}
 *   {"call": "kvm-loongarch/KVM_HCALL_FUNC_IPI", "action": "delay", "cycles": 100000, "probability": 10, "times": -1}
 *   {"transition": "share", "action": "refuse", "reason": "pool exhausted"}
 *
 * Every injected fault is reported to the machine (traces, statistics,
 * the run's JSON record). Decisions are a pure function of the seed, the
 * rule and how many calls the rule has matched, so the same seed and rules
 * give the same faults at the same instructions.
 */
#ifndef HVSIM_HV_FAULT_H
#define HVSIM_HV_FAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hv/hv.h"
#include "mem/mem.h"

struct hv_injector;
struct hv_fault_rule;

/* One injected fault, as the machine records, traces and counts it. */
struct hv_fault_event {
	const struct hv_fault_rule *rule;
	unsigned rule_index;      /* in the order the rules were added */
	const char *rule_name;    /* the rule's "name", or its source and line */
	char target[80];          /* "smccc/PSCI_CPU_ON", "memattr/share" */
	const char *action;       /* "fail", "delay", ... */
	char detail[128];         /* what the action did: "r0 = -3", "+100000 cycles" */
	const struct hv_call *call; /* a call's arguments (NULL for a transition) */
	int vcpu;                 /* -1: the host */
	int verbose;              /* the rule's: 0 quiet, 1 one line, 2 with the arguments */
	uint64_t insns, ns;       /* the vCPU's retired instructions and virtual time then */
	uint64_t seq;             /* 1, 2, ... over the run */
};

/* What the injector needs from the machine. */
struct hv_fault_env {
	const struct hv_path *path;     /* the ABIs call rules may name */
	uint64_t seed;
	int n_vcpus;                    /* a rule for a vCPU beyond them can never match */
	uint64_t (*insns)(void *opaque, int vcpu);   /* retired instructions (vcpu -1: 0) */
	uint64_t (*ns)(void *opaque, int vcpu);      /* virtual time */
	void (*report)(void *opaque, const struct hv_fault_event *e);
	/* The host's hands (NULL: this machine has none): guest memory as the host sees it, */
	bool (*host_read)(void *opaque, uint64_t gpa, void *buf, size_t len);
	bool (*host_write)(void *opaque, uint64_t gpa, const void *buf, size_t len);
	/* and the board's interrupt controller: is irq a line it can raise (inject false), raise it. */
	bool (*spurious_irq)(void *opaque, uint64_t irq, bool inject);
	bool ipis;                      /* the machine tells its IPIs (drop-ipi can match) */
	void *opaque;
};

struct hv_injector *hv_injector_new(const struct hv_fault_env *env);
void hv_injector_free(struct hv_injector *inj);
/*
 * Add one rule: a JSON object, or the short form `key=value,key=value`
 * (--fault). `source` and `line` name it in messages. Returns false with a
 * message naming source, line and the problem: bad JSON, an unknown key,
 * call or transition, an ABI this machine does not have, a knob out of
 * range, an action that does not fit the target, a filter that can never
 * match.
 */
bool hv_injector_add(struct hv_injector *inj, const char *text, const char *source,
		     unsigned line, char *err, size_t errlen);
/* Add every rule of a JSON Lines file (blank lines and lines starting with '#' skipped). */
bool hv_injector_load(struct hv_injector *inj, const char *path, char *err, size_t errlen);
size_t hv_injector_rules(const struct hv_injector *inj);
/* Rule i as written and what it did so far. */
struct hv_fault_rule_info {
	const char *name, *target, *action;
	uint64_t matched, injected;
};
bool hv_injector_rule_info(const struct hv_injector *inj, size_t i, struct hv_fault_rule_info *out);

/* Put the injector on a path's fault points and (if it has transition rules) mem's gate. */
void hv_injector_attach(struct hv_injector *inj, struct hv_path *path, struct mem_space *mem);

/*
 * The host's actions. toctou and spurious-irq happen at a moment of
 * virtual time ("at", or drawn from the "ns" window by the seed): the
 * machine asks each rule's moment and calls hv_injector_fire then.
 */
bool hv_injector_moment(const struct hv_injector *inj, size_t i, uint64_t *ns);
void hv_injector_fire(struct hv_injector *inj, size_t i);
/* drop-ipi and timer-skew act on events the machine tells: does a rule want them? */
enum hv_host_event { HV_HOST_IPI, HV_HOST_TIMER };
bool hv_injector_watches(const struct hv_injector *inj, enum hv_host_event what);
/* An IPI from vCPU `from` (-1: not known) to vCPU `to`: true if a drop-ipi rule loses it. */
bool hv_injector_ipi(struct hv_injector *inj, int from, int to);
/* vCPU `vcpu`'s timer is armed for cycle `when`: the cycle it fires at (timer-skew). */
uint64_t hv_injector_timer(struct hv_injector *inj, int vcpu, uint64_t when);

#endif
