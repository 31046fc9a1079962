/*
 * The loongarch-virt board: QEMU's LoongArch virt memory map and devices
 * (IPI and EIOINTC in IOCSR space, PCH-PIC, a 16550 UART, the GED's
 * poweroff and reset registers, virtio-mmio blk, rng and console; the
 * machine resets as QEMU's), LA64
 * vCPUs, LoongArch KVM as the hypercall ABI (HVCL, the CPUCFG hypervisor
 * leaves, PV IPI and steal time), and Linux's direct boot
 * (loongarch_boot.c) or a bare-metal ELF. Everything board-neutral is
 * machine/vm.c's.
 *
 * Secondary CPUs start in the boot firmware's wait, which the board plays
 * (Linux's loongson_boot_secondary: the entry in mailbox 0, then an IPI):
 * they do not run until an IPI is pending with a nonzero mailbox 0, and
 * then start in direct address mode at that address, their IPI status
 * cleared, as QEMU's boot code leaves them.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/loongarch/debug.h"
#include "dev/acpi_ged.h"
#include "dev/ls7a_rtc.h"
#include "dev/loongarch_eiointc.h"
#include "dev/loongarch_ipi.h"
#include "dev/loongarch_pch_pic.h"
#include "dev/mmio.h"
#include "dev/ns16550.h"
#include "machine/loongarch_virt.h"
#include "cpu/core/snap.h"

/* The RTC epoch vm_wall_ns counts from: 2026-01-01T00:00:00Z, as arm64-virt's. */
#define LAV_EPOCH 1767225600ull

/* HVCL speaks LoongArch KVM's ABI; CPUCFG's hypervisor leaves are KVM's identification. */
static const struct hv_route routes[] = {
	{ .conduit = LA_CONDUIT_HVCL, .any_imm = true, .abi = &hv_hvcl_abi },
	{ .conduit = LA_CONDUIT_CPUCFG, .any_imm = true, .abi = &hv_kvm_loongarch_cpucfg_abi },
};

/* ------------------------------------------------------- interrupt lines */

static void ipi_line(void *opaque, int cpu, bool level)
{
	la_set_irq(loongarch_virt_cpu(opaque, cpu), LA_IRQ_IPI, level);
}

static void eiointc_pin(void *opaque, int cpu, int ip, bool level)
{
	la_set_irq(loongarch_virt_cpu(opaque, cpu), LA_IRQ_HWI0 + (unsigned)ip, level);
}

static uint64_t rtc_now_ns(void *opaque)
{
	return vm_now_ns(opaque);
}

static void uart_out(void *opaque, uint8_t byte)
{
	vm_console_out(opaque, byte);
}

static void power_off(void *opaque)
{
	vm_stop(opaque, HVSIM_OK, "guest powered off (GED sleep control, S5)");
}

/*
 * The GED's reset register (Linux's syscon-reboot): a machine reset at the
 * next quantum boundary, as QEMU's; with -no-reboot the run ends.
 */
static void power_reset(void *opaque)
{
	vm_guest_reset(opaque, "guest requested a reset (GED reset register)");
}

/* -------------------------------------------------- LoongArch KVM's calls */

/* KVM_HCALL_FUNC_IPI: SWI0 on the vCPU whose physical CPU id (CSR.CPUID, its index) is cpuid. */
static bool pv_ipi(void *opaque, int from, uint64_t cpuid)
{
	struct hvsim_vm *vm = opaque;
	if (cpuid >= (uint64_t)vm->n_cpus)
		return false;
	/* A lost IPI is still "sent": KVM answers SUCCESS either way. */
	if (dev_ipi_dropped(&loongarch_virt(vm)->ipi_gate, from, (int)cpuid))
		return true;
	la_set_irq(loongarch_virt_cpu(vm, (int)cpuid), LA_IRQ_SWI0, true);
	return true;
}

/*
 * KVM_HCALL_FUNC_NOTIFY for steal time: remember the record, and bring it
 * up to date as KVM does at the vCPU's next entry. Nothing is ever stolen
 * from a vCPU here (each runs its whole quantum of virtual time), so later
 * updates would only advance the version.
 */
