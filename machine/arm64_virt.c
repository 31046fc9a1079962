/*
 * The arm64-virt board: QEMU virt's memory map, GICv3, PL011, the
 * hostview demo device, vCPUs run round-robin on one host thread, and the
 * exits they take handed to hvsim's hypervisor (hv/). This file also
 * implements the public API (include/hvsim/hvsim.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dev/display.h"
#include "dev/fb.h"
#include "dev/gicv3.h"
#include "dev/hostview.h"
#include "dev/pl011.h"
#include "dev/pl031.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_rng.h"
#include "cpu/arm64/sysreg.h"
#include "machine/machine.h"
#include "machine/debug.h"

#define DEFAULT_QUANTUM 100000   /* cycles per vCPU turn: 100 us of virtual time */

/* ------------------------------------------------------- platform hooks */

static void gic_set_cpu_irq(void *opaque, int cpu, bool level)
{
	struct hvsim_vm *vm = opaque;
	if (cpu >= 0 && cpu < vm->n_cpus)
		a64_set_irq(vm->cpus[cpu], level);
}

/*
 * A guest kernel panic, recognised on the console: Linux's panic() prints
 * "Kernel panic - not syncing: <reason>" and then spins forever (Debian
 * builds no pvpanic device). hvsim ends the run with HVSIM_GUEST_PANIC
 * once that line is complete, naming the reason.
 */
static const char panic_banner[] = "Kernel panic - not syncing";

static void watch_for_panic(struct hvsim_vm *vm, uint8_t byte)
{
	if (vm->panic_len == sizeof(panic_banner) - 1) {
		/* Collect the reason up to the end of the line. */
		if (byte == '\n' || byte == '\r' || vm->panic_why_len == sizeof(vm->panic_why) - 1) {
			vm->shutdown = true;
			vm->result.status = HVSIM_GUEST_PANIC;
			vm->result.why = vm->panic_why;
			vm->panic_len = 0;
			return;
		}
		vm->panic_why[vm->panic_why_len++] = (char)byte;
		vm->panic_why[vm->panic_why_len] = 0;
		return;
	}
	if (byte == (uint8_t)panic_banner[vm->panic_len])
		vm->panic_len++;
	else
		vm->panic_len = byte == (uint8_t)panic_banner[0];
	if (vm->panic_len == sizeof(panic_banner) - 1) {
		vm->panic_why_len = (size_t)snprintf(vm->panic_why, sizeof(vm->panic_why),
						     "guest kernel panic: %s", panic_banner);
	}
}

static void uart_out(void *opaque, uint8_t byte)
{
	struct hvsim_vm *vm = opaque;
	if (vm->cfg.console_out)
		vm->cfg.console_out(vm->cfg.console_opaque, byte);
	watch_for_panic(vm, byte);
}

/* Virtual nanoseconds: the core clock is 1 GHz (see A64_CNT_SHIFT). */
static uint64_t virtual_ns(void *opaque)
{
	struct hvsim_vm *vm = opaque;
	return vm->cpus[0] ? vm->cpus[0]->core.cycles : 0;
}

/* The RTC's epoch: 2026-01-01T00:00:00Z, fixed so that runs are reproducible. */
#define VIRT_RTC_EPOCH 1767225600ull

static uint64_t virtio_slot(int i)
{
	return VIRT_VIRTIO_BASE + 0x200ull * (uint64_t)i;
}

/*
 * A page changed hands: every vCPU forgets its translations of it, so the
 * next access is checked against the new state (DESIGN: attribute changes
 * flush the dependent TLB entries). Decoded code does not depend on
 * ownership on arm64, so blocks stay.
 */
static void page_changed(void *opaque, const struct mem_transition *t)
{
	struct hvsim_vm *vm = opaque;
	for (int i = 0; i < vm->n_cpus; i++)
		core_tlb_flush_pa(&vm->cpus[i]->core, t->gpa);
}

static void power_off(void *opaque)
{
	struct hvsim_vm *vm = opaque;
	vm->shutdown = true;
	vm->result.status = HVSIM_OK;
	vm->result.why = "guest powered off (PSCI SYSTEM_OFF)";
}

