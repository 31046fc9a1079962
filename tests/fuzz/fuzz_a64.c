/*
 * Fuzz the A64 decoder and the instructions it decodes, run by a hostile
 * guest on the arm64-virt board.
 *
 * Input: one flags byte, then little-endian instruction words.
 *   flags bit 0  the guest owns EL2 (boots there, --el2)
 *         bit 1  a protected VM (RAM starts private, pKVM calls offered)
 *         bit 2  two vCPUs (the second one starts by PSCI CPU_ON)
 *         bit 3  MMU on at EL1: an identity map of the first 2 GiB
 *                (device memory below RAM, normal memory for RAM)
 *
 * Every word is decoded with a64_decode_op, whose result must agree with
 * its table row. Then the words are placed at the start of RAM, x1-x30
 * point into RAM, FP/SIMD is enabled, and the vCPUs run for a bounded
 * number of instructions and cycles. Every exception vector returns to the
 * instruction after the one that trapped, so a fault does not end the
 * program; PSCI SYSTEM_OFF after the last word does. Guest RAM sits
 * between guard pages: a host access outside it faults.
 */
#include <string.h>

#include "machine/arm64_virt.h"
#include "tests/fuzz/fuzz.h"

#define MAX_WORDS 1024
#define INSN_BUDGET 20000
#define ROUNDS 32                  /* quanta of QUANTUM cycles per vCPU */
#define QUANTUM 50000
#define RAM_BYTES (16ull << 20)
#define PT_BASE (VIRT_RAM_BASE + (4ull << 20))
#define VEC_EL1 (VIRT_RAM_BASE + 0x10000)
#define VEC_EL2 (VIRT_RAM_BASE + 0x20000)

enum { F_EL2 = 1, F_PROTECTED = 2, F_SMP2 = 4, F_MMU = 8 };

/* Decoding is a pure function of the word: check it against its row. */
static void check_decode(uint32_t w)
{
	struct core_op op;
	memset(&op, 0xa5, sizeof(op));
	const struct a64_insn *r = a64_decode_op(w, &op);
	FUZZ_CHECK(op.fn != NULL);
	FUZZ_CHECK(op.insn == w);
	FUZZ_CHECK(a64_lookup(w) == r);
	if (r) {
		FUZZ_CHECK((w & r->mask) == r->match);
		FUZZ_CHECK(r->cls < CORE_CLASS_COUNT);
		FUZZ_CHECK(r->name != NULL);
	} else {
		FUZZ_CHECK(op.fn == a64_op_undef);
	}
	/* Register operands index x[] (34 entries) or v[] (32). */
	for (int i = 0; i < 4; i++)
		FUZZ_CHECK(op.r[i] < A64_NREGS);
}

/*
 * Stage 1 for EL1&0 (D8.2): 4 KiB granule, T0SZ 25 (39-bit VAs, walks start
 * at level 1), one level-1 table of 1 GiB blocks: 0-1 GiB Device-nGnRnE
 * (MAIR attr 0), 1-2 GiB Normal write-back (attr 1). TTBR1 walks disabled.
 */
static void mmu_on(struct hvsim_vm *vm, struct arm64_cpu *c)
{
	uint64_t l1[2] = {
		0x00000000ull | (1ull << 10) | 1,                            /* AF, block */
		VIRT_RAM_BASE | (1ull << 10) | (3ull << 8) | (1ull << 2) | 1, /* AF, SH inner, attr 1 */
	};
	mem_load(&vm->mem, PT_BASE, l1, sizeof(l1));
	c->sr.mair_el1 = 0xff00;
	c->sr.ttbr0_el1 = PT_BASE;
	c->sr.tcr_el1 = 25 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (1ull << 23) | (2ull << 32);
	c->sr.sctlr_el1 |= 1 | (1ull << 2) | (1ull << 12);   /* M, C, I */
}

/*
 * Vector tables (D1.10.2: 16 entries of 0x80 bytes) whose every entry
 * skips the instruction that trapped: ELR += 4, ERET.
 */
