/*
 * The fault injector (fault.h): rules parsed from JSON by json-c, matched
 * at the hypercall path's two fault points and at mem/'s transition gate.
 *
 * Whether a matching call gets its fault follows Linux's should_fail()
 * (lib/fault-inject.c) knob by knob: `times` left, then the `space`
 * budget, then every `interval`-th call, then `probability` percent. The
 * random draw is a hash of (seed, rule, how many calls the rule matched),
 * not a shared generator, so adding a rule never moves another rule's
 * faults.
 */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hv/fault.h"

enum target { T_CALL, T_TRANSITION, T_HOST };

/*
 * The actions. `before` ones answer the call themselves (the hook and the
 * handler do not run); `after` ones change the handler's answer.
 */
enum action {
	A_FAIL, A_DROP, A_DELAY, A_CORRUPT, A_REPEAT, A_REFUSE,
	A_TOCTOU, A_SPURIOUS_IRQ, A_DROP_IPI, A_TIMER_SKEW,
};

/*
 * The host's actions name no call or transition: their target is what the
 * host does (`host` says which); `timed` ones happen once, at a moment of
 * virtual time, the others to the events they match (an IPI, a timer).
 */
static const struct {
	const char *name;
	enum target target;
	bool before;
	const char *host;         /* the target's name for host actions */
	bool timed;
} actions[] = {
	[A_FAIL] = { "fail", T_CALL, true },
	[A_DROP] = { "drop", T_CALL, true },
	[A_DELAY] = { "delay", T_CALL, false },
	[A_CORRUPT] = { "corrupt", T_CALL, false },
	[A_REPEAT] = { "repeat", T_CALL, false },
	[A_REFUSE] = { "refuse", T_TRANSITION, true },
	[A_TOCTOU] = { "toctou", T_HOST, false, "host/memory", true },
	[A_SPURIOUS_IRQ] = { "spurious-irq", T_HOST, false, "host/irq", true },
	[A_DROP_IPI] = { "drop-ipi", T_HOST, false, "host/ipi", false },
	[A_TIMER_SKEW] = { "timer-skew", T_HOST, false, "host/timer", false },
};

/* The transitions mem/ names (mem/pageattr.c), "*" for any. */
static const char *const transitions[] = {
	"share", "unshare", "validate", "invalidate", "rmpadjust", "accept",
};

#define MAX_ARG_FILTERS 4
#define ANY (-1)

struct hv_fault_rule {
	char name[96];
	char target_name[64];     /* "smccc/PSCI_CPU_ON", "memattr/share" */
	enum target target;
	enum action action;
	/* Calls: the ABI, and the row (a row pointer), unknown calls, a bare id, or any. */
	const struct hv_abi *abi;
	char pattern[48];         /* row names, as a shell pattern (fnmatch) */
	enum { ROW_PATTERN, ROW_UNKNOWN, ROW_ID } row_kind;
	uint64_t id;
	/* Transitions: the name (NULL: any) and a guest-physical range. */
	const char *transition;
	uint64_t addr_lo, addr_hi;
	/* Filters. */
	int vcpu, level;
	struct {
		unsigned arg;
		uint64_t mask, lo, hi;   /* (a[arg] & mask) in [lo, hi] */
	} args[MAX_ARG_FILTERS];
	unsigned n_args;
	uint64_t insn_lo, insn_hi, ns_lo, ns_hi;
	/* Linux's knobs. */
	unsigned probability;
	uint64_t interval;
	int64_t times;
	uint64_t space;
	int verbose;
	/* The action's parameters. */
	enum hv_failure how;
	bool has_value;
	uint64_t value;           /* fail: the result register 0; corrupt: the result's new value */
	uint64_t cycles;          /* delay; timer-skew: the skew's size */
	bool early;               /* timer-skew: fire `cycles` early, not late */
	uint64_t gpa;             /* toctou: the first byte rewritten */
	unsigned len;             /* toctou: how many bytes (1-8) */
	uint64_t irq;             /* spurious-irq: the board's interrupt number */
	int to;                   /* drop-ipi: the receiving vCPU (ANY) */
	bool has_at;
	uint64_t at_ns;           /* timed actions: the moment */
	unsigned result;          /* corrupt: which result register */
	uint64_t xor_mask, set_mask, clear_mask;
	unsigned count;           /* repeat: extra handler runs */
	char reason[64];          /* refuse */
	/* State. */
	uint64_t matched, injected;
	unsigned index;
};

struct hv_injector {
	struct hv_fault_env env;
	struct hv_fault_rule *rules;
	size_t n, cap;
	bool any_transition;
	uint64_t seq;
	/* The `after` rules armed by the current call's `before` point (calls do not nest). */
	struct hv_fault_rule *armed[8];
	unsigned n_armed;
	mem_gate_fn prev_gate;    /* a gate that was there first: asked first */
	void *prev_gate_opaque;
};