static void steal_time(void *opaque, int vcpu, uint64_t gpa)
{
	struct hvsim_vm *vm = opaque;
	loongarch_virt(vm)->steal_gpa[vcpu] = gpa;
	hv_kvm_la_steal_update(&vm->hvplat, gpa, 0);
}

/*
 * PREEMPT: the vCPUs of a quantum take turns on the host, so a lock
 * holder that is not taking its turn cannot release the lock before the
 * spinner's turn ends, exactly the case KVM's preempted flag tells the
 * guest about (Linux stops spinning on such an owner: vcpu_is_preempted).
 * A vCPU that ends its turn asleep (IDLE) is not preempted, as under KVM,
 * which flags only vCPUs scheduled out while runnable.
 */
static void vcpu_turn(struct hvsim_vm *vm, struct core_vcpu *v, bool running)
{
	uint64_t gpa = loongarch_virt(vm)->steal_gpa[v->index];
	if (gpa)
		hv_kvm_la_set_preempted(&vm->hvplat, gpa, !running && !v->halted);
}

/* --------------------------------------------------------- IOCSR, ISA I/O */

/*
 * The chip configuration IOCSRs Linux reads (cpu-probe.c): FEATURES, and
 * VENDOR and CPUNAME as eight-character strings ("Loongson", "3A5000", as
 * QEMU's); and MISC_FUNC, which Linux sets EXT_IOI_EN in (storage: the
 * EIOINTC is always on).
 */
#define CHIPCFG_SIZE 0x30
#define LAV_FEATURES (LAV_IOCSRF_EXTIOI | LAV_IOCSRF_CSRIPI | LAV_IOCSRF_VM)

static uint64_t chars8(const char *s)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < 8 && s[i]; i++)
		v |= (uint64_t)(uint8_t)s[i] << (8 * i);
	return v;
}

static uint64_t chipcfg_word(void *opaque, uint64_t off)
{
	switch (off) {
	case LAV_IOCSR_FEATURES: return LAV_FEATURES;
	case LAV_IOCSR_VENDOR: return chars8("Loongson");
	case LAV_IOCSR_CPUNAME: return chars8("3A5000");
	}
	return 0;
}

static void ignore_word(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
}

static uint64_t chipcfg_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 8, chipcfg_word);
}

static void chipcfg_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			  uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 8, ignore_word);
}

static const struct mem_mmio_ops chipcfg_ops = { .read = chipcfg_read, .write = chipcfg_write };

static uint64_t misc_word(void *opaque, uint64_t off)
{
	return ((struct loongarch_virt *)opaque)->misc_func;
}

static void misc_write_word(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	struct loongarch_virt *b = opaque;
	b->misc_func = dev_merge(b->misc_func, val, mask);
}

static uint64_t misc_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return dev_mmio_read(opaque, off, size, 8, misc_word);
}

static void misc_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		       uint64_t val)
{
	dev_mmio_write(opaque, off, size, val, 8, misc_write_word);
}

static const struct mem_mmio_ops misc_ops = { .read = misc_read, .write = misc_write };

/* The legacy port window: no ISA device, so every port floats high (the i8042 is absent). */
static uint64_t isa_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return size >= 8 ? ~0ull : (1ull << (8 * size)) - 1;
}

static void isa_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
		      uint64_t val)
{
}

static const struct mem_mmio_ops isa_ops = { .read = isa_read, .write = isa_write };

/* ------------------------------------------------------------- create */

static struct dev_irq virtio_irq(struct hvsim_vm *vm, int slot)
{
	return pch_pic_irq(loongarch_virt(vm)->pch_pic, LAV_VIRTIO_PIN + slot);
}

