/*
 * The SVSM's core protocol as hvsim plays it: see svsm.h for the interface
 * and its sources.
 */
#include <string.h>

#include "hv/sev_firmware.h"
#include "hv/svsm.h"
#include "mem/snap.h"

#define PAGE 4096ull
#define PAGE_2M 0x200000ull

/* Protocols and versions this SVSM offers (58019 5.7 QUERY_PROTOCOL). */
#define CORE_PROTOCOL 0u
#define CORE_VERSION_MIN 1u
#define CORE_VERSION_MAX 1u

void svsm_init(struct svsm *s, const struct svsm_ops *ops, uint64_t base, uint64_t size,
	       uint32_t boot_apic, uint64_t boot_caa)
{
	memset(s, 0, sizeof(*s));
	s->ops = *ops;
	s->base = base;
	s->size = size;
	s->ca[0].apic_id = boot_apic;
	s->ca[0].caa = boot_caa;
	s->ca[0].used = true;
}

static const char *const core_call_names[SVSM_CORE_CALLS] = {
	[SVSM_CORE_REMAP_CA] = "remap_ca", [SVSM_CORE_PVALIDATE] = "pvalidate",
	[SVSM_CORE_CREATE_VCPU] = "create_vcpu", [SVSM_CORE_DELETE_VCPU] = "delete_vcpu",
	[SVSM_CORE_DEPOSIT_MEM] = "deposit_mem", [SVSM_CORE_WITHDRAW_MEM] = "withdraw_mem",
	[SVSM_CORE_QUERY_PROTOCOL] = "query_protocol", [SVSM_CORE_CONFIGURE_VTOM] = "configure_vtom",
};

const char *svsm_core_call_name(unsigned call)
{
	return call < SVSM_CORE_CALLS ? core_call_names[call] : NULL;
}

static int ca_slot(const struct svsm *s, uint32_t apic_id)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (s->ca[i].used && s->ca[i].apic_id == apic_id)
			return i;
	return -1;
}

void svsm_snapshot(struct svsm *s, struct snap *sn)
{
	snap_section(sn, "svsm");
	snap_val(sn, s->ca);
	snap_val(sn, s->vmsa);
	snap_val(sn, s->stats);
}

uint64_t svsm_caa(const struct svsm *s, uint32_t apic_id)
{
	int i = ca_slot(s, apic_id);
	return i < 0 ? 0 : s->ca[i].caa;
}

/* Does [gpa, gpa+len) touch the SVSM's own memory? (len > 0, no wrap) */
static bool in_svsm(const struct svsm *s, uint64_t gpa, uint64_t len)
{
	return gpa < s->base + s->size && s->base < gpa + len;
}

/*
 * A page the guest names for the SVSM to use (a calling area, a VMSA): page
 * aligned (INVALID_PARAMETER), guest RAM and not the SVSM's (INVALID_ADDRESS).
 */
static uint64_t check_page(const struct svsm *s, uint64_t gpa)
{
	uint8_t probe;
	if (gpa & (PAGE - 1))
		return SVSM_ERR_INVALID_PARAMETER;
	if (gpa > UINT64_MAX - PAGE || in_svsm(s, gpa, PAGE) ||
	    !s->ops.read(s->ops.opaque, gpa, &probe, 1))
		return SVSM_ERR_INVALID_ADDRESS;
	return SVSM_SUCCESS;
}

/* Is this page a calling area of some vCPU? The guest may not invalidate one under us. */
static bool is_caa(const struct svsm *s, uint64_t gpa, uint64_t len)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (s->ca[i].used && s->ca[i].caa < gpa + len && gpa < s->ca[i].caa + PAGE)
			return true;
	return false;
}

/* REMAP_CA (58019 5.1): RCX = the calling vCPU's new calling area. */
static uint64_t remap_ca(struct svsm *s, int slot, struct svsm_regs *r)
{
	uint64_t rc = check_page(s, r->rcx);
	if (rc == SVSM_SUCCESS)
		s->ca[slot].caa = r->rcx;
	return rc;
}

