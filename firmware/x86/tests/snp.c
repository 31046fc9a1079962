/*
 * An SEV-SNP guest at VMPL0 on x86-virt --coco snp, bare metal: the GHCB
 * MSR protocol (SEV_INFO, CPUID, page state change, REG_GPA), output
 * through a registered GHCB page (IOIO exits: OUT would be a #VC here),
 * PVALIDATE's and RMPADJUST's results, the shared view of a private page,
 * the #VC error code of each intercepted instruction, and the end through
 * the MSR protocol's TERMINATE (hvsim: exit status 3, the reason decoded).
 * Built with -DSNP_VMPL1 (snp_vmpl1.elf), the paravisor path instead of
 * the end: VMPL0 gives VMPL1 a VMSA and some pages with RMPADJUST, runs
 * it with SNP_RUN_VMPL; VMPL1 finds RMPADJUST and PVALIDATE refused and
 * comes back with VMPL_REQ; run again, it touches a page it was not given,
 * the nested page fault that ends the run (hvsim: a memory fault naming
 * VMPL1, the access and the GPA). Built with -DSNP_VMPL0_FAULT
 * (snp_vmpl0_fault.elf), VMPL0's own RMP fault instead of the end: a
 * private (C=1) read of the shared GHCB page, the same nested page fault
 * (hvsim: a memory fault naming VMPL0 and the page's private/shared state).
 * Sources: AMD APM vol. 2 ch. 15.34-15.36 and vol. 3; GHCB specification
 * 56421 (MSR protocol, GHCB layout); Linux arch/x86/include/asm/svm.h
 * (struct ghcb's offsets) and sev-common.h.
 */
#include "fw.h"

#define MSR_SEV_STATUS 0xc0010131u
#define MSR_GHCB 0xc0010130u
#define C_BIT (1ull << 51)

#define GHCB_PA 0x800000ull      /* its 2 MiB mapped shared, the page made shared */
#define DATA_PA 0xa00000ull      /* private, validated */
#define ALIAS_VA 0x1000000ull    /* DATA_PA's 2 MiB again, mapped shared */

static volatile uint8_t *const ghcb = (volatile uint8_t *)GHCB_PA;
static bool ghcb_ready;

/* struct ghcb (asm/svm.h): save-area fields, the exit fields, the valid bitmap. */
enum {
	G_RAX = 0x1f8, G_EXIT_CODE = 0x390, G_EXIT_INFO1 = 0x398, G_EXIT_INFO2 = 0x3a0,
	G_VALID = 0x3f0, G_VERSION = 0xffa, G_USAGE = 0xffc,
};

static inline void vmgexit(void)
{
	__asm__ volatile(".byte 0xf3, 0x0f, 0x01, 0xd9" ::: "memory");
}

/* One MSR-protocol request: the answer in the GHCB MSR. */
static uint64_t msr_protocol(uint64_t request)
{
	wrmsr(MSR_GHCB, request);
	vmgexit();
	return rdmsr(MSR_GHCB);
}

static void ghcb_set(unsigned off, uint64_t v)
{
	*(volatile uint64_t *)(ghcb + off) = v;
	ghcb[G_VALID + off / 64] |= (uint8_t)(1u << (off / 8 % 8));
}

/* A new exit: nothing valid yet. */
static void ghcb_begin(void)
{
	for (unsigned i = 0; i < 16; i++)
		ghcb[G_VALID + i] = 0;
}

/* A GHCB-page exit after ghcb_begin and its fields: the MSR holds the GHCB's GPA. Returns sw_exit_info_1. */
static uint64_t ghcb_exit(uint64_t code, uint64_t info1, uint64_t info2)
{
	ghcb_set(G_EXIT_CODE, code);
	ghcb_set(G_EXIT_INFO1, info1);
	ghcb_set(G_EXIT_INFO2, info2);
	*(volatile uint16_t *)(ghcb + G_VERSION) = 2;
	*(volatile uint32_t *)(ghcb + G_USAGE) = 0;
	wrmsr(MSR_GHCB, GHCB_PA);
	vmgexit();
	return *(volatile uint64_t *)(ghcb + G_EXIT_INFO1);
}