/* hvsim has no reboot yet: a reset ends the run, as QEMU's -no-reboot does. */
static void power_reset(void *opaque)
{
	struct hvsim_vm *vm = opaque;
	vm->shutdown = true;
	vm->result.status = HVSIM_OK;
	vm->result.why = "guest requested a reset (PSCI SYSTEM_RESET)";
}

static int cpu_by_mpidr(struct hvsim_vm *vm, uint64_t mpidr)
{
	for (int i = 0; i < vm->n_cpus; i++)
		if ((vm->cpus[i]->sr.mpidr_el1 & 0xff00ffffffull) == (mpidr & 0xff00ffffffull))
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
	struct arm64_cpu *c = vm->cpus[i];
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
	struct hvsim_vm *vm = opaque;
	struct arm64_cpu *c = vm->cpus[vcpu];
	return physical ? a64_counter(c) : a64_counter(c) - c->sr.cntvoff_el2;
}

/* The RTC's wall clock in ns, as of this vCPU's virtual time. */
static uint64_t guest_wall_ns(void *opaque, int vcpu)
{
	struct hvsim_vm *vm = opaque;
	return VIRT_RTC_EPOCH * 1000000000ull + vm->cpus[vcpu]->core.cycles;
}

/* PSCI CPU_SUSPEND as standby: sleep like WFI until an interrupt is pending. */
static void psci_cpu_suspend(void *opaque, int vcpu)
{
	struct hvsim_vm *vm = opaque;
	struct core_vcpu *v = &vm->cpus[vcpu]->core;
	if (!v->irq_pending)
		v->halted = true;
}

/* ------------------------------------------------------------- create */

/* -display sdl: a framebuffer on the board, and the window that shows it. */
static bool add_display(struct hvsim_vm *vm, char *err, size_t errlen)
{
	vm->fb = fb_new(&vm->mem, VIRT_FB_BASE, VIRT_FB_WIDTH, VIRT_FB_HEIGHT);
	vm->fb_pixels = calloc((size_t)VIRT_FB_WIDTH * VIRT_FB_HEIGHT, sizeof(*vm->fb_pixels));
	if (!vm->fb || !vm->fb_pixels) {
		snprintf(err, errlen, "cannot create the framebuffer");
		return false;
	}
	vm->display = display_open("hvsim", VIRT_FB_WIDTH, VIRT_FB_HEIGHT, err, errlen);
	return vm->display != NULL;
}

