/*
 * Fuzz hvsim's SEV-SNP hypervisor side (hv/sev_ghcb.c) as a hostile guest
 * drives it: GHCB MSR-protocol requests with any value, and GHCB page
 * exits with any exit code, valid bitmap, usage, version, exit infos,
 * scratch pointer and registers, PSC descriptors and scratch data written
 * where the guest likes, GHCBs registered anywhere, pages flipped between
 * private and shared (the fake machine's PSC really moves them), on up to
 * four vCPUs, through the single path (hv_call). RAM lies between guard
 * pages, so a host access past it faults.
 *
 * Input: one byte, the vCPUs - 1 (bits 0-1); then operations, each an
 * opcode byte whose bits 0-2 say what follows and bits 3-4 the vCPU:
 *   0 MSR protocol   u16 GHCBInfo (low 12 bits), an argument (GHCBData, bits 63:12)
 *   1 GHCB exit      byte: an exit code from codes[] (or, past it, a u32);
 *                    arguments info1, info2, scratch, RAX, RBX, RCX, RDX;
 *                    u16: the valid fields NOT set (bit i: fields[i]);
 *                    byte: usage (low nibble), version offset (high); then
 *                    VMGEXIT with the vCPU's GHCB (opcode bit 5: the GPA
 *                    of one more argument instead)
 *   2 GHCB bytes     u16 offset in the vCPU's GHCB, byte n, n bytes
 *   3 RAM bytes      an argument (GPA), byte n, n bytes (the guest's stores)
 *   4 flip           an argument (GPA): shared <-> private
 *   5 register       REG_GPA of the vCPU's GHCB (opcode bit 5: the GPA of an argument)
 * Arguments are fuzz_arg's (a RAM page is a u16 page number from RAM).
 * Invariants: every callback names a vCPU that exists and gets only
 * checked values (sizes, alignments, RAM, VMPLs, private VMSAs, shared
 * request pages); hvsim never writes a private page (no host violation);
 * the page protocol leaves the MSR as it was; a GHCB hvsim answered holds
 * a valid sw_exit_info_1 of 0-2 and, for malformed input, a reason 1-6.
 */
#include <string.h>

#include "hv/sev_ghcb.h"
#include "tests/fuzz/fuzz.h"

#define RAM 0x100000ull
#define RAM_PAGES 1024            /* 4 MiB: the first half shared, the rest private */
#define MAX_CPUS 4
#define MAX_OPS 256
#define PAGE 4096ull

/* GHCB fields (GHCB spec "GHCB Layout") the harness fills. */
enum {
	F_CPL = 0x0cb, F_RAX = 0x1f8, F_RCX = 0x308, F_RDX = 0x310, F_RBX = 0x318, F_RSI = 0x330,
	F_EXIT_CODE = 0x390, F_INFO1 = 0x398, F_INFO2 = 0x3a0, F_SCRATCH = 0x3a8, F_XCR0 = 0x3e8,
	F_VALID = 0x3f0, F_VERSION = 0xffa, F_USAGE = 0xffc,
};
static const uint16_t fields[] = {
	F_EXIT_CODE, F_INFO1, F_INFO2, F_SCRATCH, F_RAX, F_RBX, F_RCX, F_RDX, F_CPL, F_XCR0, F_RSI,
};
static const uint32_t codes[] = {
	0x27, 0x37, 0x6e, 0x72, 0x7b, 0x7c, 0x81, 0x87, 0x89, 0x8a, 0x8b,
	0x80000001, 0x80000002, 0x80000003, 0x80000005, 0x80000010, 0x80000011, 0x80000012,
	0x80000013, 0x80000018, 0x8000fffd, 0x8000fffe, 0x8000ffff,
};

struct board {
	struct mem_space mem;
	struct hv_sev sev;
	struct hv_platform plat;
	struct hv_path path;
	int n_cpus;
	uint8_t g[MAX_CPUS][PAGE];   /* each vCPU's GHCB as the guest builds it */
};

static void check_cpu(const struct board *b, int cpu)
{
	FUZZ_CHECK(cpu >= 0 && cpu < b->n_cpus);
}

static const struct mem_page *page(struct board *b, uint64_t gpa)
{
	return mem_page_at(&b->mem, gpa, NULL);
}

static void cpuid(void *o, int cpu, uint32_t leaf, uint32_t sub, uint64_t xcr0, uint32_t out[4])
{
	check_cpu(o, cpu);
	out[0] = leaf ^ sub;
	out[1] = (uint32_t)xcr0;
}

