/*
 * The x86-virt board (memory map in x86_virt.h): x86-64 vCPUs entered in
 * long mode (no BIOS, no real-mode boot), RAM with a simple e820, the
 * 16550 UART at port 0x3f8, the hardware-reduced ACPI sleep and reset
 * registers in port space (power-off ends the run; a reset reboots, as
 * QEMU's, or ends it with -no-reboot), a power button behind an ACPI
 * GED (the monitor's system_powerdown), ACPI tables describing it
 * (x86_virt_acpi.c), and hvsim as x86 KVM (hv/kvm_x86.c: the CPUID
 * hypervisor leaves, kvmclock, VMCALL/VMMCALL). Everything board-neutral
 * is machine/vm.c's. Kernels: a bzImage through Linux's 64-bit boot
 * protocol (x86_boot.c), or a bare-metal ELF at its physical addresses.
 *
 * The local APICs and the IO-APIC (dev/x86_lapic, dev/x86_ioapic) carry
 * the interrupts; secondary CPUs wait for INIT and a SIPI from the start.
 * Not modelled yet: the RTC.
 *
 * Virtio's transport, chosen: virtio-pci behind a minimal PCI host
 * (configuration mechanism 1 at ports 0xCF8/0xCFC, the bridge in the DSDT
 * as PNP0A03). Debian's amd64 kernel (the config of linux-base 7.2.13)
 * builds VIRTIO_PCI in (=y) but VIRTIO_MMIO only as a module and without
 * VIRTIO_MMIO_CMDLINE_DEVICES, so devices announced on the command line
 * are never probed, and virtio-mmio announced in ACPI (LNRO0005) works
 * only once an initramfs has loaded virtio_mmio.ko: not "out of the box".
 * virtio-pci also offers per-device MSI-X later, and is what QEMU's pc
 * and q35 machines give the same kernel (the bench's comparison).
 * The devices (machine/virtio_slots.c, dev/virtio_pci.c) are functions
 * on bus 0, slot n's in device n + 1: the disks (-drive), the entropy
 * source only with -device virtio-rng-pci and the NIC with -nic user, so a
 * run without them has the board, the ACPI tables and the guest's timing
 * it had before they existed. No virtio console (the 16550 is the
 * console). Each interrupts on INTA#, wired to IO-APIC pin
 * X86V_PCI_GSI + slot % 8 and described by PCI0's _PRT: level-triggered,
 * active low, as PCI's lines are (so the board drives the pin low while
 * the device asserts it). Linux enables MSI-X, though (one vector for the
 * configuration and one per queue), and then the messages go to the local
 * APICs (pci_msi); INTx is what a driver without MSI-X gets.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/core/snap.h"
#include "cpu/x86-coco/debug.h"
#include "dev/acpi_ged.h"
#include "dev/ns16550.h"
#include "dev/x86_ioapic.h"
#include "dev/x86_lapic.h"
#include "dev/pci_host.h"
#include "hv/sev_ghcb.h"
#include "machine/x86_virt.h"

/* The RTC epoch vm_wall_ns counts from: 2026-01-01T00:00:00Z, as the other boards'. */
#define X86V_EPOCH 1767225600ull

/* Every hypervisor conduit speaks KVM's x86 ABI; VMCALL and VMMCALL are the same calls. */
static const struct hv_route routes[] = {
	{ .conduit = X86_CONDUIT_CPUID, .any_imm = true, .abi = &hv_kvm_x86_cpuid_abi },
	{ .conduit = X86_CONDUIT_RDMSR, .any_imm = true, .abi = &hv_kvm_x86_rdmsr_abi },
	{ .conduit = X86_CONDUIT_WRMSR, .any_imm = true, .abi = &hv_kvm_x86_wrmsr_abi },
	{ .conduit = X86_CONDUIT_VMCALL, .any_imm = true, .abi = &hv_kvm_x86_hcall_abi },
	{ .conduit = X86_CONDUIT_VMMCALL, .any_imm = true, .abi = &hv_kvm_x86_hcall_abi },
	/* SEV-SNP (--coco snp; VMGEXIT is #UD otherwise): the GHCB MSR protocol and page. */
	{ .conduit = X86_CONDUIT_VMGEXIT, .any_imm = true, .abi = &hv_sev_ghcb_msr_abi },
	/* ... and the nested page fault of an RMP check a VMPL above 0 failed. */
	{ .conduit = X86_CONDUIT_NPF, .any_imm = true, .abi = &hv_sev_npf_abi },
};

