/*
 * The arm64-virt board: QEMU virt's memory map, GICv3 (or GICv2), PL011, PL031,
 * a PL061 with the power button, the hostview demo device, virtio-mmio (blk,
 * rng, console), AArch64 vCPUs,
 * PSCI's power management, SMCCC as the hypercall ABI, and Linux's arm64
 * boot protocol (an Image with a device tree in x0) or a bare-metal ELF.
 * Everything board-neutral is machine/vm.c's.
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev/fb.h"
#include "dev/gicv2.h"
#include "dev/gicv3.h"
#include "dev/gicv3_its.h"
#include "dev/hostview.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/pl061.h"
#include "cpu/arm64/debug.h"
#include "cpu/arm64/sysreg.h"
#include "machine/arm64_virt.h"
#include "cpu/core/snap.h"

/* The CPU forwards ICC_* accesses to the GIC in the packing the GIC decodes. */
_Static_assert(A64_SYSREG(3, 0, 12, 12, 0) == GICV3_ICC_ENC(3, 0, 12, 12, 0) &&
	       A64_SYSREG(3, 4, 12, 9, 5) == GICV3_ICC_ENC(3, 4, 12, 9, 5),
	       "the CPU's system-register encoding is the GIC's");

/* The RTC's epoch: 2026-01-01T00:00:00Z, fixed so that runs are reproducible. */
#define VIRT_RTC_EPOCH 1767225600ull

/* HVC and SMC both speak SMCCC: KVM's conduit at EL1, firmware's at EL2. */
static const struct hv_route routes[] = {
	{ .conduit = A64_CONDUIT_HVC, .any_imm = true, .abi = &hv_smccc_abi },
	{ .conduit = A64_CONDUIT_SMC, .any_imm = true, .abi = &hv_smccc_abi },
};

/* ------------------------------------------------------- platform hooks */

static void gic_set_cpu_irq(void *opaque, int cpu, bool level)
{
	struct hvsim_vm *vm = opaque;
	if (cpu >= 0 && cpu < vm->n_cpus)
		a64_set_irq(arm64_virt_cpu(vm, cpu), level);
}

static void uart_out(void *opaque, uint8_t byte)
{
	vm_console_out(opaque, byte);
}

static uint64_t rtc_now_ns(void *opaque)
{
	return vm_now_ns(opaque);
}

static struct dev_irq spi(struct hvsim_vm *vm, unsigned n)
{
	return gicv3_spi_irq(arm64_virt(vm)->gic, 32 + n);
}

static struct dev_irq virtio_irq(struct hvsim_vm *vm, int slot)
{
	return spi(vm, VIRT_VIRTIO_SPI + (unsigned)slot);
}

static void power_off(void *opaque)
{
	vm_stop(opaque, HVSIM_OK, "guest powered off (PSCI SYSTEM_OFF)");
}

/*
 * The power button: QEMU's virt board holds the gpio-keys pin high for 100 ms
 * of virtual time (its gpio-key device), long enough for Linux's debounce.
 */
#define POWER_PRESS_NS 100000000ull

static void power_release(void *opaque, uint64_t now)
{
	pl061_set_input(arm64_virt(opaque)->gpio, VIRT_POWER_PIN, false);
}

static void power_button(struct hvsim_vm *vm)
{
	struct arm64_virt *b = arm64_virt(vm);
	pl061_set_input(b->gpio, VIRT_POWER_PIN, true);
	core_event_arm(&vm->events, &b->power_release,
		       vm->now + core_ns_to_cycles(vm->timing, POWER_PRESS_NS));
}

/*
 * PSCI SYSTEM_RESET: a machine reset at the next quantum boundary, as
 * QEMU's; with -no-reboot (or where a reset cannot be made) the run ends.
 */
static void power_reset(void *opaque)
{
	vm_guest_reset(opaque, "guest requested a reset (PSCI SYSTEM_RESET)");
}

