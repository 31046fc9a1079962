/*
 * The board-neutral VM behind the public API (include/hvsim/hvsim.h): the
 * board table, the vCPU set, the run loop (vCPUs round-robin in quanta on
 * one host thread, events at their exact cycle, sleeping vCPUs' time
 * jumping to the next event), progress and panic detection, the console,
 * the display, the hypercall path, and statistics. It knows no ISA and no
 * board: those come from the board's ops (machine.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dev/display.h"
#include "dev/fb.h"
#include "machine/debug.h"
#include "machine/machine.h"

/*
 * A device broken this long in guest time, never reset by its driver, ends
 * the run (exit 4): the guest waits on it forever (Linux's virtio drivers
 * do not reset a device that asks them to).
 */
#define BROKEN_BOUND_S 60u
#define DEFAULT_QUANTUM 100000   /* cycles per vCPU turn: 100 us of virtual time at 1 GHz */

/* ------------------------------------------------------ console, panic */

void vm_stop(struct hvsim_vm *vm, enum hvsim_status status, const char *why)
{
	vm->shutdown = true;
	vm->result.status = status;
	vm->result.why = why;
}

/*
 * A guest kernel panic, recognised on the console: Linux's panic() prints
 * "Kernel panic - not syncing: <reason>" and then spins forever (Debian
 * builds no pvpanic device). hvsim ends the run with HVSIM_GUEST_PANIC
 * once that line is complete, naming the reason.
 *
 * A kernel that oopses again while a task dies of an oops prints "Fixing
 * recursive fault but reboot is needed!" (kernel/exit.c make_task_dead),
 * parks the task for good and idles on with its timers ticking: no panic,
 * yet the kernel says it is broken, and no no-progress rule sees it (an
 * SNP guest did so for a test's whole 300 s). That line ends the run with
 * HVSIM_GUEST_PANIC too.
 *
 * One matcher for both (its state is in snapshots): panic_len is the
 * position in `banners` after the last byte matched, 0 when nothing is;
 * the banners start with different bytes, so only one can be in progress.
 */
static const char banners[] = "Kernel panic - not syncing\0Fixing recursive fault but reboot is needed!";
#define PANIC_BANNER_LEN (sizeof("Kernel panic - not syncing") - 1)
#define OOPS_BANNER (PANIC_BANNER_LEN + 1)   /* where the second starts */

static void watch_for_panic(struct hvsim_vm *vm, uint8_t byte)
{
	if (vm->panic_len == PANIC_BANNER_LEN) {
		/* Collect the reason up to the end of the line. */
		if (byte == '\n' || byte == '\r' || vm->panic_why_len == sizeof(vm->panic_why) - 1) {
			vm_stop(vm, HVSIM_GUEST_PANIC, vm->panic_why);
			vm->panic_len = 0;
			return;
		}
		vm->panic_why[vm->panic_why_len++] = (char)byte;
		vm->panic_why[vm->panic_why_len] = 0;
		return;
	}
	if (vm->panic_len && byte == (uint8_t)banners[vm->panic_len])
		vm->panic_len++;
	else if (byte == (uint8_t)banners[0])
		vm->panic_len = 1;
	else if (byte == (uint8_t)banners[OOPS_BANNER])
		vm->panic_len = OOPS_BANNER + 1;
	else
		vm->panic_len = 0;
	if (vm->panic_len == PANIC_BANNER_LEN) {
		vm->panic_why_len = (size_t)snprintf(vm->panic_why, sizeof(vm->panic_why),
						     "guest kernel panic: %s", banners);
	} else if (vm->panic_len == sizeof(banners) - 1) {
		snprintf(vm->panic_why, sizeof(vm->panic_why), "guest kernel oops loop: %s",
			 banners + OOPS_BANNER);
		vm_stop(vm, HVSIM_GUEST_PANIC, vm->panic_why);
		vm->panic_len = 0;
	}
}

size_t vm_panic_matcher_end(void)
{
	return sizeof(banners) - 1;    /* a full oops banner ends the run and resets the matcher */
}

void vm_console_out(struct hvsim_vm *vm, uint8_t byte)
{
	if (vm->cfg.console_out)
		vm->cfg.console_out(vm->cfg.console_opaque, byte);
	watch_for_panic(vm, byte);
	if (vm->save)
		machine_save_console(vm, byte);
}

