/*
 * The x86-virt board (x86_virt.c): memory map, board state, and the parts
 * its other files share: the ACPI generator (x86_virt_acpi.c).
 *
 * Memory map (physical), with no BIOS and no legacy PC devices but the
 * 16550:
 *   0x00000000  RAM, up to X86V_LOWMEM_TOP (3 GiB); the rest at 4 GiB
 *   0x00001000  boot GDT        (X86V_GDT)
 *   0x00002000  boot page tables: PML4, PDPT, 4 PDs identity-mapping 4 GiB
 *               with 2 MiB pages (X86V_PML4 .. X86V_PT_END)
 *   0x00010000  Linux's boot_params, then its command line at 0x20000
 *   0x01000000  a bzImage's kernel (its pref_address), the initrd at the
 *               top of low RAM
 *   0x000e0000  ACPI tables, RSDP first (where Linux also scans for it)
 *   0xc0000000  the PCI host bridge's 32-bit MMIO window, to 0xfebfffff
 *               (X86V_PCI_MMIO_BASE, X86V_PCI_MMIO_SIZE): the virtio
 *               functions' BARs, assigned from its bottom (dev/pci_host)
 *   0xfec00000  the IO-APIC (dev/x86_ioapic): COM1 on pin 4, the power
 *               button's GED on 9 (X86V_BUTTON_GSI), PCI INTA#s on
 *               16-23 (X86V_PCI_GSI)
 *   0xfee00000  the local APICs (dev/x86_lapic), each CPU its own
 * e820 (x86_virt_e820): usable [0, 0xe0000), ACPI [0xe0000, 0x100000),
 * usable [1 MiB, low top) and [4 GiB, ...): the holes a PC has below
 * 1 MiB are not needed without a BIOS, so only the ACPI area is taken.
 * Ports: the 16550 at 0x3f8 (COM1), the hardware-reduced ACPI sleep and
 * reset registers at X86V_ACPI_PORT (dev/acpi_ged), PCI configuration
 * mechanism #1 at 0xcf8-0xcff (dev/pci_host, the DSDT's PCI0).
 */
#ifndef HVSIM_X86_VIRT_H
#define HVSIM_X86_VIRT_H

#include "cpu/x86-coco/x86.h"
#include "machine/machine.h"
#include "machine/virtio_slots.h"

#define X86V_MAX_CPUS 64
#define X86V_LOWMEM_TOP 0xc0000000ull
#define X86V_HIGHMEM_BASE 0x100000000ull
#define X86V_GDT 0x1000ull
#define X86V_PML4 0x2000ull
#define X86V_PT_END 0x8000ull
#define X86V_ZERO_PAGE 0x10000ull    /* Linux's boot_params */
#define X86V_CMDLINE 0x20000ull
#define X86V_ACPI_BASE 0xe0000ull
#define X86V_ACPI_SIZE 0x20000ull
#define X86V_LAPIC_BASE 0xfee00000ull
#define X86V_UART_PORT 0x3f8
#define X86V_UART_IRQ 4              /* COM1's ISA IRQ, the IO-APIC's pin 4 */
#define X86V_IOAPIC_BASE 0xfec00000ull
#define X86V_PCI_MMIO_BASE 0xc0000000u
#define X86V_PCI_MMIO_SIZE 0x3ec00000u  /* up to the IO-APIC's page */
#define X86V_PCI_GSI 16              /* the first IO-APIC pin PCI devices interrupt on */
#define X86V_BUTTON_GSI 9            /* the GED's line: the power button (ISA IRQ 9, free here) */
#define X86V_ACPI_PORT 0x600         /* SLEEP_CTL, SLEEP_STS, RESET */
#define X86V_TSC_HZ 1000000000ull    /* the TSC counts virtual nanoseconds */

struct ns16550;
struct acpi_ged;
struct x86_lapics;
struct x86_ioapic;

