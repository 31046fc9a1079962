/*
 * hvsim as the SEV-SNP guest's hypervisor (hv/sev_ghcb.c) through the
 * single hypercall path, on hv/ and mem/ alone with a fake machine: every
 * GHCB MSR-protocol request, every GHCB page exit, and each refusal a
 * hostile guest can provoke (missing valid bits, a GHCB not registered or
 * not shared, scratch areas out of bounds, bad PSC descriptors, bad VMPLs
 * and VMSAs), checked in the GHCB the guest reads back.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv/sev_ghcb.h"

#define SHARED 0x100000ull        /* 1 MiB of shared RAM */
#define PRIVATE 0x400000ull       /* 1 MiB of private RAM */
#define GHCB (SHARED + 0x3000)
#define N_CPUS 2
#define CBIT 51
#define FEATURES 0x1ull           /* SEV_FEATURES the VM's VMSAs have (SNPActive) */

/* GHCB offsets (GHCB spec "GHCB Layout"), as the guest writes them. */
enum {
	CPL = 0x0cb, RAX = 0x1f8, RCX = 0x308, RDX = 0x310, RBX = 0x318, RSI = 0x330,
	EXIT_CODE = 0x390, INFO1 = 0x398, INFO2 = 0x3a0, SCRATCH = 0x3a8, XCR0 = 0x3e8,
	VALID = 0x3f0, BUF = 0x800, VERSION = 0xffa, USAGE = 0xffc,
};

struct psc_call {
	uint64_t gpa, npages;
	bool priv, huge;
};

struct fixture {
	struct mem_space mem;
	struct hv_platform plat;
	struct hv_path path;
	struct hv_sev sev;
	uint8_t g[4096];          /* the GHCB the test guest builds, then reads back */
	/* What the machine was asked to do. */
	struct psc_call psc[8];
	int n_psc;
	bool psc_refuse;
	bool psc_real;            /* the machine's PSC changes the pages (mem/ transitions) */
	bool firmware_broken;     /* the firmware model cannot take requests */
	int nmis_done;
	uint16_t out_port;
	uint32_t out_val[8];
	int n_out;
	uint64_t msr_written;
	uint64_t mmio_gpa;
	uint8_t mmio_data[8];
	unsigned mmio_len;
	uint32_t ap_apic;
	unsigned ap_vmpl;
	uint64_t ap_vmsa;
	bool ap_on_init, ap_destroyed;
	int run_vmpl;
	uint64_t req, resp;
	unsigned term_set, term_code;
	char term_why[96];
	char fatal_why[96];
	unsigned fault_vmpl;
	uint64_t fault_gpa, fault_info;
	const char *seen_abi, *seen_row;
};

static void cpuid(void *o, int vcpu, uint32_t leaf, uint32_t subleaf, uint64_t xcr0, uint32_t out[4])
{
	out[0] = leaf;
	out[1] = subleaf;
	out[2] = (uint32_t)xcr0;
	out[3] = 0xd0d0d0d0;
}

static uint32_t io_in(void *o, int vcpu, uint16_t port, unsigned size)
{
	return 0x12345678u + port;
}

static void io_out(void *o, int vcpu, uint16_t port, unsigned size, uint32_t value)
{
	struct fixture *f = o;
	f->out_port = port;
	if (f->n_out < 8)
		f->out_val[f->n_out++] = value;
}

enum { MSR_KNOWN = 0xc0000100 };

static bool rdmsr(void *o, int vcpu, uint32_t msr, uint64_t *value)
{
	*value = 0x1122334455667788ull;
	return msr == MSR_KNOWN;
}

static bool wrmsr(void *o, int vcpu, uint32_t msr, uint64_t value)
{
	((struct fixture *)o)->msr_written = value;
	return msr == MSR_KNOWN;
}

#define MMIO_DEV 0xfe000000ull

static bool mmio_read(void *o, int vcpu, uint64_t gpa, void *buf, unsigned len)
{
	static const uint8_t bytes[8] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8 };
	memcpy(buf, bytes, len);
	((struct fixture *)o)->mmio_gpa = gpa;
	return gpa == MMIO_DEV;
}

static bool mmio_write(void *o, int vcpu, uint64_t gpa, const void *buf, unsigned len)
{
	struct fixture *f = o;
	f->mmio_gpa = gpa;
	f->mmio_len = len;
	memcpy(f->mmio_data, buf, len);
	return gpa == MMIO_DEV;
}

static bool psc(void *o, int vcpu, uint64_t gpa, uint64_t npages, bool to_private, bool huge)
{
	struct fixture *f = o;
	if (f->n_psc < 8)
		f->psc[f->n_psc++] = (struct psc_call){ gpa, npages, to_private, huge };
	for (uint64_t i = 0; f->psc_real && i < npages; i++)
		if (to_private)
			mem_page_unshare(&f->mem, &mem_host, gpa + i * 4096);
		else
			mem_page_share(&f->mem, &mem_host, gpa + i * 4096);
	return !f->psc_refuse;
}

static bool ap_create(void *o, int vcpu, uint32_t apic_id, unsigned vmpl, uint64_t vmsa, bool on_init)
{
	struct fixture *f = o;
	f->ap_apic = apic_id;
	f->ap_vmpl = vmpl;
	f->ap_vmsa = vmsa;
	f->ap_on_init = on_init;
	return apic_id < N_CPUS;
}

static bool ap_destroy(void *o, int vcpu, uint32_t apic_id, unsigned vmpl)
{
	struct fixture *f = o;
	f->ap_destroyed = true;
	return apic_id < N_CPUS;
}

static bool run_vmpl(void *o, int vcpu, unsigned vmpl)
{
	struct fixture *f = o;
	f->run_vmpl = (int)vmpl;
	return vmpl != 3;   /* the fake has no VMSA at VMPL3 */
}