uint64_t vm_now_ns(struct hvsim_vm *vm)
{
	return vm->cpus[0] ? core_cycles_to_ns(vm->timing, vm->cpus[0]->cycles) : 0;
}

uint64_t vm_rtc_epoch(struct hvsim_vm *vm)
{
	return vm->cfg.rtc_base > 0 ? (uint64_t)vm->cfg.rtc_base : vm->board->rtc_epoch;
}

int vm_board_begin(struct hvsim_vm *vm, size_t size, char *err, size_t errlen)
{
	const struct hvsim_config *cfg = &vm->cfg;
	if (cfg->ram_bytes < (32ull << 20) || cfg->ram_bytes > (255ull << 30) || cfg->ram_bytes & 0xfff) {
		snprintf(err, errlen, "-m: RAM must be between 32M and 255G, in whole pages");
		return HVSIM_BAD_INPUT;
	}
	if (cfg->display && strcmp(cfg->display, "none")) {
		snprintf(err, errlen, "%s has no display (use -display none)", vm->board->name);
		return HVSIM_BAD_INPUT;
	}
	vm->board_state = calloc(1, size);
	if (!vm->board_state) {
		snprintf(err, errlen, "out of memory");
		return HVSIM_ERROR;
	}
	return 0;
}

int vm_add_ram(struct hvsim_vm *vm, uint64_t low_base, uint64_t low, uint64_t high_base,
	       char *err, size_t errlen)
{
	enum mem_owner owner = vm->cfg.protected_vm || vm->cfg.coco ? MEM_PRIVATE : MEM_SHARED;
	uint64_t high = vm->cfg.ram_bytes - low;
	if (mem_add_ram(&vm->mem, "lowmem", low_base, low, owner) &&
	    (!high || mem_add_ram(&vm->mem, "highmem", high_base, high, owner)))
		return 0;
	snprintf(err, errlen, "cannot reserve %llu bytes of guest RAM",
		 (unsigned long long)vm->cfg.ram_bytes);
	return HVSIM_BAD_INPUT;
}

uint64_t vm_wall_ns(struct hvsim_vm *vm, int vcpu)
{
	return vm_rtc_epoch(vm) * 1000000000ull +
	       core_cycles_to_ns(vm->timing, vm->cpus[vcpu]->cycles);
}

uint64_t vm_host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void *vm_read_file(const char *path, size_t *len, const char *what, char *err, size_t errlen)
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

/* ------------------------------------------------------------ hypercalls */

/* The hypercall path charges the calling vCPU (hv_path.charge). */
static void charge(void *opaque, int vcpu, uint64_t cycles)
{
	struct hvsim_vm *vm = opaque;
	vm->cpus[vcpu]->cycles += cycles;
}

/* The public hook (hvsim_hcall_hook) on the path: x0-x7 in, x0-x3 out, as KVM's exits give. */
static bool public_hook(void *opaque, struct hv_call *call)
{
	struct hvsim_vm *vm = opaque;
	uint64_t args[8], results[4] = { 0 };
	memcpy(args, call->a, sizeof(args));
	if (!vm->hook(vm->hook_opaque, call->vcpu, (uint32_t)call->fn, args, results))
		return false;
	memcpy(call->r, results, sizeof(results));
	return true;
}

/*
 * A vCPU exited to hvsim's hypervisor: route the call by its conduit and
 * immediate, move the arguments in and the results out through the ISA's
 * calling convention, and let the single path (hv/call.c) answer it.
 */
static void vm_hypercall(struct hvsim_vm *vm, struct core_vcpu *v)
{
	const struct core_exit_info *x = &v->exit_info;
	struct hv_call call = {
		.abi = hv_route_find(&vm->hv, x->conduit, x->immediate),
		.vcpu = v->index,
		.level = v->req.level,
		.conduit = x->conduit,
		.conduit_name = v->isa->conduits[x->conduit],
		.immediate = x->immediate,
		.context = x->context,
	};
	if (call.abi)
		v->isa->hcall_args(v, call.a, call.abi->n_args);
	call.fn = call.a[0];
	hv_call(&vm->hv, &call);
	if (call.abi)
		v->isa->hcall_results(v, call.r, call.abi->n_results);
}

/* ------------------------------------------------------------- create */