/* OUT dx, al as the IOIO exit describes it (APM 2:15.10.2: port in 31:16, SZ8 bit 4). */
static void ghcb_outb(uint16_t port, uint8_t v)
{
	ghcb_begin();
	ghcb_set(G_RAX, v);
	ghcb_exit(0x7b, (uint64_t)port << 16 | 1u << 4, 0);
}

void uart_raw(char c)
{
	if (ghcb_ready)
		ghcb_outb(COM1, (uint8_t)c);
}

/* The end: TERMINATE, reason set 0, code 0 (general termination request). */
void fw_exit(void)
{
	msr_protocol(0x100);
	for (;;)
		__asm__ volatile("hlt");
}

static unsigned wrong;

enum { MEM_PERM_R = 1, MEM_PERM_W = 2, MEM_PERM_ALL = 15 };   /* RMPADJUST's permission bits */

static void check(const char *what, uint64_t got, uint64_t want)
{
	printf("%s: 0x%llx%s\n", what, (unsigned long long)got, got == want ? "" : " WRONG");
	wrong += got != want;
}

/* PVALIDATE and RMPADJUST: RAX, RCX (page size), RDX in; EAX and CF out. */
static uint32_t snp_insn(bool rmpadjust, uint64_t va, bool huge, uint64_t rdx, bool *cf)
{
	uint32_t eax;
	uint8_t c;
	if (rmpadjust)
		__asm__ volatile(".byte 0xf3, 0x0f, 0x01, 0xfe; setc %1"
				 : "=a"(eax), "=r"(c) : "a"(va), "c"((uint64_t)huge), "d"(rdx) : "memory", "cc");
	else
		__asm__ volatile(".byte 0xf2, 0x0f, 0x01, 0xff; setc %1"
				 : "=a"(eax), "=r"(c) : "a"(va), "c"((uint64_t)huge), "d"(rdx) : "memory", "cc");
	if (cf)
		*cf = c;
	return eax;
}

/* The 2 MiB page-directory entry mapping va (the board's identity map; C-bit masked in table addresses). */
static volatile uint64_t *pde(uint64_t va)
{
	uint64_t cr3;
	__asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
	uint64_t mask = 0x000ffffffffff000ull & ~C_BIT;
	volatile uint64_t *pml4 = (volatile uint64_t *)(cr3 & mask);
	volatile uint64_t *pdpt = (volatile uint64_t *)(pml4[(va >> 39) & 511] & mask);
	volatile uint64_t *pd = (volatile uint64_t *)(pdpt[(va >> 30) & 511] & mask);
	return &pd[(va >> 21) & 511];
}

static void map_2m(uint64_t va, uint64_t pa, bool private)
{
	*pde(va) = pa | 0x83 | (private ? C_BIT : 0);
	__asm__ volatile("invlpg (%0)" :: "r"(va) : "memory");
}

/*
 * #VC: the error code kept, execution resumed at vc_resume (each probe
 * sets it past the instruction it tries).
 */
volatile uint64_t vc_error, vc_resume;
void vc_stub(void);
__asm__(".text\n"
	"vc_stub:\n"
	"	popq vc_error(%rip)\n"
	"	pushq %rax\n"
	"	movq vc_resume(%rip), %rax\n"
	"	movq %rax, 8(%rsp)\n"
	"	popq %rax\n"
	"	iretq\n");

static void set_vc_gate(void)
{
	volatile uint64_t *idt = 0;
	__asm__("" : "+r"(idt));   /* the IDT at linear 0 (fw.h) */
	uint64_t off = (uint64_t)(uintptr_t)vc_stub;
	idt[2 * 29] = (off & 0xffff) | 0x10ull << 16 | 0x8eull << 40 | ((off >> 16) & 0xffff) << 48;
	idt[2 * 29 + 1] = off >> 32;
}

/*
 * Run one instruction with RAX and RCX set (the registers it may change
 * are clobbered), report the #VC error code it raised.
 */