/*
 * One entry of the PVALIDATE list (asm/sev.h struct svsm_pvalidate_entry):
 * bits 1:0 page size (0 4K, 1 2M), 2 action (1 validate), 3 ignore CF,
 * 11:4 reserved, 63:12 the frame number.
 */
static uint64_t pvalidate_entry(struct svsm *s, uint64_t e)
{
	unsigned size = e & 3;
	bool validate = e >> 2 & 1, ignore_cf = e >> 3 & 1;
	uint64_t gpa = e & ~(PAGE - 1), len = size ? PAGE_2M : PAGE;
	if (size > 1 || (e >> 4 & 0xff))
		return SVSM_ERR_INVALID_PARAMETER;
	if (gpa > UINT64_MAX - len || in_svsm(s, gpa, len) || is_caa(s, gpa, len))
		return SVSM_ERR_INVALID_ADDRESS;
	unsigned res = s->ops.pvalidate(s->ops.opaque, gpa, size == 1, validate);
	if (res == SVSM_PVALIDATE_NO_UPDATE && !ignore_cf)
		return SVSM_ERR_PVALIDATE_FAIL_UNCHANGED;
	if (res != SVSM_PVALIDATE_OK && res != SVSM_PVALIDATE_NO_UPDATE)
		return SVSM_ERR_PVALIDATE_BASE + res;
	if (res == SVSM_PVALIDATE_OK)
		*(validate ? &s->stats.pages_validated : &s->stats.pages_invalidated) +=
			len / PAGE;
	return SVSM_SUCCESS;
}

/*
 * PVALIDATE (58019 5.2): RCX = the list (struct svsm_pvalidate_call: u16
 * entries, u16 next, 4 reserved, then the entries), which must lie in one
 * page of guest RAM. Entries from NEXT on are done in order; NEXT is written
 * back, so on a failure it names the entry that failed (Linux splits a 2M
 * entry that failed with SIZEMISMATCH into 4K ones from there).
 */
#define PVAL_HDR 8u

static uint64_t pvalidate_list(struct svsm *s, struct svsm_regs *r)
{
	uint64_t gpa = r->rcx;
	uint8_t hdr[PVAL_HDR];
	if (gpa & 7)
		return SVSM_ERR_INVALID_PARAMETER;
	if (gpa > UINT64_MAX - PAGE || in_svsm(s, gpa, PVAL_HDR) ||
	    !s->ops.read(s->ops.opaque, gpa, hdr, sizeof(hdr)))
		return SVSM_ERR_INVALID_ADDRESS;
	unsigned entries = snp_get16(hdr), next = snp_get16(hdr + 2);
	uint64_t room = (PAGE - (gpa & (PAGE - 1)) - PVAL_HDR) / 8;
	if (entries > room || next > entries)
		return SVSM_ERR_INVALID_PARAMETER;
	uint64_t rc = SVSM_SUCCESS;
	for (; next < entries; next++) {
		uint8_t raw[8];
		if (!s->ops.read(s->ops.opaque, gpa + PVAL_HDR + 8ull * next, raw, sizeof(raw))) {
			rc = SVSM_ERR_INVALID_ADDRESS;
			break;
		}
		rc = pvalidate_entry(s, snp_get64(raw));
		if (rc != SVSM_SUCCESS)
			break;
	}
	uint8_t out[2];
	snp_put16(out, (uint16_t)next);
	s->ops.write(s->ops.opaque, gpa + 2, out, sizeof(out));
	return rc;
}

static int vmsa_slot(const struct svsm *s, uint64_t gpa)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (s->vmsa[i].used && s->vmsa[i].gpa == gpa)
			return i;
	return -1;
}

static int free_slot_vmsa(const struct svsm *s)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (!s->vmsa[i].used)
			return i;
	return -1;
}

/*
 * CREATE_VCPU (58019 5.3): RCX = the new VMSA, RDX = its calling area, R8 =
 * its APIC id. A VMSA already made, or one that is the calling area, is
 * refused. The APIC id may have a VMSA already: Linux makes the new one
 * before it deletes the old when a CPU comes back online, so the new one's
 * calling area replaces the old.
 */
