/*
 * Fuzz an SEV-SNP guest's CPU (cpu/x86-coco/snp.c and the #VC routes) and
 * what VMGEXIT reaches (hv/sev_ghcb.c, machine/x86_snp.c) on the x86-virt
 * board with --coco snp: hostile bytes around PVALIDATE, RMPADJUST and
 * VMGEXIT with RAX, RCX and RDX set to RAM pages, small values or any
 * 64-bit value, the GHCB MSR written with any value, and MSR-protocol
 * requests (fuzz_x86.c is the same for a plain x86 guest).
 *
 * Input: one flags byte (bit 0: two vCPUs, bit 1: interrupts on, bit 3:
 * no IDT), the GHCB MSR's value at start (fuzz_arg), then records, each a
 * kind byte (bits 0-1) whose other bits select within the kind:
 *   0 bytes         byte n (up to 31), n instruction bytes
 *   1 instruction   RAX, RCX, RDX (fuzz_arg each), then PVALIDATE,
 *                   RMPADJUST or VMGEXIT (bits 2-3: 0, 1, 2; 3: VMGEXIT)
 *   2 GHCB MSR      a value (fuzz_arg) written to it; bit 2: then VMGEXIT
 *   3 MSR protocol  u16 GHCBInfo (low 12 bits), an argument (GHCBData):
 *                   written to the MSR, VMGEXIT, the answer read back
 * The program ends with the MSR protocol's TERMINATE. The exception
 * handlers, #VC's too, step one byte past the faulting one (a #VC for an
 * intercepted instruction the guest does not emulate). RAM lies between
 * guard pages. Invariants: no INTERNAL exit, the instruction budget,
 * hvsim never writes a private page (no host-access violation), and
 * only assigned pages are validated, VMSAs or open to VMPL1-3.
 */
#include <elf.h>
#include <string.h>

#include "machine/x86_virt.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/x86_guest.h"

#define MAX_RECORDS 128
#define MAX_CODE 8192
#define INSN_BUDGET 4000
#define ROUNDS 32
#define QUANTUM 50000
#define RAM_BYTES (32ull << 20)
#define MSR_GHCB 0xc0010130u

enum { F_SMP2 = 1, F_IRQ = 2, F_NO_IDT = 8 };
enum { K_BYTES, K_INSN, K_MSR, K_PROTOCOL };

struct code {
	uint8_t b[MAX_CODE];
	size_t n;
};

static void emit_bytes(struct code *c, const void *p, size_t n)
{
	FUZZ_CHECK(c->n + n <= sizeof(c->b));
	memcpy(c->b + c->n, p, n);
	c->n += n;
}

/* mov r64, imm64 (REX.W B8+r): r 0 RAX, 1 RCX, 2 RDX. */
static void emit_mov(struct code *c, unsigned r, uint64_t v)
{
	uint8_t op[10] = { 0x48, (uint8_t)(0xb8 + r) };
	memcpy(op + 2, &v, 8);
	emit_bytes(c, op, sizeof(op));
}

static const uint8_t snp_insns[3][4] = {
	{ 0xf2, 0x0f, 0x01, 0xff },   /* pvalidate */
	{ 0xf3, 0x0f, 0x01, 0xfe },   /* rmpadjust */
	{ 0xf3, 0x0f, 0x01, 0xd9 },   /* vmgexit */
};

/* wrmsr of v to the GHCB MSR. */
static void emit_ghcb_write(struct code *c, uint64_t v)
{
	emit_mov(c, 1, MSR_GHCB);
	emit_mov(c, 0, v & 0xffffffffu);
	emit_mov(c, 2, v >> 32);
	static const uint8_t wrmsr[] = { 0x0f, 0x30 };
	emit_bytes(c, wrmsr, sizeof(wrmsr));
}

/* An MSR-protocol request: write, VMGEXIT, read the answer back (rdmsr). */
static void emit_request(struct code *c, uint64_t v)
{
	emit_ghcb_write(c, v);
	emit_bytes(c, snp_insns[2], 4);
	static const uint8_t rdmsr[] = { 0x0f, 0x32 };
	emit_bytes(c, rdmsr, sizeof(rdmsr));
}