static void vc_probe(const char *what, uint64_t want, uint64_t rax, uint64_t rcx, unsigned which)
{
	vc_error = 0;
#define PROBE(insn)                                                                          \
	__asm__ volatile("leaq 1f(%%rip), %%r11; movq %%r11, vc_resume(%%rip)\n" insn "\n1:" \
			 : "+a"(rax), "+c"(rcx) :: "rbx", "rdx", "r11", "memory")
	switch (which) {
	case 0: PROBE("cpuid"); break;
	case 1: PROBE("outb %%al, $0x80"); break;
	case 2: PROBE("rdmsr"); break;
	case 3: PROBE("vmmcall"); break;
	case 4: PROBE("wbinvd"); break;
	case 5: PROBE("movq %%rax, %%dr7"); break;
	default: PROBE("movl (%%rax), %%eax"); break;
	}
#undef PROBE
	check(what, vc_error, want);
}

/* AP_CREATION's create for APIC id 1 at VMPL0 from the VMSA at gpa; sw_exit_info_1 (0: started). */
static uint64_t ap_create(uint64_t vmsa)
{
	ghcb_begin();
	ghcb_set(G_RAX, 1);   /* the VMSA's SEV_FEATURES: SNPActive */
	return ghcb_exit(0x80000013, 1ull << 32 | 1, vmsa);
}

static void put(volatile uint8_t *v, unsigned off, uint64_t x, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		v[off + i] = (uint8_t)(x >> (8 * i));
}

/*
 * A VMSA (APM 2 Table B-4) for an AP in real mode at code:0 (CS base
 * `code`), with the INIT values Linux's wakeup_cpu_via_vmgexit gives:
 * CR0 CD|NW|ET, DR6, DR7, RFLAGS, PAT, XCR0, MXCSR, FCW; `efer` as given.
 */
static void ap_vmsa(volatile uint8_t *v, uint64_t code, uint64_t efer)
{
	for (unsigned i = 0; i < 4096; i++)
		v[i] = 0;
	for (unsigned seg = 0; seg < 6; seg++) {        /* ES CS SS DS FS GS */
		put(v, seg * 16 + 2, seg == 1 ? 0x9b : 0x93, 2);
		put(v, seg * 16 + 4, 0xffff, 4);
	}
	put(v, 0x18, code, 8);
	put(v, 0xd0, efer, 8);
	put(v, 0x158, 0x60000010, 8);
	put(v, 0x160, 0x400, 8);
	put(v, 0x168, 0xffff0ff0, 8);
	put(v, 0x170, 2, 8);
	put(v, 0x268, 0x0007040600070406ull, 8);
	put(v, 0x3b0, 1, 8);
	put(v, 0x3e8, 1, 8);
	put(v, 0x408, 0x1f80, 4);
	put(v, 0x410, 0x37f, 2);
}

#ifdef SNP_VMPL1
/* VMPL1's pages: the VMSA, its stack, and VMPL0's secret, which VMPL1 is not given. */
#define VMPL1_VMSA (DATA_PA + 0x6000)
#define VMPL1_STACK_TOP (DATA_PA + 0x8000)
#define SECRET_PA (DATA_PA + 0x9000)

/* What VMPL1 saw, in a page it may write (the program's own data, below 4 MiB). */
static volatile uint64_t vmpl1_rmpadjust_self, vmpl1_rmpadjust_lower, vmpl1_pvalidate;
static volatile uint64_t vmpl1_runs, vmpl1_secret, vmpl1_ap_create, vmpl1_ap_destroy;

/* AP_CREATION's destroy of APIC id 1 at VMPL0; sw_exit_info_1 (0: stopped). */
static uint64_t ap_destroy(void)
{
	ghcb_begin();
	return ghcb_exit(0x80000013, 1ull << 32 | 2, 0);
}

/*
 * VMPL1's code: its first two runs end with VMPL_REQ(0), its third reads
 * the secret. The second asks the hypervisor to start and stop CPU 1 at
 * VMPL0, which a VMPL1 may not (KVM refuses it too); it uses VMPL0's GHCB
 * page (hvsim registers one per vCPU), so VMPL0 does not check that run's
 * SNP_RUN_VMPL answer, which the refusals overwrite.
 */