static bool guest_request(void *o, int vcpu, uint64_t req, uint64_t resp, uint32_t *fw_err)
{
	struct fixture *f = o;
	f->req = req;
	f->resp = resp;
	*fw_err = 0x16;   /* as if the message failed authentication */
	return !f->firmware_broken;
}

static void terminate(void *o, int vcpu, unsigned set, unsigned code, const char *why)
{
	struct fixture *f = o;
	f->term_set = set;
	f->term_code = code;
	snprintf(f->term_why, sizeof(f->term_why), "%s", why);
}

static void fatal(void *o, int vcpu, const char *why)
{
	struct fixture *f = o;
	snprintf(f->fatal_why, sizeof(f->fatal_why), "%s", why);
}

static void memory_fault(void *o, int vcpu, unsigned vmpl, uint64_t gpa, uint64_t info1)
{
	struct fixture *f = o;
	f->fault_vmpl = vmpl;
	f->fault_gpa = gpa;
	f->fault_info = info1;
}

static const struct hv_sev_ops ops = {
	.cpuid = cpuid, .io_in = io_in, .io_out = io_out, .rdmsr = rdmsr, .wrmsr = wrmsr,
	.mmio_read = mmio_read, .mmio_write = mmio_write, .psc = psc, .ap_create = ap_create,
	.ap_destroy = ap_destroy, .run_vmpl = run_vmpl, .guest_request = guest_request,
	.terminate = terminate, .fatal = fatal, .memory_fault = memory_fault,
};

static void observe(void *o, const struct hv_call *call)
{
	struct fixture *f = o;
	f->seen_abi = call->abi ? call->abi->name : NULL;
	f->seen_row = call->row ? call->row->name : NULL;
}

static const struct hv_route routes[] = {
	{ .conduit = 0, .any_imm = true, .abi = &hv_sev_ghcb_msr_abi },
};

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));
	mem_space_init(&f->mem, MEM_SPACE_MEMORY, 1);
	assert_non_null(mem_add_ram(&f->mem, "shared", SHARED, 1 << 20, MEM_SHARED));
	assert_non_null(mem_add_ram(&f->mem, "private", PRIVATE, 1 << 20, MEM_PRIVATE));
	assert_true(hv_sev_init(&f->sev, &ops, f, N_CPUS, CBIT));
	f->sev.vmsa_features = FEATURES;
	f->plat = (struct hv_platform){ .opaque = f, .mem = &f->mem, .sev = &f->sev };
	f->path = (struct hv_path){ .routes = routes, .n_routes = 1, .plat = &f->plat,
				    .observe = observe, .observe_opaque = f };
	f->run_vmpl = -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	hv_sev_free(&f->sev);
	mem_space_free(&f->mem);
	test_free(f);
	return 0;
}

/* VMGEXIT with the GHCB MSR holding msr, from vCPU 1; returns the MSR's new value. */
static uint64_t vmgexit(struct fixture *f, uint64_t msr)
{
	struct hv_call c = { .abi = hv_route_find(&f->path, 0, 0), .vcpu = 1, .a = { msr } };
	hv_call(&f->path, &c);
	return c.r[0];
}

/* ------------------------------------------------------- MSR protocol */

static void test_msr_sev_info(void **state)
{
	struct fixture *f = *state;
	uint64_t r = vmgexit(f, 0x002);
	assert_int_equal(r, hv_sev_info_msr(&f->sev));   /* also the MSR's value at reset */
	assert_int_equal(r & 0xfff, 0x001);
	assert_int_equal(r >> 48, 2);
	assert_int_equal((r >> 32) & 0xffff, 1);
	assert_int_equal((r >> 24) & 0xff, CBIT);
	assert_string_equal(f->seen_abi, "ghcb-msr");
	assert_string_equal(f->seen_row, "SEV_INFO");
}

/* CPUID: the register GHCBData[31:30] selects, in [63:32]; subleaf 0. */
static void test_msr_cpuid(void **state)
{
	struct fixture *f = *state;
	for (uint64_t reg = 0; reg < 4; reg++) {
		uint64_t r = vmgexit(f, 0x8000001full << 32 | reg << 30 | 0x004);
		uint32_t want[4] = { 0x8000001f, 0, 1, 0xd0d0d0d0 };
		assert_int_equal(r & 0xfff, 0x005);
		assert_int_equal((r >> 30) & 3, reg);
		assert_int_equal(r >> 32, want[reg]);
	}
}

/* REG_GPA: the GFN echoed and registered; a GFN outside RAM answered with all ones, not registered. */
static void test_msr_reg_gpa(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vmgexit(f, GHCB | 0x012), GHCB | 0x013);
	assert_int_equal(f->sev.vcpus[1].ghcb_gpa, GHCB);
	assert_int_equal(f->sev.vcpus[0].ghcb_gpa, 0);
	assert_int_equal(vmgexit(f, 0x80000000ull | 0x012), 0xfffffffffffff000ull | 0x013);
	assert_int_equal(f->sev.vcpus[1].ghcb_gpa, GHCB);
	assert_int_equal(f->sev.refusals, 1);
}

/* PSC: GFN and operation passed on; an unknown operation or a GFN outside RAM: bit 63 set. */
static void test_msr_psc(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vmgexit(f, 1ull << 52 | (SHARED + 0x5000) | 0x014), 0x015);
	assert_int_equal(f->n_psc, 1);
	assert_int_equal(f->psc[0].gpa, SHARED + 0x5000);
	assert_int_equal(f->psc[0].npages, 1);
	assert_true(f->psc[0].priv);
	assert_int_equal(vmgexit(f, 2ull << 52 | (PRIVATE + 0x1000) | 0x014), 0x015);
	assert_false(f->psc[1].priv);
	assert_int_equal(vmgexit(f, 3ull << 52 | (SHARED + 0x5000) | 0x014), 1ull << 63 | 0x015);
	assert_int_equal(vmgexit(f, 1ull << 52 | 0x80000000ull | 0x014), 1ull << 63 | 0x015);
	f->psc_refuse = true;
	assert_int_equal(vmgexit(f, 1ull << 52 | SHARED | 0x014), 1ull << 63 | 0x015);
	assert_int_equal(f->n_psc, 3);
}