/*
 * A page changed state: every vCPU forgets its translations of it, so the
 * next access is checked against the new state (DESIGN: attribute changes
 * flush the dependent TLB entries). Decoded code depends on a page's
 * contents, not its state, so blocks stay.
 */
static void page_changed(void *opaque, const struct mem_transition *t)
{
	struct hvsim_vm *vm = opaque;
	for (int i = 0; i < vm->n_cpus; i++)
		core_tlb_flush_pa(vm->cpus[i], t->gpa);
}

/*
 * A device gave up (DEVICE_NEEDS_RESET) or was reset. The user hears why at
 * once, on stderr and in the traces: a guest that keeps waiting on a
 * broken device otherwise looks merely slow.
 */
static void device_broken(void *opaque, const char *device, uint64_t base, const char *why)
{
	struct hvsim_vm *vm = opaque;
	if (why) {
		fprintf(stderr, "hvsim: %s at 0x%llx needs a reset: %s\n", device,
			(unsigned long long)base, why);
		if (vm->n_broken++ == 0) {
			vm->broken_since = vm_now_ns(vm);
			snprintf(vm->broken_why, sizeof(vm->broken_why),
				 "guest stopped making progress: %s at 0x%llx needs a reset (%s) and the "
				 "guest has not reset it in %u s of guest time", device,
				 (unsigned long long)base, why, BROKEN_BOUND_S);
		}
	} else if (vm->n_broken > 0) {
		vm->n_broken--;
	}
	if (MACHINE_DEBUG(vm))
		machine_debug_device_broken(vm, device, base, why);
}

static bool add_display(struct hvsim_vm *vm, char *err, size_t errlen)
{
	vm->fb_pixels = calloc((size_t)vm->fb->width * vm->fb->height, sizeof(*vm->fb_pixels));
	if (!vm->fb_pixels) {
		snprintf(err, errlen, "cannot create the framebuffer");
		return false;
	}
	vm->display = display_open("hvsim", vm->fb->width, vm->fb->height, err, errlen);
	if (!vm->display)
		return false;
	if (!vm->cfg.page_map_live)
		return true;
	uint32_t w, h;
	if (!(vm->page_map = machine_page_map_new(vm, true, err, errlen)))
		return false;
	const uint32_t *px = machine_page_map_pixels(vm->page_map, &w, &h);
	vm->page_map_display = display_open("hvsim page map", w, h, err, errlen);
	return vm->page_map_display && display_show(vm->page_map_display, px);
}