struct hvsim_vm *hvsim_vm_create(const struct hvsim_config *cfg, char *err, size_t errlen)
{
	if (strcmp(cfg->machine, "arm64-virt") && strcmp(cfg->machine, "virt")) {
		snprintf(err, errlen, "unknown machine '%s' (supported: arm64-virt)", cfg->machine);
		return NULL;
	}
	if (cfg->smp < 1 || cfg->smp > VIRT_MAX_CPUS) {
		snprintf(err, errlen, "-smp %d: between 1 and %d CPUs are supported", cfg->smp, VIRT_MAX_CPUS);
		return NULL;
	}
	if (cfg->ram_bytes < (16ull << 20) || cfg->ram_bytes > (255ull << 30) || cfg->ram_bytes & 0xfff) {
		snprintf(err, errlen, "-m: RAM must be between 16M and 255G, in whole pages");
		return NULL;
	}
	const struct core_timing *timing = core_timing_find(cfg->timing ? cfg->timing : "simple");
	if (!timing) {
		snprintf(err, errlen, "unknown timing model '%s' (supported: simple, ipc1)", cfg->timing);
		return NULL;
	}
	bool display = cfg->display && strcmp(cfg->display, "none");
	if (display && strcmp(cfg->display, "sdl")) {
		snprintf(err, errlen, "unknown display '%s' (supported: sdl, none)", cfg->display);
		return NULL;
	}
	struct hvsim_vm *vm = calloc(1, sizeof(*vm));
	if (!vm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vm->cfg = *cfg;
	vm->timing = timing;
	if (!vm->cfg.quantum)
		vm->cfg.quantum = DEFAULT_QUANTUM;
	mem_space_init(&vm->mem, cfg->seed ^ 0x687673696d6b6579ull);
	if (!mem_add_ram(&vm->mem, "ram", VIRT_RAM_BASE, cfg->ram_bytes,
			 cfg->protected_vm ? MEM_PRIVATE : MEM_SHARED) ||
	    !mem_add_rom(&vm->mem, "flash", VIRT_FLASH_BASE, VIRT_FLASH_SIZE)) {
		snprintf(err, errlen, "cannot reserve %llu bytes of guest RAM",
			 (unsigned long long)cfg->ram_bytes);
		free(vm);
		return NULL;
	}
	core_events_init(&vm->events);
	vm->n_cpus = cfg->smp;
	vm->gic = gicv3_new(&vm->mem, VIRT_GICD_BASE, VIRT_GICR_BASE, vm->n_cpus, 256,
			    gic_set_cpu_irq, vm);
	vm->uart = pl011_new(&vm->mem, VIRT_UART_BASE, gicv3_spi_irq(vm->gic, 32 + VIRT_UART_SPI),
			     uart_out, vm);
	vm->hostview = hostview_new(&vm->mem, VIRT_HOSTVIEW_BASE);
	vm->rtc = pl031_new(&vm->mem, VIRT_RTC_BASE, gicv3_spi_irq(vm->gic, 32 + VIRT_RTC_SPI),
			    virtual_ns, vm, VIRT_RTC_EPOCH);
	vm->rng = virtio_rng_new(&vm->mem, virtio_slot(VIRT_SLOT_RNG),
				 gicv3_spi_irq(vm->gic, 32 + VIRT_VIRTIO_SPI + VIRT_SLOT_RNG), cfg->seed);
	vm->vcon = virtio_console_new(&vm->mem, virtio_slot(VIRT_SLOT_CONSOLE),
				      gicv3_spi_irq(vm->gic, 32 + VIRT_VIRTIO_SPI + VIRT_SLOT_CONSOLE),
				      uart_out, vm);
	if (cfg->drive) {
		vm->blk = virtio_blk_open(cfg->drive, cfg->drive_readonly, err, errlen);
		if (!vm->blk) {
			hvsim_vm_destroy(vm);
			return NULL;
		}
		virtio_blk_attach(vm->blk, &vm->mem, virtio_slot(VIRT_SLOT_BLK),
				  gicv3_spi_irq(vm->gic, 32 + VIRT_VIRTIO_SPI + VIRT_SLOT_BLK));
	}
	if (display && !add_display(vm, err, errlen)) {
		hvsim_vm_destroy(vm);
		return NULL;
	}
	if (core_cache_init(&vm->cache, &vm->mem, 256u << 20) != 0 || !vm->gic || !vm->uart ||
	    !vm->hostview || !vm->rtc || !vm->rng || !vm->vcon) {
		snprintf(err, errlen, "cannot create the board");
		hvsim_vm_destroy(vm);
		return NULL;
	}
	for (int i = 0; i < vm->n_cpus; i++) {
		struct arm64_cpu *c = aligned_alloc(64, (sizeof(*c) + 63) & ~(size_t)63);
		memset(c, 0, sizeof(*c));
		c->plat.opaque = vm;
		c->plat.gic = vm->gic;
		c->plat.ppi = gicv3_set_ppi;
		c->plat.icc_read = gicv3_icc_read;
		c->plat.icc_write = gicv3_icc_write;
		arm64_cpu_init(c, timing, &vm->cache, &vm->mem, &vm->events, i, cfg->el2);
		gicv3_set_affinity(vm->gic, i, c->sr.mpidr_el1);
		vm->cpus[i] = c;
	}
	vm->cpu_on[0] = true;
	mem_add_listener(&vm->mem, page_changed, vm);
	vm->hvplat = (struct hv_platform){
		.opaque = vm, .mem = &vm->mem, .protected_vm = cfg->protected_vm,
		.system_off = power_off, .system_reset = power_reset,
		.cpu_on = psci_cpu_on, .cpu_off = psci_cpu_off,
		.affinity_info = psci_affinity_info, .counter = guest_counter,
		.wall_ns = guest_wall_ns, .cpu_suspend = psci_cpu_suspend,
	};
	return vm;
}

void hvsim_vm_destroy(struct hvsim_vm *vm)
{
	if (!vm)
		return;
	machine_debug_free(vm);
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpus[i]) {
			core_vcpu_free(&vm->cpus[i]->core);
			free(vm->cpus[i]);
		}
	if (vm->hostview)
		hostview_free(vm->hostview);
	if (vm->rtc)
		pl031_free(vm->rtc);
	if (vm->rng)
		virtio_rng_free(vm->rng);
	if (vm->vcon)
		virtio_console_free(vm->vcon);
	if (vm->blk)
		virtio_blk_free(vm->blk);
	if (vm->uart)
		pl011_free(vm->uart);
	if (vm->gic)
		gicv3_free(vm->gic);
	display_close(vm->display);
	fb_free(vm->fb);
	free(vm->fb_pixels);
	core_cache_free(&vm->cache);
	core_events_free(&vm->events);
	mem_space_free(&vm->mem);
	free(vm);
}