/* The records as code; the space kept for the end is always there. */
static void build(struct fuzz_in *in, struct code *c)
{
	const size_t end_room = 64;
	for (int k = 0; k < MAX_RECORDS && in->n && c->n + 64 + end_room <= sizeof(c->b); k++) {
		unsigned kind = fuzz_u8(in);
		switch (kind & 3) {
		case K_BYTES: {
			size_t n = fuzz_u8(in) & 31;
			n = n < in->n ? n : in->n;
			emit_bytes(c, in->p, n);
			in->p += n;
			in->n -= n;
			break;
		}
		case K_INSN: {
			for (unsigned r = 0; r < 3; r++)
				emit_mov(c, r, fuzz_arg(in, 0));
			unsigned which = (kind >> 2) & 3;
			emit_bytes(c, snp_insns[which < 3 ? which : 2], 4);
			break;
		}
		case K_MSR:
			emit_ghcb_write(c, fuzz_arg(in, 0));
			if (kind & 4)
				emit_bytes(c, snp_insns[2], 4);
			break;
		case K_PROTOCOL: {
			uint64_t info = fuzz_u16(in) & 0xfff;
			emit_request(c, info | fuzz_arg(in, 0) << 12);
			break;
		}
		}
	}
	/* TERMINATE (GHCB spec: GHCBInfo 0x100, reason set 0, code 0); then hlt; jmp back. */
	emit_request(c, 0x100);
	static const uint8_t halt[] = { 0xf4, 0xeb, 0xfd };
	emit_bytes(c, halt, sizeof(halt));
}

/* Whatever the guest did: only an assigned page is validated, a VMSA or open to VMPL1-3. */
static void check_rmp(struct mem_space *mem)
{
	for (int i = 0; i < mem->n_regions; i++) {
		const struct mem_region *r = &mem->regions[i];
		for (uint64_t k = 0; r->kind == MEM_RAM && k < r->size >> MEM_PAGE_BITS; k++) {
			struct mem_page p = mem_region_peek(r, k);
			if (p.owner != MEM_PRIVATE)
				FUZZ_CHECK(!(p.flags & (MEM_PF_VALIDATED | MEM_PF_VMSA)) &&
					   !p.vmpl_perm[0] && !p.vmpl_perm[1] && !p.vmpl_perm[2]);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	uint64_t ghcb = fuzz_arg(&in, 0);
	static struct code code;
	code.n = 0;
	build(&in, &code);
	static uint8_t elf[sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) + MAX_CODE];
	size_t elf_len = fuzz_elf_one_load(elf, EM_X86_64, FUZZ_X86_CODE, FUZZ_X86_CODE, code.b,
					   code.n, 0);

	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = RAM_BYTES, .seed = 1,
				    .smp = flags & F_SMP2 ? 2 : 1, .max_insns = INSN_BUDGET,
				    .coco = HVSIM_COCO_SNP };
	struct hvsim_vm *vm = fuzz_vm_create(&cfg);
	FUZZ_CHECK(fuzz_load_kernel(vm, elf, elf_len, NULL) == 0);
	fuzz_x86_write_idt(vm);
	for (int i = 0; i < vm->n_cpus; i++) {
		fuzz_x86_setup_cpu(vm, i, (flags & F_NO_IDT ? 0 : FUZZ_X86_IDT_ON) |
					  (flags & F_IRQ ? FUZZ_X86_IRQ : 0));
		x86_virt_cpu(vm, i)->s.ghcb_msr = ghcb;
	}

	fuzz_run_vm(vm, ROUNDS, QUANTUM, INSN_BUDGET);
	FUZZ_CHECK(vm->mem.host_violations == 0);
	check_rmp(&vm->mem);
	for (int i = 0; i < vm->n_cpus; i++)
		FUZZ_CHECK(x86_cpl(x86_virt_cpu(vm, i)) <= 3);

	fuzz_vm_destroy(vm);
	return 0;
}

/* ---- seeds ---- */

static void put_insn(struct fuzz_buf *b, unsigned which, uint64_t rax, uint64_t rcx, uint64_t rdx)
{
	fuzz_put(b, 1, K_INSN | which << 2);
	fuzz_put_args(b, (uint64_t[3]){ rax, rcx, rdx }, 3, 3);
}