struct hv_injector *hv_injector_new(const struct hv_fault_env *env)
{
	struct hv_injector *inj = calloc(1, sizeof(*inj));
	if (inj)
		inj->env = *env;
	return inj;
}

void hv_injector_free(struct hv_injector *inj)
{
	if (inj)
		free(inj->rules);
	free(inj);
}

size_t hv_injector_rules(const struct hv_injector *inj)
{
	return inj->n;
}

bool hv_injector_rule_info(const struct hv_injector *inj, size_t i, struct hv_fault_rule_info *out)
{
	if (i >= inj->n)
		return false;
	const struct hv_fault_rule *r = &inj->rules[i];
	*out = (struct hv_fault_rule_info){
		.name = r->name, .target = r->target_name, .action = actions[r->action].name,
		.matched = r->matched, .injected = r->injected,
	};
	return true;
}

static uint64_t mix(uint64_t x);

/* ---------------------------------------------------------------- parsing */

struct parse {
	const char *source;
	unsigned line;
	char *err;
	size_t errlen;
	int n_vcpus;
};

static bool fail_at(struct parse *p, const char *fmt, const char *what)
{
	int n = snprintf(p->err, p->errlen, "fault rule %s:%u: ", p->source, p->line);
	if (n >= 0 && (size_t)n < p->errlen)
		snprintf(p->err + n, p->errlen - (size_t)n, fmt, what);
	return false;
}

/* A number: a JSON integer, or a string in C syntax ("0x8400000", "-3"). */
static bool get_num(struct parse *p, json_object *o, const char *key, int64_t *out)
{
	if (json_object_is_type(o, json_type_int)) {
		errno = 0;
		*out = json_object_get_int64(o);
		/* json-c saturates what does not fit an int64; it keeps the magnitude in uint64. */
		if (*out == INT64_MAX && json_object_get_uint64(o) > INT64_MAX)
			*out = (int64_t)json_object_get_uint64(o);
		return true;
	}
	if (json_object_is_type(o, json_type_string)) {
		const char *s = json_object_get_string(o);
		char *end;
		errno = 0;
		*out = s[0] == '-' ? strtoll(s, &end, 0) : (int64_t)strtoull(s, &end, 0);
		if (*s && !*end && !errno)
			return true;
	}
	return fail_at(p, "'%s' needs a number", key);
}

/* [lo, hi] of numbers, both inclusive. */
static bool get_range(struct parse *p, json_object *o, const char *key, uint64_t *lo, uint64_t *hi)
{
	int64_t a, b;
	if (!json_object_is_type(o, json_type_array) || json_object_array_length(o) != 2 ||
	    !get_num(p, json_object_array_get_idx(o, 0), key, &a) ||
	    !get_num(p, json_object_array_get_idx(o, 1), key, &b))
		return fail_at(p, "'%s' needs [first, last]", key);
	if ((uint64_t)a > (uint64_t)b)
		return fail_at(p, "'%s' is an empty range: it can never match", key);
	*lo = (uint64_t)a;
	*hi = (uint64_t)b;
	return true;
}

static bool parse_call(struct parse *p, struct hv_fault_rule *r, const char *spec,
		       const struct hv_path *path)
{
	const char *slash = strchr(spec, '/');
	if (!slash || slash == spec || !slash[1])
		return fail_at(p, "call '%s' is not ABI/NAME (e.g. smccc/PSCI_CPU_ON)", spec);
	const struct hv_abi *abis[32];
	size_t n = path ? hv_path_abis(path, abis, 32) : 0;
	for (size_t i = 0; i < n && i < 32; i++)
		if (strlen(abis[i]->name) == (size_t)(slash - spec) &&
		    !strncmp(abis[i]->name, spec, (size_t)(slash - spec)))
			r->abi = abis[i];
	if (!r->abi)
		return fail_at(p, "call '%s': this machine has no such ABI", spec);
	const char *name = slash + 1;
	char *end;
	unsigned long long id = strtoull(name, &end, 0);
	if (!strcmp(name, "unknown")) {
		r->row_kind = ROW_UNKNOWN;
	} else if (!*end) {
		r->row_kind = ROW_ID;
		r->id = id;
	} else {
		/* A name or a pattern: "PSCI_CPU_ON*" is both SMC32 and SMC64 CPU_ON. */
		bool any = false;
		for (size_t i = 0; i < r->abi->n; i++)
			any |= fnmatch(name, r->abi->funcs[i].name, 0) == 0;
		if (!any || strlen(name) >= sizeof(r->pattern))
			return fail_at(p, "call '%s': the ABI has no call of that name", spec);
		snprintf(r->pattern, sizeof(r->pattern), "%s", name);
		r->row_kind = ROW_PATTERN;
	}
	snprintf(r->target_name, sizeof(r->target_name), "%s", spec);
	r->target = T_CALL;
	return true;
}