static bool add_devices(struct hvsim_vm *vm, struct loongarch_virt *b)
{
	b->ipi = loongarch_ipi_new(&b->iocsr, vm->n_cpus, ipi_line, vm);
	b->eiointc = eiointc_new(&b->iocsr, vm->n_cpus, eiointc_pin, vm);
	if (!b->ipi || !b->eiointc)
		return false;
	b->pch_pic = pch_pic_new(&vm->mem, LAV_PCH_PIC_BASE,
				 (struct dev_irq){ .set = eiointc_set_irq, .opaque = b->eiointc });
	if (!b->pch_pic)
		return false;
	b->uart = ns16550_new(&vm->mem, LAV_UART_BASE, pch_pic_irq(b->pch_pic, LAV_UART_PIN),
			      uart_out, vm);
	b->ged = acpi_ged_new(&vm->mem, LAV_GED_BASE, power_off, power_reset, vm);
	b->rtc = ls7a_rtc_new(&vm->mem, LAV_PM_BASE, pch_pic_irq(b->pch_pic, LAV_RTC_PIN), rtc_now_ns,
			      vm, vm_rtc_epoch(vm));
	return b->uart && b->ged && b->rtc &&
	       mem_add_mmio(&b->iocsr, "chipcfg", 0, CHIPCFG_SIZE, &chipcfg_ops, b) &&
	       mem_add_mmio(&b->iocsr, "misc-func", LAV_IOCSR_MISC_FUNC, 8, &misc_ops, b) &&
	       mem_add_mmio(&vm->mem, "isa-io", LAV_ISA_IO_BASE, LAV_ISA_IO_SIZE, &isa_ops, b);
}

static int create(struct hvsim_vm *vm, char *err, size_t errlen)
{
	int rc = vm_board_begin(vm, sizeof(struct loongarch_virt), err, errlen);
	if (rc)
		return rc;
	struct loongarch_virt *b = vm->board_state;
	mem_space_init(&b->iocsr, MEM_SPACE_IOCSR, vm->cfg.seed);
	rc = vm_add_ram(vm, LAV_LOWMEM_BASE, loongarch_virt_lowmem(vm), LAV_HIGHMEM_BASE, err, errlen);
	if (rc)
		return rc;
	for (int i = 0; i < vm->n_cpus; i++) {
		struct la_cpu *c = aligned_alloc(64, (sizeof(*c) + 63) & ~(size_t)63);
		if (!c) {
			snprintf(err, errlen, "out of memory");
			return HVSIM_ERROR;
		}
		memset(c, 0, sizeof(*c));
		struct la_platform plat = { .opaque = vm, .iocsr = &b->iocsr, .stable_hz = LAV_STABLE_HZ };
		la_cpu_init(c, vm->timing, &vm->cache, &vm->mem, &vm->events, i, &plat);
		vm->cpus[i] = &c->core;
	}
	if (!add_devices(vm, b)) {
		snprintf(err, errlen, "cannot create the board");
		return HVSIM_ERROR;
	}
	rc = virtio_slots_create(&b->virtio, vm, LAV_VIRTIO_BASE, virtio_irq, err, errlen);
	if (rc)
		return rc;
	vm->hvplat.opaque = vm;
	vm->hvplat.pv_ipi = pv_ipi;
	vm->hvplat.steal_time = steal_time;
	vm->hvplat.pv_features = HV_LA_FEATURE_IPI | HV_LA_FEATURE_STEAL_TIME | HV_LA_FEATURE_PREEMPT;
	vm->hv.routes = routes;
	vm->hv.n_routes = sizeof(routes) / sizeof(routes[0]);
	return 0;
}

static void destroy(struct hvsim_vm *vm)
{
	struct loongarch_virt *b = loongarch_virt(vm);
	virtio_slots_free(&b->virtio);
	if (b->uart)
		ns16550_free(b->uart);
	if (b->ged)
		acpi_ged_free(b->ged);
	if (b->rtc)
		ls7a_rtc_free(b->rtc);
	if (b->pch_pic)
		pch_pic_free(b->pch_pic);
	if (b->eiointc)
		eiointc_free(b->eiointc);
	if (b->ipi)
		loongarch_ipi_free(b->ipi);
	mem_space_free(&b->iocsr);
	free(b);
	vm->board_state = NULL;
}