/* VMPL_REQ: GHCBData[39:32] the VMPL; nonzero [63:32] when it cannot run. */
static void test_msr_vmpl_req(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vmgexit(f, 2ull << 32 | 0x016), 0x017);
	assert_int_equal(f->run_vmpl, 2);
	assert_int_not_equal(vmgexit(f, 3ull << 32 | 0x016) >> 32, 0);
	f->run_vmpl = -1;
	assert_int_not_equal(vmgexit(f, 4ull << 32 | 0x016) >> 32, 0);
	assert_int_equal(f->run_vmpl, -1);   /* never asked: no VMPL 4 */
}

/* HV_FEATURES: SNP, AP_CREATION and MULTI_VMPL (bits 0, 1, 5) in GHCBData[63:12]. */
static void test_msr_hv_features(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vmgexit(f, 0x080), (0x23ull << 12) | 0x081);
}

/* TERMINATE: reason set and code decoded; unknown ones said to be unknown. */
static void test_msr_terminate(void **state)
{
	struct fixture *f = *state;
	vmgexit(f, 3ull << 16 | 1ull << 12 | 0x100);
	assert_int_equal(f->term_set, 1);
	assert_int_equal(f->term_code, 3);
	assert_string_equal(f->term_why, "reason set 1 code 3: SNP guest is not running at VMPL0");
	vmgexit(f, 2ull << 16 | 0x100);
	assert_string_equal(f->term_why, "reason set 0 code 2: SEV-SNP features are not supported");
	vmgexit(f, 0x7full << 16 | 9ull << 12 | 0x100);
	assert_string_equal(f->term_why, "reason set 9 code 127: unknown reason");
}

/* A request nobody defines leaves the MSR as it was (KVM's default). */
static void test_msr_unknown(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(vmgexit(f, 0xabc00000ull | 0x0f0), 0xabc00000ull | 0x0f0);
	assert_null(f->seen_row);
}

/* ---------------------------------------------------------- GHCB page */

static void g_set(struct fixture *f, unsigned off, uint64_t val)
{
	unsigned bit = off / 8;
	memcpy(f->g + off, &val, 8);
	f->g[VALID + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

static uint64_t g_get(const struct fixture *f, unsigned off)
{
	uint64_t v;
	memcpy(&v, f->g + off, 8);
	return v;
}

static bool g_valid(const struct fixture *f, unsigned off)
{
	unsigned bit = off / 8;
	return f->g[VALID + bit / 8] >> (bit % 8) & 1;
}

/* Start an exit as Linux's sev_es_ghcb_hv_call fills the GHCB: version 2, usage 0, code and infos. */
static void g_exit(struct fixture *f, uint64_t code, uint64_t info1, uint64_t info2)
{
	memset(f->g, 0, sizeof(f->g));
	uint16_t version = 2;
	memcpy(f->g + VERSION, &version, 2);
	g_set(f, EXIT_CODE, code);
	g_set(f, INFO1, info1);
	g_set(f, INFO2, info2);
}

/* Register the GHCB, write it to guest memory, VMGEXIT, read it back. */
static void g_run(struct fixture *f)
{
	f->sev.vcpus[1].ghcb_gpa = GHCB;
	assert_true(mem_host_write(&f->mem, GHCB, f->g, sizeof(f->g)));
	assert_int_equal(vmgexit(f, GHCB), GHCB);
	assert_true(mem_host_read(&f->mem, GHCB, f->g, sizeof(f->g)));
}

/* An exit that needs no fields beyond the three every exit has. */
static void g_exit_run(struct fixture *f, uint64_t code, uint64_t info1, uint64_t info2)
{
	g_exit(f, code, info1, info2);
	g_run(f);
}

/* The answer in sw_exit_info_1/2, both marked valid. */
static void assert_answer(const struct fixture *f, uint64_t info1, uint64_t info2)
{
	assert_true(g_valid(f, INFO1));
	assert_true(g_valid(f, INFO2));
	assert_int_equal(g_get(f, INFO1), info1);
	assert_int_equal(g_get(f, INFO2), info2);
}

#define MALFORMED 2
enum { ERR_USAGE = 2, ERR_SCRATCH = 3, ERR_MISSING = 4, ERR_INPUT = 5, ERR_EVENT = 6 };

/* CPUID: RAX-RDX back, each valid; the guest's valid bits cleared; named from the table. */
static void test_exit_cpuid(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x72, 0, 0);
	g_set(f, RAX, 0x80000008);
	g_set(f, RCX, 5);
	g_set(f, RSI, 77);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_string_equal(f->seen_abi, "ghcb");
	assert_string_equal(f->seen_row, "CPUID");
	assert_int_equal(g_get(f, RAX), 0x80000008);
	assert_int_equal(g_get(f, RBX), 5);
	assert_int_equal(g_get(f, RCX), 1);   /* XCR0's reset value */
	assert_int_equal(g_get(f, RDX), 0xd0d0d0d0);
	assert_true(g_valid(f, RAX) && g_valid(f, RBX) && g_valid(f, RCX) && g_valid(f, RDX));
	assert_false(g_valid(f, RSI));
	assert_false(g_valid(f, EXIT_CODE));
	g_exit(f, 0x72, 0, 0);   /* RCX missing */
	g_set(f, RAX, 1);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	/* Leaf 0xD needs XCR0, and uses it. */
	g_exit(f, 0x72, 0, 0);
	g_set(f, RAX, 0xd);
	g_set(f, RCX, 1);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x72, 0, 0);
	g_set(f, RAX, 0xd);
	g_set(f, RCX, 1);
	g_set(f, XCR0, 0xe7);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RCX), 0xe7);
}