static uint32_t io_in(void *o, int cpu, uint16_t port, unsigned size)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(size == 1 || size == 2 || size == 4);
	return 0xffffffffu;
}

static void io_out(void *o, int cpu, uint16_t port, unsigned size, uint32_t value)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(size == 1 || size == 2 || size == 4);
	FUZZ_CHECK(size == 4 || value >> (8 * size) == 0);
}

static uint64_t counter(void *o, int cpu, bool physical)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(physical);
	return 0x1234567890ull;
}

static bool rdmsr(void *o, int cpu, uint32_t msr, uint64_t *value)
{
	check_cpu(o, cpu);
	*value = msr;
	return msr & 1;
}

static bool wrmsr(void *o, int cpu, uint32_t msr, uint64_t value)
{
	check_cpu(o, cpu);
	return msr & 1;
}

static bool mmio_read(void *o, int cpu, uint64_t gpa, void *buf, unsigned len)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(len >= 1 && len <= 8);
	memset(buf, 0xab, len);
	return !(gpa & 1);
}

static bool mmio_write(void *o, int cpu, uint64_t gpa, const void *buf, unsigned len)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(len >= 1 && len <= 8);
	volatile uint8_t sum = 0;
	for (unsigned i = 0; i < len; i++)
		sum += ((const uint8_t *)buf)[i];
	return !(gpa & 1);
}

/* The machine's PSC: real transitions, every page checked to be RAM first. */
static bool psc(void *o, int cpu, uint64_t gpa, uint64_t npages, bool to_private, bool huge)
{
	struct board *b = o;
	check_cpu(b, cpu);
	FUZZ_CHECK(!(gpa & (PAGE - 1)) && npages >= 1 && npages <= 512);
	FUZZ_CHECK(!huge || (!(gpa & ((2ull << 20) - 1)) && npages == 512));
	for (uint64_t i = 0; i < npages; i++) {
		FUZZ_CHECK(page(b, gpa + i * PAGE));
		if (to_private)
			mem_page_unshare(&b->mem, &mem_host, gpa + i * PAGE);
		else
			mem_page_share(&b->mem, &mem_host, gpa + i * PAGE);
	}
	return !(gpa & (1ull << 13));
}

static bool ap_create(void *o, int cpu, uint32_t apic, unsigned vmpl, uint64_t vmsa, bool on_init)
{
	struct board *b = o;
	check_cpu(b, cpu);
	FUZZ_CHECK(vmpl < 4 && !(vmsa & (PAGE - 1)) && (vmsa & ((2ull << 20) - 1)));
	FUZZ_CHECK(page(b, vmsa) && page(b, vmsa)->owner == MEM_PRIVATE);
	return apic < (unsigned)b->n_cpus;
}

static bool ap_destroy(void *o, int cpu, uint32_t apic, unsigned vmpl)
{
	struct board *b = o;
	check_cpu(b, cpu);
	FUZZ_CHECK(vmpl < 4);
	return apic < (unsigned)b->n_cpus;
}

static bool run_vmpl(void *o, int cpu, unsigned vmpl)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(vmpl < 4);
	return vmpl < 2;
}

static bool guest_request(void *o, int cpu, uint64_t req, uint64_t resp, uint32_t *fw_err)
{
	struct board *b = o;
	check_cpu(b, cpu);
	FUZZ_CHECK(!(req & (PAGE - 1)) && !(resp & (PAGE - 1)) && req != resp);
	FUZZ_CHECK(page(b, req)->owner == MEM_SHARED && page(b, resp)->owner == MEM_SHARED);
	*fw_err = (uint32_t)(req >> 12);
	return !(resp & (1ull << 14));
}

static void terminate(void *o, int cpu, unsigned set, unsigned code, const char *why)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(set < 16 && code < 256 && why && strlen(why) < 96);
}

static void nmi_complete(void *o, int cpu)
{
	check_cpu(o, cpu);
}

static void fatal(void *o, int cpu, const char *why)
{
	check_cpu(o, cpu);
	FUZZ_CHECK(why && *why);
}

static const struct hv_sev_ops ops = {
	.cpuid = cpuid, .io_in = io_in, .io_out = io_out, .rdmsr = rdmsr, .wrmsr = wrmsr,
	.mmio_read = mmio_read, .mmio_write = mmio_write, .psc = psc, .ap_create = ap_create,
	.ap_destroy = ap_destroy, .run_vmpl = run_vmpl, .guest_request = guest_request,
	.terminate = terminate, .nmi_complete = nmi_complete, .fatal = fatal,
};