static void vmpl1_main(void)
{
	vmpl1_runs = 1;
	vmpl1_rmpadjust_self = snp_insn(true, DATA_PA, false, 1 | MEM_PERM_R << 8, NULL);
	vmpl1_rmpadjust_lower = snp_insn(true, VMPL1_STACK_TOP - 0x1000, false, 2 | MEM_PERM_R << 8,
					 NULL);
	vmpl1_pvalidate = snp_insn(false, DATA_PA, false, 1, NULL);
	msr_protocol(0x016);          /* VMPL_REQ: VMPL0 runs next (GHCBData[39:32] = 0) */
	vmpl1_runs = 2;
	vmpl1_ap_create = ap_create(DATA_PA + 0x4000);
	vmpl1_ap_destroy = ap_destroy();
	msr_protocol(0x016);
	vmpl1_runs = 3;
	vmpl1_secret = *(volatile uint64_t *)SECRET_PA;
	msr_protocol(0x016);
	for (;;)
		;
}

/*
 * The VMSA of VMPL1 on this vCPU: 64-bit mode on VMPL0's page tables and
 * GDT (hvsim's boot GDT: code 0x10, data 0x18), at vmpl1_main on its own
 * stack, EFER.SVME set for VMRUN's checks, VMPL 1, SEV_FEATURES SNPActive.
 */
static void vmpl1_vmsa(volatile uint8_t *v)
{
	struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr;
	uint64_t cr0, cr3, cr4;
	__asm__ volatile("sgdt %0; mov %%cr0, %1; mov %%cr3, %2; mov %%cr4, %3"
			 : "=m"(gdtr), "=r"(cr0), "=r"(cr3), "=r"(cr4));
	for (unsigned i = 0; i < 4096; i++)
		v[i] = 0;
	for (unsigned seg = 0; seg < 6; seg++) {        /* ES CS SS DS FS GS */
		put(v, seg * 16, seg == 1 ? 0x10 : 0x18, 2);
		put(v, seg * 16 + 2, seg == 1 ? 0xa9b : 0xc93, 2);
		put(v, seg * 16 + 4, 0xffffffff, 4);
	}
	put(v, 0x64, gdtr.limit, 4);
	put(v, 0x68, gdtr.base, 8);
	put(v, 0xca, 1, 1);                                 /* VMPL */
	put(v, 0xd0, rdmsr(0xc0000080) | 1u << 12, 8);      /* EFER | SVME */
	put(v, 0x148, cr4, 8);
	put(v, 0x150, cr3, 8);
	put(v, 0x158, cr0, 8);
	put(v, 0x160, 0x400, 8);
	put(v, 0x168, 0xffff0ff0, 8);
	put(v, 0x170, 2, 8);
	put(v, 0x178, (uint64_t)(uintptr_t)vmpl1_main, 8);
	put(v, 0x1d8, VMPL1_STACK_TOP - 8, 8);              /* RSP: as after a call */
	put(v, 0x268, 0x0007040600070406ull, 8);
	put(v, 0x3b0, 1, 8);
	put(v, 0x3e8, 1, 8);
	put(v, 0x408, 0x1f80, 4);
	put(v, 0x410, 0x37f, 2);
}

/* AP_CREATION's create of this vCPU's (APIC id 0) VMSA for VMPL1; sw_exit_info_1. */
static uint64_t vmpl1_create(uint64_t vmsa)
{
	ghcb_begin();
	ghcb_set(G_RAX, 1);
	return ghcb_exit(0x80000013, 1ull << 16 | 1, vmsa);
}

/* SNP_RUN_VMPL: VMPL `vmpl` runs next; sw_exit_info_1 when VMPL0 runs again. */
static uint64_t run_vmpl(uint64_t vmpl)
{
	ghcb_begin();
	return ghcb_exit(0x80000018, vmpl, 0);
}

/* RMPADJUST: VMPL1 may do `perm` with the pages of [pa, end). */
static void grant_vmpl1(uint64_t pa, uint64_t end, unsigned perm)
{
	for (; pa < end; pa += 0x1000)
		snp_insn(true, pa, false, 1 | perm << 8, NULL);
}