/* ------------------------------------------------------------- loading */

static void *read_file(const char *path, size_t *len, const char *what, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot open %s '%s'", what, path);
		if (f)
			fclose(f);
		return NULL;
	}
	void *buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		snprintf(err, errlen, "cannot read %s '%s'", what, path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

static void boot_cpu0(struct hvsim_vm *vm, uint64_t entry, uint64_t x0)
{
	arm64_cpu_reset(vm->cpus[0], entry);
	vm->cpus[0]->x[0] = x0;
}

int hvsim_vm_load_elf_bytes(struct hvsim_vm *vm, const void *data, size_t len,
			    char *err, size_t errlen)
{
	uint64_t entry;
	int rc = machine_load_elf(vm, data, len, &entry, err, errlen);
	if (rc == 0)
		boot_cpu0(vm, entry, 0);
	return rc;
}

int hvsim_vm_load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
			 const char *cmdline, char *err, size_t errlen)
{
	size_t len;
	void *data = read_file(path, &len, "kernel", err, errlen);
	if (!data)
		return HVSIM_BAD_INPUT;
	uint64_t entry, end;
	char why[256];
	int rc = machine_load_image(vm, data, len, &entry, &end, why, sizeof(why));
	if (rc == 1) {
		/* Not an Image: an ELF then (bare-metal programs). */
		if (initrd) {
			snprintf(err, errlen, "-initrd needs a Linux Image kernel, '%s' is not one", path);
			free(data);
			return HVSIM_BAD_INPUT;
		}
		rc = machine_load_elf(vm, data, len, &entry, why, sizeof(why));
		free(data);
		if (rc) {
			snprintf(err, errlen, "kernel '%s': %s", path, why);
			return rc;
		}
		boot_cpu0(vm, entry, 0);
		return 0;
	}
	free(data);
	if (rc) {
		snprintf(err, errlen, "kernel '%s': %s", path, why);
		return rc;
	}
	uint64_t ram_end = VIRT_RAM_BASE + vm->cfg.ram_bytes;
	/* The device tree goes 2 MiB below the end of RAM, the initrd below it. */
	uint64_t dtb = ram_end - (2ull << 20);
	uint64_t initrd_start = 0, initrd_end = 0;
	if (initrd) {
		size_t ilen;
		void *idata = read_file(initrd, &ilen, "initrd", err, errlen);
		if (!idata)
			return HVSIM_BAD_INPUT;
		initrd_start = (dtb - ilen) & ~0xfffull;
		if (ilen > dtb - VIRT_RAM_BASE || initrd_start < end) {
			snprintf(err, errlen, "initrd '%s' (%zu bytes) does not fit in guest RAM with the kernel (use a larger -m)",
				 initrd, ilen);
			free(idata);
			return HVSIM_BAD_INPUT;
		}
		mem_load(&vm->mem, initrd_start, idata, ilen);
		initrd_end = initrd_start + ilen;
		free(idata);
	}
	static uint8_t fdt[1024 * 1024];
	int n;
	if (vm->cfg.dtb) {
		size_t dlen;
		void *blob = read_file(vm->cfg.dtb, &dlen, "device tree", err, errlen);
		if (!blob)
			return HVSIM_BAD_INPUT;
		char why[200];
		n = machine_user_fdt(blob, dlen, fdt, sizeof(fdt), cmdline, initrd_start, initrd_end,
				     why, sizeof(why));
		free(blob);
		if (n < 0) {
			snprintf(err, errlen, "device tree '%s': %s", vm->cfg.dtb, why);
			return HVSIM_BAD_INPUT;
		}
	} else {
		n = machine_build_fdt(vm, fdt, sizeof(fdt), cmdline, initrd_start, initrd_end);
		if (n < 0) {
			snprintf(err, errlen, "cannot build the device tree");
			return HVSIM_ERROR;
		}
	}
	mem_load(&vm->mem, dtb, fdt, (size_t)n);
	boot_cpu0(vm, entry, dtb);
	return 0;
}