struct hvsim_vm *hvsim_vm_create(const struct hvsim_config *cfg, char *err, size_t errlen)
{
	const struct board_ops *board = board_find(cfg->machine);
	if (!board) {
		snprintf(err, errlen, "unknown machine '%s' (-M help lists them)", cfg->machine);
		return NULL;
	}
	if (cfg->smp < 1 || cfg->smp > board->max_cpus) {
		snprintf(err, errlen, "-smp %d: between 1 and %d CPUs are supported", cfg->smp,
			 board->max_cpus);
		return NULL;
	}
	if (cfg->coco && !board->coco) {
		snprintf(err, errlen, "--coco: -M %s has no confidential-computing architecture "
			 "(-M x86-virt has SEV-SNP)", board->name);
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
	if (cfg->page_map_live && !display) {
		snprintf(err, errlen, "the live page map needs a display (-display sdl,page-map=on)");
		return NULL;
	}
	struct hvsim_vm *vm = calloc(1, sizeof(*vm));
	if (!vm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vm->cfg = *cfg;
	vm->board = board;
	vm->timing = timing;
	if (!vm->cfg.quantum)
		vm->cfg.quantum = DEFAULT_QUANTUM;
	mem_space_init(&vm->mem, MEM_SPACE_MEMORY, cfg->seed ^ 0x687673696d6b6579ull);
	vm->mem.device_broken = device_broken;
	vm->mem.device_broken_opaque = vm;
	machine_launch_init(vm);
	core_events_init(&vm->events);
	vm->n_cpus = cfg->smp;
	vm->hv = (struct hv_path){
		.plat = &vm->hvplat, .world_switch = timing->world_switch,
		.charge = charge, .charge_opaque = vm,
	};
	vm->hvplat.mem = &vm->mem;
	vm->hvplat.protected_vm = cfg->protected_vm;
	/* The decode cache first: the board's vCPUs attach to it. */
	int rc = core_cache_init(&vm->cache, &vm->mem, 256u << 20) ? HVSIM_ERROR : 0;
	if (rc)
		snprintf(err, errlen, "cannot reserve the decode cache");
	if (rc == 0)
		rc = board->create(vm, err, errlen);
	if (rc == 0 && !mem_add_listener(&vm->mem, page_changed, vm)) {
		snprintf(err, errlen, "too many page-transition listeners");
		rc = HVSIM_ERROR;
	}
	if (rc == 0 && display && !add_display(vm, err, errlen))
		rc = HVSIM_BAD_INPUT;
	if (rc) {
		hvsim_vm_destroy(vm);
		return NULL;
	}
	vm->cpu_on[0] = true;
	return vm;
}

/* Keep what was loaded, for a reset to load it again (NULL members: nothing kept). */
static void boot_forget(struct hvsim_vm *vm)
{
	free(vm->boot_kernel);
	free(vm->boot_initrd);
	free(vm->boot_cmdline);
	free(vm->boot_elf);
	vm->boot_kernel = vm->boot_initrd = vm->boot_cmdline = NULL;
	vm->boot_elf = NULL;
	vm->boot_elf_len = 0;
}

void hvsim_vm_destroy(struct hvsim_vm *vm)
{
	if (!vm)
		return;
	machine_debug_free(vm);
	machine_faults_free(vm);
	machine_save_free(vm->save);
	machine_record_free(vm);
	machine_monitor_free(vm);
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpus[i]) {
			core_vcpu_free(vm->cpus[i]);
			free(vm->cpus[i]);
		}
	if (vm->board_state)
		vm->board->destroy(vm);
	display_close(vm->page_map_display);
	display_close(vm->display);
	fb_free(vm->fb);
	free(vm->fb_pixels);
	core_cache_free(&vm->cache);
	core_events_free(&vm->events);
	mem_space_free(&vm->mem);
	machine_page_map_free(vm->page_map);   /* after the memory: its listener's data */
	machine_launch_free(vm);
	boot_forget(vm);
	free(vm);
}

int hvsim_vm_load_elf_bytes(struct hvsim_vm *vm, const void *data, size_t len,
			    char *err, size_t errlen)
{
	int rc = vm->board->load_elf(vm, data, len, err, errlen);
	boot_forget(vm);
	if (rc == 0 && (vm->boot_elf = malloc(len ? len : 1))) {
		memcpy(vm->boot_elf, data, len);
		vm->boot_elf_len = len;
	}
	return rc;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int hvsim_vm_load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
			 const char *cmdline, char *err, size_t errlen)
{
	int rc = vm->board->load_kernel(vm, path, initrd, cmdline, err, errlen);
	boot_forget(vm);
	if (rc == 0) {
		vm->boot_kernel = dup_or_null(path);
		vm->boot_initrd = dup_or_null(initrd);
		vm->boot_cmdline = dup_or_null(cmdline);
	}
	return rc;
}

bool vm_can_reset(const struct hvsim_vm *vm, char *why, size_t len)
{
	if (!vm->board->reset)
		snprintf(why, len, "%s cannot be reset while it runs yet; 'quit' ends it", vm->board->name);
	else if (vm->cfg.protected_vm || vm->cfg.coco)
		snprintf(why, len, "a protected VM (--pkvm, --coco) cannot be reset: its pages would "
			 "have to become private again; 'quit' ends it");
	else if (!vm->boot_kernel && !vm->boot_elf)
		snprintf(why, len, "nothing to boot again after a reset (no kernel was loaded)");
	else
		return true;
	return false;
}

void vm_guest_reset(struct hvsim_vm *vm, const char *why)
{
	if (!vm->cfg.no_reboot && vm_can_reset(vm, NULL, 0))
		vm->reset_pending = true;
	else
		vm_stop(vm, HVSIM_OK, why);
}

void vm_reset(struct hvsim_vm *vm, bool guest)
{
	char err[512];
	vm->reset_pending = false;
	for (int i = 0; i < vm->n_cpus; i++)
		vm->cpu_on[i] = i == 0;
	vm->board->reset(vm);
	int rc = vm->boot_kernel ? vm->board->load_kernel(vm, vm->boot_kernel, vm->boot_initrd,
							   vm->boot_cmdline, err, sizeof(err))
				 : vm->board->load_elf(vm, vm->boot_elf, vm->boot_elf_len, err, sizeof(err));
	/* The images are written again: no decoded block of the old run stays. */
	core_cache_flush(&vm->cache);
	if (vm->monitor)
		machine_monitor_reset(vm, guest);
	if (rc) {
		snprintf(vm->reset_why, sizeof(vm->reset_why), "the machine reset cannot boot again: %s",
			 err);
		vm_stop(vm, HVSIM_ERROR, vm->reset_why);
	}
}

/* --------------------------------------------------------------- running */

static uint64_t total_insns(struct hvsim_vm *vm)
{
	uint64_t n = 0;
	for (int i = 0; i < vm->n_cpus; i++)
		n += vm->cpus[i]->insns;
	return n;
}

/* Take typed bytes from the host (see hvsim_config.console_poll). */
static size_t poll_console(struct hvsim_vm *vm, bool wait)
{
	if (!vm->cfg.console_poll || vm->console_in_n == sizeof(vm->console_in) ||
	    machine_record_replaying(vm))
		return 0;
	uint64_t t0 = wait ? vm_host_ns() : 0;
	size_t n = vm->cfg.console_poll(vm->cfg.console_opaque, vm->console_in + vm->console_in_n,
					sizeof(vm->console_in) - vm->console_in_n, wait);
	if (wait)
		vm->host_stopped_ns += vm_host_ns() - t0;
	if (n == HVSIM_CONSOLE_QUIT) {
		vm_stop(vm, HVSIM_OK, "quit from the console (Ctrl-A x)");
		return 0;
	}
	vm->console_in_n += n;
	return n;
}

void hvsim_vm_interrupt(struct hvsim_vm *vm, int signo)
{
	vm->signal = signo;
}

bool hvsim_vm_paused(const struct hvsim_vm *vm)
{
	return vm->paused;
}

/* A signal asked the run to end (hvsim_vm_interrupt): stop with 128 + its number. */
static void take_signal(struct hvsim_vm *vm)
{
	int signo = vm->signal;
	const char *name = signo == SIGINT ? "SIGINT" : signo == SIGTERM ? "SIGTERM" :
			   signo == SIGHUP ? "SIGHUP" : NULL;
	if (name)
		snprintf(vm->signal_why, sizeof(vm->signal_why), "killed by signal %s", name);
	else
		snprintf(vm->signal_why, sizeof(vm->signal_why), "killed by signal %d", signo);
	vm_stop(vm, (enum hvsim_status)(128 + signo), vm->signal_why);
}

/* The board's time-driven work, then typed console bytes into its console device. */
static void quantum_boundary(struct hvsim_vm *vm)
{
	if (vm->signal) {
		take_signal(vm);
		return;
	}
	if (vm->reset_pending)
		vm_reset(vm, true);
	if (vm->board->tick)
		vm->board->tick(vm);
	/* Ask the host every 16 quanta (1.6 ms of virtual time): a system call is dear. */
	if ((vm->now / vm->cfg.quantum) % 16 == 0) {
		poll_console(vm, false);
		if (vm->monitor)
			machine_monitor_poll(vm, 0);
	}
	if (vm->record)
		machine_record_boundary(vm, total_insns(vm));
	if (vm->shutdown)
		return;
	size_t i = 0;
	while (i < vm->console_in_n && vm->board->console_room(vm) > 0)
		vm->board->console_put(vm, vm->console_in[i++]);
	if (vm->record)
		machine_record_taken(vm, total_insns(vm), vm->console_in, i, vm->console_in_n - i);
	memmove(vm->console_in, vm->console_in + i, vm->console_in_n - i);
	vm->console_in_n -= i;
}

/*
 * Run one vCPU up to virtual time `until`. Events due on the way fire at
 * their exact cycle; a sleeping vCPU's time jumps to the next event.
 */
static enum hvsim_exit_reason run_vcpu(struct hvsim_vm *vm, struct core_vcpu *v, uint64_t until)
{
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
				vm_stop(vm, HVSIM_TIMEOUT, "instruction limit reached (--max-insns)");
				return HVSIM_EXIT_SHUTDOWN;
			}
			v->insn_limit = v->insns + (vm->cfg.max_insns - done);
		}
		enum core_exit_reason r = MACHINE_DEBUG(vm) ? machine_debug_run(vm, v, stop)
							    : core_run(v, stop);
		switch (r) {
		case CORE_EXIT_HYPERCALL:
			vm_hypercall(vm, v);
			/* A call that powers the CPU off (PSCI CPU_OFF) does not return. */
			if (!vm->cpu_on[v->index])
				return HVSIM_EXIT_HALT;
			return HVSIM_EXIT_HYPERCALL;
		case CORE_EXIT_HALT:
			if (v->halt_kind == CORE_HALT_QUANTUM) {
				/* Asleep for the rest of the quantum (an event nobody tracks: WFE). */
				v->halted = false;
				if (v->cycles < until)
					v->cycles = until;
				return HVSIM_EXIT_HALT;
			}
			/* Asleep until an interrupt; time moves on to the next event. */
			if (v->cycles < stop)
				v->cycles = stop;
			if (!v->halted)
				break;
			if (stop == until)
				return HVSIM_EXIT_HALT;
			break;
		case CORE_EXIT_SHUTDOWN:
			/*
			 * An x86 shutdown (a fault delivering #DF): a PC resets, and
			 * so does a board that can, as QEMU's. With -no-reboot, or a
			 * board that cannot, the run ends as a crash: the boards
			 * offer the guest a reset register for a wanted reset.
			 */
			if (!v->exit_why && !vm->cfg.no_reboot && vm_can_reset(vm, NULL, 0)) {
				vm->reset_pending = true;
				return HVSIM_EXIT_HALT;
			}
			vm_stop(vm, HVSIM_GUEST_PANIC,
				v->exit_why ? v->exit_why : "the vCPU shut down (triple fault)");
			return HVSIM_EXIT_SHUTDOWN;
		case CORE_EXIT_INTERNAL:
			vm_stop(vm, HVSIM_ERROR, "internal error");
			return HVSIM_EXIT_INTERNAL;
		default:
			break;
		}
	}
	return vm->shutdown ? HVSIM_EXIT_SHUTDOWN : HVSIM_EXIT_BUDGET;
}

