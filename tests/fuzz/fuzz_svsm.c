/*
 * Fuzz the SVSM core protocol (hv/svsm.c) as a hostile guest at VMPL2
 * drives it: any bytes in its memory (calling areas, PVALIDATE lists,
 * would-be VMSAs), any call id and arguments, from any vCPU, with or
 * without a call pending.
 *
 * Input: operations, each an opcode byte:
 *   op & 1 == 0  write: u16 page offset into RAM (the low 12 bits kept as
 *                the offset, the rest the page), u8 length, then the bytes
 *   op & 1 == 1  call: bits 1-2 the vCPU's APIC id, bit 3 "set CALL_PENDING",
 *                then RAX (u8: core call id, or if 0xff a full u64), then
 *                RCX, RDX, R8 as fuzz_arg tags (RAM pages are the guest's)
 * Invariants: no action touches the SVSM's memory or a calling area's page
 * as a PVALIDATE target; VMSAs are page aligned guest RAM, deleted only
 * once after being made; a handled call leaves CALL_PENDING 0 in the
 * calling area it came through and a return code the protocol defines;
 * PVALIDATE's NEXT never passes its entry count.
 */
#include <string.h>

#include "hv/sev_firmware.h"
#include "hv/svsm.h"
#include "tests/fuzz/fuzz.h"

#define RAM 0x10000000ull
#define PAGES 64
#define SVSM_BASE (RAM + (PAGES - 8) * 4096ull)   /* its last 8 pages */
#define SVSM_SIZE (8 * 4096ull)
#define MAX_OPS 128

struct machine {
	uint8_t ram[PAGES * 4096];
	bool validated[PAGES], vmsa[PAGES];
	const struct svsm *s;
};

static bool in_ram(uint64_t gpa, size_t len)
{
	return gpa >= RAM && len <= PAGES * 4096ull && gpa - RAM <= PAGES * 4096ull - len;
}

/* The host pointer of [gpa, gpa+len) in RAM, or NULL. */
static uint8_t *ram_at(struct machine *m, uint64_t gpa, size_t len)
{
	return in_ram(gpa, len) ? m->ram + (gpa - RAM) : NULL;
}

static bool m_read(void *o, uint64_t gpa, void *buf, size_t len)
{
	uint8_t *p = ram_at(o, gpa, len);
	return p && memcpy(buf, p, len);
}

static bool m_write(void *o, uint64_t gpa, const void *buf, size_t len)
{
	FUZZ_CHECK(gpa < SVSM_BASE || gpa >= SVSM_BASE + SVSM_SIZE);   /* never the SVSM's */
	uint8_t *p = ram_at(o, gpa, len);
	return p && memcpy(p, buf, len);
}

static bool touches_caa(const struct svsm *s, uint64_t gpa, uint64_t len)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (s->ca[i].used && s->ca[i].caa < gpa + len && gpa < s->ca[i].caa + 4096)
			return true;
	return false;
}

static unsigned m_pvalidate(void *o, uint64_t gpa, bool huge, bool validate)
{
	struct machine *m = o;
	uint64_t len = huge ? 0x200000 : 0x1000;
	FUZZ_CHECK(!(gpa & 0xfff));
	FUZZ_CHECK(gpa + len > gpa);
	FUZZ_CHECK(gpa >= SVSM_BASE + SVSM_SIZE || gpa + len <= SVSM_BASE);
	FUZZ_CHECK(!touches_caa(m->s, gpa, len));
	if (!in_ram(gpa, len) || (gpa & (len - 1)))
		return SVSM_PVALIDATE_FAIL_INPUT;
	if (huge)
		return SVSM_PVALIDATE_FAIL_SIZEMISMATCH;
	size_t p = (gpa - RAM) / 4096;
	if (m->validated[p] == validate)
		return SVSM_PVALIDATE_NO_UPDATE;
	m->validated[p] = validate;
	return SVSM_PVALIDATE_OK;
}

static uint64_t m_create(void *o, uint64_t gpa, uint32_t apic)
{
	struct machine *m = o;
	FUZZ_CHECK(!(gpa & 0xfff) && in_ram(gpa, 4096));
	FUZZ_CHECK(gpa < SVSM_BASE);
	size_t p = (gpa - RAM) / 4096;
	FUZZ_CHECK(!m->vmsa[p]);
	/* The machine refuses a VMSA whose first byte is odd (its contents, as a CPU would). */
	if (m->ram[p * 4096] & 1)
		return SVSM_ERR_INVALID_PARAMETER;
	m->vmsa[p] = true;
	return SVSM_SUCCESS;
}

static uint64_t m_delete(void *o, uint64_t gpa)
{
	struct machine *m = o;
	FUZZ_CHECK(in_ram(gpa, 4096) && !(gpa & 0xfff));
	size_t p = (gpa - RAM) / 4096;
	FUZZ_CHECK(m->vmsa[p]);
	m->vmsa[p] = false;
	return SVSM_SUCCESS;
}