/* --------------------------------------------------------------- running */

/* Hand a vCPU's HVC/SMC to the hook, then to hvsim's hypervisor (hv/). */
static void handle_hypercall(struct hvsim_vm *vm, struct arm64_cpu *c)
{
	struct hv_call call = { 0 };
	call.fn = (uint32_t)c->x[0];
	for (int i = 0; i < 8; i++)
		call.a[i] = c->x[i];
	call.vcpu = c->core.index;
	call.level = (int)c->el;
	call.is_smc = c->hcall_is_smc;
	call.plat = &vm->hvplat;
	vm->hypercalls++;
	c->core.cycles += vm->timing->world_switch;
	if (vm->hook && vm->hook(vm->hook_opaque, call.vcpu, call.fn, call.a, call.r)) {
		/* answered by the hook */
	} else if (c->hcall_imm != 0) {
		/* SMCCC calls use immediate 0 (DEN0028 2.3); others are not ours. */
		call.r[0] = (uint64_t)(int64_t)SMCCC_NOT_SUPPORTED;
	} else {
		hv_dispatch(&hv_smccc_abi, &call);
	}
	for (int i = 0; i < 4; i++)
		c->x[i] = call.r[i];
	if (MACHINE_DEBUG(vm))
		machine_debug_hypercall(vm, c, &call);
}

static uint64_t total_insns(struct hvsim_vm *vm)
{
	uint64_t n = 0;
	for (int i = 0; i < vm->n_cpus; i++)
		n += vm->cpus[i]->core.insns;
	return n;
}

/* Take typed bytes from the host (see hvsim_config.console_poll). */
static size_t poll_console(struct hvsim_vm *vm, bool wait)
{
	if (!vm->cfg.console_poll || vm->console_in_n == sizeof(vm->console_in))
		return 0;
	size_t n = vm->cfg.console_poll(vm->cfg.console_opaque, vm->console_in + vm->console_in_n,
					sizeof(vm->console_in) - vm->console_in_n, wait);
	if (n == HVSIM_CONSOLE_QUIT) {
		vm->shutdown = true;
		vm->result.status = HVSIM_OK;
		vm->result.why = "quit from the console (Ctrl-A x)";
		return 0;
	}
	vm->console_in_n += n;
	return n;
}

/* Deliver typed console bytes to the UART, at a quantum boundary. */
static void feed_console(struct hvsim_vm *vm)
{
	pl031_update(vm->rtc);
	/* Ask the host every 16 quanta (1.6 ms of virtual time): a system call is dear. */
	if ((vm->now / vm->cfg.quantum) % 16 == 0)
		poll_console(vm, false);
	size_t i = 0;
	while (i < vm->console_in_n && pl011_rx_room(vm->uart) > 0)
		pl011_input(vm->uart, vm->console_in[i++]);
	memmove(vm->console_in, vm->console_in + i, vm->console_in_n - i);
	vm->console_in_n -= i;
}

/*
 * Run one vCPU up to virtual time `until`. Events due on the way fire at
 * their exact cycle; a sleeping vCPU's time jumps to the next event.
 */