/*
 * A protected guest touched a device page it had not guarded
 * (mem_guest_io): pKVM's host gets the abort without a syndrome it could
 * emulate, KVM_RUN fails and the VMM stops the VM. So does hvsim, at once
 * (the vCPU is kicked out of its block), naming the address.
 */
static void unguarded_mmio(void *opaque, const struct mem_req *who, uint64_t pa, unsigned size,
			   bool is_write)
{
	struct hvsim_vm *vm = opaque;
	struct arm64_virt *b = arm64_virt(vm);
	if (vm->shutdown)
		return;
	const struct mem_region *r = mem_find(&vm->mem, pa);
	snprintf(b->unguarded_why, sizeof(b->unguarded_why),
		 "protected guest's %u-byte %s at 0x%llx (%s) is not MMIO-guarded: "
		 "pKVM cannot emulate it and the VM is stopped (cpu%d)",
		 size, is_write ? "write" : "read", (unsigned long long)pa, r ? r->name : "?",
		 who->vcpu);
	vm_stop(vm, HVSIM_GUEST_PANIC, b->unguarded_why);
	if (who->vcpu >= 0 && who->vcpu < vm->n_cpus)
		core_vcpu_kick_at(vm->cpus[who->vcpu], 0);
}

static int cpu_by_mpidr(struct hvsim_vm *vm, uint64_t mpidr)
{
	for (int i = 0; i < vm->n_cpus; i++)
		if ((arm64_virt_cpu(vm, i)->sr.mpidr_el1 & 0xff00ffffffull) == (mpidr & 0xff00ffffffull))
			return i;
	return -1;
}

/* PSCI CPU_ON (DEN0022D 5.1.4): start a CPU at `entry` with x0 = context_id. */
static int64_t psci_cpu_on(void *opaque, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct hvsim_vm *vm = opaque;
	int i = cpu_by_mpidr(vm, mpidr);
	if (i < 0)
		return -2;        /* INVALID_PARAMETERS */
	if (vm->cpu_on[i])
		return -4;        /* ALREADY_ON */
	if (entry & 3 || entry < VIRT_RAM_BASE || entry >= VIRT_RAM_BASE + vm->cfg.ram_bytes)
		return -9;        /* INVALID_ADDRESS */
	struct arm64_cpu *c = arm64_virt_cpu(vm, i);
	arm64_cpu_reset(c, entry);
	c->x[0] = ctx;
	/* The new CPU joins virtual time at the start of the current quantum. */
	c->core.cycles = vm->now;
	vm->cpu_on[i] = true;
	return 0;
}

static int64_t psci_cpu_off(void *opaque, int vcpu)
{
	struct hvsim_vm *vm = opaque;
	vm->cpu_on[vcpu] = false;
	return 0;
}

static int64_t psci_affinity_info(void *opaque, uint64_t mpidr, uint64_t level)
{
	struct hvsim_vm *vm = opaque;
	int i = cpu_by_mpidr(vm, mpidr);
	if (i < 0)
		return -2;
	return vm->cpu_on[i] ? 0 : 1;   /* ON, OFF */
}

static uint64_t guest_counter(void *opaque, int vcpu, bool physical)
{
	struct arm64_cpu *c = arm64_virt_cpu(opaque, vcpu);
	return physical ? a64_counter(c) : a64_counter(c) - c->sr.cntvoff_el2;
}

static uint64_t guest_wall_ns(void *opaque, int vcpu)
{
	return vm_wall_ns(opaque, vcpu);
}

/* PSCI CPU_SUSPEND as standby: sleep like WFI until an interrupt is pending. */
static void psci_cpu_suspend(void *opaque, int vcpu)
{
	struct core_vcpu *v = ((struct hvsim_vm *)opaque)->cpus[vcpu];
	if (!v->irq_pending) {
		v->halted = true;
		v->halt_kind = CORE_HALT_IRQ;
	}
}

/* ------------------------------------------------------------- create */