static bool parse_transition(struct parse *p, struct hv_fault_rule *r, const char *spec)
{
	if (strcmp(spec, "*") != 0) {
		for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
			if (!strcmp(transitions[i], spec))
				r->transition = transitions[i];
		if (!r->transition)
			return fail_at(p, "unknown transition '%s'", spec);
	}
	snprintf(r->target_name, sizeof(r->target_name), "memattr/%s", spec);
	r->target = T_TRANSITION;
	return true;
}

/* "args": [{"arg": 1, "eq": 5}, {"arg": 2, "min": 0, "max": 15, "mask": 255}] */
static bool parse_args(struct parse *p, struct hv_fault_rule *r, json_object *o)
{
	if (!json_object_is_type(o, json_type_array))
		return fail_at(p, "'%s' needs a list of {\"arg\": N, \"eq\": V} filters", "args");
	size_t n = json_object_array_length(o);
	if (n > MAX_ARG_FILTERS)
		return fail_at(p, "'%s': at most 4 argument filters", "args");
	for (size_t i = 0; i < n; i++) {
		json_object *f = json_object_array_get_idx(o, i), *v;
		int64_t x;
		if (!json_object_is_type(f, json_type_object) || !json_object_object_get_ex(f, "arg", &v))
			return fail_at(p, "'%s': each filter needs \"arg\"", "args");
		if (!get_num(p, v, "arg", &x))
			return false;
		if (x < 0 || !r->abi || (uint64_t)x >= r->abi->n_args)
			return fail_at(p, "'%s': argument index beyond the ABI's registers", "args");
		r->args[i].arg = (unsigned)x;
		r->args[i].mask = UINT64_MAX;
		r->args[i].lo = 0;
		r->args[i].hi = UINT64_MAX;
		json_object_object_foreach(f, key, val) {
			if (!strcmp(key, "arg"))
				continue;
			if (!get_num(p, val, key, &x))
				return false;
			if (!strcmp(key, "eq"))
				r->args[i].lo = r->args[i].hi = (uint64_t)x;
			else if (!strcmp(key, "min"))
				r->args[i].lo = (uint64_t)x;
			else if (!strcmp(key, "max"))
				r->args[i].hi = (uint64_t)x;
			else if (!strcmp(key, "mask"))
				r->args[i].mask = (uint64_t)x;
			else
				return fail_at(p, "unknown argument filter key '%s'", key);
		}
		if (r->args[i].lo > r->args[i].hi || (r->args[i].lo & ~r->args[i].mask))
			return fail_at(p, "'%s': an argument filter that can never match", "args");
	}
	r->n_args = (unsigned)n;
	return true;
}

static bool parse_failure(struct parse *p, struct hv_fault_rule *r, const char *s)
{
	static const char *const names[] = {
		[HV_FAIL_NOT_SUPPORTED] = "not-supported", [HV_FAIL_INVALID] = "invalid",
		[HV_FAIL_DENIED] = "denied",
	};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i], s)) {
			r->how = (enum hv_failure)i;
			return true;
		}
	return fail_at(p, "'error' is one of not-supported, invalid, denied, not '%s'", s);
}

