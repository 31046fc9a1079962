/*
 * The machine layer's contract: the board-neutral VM behind the public API
 * (vm.c: vCPUs, the run loop, quanta, sleep and wake, progress and panic
 * detection, console, display, the hypercall path, statistics), and the
 * ops table every board fills (in the spirit of TinyEMU's VirtMachineClass):
 * its memory map and devices, its vCPUs, how it boots an image, and its
 * ISA's register access. A board file holds only what is that board's.
 */
#ifndef HVSIM_MACHINE_H
#define HVSIM_MACHINE_H

#include <signal.h>

#include "cpu/core/debug.h"
#include "dev/irq.h"
#include "hv/hv.h"
#include "hvsim/hvsim.h"

#define VM_MAX_CPUS 64   /* the debugger's per-vCPU masks are 64 bits */

struct hvsim_vm;
struct fb;
struct display;
struct machine_debug;
struct snap;

struct board_ops {
	const char *name;          /* -M NAME */
	const char *alias;         /* another name (QEMU's), or NULL */
	const char *desc;          /* one line for -M help */
	int max_cpus;
	bool coco;                 /* takes --coco (hvsim_config.coco) */
	/*
	 * Build the board on vm (memory, timing and events are set up): its
	 * memory map and devices (a framebuffer in vm->fb if cfg.display asks
	 * for one), its vCPUs in vm->cpus[0..n_cpus), the hypercall routes and
	 * platform in vm->hv and vm->hvplat, its board state in vm->board_state.
	 * 0, or HVSIM_BAD_INPUT / HVSIM_ERROR with a message.
	 */
	int (*create)(struct hvsim_vm *vm, char *err, size_t errlen);
	/* Free the board state and devices (vCPUs are freed by vm.c). */
	void (*destroy)(struct hvsim_vm *vm);
	/* Load a kernel (the formats the board boots) and point the boot vCPU at it. */
	int (*load_kernel)(struct hvsim_vm *vm, const char *path, const char *initrd,
			   const char *cmdline, char *err, size_t errlen);
	/* Load an ELF image from memory (the built-in demo) and point the boot vCPU at it. */
	int (*load_elf)(struct hvsim_vm *vm, const void *data, size_t len, char *err, size_t errlen);
	/* The ISA's KVM ONE_REG access: 0, or -1 for an unknown id or wrong size. */
	int (*one_reg)(struct core_vcpu *v, uint64_t id, void *val, bool set);
	/* The ids one_reg answers (KVM_GET_REG_LIST): up to max into ids, returns how many. NULL: none listed. */
	size_t (*reg_list)(struct core_vcpu *v, uint64_t *ids, size_t max);
	/* The ISA's description for the debugger, traces and statistics. */
	const struct core_debug_isa *(*debug_isa)(void);
	/* The board's own figures for hvsim_vm_stats (a confidential guest's). NULL: none. */
	void (*stats)(struct hvsim_vm *vm, struct hvsim_stats *st);
	/* Between quanta: the board's time-driven work (its RTC's alarm...). NULL: none. */
	void (*tick)(struct hvsim_vm *vm);
	/*
	 * A device has work left that its tick goes on with (a virtio request
	 * cut short): a guest waiting for it is not waiting for nothing. NULL: never.
	 */
	bool (*busy)(struct hvsim_vm *vm);
	/*
	 * A vCPU's turn on the host begins (`running`) or ends: the vCPUs of a
	 * quantum run one after another, so while one runs the others are,
	 * to a spinning guest, scheduled out (LoongArch KVM's preempted flag).
	 * NULL: the board does not care.
	 */
	void (*vcpu_turn)(struct hvsim_vm *vm, struct core_vcpu *v, bool running);
	/* Typed console input: room in the console device, and one byte into it. */
	size_t (*console_room)(struct hvsim_vm *vm);
	void (*console_put)(struct hvsim_vm *vm, uint8_t byte);
	/*
	 * Save or load (s->loading) the vCPUs' and devices' state for a
	 * snapshot (mem/snap.h). NULL: the board cannot be saved.
	 */
	void (*snapshot)(struct hvsim_vm *vm, struct snap *s);
	/*
	 * The fault injector's hands on the board's interrupt controller: is
	 * `irq` (the controller's number) a line it can raise (inject false),
	 * or make it pending as if raised (spurious-irq); and the gate the
	 * board's IPIs pass (drop-ipi). NULL: the board offers none.
	 */
	bool (*spurious_irq)(struct hvsim_vm *vm, uint64_t irq, bool inject);
	void (*ipi_gate)(struct hvsim_vm *vm, struct dev_ipi_gate gate);
	/*
	 * Press the power button the guest sees (the monitor's
	 * system_powerdown); what the guest does about it is its own
	 * business. NULL: the board has none.
	 */
	void (*power_button)(struct hvsim_vm *vm);
	/* Without power_button: why the board has none (NULL: no reason given). */
	const char *no_power_button;
	/*
	 * A machine reset (QEMU's system reset): every device and vCPU to its
	 * reset state; vm.c turns the vCPUs off before (the board may turn on
	 * those that wait, as x86's APs wait for a SIPI) and then loads the
	 * boot images again.
	 * NULL: the board cannot reset.
	 */
	void (*reset)(struct hvsim_vm *vm);
	/* The date the board's RTC starts at (seconds since the Unix epoch). */
	uint64_t rtc_epoch;
};