static int create(struct hvsim_vm *vm, char *err, size_t errlen)
{
	const struct hvsim_config *cfg = &vm->cfg;
	if (cfg->ram_bytes < (16ull << 20) || cfg->ram_bytes > (255ull << 30) || cfg->ram_bytes & 0xfff) {
		snprintf(err, errlen, "-m: RAM must be between 16M and 255G, in whole pages");
		return HVSIM_BAD_INPUT;
	}
	if (cfg->gic_version && cfg->gic_version != 2 && cfg->gic_version != 3) {
		snprintf(err, errlen, "gic-version=%d: this board has a GICv2 or a GICv3 (gic-version=2|3)",
			 cfg->gic_version);
		return HVSIM_BAD_INPUT;
	}
	if (cfg->gic_version == 2 && vm->n_cpus > GICV2_MAX_CPUS) {
		snprintf(err, errlen, "gic-version=2: at most %d CPUs", GICV2_MAX_CPUS);
		return HVSIM_BAD_INPUT;
	}
	struct arm64_virt *b = calloc(1, sizeof(*b));
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	vm->board_state = b;
	b->power_release = (struct core_event){ .fn = power_release, .opaque = vm, .heap_index = -1 };
	if (!mem_add_ram(&vm->mem, "ram", VIRT_RAM_BASE, cfg->ram_bytes,
			 cfg->protected_vm ? MEM_PRIVATE : MEM_SHARED) ||
	    !mem_add_rom(&vm->mem, "flash", VIRT_FLASH_BASE, VIRT_FLASH_SIZE)) {
		snprintf(err, errlen, "cannot reserve %llu bytes of guest RAM",
			 (unsigned long long)cfg->ram_bytes);
		return HVSIM_BAD_INPUT;
	}
	if (cfg->protected_vm) {
		vm->mem.mmio_guard = true;
		vm->mem.unguarded = unguarded_mmio;
		vm->mem.unguarded_opaque = vm;
	}
	b->gic = cfg->gic_version == 2
			 ? gicv2_new(&vm->mem, VIRT_GICD_BASE, VIRT_GICC_BASE, vm->n_cpus, 256,
				     gic_set_cpu_irq, vm)
			 : gicv3_new(&vm->mem, VIRT_GICD_BASE, VIRT_GICR_BASE, vm->n_cpus, 256,
				     gic_set_cpu_irq, vm);
	if (b->gic && cfg->gic_version != 2)
		b->its = gicv3_its_new(&vm->mem, VIRT_GITS_BASE, b->gic);
	if (!b->gic || (cfg->gic_version != 2 && !b->its)) {
		snprintf(err, errlen, "cannot create the board");
		return HVSIM_ERROR;
	}
	b->uart = pl011_new(&vm->mem, VIRT_UART_BASE, spi(vm, VIRT_UART_SPI), uart_out, vm);
	b->hostview = hostview_new(&vm->mem, VIRT_HOSTVIEW_BASE);
	b->rtc = pl031_new(&vm->mem, VIRT_RTC_BASE, spi(vm, VIRT_RTC_SPI), rtc_now_ns, vm,
			   vm_rtc_epoch(vm));
	b->gpio = pl061_new(&vm->mem, VIRT_GPIO_BASE, spi(vm, VIRT_GPIO_SPI));
	int rc = virtio_slots_create(&b->virtio, vm, VIRT_VIRTIO_BASE, virtio_irq, err, errlen);
	if (!rc)
		rc = virtio_slots_fill(&b->virtio, vm, VIRT_VIRTIO_BASE, VIRT_VIRTIO_TRANSPORTS, err,
				       errlen);
	if (rc)
		return rc;
	if (cfg->display && strcmp(cfg->display, "none") &&
	    !(vm->fb = fb_new(&vm->mem, VIRT_FB_BASE, VIRT_FB_WIDTH, VIRT_FB_HEIGHT))) {
		snprintf(err, errlen, "cannot create the framebuffer");
		return HVSIM_ERROR;
	}
	if (!b->uart || !b->hostview || !b->rtc || !b->gpio) {
		snprintf(err, errlen, "cannot create the board");
		return HVSIM_ERROR;
	}
	for (int i = 0; i < vm->n_cpus; i++) {
		struct arm64_cpu *c = aligned_alloc(64, (sizeof(*c) + 63) & ~(size_t)63);
		if (!c) {
			snprintf(err, errlen, "out of memory");
			return HVSIM_ERROR;
		}
		memset(c, 0, sizeof(*c));
		c->plat.opaque = vm;
		c->plat.gic = b->gic;
		c->plat.ppi = gicv3_set_ppi;
		/* A GICv2 has no system register interface: ICC_* read 0 (SRE 0). */
		c->plat.icc_read = cfg->gic_version == 2 ? NULL : gicv3_icc_read;
		c->plat.icc_write = cfg->gic_version == 2 ? NULL : gicv3_icc_write;
		arm64_cpu_init(c, vm->timing, &vm->cache, &vm->mem, &vm->events, i, cfg->el2);
		gicv3_set_affinity(b->gic, i, c->sr.mpidr_el1);
		vm->cpus[i] = &c->core;
	}
	vm->hvplat.opaque = vm;
	vm->hvplat.system_off = power_off;
	vm->hvplat.system_reset = power_reset;
	vm->hvplat.cpu_on = psci_cpu_on;
	vm->hvplat.cpu_off = psci_cpu_off;
	vm->hvplat.affinity_info = psci_affinity_info;
	vm->hvplat.counter = guest_counter;
	vm->hvplat.wall_ns = guest_wall_ns;
	vm->hvplat.cpu_suspend = psci_cpu_suspend;
	vm->hv.routes = routes;
	vm->hv.n_routes = sizeof(routes) / sizeof(routes[0]);
	return 0;
}