static uint64_t create_vcpu(struct svsm *s, struct svsm_regs *r)
{
	uint64_t vmsa = r->rcx, caa = r->rdx;
	uint32_t apic = (uint32_t)r->r8;
	uint64_t rc = check_page(s, vmsa);
	if (rc == SVSM_SUCCESS)
		rc = check_page(s, caa);
	if (rc != SVSM_SUCCESS)
		return rc;
	if (vmsa == caa || r->r8 > UINT32_MAX || vmsa_slot(s, vmsa) >= 0 || is_caa(s, vmsa, PAGE))
		return SVSM_ERR_INVALID_PARAMETER;
	int v = free_slot_vmsa(s), c = ca_slot(s, apic);
	if (c < 0)
		for (c = 0; c < SVSM_MAX_VCPUS && s->ca[c].used; c++)
			;
	if (v < 0 || c >= SVSM_MAX_VCPUS)
		return SVSM_ERR_INVALID_REQUEST;    /* more vCPUs than this SVSM keeps */
	rc = s->ops.create_vcpu(s->ops.opaque, vmsa, apic);
	if (rc != SVSM_SUCCESS)
		return rc;
	s->vmsa[v].gpa = vmsa;
	s->vmsa[v].apic_id = apic;
	s->vmsa[v].used = true;
	s->ca[c].apic_id = apic;
	s->ca[c].caa = caa;
	s->ca[c].used = true;
	return SVSM_SUCCESS;
}

/* DELETE_VCPU (58019 5.4): RCX = a VMSA CREATE_VCPU made. */
static uint64_t delete_vcpu(struct svsm *s, struct svsm_regs *r)
{
	int v = vmsa_slot(s, r->rcx);
	if (v < 0)
		return SVSM_ERR_INVALID_PARAMETER;
	uint64_t rc = s->ops.delete_vcpu(s->ops.opaque, r->rcx);
	if (rc == SVSM_SUCCESS)
		s->vmsa[v].used = false;
	return rc;
}

/*
 * QUERY_PROTOCOL (58019 5.7): RCX[63:32] a protocol, RCX[31:0] a version;
 * out RCX = max version << 32 | min version if offered, 0 if not.
 */
static uint64_t query_protocol(struct svsm_regs *r)
{
	uint32_t protocol = (uint32_t)(r->rcx >> 32);
	r->rcx = protocol == CORE_PROTOCOL ? (uint64_t)CORE_VERSION_MAX << 32 | CORE_VERSION_MIN : 0;
	return SVSM_SUCCESS;
}

bool svsm_handle(struct svsm *s, uint32_t apic_id, struct svsm_regs *r)
{
	int slot = ca_slot(s, apic_id);
	uint8_t pending;
	if (slot < 0 || !s->ops.read(s->ops.opaque, s->ca[slot].caa + SVSM_CA_CALL_PENDING,
				     &pending, 1) || pending != 1)
		return false;
	/* Taken: the guest's exchange after VMGEXIT must read 0. */
	static const uint8_t done = 0;
	s->ops.write(s->ops.opaque, s->ca[slot].caa + SVSM_CA_CALL_PENDING, &done, 1);

	uint32_t protocol = (uint32_t)(r->rax >> 32), call = (uint32_t)r->rax;
	uint64_t rc;
	if (protocol != CORE_PROTOCOL) {
		s->stats.other++;
		rc = SVSM_ERR_UNSUPPORTED_PROTOCOL;
	} else {
		if (call < SVSM_CORE_CALLS)
			s->stats.calls[call]++;
		else
			s->stats.other++;
		switch (call) {
		case SVSM_CORE_REMAP_CA: rc = remap_ca(s, slot, r); break;
		case SVSM_CORE_PVALIDATE: rc = pvalidate_list(s, r); break;
		case SVSM_CORE_CREATE_VCPU: rc = create_vcpu(s, r); break;
		case SVSM_CORE_DELETE_VCPU: rc = delete_vcpu(s, r); break;
		case SVSM_CORE_QUERY_PROTOCOL: rc = query_protocol(r); break;
		default: rc = SVSM_ERR_UNSUPPORTED_CALL; break;  /* memory deposit, vTOM */
		}
	}
	if (rc != SVSM_SUCCESS)
		s->stats.refused++;
	r->rax = rc;
	return true;
}
