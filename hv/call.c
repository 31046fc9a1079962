/*
 * The single hypercall path. Every hypercall and every identification
 * instruction answered by hvsim, on every machine and for every ABI,
 * passes here, in this order: the ABI reads the function id and applies
 * its argument rules; its row is found (a nested ABI's row for two-level
 * ABIs); the fault injector may answer first; the embedding user's hook
 * may answer; otherwise the row's handler does, or the ABI's own
 * "unknown" failure; the fault injector may change the answer; the call
 * is charged its world switch; the observers (stats, traces) see it once,
 * with who answered it.
 */
#include <string.h>

#include "hv/hv.h"

bool hv_offered_protected(const struct hv_platform *plat)
{
	return plat->protected_vm;
}

const struct hv_func *hv_find(const struct hv_abi *abi, uint64_t fn, const struct hv_platform *plat)
{
	for (size_t i = 0; i < abi->n; i++)
		if (abi->funcs[i].id == fn)
			return !abi->funcs[i].offered || abi->funcs[i].offered(plat) ? &abi->funcs[i] : NULL;
	return NULL;
}

const struct hv_abi *hv_route_find(const struct hv_path *p, uint8_t conduit, uint32_t immediate)
{
	for (size_t i = 0; i < p->n_routes; i++) {
		const struct hv_route *r = &p->routes[i];
		if (r->conduit == conduit && (r->any_imm || r->immediate == immediate))
			return r->abi;
	}
	return NULL;
}

/* Nested ABIs are at most this deep (TDCALL -> VMCALL -> a GHCB-style exit: 3). */
#define MAX_NESTING 4

/* Prepare the call for its ABI and find the row, descending into nested ABIs. */
static void find_row(struct hv_call *call)
{
	call->row = NULL;
	for (int depth = 0; depth < MAX_NESTING; depth++) {
		if (!call->abi->prepare(call))
			return;
		call->row = hv_find(call->abi, call->fn, call->plat);
		if (!call->row || !call->row->nested)
			return;
		call->abi = call->row->nested;
	}
	call->row = NULL;   /* deeper than any ABI nests: not a call we know */
}

void hv_call(struct hv_path *p, struct hv_call *call)
{
	p->n_calls++;
	call->plat = p->plat;
	call->cost = p->world_switch;
	memset(call->r, 0, sizeof(call->r));
	call->by = HV_BY_UNKNOWN;
	if (p->charge)
		p->charge(p->charge_opaque, call->vcpu, call->cost);
	if (call->abi) {
		find_row(call);
		if (p->faults.before && p->faults.before(p->faults.opaque, call))
			call->by = HV_BY_FAULT;
		else if (p->hook && p->hook(p->hook_opaque, call))
			call->by = HV_BY_HOOK;
		else if (call->row && call->row->handler) {
			call->by = HV_BY_HANDLER;
			call->row->handler(call);
		} else {
			call->abi->encode_failure(call, HV_FAIL_NOT_SUPPORTED);
		}
		if (p->faults.after) {
			uint64_t cost = call->cost;
			p->faults.after(p->faults.opaque, call);
			if (call->cost > cost && p->charge)
				p->charge(p->charge_opaque, call->vcpu, call->cost - cost);
		}
	}
	if (p->observe)
		p->observe(p->observe_opaque, call);
}

/* Add abi and the ABIs its rows nest to out[], each once. */
static void collect(const struct hv_abi *abi, const struct hv_abi **out, size_t max, size_t *n,
		    int depth)
{
	for (size_t i = 0; i < *n && i < max; i++)
		if (out[i] == abi)
			return;
	if (*n < max)
		out[*n] = abi;
	(*n)++;
	for (size_t i = 0; i < abi->n && depth < MAX_NESTING; i++)
		if (abi->funcs[i].nested)
			collect(abi->funcs[i].nested, out, max, n, depth + 1);
}

size_t hv_path_abis(const struct hv_path *p, const struct hv_abi **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < p->n_routes; i++)
		collect(p->routes[i].abi, out, max, &n, 0);
	return n;
}