static void destroy(struct hvsim_vm *vm)
{
	struct arm64_virt *b = arm64_virt(vm);
	if (b->hostview)
		hostview_free(b->hostview);
	if (b->rtc)
		pl031_free(b->rtc);
	if (b->gpio)
		pl061_free(b->gpio);
	core_event_cancel(&vm->events, &b->power_release);
	virtio_slots_free(&b->virtio);
	if (b->uart)
		pl011_free(b->uart);
	gicv3_its_free(b->its);
	if (b->gic)
		gicv3_free(b->gic);
	free(b);
	vm->board_state = NULL;
}

/*
 * A machine reset: the devices as at power-on (the RTC keeps its time, a
 * battery-backed clock) and the button released; every vCPU reset, and
 * off (vm.c starts CPU 0 at the entry of the images it loads again).
 */
static void reset(struct hvsim_vm *vm)
{
	struct arm64_virt *b = arm64_virt(vm);
	core_event_cancel(&vm->events, &b->power_release);
	pl061_set_input(b->gpio, VIRT_POWER_PIN, false);
	pl061_reset(b->gpio);
	pl011_reset(b->uart);
	pl031_reset(b->rtc);
	virtio_slots_reset(&b->virtio);
	if (b->its)
		gicv3_its_reset(b->its);
	gicv3_reset(b->gic);
	for (int i = 0; i < vm->n_cpus; i++)
		arm64_cpu_reset(arm64_virt_cpu(vm, i), 0);
}

/* ------------------------------------------------------------- loading */

static void boot_cpu0(struct hvsim_vm *vm, uint64_t entry, uint64_t x0)
{
	arm64_cpu_reset(arm64_virt_cpu(vm, 0), entry);
	arm64_virt_cpu(vm, 0)->x[0] = x0;
}

static int load_elf(struct hvsim_vm *vm, const void *data, size_t len, char *err, size_t errlen)
{
	uint64_t entry;
	int rc = machine_load_elf(&vm->mem, VIRT_RAM_BASE, vm->cfg.ram_bytes, EM_AARCH64, data, len,
				  &entry, err, errlen);
	if (rc == 0)
		boot_cpu0(vm, entry, 0);
	return rc;
}