/*
 * Run a vCPU for its quantum, hypercalls answered on the way; a reset the
 * guest asked for (PSCI SYSTEM_RESET) ends the quantum there.
 */
static void run_quantum(struct hvsim_vm *vm, struct core_vcpu *v, uint64_t until)
{
	while (run_vcpu(vm, v, until) == HVSIM_EXIT_HYPERCALL && !vm->reset_pending)
		;
}

enum hvsim_exit_reason hvsim_vcpu_run(struct hvsim_vm *vm, int vcpu, uint64_t cycles)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus || !vm->cpu_on[vcpu])
		return HVSIM_EXIT_INTERNAL;
	struct core_vcpu *v = vm->cpus[vcpu];
	return run_vcpu(vm, v, v->cycles + cycles);
}

/*
 * Every running vCPU sleeps with nothing pending, no event is queued and
 * no input waits: nothing can ever wake the guest.
 */
static bool all_asleep_forever(struct hvsim_vm *vm)
{
	if (core_events_next(&vm->events) != UINT64_MAX || vm->console_in_n ||
	    machine_record_pending(vm) || (vm->board->busy && vm->board->busy(vm)))
		return false;
	for (int i = 0; i < vm->n_cpus; i++)
		if (vm->cpu_on[i] && (!vm->cpus[i]->halted || vm->cpus[i]->irq_pending))
			return false;
	return true;
}