/* A local APIC timer's event: the CPU it belongs to. */
struct x86v_apic_timer {
	struct core_event ev;
	struct hvsim_vm *vm;
	int cpu;
};

/* The board's own state (hvsim_vm.board_state). */
struct pci_host;

struct x86_virt {
	struct mem_space io;               /* the port space, every CPU's */
	struct ns16550 *uart;
	struct acpi_ged *ged;
	struct x86_lapics *lapics;
	struct x86_ioapic *ioapic;
	struct x86v_apic_timer apic_timer[X86V_MAX_CPUS];
	struct pci_host *pci;
	struct virtio_slots virtio;        /* its functions */
	uint8_t pci_gsi[32];               /* device n's INTA# pin (0: none), for the _PRT */
	struct hv_kvm_x86 kvm;             /* the kvmclock MSRs */
	uint64_t system_time[X86V_MAX_CPUS];
	uint64_t tsc_latest;               /* the vCPUs' shared TSC (x86_platform.tsc_latest) */
	struct x86_snp *snp;               /* --coco snp (x86_snp.c); NULL otherwise */
};

static inline struct x86_virt *x86_virt(struct hvsim_vm *vm)
{
	return vm->board_state;
}

static inline struct x86_cpu *x86_virt_cpu(struct hvsim_vm *vm, int i)
{
	return x86(vm->cpus[i]);
}

static inline uint64_t x86_virt_lowmem(const struct hvsim_vm *vm)
{
	return vm->cfg.ram_bytes < X86V_LOWMEM_TOP ? vm->cfg.ram_bytes : X86V_LOWMEM_TOP;
}

static inline uint64_t x86_virt_highmem(const struct hvsim_vm *vm)
{
	return vm->cfg.ram_bytes - x86_virt_lowmem(vm);
}

/* The e820 types (bootparam.h / e820 ABI). */
enum { E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3 };
struct x86_e820 {
	uint64_t addr, size;
	uint32_t type;
};

/* The e820 map (above); returns the entries written into out[max]. */
size_t x86_virt_e820(const struct hvsim_vm *vm, struct x86_e820 *out, size_t max);

/* --coco snp (x86_snp.c): the SNP host, set up after RAM and before the vCPUs. */
struct x86_snp;
int x86_snp_create(struct hvsim_vm *vm, char *err, size_t errlen);
void x86_snp_destroy(struct hvsim_vm *vm);
void x86_snp_platform(struct x86_platform *plat);
void x86_snp_routes(struct x86_cpu *c);
uint64_t x86_snp_c_bit(struct hvsim_vm *vm);
/* The bytes from X86V_SNP_PAGES the e820 reserves (0 without --coco snp). */
uint64_t x86_snp_reserved(struct hvsim_vm *vm);
/*
 * The pages a bootloader gives an SNP guest (the secrets page, the CPUID
 * page, the CC blob and its SETUP_CC_BLOB setup_data entry): placed in
 * X86V_SNP_PAGES, which the e820 reserves; returns the setup_data's GPA.
 */
uint64_t x86_snp_boot_pages(struct hvsim_vm *vm);
#define X86V_SNP_PAGES 0x30000ull     /* secrets, CPUID, CC blob: 3 pages */
#define X86V_SNP_PAGES_SIZE 0x3000ull
void x86_snp_stats(struct hvsim_vm *vm, struct hvsim_stats *st);
/* The SNP host's state in a snapshot (with --coco snp; after the board's devices). */
struct snap;
void x86_snp_snapshot(struct hvsim_vm *vm, struct snap *s);

/* ------------------------------------------------------------------ ACPI */

/*
 * One MADT interrupt-controller structure (ACPI 6.5, 5.2.12): its type
 * and body after the two-byte type/length header. The board lists its
 * own (local APICs, IO-APICs, overrides); a CoCo board appends others
 * (TDX's multiprocessor wakeup structure) to the same list.
 */