/* The keys besides the target's, each with what it sets. */
static bool parse_key(struct parse *p, struct hv_fault_rule *r, const char *key, json_object *v)
{
	int64_t x = 0;
	const char *s = json_object_get_string(v);
	if (!strcmp(key, "name")) {
		snprintf(r->name, sizeof(r->name), "%s", s);
		return true;
	}
	if (!strcmp(key, "args"))
		return parse_args(p, r, v);
	if (!strcmp(key, "insns"))
		return get_range(p, v, key, &r->insn_lo, &r->insn_hi);
	if (!strcmp(key, "ns"))
		return get_range(p, v, key, &r->ns_lo, &r->ns_hi);
	if (!strcmp(key, "cycles") && r->action == A_TIMER_SKEW) {
		if (!get_num(p, v, key, &x))
			return false;
		if (x == 0 || x == INT64_MIN)
			return fail_at(p, "'%s' is a non-zero skew (negative: early)", key);
		r->early = x < 0;
		r->cycles = (uint64_t)(x < 0 ? -x : x);
		return true;
	}
	if (!strcmp(key, "addr"))
		return get_range(p, v, key, &r->addr_lo, &r->addr_hi);
	if (!strcmp(key, "error"))
		return parse_failure(p, r, s);
	if (!strcmp(key, "reason")) {
		snprintf(r->reason, sizeof(r->reason), "%s", s);
		return true;
	}
	if (!get_num(p, v, key, &x))
		return false;
	if (!strcmp(key, "probability")) {
		if (x < 1 || x > 100)
			return fail_at(p, "'%s' is a percentage from 1 to 100", key);
		r->probability = (unsigned)x;
	} else if (!strcmp(key, "interval")) {
		if (x < 1)
			return fail_at(p, "'%s' is at least 1", key);
		r->interval = (uint64_t)x;
	} else if (!strcmp(key, "times")) {
		if (x == 0 || x < -1)
			return fail_at(p, "'%s' is -1 (no limit) or a positive count", key);
		r->times = x;
	} else if (!strcmp(key, "space")) {
		if (x < 0)
			return fail_at(p, "'%s' is a count of calls to let through", key);
		r->space = (uint64_t)x;
	} else if (!strcmp(key, "verbose")) {
		if (x < 0 || x > 2)
			return fail_at(p, "'%s' is 0, 1 or 2", key);
		r->verbose = (int)x;
	} else if (!strcmp(key, "vcpu")) {
		if (x < 0 || x >= p->n_vcpus)
			return fail_at(p, "'%s' is beyond this machine's vCPUs: it can never match", key);
		r->vcpu = (int)x;
	} else if (!strcmp(key, "level")) {
		if (x < 0 || x > 3)
			return fail_at(p, "'%s' is a privilege level from 0 to 3", key);
		r->level = (int)x;
	} else if (!strcmp(key, "value")) {
		r->has_value = true;
		r->value = (uint64_t)x;
	} else if (!strcmp(key, "cycles")) {
		if (x < 1)
			return fail_at(p, "'%s' is a positive count", key);
		r->cycles = (uint64_t)x;
	} else if (!strcmp(key, "result")) {
		if (x < 0 || !r->abi || (uint64_t)x >= r->abi->n_results)
			return fail_at(p, "'%s' is beyond the ABI's result registers", key);
		r->result = (unsigned)x;
	} else if (!strcmp(key, "xor")) {
		r->xor_mask = (uint64_t)x;
	} else if (!strcmp(key, "set")) {
		r->set_mask = (uint64_t)x;
	} else if (!strcmp(key, "clear")) {
		r->clear_mask = (uint64_t)x;
	} else if (!strcmp(key, "gpa")) {
		r->gpa = (uint64_t)x;
	} else if (!strcmp(key, "len")) {
		if (x < 1 || x > 8)
			return fail_at(p, "'%s' is 1 to 8 bytes", key);
		r->len = (unsigned)x;
	} else if (!strcmp(key, "irq")) {
		if (x < 0)
			return fail_at(p, "'%s' is an interrupt number", key);
		r->irq = (uint64_t)x;
	} else if (!strcmp(key, "to")) {
		if (x < 0 || x >= p->n_vcpus)
			return fail_at(p, "'%s' is beyond this machine's vCPUs: it can never match", key);
		r->to = (int)x;
	} else if (!strcmp(key, "at")) {
		if (x < 0)
			return fail_at(p, "'%s' is a moment in ns of virtual time", key);
		r->has_at = true;
		r->at_ns = (uint64_t)x;
	} else if (!strcmp(key, "count")) {
		if (x < 1 || x > 16)
			return fail_at(p, "'%s' is 1 to 16 extra runs", key);
		r->count = (unsigned)x;
	} else {
		return fail_at(p, "unknown key '%s'", key);
	}
	return true;
}

/* Which keys each action takes (besides the target, the filters and the knobs). */
static bool action_fits(struct parse *p, const struct hv_fault_rule *r, json_object *o)
{
#define BIT(a) (1u << (a))
#define CALLS (BIT(A_FAIL) | BIT(A_DROP) | BIT(A_DELAY) | BIT(A_CORRUPT) | BIT(A_REPEAT))
#define TIMED (BIT(A_TOCTOU) | BIT(A_SPURIOUS_IRQ))
#define MATCHED (~TIMED)    /* the actions applied to the events they match */
	static const struct {
		const char *key;
		unsigned actions;    /* bit per enum action */
	} only[] = {
		{ "error", BIT(A_FAIL) }, { "value", BIT(A_FAIL) | BIT(A_CORRUPT) | BIT(A_TOCTOU) },
		{ "cycles", BIT(A_DELAY) | BIT(A_TIMER_SKEW) }, { "result", BIT(A_CORRUPT) },
		{ "xor", BIT(A_CORRUPT) | BIT(A_TOCTOU) }, { "set", BIT(A_CORRUPT) },
		{ "clear", BIT(A_CORRUPT) }, { "count", BIT(A_REPEAT) }, { "reason", BIT(A_REFUSE) },
		{ "args", CALLS }, { "addr", BIT(A_REFUSE) },
		{ "gpa", BIT(A_TOCTOU) }, { "len", BIT(A_TOCTOU) }, { "irq", BIT(A_SPURIOUS_IRQ) },
		{ "to", BIT(A_DROP_IPI) }, { "at", TIMED },
		/* A timed action is the host's, once: no caller, no count of calls. */
		{ "vcpu", MATCHED }, { "level", MATCHED & ~BIT(A_DROP_IPI) & ~BIT(A_TIMER_SKEW) },
		{ "insns", MATCHED }, { "times", MATCHED }, { "space", MATCHED },
		{ "interval", MATCHED },
	};
#undef BIT
#undef CALLS
#undef TIMED
#undef MATCHED
	for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++)
		if (json_object_object_get_ex(o, only[i].key, NULL) && !(only[i].actions & 1u << r->action))
			return fail_at(p, "'%s' does not apply to this action", only[i].key);
	if ((r->action == A_DELAY || r->action == A_TIMER_SKEW) && !r->cycles)
		return fail_at(p, "%s needs \"cycles\"", actions[r->action].name);
	if (r->action == A_CORRUPT && !r->has_value && !r->xor_mask && !r->set_mask && !r->clear_mask)
		return fail_at(p, "%s needs \"xor\", \"set\", \"clear\" or \"value\"", "corrupt");
	if (r->action == A_REPEAT && r->row_kind == ROW_UNKNOWN)
		return fail_at(p, "%s: unknown calls have no handler to run again", "repeat");
	if (r->action == A_TOCTOU && (!json_object_object_get_ex(o, "gpa", NULL) ||
				      (!r->has_value && !r->xor_mask)))
		return fail_at(p, "%s needs \"gpa\" and \"value\" or \"xor\"", "toctou");
	if (r->action == A_SPURIOUS_IRQ && !json_object_object_get_ex(o, "irq", NULL))
		return fail_at(p, "%s needs \"irq\"", "spurious-irq");
	if (actions[r->action].timed && r->has_at == json_object_object_get_ex(o, "ns", NULL))
		return fail_at(p, "%s needs its moment: \"at\" (ns) or a window \"ns\" to draw it from",
			       actions[r->action].name);
	return true;
}