/*
 * Every CPU sleeps for good: only a person can change that, by typing or
 * through the monitor. Wait for them; false if nobody ever can.
 */
static bool wait_for_person(struct hvsim_vm *vm)
{
	if (machine_monitor_listening(vm)) {
		/* A client may come at any time: look at it and the console in turn. */
		uint64_t t0 = vm_host_ns();
		machine_monitor_poll(vm, 100);
		vm->host_stopped_ns += vm_host_ns() - t0;
		poll_console(vm, false);
		return true;
	}
	uint64_t activity = vm->monitor_activity;
	return poll_console(vm, true) != 0 || vm->monitor_activity != activity;
}

/*
 * Stopped by the monitor (`stop`): serve it and the console, which may
 * hold it (Ctrl-A c), until `cont`, `quit` or a signal. The wait is a
 * person's time, not the guest's.
 */
static void wait_while_paused(struct hvsim_vm *vm)
{
	uint64_t t0 = vm_host_ns();
	while (vm->paused && !vm->shutdown && !vm->signal) {
		if (vm->monitor)
			machine_monitor_poll(vm, 100);
		poll_console(vm, false);
	}
	vm->host_stopped_ns += vm_host_ns() - t0;
	if (vm->signal && !vm->shutdown)
		take_signal(vm);   /* before another quantum runs */
}