struct x86_madt_entry {
	uint8_t type;
	uint8_t len;                       /* of body */
	uint8_t body[30];
};

/* An extra system description table a board adds: its signature, revision and body writer. */
struct x86_acpi_buf;
struct x86_acpi_table {
	char sig[4];
	uint8_t rev;
	void (*body)(struct x86_acpi_buf *b, const void *opaque);
	const void *opaque;
};

#define X86_ACPI_MAX_EXTRA 14

/* What the generator describes. */
struct x86_acpi_config {
	unsigned n_cpus;                   /* local APICs 0..n-1, one per vCPU */
	uint64_t lapic_base;
	uint16_t sleep_port;               /* SLEEP_CTL; SLEEP_STS and RESET follow it */
	uint8_t s5_type;                   /* the SLP_TYP of S5 (DSDT \_S5) */
	uint8_t reset_value;
	uint16_t uart_port;                /* a PNP0501 in the DSDT, with its IRQ */
	uint8_t uart_irq;
	uint16_t pci_cfg_port;             /* a PCI host bridge (PNP0A03): its CONFIG_ADDRESS port */
	uint32_t pci_mmio_base, pci_mmio_size;   /* and its 32-bit MMIO window (size 0: no bridge) */
	const uint8_t *pci_gsi;            /* [32]: device n's INTA# GSI, 0 none; NULL: no _PRT */
	uint8_t button_gsi;                /* a power button behind a GED on this edge GSI (0: none) */
	const struct x86_madt_entry *madt;
	size_t n_madt;
	const struct x86_acpi_table *extra;
	size_t n_extra;
};

/*
 * Build RSDP, XSDT, FADT (hardware-reduced), MADT, DSDT and the extra
 * tables into out[cap] as they will sit at guest-physical `gpa` (the
 * RSDP at gpa). Returns the bytes used, or 0 if cap is too small.
 */
size_t x86_acpi_build(const struct x86_acpi_config *cfg, uint64_t gpa, uint8_t *out, size_t cap);

/* ---------------------------------------------------------- Linux boot */

#define X86_BOOT_DEFAULT_LOAD 0x1000000ull   /* 16 MiB: LOAD_PHYSICAL_ADDR's default */

/* A bzImage's setup header, checked (x86_boot.c). */
struct x86_bzimage {
	const uint8_t *hdr;                /* the image: the header at 0x1f1 */
	size_t hdr_end;                    /* where the header ends in it */
	const uint8_t *kernel;             /* the protected-mode kernel */
	size_t kernel_len;
	uint64_t load;                     /* where it goes (pref_address, or the default) */
	uint64_t init_size;                /* the memory it needs from there to decompress and run */
	uint64_t initrd_max;               /* the highest address the initrd may end at */
	uint32_t cmdline_max;
};

/* What the boot loader passes besides the image. */
struct x86_linux_boot {
	uint64_t lowmem;                   /* RAM from 0 the kernel and initrd must fit in */
	uint64_t zero_page, cmdline_gpa, rsdp;
	const char *cmdline;
	uint64_t initrd, initrd_len;       /* where the caller puts it once the kernel is loaded */
	const struct x86_e820 *e820;
	size_t n_e820;
	uint64_t setup_data;               /* the first struct setup_data (boot.rst); 0: none */
};

/* 1: not a bzImage; 0: *img filled; HVSIM_BAD_INPUT with a message naming the problem. */
int x86_bzimage_check(const void *data, size_t len, struct x86_bzimage *img, char *err, size_t errlen);
/* Load the kernel and write boot_params and the command line. 0, or HVSIM_BAD_INPUT. */
int x86_bzimage_load(struct mem_space *mem, const struct x86_bzimage *img, const struct x86_linux_boot *lb,
		     char *err, size_t errlen);
/* The 64-bit entry point (startup_64). */
uint64_t x86_bzimage_entry(const struct x86_bzimage *img);

#endif