/* The arm64 Image header (booting.rst "Call the kernel image"). */
struct image_header {
	uint32_t code0, code1;
	uint64_t text_offset, image_size, flags;
	uint64_t res2, res3, res4;
	uint32_t magic, res5;
};
#define ARM64_IMAGE_MAGIC 0x644d5241u  /* "ARM\x64" */

/*
 * Where QEMU's virt board puts a kernel without a usable Image header (a raw
 * binary, or an Image from before 3.17 whose image_size is 0): 512 KiB into
 * RAM, arm64's historical text_offset.
 */
#define RAW_LOAD_OFFSET 0x80000ull

static bool is_elf(const void *data, size_t len)
{
	return len >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0;
}

int arm64_load_image(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size,
		     const void *data, size_t len, uint64_t *entry, uint64_t *end, char *err,
		     size_t errlen)
{
	struct image_header h = { 0 };
	if (is_elf(data, len))
		return 1;
	if (len >= sizeof(h))
		memcpy(&h, data, sizeof(h));
	bool image = h.magic == ARM64_IMAGE_MAGIC;
	/* flags bit 0: big-endian kernel, which this little-endian model cannot run. */
	if (image && h.flags & 1) {
		snprintf(err, errlen, "arm64 Image is big-endian");
		return HVSIM_BAD_INPUT;
	}
	if (len == 0) {
		snprintf(err, errlen, "empty kernel image");
		return HVSIM_BAD_INPUT;
	}
	uint64_t size = image && h.image_size > len ? h.image_size : len;
	/*
	 * An Image with image_size goes to a 2 MiB aligned base plus text_offset
	 * (booting.rst); like QEMU, the base is 2 MiB into RAM, so both put the
	 * kernel at the same address. Anything else is entered where QEMU enters
	 * it, with the device tree in x0 all the same.
	 */
	uint64_t base = image && h.image_size
				? ((ram_base + 0x1fffff) & ~0x1fffffull) + 0x200000 + h.text_offset
				: ram_base + RAW_LOAD_OFFSET;
	if (!machine_in_ram(ram_base, ram_size, base, size)) {
		snprintf(err, errlen, "%s (%llu bytes) does not fit in guest RAM (use a larger -m)",
			 image ? "arm64 Image" : "raw kernel binary", (unsigned long long)size);
		return HVSIM_BAD_INPUT;
	}
	mem_load(mem, base, data, len);
	*entry = base;
	*end = base + size;
	return 0;
}

/*
 * A gzip'ed Image (Debian's and Ubuntu's vmlinuz), unpacked as QEMU and
 * boot loaders do: the arm64 kernel does not decompress itself. The size
 * is the gzip trailer's ISIZE (RFC 1952 2.3.1), which must fit in RAM.
 * 0 with *data unpacked (or left alone if it is not gzip), or an error.
 */
static int gunzip_image(struct hvsim_vm *vm, const char *path, void **data, size_t *len,
			char *err, size_t errlen)
{
	const uint8_t *p = *data;
	if (*len < 18 || p[0] != 0x1f || p[1] != 0x8b)
		return 0;
	size_t size = (size_t)p[*len - 4] | (size_t)p[*len - 3] << 8 | (size_t)p[*len - 2] << 16 |
		      (size_t)p[*len - 1] << 24;
	if (size == 0 || size > vm->cfg.ram_bytes) {
		snprintf(err, errlen, "kernel '%s': gzip'ed, unpacking to %zu bytes: not an Image that fits "
			 "in guest RAM", path, size);
		return HVSIM_BAD_INPUT;
	}
	void *out = malloc(size);
	if (!out) {
		snprintf(err, errlen, "out of memory unpacking kernel '%s'", path);
		return HVSIM_ERROR;
	}
	char what[512];
	snprintf(what, sizeof(what), "kernel '%s'", path);
	int rc = machine_gunzip(p, *len, out, size, what, err, errlen);
	if (rc) {
		free(out);
		return rc;
	}
	free(*data);
	*data = out;
	*len = size;
	return 0;
}