/* The checks every exit shares: usage 0, an offered version, the three exit fields valid. */
static void test_exit_common_refusals(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x8000fffd, 0, 0);
	f->g[USAGE] = 1;
	g_run(f);
	assert_answer(f, MALFORMED, ERR_USAGE);
	g_exit(f, 0x8000fffd, 0, 0);
	f->g[VERSION] = 3;
	g_run(f);
	assert_answer(f, MALFORMED, ERR_USAGE);
	static const unsigned fields[] = { EXIT_CODE, INFO1, INFO2 };
	for (int i = 0; i < 3; i++) {
		g_exit(f, 0x8000fffd, 0, 0);
		unsigned bit = fields[i] / 8;
		f->g[VALID + bit / 8] &= (uint8_t)~(1u << (bit % 8));
		g_run(f);
		assert_answer(f, MALFORMED, ERR_MISSING);
	}
	/* A missing valid bit still reports that before the event is looked at. */
	g_exit(f, 0x1234, 0, 0);
	f->g[VALID + INFO2 / 64] &= (uint8_t)~(1u << (INFO2 / 8 % 8));
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	/* An exit code nobody defines. */
	g_exit_run(f, 0x1234, 0, 0);
	assert_answer(f, MALFORMED, ERR_EVENT);
	assert_null(f->seen_row);
	g_exit(f, 0x100000072ull, 0, 0);   /* CPUID's code with upper bits: not CPUID */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_EVENT);
}

/* A GHCB not registered stops the VM (KVM_RUN fails); one not shared or at 0 is left untouched. */
static void test_ghcb_refused(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x8000fffd, 0, 0);
	assert_true(mem_host_write(&f->mem, SHARED + 0x8000, f->g, sizeof(f->g)));
	f->sev.vcpus[1].ghcb_gpa = GHCB;
	assert_int_equal(vmgexit(f, SHARED + 0x8000), SHARED + 0x8000);
	assert_string_equal(f->fatal_why, "VMGEXIT: the GHCB GPA is not the registered one");
	assert_true(mem_host_read(&f->mem, SHARED + 0x8000, f->g, sizeof(f->g)));
	assert_int_equal(g_get(f, INFO1), 0);
	assert_true(g_valid(f, EXIT_CODE));   /* not even the valid bitmap was touched */
	assert_int_equal(f->sev.refusals, 1);
	/* A private page registered as the GHCB: hvsim cannot read it in the clear. */
	f->sev.vcpus[1].ghcb_gpa = PRIVATE;
	assert_int_equal(vmgexit(f, PRIVATE), PRIVATE);
	assert_string_equal(f->sev.last_refusal, "the GHCB page is not shared");
	assert_int_equal(f->sev.refusals, 2);
	/* No GHCB at all. */
	f->fatal_why[0] = 0;
	vmgexit(f, 0);
	assert_string_equal(f->sev.last_refusal, "VMGEXIT with no GHCB GPA set");
	assert_string_equal(f->fatal_why, "");
	/* A vCPU the model does not know. */
	struct hv_call c = { .abi = &hv_sev_ghcb_msr_abi, .vcpu = N_CPUS, .a = { GHCB } };
	hv_call(&f->path, &c);
	assert_int_equal(c.r[0], GHCB);
	assert_null(c.row);
}

/* IOIO: OUT takes RAX, IN fills its low bytes (a 32-bit IN clears the rest). */
static void test_exit_ioio(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x7b, 0x3f8u << 16 | 1 << 4, 0);   /* OUT 0x3f8, 8 bits */
	g_set(f, RAX, 0xffffff41);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->out_port, 0x3f8);
	assert_int_equal(f->out_val[0], 0x41);
	g_exit(f, 0x7b, 0x3f8u << 16 | 1 << 4, 0);   /* OUT without RAX */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x7b, 0x70u << 16 | 1 << 5 | 1, 0);  /* IN 16 bits */
	g_set(f, RAX, 0xaaaaaaaabbbbbbbbull);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RAX), 0xaaaaaaaabbbb0000ull | ((0x12345678u + 0x70) & 0xffff));
	g_exit(f, 0x7b, 0x70u << 16 | 1 << 6 | 1, 0);  /* IN 32 bits */
	g_set(f, RAX, 0xaaaaaaaabbbbbbbbull);
	g_run(f);
	assert_int_equal(g_get(f, RAX), 0x12345678u + 0x70);
	g_exit(f, 0x7b, 0x70u << 16 | 3 << 4 | 1, 0);  /* two size bits */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_INPUT);
}

/* String I/O through the scratch area: IN fills it, OUT reads it; the count bounded. */
static void test_exit_ioio_string(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x7b, 0x60u << 16 | 1 << 4 | 1 << 2 | 1, 4);   /* INSB x4 */
	g_set(f, SCRATCH, GHCB + BUF + 16);
	g_run(f);
	assert_answer(f, 0, 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(f->g[BUF + 16 + i], (0x12345678u + 0x60) & 0xff);
	g_exit(f, 0x7b, 0x61u << 16 | 1 << 5 | 1 << 2, 3);        /* OUTSW x3 */
	g_set(f, SCRATCH, GHCB + BUF);
	memcpy(f->g + BUF, "\x01\x02\x03\x04\x05\x06", 6);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->n_out, 3);
	assert_int_equal(f->out_val[2], 0x0605);
	g_exit(f, 0x7b, 0x61u << 16 | 1 << 5 | 1 << 2, 3);        /* no scratch */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x7b, 0x61u << 16 | 1 << 6 | 1 << 2, 600);      /* 2400 bytes: past the buffer */
	g_set(f, SCRATCH, GHCB + BUF);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_SCRATCH);
	g_exit(f, 0x7b, 0x61u << 16 | 1 << 6 | 1 << 2, 0x80000000ull);
	g_set(f, SCRATCH, GHCB + BUF);
	g_run(f);
	assert_string_equal(f->fatal_why, "VMGEXIT IOIO: string count too large");
}