/* kvmclock (CLOCKSOURCE2) on a TSC that runs at one rate on every vCPU: stable. */
#define X86V_PV_FEATURES (HV_X86_FEATURE_CLOCKSOURCE2 | HV_X86_FEATURE_CLOCKSOURCE_STABLE)

static void uart_out(void *opaque, uint8_t byte)
{
	vm_console_out(opaque, byte);
}

static void power_off(void *opaque)
{
	vm_stop(opaque, HVSIM_OK, "guest powered off (ACPI sleep control, S5)");
}

/*
 * The ACPI reset register: a machine reset at the next quantum boundary,
 * as QEMU's; with -no-reboot (or where a reset cannot be made) the run ends.
 */
static void power_reset(void *opaque)
{
	vm_guest_reset(opaque, "guest requested a reset (ACPI reset register)");
}

/*
 * The monitor's system_powerdown: an edge on the GED's line, which the
 * DSDT's _EVT turns into a press of \_SB.PWRB (x86_virt_acpi.c). The
 * IO-APIC takes the rising edge; the line goes low again at once.
 */
static void power_button(struct hvsim_vm *vm)
{
	struct x86_virt *b = x86_virt(vm);
	x86_ioapic_set_irq(b->ioapic, X86V_BUTTON_GSI, true);
	x86_ioapic_set_irq(b->ioapic, X86V_BUTTON_GSI, false);
}

static uint64_t guest_tsc(void *opaque, int vcpu, bool physical)
{
	(void)physical;
	return x86_tsc_read(x86_virt_cpu(opaque, vcpu));
}

static uint64_t guest_wall_ns(void *opaque, int vcpu)
{
	return vm_wall_ns(opaque, vcpu);
}

/* --------------------------------------------------- the APICs' host */

static void apic_intr(void *opaque, int cpu, bool level)
{
	x86_set_intr(x86_virt_cpu(opaque, cpu), level);
}

static void apic_nmi(void *opaque, int cpu)
{
	x86_raise_nmi(x86_virt_cpu(opaque, cpu));
}

static void apic_init(void *opaque, int cpu)
{
	x86_raise_init(x86_virt_cpu(opaque, cpu));
}

static void apic_sipi(void *opaque, int cpu, uint8_t vector)
{
	x86_raise_sipi(x86_virt_cpu(opaque, cpu), vector);
}

static void apic_eoi(void *opaque, uint8_t vector)
{
	x86_ioapic_eoi(x86_virt(opaque)->ioapic, vector);
}

static uint64_t apic_now_ns(void *opaque, int cpu)
{
	struct hvsim_vm *vm = opaque;
	return core_cycles_to_ns(vm->timing, vm->cpus[cpu]->cycles);
}

static uint64_t apic_tsc(void *opaque, int cpu)
{
	return x86_tsc(x86_virt_cpu(opaque, cpu));
}

/* The timer's event at the first cycle whose time is `ns` or later. */
static void apic_timer_arm(void *opaque, int cpu, uint64_t ns)
{
	struct hvsim_vm *vm = opaque;
	struct core_event *ev = &x86_virt(vm)->apic_timer[cpu].ev;
	if (ns == UINT64_MAX) {
		core_event_cancel(&vm->events, ev);
		return;
	}
	unsigned __int128 c = ((unsigned __int128)ns * vm->timing->hz + 999999999u) / 1000000000u;
	uint64_t when = c > UINT64_MAX ? UINT64_MAX - 1 : (uint64_t)c;
	core_event_arm(&vm->events, ev, when);
	/*
	 * Leave core_run at the next block boundary, not only at `when`: the
	 * run loop then sees the new event before a HLT puts the vCPU to
	 * sleep until the stop it computed without it.
	 */
	core_vcpu_kick_at(vm->cpus[cpu], vm->cpus[cpu]->cycles);
}

static void apic_timer_fire(void *opaque, uint64_t now)
{
	struct x86v_apic_timer *t = opaque;
	(void)now;
	x86_lapic_timer_fire(x86_virt(t->vm)->lapics, t->cpu);
}