#define FB_HZ 60   /* frames per second of virtual time a display shows */

/*
 * Show the framebuffer FB_HZ times a second of virtual time, and not more
 * often in host time (an idle guest's time runs fast); the live page map
 * with it, when a page changed. Output only: the guest cannot observe it.
 * Closing a window ends the run.
 */
static void refresh_display(struct hvsim_vm *vm)
{
	if (vm->now < vm->fb_next)
		return;
	vm->fb_next = vm->now + core_ns_to_cycles(vm->timing, 1000000000ull / FB_HZ);
	uint64_t host_ns = vm_host_ns();
	if (host_ns - vm->fb_shown_ns < 1000000000ull / FB_HZ)
		return;
	vm->fb_shown_ns = host_ns;
	if (fb_read(vm->fb, vm->fb_pixels) && !display_show(vm->display, vm->fb_pixels))
		vm_stop(vm, HVSIM_OK, "the display window was closed");
	uint32_t w, h;
	if (vm->page_map && machine_page_map_update(vm->page_map, false) &&
	    !display_show(vm->page_map_display, machine_page_map_pixels(vm->page_map, &w, &h)))
		vm_stop(vm, HVSIM_OK, "the page map's window was closed");
}

/*
 * A vCPU that ran a whole quantum awake without retiring an instruction is
 * caught in an exception loop (say, a vector whose fetch faults): after
 * STUCK_QUANTA of those in a row, the guest is reported as not making
 * progress, since no instruction budget would ever run out.
 */
#define STUCK_QUANTA 100

static void note_progress(struct hvsim_vm *vm, struct core_vcpu *v, uint64_t insns_before)
{
	int i = v->index;
	if (v->insns != insns_before || v->halted || vm->shutdown) {
		vm->stuck[i] = 0;
		return;
	}
	if (++vm->stuck[i] < STUCK_QUANTA)
		return;
	vm_stop(vm, HVSIM_TIMEOUT, "guest stopped making progress: a CPU takes exceptions without "
				   "retiring any instruction (an exception loop)");
}

/* Time ahead of the host's that pacing lets pass before it sleeps (fewer, longer sleeps). */
#define PACE_SLACK_NS 2000000

/*
 * cfg.realtime: hold virtual time to the host's since the run began (less
 * the time a person held the run: typing, gdb). A busy guest's time runs
 * slower than the host's anyway, so in effect idle time passes in real time.
 */
static void pace_to_host(struct hvsim_vm *vm)
{
	uint64_t guest = core_cycles_to_ns(vm->timing, vm->now);
	uint64_t host = vm_host_ns() - vm->run_start_ns - vm->host_stopped_ns;
	if (guest <= host + PACE_SLACK_NS)
		return;
	uint64_t ahead = guest - host;
	struct timespec ts = { (time_t)(ahead / 1000000000ull), (long)(ahead % 1000000000ull) };
	nanosleep(&ts, NULL);   /* a signal cuts it short; the next boundary takes it */
}