/* MSR: read into EDX:EAX, write from it; an MSR the machine lacks is #GP. */
static void test_exit_msr(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x7c, 0, 0);
	g_set(f, RCX, MSR_KNOWN);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RAX), 0x55667788);
	assert_int_equal(g_get(f, RDX), 0x11223344);
	g_exit(f, 0x7c, 1, 0);
	g_set(f, RCX, MSR_KNOWN);
	g_set(f, RAX, 0xffffffff00000001ull);
	g_set(f, RDX, 0x2);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->msr_written, 0x200000001ull);
	g_exit(f, 0x7c, 1, 0);   /* a write without EDX */
	g_set(f, RCX, MSR_KNOWN);
	g_set(f, RAX, 1);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x7c, 0, 0);
	g_set(f, RCX, 0x1234);
	g_run(f);
	assert_answer(f, 1, 1ull << 31 | 3 << 8 | 13);
}

/* VMMCALL: a KVM hypercall with the GHCB's CPL; RAX and CPL required. */
static void test_exit_vmmcall(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x81, 0, 0);
	g_set(f, RAX, 1);   /* KVM_HC_VAPIC_POLL_IRQ */
	g_set(f, CPL, 0);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RAX), 0);
	g_exit(f, 0x81, 0, 0);
	g_set(f, RAX, 99);
	g_set(f, CPL, 0);
	g_run(f);
	assert_int_equal((int64_t)g_get(f, RAX), -1000);
	g_exit(f, 0x81, 0, 0);
	g_set(f, RAX, 1);
	g_set(f, CPL, 3);
	g_run(f);
	assert_int_equal((int64_t)g_get(f, RAX), -1);
	g_exit(f, 0x81, 0, 0);
	g_set(f, RAX, 1);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
}

/* MMIO: the data in the scratch area, which must lie in the shared buffer or in shared pages. */
static void test_exit_mmio(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x80000001, MMIO_DEV, 4);
	g_set(f, SCRATCH, GHCB + BUF + 8);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(memcmp(f->g + BUF + 8, "\xa1\xa2\xa3\xa4\x00", 5), 0);
	g_exit(f, 0x80000002, MMIO_DEV, 2);
	g_set(f, SCRATCH, GHCB + BUF);
	f->g[BUF] = 0x5a;
	f->g[BUF + 1] = 0xa5;
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->mmio_len, 2);
	assert_int_equal(f->mmio_data[1], 0xa5);
	/* A scratch area in another shared page: read and written back there. */
	g_exit(f, 0x80000001, MMIO_DEV, 8);
	g_set(f, SCRATCH, SHARED + 0x9ffc);   /* straddles two shared pages */
	g_run(f);
	assert_answer(f, 0, 0);
	uint8_t got[8];
	assert_true(mem_host_read(&f->mem, SHARED + 0x9ffc, got, 8));
	assert_int_equal(got[7], 0xa8);
	/* Refusals: in the GHCB but outside its shared buffer, running past it, private, none, 0. */
	static const uint64_t bad[] = { GHCB + 0x100, GHCB + 0xfec, PRIVATE + 0x10, SHARED + 0xffffc, 0 };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g_exit(f, 0x80000001, MMIO_DEV, 8);
		g_set(f, SCRATCH, bad[i]);
		g_run(f);
		assert_answer(f, MALFORMED, ERR_SCRATCH);
	}
	g_exit(f, 0x80000001, MMIO_DEV, 8);   /* sw_scratch not valid */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x80000001, MMIO_DEV, 9);   /* longer than an access */
	g_set(f, SCRATCH, GHCB + BUF);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_INPUT);
	g_exit(f, 0x80000001, 0xfd000000, 4); /* no device */
	g_set(f, SCRATCH, GHCB + BUF);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_INPUT);
}

/* A PSC entry: cur_page, GFN, operation, page size. */
static uint64_t psc_entry(unsigned cur_page, uint64_t gpa, unsigned op, bool huge)
{
	return (uint64_t)cur_page | (gpa >> 12) << 12 | (uint64_t)op << 52 | (uint64_t)huge << 56;
}

static void psc_desc(struct fixture *f, uint16_t cur, uint16_t end, const uint64_t *e, int n)
{
	memcpy(f->g + BUF, &cur, 2);
	memcpy(f->g + BUF + 2, &end, 2);
	memcpy(f->g + BUF + 8, e, 8 * (size_t)n);
	g_set(f, SCRATCH, GHCB + BUF);
}

static uint16_t psc_cur(const struct fixture *f)
{
	uint16_t cur;
	memcpy(&cur, f->g + BUF, 2);
	return cur;
}

#define PSC_GENERIC (0x100ull << 32)
#define PSC_BAD_HDR ((1ull << 32) | 1)
#define PSC_BAD_ENTRY ((1ull << 32) | 2)

/* PSC: entries in order, 2 MiB honoured as one request, cur_entry and cur_page advanced. */
static void test_exit_psc(void **state)
{
	struct fixture *f = *state;
	const uint64_t e[3] = {
		psc_entry(0, SHARED + 0x7000, 2, false),
		psc_entry(0, SHARED, 1, false),
		psc_entry(0, PRIVATE + 0x2000, 3, false), /* PSMASH: nothing hvsim keeps changes */
	};
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 2, e, 3);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(psc_cur(f), 3);
	assert_int_equal(f->n_psc, 2);
	assert_int_equal(f->psc[0].gpa, SHARED + 0x7000);
	assert_false(f->psc[0].priv);
	assert_true(f->psc[1].priv);
	assert_int_equal(g_get(f, BUF + 8) & 0xfff, 1);   /* cur_page = pages done */
	assert_int_equal(g_get(f, BUF + 24) & 0xfff, 1);
}