/* ---------------------------------------------------- PCI interrupts */

/* INTA# is active low: the pin reads low while the device asserts it. */
static void pci_intx(void *opaque, int pin, bool asserted)
{
	x86_ioapic_set_irq(opaque, pin, !asserted);
}

/* Virtio slot `slot`'s line, idle (high) from the start, and its _PRT entry. */
static struct dev_irq pci_irq(struct hvsim_vm *vm, int slot)
{
	struct x86_virt *b = x86_virt(vm);
	int gsi = X86V_PCI_GSI + slot % 8;
	x86_ioapic_set_irq(b->ioapic, gsi, true);
	b->pci_gsi[slot + 1] = (uint8_t)gsi;
	return (struct dev_irq){ pci_intx, b->ioapic, gsi };
}

/*
 * A function's MSI-X message, a write to the local APICs' window (SDM
 * 3:11.11): the destination APIC ID in address bits 19:12, logical
 * destination in bit 2; the vector, delivery mode and trigger mode in the
 * data. A message addressed elsewhere goes nowhere.
 */
static void pci_msi(void *opaque, uint64_t addr, uint32_t data)
{
	struct x86_virt *b = opaque;
	if ((addr & 0xfff00000u) != X86V_LAPIC_BASE)
		return;
	const struct x86_apic_msg m = {
		.dest = (uint32_t)(addr >> 12) & 0xff, .vector = (uint8_t)data, .mode = (data >> 8) & 7,
		.logical = (addr >> 2) & 1, .level = (data >> 15) & 1, .src = -1,
	};
	x86_lapics_deliver(b->lapics, &m);
}

static bool create_apics(struct hvsim_vm *vm)
{
	struct x86_virt *b = x86_virt(vm);
	const struct x86_lapic_host host = {
		.opaque = vm, .intr = apic_intr, .nmi = apic_nmi, .init = apic_init,
		.sipi = apic_sipi, .eoi = apic_eoi, .now_ns = apic_now_ns, .tsc = apic_tsc,
		.timer_arm = apic_timer_arm, .tsc_hz = X86V_TSC_HZ,
	};
	for (int i = 0; i < vm->n_cpus; i++)
		b->apic_timer[i] = (struct x86v_apic_timer){
			.ev = { .fn = apic_timer_fire, .opaque = &b->apic_timer[i], .heap_index = -1 },
			.vm = vm, .cpu = i,
		};
	b->lapics = x86_lapics_new(vm->n_cpus, &host);
	if (!b->lapics || !x86_lapics_map(b->lapics, &vm->mem, X86V_LAPIC_BASE))
		return false;
	b->ioapic = x86_ioapic_new(&vm->mem, X86V_IOAPIC_BASE, 0, b->lapics);
	return b->ioapic != NULL;
}

/* ------------------------------------------------------------- create */

/* A vCPU: KVM's leaves and kvmclock MSRs to hvsim, VMCALL and VMMCALL too. */
/* The CPU's view of its local APIC (cpu/x86-coco/x86.h) is the device's four functions. */
static const struct x86_apic_ops lapic_ops = {
	x86_lapic_ack, x86_lapic_msr, x86_lapic_set_tpr, x86_lapic_get_tpr,
};

static struct x86_cpu *new_cpu(struct hvsim_vm *vm, int i)
{
	struct x86_cpu *c = aligned_alloc(64, (sizeof(*c) + 63) & ~(size_t)63);
	if (!c)
		return NULL;
	memset(c, 0, sizeof(*c));
	struct x86_platform plat = {
		.opaque = vm, .vendor = X86_VENDOR_INTEL, .io = &x86_virt(vm)->io,
		.apic_id = (uint32_t)i, .n_cpus = (unsigned)vm->n_cpus, .tsc_hz = X86V_TSC_HZ,
		.tsc_latest = &x86_virt(vm)->tsc_latest,
		.rng_seed = vm->cfg.seed ^ (uint64_t)i,
		.hv_leaf_first = 0x40000000, .hv_leaf_last = 0x400000ff,
		.hv_msrs = { { 0x4b564d00, 0x4b564d01 } },
		.apic = x86_lapic_cpu(x86_virt(vm)->lapics, i), .apic_ops = &lapic_ops,
	};
	if (x86_virt(vm)->snp)
		x86_snp_platform(&plat);
	x86_cpu_init(c, vm->timing, &vm->cache, &vm->mem, &vm->events, i, &plat);
	c->routes[0][X86_EV_VMCALL] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_VMCALL };
	c->routes[0][X86_EV_VMMCALL] = (struct x86_route){ X86_TO_HV, X86_CONDUIT_VMMCALL };
	if (x86_virt(vm)->snp)
		x86_snp_routes(c);
	return c;
}