/*
 * A machine reset: the board's registers, every device as at power-on (the
 * RTC keeps its time, a battery-backed clock; the GED has no state) and
 * every vCPU reset; vm.c turns the secondaries off, so they wait in the
 * boot firmware again (their mailboxes are empty), and starts CPU 0 at the
 * entry of the images it loads again. The steal-time records are
 * forgotten: the new kernel registers its own.
 */
static void reset(struct hvsim_vm *vm)
{
	struct loongarch_virt *b = loongarch_virt(vm);
	b->misc_func = 0;
	memset(b->steal_gpa, 0, sizeof(b->steal_gpa));
	virtio_slots_reset(&b->virtio);
	ns16550_reset(b->uart);
	ls7a_rtc_reset(b->rtc);
	pch_pic_reset(b->pch_pic);
	eiointc_reset(b->eiointc);
	loongarch_ipi_reset(b->ipi);
	for (int i = 0; i < vm->n_cpus; i++)
		la_cpu_reset(loongarch_virt_cpu(vm, i), 0);
}

/* ------------------------------------------------------------- loading */

/* The boot CPU at the kernel's physical entry, direct address mode, booting.rst's a0-a2. */
static void boot_cpu0(struct hvsim_vm *vm, uint64_t entry, uint64_t cmdline, uint64_t systab)
{
	struct la_cpu *c = loongarch_virt_cpu(vm, 0);
	la_cpu_reset(c, entry);
	c->r[LA_A0] = 1;          /* efi_boot: the system table is there */
	c->r[LA_A1] = cmdline;
	c->r[LA_A0 + 2] = systab;
}

/* The device tree at LAV_FDT_ADDR, then the EFI system table; CPU 0 at the entry. */
static int boot(struct hvsim_vm *vm, const struct loongarch_image *kernel, const char *cmdline,
		uint64_t initrd_start, uint64_t initrd_end, char *err, size_t errlen)
{
	static uint8_t fdt[LAV_FDT_MAX];
	int n = loongarch_virt_build_fdt(vm, fdt, sizeof(fdt), cmdline, initrd_start, initrd_end);
	if (n < 0) {
		snprintf(err, errlen, "cannot build the device tree");
		return HVSIM_ERROR;
	}
	mem_load(&vm->mem, LAV_FDT_ADDR, fdt, (size_t)n);
	struct loongarch_bootinfo bi = {
		.cmdline = cmdline, .fdt = LAV_FDT_ADDR, .fdt_size = (uint64_t)n,
		.initrd_start = initrd_start, .initrd_end = initrd_end, .kernel = *kernel,
		.lowmem = loongarch_virt_lowmem(vm), .highmem = loongarch_virt_highmem(vm),
	};
	uint64_t systab, cmd;
	int rc = loongarch_write_bootinfo(&vm->mem, &bi, &systab, &cmd, err, errlen);
	if (rc == 0)
		boot_cpu0(vm, kernel->entry, cmd, systab);
	return rc;
}

/*
 * An ELF (a vmlinux, a bare-metal program): its addresses are taken as
 * physical ones, direct-mapped window bits dropped, and it loads into low
 * RAM. Its extent is unknown to the memory map, which calls it free RAM
 * (Linux reserves its own image).
 */
static int load_elf_image(struct hvsim_vm *vm, const void *data, size_t len,
			  struct loongarch_image *img, char *err, size_t errlen)
{
	uint64_t entry;
	int rc = machine_load_elf_pa(&vm->mem, LAV_LOWMEM_BASE, loongarch_virt_lowmem(vm), EM_LOONGARCH,
				     LA_PA_MASK, data, len, &entry, err, errlen);
	*img = (struct loongarch_image){ .entry = entry };
	return rc;
}

static int load_elf(struct hvsim_vm *vm, const void *data, size_t len, char *err, size_t errlen)
{
	struct loongarch_image img;
	int rc = load_elf_image(vm, data, len, &img, err, errlen);
	return rc ? rc : boot(vm, &img, NULL, 0, 0, err, errlen);
}