static const struct hv_route routes[] = {
	{ .conduit = 0, .any_imm = true, .abi = &hv_sev_ghcb_msr_abi },
};

static uint64_t ghcb_of(int cpu)
{
	return RAM + (uint64_t)(cpu + 1) * PAGE;
}

static uint64_t vmgexit(struct board *b, int cpu, uint64_t msr)
{
	struct hv_call c = { .abi = &hv_sev_ghcb_msr_abi, .vcpu = cpu, .a = { msr } };
	hv_call(&b->path, &c);
	FUZZ_CHECK(b->mem.host_violations == 0);
	if (!(msr & 0xfff))
		FUZZ_CHECK(c.r[0] == msr);
	return c.r[0];
}

/* The guest's stores: through its own view, whatever the page's state (mem_load). */
static void guest_store(struct board *b, uint64_t gpa, const void *buf, size_t len)
{
	if (gpa >= RAM && gpa + len <= RAM + RAM_PAGES * PAGE && gpa + len >= gpa)
		mem_load(&b->mem, gpa, buf, len);
}

static void put_field(uint8_t *g, unsigned off, uint64_t v)
{
	memcpy(g + off, &v, 8);
}

static void ghcb_exit(struct board *b, int cpu, struct fuzz_in *in, bool other_gpa)
{
	uint8_t *g = b->g[cpu];
	unsigned pick = fuzz_u8(in);
	uint64_t code = pick < sizeof(codes) / sizeof(codes[0]) ? codes[pick] : fuzz_u32(in);
	put_field(g, F_EXIT_CODE, code);
	static const uint16_t args[] = { F_INFO1, F_INFO2, F_SCRATCH, F_RAX, F_RBX, F_RCX, F_RDX };
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		put_field(g, args[i], fuzz_arg(in, RAM));
	unsigned missing = fuzz_u16(in);
	memset(g + F_VALID, 0, 16);
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!(missing >> i & 1)) {
			unsigned bit = fields[i] / 8;
			g[F_VALID + bit / 8] |= (uint8_t)(1u << (bit % 8));
		}
	unsigned form = fuzz_u8(in);
	uint32_t usage = form & 0xf;
	uint16_t version = (uint16_t)(2 + (form >> 4));
	memcpy(g + F_USAGE, &usage, 4);
	memcpy(g + F_VERSION, &version, 2);
	uint64_t gpa = other_gpa ? fuzz_arg(in, RAM) & ~(PAGE - 1) : ghcb_of(cpu);
	if (!gpa)
		return;
	guest_store(b, gpa, g, PAGE);
	const struct mem_page *p = page(b, gpa);
	bool answerable = p && p->owner == MEM_SHARED && b->sev.vcpus[cpu].ghcb_gpa == gpa;
	vmgexit(b, cpu, gpa);
	p = page(b, gpa);
	if (!answerable || !p || p->owner != MEM_SHARED)
		return;   /* refused, or the exit made its own GHCB private: nothing to read back */
	uint8_t back[PAGE];
	FUZZ_CHECK(mem_host_read(&b->mem, gpa, back, PAGE));
	unsigned bit = F_INFO1 / 8;
	FUZZ_CHECK(back[F_VALID + bit / 8] >> (bit % 8) & 1);
	uint64_t info1, info2;
	memcpy(&info1, back + F_INFO1, 8);
	memcpy(&info2, back + F_INFO2, 8);
	FUZZ_CHECK(info1 <= 2);
	if (info1 == 2)
		FUZZ_CHECK(info2 >= 1 && info2 <= 6);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	static struct board b;
	memset(&b, 0, sizeof(b));
	b.n_cpus = 1 + (fuzz_u8(&in) & 3);
	mem_space_init(&b.mem, MEM_SPACE_MEMORY, 7);
	FUZZ_CHECK(mem_add_ram(&b.mem, "shared", RAM, RAM_PAGES / 2 * PAGE, MEM_SHARED));
	FUZZ_CHECK(mem_add_ram(&b.mem, "private", RAM + RAM_PAGES / 2 * PAGE, RAM_PAGES / 2 * PAGE,
			       MEM_PRIVATE));
	fuzz_guard_ram(&b.mem);
	FUZZ_CHECK(hv_sev_init(&b.sev, &ops, &b, (unsigned)b.n_cpus, 51));
	b.sev.vmsa_features = 1;
	b.plat = (struct hv_platform){ .opaque = &b, .mem = &b.mem, .sev = &b.sev, .counter = counter };
	b.path = (struct hv_path){ .routes = routes, .n_routes = 1, .plat = &b.plat };

	for (int n = 0; n < MAX_OPS && in.n; n++) {
		unsigned op = fuzz_u8(&in);
		int cpu = (int)((op >> 3) & 3) % b.n_cpus;
		bool alt = op & 0x20;
		switch (op & 7) {
		case 0: {
			unsigned info = fuzz_u16(&in) & 0xfff;
			vmgexit(&b, cpu, (fuzz_arg(&in, RAM) & ~0xfffull) | info);
			break;
		}
		case 1:
			ghcb_exit(&b, cpu, &in, alt);
			break;
		case 2: {
			unsigned off = fuzz_u16(&in) & (PAGE - 1), len = fuzz_u8(&in);
			for (unsigned i = 0; i < len; i++)
				b.g[cpu][(off + i) & (PAGE - 1)] = fuzz_u8(&in);
			break;
		}
		case 3: {
			uint64_t gpa = fuzz_arg(&in, RAM);
			uint8_t buf[256];
			unsigned len = fuzz_u8(&in);
			for (unsigned i = 0; i < len; i++)
				buf[i] = fuzz_u8(&in);
			guest_store(&b, gpa, buf, len);
			break;
		}
		case 4: {
			uint64_t gpa = fuzz_arg(&in, RAM) & ~(PAGE - 1);
			const struct mem_page *p = page(&b, gpa);
			if (p && p->owner == MEM_SHARED)
				mem_page_unshare(&b.mem, &mem_host, gpa);
			else if (p)
				mem_page_share(&b.mem, &mem_host, gpa);
			break;
		}
		case 5: {
			uint64_t gpa = alt ? fuzz_arg(&in, RAM) : ghcb_of(cpu);
			uint64_t r = vmgexit(&b, cpu, (gpa & ~0xfffull) | 0x012);
			FUZZ_CHECK((r & 0xfff) == 0x013);
			FUZZ_CHECK(r >> 12 == gpa >> 12 || r >> 12 == 0xfffffffffffffull);
			break;
		}
		default:
			break;
		}
	}

	FUZZ_CHECK(b.mem.host_violations == 0);
	hv_sev_free(&b.sev);
	fuzz_unguard_ram(&b.mem);
	mem_space_free(&b.mem);
	return 0;
}