static int create(struct hvsim_vm *vm, char *err, size_t errlen)
{
	int rc = vm_board_begin(vm, sizeof(struct x86_virt), err, errlen);
	if (rc)
		return rc;
	struct x86_virt *b = vm->board_state;
	mem_space_init(&b->io, MEM_SPACE_PORT_IO, vm->cfg.seed);
	rc = vm_add_ram(vm, 0, x86_virt_lowmem(vm), X86V_HIGHMEM_BASE, err, errlen);
	if (rc || (vm->cfg.coco && (rc = x86_snp_create(vm, err, errlen))))
		return rc;
	if (!create_apics(vm)) {
		snprintf(err, errlen, "cannot create the APICs");
		return HVSIM_ERROR;
	}
	for (int i = 0; i < vm->n_cpus; i++) {
		struct x86_cpu *c = new_cpu(vm, i);
		if (!c) {
			snprintf(err, errlen, "out of memory");
			return HVSIM_ERROR;
		}
		vm->cpus[i] = &c->core;
		/* An application processor waits for INIT and a SIPI (SDM 3:9.4.4). */
		if (i) {
			x86_raise_init(c);
			vm->cpu_on[i] = true;
		}
	}
	b->uart = ns16550_new(&b->io, X86V_UART_PORT,
			      (struct dev_irq){ x86_ioapic_set_irq, b->ioapic, X86V_UART_IRQ }, uart_out, vm);
	b->ged = acpi_ged_new(&b->io, X86V_ACPI_PORT, power_off, power_reset, vm);
	b->pci = pci_host_new(&b->io, &vm->mem, X86V_PCI_MMIO_BASE, X86V_PCI_MMIO_SIZE);
	if (!b->uart || !b->ged || !b->pci) {
		snprintf(err, errlen, "cannot create the board");
		return HVSIM_ERROR;
	}
	pci_host_set_msi(b->pci, pci_msi, b);
	b->virtio.pci = b->pci;
	rc = virtio_slots_create(&b->virtio, vm, 0, pci_irq, err, errlen);
	if (rc)
		return rc;
	b->kvm = (struct hv_kvm_x86){ .tsc_hz = X86V_TSC_HZ, .system_time = b->system_time,
				      .n_vcpus = (unsigned)vm->n_cpus };
	vm->hvplat.opaque = vm;
	vm->hvplat.counter = guest_tsc;
	vm->hvplat.wall_ns = guest_wall_ns;
	vm->hvplat.kvm_x86 = &b->kvm;
	vm->hvplat.pv_features = X86V_PV_FEATURES;
	vm->hv.routes = routes;
	vm->hv.n_routes = sizeof(routes) / sizeof(routes[0]);
	return 0;
}

static void destroy(struct hvsim_vm *vm)
{
	struct x86_virt *b = x86_virt(vm);
	if (b->uart)
		ns16550_free(b->uart);
	if (b->ged)
		acpi_ged_free(b->ged);
	for (int i = 0; i < vm->n_cpus; i++)
		core_event_cancel(&vm->events, &b->apic_timer[i].ev);
	x86_snp_destroy(vm);
	x86_ioapic_free(b->ioapic);
	x86_lapics_free(b->lapics);
	virtio_slots_free(&b->virtio);
	if (b->pci)
		pci_host_free(b->pci);
	mem_space_free(&b->io);
	free(b);
	vm->board_state = NULL;
}

/*
 * A machine reset: the devices as at power-on, kvmclock's MSRs cleared (the
 * old kernel's pvclock pages are no longer written), every vCPU at its
 * RESET state; the application processors wait for INIT and a SIPI again,
 * as from the start (vm.c loads the images and starts CPU 0). The TSC runs
 * on (one per machine, virtual time). The PCI host's configuration space
 * keeps what the guest wrote (the BARs hvsim assigned, which Linux keeps;
 * a guest that moved them finds them moved).
 */
