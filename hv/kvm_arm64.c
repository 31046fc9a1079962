/*
 * KVM/arm64 vendor hypervisor services (Documentation/virt/kvm/arm/
 * hypercalls.rst): discovery and, for protected VMs, pKVM's memory
 * sharing calls, which move pages between private and shared in mem/.
 */
#include "hv/hv.h"

/* UID 28b46fb6-2ec5-11e9-a9ca-4b564d003a74 in the register order KVM uses. */
void hv_kvm_uid(struct hv_call *call)
{
	call->r[0] = 0xb66fb428u;
	call->r[1] = 0xe911c52eu;
	call->r[2] = 0x564bcaa9u;
	call->r[3] = 0x743a004du;
}

/* FEATURES: bitmap of the function numbers (id & 0xffff) offered to this VM. */
void hv_kvm_features(struct hv_call *call)
{
	uint64_t map[4] = { 0 };
	for (size_t i = 0; i < hv_smccc_abi.n; i++) {
		const struct hv_func *f = &hv_smccc_abi.funcs[i];
		uint32_t num = f->id & 0xffff;
		if ((f->id & 0x3fff0000u) == 0x06000000u && num < 128 &&
		    hv_find(&hv_smccc_abi, f->id, call->plat))
			map[num / 32] |= 1u << (num % 32);
	}
	for (int i = 0; i < 4; i++)
		call->r[i] = map[i];
}

/*
 * PTP (Documentation/virt/kvm/arm/ptp_kvm.rst): x1 selects the counter (0
 * virtual, 1 physical); the answer is the wall clock in ns (w0 high, w1 low)
 * and that counter (w2 high, w3 low) at the same instant. Both come from
 * virtual time, so ptp_kvm sees a clock that is exact and reproducible.
 */
void hv_kvm_ptp(struct hv_call *call)
{
	const struct hv_platform *p = call->plat;
	uint64_t type = call->a[1];
	if (type > 1 || !p->counter || !p->wall_ns)
		return;   /* r[0] stays NOT_SUPPORTED, as KVM answers */
	uint64_t ns = p->wall_ns(p->opaque, call->vcpu);
	uint64_t cnt = p->counter(p->opaque, call->vcpu, type == 1);
	call->r[0] = ns >> 32;
	call->r[1] = (uint32_t)ns;
	call->r[2] = cnt >> 32;
	call->r[3] = (uint32_t)cnt;
}

/* Reserved arguments must be zero (hypercalls.rst: "Reserved / Must be zero"). */
static bool reserved_zero(const struct hv_call *call, int from)
{
	for (int i = from; i <= 3; i++)
		if (call->a[i])
			return false;
	return true;
}

/* HYP_MEMINFO: the memory protection granule, 4 KiB. */
void hv_kvm_hyp_meminfo(struct hv_call *call)
{
	call->r[0] = reserved_zero(call, 1) ? MEM_PAGE_SIZE : (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER;
}

/*
 * MEM_SHARE(ipa) / MEM_UNSHARE(ipa), checked as pKVM's hypervisor checks
 * them (Linux arch/arm64/kvm/hyp/nvhe/pkvm.c pkvm_memshare_call() and
 * pkvm_memunshare_call(); mem_protect.c __pkvm_guest_share_host() and
 * __pkvm_guest_unshare_host()). pKVM answers every refusal below with
 * SMCCC INVALID_PARAMETER:
 *  - x2 or x3 nonzero: both calls reject it before looking at the page
 *    ("if (arg2 || arg3) goto out_guest_err").
 *  - ipa not page-aligned: get_valid_guest_pte() (-EINVAL) -> MEM_ERR_ALIGN.
 *  - sharing a page the guest does not own exclusively, which includes one
 *    it already shared: the guest's stage-2 state must be PKVM_PAGE_OWNED
 *    and the host's PKVM_NOPAGE (-EPERM) -> MEM_ERR_STATE.
 *  - unsharing a page that is not shared: the guest's state must be
 *    PKVM_PAGE_SHARED_OWNED and the host's PKVM_PAGE_SHARED_BORROWED
 *    (-EPERM) -> MEM_ERR_STATE.
 *  - ipa outside guest RAM (a device, a hole): pKVM finds no valid
 *    stage-2 leaf there and hands the call to the host to fault the page
 *    in, which it cannot; hvsim has no separate host to ask and answers
 *    INVALID_PARAMETER at once -> MEM_ERR_NOT_RAM.
 * A refusal by the machine's gate (policy, fault injection) reads the same.
 */
static void page_call(struct hv_call *call, const char *via,
		      enum mem_err (*transition)(struct mem_space *, const struct mem_req *, uint64_t))
{
	struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = (int16_t)call->vcpu,
			       .level = (uint8_t)call->level, .ctx = (uint8_t)call->context, .via = via };
	if (!reserved_zero(call, 2) || transition(call->plat->mem, &who, call->a[1]) != MEM_OK) {
		call->r[0] = (uint64_t)(int64_t)SMCCC_INVALID_PARAMETER;
		return;
	}
	call->r[0] = SMCCC_SUCCESS;
}

/* MEM_SHARE(ipa): one granule of private guest RAM becomes shared with the host. */
void hv_kvm_mem_share(struct hv_call *call)
{
	page_call(call, "KVM_MEM_SHARE", mem_page_share);
}

/* MEM_UNSHARE(ipa): one shared granule becomes private again. */
void hv_kvm_mem_unshare(struct hv_call *call)
{
	page_call(call, "KVM_MEM_UNSHARE", mem_page_unshare);
}

/*
 * MMIO_GUARD(ipa) (hypercalls.rst; 0xC6000007): from now on the guest's
 * accesses to the device granule at ipa are emulated. Reserved x2, x3
 * nonzero, ipa not granule-aligned (pKVM's __pkvm_install_ioguard_page:
 * !PAGE_ALIGNED -> -EINVAL) or not a device's page -> INVALID_PARAMETER.
 * pKVM accepts any IPA its guest stage-2 has no page at (the ioguard
 * walker wants PKVM_NOPAGE), so RAM is refused; hvsim also refuses a hole,
 * where there is nothing to emulate. A guarded page may be guarded again
 * (the walker accepts NOPAGE|MMIO).
 */
void hv_kvm_mmio_guard(struct hv_call *call)
{
	page_call(call, "KVM_MMIO_GUARD", mem_mmio_guard);
}
