/*
 * Every CPUCFG word (LA RM 2.2.10.5) and the hypervisor's leaves at
 * 0x40000000-0x400000ff (KVM: "KVM\0" at 0x40000000, the feature bitmap
 * at 0x40000004, 0 elsewhere). The words are hvsim's model of an LA464,
 * so this runs on hvsim only; each feature the words advertise is then
 * tried, so a word that claims what the CPU does not do (or hides what it
 * does) fails here.
 */
#include "fw.h"

#define FIELD(w, lo, n) (((w) >> (lo)) & ((1u << (n)) - 1))

/* EUEN bit `bit` sticks when written: the unit it enables is there (7.4.3). */
static unsigned euen_sticks(unsigned bit)
{
	csr_write(CSR_EUEN, 1ul << bit);
	unsigned on = (csr_read(CSR_EUEN) >> bit) & 1;
	csr_write(CSR_EUEN, 0);
	return on;
}

int main(void)
{
	trap_init();
	printf("loongarch cpucfg\n");
	for (uint32_t leaf = 0; leaf <= 0x14; leaf++)
		printf("cpucfg 0x%02x = 0x%08x\n", leaf, cpucfg(leaf));
	for (uint32_t leaf = 0x15; leaf < 0x100; leaf++)
		if (cpucfg(leaf))
			printf("cpucfg 0x%x = 0x%x: NOT ZERO\n", leaf, cpucfg(leaf));
	printf("cpucfg 0x15-0xff: zero\n");

	uint32_t w1 = cpucfg(1), w2 = cpucfg(2), w3 = cpucfg(3);
	printf("word 1: arch %u pgmmu %u iocsr %u palen %u valen %u ual %u ri %u ep %u rplv %u hp %u crc %u\n",
	       FIELD(w1, 0, 2), FIELD(w1, 2, 1), FIELD(w1, 3, 1), FIELD(w1, 4, 8) + 1,
	       FIELD(w1, 12, 8) + 1, FIELD(w1, 20, 1), FIELD(w1, 21, 1), FIELD(w1, 22, 1),
	       FIELD(w1, 23, 1), FIELD(w1, 24, 1), FIELD(w1, 25, 1));
	printf("word 2: fp %u sp %u dp %u fpver %u lsx %u lasx %u complex %u crypto %u lvz %u "
	       "lbt %u llftp %u lspw %u lam %u\n",
	       FIELD(w2, 0, 1), FIELD(w2, 1, 1), FIELD(w2, 2, 1), FIELD(w2, 3, 3), FIELD(w2, 6, 1),
	       FIELD(w2, 7, 1), FIELD(w2, 8, 1), FIELD(w2, 9, 1), FIELD(w2, 10, 1),
	       FIELD(w2, 18, 3), FIELD(w2, 14, 1), FIELD(w2, 21, 1), FIELD(w2, 22, 1));
	printf("word 3: ccdma %u itlbt %u icachet %u spw_lvl %u spw_hp_hf %u\n", FIELD(w3, 0, 1),
	       FIELD(w3, 6, 1), FIELD(w3, 7, 1), FIELD(w3, 8, 3), FIELD(w3, 11, 1));
	printf("words 4, 5: stable counter %u Hz x %u / %u\n", cpucfg(4), FIELD(cpucfg(5), 0, 16),
	       FIELD(cpucfg(5), 16, 16));

	/* What the words claim, tried. */
	printf("FPU: advertised %u, EUEN.FPE sticks %u\n", FIELD(w2, 0, 1), euen_sticks(0));
	printf("LSX: advertised %u, EUEN.SXE sticks %u\n", FIELD(w2, 6, 1), euen_sticks(1));
	printf("LASX: advertised %u, EUEN.ASXE sticks %u\n", FIELD(w2, 7, 1), euen_sticks(2));
	printf("LBT: advertised %u, EUEN.BTE sticks %u\n", FIELD(w2, 18, 3) != 0, euen_sticks(3));
	unsigned before = trap_last.count;
	uint64_t crc = 0;
	__asm__ volatile("crc.w.w.w %0, %1, %0" : "+r"(crc) : "r"(0x12345678ul));
	printf("CRC: advertised %u, crc.w.w.w %s (0x%lx)\n", FIELD(w1, 25, 1),
	       trap_last.count == before ? "runs" : "traps", (unsigned long)crc);
	before = trap_last.count;
	uint32_t features = iocsr_read32(8);
	printf("IOCSR: advertised %u, iocsrrd %s, FEATURES.VM %u\n", FIELD(w1, 3, 1),
	       trap_last.count == before ? "runs" : "traps", (features >> 11) & 1);
	printf("PRCFG3 STLB %u ways x %u sets, MTLB %lu\n",
	       (unsigned)FIELD(csr_read(CSR_PRCFG3), 12, 8) + 1, 1u << FIELD(csr_read(CSR_PRCFG3), 20, 6),
	       (unsigned long)FIELD(csr_read(CSR_PRCFG3), 4, 8) + 1);

	/* The hypervisor's leaves: each read once, the nonzero ones printed. */
	for (uint32_t leaf = 0x40000000; leaf <= 0x400000ff; leaf++) {
		uint32_t v = cpucfg(leaf);
		if (v)
			printf("cpucfg 0x%x = 0x%08x\n", leaf, v);
	}
	uint32_t sig = cpucfg(0x40000000), feat = cpucfg(0x40000004);
	printf("signature \"%c%c%c\" %s\n", (char)sig, (char)(sig >> 8), (char)(sig >> 16),
	       sig >> 24 ? "no NUL" : "NUL-terminated");
	printf("features: ipi %u steal_time %u preempt %u virt_extioi %u user_hcall %u\n",
	       (feat >> KVM_FEATURE_IPI) & 1, (feat >> KVM_FEATURE_STEAL_TIME) & 1,
	       (feat >> KVM_FEATURE_PREEMPT) & 1, (feat >> 24) & 1, (feat >> 25) & 1);
	printf("cpucfg 0x40000100 = 0x%x (a CPU word again)\n", cpucfg(0x40000100));
	return 0;
}