static void reset(struct hvsim_vm *vm)
{
	struct x86_virt *b = x86_virt(vm);
	for (int i = 0; i < vm->n_cpus; i++)
		core_event_cancel(&vm->events, &b->apic_timer[i].ev);
	ns16550_reset(b->uart);
	virtio_slots_reset(&b->virtio);
	x86_ioapic_reset(b->ioapic);
	x86_lapics_reset(b->lapics);
	memset(b->system_time, 0, sizeof(b->system_time));
	b->kvm.wall_clock = 0;
	for (int i = 0; i < vm->n_cpus; i++) {
		struct x86_cpu *c = x86_virt_cpu(vm, i);
		x86_cpu_reset(c);
		if (i) {
			x86_raise_init(c);
			vm->cpu_on[i] = true;
		}
	}
}

/* ------------------------------------------------------------- booting */

/*
 * The boot GDT (boot.rst, 64-bit boot protocol: __BOOT_CS 0x10 and
 * __BOOT_DS 0x18, flat, 64-bit code and read/write data) and page tables
 * identity-mapping the low 4 GiB with 2 MiB pages, the ACPI tables, and
 * the boot CPU in long mode at `entry` with RSI = `rsi`.
 */
static int boot(struct hvsim_vm *vm, uint64_t entry, uint64_t rsi, char *err, size_t errlen)
{
	static const uint64_t gdt[4] = { 0, 0, 0x00af9b000000ffffull, 0x00cf93000000ffffull };
	mem_load(&vm->mem, X86V_GDT, gdt, sizeof(gdt));
	uint64_t pdpt = X86V_PML4 + 0x1000, pd = pdpt + 0x1000;
	/* SNP: the tables and RAM private (C-bit set), devices shared, as Linux maps them. */
	uint64_t cbit = x86_snp_c_bit(vm);
	uint64_t e = pdpt | 3 | cbit;     /* present, writable */
	mem_load(&vm->mem, X86V_PML4, &e, 8);
	for (uint64_t i = 0; i < 4; i++) {
		e = (pd + 0x1000 * i) | 3 | cbit;
		mem_load(&vm->mem, pdpt + 8 * i, &e, 8);
	}
	for (uint64_t i = 0; i < 4 * 512; i++) {
		e = (i << 21) | 0x83 | ((i << 21) < x86_virt_lowmem(vm) ? cbit : 0);   /* present, writable, 2 MiB */
		mem_load(&vm->mem, pd + 8 * i, &e, 8);
	}

	/*
	 * The IO-APIC (ACPI 6.5 5.2.12.3): ID 0, its address, GSIs from 0.
	 * No interrupt source override: ISA IRQs map 1:1 with ISA's
	 * defaults (edge, active high), which COM1 on pin 4 keeps, and the
	 * PIT (IRQ 0) and an SCI (hardware-reduced ACPI) do not exist.
	 */
	struct x86_madt_entry ioapic = { .type = 1, .len = 10 };
	uint32_t addr = (uint32_t)X86V_IOAPIC_BASE;
	memcpy(&ioapic.body[2], &addr, 4);
	static uint8_t tables[X86V_ACPI_SIZE];
	struct x86_acpi_config acfg = {
		.n_cpus = (unsigned)vm->n_cpus, .lapic_base = X86V_LAPIC_BASE,
		.sleep_port = X86V_ACPI_PORT, .s5_type = ACPI_GED_SLP_TYP_S5,
		.reset_value = ACPI_GED_RESET_VALUE, .uart_port = X86V_UART_PORT,
		.uart_irq = X86V_UART_IRQ, .madt = &ioapic, .n_madt = 1, .pci_cfg_port = PCI_HOST_PORT,
		.pci_mmio_base = X86V_PCI_MMIO_BASE, .pci_mmio_size = X86V_PCI_MMIO_SIZE,
		.pci_gsi = x86_virt(vm)->pci_gsi, .button_gsi = X86V_BUTTON_GSI,
	};
	size_t n = x86_acpi_build(&acfg, X86V_ACPI_BASE, tables, sizeof(tables));
	if (!n) {
		snprintf(err, errlen, "cannot build the ACPI tables");
		return HVSIM_ERROR;
	}
	mem_load(&vm->mem, X86V_ACPI_BASE, tables, n);

	struct x86_cpu *c = x86_virt_cpu(vm, 0);
	x86_cpu_enter_long_mode(c, entry, X86V_PML4);
	c->s.gdtr = (struct x86_dtr){ .base = X86V_GDT, .limit = sizeof(gdt) - 1 };
	c->s.r[X86_RSI] = rsi;
	return 0;
}