/* The short form of --fault: key=value,key=value (no lists: "args" needs JSON). */
static json_object *short_form(const char *text)
{
	json_object *o = json_object_new_object();
	char *copy = strdup(text), *save = NULL;
	if (!o || !copy) {
		json_object_put(o);
		free(copy);
		return NULL;
	}
	for (char *kv = strtok_r(copy, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		if (!eq) {
			json_object_put(o);
			o = NULL;
			break;
		}
		*eq = 0;
		json_object_object_add(o, kv, json_object_new_string(eq + 1));
	}
	free(copy);
	return o;
}

static bool parse_rule(struct parse *p, struct hv_fault_rule *r, json_object *o,
		       const struct hv_path *path)
{
	json_object *v;
	if (!json_object_is_type(o, json_type_object))
		return fail_at(p, "%s", "a rule is a JSON object");
	if (!json_object_object_get_ex(o, "action", &v))
		return fail_at(p, "%s", "a rule needs an \"action\"");
	const char *an = json_object_get_string(v);
	size_t a = 0;
	while (a < sizeof(actions) / sizeof(actions[0]) && strcmp(actions[a].name, an))
		a++;
	if (a == sizeof(actions) / sizeof(actions[0]))
		return fail_at(p, "unknown action '%s'", an);
	bool call = json_object_object_get_ex(o, "call", &v);
	bool transition = json_object_object_get_ex(o, "transition", NULL);
	if (actions[a].target == T_HOST) {
		/* The host's actions: the action is the target. */
		if (call || transition)
			return fail_at(p, "action '%s' is the host's: it takes no call or transition", an);
		snprintf(r->target_name, sizeof(r->target_name), "%s", actions[a].host);
		r->target = T_HOST;
	} else if (call == transition) {
		return fail_at(p, "%s", "a rule names one \"call\" or one \"transition\"");
	} else if (call ? !parse_call(p, r, json_object_get_string(v), path)
			: !parse_transition(p, r, json_object_get_string(json_object_object_get(o, "transition")))) {
		return false;
	}
	if (actions[a].target != r->target)
		return fail_at(p, "action '%s' does not apply to this target", an);
	r->action = (enum action)a;
	json_object_object_foreach(o, key, val) {
		if (!strcmp(key, "call") || !strcmp(key, "transition") || !strcmp(key, "action"))
			continue;
		if (!parse_key(p, r, key, val))
			return false;
	}
	return action_fits(p, r, o);
}

bool hv_injector_add(struct hv_injector *inj, const char *text, const char *source,
		     unsigned line, char *err, size_t errlen)
{
	struct parse p = { source, line, err, errlen, inj->env.n_vcpus };
	while (*text == ' ' || *text == '\t')
		text++;
	json_object *o;
	if (*text == '{') {
		enum json_tokener_error jerr;
		o = json_tokener_parse_verbose(text, &jerr);
		if (!o)
			return fail_at(&p, "bad JSON: %s", json_tokener_error_desc(jerr));
	} else if (!(o = short_form(text))) {
		return fail_at(&p, "'%s' is neither a JSON object nor key=value,...", text);
	}
	if (inj->n == inj->cap) {
		size_t cap = inj->cap ? inj->cap * 2 : 8;
		struct hv_fault_rule *rules = realloc(inj->rules, cap * sizeof(*rules));
		if (!rules) {
			json_object_put(o);
			return fail_at(&p, "%s", "out of memory");
		}
		inj->rules = rules;
		inj->cap = cap;
	}
	struct hv_fault_rule *r = &inj->rules[inj->n];
	/* Linux's defaults, except that a rule fires (probability 100) once (times 1). */
	*r = (struct hv_fault_rule){
		.vcpu = ANY, .level = ANY, .probability = 100, .interval = 1, .times = 1,
		.verbose = 1, .how = HV_FAIL_DENIED, .insn_hi = UINT64_MAX, .ns_hi = UINT64_MAX,
		.addr_hi = UINT64_MAX, .index = (unsigned)inj->n, .to = ANY, .len = 8,
	};
	bool ok = parse_rule(&p, r, o, inj->env.path);
	json_object_put(o);
	if (ok && r->action == A_SPURIOUS_IRQ &&
	    (!inj->env.spurious_irq || !inj->env.spurious_irq(inj->env.opaque, r->irq, false))) {
		char irq[24];
		snprintf(irq, sizeof(irq), "%" PRIu64, r->irq);
		ok = fail_at(&p, "'irq': this machine's interrupt controller has no line %s to raise", irq);
	}
	if (ok && r->action == A_DROP_IPI && !inj->env.ipis)
		ok = fail_at(&p, "%s: this machine's IPIs pass no gate: it can never match", "drop-ipi");
	if (ok && r->action == A_TOCTOU && !inj->env.host_write)
		ok = fail_at(&p, "%s: this machine lets no host write guest memory", "toctou");
	if (!ok)
		return false;
	if (actions[r->action].timed && !r->has_at) {
		/* A random moment in the window, drawn from the seed and the rule alone. */
		uint64_t span = r->ns_hi - r->ns_lo;
		uint64_t draw = mix(inj->env.seed ^ mix((uint64_t)r->index << 40 | 0xa7));
		r->at_ns = r->ns_lo + (span == UINT64_MAX ? draw : draw % (span + 1));
	}
	if (!r->name[0])
		snprintf(r->name, sizeof(r->name), "%s:%u", source, line);
	if (r->target == T_TRANSITION)
		inj->any_transition = true;
	inj->n++;
	return true;
}

bool hv_injector_load(struct hv_injector *inj, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot open fault rules '%s': %s", path, strerror(errno));
		return false;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned no = 0;
	bool ok = true;
	ssize_t len;
	while (ok && (len = getline(&line, &cap, f)) >= 0) {
		no++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = 0;
		const char *s = line + strspn(line, " \t");
		if (*s && *s != '#')
			ok = hv_injector_add(inj, s, path, no, err, errlen);
	}
	free(line);
	fclose(f);
	return ok;
}

/* --------------------------------------------------------------- deciding */

/* splitmix64's finaliser: a well-mixed hash of the seed, the rule and the match count. */
static uint64_t mix(uint64_t x)
{
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* Linux's should_fail(), knob by knob (lib/fault-inject.c), for one matching call. */
static bool should_fail(const struct hv_injector *inj, struct hv_fault_rule *r)
{
	r->matched++;
	if (r->times == 0)
		return false;
	if (r->space > 0) {
		r->space--;
		return false;
	}
	if (r->interval > 1 && r->matched % r->interval)
		return false;
	uint64_t draw = mix(inj->env.seed ^ mix(((uint64_t)r->index << 40) ^ r->matched)) % 100;
	if (r->probability <= draw)
		return false;
	if (r->times > 0)
		r->times--;
	return true;
}

static bool in_window(const struct hv_injector *inj, const struct hv_fault_rule *r, int vcpu)
{
	if (r->vcpu != ANY && r->vcpu != vcpu)
		return false;
	if (r->insn_lo || r->insn_hi != UINT64_MAX) {
		uint64_t n = inj->env.insns(inj->env.opaque, vcpu);
		if (n < r->insn_lo || n > r->insn_hi)
			return false;
	}
	if (r->ns_lo || r->ns_hi != UINT64_MAX) {
		uint64_t t = inj->env.ns(inj->env.opaque, vcpu);
		if (t < r->ns_lo || t > r->ns_hi)
			return false;
	}
	return true;
}

static bool call_matches(const struct hv_injector *inj, const struct hv_fault_rule *r,
			 const struct hv_call *c)
{
	if (r->target != T_CALL || r->abi != c->abi)
		return false;
	switch (r->row_kind) {
	case ROW_PATTERN: if (!c->row || fnmatch(r->pattern, c->row->name, 0)) return false; break;
	case ROW_UNKNOWN: if (c->row) return false; break;
	case ROW_ID: if (c->fn != r->id) return false; break;
	}
	if (r->level != ANY && r->level != c->level)
		return false;
	for (unsigned i = 0; i < r->n_args; i++) {
		uint64_t a = c->a[r->args[i].arg] & r->args[i].mask;
		if (a < r->args[i].lo || a > r->args[i].hi)
			return false;
	}
	return in_window(inj, r, c->vcpu);
}

static void report(struct hv_injector *inj, struct hv_fault_rule *r, const struct hv_call *c,
		   int vcpu, const char *target, const char *detail)
{
	r->injected++;
	struct hv_fault_event e = {
		.rule = r, .call = c, .rule_index = r->index, .rule_name = r->name,
		.action = actions[r->action].name, .vcpu = vcpu, .verbose = r->verbose,
		.insns = inj->env.insns(inj->env.opaque, vcpu), .ns = inj->env.ns(inj->env.opaque, vcpu),
		.seq = ++inj->seq,
	};
	snprintf(e.target, sizeof(e.target), "%s", target);
	snprintf(e.detail, sizeof(e.detail), "%s", detail);
	if (inj->env.report)
		inj->env.report(inj->env.opaque, &e);
}

static const char *call_target(const struct hv_call *c, char *buf, size_t len)
{
	if (c->row)
		snprintf(buf, len, "%s/%s", c->abi->name, c->row->name);
	else
		snprintf(buf, len, "%s/0x%" PRIx64, c->abi->name, c->fn);
	return buf;
}

/* The `before` point: a fail or drop answers the call; later actions are armed. */
static bool fault_before(void *opaque, struct hv_call *c)
{
	struct hv_injector *inj = opaque;
	inj->n_armed = 0;
	for (size_t i = 0; i < inj->n; i++) {
		struct hv_fault_rule *r = &inj->rules[i];
		if (!call_matches(inj, r, c) || !should_fail(inj, r))
			continue;
		if (!actions[r->action].before) {
			if (inj->n_armed < sizeof(inj->armed) / sizeof(inj->armed[0]))
				inj->armed[inj->n_armed++] = r;
			continue;
		}
		char target[96], detail[96];
		if (r->action == A_FAIL) {
			c->abi->encode_failure(c, r->how);
			if (r->has_value)
				c->r[0] = r->value;
			snprintf(detail, sizeof(detail), "r0 = %" PRId64, (int64_t)c->r[0]);
		} else {
			/* drop: success (0 in the first result, as every ABI here encodes it), nothing done. */
			memset(c->r, 0, sizeof(c->r));
			snprintf(detail, sizeof(detail), "answered success, not carried out");
		}
		inj->n_armed = 0;
		report(inj, r, c, c->vcpu, call_target(c, target, sizeof(target)), detail);
		return true;
	}
	return false;
}

/* The `after` point: the armed rules change the answer, in rule order. */
static void fault_after(void *opaque, struct hv_call *c)
{
	struct hv_injector *inj = opaque;
	for (unsigned i = 0; i < inj->n_armed; i++) {
		struct hv_fault_rule *r = inj->armed[i];
		char target[96], detail[96];
		if (r->action == A_DELAY) {
			c->cost += r->cycles;
			snprintf(detail, sizeof(detail), "+%" PRIu64 " cycles", r->cycles);
		} else if (r->action == A_CORRUPT) {
			uint64_t *x = &c->r[r->result], was = *x;
			if (r->has_value)
				*x = r->value;
			*x = ((*x ^ r->xor_mask) | r->set_mask) & ~r->clear_mask;
			snprintf(detail, sizeof(detail), "r%u 0x%" PRIx64 " -> 0x%" PRIx64, r->result, was, *x);
		} else {
			/* repeat: the hypervisor carries the call out again; the guest sees the last answer. */
			uint64_t first = c->r[0];
			if (c->by != HV_BY_HANDLER || !c->row || !c->row->handler)
				continue;
			for (unsigned k = 0; k < r->count; k++)
				c->row->handler(c);
			snprintf(detail, sizeof(detail), "%u more time(s), r0 0x%" PRIx64 " -> 0x%" PRIx64,
				 r->count, first, c->r[0]);
		}
		report(inj, r, c, c->vcpu, call_target(c, target, sizeof(target)), detail);
	}
	inj->n_armed = 0;
}

/* mem/'s gate: refuse a transition a rule matches. */
static const char *fault_gate(void *opaque, const struct mem_transition *t)
{
	struct hv_injector *inj = opaque;
	if (inj->prev_gate) {
		const char *why = inj->prev_gate(inj->prev_gate_opaque, t);
		if (why)
			return why;
	}
	for (size_t i = 0; i < inj->n; i++) {
		struct hv_fault_rule *r = &inj->rules[i];
		if (r->target != T_TRANSITION || (r->transition && strcmp(r->transition, t->name)) ||
		    t->gpa < r->addr_lo || t->gpa > r->addr_hi ||
		    (r->level != ANY && (t->who.vcpu < 0 || r->level != t->who.level)) ||
		    !in_window(inj, r, t->who.vcpu) || !should_fail(inj, r))
			continue;
		char target[64], detail[128];
		snprintf(target, sizeof(target), "memattr/%s", t->name);
		snprintf(detail, sizeof(detail), "gpa 0x%" PRIx64 " refused: %s", t->gpa,
			 r->reason[0] ? r->reason : "injected fault");
		report(inj, r, NULL, t->who.vcpu, target, detail);
		return r->reason[0] ? r->reason : "injected fault";
	}
	return NULL;
}

void hv_injector_attach(struct hv_injector *inj, struct hv_path *path, struct mem_space *mem)
{
	path->faults = (struct hv_faults){ .before = fault_before, .after = fault_after, .opaque = inj };
	if (inj->any_transition && mem) {
		inj->prev_gate = mem->gate;
		inj->prev_gate_opaque = mem->gate_opaque;
		mem_set_gate(mem, fault_gate, inj);
	}
}

/* ---------------------------------------------------------- the host's actions */

bool hv_injector_moment(const struct hv_injector *inj, size_t i, uint64_t *ns)
{
	if (i >= inj->n || !actions[inj->rules[i].action].timed)
		return false;
	*ns = inj->rules[i].at_ns;
	return true;
}

bool hv_injector_watches(const struct hv_injector *inj, enum hv_host_event what)
{
	enum action a = what == HV_HOST_IPI ? A_DROP_IPI : A_TIMER_SKEW;
	for (size_t i = 0; i < inj->n; i++)
		if (inj->rules[i].action == a)
			return true;
	return false;
}

/* toctou: the bytes at gpa as the rule says; refused if the guest has not shared them. */
static void toctou(struct hv_injector *inj, struct hv_fault_rule *r)
{
	uint8_t was[8] = { 0 }, now[8];
	char detail[128];
	if (!inj->env.host_read(inj->env.opaque, r->gpa, was, r->len)) {
		snprintf(detail, sizeof(detail), "gpa 0x%" PRIx64 ": not the host's to read, untouched",
			 r->gpa);
	} else {
		uint64_t old = 0, val;
		memcpy(&old, was, r->len);    /* little-endian, as every ISA here */
		val = ((r->has_value ? r->value : old) ^ r->xor_mask);
		memcpy(now, &val, r->len);
		bool done = inj->env.host_write(inj->env.opaque, r->gpa, now, r->len);
		uint64_t mask = r->len == 8 ? UINT64_MAX : (1ull << (8 * r->len)) - 1;
		snprintf(detail, sizeof(detail), "gpa 0x%" PRIx64 " %u bytes 0x%" PRIx64 " -> 0x%" PRIx64 "%s",
			 r->gpa, r->len, old, val & mask, done ? "" : ": refused (private), untouched");
	}
	report(inj, r, NULL, -1, actions[r->action].host, detail);
}

void hv_injector_fire(struct hv_injector *inj, size_t i)
{
	if (i >= inj->n || !actions[inj->rules[i].action].timed)
		return;
	struct hv_fault_rule *r = &inj->rules[i];
	if (!should_fail(inj, r))
		return;
	if (r->action == A_TOCTOU) {
		toctou(inj, r);
		return;
	}
	char detail[64];
	inj->env.spurious_irq(inj->env.opaque, r->irq, true);
	snprintf(detail, sizeof(detail), "interrupt %" PRIu64 " raised", r->irq);
	report(inj, r, NULL, -1, actions[r->action].host, detail);
}

bool hv_injector_ipi(struct hv_injector *inj, int from, int to)
{
	for (size_t i = 0; i < inj->n; i++) {
		struct hv_fault_rule *r = &inj->rules[i];
		if (r->action != A_DROP_IPI || (r->to != ANY && r->to != to) ||
		    (r->vcpu != ANY && from < 0) || !in_window(inj, r, from) || !should_fail(inj, r))
			continue;
		char detail[64];
		snprintf(detail, sizeof(detail), "IPI to vCPU %d lost", to);
		report(inj, r, NULL, from, actions[r->action].host, detail);
		return true;
	}
	return false;
}

uint64_t hv_injector_timer(struct hv_injector *inj, int vcpu, uint64_t when)
{
	for (size_t i = 0; i < inj->n; i++) {
		struct hv_fault_rule *r = &inj->rules[i];
		if (r->action != A_TIMER_SKEW || !in_window(inj, r, vcpu) || !should_fail(inj, r))
			continue;
		when = r->early ? (when > r->cycles ? when - r->cycles : 0)
				: (when > UINT64_MAX - r->cycles ? UINT64_MAX : when + r->cycles);
		char detail[96];
		snprintf(detail, sizeof(detail), "fires at cycle %" PRIu64 ", %" PRIu64 " cycles %s",
			 when, r->cycles, r->early ? "early" : "late");
		report(inj, r, NULL, vcpu, actions[r->action].host, detail);
	}
	return when;
}