#define VIRT_INITRD_MAX_OFFSET (128ull << 20)   /* the initrd at most this far into RAM */
#define VIRT_FDT_ALIGN (2ull << 20)
#define VIRT_FDT_MAX (1ull << 20)                 /* room for the device tree */

static int load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
		       const char *cmdline, char *err, size_t errlen)
{
	size_t len;
	void *data = vm_read_file(path, &len, "kernel", err, errlen);
	if (!data)
		return HVSIM_BAD_INPUT;
	int zrc = gunzip_image(vm, path, &data, &len, err, errlen);
	if (zrc) {
		free(data);
		return zrc;
	}
	uint64_t entry, end;
	char why[256];
	int rc = arm64_load_image(&vm->mem, VIRT_RAM_BASE, vm->cfg.ram_bytes, data, len, &entry,
				  &end, why, sizeof(why));
	if (rc == 1) {
		/* An ELF (bare-metal programs). */
		if (initrd || cmdline) {
			/* An ELF is entered with no boot protocol: nothing would pass them on. */
			snprintf(err, errlen, "%s needs a Linux Image or raw kernel, '%s' is an ELF",
				 initrd ? "-initrd" : "-append", path);
			free(data);
			return HVSIM_BAD_INPUT;
		}
		rc = load_elf(vm, data, len, why, sizeof(why));
		free(data);
		if (rc)
			snprintf(err, errlen, "kernel '%s': %s", path, why);
		return rc;
	}
	free(data);
	if (rc) {
		snprintf(err, errlen, "kernel '%s': %s", path, why);
		return rc;
	}
	/*
	 * QEMU's virt places them so (hw/arm/boot.c), and a kernel and initrd
	 * that boot there in some -m boot here in the same -m: the initrd
	 * halfway into RAM, or 128 MiB in with more than 256 MiB, and above
	 * the kernel; the device tree after it, 2 MiB aligned (an arm64 kernel
	 * maps the fdt's whole 2 MiB block early). The top of RAM stays free
	 * for the kernel's own reservations (CMA, crash kernel).
	 */
	/* With --pkvm the restricted DMA pool takes the top of RAM: everything goes below it. */
	uint64_t pool = arm64_virt_dma_pool(vm);
	uint64_t ram_size = vm->cfg.ram_bytes, ram_end = pool ? pool : VIRT_RAM_BASE + ram_size;
	uint64_t initrd_start = VIRT_RAM_BASE + (ram_size / 2 < VIRT_INITRD_MAX_OFFSET ?
						 ram_size / 2 : VIRT_INITRD_MAX_OFFSET);
	if (initrd_start < end)
		initrd_start = end;
	initrd_start = (initrd_start + 0xfff) & ~0xfffull;
	uint64_t initrd_end = initrd_start;
	void *idata = NULL;
	if (initrd) {
		size_t ilen;
		idata = vm_read_file(initrd, &ilen, "initrd", err, errlen);
		if (!idata)
			return HVSIM_BAD_INPUT;
		initrd_end = initrd_start + ilen;
	}
	uint64_t dtb = (initrd_end + VIRT_FDT_ALIGN - 1) & ~(VIRT_FDT_ALIGN - 1);
	if (dtb >= ram_end || ram_end - dtb < VIRT_FDT_MAX) {
		if (initrd)
			snprintf(err, errlen, "initrd '%s' (%llu bytes) does not fit in guest RAM with the "
				 "kernel and device tree (use a larger -m)", initrd,
				 (unsigned long long)(initrd_end - initrd_start));
		else
			snprintf(err, errlen, "the device tree does not fit in guest RAM after the kernel "
				 "(use a larger -m)");
		free(idata);
		return HVSIM_BAD_INPUT;
	}
	if (idata)
		mem_load(&vm->mem, initrd_start, idata, (size_t)(initrd_end - initrd_start));
	free(idata);
	if (!initrd)
		initrd_start = initrd_end = 0;
	static uint8_t fdt[VIRT_FDT_MAX];
	int n;
	if (vm->cfg.dtb) {
		size_t dlen;
		void *blob = vm_read_file(vm->cfg.dtb, &dlen, "device tree", err, errlen);
		if (!blob)
			return HVSIM_BAD_INPUT;
		n = machine_user_fdt(blob, dlen, fdt, sizeof(fdt), cmdline, initrd_start, initrd_end,
				     why, sizeof(why));
		free(blob);
		if (n < 0) {
			snprintf(err, errlen, "device tree '%s': %s", vm->cfg.dtb, why);
			return HVSIM_BAD_INPUT;
		}
	} else {
		n = arm64_virt_build_fdt(vm, fdt, sizeof(fdt), cmdline, initrd_start, initrd_end);
		if (n < 0) {
			snprintf(err, errlen, "cannot build the device tree");
			return HVSIM_ERROR;
		}
	}
	mem_load(&vm->mem, dtb, fdt, (size_t)n);
	boot_cpu0(vm, entry, dtb);
	return 0;
}