static void paravisor(void)
{
	*(volatile uint64_t *)SECRET_PA = 0x5ec7e7;
	/* VMPL1 gets the first 4 MiB (the IDT, GDT, page tables, this program) and its stack. */
	grant_vmpl1(0, 0x400000, MEM_PERM_ALL);
	grant_vmpl1(VMPL1_STACK_TOP - 0x1000, VMPL1_STACK_TOP, MEM_PERM_R | MEM_PERM_W);
	check("SNP_RUN_VMPL before VMPL1 has a VMSA (refused)", run_vmpl(1), 2);
	vmpl1_vmsa((volatile uint8_t *)VMPL1_VMSA);
	check("RMPADJUST: VMPL1's VMSA", snp_insn(true, VMPL1_VMSA, false, 1 | 1u << 16, NULL), 0);
	check("AP_CREATION of VMPL1's VMSA on this vCPU", vmpl1_create(VMPL1_VMSA), 0);
	check("SNP_RUN_VMPL 1, back by VMPL1's VMPL_REQ", run_vmpl(1), 0);
	check("VMPL1 ran", vmpl1_runs, 1);
	check("VMPL1: RMPADJUST of its own VMPL (FAIL_PERMISSION)", vmpl1_rmpadjust_self, 2);
	check("VMPL1: RMPADJUST for VMPL2 of its stack, within its own", vmpl1_rmpadjust_lower, 0);
	check("VMPL1: PVALIDATE (FAIL_PERMISSION)", vmpl1_pvalidate, 2);
	run_vmpl(1);
	check("VMPL1 ran again", vmpl1_runs, 2);
	check("VMPL1: AP_CREATION of CPU 1 at VMPL0 (refused)", vmpl1_ap_create, 2);
	check("VMPL1: AP_DESTROY of CPU 1 at VMPL0 (refused)", vmpl1_ap_destroy, 2);
	printf("snp: %u wrong; VMPL1 now reads VMPL0's secret at 0x%llx\n", wrong,
	       (unsigned long long)SECRET_PA);
	run_vmpl(1);
	printf("snp: VMPL1 read the secret: 0x%llx\n", (unsigned long long)vmpl1_secret);
}
#endif