static enum hvsim_exit_reason run_vcpu(struct hvsim_vm *vm, struct arm64_cpu *c, uint64_t until)
{
	struct core_vcpu *v = &c->core;
	while (!vm->shutdown && v->cycles < until) {
		uint64_t next = core_events_next(&vm->events);
		uint64_t stop = next < until ? next : until;
		if (next <= v->cycles) {
			core_events_run(&vm->events, v->cycles);
			continue;
		}
		if (vm->cfg.max_insns) {
			uint64_t done = total_insns(vm);
			if (done >= vm->cfg.max_insns) {
				vm->shutdown = true;
				vm->result.status = HVSIM_TIMEOUT;
				vm->result.why = "instruction limit reached (--max-insns)";
				return HVSIM_EXIT_SHUTDOWN;
			}
			v->insn_limit = v->insns + (vm->cfg.max_insns - done);
		}
		enum core_exit_reason r = MACHINE_DEBUG(vm) ? machine_debug_run(vm, c, stop)
							    : core_run(v, stop);
		switch (r) {
		case CORE_EXIT_HYPERCALL:
			handle_hypercall(vm, c);
			/* PSCI CPU_OFF does not return: the CPU stops here. */
			if (!vm->cpu_on[c->core.index])
				return HVSIM_EXIT_HALT;
			break;
		case CORE_EXIT_HALT:
			if (c->in_wfe) {
				/* WFE: asleep for the rest of the quantum (see op_wfe). */
				c->in_wfe = false;
				v->halted = false;
				if (v->cycles < until)
					v->cycles = until;
				return HVSIM_EXIT_HALT;
			}
			/* WFI: asleep until an interrupt; time moves on to the next event. */
			if (v->cycles < stop)
				v->cycles = stop;
			if (!v->halted)
				break;
			if (stop == until)
				return HVSIM_EXIT_HALT;
			break;
		case CORE_EXIT_INTERNAL:
			vm->shutdown = true;
			vm->result.status = HVSIM_ERROR;
			vm->result.why = "internal error";
			return HVSIM_EXIT_INTERNAL;
		default:
			break;
		}
	}
	return vm->shutdown ? HVSIM_EXIT_SHUTDOWN : HVSIM_EXIT_BUDGET;
}

enum hvsim_exit_reason hvsim_vcpu_run(struct hvsim_vm *vm, int vcpu, uint64_t cycles)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus || !vm->cpu_on[vcpu])
		return HVSIM_EXIT_INTERNAL;
	struct arm64_cpu *c = vm->cpus[vcpu];
	return run_vcpu(vm, c, c->core.cycles + cycles);
}

/*
 * Every running vCPU sleeps in WFI with nothing pending, no event is queued
 * and no input waits: nothing can ever wake the guest.
 */
static bool all_asleep_forever(struct hvsim_vm *vm)
{
	if (core_events_next(&vm->events) != UINT64_MAX || vm->console_in_n)
		return false;
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpu_on[i] && (!vm->cpus[i]->core.halted || vm->cpus[i]->core.irq_pending))
			return false;
	return true;
}

/*
 * Show the framebuffer VIRT_FB_HZ times a second of virtual time, and not
 * more often in host time (an idle guest's time runs fast). Output only:
 * the guest cannot observe it. Closing the window ends the run.
 */
static void refresh_display(struct hvsim_vm *vm)
{
	if (vm->now < vm->fb_next)
		return;
	vm->fb_next = vm->now + 1000000000ull / VIRT_FB_HZ;   /* cycles are ns (1 GHz) */
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t host_ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	if (host_ns - vm->fb_shown_ns < 1000000000ull / VIRT_FB_HZ)
		return;
	vm->fb_shown_ns = host_ns;
	if (fb_read(vm->fb, vm->fb_pixels) && !display_show(vm->display, vm->fb_pixels)) {
		vm->shutdown = true;
		vm->result.status = HVSIM_OK;
		vm->result.why = "the display window was closed";
	}
}

/*
 * A vCPU that ran a whole quantum awake without retiring an instruction is
 * caught in an exception loop (say, a vector whose fetch faults): after
 * STUCK_QUANTA of those in a row, the guest is reported as not making
 * progress, since no instruction budget would ever run out.
 */
#define STUCK_QUANTA 100

static void note_progress(struct hvsim_vm *vm, struct arm64_cpu *c, uint64_t insns_before)
{
	int i = c->core.index;
	if (c->core.insns != insns_before || c->core.halted || vm->shutdown) {
		vm->stuck[i] = 0;
		return;
	}
	if (++vm->stuck[i] < STUCK_QUANTA)
		return;
	vm->shutdown = true;
	vm->result.status = HVSIM_TIMEOUT;
	vm->result.why = "guest stopped making progress: a CPU takes exceptions without "
			 "retiring any instruction (an exception loop)";
}