/* ------------------------------------------------------------ snapshots */

/* The vCPUs, then every device the board created (mem/snap.h). */
static void snapshot(struct hvsim_vm *vm, struct snap *s)
{
	struct arm64_virt *b = arm64_virt(vm);
	for (int i = 0; i < vm->n_cpus; i++)
		arm64_cpu_snapshot(arm64_virt_cpu(vm, i), s);
	gic_snapshot(b->gic, s);
	if (b->its)
		gicv3_its_snapshot(b->its, s);
	pl011_snapshot(b->uart, s);
	pl031_snapshot(b->rtc, s);
	pl061_snapshot(b->gpio, s);
	snap_event(s, &vm->events, &b->power_release);
	hostview_snapshot(b->hostview, s);
	virtio_slots_snapshot(&b->virtio, s);
}

/* ----------------------------------------------------- between quanta */

static void tick(struct hvsim_vm *vm)
{
	pl031_update(arm64_virt(vm)->rtc);
	virtio_slots_resume(&arm64_virt(vm)->virtio);
}

static bool busy(struct hvsim_vm *vm)
{
	return virtio_slots_busy(&arm64_virt(vm)->virtio);
}

static size_t console_room(struct hvsim_vm *vm)
{
	return pl011_rx_room(arm64_virt(vm)->uart);
}

static void console_put(struct hvsim_vm *vm, uint8_t byte)
{
	pl011_input(arm64_virt(vm)->uart, byte);
}

/* The fault injector's spurious-irq: an SPI (its INTID) pending that no device raised. */
static bool spurious_irq(struct hvsim_vm *vm, uint64_t irq, bool inject)
{
	struct gicv3 *g = arm64_virt(vm)->gic;
	if (!gicv3_is_spi(g, irq))
		return false;
	if (inject)
		gicv3_inject_spi(g, (int)irq);
	return true;
}

static void ipi_gate(struct hvsim_vm *vm, struct dev_ipi_gate gate)
{
	gicv3_set_ipi_gate(arm64_virt(vm)->gic, gate);
}

const struct board_ops board_arm64_virt = {
	.name = "arm64-virt",
	.alias = "virt",
	.desc = "QEMU virt's arm64 board: GICv3 (gic-version=2: GICv2), PL011, PL031, PL061, virtio-mmio, "
		"up to 8 CPUs",
	.max_cpus = VIRT_MAX_CPUS,
	.create = create,
	.destroy = destroy,
	.load_kernel = load_kernel,
	.load_elf = load_elf,
	.one_reg = a64_one_reg,
	.reg_list = a64_reg_list,
	.debug_isa = a64_debug_isa,
	.tick = tick,
	.busy = busy,
	.console_room = console_room,
	.console_put = console_put,
	.snapshot = snapshot,
	.spurious_irq = spurious_irq,
	.ipi_gate = ipi_gate,
	.power_button = power_button,
	.reset = reset,
	.rtc_epoch = VIRT_RTC_EPOCH,
};