/* ------------------------------------------------------------ seeds */

static void put_arg(struct fuzz_buf *b, uint64_t v)
{
	fuzz_put_args(b, &v, 1, 1);
}

static void put_msr(struct fuzz_buf *b, int cpu, unsigned info, uint64_t data)
{
	fuzz_put(b, 1, (uint64_t)(cpu << 3));
	fuzz_put(b, 2, info);
	put_arg(b, data);
}

static void put_register(struct fuzz_buf *b, int cpu)
{
	fuzz_put(b, 1, (uint64_t)(cpu << 3 | 5));
}

/* The input's byte for an exit code of codes[]. */
static unsigned pick_of(uint32_t code)
{
	unsigned i = 0;
	while (i < sizeof(codes) / sizeof(codes[0]) - 1 && codes[i] != code)
		i++;
	return i;
}

/* An exit with every field valid, version 2, usage 0; regs = RAX, RBX, RCX, RDX. */
static void put_exit(struct fuzz_buf *b, int cpu, uint32_t code, uint64_t info1, uint64_t info2,
		     uint64_t scratch, const uint64_t regs[4])
{
	fuzz_put(b, 1, (uint64_t)(cpu << 3 | 1));
	fuzz_put(b, 1, pick_of(code));
	put_arg(b, info1);
	put_arg(b, info2);
	put_arg(b, scratch);
	for (int i = 0; i < 4; i++)
		put_arg(b, regs ? regs[i] : 0);
	fuzz_put(b, 2, 0);
	fuzz_put(b, 1, 0);
}

/* Bytes into the vCPU's GHCB image at off. */
static void put_ghcb_bytes(struct fuzz_buf *b, int cpu, unsigned off, const void *p, unsigned n)
{
	fuzz_put(b, 1, (uint64_t)(cpu << 3 | 2));
	fuzz_put(b, 2, off);
	fuzz_put(b, 1, n);
	for (unsigned i = 0; i < n; i++)
		fuzz_put(b, 1, ((const uint8_t *)p)[i]);
}