/* The kernel: zboot unpacked, then a Linux image or an ELF. */
static int load_image(struct hvsim_vm *vm, const void *data, size_t len, struct loongarch_image *img,
		      char *err, size_t errlen)
{
	void *unpacked = NULL;
	size_t ulen;
	int rc = loongarch_unzboot(data, len, &unpacked, &ulen, err, errlen);
	if (rc == 0) {
		data = unpacked;
		len = ulen;
	} else if (rc != 1) {
		return rc;
	}
	rc = loongarch_load_efi_image(&vm->mem, loongarch_virt_lowmem(vm), data, len, img, err, errlen);
	if (rc == 1) {
		if (len >= 4 && !memcmp(data, ELFMAG, SELFMAG))
			rc = load_elf_image(vm, data, len, img, err, errlen);
		else
			snprintf(err, errlen, "not a LoongArch kernel (an EFI zboot image, a Linux image "
				 "with the booting.rst header, or an ELF)");
	}
	free(unpacked);
	return rc == 1 ? HVSIM_BAD_INPUT : rc;
}

static int load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
		       const char *cmdline, char *err, size_t errlen)
{
	if (vm->cfg.dtb) {
		snprintf(err, errlen, "-dtb: loongarch-virt passes only the device tree it generates");
		return HVSIM_BAD_INPUT;
	}
	size_t len;
	void *data = vm_read_file(path, &len, "kernel", err, errlen);
	if (!data)
		return HVSIM_BAD_INPUT;
	struct loongarch_image img;
	char why[256];
	int rc = load_image(vm, data, len, &img, why, sizeof(why));
	free(data);
	if (rc) {
		snprintf(err, errlen, "kernel '%s': %s", path, why);
		return rc;
	}
	/* The initrd at the top of low RAM, above the kernel. */
	uint64_t initrd_start = 0, initrd_end = 0;
	if (initrd) {
		size_t ilen;
		void *idata = vm_read_file(initrd, &ilen, "initrd", err, errlen);
		if (!idata)
			return HVSIM_BAD_INPUT;
		uint64_t top = LAV_LOWMEM_BASE + loongarch_virt_lowmem(vm);
		uint64_t floor = img.end > LAV_BOOTINFO_END ? img.end : LAV_BOOTINFO_END;
		initrd_start = (top - ilen) & ~0xfffull;
		if (ilen > top - floor || initrd_start < floor) {
			snprintf(err, errlen, "initrd '%s' (%zu bytes) does not fit in low RAM with the "
				 "kernel (it ends at 0x%llx)", initrd, ilen, (unsigned long long)floor);
			free(idata);
			return HVSIM_BAD_INPUT;
		}
		mem_load(&vm->mem, initrd_start, idata, ilen);
		initrd_end = initrd_start + ilen;
		free(idata);
	}
	return boot(vm, &img, cmdline, initrd_start, initrd_end, err, errlen);
}

/* ------------------------------------------------------------ snapshots */

/*
 * The board's own registers, the vCPUs, then every device it created
 * (mem/snap.h). The GED has no state: its registers act at once.
 */
static void snapshot(struct hvsim_vm *vm, struct snap *s)
{
	struct loongarch_virt *b = loongarch_virt(vm);
	snap_section(s, "loongarch-virt");
	snap_val(s, b->misc_func);
	snap_val(s, b->steal_gpa);
	for (int i = 0; i < vm->n_cpus; i++)
		la_cpu_snapshot(loongarch_virt_cpu(vm, i), s);
	loongarch_ipi_snapshot(b->ipi, s);
	eiointc_snapshot(b->eiointc, s);
	pch_pic_snapshot(b->pch_pic, s);
	ns16550_snapshot(b->uart, s);
	ls7a_rtc_snapshot(b->rtc, s);
	virtio_slots_snapshot(&b->virtio, s);
}

/* ----------------------------------------------------- between quanta */