void hvsim_vm_run(struct hvsim_vm *vm, struct hvsim_result *res)
{
	vm->result.status = HVSIM_OK;
	vm->result.why = "";
	vm->run_start_ns = vm_host_ns();
	while (!vm->shutdown) {
		/* Between quanta the machine is exactly its state: the one place to save it. */
		if (vm->save)
			machine_save_check(vm, total_insns(vm));
		uint64_t until = vm->now + vm->cfg.quantum;
		quantum_boundary(vm);
		/* After the boundary, where the monitor's commands come in: a stop stops here. */
		if (vm->paused)
			wait_while_paused(vm);
		bool any = false;
		for (int i = 0; i < vm->n_cpus && !vm->shutdown && !vm->reset_pending; i++) {
			if (!vm->cpu_on[i])
				continue;
			any = true;
			struct core_vcpu *v = vm->cpus[i];
			uint64_t insns = v->insns;
			if (vm->board->vcpu_turn)
				vm->board->vcpu_turn(vm, v, true);
			run_quantum(vm, v, until);
			if (vm->board->vcpu_turn)
				vm->board->vcpu_turn(vm, v, false);
			note_progress(vm, v, insns);
		}
		if (any && vm->record)
			machine_record_ran(vm, until);
		if (vm->shutdown) {
			/* The reason stands (the console's quit, a power-off): not "every CPU is off". */
		} else if (vm->reset_pending) {
			/* The next boundary resets: a guest asleep until then is not stuck. */
		} else if (vm->n_broken && vm_now_ns(vm) - vm->broken_since >
						   BROKEN_BOUND_S * 1000000000ull) {
			vm_stop(vm, HVSIM_TIMEOUT, vm->broken_why);
		} else if (!any) {
			vm_stop(vm, HVSIM_GUEST_PANIC, "every CPU is off");
		} else if (!vm->shutdown && all_asleep_forever(vm) && !wait_for_person(vm) &&
			   !vm->shutdown && !vm->signal) {
			vm_stop(vm, HVSIM_TIMEOUT, "guest stopped making progress: every CPU waits for an "
						   "interrupt and nothing is scheduled to raise one");
		}
		vm->now = until;
		core_events_run(&vm->events, vm->now);
		if (vm->cfg.realtime)
			pace_to_host(vm);
		if (vm->display)
			refresh_display(vm);
	}
	machine_faults_end(vm);
	machine_monitor_end(vm);
	if (vm->record)
		machine_record_end(vm, total_insns(vm));
	*res = vm->result;
}

/* --------------------------------------------------------------- the API */

int hvsim_get_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, void *val)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus)
		return -1;
	return vm->board->one_reg(vm->cpus[vcpu], id, val, false);
}

int hvsim_set_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, const void *val)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus)
		return -1;
	return vm->board->one_reg(vm->cpus[vcpu], id, (void *)val, true);
}

size_t hvsim_get_reg_list(struct hvsim_vm *vm, int vcpu, uint64_t *ids, size_t max)
{
	if (vcpu < 0 || vcpu >= vm->n_cpus || !vm->board->reg_list)
		return 0;
	return vm->board->reg_list(vm->cpus[vcpu], ids, max);
}

void hvsim_set_hypercall_hook(struct hvsim_vm *vm, hvsim_hcall_hook hook, void *opaque)
{
	vm->hook = hook;
	vm->hook_opaque = opaque;
	vm->hv.hook = hook ? public_hook : NULL;
	vm->hv.hook_opaque = vm;
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
		struct core_vcpu *v = vm->cpus[i];
		st->insns += v->insns;
		if (v->cycles > st->cycles)
			st->cycles = v->cycles;
		st->exceptions += v->n_exceptions;
		st->blocks_decoded += v->n_blocks_decoded;
	}
	st->hypercalls = vm->hv.n_calls;
	st->code_invalidations = vm->cache.n_invalidations;
	uint64_t owners[MEM_OWNER_COUNT];
	mem_count_owners(&vm->mem, owners);
	st->pages_private = owners[MEM_PRIVATE];
	st->pages_shared = owners[MEM_SHARED];
	st->host_violations = vm->mem.host_violations;
	st->guest_ns = core_cycles_to_ns(vm->timing, st->cycles);
	st->host_stopped_ns = vm->host_stopped_ns;
	st->page_transitions = vm->mem.n_transitions;
	st->mmio_guarded = vm->mem.mmio_guarded;
	st->unguarded_mmio = vm->mem.unguarded_mmio;
	st->finalized = vm->launch.finalized;
	st->measured_pages = vm->launch.measured_pages;
	memcpy(st->measurement, vm->launch.measurement, sizeof(st->measurement));
	if (vm->board->stats)
		vm->board->stats(vm, st);
}

void hvsim_vm_describe_cpus(struct hvsim_vm *vm, char *buf, size_t len)
{
	const struct core_debug_isa *isa = vm->board->debug_isa();
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < vm->n_cpus && used < len; i++) {
		struct core_vcpu *v = vm->cpus[i];
		int n = snprintf(buf + used, len - used,
				 "cpu%d: %s pc=0x%016llx %s%u%s insns=%llu cycles=%llu\n", i,
				 vm->cpu_on[i] ? "on " : "off", (unsigned long long)v->pc,
				 isa->level_prefix, isa->level(v), v->halted ? " (waiting)" : "",
				 (unsigned long long)v->insns, (unsigned long long)v->cycles);
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
