/*
 * Fuzz the LoongArch decoder and the instructions it decodes, run by a
 * hostile guest on the loongarch-virt board (the arm64 counterpart is
 * fuzz_a64.c).
 *
 * Input: one flags byte, then little-endian instruction words.
 *   flags bit 0  two vCPUs, both running the words
 *         bit 1  mapped mode: an MTLB entry maps the first 512 MiB onto
 *                itself for every PLV (RAM, then the devices uncached)
 *         bit 2  the FPU and LSX on (EUEN.FPE, SXE)
 *         bit 3  start at PLV3
 *         bit 4  interrupts on: every line enabled in ECFG, CRMD.IE set
 *
 * Every word is decoded with la_decode_op, whose result must agree with
 * its table row, and disassembled. Then the words are placed in RAM,
 * r1-r31 point into RAM, and the vCPUs run for a bounded number of
 * instructions. The exception and TLB refill entries return to the
 * instruction after the one that trapped (ERA or TLBRERA + 4), so a fault
 * does not end the program; a write to the GED's sleep control after the
 * last word does. Guest RAM sits between guard pages: a host access
 * outside it faults.
 */
#include <string.h>

#include "machine/loongarch_virt.h"
#include "tests/fuzz/fuzz.h"

#define MAX_WORDS 1024
#define INSN_BUDGET 20000
#define ROUNDS 32
#define QUANTUM 50000
#define RAM_BYTES (32ull << 20)
#define CODE 0x200000ull
#define DATA 0x400000ull
#define EENTRY 0x10000ull
#define TLBRENTRY 0x11000ull
#define MTLB_FIRST (LA_STLB_SETS * LA_STLB_WAYS)

enum { F_SMP2 = 1, F_MAPPED = 2, F_FPU = 4, F_PLV3 = 8, F_IRQ = 16 };

/* Decoding is a pure function of the word: check it against its row. */
static void check_decode(uint32_t w)
{
	struct core_op op;
	memset(&op, 0xa5, sizeof(op));
	const struct la_insn *r = la_decode_op(w, &op);
	FUZZ_CHECK(op.insn == w);
	if (r) {
		FUZZ_CHECK((w & r->mask) == r->match);
		FUZZ_CHECK(op.fn == r->exec && r->exec != NULL);
		FUZZ_CHECK(r->cls < CORE_CLASS_COUNT);
		FUZZ_CHECK(r->name != NULL);
	} else {
		FUZZ_CHECK(op.fn == la_op_ine);
	}
	for (int i = 0; i < 4; i++)
		FUZZ_CHECK(op.r[i] < LA_NREGS);
	char text[96];
	memset(text, 0x5a, sizeof(text));
	la_disasm_insn(w, text, sizeof(text));
	FUZZ_CHECK(memchr(text, 0, sizeof(text)) != NULL);
}

/* ERA (TLBRERA for a refill) += 4, t0 kept in SAVE0 (TLBRSAVE), then ERTN. */
static void entries(struct hvsim_vm *vm)
{
	static const uint32_t general[6] = {
		0x0400c02c /* csrwr $t0, SAVE0 */, 0x0400180c /* csrrd $t0, ERA */,
		0x02c0118c /* addi.d $t0, $t0, 4 */, 0x0400182c /* csrwr $t0, ERA */,
		0x0400c00c /* csrrd $t0, SAVE0 */, 0x06483800 /* ertn */,
	};
	static const uint32_t refill[6] = {
		0x04022c2c /* csrwr $t0, TLBRSAVE */, 0x0402280c /* csrrd $t0, TLBRERA */,
		0x02c0118c /* addi.d $t0, $t0, 4 */, 0x0402282c /* csrwr $t0, TLBRERA */,
		0x04022c0c /* csrrd $t0, TLBRSAVE */, 0x06483800 /* ertn */,
	};
	FUZZ_CHECK(mem_load(&vm->mem, EENTRY, general, sizeof(general)));
	FUZZ_CHECK(mem_load(&vm->mem, TLBRENTRY, refill, sizeof(refill)));
}

/* An MTLB entry of two 256 MiB pages at VA 0 = PA 0, PLV3, global (LA RM 5.4). */
static void identity_map(struct la_cpu *c)
{
	const uint64_t v = 1, d = 2, plv3 = 3 << 2, cc = 1 << 4, g = 1 << 6;
	c->csr.stlbps = 12;
	c->csr.tlbehi = 0;
	c->csr.tlbelo0 = 0x00000000 | v | d | plv3 | cc | g;
	c->csr.tlbelo1 = 0x10000000 | v | d | plv3 | g;
	c->csr.tlbidx = MTLB_FIRST | (28ull << 24);
	la_tlb_write(c, false);
	c->csr.crmd = (c->csr.crmd & ~LA_CRMD_DA) | LA_CRMD_PG | (1u << 5) | (1u << 7);
}