/* A bare-metal ELF: its segments at their physical addresses in low RAM, entered in long mode. */
static int load_elf(struct hvsim_vm *vm, const void *data, size_t len, char *err, size_t errlen)
{
	uint64_t entry;
	int rc = machine_load_elf(&vm->mem, 0, x86_virt_lowmem(vm), EM_X86_64, data, len, &entry, err,
				  errlen);
	return rc ? rc : boot(vm, entry, 0, err, errlen);
}

size_t x86_virt_e820(const struct hvsim_vm *vm, struct x86_e820 *out, size_t max)
{
	/*
	 * SNP: the secrets, CPUID and CC blob pages are reserved (x86_snp.c; under
	 * an SVSM its calling area and memory too),
	 * and the ACPI tables are ACPI data, which Linux maps private (reserved
	 * ranges it maps shared: arch/x86/mm/ioremap.c __ioremap_check_encrypted).
	 */
	uint64_t snp = x86_snp_reserved((struct hvsim_vm *)vm);
	const struct x86_e820 map[] = {
		{ 0, snp ? X86V_SNP_PAGES : X86V_ACPI_BASE, E820_RAM },
		{ X86V_SNP_PAGES, snp, E820_RESERVED },
		{ X86V_SNP_PAGES + snp, snp ? X86V_ACPI_BASE - X86V_SNP_PAGES - snp : 0, E820_RAM },
		{ X86V_ACPI_BASE, X86V_ACPI_SIZE, snp ? E820_ACPI : E820_RESERVED },
		{ X86V_ACPI_BASE + X86V_ACPI_SIZE, x86_virt_lowmem(vm) - X86V_ACPI_BASE - X86V_ACPI_SIZE, E820_RAM },
		{ X86V_HIGHMEM_BASE, x86_virt_highmem(vm), E820_RAM },
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]) && n < max; i++)
		if (map[i].size)
			out[n++] = map[i];
	return n;
}

/*
 * A bzImage through the 64-bit boot protocol (x86_boot.c): the initrd at
 * the top of low RAM (below the kernel's initrd_addr_max), page-aligned.
 */
static int boot_linux(struct hvsim_vm *vm, const struct x86_bzimage *img, const char *initrd,
		      const char *cmdline, char *err, size_t errlen)
{
	struct x86_e820 e820[6];
	struct x86_linux_boot lb = {
		.lowmem = x86_virt_lowmem(vm), .zero_page = X86V_ZERO_PAGE, .cmdline_gpa = X86V_CMDLINE,
		.rsdp = X86V_ACPI_BASE, .cmdline = cmdline, .e820 = e820,
		.n_e820 = x86_virt_e820(vm, e820, 6),
		.setup_data = x86_virt(vm)->snp ? x86_snp_boot_pages(vm) : 0,
	};
	void *idata = NULL;
	if (initrd) {
		size_t ilen;
		idata = vm_read_file(initrd, &ilen, "initrd", err, errlen);
		if (!idata)
			return HVSIM_BAD_INPUT;
		uint64_t top = lb.lowmem;
		if (img->initrd_max && img->initrd_max + 1 < top)
			top = img->initrd_max + 1;
		if (ilen > top) {
			snprintf(err, errlen, "initrd '%s' (%zu bytes) does not fit below 0x%llx", initrd,
				 ilen, (unsigned long long)top);
			free(idata);
			return HVSIM_BAD_INPUT;
		}
		lb.initrd = (top - ilen) & ~0xfffull;
		lb.initrd_len = ilen;
	}
	int rc = x86_bzimage_load(&vm->mem, img, &lb, err, errlen);
	if (rc == 0 && idata)
		mem_load(&vm->mem, lb.initrd, idata, lb.initrd_len);
	free(idata);
	return rc ? rc : boot(vm, x86_bzimage_entry(img), X86V_ZERO_PAGE, err, errlen);
}