static void vectors(struct hvsim_vm *vm, uint64_t base, bool el2)
{
	const uint32_t stub[4] = {
		el2 ? 0xd53c4020 : 0xd5384020,   /* mrs x0, elr_elx */
		0x91001000,                      /* add x0, x0, #4 */
		el2 ? 0xd51c4020 : 0xd5184020,   /* msr elr_elx, x0 */
		0xd69f03e0,                      /* eret */
	};
	for (int i = 0; i < 16; i++)
		FUZZ_CHECK(mem_load(&vm->mem, base + 0x80 * i, stub, sizeof(stub)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	uint32_t words[MAX_WORDS];
	size_t n = fuzz_take_words(&in, words, MAX_WORDS, check_decode);

	struct hvsim_config cfg = {
		.machine = "arm64-virt",
		.ram_bytes = RAM_BYTES,
		.smp = flags & F_SMP2 ? 2 : 1,
		.el2 = flags & F_EL2,
		.protected_vm = flags & F_PROTECTED,
		.seed = 1,
		.max_insns = INSN_BUDGET,
	};
	struct hvsim_vm *vm = fuzz_vm_create(&cfg);

	struct arm64_cpu *c = arm64_virt_cpu(vm, 0);
	FUZZ_CHECK(mem_load(&vm->mem, VIRT_RAM_BASE, words, n * 4));
	static const uint32_t off[3] = {
		0xd2b08000,   /* mov x0, #0x84000000 */
		0xf2800100,   /* movk x0, #8: PSCI_SYSTEM_OFF */
		0xd4000003,   /* smc #0: to hvsim at EL1 and EL2 alike */
	};
	FUZZ_CHECK(mem_load(&vm->mem, VIRT_RAM_BASE + n * 4, off, sizeof(off)));
	arm64_cpu_reset(c, VIRT_RAM_BASE);
	for (int i = 1; i <= 30; i++)
		c->x[i] = VIRT_RAM_BASE + (uint64_t)i * 0x8008;
	c->x[A64_SP] = VIRT_RAM_BASE + (8ull << 20);
	vectors(vm, VEC_EL1, false);
	vectors(vm, VEC_EL2, true);
	c->sr.vbar_el1 = VEC_EL1;
	c->sr.vbar_el2 = VEC_EL2;
	c->sr.cpacr_el1 = 3u << 20;   /* FP/SIMD on at EL0 and EL1, as an OS turns it on */
	if ((flags & F_MMU) && !(flags & F_EL2))
		mmu_on(vm, c);
	a64_update_mode(c);

	fuzz_run_vm(vm, ROUNDS, QUANTUM, INSN_BUDGET);

	fuzz_vm_destroy(vm);
	return 0;
}

/* Seeds: short programs that reach the main paths (memory, system registers, calls). */
void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static const struct fuzz_program seeds[] = {
		{ "alu", 0, { 0x8b020020 /* add x0, x1, x2 */, 0xd2800543 /* mov x3, #42 */,
			      0x9b037c64 /* mul x4, x3, x3 */, 0x9ac40865 /* udiv x5, x3, x4 */,
			      0xeb03009f /* cmp x4, x3 */, 0x54ffff61 /* b.ne back to the add */ }, 6 },
		{ "ldst", 0, { 0xf9400020 /* ldr x0, [x1] */, 0xf9000440 /* str x0, [x2, #8] */,
			       0xa9bf7bfd /* stp x29, x30, [sp, #-16]! */,
			       0xa8c17bfd /* ldp x29, x30, [sp], #16 */,
			       0xc85f7c20 /* ldxr x0, [x1] */, 0xc8037c20 /* stxr w3, x0, [x1] */,
			       0xf8200020 /* ldadd x0, x0, [x1] */ }, 7 },
		{ "mmio", 0, { 0xd2a12000 /* mov x0, #0x09000000 */, 0x52800821 /* mov w1, #'A' */,
			       0xb9000001 /* str w1, [x0] */, 0xb9401802 /* ldr w2, [x0, #0x18] */ }, 4 },
		{ "hvc", 0, { 0xd2b08000 /* mov x0, #0x84000000 (PSCI_VERSION) */,
			      0xd4000002 /* hvc #0 */, 0xd2800001 /* mov x1, #0 */,
			      0xd4000001 /* svc #0 */ }, 4 },
		{ "sysreg", 0, { 0xd538d080 /* mrs x0, tpidr_el1 */, 0xd518d080 /* msr tpidr_el1, x0 */,
				 0xd53be040 /* mrs x0, cntvct_el0 */, 0xd51be320 /* msr cntv_ctl_el0, x0 */,
				 0xd5384100 /* mrs x0, sp_el0 */, 0xd503207f /* wfi */ }, 6 },
		{ "fp", 0, { 0x1e602020 /* fcmp d1, d0 */, 0x4e228420 /* add v0.16b, v1.16b, v2.16b */,
			     0x1e620800 /* fmul d0, d0, d2 */, 0x4c407020 /* ld1 {v0.16b}, [x1] */ }, 4 },
		{ "mmu", F_MMU, { 0xf9400020 /* ldr x0, [x1] */, 0xd508871f /* tlbi vmalle1 */,
				  0xd5033fdf /* isb */, 0xd5087620 /* dc ivac, x0 */ }, 4 },
		{ "el2-smp", F_EL2 | F_SMP2,
		  { 0xd2b88000 /* mov x0, #0xc4000000 */, 0xf2800060 /* movk x0, #3 (CPU_ON64) */,
		    0xd2800021 /* mov x1, #1 */, 0xd4000003 /* smc #0 */, 0xd69f03e0 /* eret */ }, 5 },
		/* Found by fuzzing: a pair store split by a page end into the GIC's MMIO. */
		{ "stp-straddling-mmio", 0,
		  { 0xd2a10000 /* mov x0, #0x08000000 */, 0xf281fe80 /* movk x0, #0xff4 */,
		    0xa9000801 /* stp x1, x2, [x0] */ }, 3 },
		{ "pkvm", F_PROTECTED,
		  { 0xd2b8c000 /* mov x0, #0xc6000000 */, 0xf2800060 /* movk x0, #3 (MEM_SHARE) */,
		    0xd4000002 /* hvc #0 */ }, 3 },
	};
	fuzz_emit_programs(emit, seeds, sizeof(seeds) / sizeof(seeds[0]));
}