/* The board -M names (boards.c: the table), or NULL. */
const struct board_ops *board_find(const char *name);

extern const struct board_ops board_arm64_virt;
extern const struct board_ops board_loongarch_virt;
extern const struct board_ops board_x86_virt;

struct hvsim_vm {
	struct hvsim_config cfg;
	const struct board_ops *board;
	void *board_state;           /* the board's own state (its devices) */
	struct mem_space mem;
	struct core_cache cache;
	struct core_events events;
	const struct core_timing *timing;
	struct core_vcpu *cpus[VM_MAX_CPUS];
	int n_cpus;
	bool cpu_on[VM_MAX_CPUS];
	unsigned stuck[VM_MAX_CPUS]; /* quanta in a row without a retired instruction */
	struct fb *fb;               /* with a display: the board's framebuffer */
	struct display *display;     /* and the window that shows it */
	uint32_t *fb_pixels;         /* the frame being shown */
	uint64_t fb_next;            /* virtual time of the next refresh */
	uint64_t fb_shown_ns;        /* host time of the last one */
	struct page_map *page_map;   /* cfg.page_map_live: the live page map (page_map.c) */
	struct display *page_map_display; /* and its window */
	struct hv_platform hvplat;   /* what the hypercall handlers may do (the board's callbacks) */
	struct hv_path hv;           /* the hypercall path (the board's routes) */
	hvsim_hcall_hook hook;
	void *hook_opaque;
	struct machine_debug *dbg;   /* debugger, traces, counters (debug.c); NULL: none */
	struct machine_faults *faults; /* fault injection (faults.c); NULL: none */
	struct machine_save *save;   /* a snapshot to take during the run (snapshot.c); NULL: none */
	struct machine_record *record; /* typed input recorded or replayed (console_record.c); NULL: none */
	/* The launch (launch.c): what the loaders placed, and the measurement once finalized. */
	struct vm_launch {
		struct { uint64_t gpa, len; } *loaded;
		size_t n_loaded, cap_loaded;
		bool finalized;
		uint64_t measured_pages;
		uint8_t measurement[HVSIM_MEASUREMENT_BYTES];
	} launch;
	struct machine_monitor *monitor; /* HMP and QMP (monitor.c); NULL: none */
	bool paused;                 /* stopped by the monitor: no vCPU runs until `cont` */
	bool reset_pending;          /* the guest asked for a reset: at the next quantum boundary */
	/* The boot images, loaded again at a reset: a kernel's paths, or an ELF's bytes. */
	char *boot_kernel, *boot_initrd, *boot_cmdline;
	void *boot_elf;
	size_t boot_elf_len;
	char reset_why[600];         /* why a reset could not boot again */
	uint64_t monitor_activity;   /* bytes typed to the monitor, commands it ran: a person is there */

	uint64_t now;                /* start of the current quantum (virtual time) */
	volatile sig_atomic_t signal; /* hvsim_vm_interrupt's signal, 0: none */
	char signal_why[48];
	uint64_t host_stopped_ns;    /* host time spent waiting for a person (input, debugger) */
	uint64_t run_start_ns;       /* host time hvsim_vm_run began (cfg.realtime's pacing) */
	int n_broken;                /* devices that gave up and wait for the driver's reset */
	uint64_t broken_since;       /* virtual ns the first of them gave up */
	char broken_why[256];        /* the report if the guest never resets it */
	bool shutdown;
	struct hvsim_result result;

	size_t panic_len;            /* where the console matcher is in vm.c's banners */
	char panic_why[160];         /* "guest kernel panic: ..." */
	size_t panic_why_len;

	uint8_t console_in[256];     /* typed bytes waiting for the console device */
	size_t console_in_n;
};