static void test_exit_psc_huge(void **state)
{
	struct fixture *f = *state;
	/* A 2 MiB range of RAM: a larger space. */
	assert_non_null(mem_add_ram(&f->mem, "big", 0x40000000ull, 4 << 20, MEM_PRIVATE));
	uint64_t e[2] = { psc_entry(0, 0x40000000ull, 2, true), psc_entry(10, 0x40200000ull, 2, true) };
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 1, e, 2);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->n_psc, 2);
	assert_int_equal(f->psc[0].npages, 512);
	assert_true(f->psc[0].huge);
	/* The partly done entry goes on as 4 KiB pages from where it stopped. */
	assert_int_equal(f->psc[1].gpa, 0x40200000ull + 10 * 4096);
	assert_int_equal(f->psc[1].npages, 502);
	assert_false(f->psc[1].huge);
	assert_int_equal(g_get(f, BUF + 16) & 0xfff, 512);
	assert_int_equal(psc_cur(f), 2);
}

/* Bad descriptors: end_entry too large, a misaligned 2 MiB GFN, cur_page past the end, a refused range. */
static void test_exit_psc_refusals(void **state)
{
	struct fixture *f = *state;
	uint64_t e[2] = { psc_entry(0, SHARED, 1, false), psc_entry(0, SHARED + 0x1000, 1, true) };
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 253, e, 2);
	g_run(f);
	assert_answer(f, 0, PSC_BAD_HDR);
	assert_int_equal(f->n_psc, 0);
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 1, e, 2);
	g_run(f);
	assert_answer(f, 0, PSC_BAD_ENTRY);
	assert_int_equal(psc_cur(f), 1);    /* the first was done: the guest resumes at the second */
	assert_int_equal(f->n_psc, 1);
	e[1] = psc_entry(2, SHARED + 0x1000, 1, false);
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 1, 1, e, 2);
	g_run(f);
	assert_answer(f, 0, PSC_BAD_ENTRY);
	e[1] = psc_entry(0, 0x80000000ull, 1, false);   /* not RAM */
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 1, 1, e, 2);
	g_run(f);
	assert_answer(f, 0, PSC_GENERIC);
	f->psc_refuse = true;
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 0, e, 1);
	g_run(f);
	assert_answer(f, 0, PSC_GENERIC);
	assert_int_equal(psc_cur(f), 0);
	/* A descriptor running past the shared buffer: its scratch area is refused. */
	g_exit(f, 0x80000010, 0, 0);
	uint16_t end = 200;   /* 8 + 201 * 8 bytes from 0xe00: past 0xff0 */
	memcpy(f->g + 0xe00 + 2, &end, 2);
	g_set(f, SCRATCH, GHCB + 0xe00);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_SCRATCH);
	/* No scratch area, or a zero one. */
	g_exit_run(f, 0x80000010, 0, 0);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit(f, 0x80000010, 0, 0);
	g_set(f, SCRATCH, 0);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_SCRATCH);
	/* cur_entry past end_entry: nothing to do. */
	f->psc_refuse = false;
	f->n_psc = 0;
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 5, 1, e, 2);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->n_psc, 0);
}

/*
 * A PSC that makes the GHCB's own page (or an outside scratch area's)
 * private: the page is not written back, and hvsim never writes a
 * private page (no host violation).
 */