int main(void)
{
	/* Before any output: the protocol, then the GHCB. */
	uint64_t status = rdmsr(MSR_SEV_STATUS);
	uint64_t info = msr_protocol(0x002);
	uint64_t cpuid_ebx = msr_protocol(0x8000001full << 32 | 1ull << 30 | 0x004);
	bool cf;
	uint32_t inval = snp_insn(false, GHCB_PA, false, 0, &cf);
	uint64_t psc = msr_protocol(GHCB_PA | 2ull << 52 | 0x014);
	map_2m(GHCB_PA, GHCB_PA, false);
	uint64_t reg = msr_protocol(GHCB_PA | 0x012);
	ghcb_ready = (reg & 0xfff) == 0x013 && (reg >> 12) == (GHCB_PA >> 12);

	printf("snp: SEV guest at VMPL0\n");
	check("SEV_STATUS", status, 7);
	check("SEV_INFO response", info & 0xfff, 0x001);
	check("SEV_INFO max version", info >> 48, 2);
	check("SEV_INFO min version", (info >> 32) & 0xffff, 1);
	check("SEV_INFO C-bit", (info >> 24) & 0xff, 51);
	check("CPUID 0x8000001F EBX C-bit (MSR protocol)", (cpuid_ebx >> 32) & 0x3f, 51);
	check("PVALIDATE invalidate of the GHCB page", inval, 0);
	check("PSC to shared", psc, 0x015);
	check("REG_GPA echoes the GFN", reg >> 12, GHCB_PA >> 12);

	/* PVALIDATE: no change (CF), page size, alignment; RMPADJUST at VMPL0. */
	check("PVALIDATE a validated page: EAX", snp_insn(false, DATA_PA, false, 1, &cf), 0);
	check("PVALIDATE a validated page: CF (no change)", cf, 1);
	check("PVALIDATE 2M on 4K RMP entries (FAIL_SIZEMISMATCH)", snp_insn(false, DATA_PA, true, 1, NULL), 6);
	check("PVALIDATE 2M unaligned (FAIL_INPUT)", snp_insn(false, DATA_PA + 0x1000, true, 1, NULL), 1);
	check("RMPADJUST VMPL1 no permission (at VMPL0)", snp_insn(true, DATA_PA, false, 1, NULL), 0);
	check("RMPADJUST target VMPL0 (FAIL_PERMISSION)", snp_insn(true, DATA_PA, false, 0x0f00, NULL), 2);

	/* The C-bit: the same page through a shared mapping reads ciphertext. */
	volatile uint64_t *priv = (volatile uint64_t *)(DATA_PA + 0x10);
	volatile uint64_t *shared = (volatile uint64_t *)(ALIAS_VA + 0x10);
	*priv = 0x5ec7e75ec7e7ull;
	map_2m(ALIAS_VA, DATA_PA, false);
	check("shared view equals the plaintext", *shared == *priv, 0);

	/*
	 * AP creation: CPU 1 starts only from a page RMPADJUST marked as a
	 * VMSA, and only if VMRUN would take the state (EFER.SVME set); a
	 * refusal is the GHCB's malformed-input answer (sw_exit_info_1 2).
	 */
	volatile uint8_t *vmsa = (volatile uint8_t *)(DATA_PA + 0x4000);
	volatile uint8_t *ap_code = (volatile uint8_t *)(DATA_PA + 0x5000);
	ap_code[0] = 0xf4;                                   /* hlt */
	ap_code[1] = 0xeb;                                   /* jmp to the hlt */
	ap_code[2] = 0xfd;
	ap_vmsa(vmsa, DATA_PA + 0x5000, 0);
	check("AP_CREATION from a page not marked as a VMSA (refused)", ap_create(DATA_PA + 0x4000), 2);
	check("RMPADJUST: the page becomes a VMSA", snp_insn(true, DATA_PA + 0x4000, false, 1 | 1u << 16, NULL), 0);
	check("AP_CREATION from a VMSA with EFER.SVME clear (refused)", ap_create(DATA_PA + 0x4000), 2);
	check("RMPADJUST: no longer a VMSA", snp_insn(true, DATA_PA + 0x4000, false, 1, NULL), 0);
	ap_vmsa(vmsa, DATA_PA + 0x5000, 1u << 12);           /* EFER.SVME */
	snp_insn(true, DATA_PA + 0x4000, false, 1 | 1u << 16, NULL);
	check("AP_CREATION from a good VMSA", ap_create(DATA_PA + 0x4000), 0);

	/* #VC for what the hypervisor intercepts, error code = SVM exit code. */
	set_vc_gate();
	vc_probe("#VC CPUID", 0x72, 0, 0, 0);
	vc_probe("#VC OUT", 0x7b, 0, 0, 1);
	vc_probe("#VC RDMSR", 0x7c, 0, 0x10, 2);
	vc_probe("#VC VMMCALL", 0x81, 0, 0, 3);
	vc_probe("#VC WBINVD", 0x89, 0, 0, 4);
	vc_probe("#VC MOV DR7", 0x37, 0x400, 0, 5);
	vc_probe("#VC MMIO (NPF)", 0x400, IOAPIC_BASE, 0, 6);
	check("PVALIDATE invalidate", snp_insn(false, DATA_PA + 0x2000, false, 0, NULL), 0);
	vc_probe("#VC unvalidated page", 0x404, DATA_PA + 0x2000, 0, 6);

#ifdef SNP_VMPL1
	paravisor();
#endif
#ifdef SNP_VMPL0_FAULT
	printf("snp: %u wrong; VMPL0 now reads the shared GHCB page privately\n", wrong);
	map_2m(ALIAS_VA, GHCB_PA, true);
	printf("snp: VMPL0 read the GHCB page: 0x%llx\n", (unsigned long long)*(volatile uint64_t *)ALIAS_VA);
#endif
	printf("snp: %u wrong; terminating\n", wrong);
	return 0;
}