/* ---- what vm.c offers the boards ---- */

/* A byte the guest wrote to its console (to the user, and watched for a panic). */
void vm_console_out(struct hvsim_vm *vm, uint8_t byte);
/* End the run with a status and a reason (a string that outlives the VM). */
void vm_stop(struct hvsim_vm *vm, enum hvsim_status status, const char *why);
/* One past the last panic_len the console matcher can hold (a snapshot's is checked against it). */
size_t vm_panic_matcher_end(void);
/*
 * Can the machine reset (a board that can, not a protected VM, booted
 * from images it can load again)? If not, why in `why`.
 */
bool vm_can_reset(const struct hvsim_vm *vm, char *why, size_t len);
/*
 * Reset the machine now (between quanta only; a guest's request sets
 * vm->reset_pending instead): the board's reset, then the boot images
 * loaded again and CPU 0 started at the entry, as QEMU does. The monitor
 * is told (RESET). `guest`: the guest asked for it.
 */
void vm_reset(struct hvsim_vm *vm, bool guest);
/*
 * The guest asks for a reset: at the next quantum boundary, or, with
 * -no-reboot or a machine that cannot reset, the run ends (status 0, `why`).
 */
void vm_guest_reset(struct hvsim_vm *vm, const char *why);
/* Virtual time now, as the board's devices see it: the boot vCPU's clock in ns. */
uint64_t vm_now_ns(struct hvsim_vm *vm);
/* The date the RTC starts at (-rtc base=, or the board's fixed one), seconds since 1970. */
uint64_t vm_rtc_epoch(struct hvsim_vm *vm);
/* A vCPU's virtual time as wall-clock ns since the Unix epoch (the RTC's clock). */
uint64_t vm_wall_ns(struct hvsim_vm *vm, int vcpu);
/* The host's monotonic clock in ns (never guest-visible: output pacing, statistics). */
uint64_t vm_host_ns(void);
/*
 * What the create of a board without a display begins with: RAM between
 * 32M and 255G in whole pages, no display asked for, and the board's
 * zeroed state of `size` bytes in vm->board_state. 0, or HVSIM_BAD_INPUT /
 * HVSIM_ERROR with a message.
 */
int vm_board_begin(struct hvsim_vm *vm, size_t size, char *err, size_t errlen);
/*
 * The guest's RAM: the first `low` bytes at low_base ("lowmem"), the rest
 * at high_base ("highmem"), private in a protected VM. 0, or
 * HVSIM_BAD_INPUT with a message.
 */
int vm_add_ram(struct hvsim_vm *vm, uint64_t low_base, uint64_t low, uint64_t high_base,
	       char *err, size_t errlen);
/* Read a whole file for loading (kernel, initrd, device tree): malloc'ed, or NULL with a message. */
void *vm_read_file(const char *path, size_t *len, const char *what, char *err, size_t errlen);

/* ---- fault injection (faults.c) ---- */

/* Write the run's fault record (--fault-record), once the run has ended. */
void machine_faults_end(struct hvsim_vm *vm);
void machine_faults_free(struct hvsim_vm *vm);
/* Injected faults by rule, for vCPU vcpu (-1: all), as hvsim_vm_counters gives them. */
size_t machine_faults_counters(struct hvsim_vm *vm, int vcpu, struct hvsim_counter *out, size_t max);

/* ---- a confidential VM's launch (launch.c) ---- */

/* Measure what the loaders place (mem_space.loaded) until the launch is finalized. */
void machine_launch_init(struct hvsim_vm *vm);
void machine_launch_free(struct hvsim_vm *vm);

/* ---- snapshots (snapshot.c) ---- */

/* Between quanta: take the snapshot asked for if its moment (insns run, or the marker) has come. */
void machine_save_check(struct hvsim_vm *vm, uint64_t insns);
/* A byte the guest printed, matched against the marker a snapshot waits for. */
void machine_save_console(struct hvsim_vm *vm, uint8_t byte);
void machine_save_free(struct machine_save *sv);
/*
 * The configuration a snapshot or a console record needs the machine
 * that uses it to have: one "option value" line each, so that a
 * mismatch is named by its option.
 */
void machine_describe_config(const struct hvsim_vm *vm, char *buf, size_t len);

/* ---- typed console input recorded and replayed (console_record.c) ---- */