static bool defined_code(uint64_t rc)
{
	return rc <= SVSM_ERR_BUSY ? rc == SVSM_SUCCESS || rc >= SVSM_ERR_INCOMPLETE
				   : rc == SVSM_ERR_PVALIDATE_BASE + SVSM_PVALIDATE_FAIL_INPUT ||
					     rc == SVSM_ERR_PVALIDATE_BASE +
							   SVSM_PVALIDATE_FAIL_SIZEMISMATCH ||
					     rc == SVSM_ERR_PVALIDATE_FAIL_UNCHANGED;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	static struct machine m;
	static struct svsm s;
	memset(&m, 0, sizeof(m));
	m.s = &s;
	struct svsm_ops ops = { .opaque = &m, .read = m_read, .write = m_write,
				.pvalidate = m_pvalidate, .create_vcpu = m_create,
				.delete_vcpu = m_delete };
	svsm_init(&s, &ops, SVSM_BASE, SVSM_SIZE, 0, RAM);

	for (int n = 0; n < MAX_OPS && in.n; n++) {
		uint8_t op = fuzz_u8(&in);
		if (!(op & 1)) {
			uint16_t where = fuzz_u16(&in);
			uint64_t off = (where >> 12) % (PAGES - 8) * 4096ull + (where & 0xfff);
			unsigned len = fuzz_u8(&in);
			for (unsigned i = 0; i < len; i++, off++) {
				uint8_t v = fuzz_u8(&in);
				if (off < SVSM_BASE - RAM)
					m.ram[off] = v;
			}
			continue;
		}
		uint32_t apic = op >> 1 & 3;
		struct svsm_regs r = { 0 };
		uint8_t id = fuzz_u8(&in);
		r.rax = id == 0xff ? fuzz_u64(&in) : SVSM_CALL(0, id & 7);
		r.rcx = fuzz_arg(&in, RAM);
		r.rdx = fuzz_arg(&in, RAM);
		r.r8 = fuzz_arg(&in, RAM);
		uint64_t caa = svsm_caa(&s, apic);
		if ((op & 8) && caa && in_ram(caa, 1))
			m.ram[caa - RAM] = 1;
		uint64_t list = r.rcx;
		bool pvalidate = r.rax == SVSM_CALL(0, SVSM_CORE_PVALIDATE);
		if (!svsm_handle(&s, apic, &r))
			continue;
		FUZZ_CHECK(caa && in_ram(caa, 1) && m.ram[caa - RAM] == 0);
		FUZZ_CHECK(defined_code(r.rax));
		if (pvalidate && in_ram(list, 4)) {
			/* Done: NEXT is the count; stopped at an entry: NEXT names it. */
			unsigned entries = snp_get16(m.ram + (list - RAM));
			unsigned next = snp_get16(m.ram + (list - RAM) + 2);
			if (r.rax == SVSM_SUCCESS)
				FUZZ_CHECK(next == entries);
			else if (r.rax >= SVSM_ERR_PVALIDATE_BASE)
				FUZZ_CHECK(next < entries);
		}
	}
	return 0;
}

/* A write op: len bytes at RAM page `page`, offset `off`. */
static void put_write(struct fuzz_buf *b, unsigned page, unsigned off, const uint8_t *bytes,
		      unsigned len)
{
	fuzz_put(b, 1, 0);
	fuzz_put(b, 2, page << 12 | off);
	fuzz_put(b, 1, len);
	for (unsigned i = 0; i < len; i++)
		fuzz_put(b, 1, bytes[i]);
}

/* A call op with pending set: core call id, then RCX, RDX, R8 in full. */
static void put_call(struct fuzz_buf *b, unsigned apic, unsigned id, uint64_t rcx, uint64_t rdx,
		     uint64_t r8)
{
	fuzz_put(b, 1, 1 | apic << 1 | 8);
	fuzz_put(b, 1, id);
	fuzz_put_args(b, (uint64_t[]){ rcx, rdx, r8 }, 3, 3);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };
	/* A PVALIDATE list in the boot calling area's buffer: validate pages 4 and 5. */
	uint8_t list[8 + 16] = { 2, 0, 0, 0 };
	snp_put64(list + 8, (RAM + 4 * 4096) | 4);
	snp_put64(list + 16, (RAM + 5 * 4096) | 4);
	put_write(&b, 0, 8, list, sizeof(list));
	put_call(&b, 0, SVSM_CORE_PVALIDATE, RAM + 8, 0, 0);
	put_call(&b, 0, SVSM_CORE_QUERY_PROTOCOL, 0, 0, 0);
	emit("pvalidate", b.b, b.n);

	b.n = 0;
	put_call(&b, 0, SVSM_CORE_CREATE_VCPU, RAM + 10 * 4096, RAM + 11 * 4096, 1);
	put_call(&b, 1, SVSM_CORE_REMAP_CA, RAM + 12 * 4096, 0, 0);
	put_call(&b, 1, SVSM_CORE_QUERY_PROTOCOL, 0, 0, 0);
	put_call(&b, 0, SVSM_CORE_CREATE_VCPU, RAM + 13 * 4096, RAM + 14 * 4096, 1);
	put_call(&b, 0, SVSM_CORE_DELETE_VCPU, RAM + 10 * 4096, 0, 0);
	put_call(&b, 0, SVSM_CORE_DELETE_VCPU, RAM + 10 * 4096, 0, 0);
	emit("vcpus", b.b, b.n);
}