static void put_request(struct fuzz_buf *b, unsigned info, uint64_t data)
{
	fuzz_put(b, 1, K_PROTOCOL);
	fuzz_put(b, 2, info);
	fuzz_put_args(b, &data, 1, 1);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	enum { PVALIDATE, RMPADJUST, VMGEXIT };
	const uint64_t page = 0xa00000, ghcb = 0x800000;
	struct fuzz_buf b = { .n = 0 };

	/* PVALIDATE both ways and both sizes, RMPADJUST for VMPL1-3 with the VMSA bit. */
	fuzz_put(&b, 1, 0);
	fuzz_put_args(&b, NULL, 0, 1);
	put_insn(&b, PVALIDATE, page, 0, 0);
	put_insn(&b, PVALIDATE, page, 0, 0);            /* no change */
	put_insn(&b, PVALIDATE, page, 0, 1);
	put_insn(&b, PVALIDATE, page & ~0x1fffffull, 1, 1);
	put_insn(&b, RMPADJUST, page, 0, 1 | 0xf00);
	put_insn(&b, RMPADJUST, page, 0, 3 | 0x100 | 1 << 16);
	put_insn(&b, RMPADJUST, page, 1, 2 | 0x1f00);
	put_insn(&b, RMPADJUST, 0x7fffffffffff000ull, 0, 1);
	emit("snp-insns", b.b, b.n);

	/* The MSR protocol: SEV_INFO, CPUID, PSC to shared, REG_GPA, then a page exit with a hostile GHCB. */
	b.n = 0;
	fuzz_put(&b, 1, 0);
	fuzz_put_args(&b, NULL, 0, 1);
	put_request(&b, 0x002, 0);
	put_request(&b, 0x004, 0x8000001full << 20 | 1ull << 18);
	put_request(&b, 0x014, 2ull << 40 | ghcb >> 12);
	put_request(&b, 0x012, ghcb >> 12);
	put_request(&b, 0x080, 0);
	put_request(&b, 0x016, 1ull << 20);
	fuzz_put(&b, 1, K_MSR | 4);                     /* the GHCB's GPA, then VMGEXIT */
	fuzz_put_args(&b, (uint64_t[1]){ ghcb }, 1, 1);
	put_insn(&b, VMGEXIT, 0, 0, 0);
	emit("msr-protocol", b.b, b.n);

	/*
	 * #VC causes between the SNP instructions, on two vCPUs, the MSR
	 * pointing at a private page. The handler resumes one byte in, so
	 * each is followed by what makes the rest harmless.
	 */
	b.n = 0;
	fuzz_put(&b, 1, F_SMP2);
	fuzz_put_args(&b, (uint64_t[1]){ page }, 1, 1);
	static const uint8_t vc[] = { 0x0f, 0xa2, 0, 0, 0x40, 0, 0, 0, 0, 0, /* cpuid; mov [0x400000], al */
				      0x0f, 0x09, 0xc0,       /* wbinvd; or eax, eax */
				      0x0f, 0x01, 0xd9,       /* vmmcall; add ecx, ebx */
				      0x0f, 0x21, 0xf8,       /* mov rax, dr7; and eax, edi */
				      0x0f, 0x32, 0xc0 };     /* rdmsr; xor al, al */
	fuzz_put(&b, 1, K_BYTES);
	fuzz_put(&b, 1, sizeof(vc));
	for (size_t i = 0; i < sizeof(vc); i++)
		fuzz_put(&b, 1, vc[i]);
	put_insn(&b, VMGEXIT, 0, 0, 0);
	put_insn(&b, PVALIDATE, page + 0x3000, 0, 0);
	fuzz_put(&b, 1, K_BYTES);                       /* a private read of the invalidated page: #VC */
	fuzz_put(&b, 1, 8);
	static const uint8_t load[] = { 0x48, 0x8b, 0x04, 0x25, 0x00, 0x30, 0xa0, 0x00 };
	for (size_t i = 0; i < sizeof(load); i++)
		fuzz_put(&b, 1, load[i]);
	emit("vc-and-smp", b.b, b.n);
}