/* Replaying: the host's typing is not the run's input. */
bool machine_record_replaying(struct hvsim_vm *vm);
/* Replaying, with recorded input or a stop still to come: the guest is not idle for ever. */
bool machine_record_pending(struct hvsim_vm *vm);
/* At a quantum boundary (vm->now), before typed bytes go to the device: a replay's are due now. */
void machine_record_boundary(struct hvsim_vm *vm, uint64_t insns);
/* The console device took these n bytes at this boundary, `left` did not fit (a replay diverged). */
void machine_record_taken(struct hvsim_vm *vm, uint64_t insns, const uint8_t *bytes, size_t n,
			  size_t left);
/* The vCPUs ran the quantum up to `until` (the run, if it ends now, ends at that boundary). */
void machine_record_ran(struct hvsim_vm *vm, uint64_t until);
/* The run has ended (vm->result): where, for a replay to end there too. */
void machine_record_end(struct hvsim_vm *vm, uint64_t insns);
void machine_record_free(struct hvsim_vm *vm);

/* ---- the monitor (monitor.c) ---- */

/*
 * Serve the monitor's clients (accept, read, run their commands) for up to
 * timeout_ms (0: only what is waiting). Between quanta only. True if
 * anything came.
 */
bool machine_monitor_poll(struct hvsim_vm *vm, int timeout_ms);
/* Does a monitor socket exist (a client may come and act at any time)? */
bool machine_monitor_listening(const struct hvsim_vm *vm);
/* The run ended: tell the QMP client (its SHUTDOWN event, with QEMU's cause). */
void machine_monitor_end(struct hvsim_vm *vm);
/* The machine was reset: QMP's RESET event (`guest`: the guest asked). */
void machine_monitor_reset(struct hvsim_vm *vm, bool guest);
void machine_monitor_free(struct hvsim_vm *vm);

/* ---- page maps (page_map.c) ---- */

/*
 * Page i of RAM region r as --page-map draws it: "CODE", "SHARED",
 * "PRIVATE" or "NEVER TOUCHED" (the same pointer for the same state).
 */
const char *machine_page_state(const struct mem_region *r, uint64_t i);

struct page_map;
/*
 * A page map of vm's memory, drawn as it is now. live: a transition
 * listener marks the pages that change, and the picture has room for every
 * device region the guest could guard, so its size never changes (the
 * display's panel). NULL with a message if it cannot be made.
 */
struct page_map *machine_page_map_new(struct hvsim_vm *vm, bool live, char *err, size_t errlen);
/*
 * Bring the picture up to date: the pages transitions marked, a sweep of
 * a bounded share of the rest (a page's first touch and decoded code come
 * with no transition), the device strips if a page was guarded; `all`:
 * every page. True if a pixel changed.
 */
bool machine_page_map_update(struct page_map *pm, bool all);
/* The picture: w x h pixels 0x00RRGGBB, row after row. */
const uint32_t *machine_page_map_pixels(const struct page_map *pm, uint32_t *w, uint32_t *h);
/* As PNG: the rows the map uses now, or with `whole` the picture's full height. */
int machine_page_map_write(const struct page_map *pm, const char *path, bool whole, char *err,
			   size_t errlen);
void machine_page_map_free(struct page_map *pm);

/* ---- image loading (loader.c) ---- */

/*
 * A whole gzip stream (RFC 1952) unpacked into dst, which must be exactly
 * `size` bytes (the stream's ISIZE, or a header's word). 0, or
 * HVSIM_BAD_INPUT / HVSIM_ERROR with a message naming `what`.
 */
int machine_gunzip(const void *src, size_t len, void *dst, size_t size, const char *what,
		   char *err, size_t errlen);

/* Is [gpa, gpa + len) within RAM [base, base + size)? */
bool machine_in_ram(uint64_t base, uint64_t size, uint64_t gpa, uint64_t len);

/*
 * An ELF executable for machine `em` (EM_AARCH64...), its segments loaded
 * at their physical addresses, each within RAM [ram_base, ram_base +
 * ram_size). Returns 0 and the entry, or HVSIM_BAD_INPUT with a message.
 */
int machine_load_elf(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size, unsigned em,
		     const void *data, size_t len, uint64_t *entry, char *err, size_t errlen);
/*
 * The same for an ISA whose images name their physical addresses through
 * a direct-mapped window (LoongArch kernels are linked at 0x9000...): each
 * segment's address and the entry are taken as `addr & pa_mask`.
 */
int machine_load_elf_pa(struct mem_space *mem, uint64_t ram_base, uint64_t ram_size, unsigned em,
			uint64_t pa_mask, const void *data, size_t len, uint64_t *entry, char *err,
			size_t errlen);

#endif