static void test_exit_psc_own_page(void **state)
{
	struct fixture *f = *state;
	f->psc_real = true;
	const uint64_t e[1] = { psc_entry(0, GHCB, 1, false) };
	g_exit(f, 0x80000010, 0, 0);
	psc_desc(f, 0, 0, e, 1);
	f->sev.vcpus[1].ghcb_gpa = GHCB;
	assert_true(mem_host_write(&f->mem, GHCB, f->g, sizeof(f->g)));
	vmgexit(f, GHCB);
	assert_int_equal(f->n_psc, 1);
	assert_int_equal(mem_page_at(&f->mem, GHCB, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(f->mem.host_violations, 0);
	/* The descriptor in another shared page that the PSC makes private. */
	const uint64_t d = SHARED + 0x30000;
	uint8_t desc[16] = { 0 };
	uint64_t e2 = psc_entry(0, d, 1, false);
	memcpy(desc + 8, &e2, 8);
	assert_true(mem_host_write(&f->mem, d, desc, sizeof(desc)));
	g_exit(f, 0x80000010, 0, 0);
	g_set(f, SCRATCH, d);
	f->sev.vcpus[1].ghcb_gpa = SHARED + 0x4000;
	assert_true(mem_host_write(&f->mem, SHARED + 0x4000, f->g, sizeof(f->g)));
	vmgexit(f, SHARED + 0x4000);
	assert_true(mem_host_read(&f->mem, SHARED + 0x4000, f->g, sizeof(f->g)));
	assert_answer(f, 0, 0);
	assert_int_equal(mem_page_at(&f->mem, d, NULL)->owner, MEM_PRIVATE);
	assert_int_equal(f->mem.host_violations, 0);
}

/* AP_CREATION: create/destroy with APIC id, VMPL and VMSA; every refusal is malformed input. */
static void test_exit_ap_creation(void **state)
{
	struct fixture *f = *state;
	g_exit(f, 0x80000013, 1ull << 32 | 1ull << 16 | 1, PRIVATE + 0x1000);
	g_set(f, RAX, FEATURES);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(f->ap_apic, 1);
	assert_int_equal(f->ap_vmpl, 1);
	assert_int_equal(f->ap_vmsa, PRIVATE + 0x1000);
	assert_false(f->ap_on_init);
	g_exit(f, 0x80000013, 1ull << 32 | 0, PRIVATE + 0x1000);
	g_set(f, RAX, FEATURES);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_true(f->ap_on_init);
	g_exit(f, 0x80000013, 1ull << 32 | 2, 0);   /* destroy: no RAX needed */
	g_run(f);
	assert_answer(f, 0, 0);
	assert_true(f->ap_destroyed);
	struct { uint64_t info1, vmsa, rax; } bad[] = {
		{ 1ull << 32 | 1, PRIVATE + 0x1000, FEATURES | 4 },   /* other SEV_FEATURES */
		{ 1ull << 32 | 1, PRIVATE + 0x1008, FEATURES },       /* not page-aligned */
		{ 1ull << 32 | 1, PRIVATE, FEATURES },                /* 2 MiB-aligned */
		{ 1ull << 32 | 1, SHARED + 0x1000, FEATURES },        /* a shared page */
		{ 1ull << 32 | 1, 0x80001000ull, FEATURES },          /* not RAM */
		{ 1ull << 32 | 4ull << 16 | 1, PRIVATE + 0x1000, FEATURES }, /* VMPL 4 */
		{ 7ull << 32 | 1, PRIVATE + 0x1000, FEATURES },       /* no such APIC id */
		{ 1ull << 32 | 3, PRIVATE + 0x1000, FEATURES },       /* no such request */
		{ 7ull << 32 | 2, 0, 0 },                             /* destroy: no such APIC id */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		g_exit(f, 0x80000013, bad[i].info1, bad[i].vmsa);
		g_set(f, RAX, bad[i].rax);
		g_run(f);
		assert_answer(f, MALFORMED, ERR_INPUT);
	}
	g_exit(f, 0x80000013, 1ull << 32 | 1, PRIVATE + 0x1000);   /* create without RAX */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_MISSING);
}

/* SNP_RUN_VMPL: a VMPL the machine can run; a VMPL above 3 or without a VMSA refused. */
static void test_exit_run_vmpl(void **state)
{
	struct fixture *f = *state;
	g_exit_run(f, 0x80000018, 1, 0);
	assert_answer(f, 0, 0);
	assert_int_equal(f->run_vmpl, 1);
	g_exit_run(f, 0x80000018, 3, 0);
	assert_answer(f, MALFORMED, ERR_INPUT);
	f->run_vmpl = -1;
	g_exit_run(f, 0x80000018, 0x100, 0);
	assert_answer(f, MALFORMED, ERR_INPUT);
	assert_int_equal(f->run_vmpl, -1);
	g_exit(f, 0x80000018, 1, 0);
	f->g[VERSION] = 0;
	g_run(f);
	assert_answer(f, MALFORMED, ERR_USAGE);
	assert_int_equal(f->run_vmpl, -1);
}

/* DR7, WBINVD, MONITOR, MWAIT: nothing to do, but the fields KVM asks of each. */
static void test_exit_nops(void **state)
{
	struct fixture *f = *state;
	static const struct { uint64_t code; unsigned needs; } nops[] = {
		{ 0x27, 0 }, { 0x37, 1 }, { 0x89, 0 }, { 0x8a, 3 }, { 0x8b, 2 },
	};
	static const unsigned regs[] = { RAX, RCX, RDX };
	for (size_t i = 0; i < sizeof(nops) / sizeof(nops[0]); i++) {
		for (unsigned missing = 0; missing < nops[i].needs; missing++) {
			g_exit(f, nops[i].code, 0, 0);
			for (unsigned r = 0; r < nops[i].needs; r++)
				if (r != missing)
					g_set(f, regs[r], 5);
			g_run(f);
			assert_answer(f, MALFORMED, ERR_MISSING);
		}
		g_exit(f, nops[i].code, 0, 0);
		for (unsigned r = 0; r < nops[i].needs; r++)
			g_set(f, regs[r], 5);
		g_run(f);
		assert_answer(f, 0, 0);
	}
}

static uint64_t counter(void *o, int vcpu, bool physical)
{
	return physical ? 0x123456789abull : 0;
}

/* RDTSC/RDTSCP: the platform's counter in EDX:EAX, TSC_AUX in ECX; no counter, no rows. */
static void test_exit_rdtsc(void **state)
{
	struct fixture *f = *state;
	g_exit_run(f, 0x6e, 0, 0);
	assert_answer(f, MALFORMED, ERR_EVENT);
	f->plat.counter = counter;
	g_exit_run(f, 0x6e, 0, 0);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RAX), 0x456789ab);
	assert_int_equal(g_get(f, RDX), 0x123);
	g_exit(f, 0x87, 0, 0);
	g_set(f, RCX, 77);
	g_run(f);
	assert_answer(f, 0, 0);
	assert_int_equal(g_get(f, RCX), 0);   /* the fake has no TSC_AUX */
	assert_int_equal(g_get(f, RAX), 0x456789ab);
	assert_string_equal(f->seen_row, "RDTSCP");
}

static void nmi_complete(void *o, int vcpu)
{
	((struct fixture *)o)->nmis_done++;
}

/* NMI_COMPLETE only when the machine can unmask NMIs; AP_JUMP_TABLE set, get, refused. */
static void test_exit_nmi_jump_table(void **state)
{
	struct fixture *f = *state;
	g_exit_run(f, 0x80000003, 0, 0);
	assert_answer(f, MALFORMED, ERR_EVENT);
	static struct hv_sev_ops with_nmi;
	with_nmi = ops;
	with_nmi.nmi_complete = nmi_complete;
	f->sev.ops = &with_nmi;
	g_exit_run(f, 0x80000003, 0, 0);
	assert_answer(f, 0, 0);
	assert_int_equal(f->nmis_done, 1);
	g_exit_run(f, 0x80000005, 0, 0x9000);
	assert_answer(f, 0, 0);
	g_exit_run(f, 0x80000005, 1, 0);
	assert_answer(f, 0, 0x9000);
	g_exit_run(f, 0x80000005, 2, 0);
	assert_answer(f, MALFORMED, ERR_INPUT);
}

static void test_exit_hv_features_term(void **state)
{
	struct fixture *f = *state;
	g_exit_run(f, 0x8000fffd, 0, 0);
	assert_answer(f, 0, 0x23);
	assert_string_equal(f->seen_row, "HV_FEATURES");
	g_exit(f, 0x8000fffe, 4 << 4 | 1, 0);
	f->g[USAGE] = 1;   /* malformed: refused before anything is done */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_USAGE);
	assert_int_equal(f->term_why[0], 0);
	g_exit_run(f, 0x8000fffe, 4 << 4 | 1, 0);
	assert_int_equal(f->term_set, 1);
	assert_int_equal(f->term_code, 4);
	assert_string_equal(f->term_why, "reason set 1 code 4: CPUID request failure");
}