static uint64_t psc_entry(uint64_t gpa, unsigned op, bool huge)
{
	return (gpa >> 12) << 12 | (uint64_t)op << 52 | (uint64_t)huge << 56;
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf b = { .n = 0 };
	const uint64_t g0 = ghcb_of(0), g1 = ghcb_of(1), priv = RAM + RAM_PAGES / 2 * PAGE;

	fuzz_put(&b, 1, 1);   /* two vCPUs */
	put_msr(&b, 0, 0x002, 0);
	put_msr(&b, 0, 0x004, 0x8000001full << 32 | 1ull << 30);
	put_msr(&b, 1, 0x080, 0);
	put_msr(&b, 1, 0x014, 1ull << 52 | (RAM + 0x20000));
	put_msr(&b, 1, 0x016, 1ull << 32);
	put_msr(&b, 0, 0x012, g0);
	put_msr(&b, 0, 0x100, 3ull << 16 | 1ull << 12);
	emit("msr-protocol", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 1);
	put_register(&b, 0);
	put_register(&b, 1);
	put_exit(&b, 0, 0x72, 0, 0, 0, (uint64_t[4]){ 0x8000001f, 0, 0, 0 });        /* CPUID */
	put_exit(&b, 0, 0x7b, 0x3f8u << 16 | 1 << 4, 0, 0, (uint64_t[4]){ 0x41 });    /* OUTB */
	put_exit(&b, 1, 0x7b, 0x60u << 16 | 1 << 5 | 1 << 2 | 1, 8, g1 + 0x800, NULL); /* INSW x8 */
	put_exit(&b, 1, 0x7c, 0, 0, 0, (uint64_t[4]){ 0, 0, 0xc0000101, 0 });         /* RDMSR */
	put_exit(&b, 0, 0x81, 0, 0, 0, (uint64_t[4]){ 1, 0, 0, 0 });                  /* VMMCALL */
	put_exit(&b, 0, 0x80000001, 0xfe000000, 4, g0 + 0x800, NULL);                      /* MMIO read */
	put_exit(&b, 0, 0x80000002, 0xfe000000, 8, RAM + 0x9ffc, NULL);                    /* MMIO write outside */
	put_exit(&b, 1, 0x8000fffd, 0, 0, 0, NULL);                                       /* HV_FEATURES */
	emit("ghcb-exits", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 0);
	put_register(&b, 0);
	{
		uint8_t desc[8 + 3 * 8] = { 0, 0, 2, 0 };
		uint64_t e[3] = { psc_entry(RAM + 0x20000, 2, false), psc_entry(RAM + 0x200000, 2, true),
				  psc_entry(g0, 1, false) };
		memcpy(desc + 8, e, sizeof(e));
		put_ghcb_bytes(&b, 0, 0x800, desc, sizeof(desc));
	}
	put_exit(&b, 0, 0x80000010, 0, 0, g0 + 0x800, NULL);                               /* PSC */
	emit("psc", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 3);   /* four vCPUs */
	put_register(&b, 0);
	put_exit(&b, 0, 0x80000013, 2ull << 32 | 1, priv + 0x1000, 0, (uint64_t[4]){ 1 });  /* AP create */
	put_exit(&b, 0, 0x80000013, 2ull << 32 | 2ull << 16 | 2, 0, 0, NULL);              /* AP destroy */
	put_exit(&b, 0, 0x80000018, 1, 0, 0, NULL);                                       /* SNP_RUN_VMPL */
	put_exit(&b, 0, 0x80000011, RAM + 0x10000, RAM + 0x11000, 0, NULL);                /* guest request */
	put_exit(&b, 0, 0x80000012, RAM + 0x10000, RAM + 0x11000, 0, (uint64_t[4]){ RAM + 0x12000, 1 });
	put_exit(&b, 0, 0x8000fffe, 1 << 4 | 1, 0, 0, NULL);                              /* TERM_REQUEST */
	emit("ap-vmpl-request", b.b, b.n);

	b.n = 0;
	fuzz_put(&b, 1, 0);
	put_register(&b, 0);
	fuzz_put(&b, 1, 4);
	put_arg(&b, g0);                                                          /* GHCB made private */
	put_exit(&b, 0, 0x8000fffd, 0, 0, 0, NULL);
	fuzz_put(&b, 1, 4);
	put_arg(&b, g0);
	fuzz_put(&b, 1, 1);
	fuzz_put(&b, 1, pick_of(0x8000fffd));
	for (int i = 0; i < 7; i++)
		put_arg(&b, 0);
	fuzz_put(&b, 2, 0x7);                                                     /* no exit code, infos */
	fuzz_put(&b, 1, 0x31);                                                    /* usage 1, version 5 */
	emit("refusals", b.b, b.n);
}