/* Access an IOCSR as CPU `cpu` does: the board's boot firmware running there. */
static uint64_t iocsr_as(struct hvsim_vm *vm, int cpu, uint64_t addr, unsigned size, bool write,
			 uint64_t val)
{
	struct mem_req as = { .kind = MEM_BY_GUEST, .view = MEM_VIEW_OWN, .vcpu = (int16_t)cpu,
			      .via = "boot firmware" };
	mem_guest_io(&loongarch_virt(vm)->iocsr, &as, addr, size, write, &val);
	return val;
}

/*
 * The firmware's wait of the secondary CPUs: one that has an IPI pending
 * and an entry in mailbox 0 takes the IPI (clears it) and jumps to the
 * entry, joining virtual time at the start of this quantum.
 */
static void start_secondaries(struct hvsim_vm *vm)
{
	for (int i = 1; i < vm->n_cpus; i++) {
		if (vm->cpu_on[i] || !iocsr_as(vm, i, LOONGARCH_IPI_STATUS, 4, false, 0))
			continue;
		uint64_t entry = iocsr_as(vm, i, LOONGARCH_IPI_MBUF0, 8, false, 0);
		if (!entry)
			continue;
		iocsr_as(vm, i, LOONGARCH_IPI_CLEAR, 4, true, ~0u);
		struct la_cpu *c = loongarch_virt_cpu(vm, i);
		la_cpu_reset(c, entry & LA_PA_MASK);
		c->core.cycles = vm->now;
		vm->cpu_on[i] = true;
	}
}

static void tick(struct hvsim_vm *vm)
{
	start_secondaries(vm);
	virtio_slots_resume(&loongarch_virt(vm)->virtio);
	ls7a_rtc_update(loongarch_virt(vm)->rtc);
}

static bool busy(struct hvsim_vm *vm)
{
	return virtio_slots_busy(&loongarch_virt(vm)->virtio);
}

static size_t console_room(struct hvsim_vm *vm)
{
	return ns16550_rx_room(loongarch_virt(vm)->uart);
}

static void console_put(struct hvsim_vm *vm, uint8_t byte)
{
	ns16550_input(loongarch_virt(vm)->uart, byte);
}

/* The fault injector's spurious-irq: a request on a PCH-PIC input (0-63) no device made. */
static bool spurious_irq(struct hvsim_vm *vm, uint64_t irq, bool inject)
{
	if (irq >= PCH_PIC_INPUTS)
		return false;
	if (inject)
		pch_pic_inject(loongarch_virt(vm)->pch_pic, (int)irq);
	return true;
}

/* drop-ipi: the PV IPIs (KVM_HCALL_FUNC_IPI) pass the gate; IOCSR IPI_SEND does not. */
static void ipi_gate(struct hvsim_vm *vm, struct dev_ipi_gate gate)
{
	loongarch_virt(vm)->ipi_gate = gate;
}

const struct board_ops board_loongarch_virt = {
	.name = "loongarch-virt",
	.alias = NULL,   /* QEMU calls it "virt", which is arm64-virt's alias here */
	.desc = "QEMU virt's LoongArch board: EIOINTC, PCH-PIC, 16550, virtio-mmio, up to 4 CPUs",
	.max_cpus = LAV_MAX_CPUS,
	.create = create,
	.destroy = destroy,
	.load_kernel = load_kernel,
	.load_elf = load_elf,
	.one_reg = la_one_reg,
	.debug_isa = la_debug_isa,
	.tick = tick,
	.busy = busy,
	.vcpu_turn = vcpu_turn,
	.console_room = console_room,
	.console_put = console_put,
	.spurious_irq = spurious_irq,
	.ipi_gate = ipi_gate,
	.snapshot = snapshot,
	.reset = reset,
	/*
	 * QEMU's virt board signals its button through the ACPI GED's event
	 * and SCI, which only an ACPI boot's GED driver watches; its device
	 * tree has no key node (Debian's loong64 kernel has no gpio-keys
	 * either), and hvsim boots Linux with a device tree.
	 */
	.no_power_button = "the kernel is booted with a device tree, which has no power button "
			   "(QEMU's virt board signals one only to ACPI)",
	.rtc_epoch = LAV_EPOCH,
};