static void setup_cpu(struct la_cpu *c, unsigned flags)
{
	la_cpu_reset(c, CODE);
	for (int i = 1; i < 32; i++)
		c->r[i] = DATA + (uint64_t)i * 0x8008;
	c->r[LA_SP] = RAM_BYTES - 0x10000;
	c->csr.eentry = EENTRY;
	c->csr.tlbrentry = TLBRENTRY;
	if (flags & F_MAPPED)
		identity_map(c);
	if (flags & F_FPU)
		c->csr.euen = LA_EUEN_FPE | LA_EUEN_SXE;
	if (flags & F_PLV3)
		c->csr.crmd |= 3;
	if (flags & F_IRQ) {
		c->csr.ecfg = LA_ECFG_LIE;
		c->csr.crmd |= LA_CRMD_IE;
	}
	la_update_mode(c);
	la_irq_update(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	uint32_t words[MAX_WORDS];
	size_t n = fuzz_take_words(&in, words, MAX_WORDS, check_decode);

	struct hvsim_config cfg = { .machine = "loongarch-virt", .ram_bytes = RAM_BYTES, .seed = 1,
				    .smp = flags & F_SMP2 ? 2 : 1, .max_insns = INSN_BUDGET };
	struct hvsim_vm *vm = fuzz_vm_create(&cfg);

	FUZZ_CHECK(mem_load(&vm->mem, CODE, words, n * 4));
	/* The run ends at its quantum's end after the write: sleep until then. */
	static const uint32_t off[6] = {
		0x14201c0c,   /* lu12i.w $t0, 0x100e0 */
		0x0380718c,   /* ori $t0, $t0, 0x1c: the GED's sleep control */
		0x0280d00d,   /* addi.w $t1, $zero, 0x34: SLP_EN | S5 */
		0x2900018d,   /* st.b $t1, $t0, 0 */
		0x06488000,   /* idle 0 */
		0x53ffffff,   /* b -4 */
	};
	FUZZ_CHECK(mem_load(&vm->mem, CODE + n * 4, off, sizeof(off)));
	entries(vm);
	for (int i = 0; i < vm->n_cpus; i++) {
		setup_cpu(loongarch_virt_cpu(vm, i), flags);
		vm->cpu_on[i] = true;
	}

	fuzz_run_vm(vm, ROUNDS, QUANTUM, INSN_BUDGET);
	for (int i = 0; i < vm->n_cpus; i++)
		FUZZ_CHECK(la_plv(loongarch_virt_cpu(vm, i)) <= 3);

	fuzz_vm_destroy(vm);
	return 0;
}

/* Seeds: short programs that reach the main paths. */
void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	static const struct fuzz_program seeds[] = {
		{ "alu", 0, { 0x001098a4 /* add.d $a0, $a1, $a2 */, 0x002218a4 /* div.d $a0, $a1, $a2 */,
			      0x002598a4 /* crc.w.d.w $a0, $a1, $a2 */, 0x5bfff885 /* beq $a0, $a1, -8 */ }, 4 },
		{ "ldst", 0, { 0x28c020a4 /* ld.d $a0, $a1, 8 */, 0x298040c4 /* st.w $a0, $a2, 16 */,
			       0x220000a4 /* ll.d $a0, $a1, 0 */, 0x230000a4 /* sc.d $a0, $a1, 0 */,
			       0x386a94c4 /* amadd_db.d $a0, $a1, $a2 */, 0x387918a4 /* ldgt.w */ }, 6 },
		{ "uart", 0, { 0x143fc005 /* lu12i.w $a1, 0x1fe00 */, 0x038780a5 /* ori $a1, $a1, 0x1e0 */,
			       0x298000a4 /* st.w $a0, $a1, 0 */, 0x280014a4 /* ld.b $a0, $a1, 5 */ }, 4 },
		{ "traps", 0, { 0x002b0000 /* syscall 0 */, 0x002a0000 /* break 0 */, 0xffffffff,
				0x00011480 /* asrtle.d $a0, $a1 */, 0x4c0000a1 /* jirl $ra, $a1, 0 */ }, 5 },
		{ "csr-iocsr", 0, { 0x04001404 /* csrrd $a0, ESTAT */, 0x040010a4 /* csrxchg $a0, $a1, ECFG */,
				    0x0387f805 /* ori $a1, $zero, 0x1fe */, 0x064808a4 /* iocsrrd.w */,
				    0x06481ca4 /* iocsrwr.d $a0, $a1 */, 0x000068a4 /* rdtime.d */,
				    0x00006ca4 /* cpucfg $a0, $a1 */, 0x06488000 /* idle 0 */ }, 8 },
		{ "tlb", F_MAPPED, { 0x06482800 /* tlbsrch */, 0x06483400 /* tlbfill */,
				     0x064004a4 /* lddir $a0, $a1, 1 */, 0x064400a0 /* ldpte $a1, 0 */,
				     0x060000b0 /* cacop 0x10, $a1, 0 */, 0x06498000 /* invtlb 0 */ }, 6 },
		{ "hvcl", F_SMP2, { 0x02800404 /* addi.w $a0, $zero, 1 (FUNC_IPI) */,
				    0x02800805 /* addi.w $a1, $zero, 2 (cpu 1) */, 0x00150006 /* move $a2, $zero */,
				    0x002b8100 /* hvcl 0x100 */, 0x02a00005 /* addi.w $a1, $zero, -2048 */,
				    0x14800005 /* lu12i.w $a1, 0x40000 */, 0x00006ca4 /* cpucfg $a0, $a1 */ }, 7 },
		{ "fp-plv3-irq", F_FPU | F_PLV3 | F_IRQ,
		  { 0x0114a8a0 /* movgr2fr.d $f0, $a1 */, 0x0114b804 /* movfr2gr.d $a0, $f0 */,
		    0x04001404 /* csrrd at PLV3: IPE */, 0x38720000 /* dbar 0 */, 0x38728000 /* ibar 0 */ }, 5 },
	};
	fuzz_emit_programs(emit, seeds, sizeof(seeds) / sizeof(seeds[0]));
}