void hvsim_vm_run(struct hvsim_vm *vm, struct hvsim_result *res)
{
	vm->result.status = HVSIM_OK;
	vm->result.why = "";
	while (!vm->shutdown) {
		uint64_t until = vm->now + vm->cfg.quantum;
		feed_console(vm);
		bool any = false;
		for (int i = 0; i < vm->n_cpus && !vm->shutdown; i++) {
			if (!vm->cpu_on[i])
				continue;
			any = true;
			struct arm64_cpu *c = vm->cpus[i];
			uint64_t insns = c->core.insns;
			run_vcpu(vm, c, until);
			note_progress(vm, c, insns);
		}
		if (!any) {
			vm->shutdown = true;
			vm->result.status = HVSIM_GUEST_PANIC;
			vm->result.why = "every CPU is off (PSCI CPU_OFF)";
		} else if (!vm->shutdown && all_asleep_forever(vm) && !poll_console(vm, true) &&
			   !vm->shutdown) {
			vm->shutdown = true;
			vm->result.status = HVSIM_TIMEOUT;
			vm->result.why = "guest stopped making progress: every CPU waits for an interrupt "
					 "and nothing is scheduled to raise one";
		}
		vm->now = until;
		core_events_run(&vm->events, vm->now);
		if (vm->display)
			refresh_display(vm);
	}
	*res = vm->result;
}

/* -------------------------------------------------------------- registers */

#define KVM_REG_ARM64 0x6000000000000000ull
#define KVM_REG_SIZE_MASK 0x00f0000000000000ull
#define KVM_REG_SIZE_U32 0x0020000000000000ull
#define KVM_REG_SIZE_U64 0x0030000000000000ull
#define KVM_REG_SIZE_U128 0x0040000000000000ull
#define KVM_REG_ARM_CORE 0x0000000000100000ull
#define KVM_REG_ARM64_SYSREG 0x0000000000130000ull
#define KVM_REG_TYPE_MASK 0x00000000ffff0000ull

/*
 * struct kvm_regs, in 32-bit words: x0-x30 at 0-60, sp 62, pc 64, pstate 66,
 * sp_el1 68, elr_el1 70, spsr[5] 72-80 (EL1, ABT, UND, IRQ, FIQ), then the
 * FP/SIMD state at 84: vregs (4 words each), fpsr 212, fpcr 213.
 */
static void *core_reg(struct arm64_cpu *c, unsigned off, uint64_t *size)
{
	if (off < 62 && !(off & 1)) {
		*size = KVM_REG_SIZE_U64;
		return &c->x[off / 2];
	}
	switch (off) {
	case 62: *size = KVM_REG_SIZE_U64; return c->spsel && c->el ? &c->sp_el[0] : &c->x[A64_SP];
	case 64: *size = KVM_REG_SIZE_U64; return &c->core.pc;
	case 68: *size = KVM_REG_SIZE_U64; return c->el == 1 && c->spsel ? &c->x[A64_SP] : &c->sp_el[1];
	case 70: *size = KVM_REG_SIZE_U64; return &c->sr.elr_el1;
	case 72: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_el1;
	case 74: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_abt;
	case 76: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_und;
	case 78: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_irq;
	case 80: *size = KVM_REG_SIZE_U64; return &c->sr.spsr_fiq;
	case 212: *size = KVM_REG_SIZE_U32; return &c->fpsr;
	case 213: *size = KVM_REG_SIZE_U32; return &c->fpcr;
	}
	if (off >= 84 && off < 84 + 128 && !((off - 84) & 3)) {
		*size = KVM_REG_SIZE_U128;
		return &c->v[(off - 84) / 4];
	}
	return NULL;
}

static size_t size_bytes(uint64_t size)
{
	return (size_t)1 << ((size >> 52) & 0xf);
}