static int load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
		       const char *cmdline, char *err, size_t errlen)
{
	if (vm->cfg.dtb) {
		snprintf(err, errlen, "-dtb: x86-virt describes itself with ACPI, not a device tree");
		return HVSIM_BAD_INPUT;
	}
	size_t len;
	void *data = vm_read_file(path, &len, "kernel", err, errlen);
	if (!data)
		return HVSIM_BAD_INPUT;
	char why[256];
	struct x86_bzimage img;
	int rc = x86_bzimage_check(data, len, &img, why, sizeof(why));
	if (rc == 0) {
		rc = boot_linux(vm, &img, initrd, cmdline, why, sizeof(why));
	} else if (rc == 1 && (initrd || cmdline)) {
		snprintf(why, sizeof(why), "not a bzImage: only a bzImage takes -initrd and -append");
		rc = HVSIM_BAD_INPUT;
	} else if (rc == 1) {
		rc = load_elf(vm, data, len, why, sizeof(why));
	}
	free(data);
	if (rc)
		snprintf(err, errlen, "kernel '%s': %s", path, why);
	return rc;
}

/* ------------------------------------------------------------ snapshots */

/*
 * The board's own state (kvmclock's MSRs, the TSC's highest read), the
 * vCPUs, then every device the board created (mem/snap.h). The ACPI
 * registers (acpi_ged) have no state: they act at once. Under --coco snp,
 * the SNP host last (x86_snp.c).
 */
static void snapshot(struct hvsim_vm *vm, struct snap *s)
{
	struct x86_virt *b = x86_virt(vm);
	snap_section(s, "x86-virt");
	snap_val(s, b->kvm.wall_clock);
	snap_bytes(s, b->system_time, sizeof(b->system_time[0]) * (size_t)vm->n_cpus);
	snap_val(s, b->tsc_latest);
	for (int i = 0; i < vm->n_cpus; i++)
		x86_cpu_snapshot(x86_virt_cpu(vm, i), s);
	x86_lapics_snapshot(b->lapics, s);
	for (int i = 0; i < vm->n_cpus; i++)
		snap_event(s, &vm->events, &b->apic_timer[i].ev);
	x86_ioapic_snapshot(b->ioapic, s);
	ns16550_snapshot(b->uart, s);
	pci_host_snapshot(b->pci, s);
	virtio_slots_snapshot(&b->virtio, s);
	if (b->snp)
		x86_snp_snapshot(vm, s);
}

/* --------------------------------------------------------------- misc */

/* Between quanta: the devices go on with work a request left, the network with its sockets. */
static void tick(struct hvsim_vm *vm)
{
	virtio_slots_resume(&x86_virt(vm)->virtio);
}

static bool busy(struct hvsim_vm *vm)
{
	return virtio_slots_busy(&x86_virt(vm)->virtio);
}

/* x86 KVM has no ONE_REG interface (KVM_GET_REGS and friends instead): every id is unknown. */
static int one_reg(struct core_vcpu *v, uint64_t id, void *val, bool set)
{
	(void)v, (void)id, (void)val, (void)set;
	return -1;
}

static size_t console_room(struct hvsim_vm *vm)
{
	return ns16550_rx_room(x86_virt(vm)->uart);
}

static void console_put(struct hvsim_vm *vm, uint8_t byte)
{
	ns16550_input(x86_virt(vm)->uart, byte);
}

const struct board_ops board_x86_virt = {
	.name = "x86-virt",
	.alias = NULL,
	.desc = "x86-64 in long mode, ACPI (hardware-reduced), 16550 at 0x3f8, hvsim as KVM",
	.max_cpus = X86V_MAX_CPUS,
	.coco = true,
	.stats = x86_snp_stats,
	.create = create,
	.destroy = destroy,
	.load_kernel = load_kernel,
	.load_elf = load_elf,
	.one_reg = one_reg,
	.debug_isa = x86_debug_isa,
	.console_room = console_room,
	.console_put = console_put,
	.tick = tick,
	.busy = busy,
	.snapshot = snapshot,
	.power_button = power_button,
	.reset = reset,
	.rtc_epoch = X86V_EPOCH,
};