/* Guest requests: both pages aligned, distinct and shared; the firmware's error in sw_exit_info_2. */
static void test_exit_guest_request(void **state)
{
	struct fixture *f = *state;
	g_exit_run(f, 0x80000011, SHARED + 0x10000, SHARED + 0x11000);
	assert_answer(f, 0, 0x16);
	assert_int_equal(f->req, SHARED + 0x10000);
	assert_int_equal(f->resp, SHARED + 0x11000);
	g_exit_run(f, 0x80000011, SHARED + 0x10000, SHARED + 0x10000);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit_run(f, 0x80000011, SHARED + 0x10010, SHARED + 0x11000);
	assert_answer(f, MALFORMED, ERR_MISSING);
	g_exit_run(f, 0x80000011, PRIVATE + 0x10000, SHARED + 0x11000);
	assert_answer(f, MALFORMED, ERR_INPUT);
	/* An extended report request: the empty certificate table at RAX. */
	uint8_t type = 5, junk[24];
	memset(junk, 0xee, sizeof(junk));
	assert_true(mem_host_write(&f->mem, SHARED + 0x10000 + 52, &type, 1));
	assert_true(mem_host_write(&f->mem, SHARED + 0x20000, junk, sizeof(junk)));
	g_exit(f, 0x80000012, SHARED + 0x10000, SHARED + 0x11000);
	g_set(f, RAX, SHARED + 0x20000);
	g_set(f, RBX, 1);
	g_run(f);
	assert_answer(f, 0, 0x16);
	assert_true(mem_host_read(&f->mem, SHARED + 0x20000, junk, sizeof(junk)));
	for (int i = 0; i < 24; i++)
		assert_int_equal(junk[i], 0);
	g_exit(f, 0x80000012, SHARED + 0x10000, SHARED + 0x11000);
	g_set(f, RAX, SHARED + 0x20000);   /* RBX missing */
	g_run(f);
	assert_answer(f, MALFORMED, ERR_INPUT);
	g_exit(f, 0x80000012, SHARED + 0x10000, SHARED + 0x11000);
	g_set(f, RAX, PRIVATE + 0x20000);  /* the certificate buffer private: hvsim writes nothing there */
	g_set(f, RBX, 1);
	g_run(f);
	assert_answer(f, MALFORMED, ERR_INPUT);
	assert_int_equal(f->mem.host_violations, 0);
	/* The firmware model failing is the host's failure: the VM stops. */
	f->firmware_broken = true;
	g_exit_run(f, 0x80000011, SHARED + 0x10000, SHARED + 0x11000);
	assert_string_equal(f->fatal_why, "SNP_GUEST_REQUEST: the firmware model failed");
}

/* The fault injector fails an exit the way the ABI would: malformed input in the GHCB. */
static bool fail_all(void *o, struct hv_call *call)
{
	call->abi->encode_failure(call, HV_FAIL_INVALID);
	return true;
}

static void test_fault_injected(void **state)
{
	struct fixture *f = *state;
	f->path.faults.before = fail_all;
	g_exit_run(f, 0x8000fffd, 0, 0);
	assert_answer(f, MALFORMED, ERR_INPUT);
	assert_int_equal(vmgexit(f, 0x080), 0x080);   /* the MSR protocol: left as it was */
}

/*
 * The NPF exit of a failed RMP check: the VMM hears of the fault (VMPL =
 * the call's context, GPA, EXITINFO1), the model counts it, and nothing
 * is written back; a vCPU the model does not know is not answered.
 */
static void test_npf_rmp_fault(void **state)
{
	struct fixture *f = *state;
	uint64_t info = 1ull | 2 | 1ull << 31 | 1ull << 32 | 1ull << 36;
	struct hv_call c = { .abi = &hv_sev_npf_abi, .vcpu = 1, .context = 2,
			     .a = { info, PRIVATE + 0x3000 } };
	hv_call(&f->path, &c);
	assert_string_equal(f->seen_abi, "npf");
	assert_string_equal(f->seen_row, "RMP_FAULT");
	assert_int_equal(f->fault_vmpl, 2);
	assert_int_equal(f->fault_gpa, PRIVATE + 0x3000);
	assert_int_equal(f->fault_info, info);
	assert_int_equal(f->sev.rmp_faults, 1);
	assert_int_equal(c.r[0], 0);
	c = (struct hv_call){ .abi = &hv_sev_npf_abi, .vcpu = N_CPUS, .a = { info, 0 } };
	hv_call(&f->path, &c);
	assert_null(c.row);
	assert_int_equal(f->sev.rmp_faults, 1);
}

int main(void)
{
#define T(t) cmocka_unit_test_setup_teardown(t, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_msr_sev_info), T(test_msr_cpuid), T(test_msr_reg_gpa), T(test_msr_psc),
		T(test_msr_vmpl_req), T(test_msr_hv_features), T(test_msr_terminate), T(test_msr_unknown),
		T(test_exit_cpuid), T(test_exit_common_refusals), T(test_ghcb_refused), T(test_exit_ioio),
		T(test_exit_ioio_string), T(test_exit_msr), T(test_exit_vmmcall), T(test_exit_mmio),
		T(test_exit_psc), T(test_exit_psc_huge), T(test_exit_psc_refusals), T(test_exit_psc_own_page), T(test_exit_ap_creation),
		T(test_exit_run_vmpl), T(test_exit_nops), T(test_exit_rdtsc), T(test_exit_nmi_jump_table), T(test_exit_hv_features_term), T(test_exit_guest_request),
		T(test_fault_injected), T(test_npf_rmp_fault),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