static int one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, void *val, bool set)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus || (id & 0xff00000000000000ull) != KVM_REG_ARM64)
		return -1;
	struct arm64_cpu *c = vm->cpus[vcpu];
	if ((id & KVM_REG_TYPE_MASK) == KVM_REG_ARM_CORE) {
		uint64_t size;
		if ((id & 0xffff) == 66) {  /* pstate */
			if ((id & KVM_REG_SIZE_MASK) != KVM_REG_SIZE_U64)
				return -1;
			uint64_t p;
			if (set) {
				memcpy(&p, val, 8);
				a64_pstate_write(c, p);
				a64_update_mode(c);
			} else {
				p = a64_pstate_read(c);
				memcpy(val, &p, 8);
			}
			return 0;
		}
		void *reg = core_reg(c, (unsigned)(id & 0xffff), &size);
		if (!reg || (id & KVM_REG_SIZE_MASK) != size)
			return -1;
		if (set)
			memcpy(reg, val, size_bytes(size));
		else
			memcpy(val, reg, size_bytes(size));
		return 0;
	}
	if ((id & KVM_REG_TYPE_MASK) == KVM_REG_ARM64_SYSREG && (id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U64) {
		return a64_sysreg_access(c, (uint32_t)(id & 0xffff), val, set);
	}
	return -1;
}

int hvsim_get_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, void *val)
{
	return one_reg(vm, vcpu, id, val, false);
}

int hvsim_set_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, const void *val)
{
	return one_reg(vm, vcpu, id, (void *)val, true);
}

void hvsim_set_hypercall_hook(struct hvsim_vm *vm, hvsim_hcall_hook hook, void *opaque)
{
	vm->hook = hook;
	vm->hook_opaque = opaque;
}

bool hvsim_host_read(struct hvsim_vm *vm, uint64_t gpa, void *buf, size_t len)
{
	return mem_host_read(&vm->mem, gpa, buf, len);
}

bool hvsim_host_write(struct hvsim_vm *vm, uint64_t gpa, const void *buf, size_t len)
{
	return mem_host_write(&vm->mem, gpa, buf, len);
}

void hvsim_console_input(struct hvsim_vm *vm, const uint8_t *bytes, size_t n)
{
	size_t room = sizeof(vm->console_in) - vm->console_in_n;
	if (n > room)
		n = room;
	memcpy(vm->console_in + vm->console_in_n, bytes, n);
	vm->console_in_n += n;
}

void hvsim_vm_stats(struct hvsim_vm *vm, struct hvsim_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (int i = 0; i < vm->n_cpus; i++) {
		struct core_vcpu *v = &vm->cpus[i]->core;
		st->insns += v->insns;
		if (v->cycles > st->cycles)
			st->cycles = v->cycles;
		st->exceptions += v->n_exceptions;
		st->blocks_decoded += v->n_blocks_decoded;
	}
	st->hypercalls = vm->hypercalls;
	st->code_invalidations = vm->cache.n_invalidations;
	uint64_t owners[MEM_OWNER_COUNT];
	mem_count_owners(&vm->mem, owners);
	st->pages_private = owners[MEM_PRIVATE];
	st->pages_shared = owners[MEM_SHARED];
	st->host_violations = vm->mem.host_violations;
	st->page_transitions = vm->mem.n_transitions;
}

void hvsim_vm_describe_cpus(struct hvsim_vm *vm, char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < vm->n_cpus && used < len; i++) {
		struct arm64_cpu *c = vm->cpus[i];
		int n = snprintf(buf + used, len - used,
				 "cpu%d: %s pc=0x%016llx EL%u%s insns=%llu cycles=%llu\n", i,
				 vm->cpu_on[i] ? "on " : "off", (unsigned long long)c->core.pc, c->el,
				 c->core.halted ? " (waiting)" : "",
				 (unsigned long long)c->core.insns, (unsigned long long)c->core.cycles);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

int hvsim_vm_screenshot(struct hvsim_vm *vm, const char *path, char *err, size_t errlen)
{
	if (!vm->fb) {
		snprintf(err, errlen, "no display to take a screenshot of (use -display sdl)");
		return HVSIM_BAD_INPUT;
	}
	if (!fb_write_ppm(vm->fb, path)) {
		snprintf(err, errlen, "cannot write the screenshot '%s'", path);
		return HVSIM_BAD_INPUT;
	}
	return 0;
}
