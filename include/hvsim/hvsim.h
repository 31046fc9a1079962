/*
 * hvsim's public C API. It reads like KVM: create a VM for a machine, load
 * images, create and run vCPUs until an exit, get and set registers by KVM
 * ONE_REG ids, hook hypercalls. The `hvsim` command line uses only this.
 */
#ifndef HVSIM_HVSIM_H
#define HVSIM_HVSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hvsim_vm;

#define HVSIM_VERSION "0.1.0"

/* Exit statuses of the command line and of hvsim_vm_run(). */
enum hvsim_status {
	HVSIM_OK = 0,            /* the guest powered off */
	HVSIM_ERROR = 1,         /* an internal error in hvsim */
	HVSIM_BAD_INPUT = 2,     /* bad option, missing or corrupt image */
	HVSIM_GUEST_PANIC = 3,   /* the guest reported a panic */
	HVSIM_TIMEOUT = 4,       /* instruction or time budget ran out */
};

#define HVSIM_CONSOLE_QUIT ((size_t)-1)
#define HVSIM_MAX_DRIVES 4
#define HVSIM_MAX_HOSTFWD 8
/* Confidential VMs (hvsim_vm_set_memory_attributes, hvsim_vm_finalize). */
#define HVSIM_MEMORY_ATTRIBUTE_PRIVATE (1ull << 3)   /* as KVM_MEMORY_ATTRIBUTE_PRIVATE */
#define HVSIM_MEASUREMENT_BYTES 48                  /* SHA-384 */

enum hvsim_coco { HVSIM_COCO_NONE, HVSIM_COCO_SNP };

struct hvsim_config {
	const char *machine;     /* a board hvsim_machine_list() names: "arm64-virt" */
	uint64_t ram_bytes;
	int smp;
	bool el2;                /* the guest owns EL2 (boots at EL2) */
	bool protected_vm;       /* pKVM-style: RAM starts private to the guest */
	/*
	 * A confidential x86 guest (--coco): HVSIM_COCO_SNP is AMD SEV-SNP
	 * (RAM private, assigned and validated at coco_vmpl), on x86-virt only.
	 */
	int coco;                /* enum hvsim_coco */
	int coco_vmpl;           /* SNP: the VMPL the guest runs at (0-3) */
	/*
	 * A protected VM without the restricted DMA pool in its device tree
	 * (-M virt,restricted-dma=off): what a guest that does not bounce its
	 * DMA through shared memory gives the (untrusted) devices.
	 */
	bool no_dma_pool;
	/*
	 * QEMU's -no-reboot: a reset (the guest's PSCI SYSTEM_RESET) ends the
	 * run. Otherwise the machine resets, as QEMU's does, on boards that can.
	 */
	bool no_reboot;
	const char *timing;      /* timing model name: "simple" (default), "ipc1" */
	uint64_t seed;           /* keys every random choice (ciphertext, faults) */
	uint64_t max_insns;      /* 0: unlimited */
	uint64_t quantum;        /* cycles per vCPU turn (0: default) */
	const char *dtb;         /* a device tree to pass instead of the generated one */
	/* Raw disk images on virtio-blk, in -drive order (the guest's vda, vdb, ...). */
	struct hvsim_drive {
		const char *file;
		bool readonly;
		bool snapshot;   /* writes go to a temporary overlay; the image stays */
	} drives[HVSIM_MAX_DRIVES];
	int n_drives;
	/*
	 * A virtio entropy device on x86-virt's PCI (-device virtio-rng-pci):
	 * there it is optional, so that a run without it keeps the guest's
	 * timing. The virtio-mmio boards always have theirs.
	 */
	bool virtio_rng;
	bool snapshot;           /* every disk as with hvsim_drive.snapshot (QEMU's -snapshot) */
	/*
	 * A virtio-net NIC (MAC 52:54:00:12:34:56) on user-mode networking
	 * (QEMU's -nic user): slirp's 10.0.2.0/24, the host at 10.0.2.2, and
	 * host ports forwarded into the guest. Without it there is no NIC.
	 */
	struct hvsim_net {
		bool user;
		struct hvsim_hostfwd {
			bool udp;
			uint32_t host_addr;      /* IPv4, host byte order; 0: every address */
			uint16_t host_port;
			uint32_t guest_addr;     /* 0: the guest's DHCP address, 10.0.2.15 */
			uint16_t guest_port;
		} hostfwd[HVSIM_MAX_HOSTFWD];
		int n_hostfwd;
	} net;
	/*
	 * Virtual time never runs ahead of the host's (QEMU's -icount sleep=on):
	 * an idle guest waits in real time, as a person at a prompt expects.
	 * Off (the default), idle time jumps to the next event: fast, and the
	 * same command line gives the same cycles.
	 */
	bool realtime;
	/* The RTC's start, seconds since the Unix epoch (-rtc base=); 0: the board's fixed date. */
	int64_t rtc_base;
	int gic_version;         /* arm64: the interrupt controller's version (0: the board's) */
	/* Guest console output (PL011 TX). NULL: dropped. */
	void (*console_out)(void *opaque, uint8_t byte);
	void *console_opaque;
	/*
	 * Console input, polled at quantum boundaries: copy up to max typed
	 * bytes into buf and return how many. With `wait` (every CPU sleeps and
	 * only input could wake the guest) block until input comes; return
	 * 0 then if none ever will (end of input). Return HVSIM_CONSOLE_QUIT
	 * to end the run (the user asked to quit). NULL: no console input.
	 */
	size_t (*console_poll)(void *opaque, uint8_t *buf, size_t max, bool wait);
	/*
	 * The display (QEMU's -display): NULL or "none" for none; "sdl" puts a
	 * framebuffer on the board (a simple-framebuffer in the device tree) and
	 * shows it in an SDL2 window (in builds with HVSIM_SDL).
	 */
	const char *display;
	/*
	 * With a display: guest RAM's page map (as hvsim_vm_page_map draws it)
	 * live in a second window, redrawn with the display as pages change.
	 */
	bool page_map_live;
};

/* The machines (boards) hvsim models, one per line: name (alias), description. For -M help. */
const char *hvsim_machine_list(void);

/* Create a VM. On failure returns NULL and writes a message naming the cause. */
struct hvsim_vm *hvsim_vm_create(const struct hvsim_config *cfg, char *err, size_t errlen);
void hvsim_vm_destroy(struct hvsim_vm *vm);

/*
 * Load the kernel: an ELF (entry from the ELF) or a raw arm64 Image (boot
 * protocol: x0 = device tree). initrd and cmdline may be NULL. Returns 0,
 * or HVSIM_BAD_INPUT with a message.
 */
int hvsim_vm_load_kernel(struct hvsim_vm *vm, const char *path, const char *initrd,
			 const char *cmdline, char *err, size_t errlen);
/* Load an ELF image from memory (the built-in demo). */
int hvsim_vm_load_elf_bytes(struct hvsim_vm *vm, const void *data, size_t len,
			    char *err, size_t errlen);

/* Why hvsim_vm_run() returned. */
struct hvsim_result {
	enum hvsim_status status;
	const char *why;         /* "guest powered off", "instruction limit reached", ... */
};

/* Run every vCPU until the guest powers off, panics, or a budget runs out. */
void hvsim_vm_run(struct hvsim_vm *vm, struct hvsim_result *res);
/*
 * Ask a running hvsim_vm_run to end at its next quantum boundary, as if
 * killed by signal `signo`: the result's status is 128 + signo and its
 * reason names the signal, and everything after the run (statistics,
 * traces) happens as on any other exit. Async-signal-safe: call it from a
 * signal handler.
 */
void hvsim_vm_interrupt(struct hvsim_vm *vm, int signo);
/* Is the guest stopped by the monitor (`stop`, or -S before `cont`)? */
bool hvsim_vm_paused(const struct hvsim_vm *vm);

/* ---- one vCPU at a time, as KVM_RUN ---- */
enum hvsim_exit_reason {
	HVSIM_EXIT_BUDGET,       /* the cycle or instruction budget of this run is used */
	HVSIM_EXIT_HALT,         /* WFI: waiting for an interrupt */
	HVSIM_EXIT_HYPERCALL,    /* answered by hvsim's hypervisor before returning */
	HVSIM_EXIT_SHUTDOWN,
	HVSIM_EXIT_INTERNAL,
};
enum hvsim_exit_reason hvsim_vcpu_run(struct hvsim_vm *vm, int vcpu, uint64_t cycles);

/*
 * Registers by KVM ONE_REG id. arm64 core registers are
 * KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offset in 32-bit
 * words into struct kvm_regs), e.g. PC 0x6030000000100040 and SPSR_FIQ
 * 0x6030000000100050; FP/SIMD V0-V31 are U128 at offsets 0x54 + 4n; system
 * registers are KVM_REG_ARM64_SYSREG ids (0x6030000000130000 | encoding).
 * Returns 0, or -1 for an unknown id or a size that does not match.
 */
int hvsim_get_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, void *val);
int hvsim_set_one_reg(struct hvsim_vm *vm, int vcpu, uint64_t id, const void *val);
/*
 * KVM_GET_REG_LIST: every id hvsim_get_one_reg answers for this vCPU, up to
 * max of them into ids; returns how many there are (call with max 0 to
 * size the array). arm64: the core and FP/SIMD registers, the firmware
 * pseudo-registers (PSCI version, the SMCCC workarounds, the service
 * bitmaps), CCSIDR by KVM_REG_ARM_DEMUX, the timer ids (KVM's
 * TIMER_CNT/TIMER_CVAL carry each other's encodings, as in KVM) and every
 * readable system register. Other boards list none yet.
 */
size_t hvsim_get_reg_list(struct hvsim_vm *vm, int vcpu, uint64_t *ids, size_t max);

/*
 * Observe or answer hypercalls before hvsim's hypervisor does: return true
 * if the hook answered (results[0..3] become x0-x3), false to pass it on.
 */
typedef bool (*hvsim_hcall_hook)(void *opaque, int vcpu, uint32_t fn, const uint64_t args[8],
				 uint64_t results[4]);
void hvsim_set_hypercall_hook(struct hvsim_vm *vm, hvsim_hcall_hook hook, void *opaque);

/* Host-side access to guest memory (a device's view: private pages are ciphertext). */
bool hvsim_host_read(struct hvsim_vm *vm, uint64_t gpa, void *buf, size_t len);
bool hvsim_host_write(struct hvsim_vm *vm, uint64_t gpa, const void *buf, size_t len);

/* Console input: bytes typed on the host, delivered at the next quantum boundary. */
void hvsim_console_input(struct hvsim_vm *vm, const uint8_t *bytes, size_t n);

struct hvsim_stats {
	uint64_t insns, cycles;
	uint64_t exceptions, hypercalls;
	uint64_t blocks_decoded, code_invalidations;
	uint64_t pages_private, pages_shared;
	uint64_t host_violations, page_transitions;
	uint64_t mmio_guarded;       /* pKVM: device pages the guest guarded (MMIO_GUARD) */
	uint64_t unguarded_mmio;     /* pKVM: device accesses refused for want of a guard */
	uint64_t guest_ns;           /* virtual time of the furthest vCPU */
	bool finalized;              /* hvsim_vm_finalize was called: the measurement is set */
	uint64_t measured_pages;
	uint8_t measurement[HVSIM_MEASUREMENT_BYTES];
	uint64_t host_stopped_ns;    /* host time the run waited for a person (typing, gdb) */
	/*
	 * SEV-SNP (--coco snp): pages PVALIDATE changed each way, pages each
	 * way by page state change, and the #VC exceptions taken, by cause
	 * (the SVM exit code's name), n_vc of them.
	 */
	bool snp;
	uint64_t pvalidated, invalidated, psc_to_private, psc_to_shared;
	struct hvsim_stat_count { const char *name; uint64_t count; } vc[24];
	unsigned n_vc;
	uint64_t rmp_faults;         /* nested page faults of failed RMP checks the hypervisor took */
	/* --coco snp,vmpl=N: the calls hvsim's SVSM took, by name, n_svsm of them. */
	struct hvsim_stat_count svsm[12];
	unsigned n_svsm;
};
void hvsim_vm_stats(struct hvsim_vm *vm, struct hvsim_stats *st);

/* Where each vCPU is, one line each, for "the guest stopped making progress" reports. */
void hvsim_vm_describe_cpus(struct hvsim_vm *vm, char *buf, size_t len);

/*
 * Snapshots (docs/snapshots.md): the whole machine -- vCPUs, devices,
 * timers, the event queue, page records and RAM (zstd) -- in a file that
 * only this hvsim build and the same configuration (board, -m, -smp, EL2,
 * pKVM, GIC version, timing, seed, disk, display) restore; anything else is
 * refused with HVSIM_BAD_INPUT naming the difference. A disk image's
 * contents are not in it: restore with the image as it was.
 *
 * hvsim_vm_save writes it now (between runs). hvsim_vm_save_at arranges
 * for hvsim_vm_run to write it at the first quantum boundary once `when`
 * has come -- an instruction count of all vCPUs ("500M") or "console:TEXT",
 * the guest's console having printed TEXT -- and the run goes on. The file
 * is created at once. hvsim_vm_restore, on a VM just created with the same
 * configuration and nothing loaded, makes it the saved machine; a run
 * from there is the saved run's continuation (same console output, same
 * instruction and cycle counts). After a failed restore destroy the VM.
 * Each returns 0, or HVSIM_BAD_INPUT / HVSIM_ERROR with a message.
 */
int hvsim_vm_save(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);
int hvsim_vm_save_at(struct hvsim_vm *vm, const char *when, const char *path, char *err,
		     size_t errlen);
int hvsim_vm_restore(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);

/*
 * Typed console input, the one input a run takes from the host at moments
 * the host picks (docs/snapshots.md). hvsim_vm_record logs each byte the
 * console device takes with its moment (the quantum boundary's virtual
 * time and the instruction count of all vCPUs there), and a stop from the
 * host (quit, signal); hvsim_vm_replay feeds a log back at the same moments
 * instead of the host's typing, so the run is the recorded one again.
 * Replay after hvsim_vm_restore to go on from a snapshot of the recorded
 * run. The file is written, or read and checked against this machine's
 * configuration, at once. Each returns 0, or HVSIM_BAD_INPUT with a message
 * (a replay that goes another way ends the run with HVSIM_BAD_INPUT too).
 */
int hvsim_vm_record(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);
int hvsim_vm_replay(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);

/* The framebuffer's picture now, as a PPM image. 0, or HVSIM_BAD_INPUT with a message. */
int hvsim_vm_screenshot(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);

/*
 * Guest RAM now as a PNG picture (machine/page_map.c): a square per page
 * coloured by state (private, shared, code, never touched), the device
 * pages the guest MMIO-guarded, a legend with counts and the addresses.
 * 0, or HVSIM_BAD_INPUT / HVSIM_ERROR with a message.
 */
int hvsim_vm_page_map(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);
/*
 * The live page map's window (cfg.page_map_live) as PNG, brought up to
 * date first: the same pixels hvsim_vm_page_map draws, with the window's
 * room below for device regions not guarded yet left white. HVSIM_BAD_INPUT
 * without a live page map or if path cannot be written.
 */
int hvsim_vm_page_map_panel(struct hvsim_vm *vm, const char *path, char *err, size_t errlen);

/*
 * ---- a confidential VM's launch (machine/launch.c) ----
 *
 * The life cycle KVM gives confidential VM types, ABI-neutral so that pKVM
 * protected VMs (protected_vm), SEV-SNP and TDX share it: set which guest
 * memory is private, load the initial private content, finalize (the
 * launch measurement is taken and the content can no longer change from
 * outside), then run. Pre-faulting memory means something only after
 * finalize (Documentation/virt/kvm/api.rst, KVM_PRE_FAULT_MEMORY): it is
 * refused before it for a confidential VM; a normal VM may pre-fault at any
 * time. Each returns 0, or HVSIM_BAD_INPUT with a message.
 */

/*
 * KVM_SET_MEMORY_ATTRIBUTES: make the pages of [gpa, gpa + size) private
 * (attributes HVSIM_MEMORY_ATTRIBUTE_PRIVATE) or shared (0). Page-aligned,
 * all of it guest RAM, no other attribute bits; a confidential VM's pages
 * belong to its guest once it is finalized.
 */
int hvsim_vm_set_memory_attributes(struct hvsim_vm *vm, uint64_t gpa, uint64_t size,
				   uint64_t attributes, char *err, size_t errlen);
/*
 * Initial content: len bytes at gpa, made private and measured (as SNP's
 * LAUNCH_UPDATE or TDX's TDH.MEM.PAGE.ADD). The loaders (kernel, initrd,
 * device tree) measure what they place the same way. Before finalize only.
 */
int hvsim_vm_load_private(struct hvsim_vm *vm, uint64_t gpa, const void *data, size_t len,
			  char *err, size_t errlen);
/*
 * End the launch: the measurement is SHA-384 over every loaded page that
 * is private now, in GPA order, each as its GPA (8 bytes, little-endian),
 * its attributes (8 bytes, little-endian) and its 4096 bytes of content.
 * `measurement` (may be NULL) receives it; hvsim_vm_stats reports it. Once.
 */
int hvsim_vm_finalize(struct hvsim_vm *vm, uint8_t measurement[HVSIM_MEASUREMENT_BYTES],
		      char *err, size_t errlen);
/* Is the VM confidential (its RAM starts private to the guest)? */
bool hvsim_vm_is_confidential(const struct hvsim_vm *vm);
/*
 * KVM_PRE_FAULT_MEMORY: back [gpa, gpa + size) with host memory now, so
 * the guest's first touch costs the host nothing more (page-aligned, guest
 * RAM). Guest-visible state does not change.
 */
int hvsim_vm_pre_fault_memory(struct hvsim_vm *vm, uint64_t gpa, uint64_t size, char *err,
			      size_t errlen);

/* ---- debugging and observability (machine/debug.c) ---- */

/* Trace items, by QEMU's -d names where QEMU has one. */
enum {
	HVSIM_LOG_IN_ASM = 1 << 0,   /* in_asm: each block when decoded, disassembled */
	HVSIM_LOG_EXEC = 1 << 1,     /* exec: each block executed */
	HVSIM_LOG_INSN = 1 << 2,     /* insn: each instruction executed, disassembled */
	HVSIM_LOG_CPU = 1 << 3,      /* cpu: the general registers before each block */
	HVSIM_LOG_INT = 1 << 4,      /* int: exceptions and interrupts */
	HVSIM_LOG_HCALL = 1 << 5,    /* hcall: hypercalls by name, arguments, result, cost */
	HVSIM_LOG_MMU = 1 << 6,      /* mmu: translation and permission faults */
	HVSIM_LOG_MEMATTR = 1 << 7,  /* memattr: page-attribute transitions */
	HVSIM_LOG_MMIO = 1 << 8,     /* mmio: device register accesses */
	HVSIM_LOG_FAULT = 1 << 9,    /* fault: each injected fault, its rule and what it did */
	HVSIM_LOG_HOST = 1 << 10,    /* host: host reads and writes of guest memory, violations */
};
/* An instruction count with an optional decimal suffix: 300M, 1.5G, 20k. */
bool hvsim_parse_count(const char *s, uint64_t *out);
/* "in_asm,int,hcall" into HVSIM_LOG_* bits; -1 with a message naming a bad item. */
int hvsim_log_parse(const char *items, unsigned *out, char *err, size_t errlen);
/* The items and what they show, one per line (for -d help). */
const char *hvsim_log_help(void);
/*
 * Trace-event categories, "hcall,exc,memattr,host,mmio,fault", into the
 * HVSIM_LOG_* bits of the same events; -1 with a message naming a bad one.
 */
int hvsim_trace_categories_parse(const char *list, unsigned *out, char *err, size_t errlen);

struct hvsim_debug_config {
	unsigned log_items;          /* HVSIM_LOG_* */
	const char *log_file;        /* -D: the text trace (NULL: stderr) */
	const char *events_file;     /* --trace-events: Chrome/Perfetto JSON (NULL: none) */
	unsigned event_items;        /* the HVSIM_LOG_* categories events keep (0: all) */
	const char *symbols;         /* ELF or System.map naming addresses (NULL: none) */
	bool symbols_optional;       /* a file without symbols is not an error (the kernel itself) */
	const char *filter;          /* -dfilter: START..END, START+LEN, START-LEN, SYMBOL, ... */
	const char *window;          /* --trace-window START:END, instructions of all vCPUs */
	bool counters;               /* count exceptions by class and hypercalls by name */
	const char *gdb;             /* gdb stub: "tcp::PORT" or "tcp:HOST:PORT" (NULL: none) */
	bool gdb_wait;               /* -S: wait for the debugger before the first instruction */
};
/*
 * Set up traces, counters and the gdb stub, after loading the kernel and
 * before hvsim_vm_run. Returns 0, or HVSIM_BAD_INPUT (HVSIM_ERROR if built
 * with HVSIM_TRACE=OFF) with a message.
 */
int hvsim_vm_debug(struct hvsim_vm *vm, const struct hvsim_debug_config *dc, char *err,
		   size_t errlen);

struct hvsim_vcpu_stats {
	uint64_t insns, cycles;
	uint64_t exceptions;         /* every exception and interrupt taken (with counters) */
	uint64_t hypercalls, hypercall_cycles;
};
/* One vCPU's statistics (vcpu -1: the whole VM). Returns 0, or -1 for a bad vcpu. */
int hvsim_vcpu_stats(struct hvsim_vm *vm, int vcpu, struct hvsim_vcpu_stats *st);

enum hvsim_counter_kind { HVSIM_COUNT_EXCEPTIONS, HVSIM_COUNT_HYPERCALLS, HVSIM_COUNT_FAULTS };
struct hvsim_counter {
	const char *name;            /* exception class ("SVC64", "IRQ") or hypercall name */
	uint64_t count, cycles;      /* cycles: hypercalls' modelled cost */
};
/*
 * The nonzero counters of a kind for a vCPU (-1: summed over the VM),
 * sorted by name, up to max into out; returns how many there are. Needs
 * hvsim_debug_config.counters (0 otherwise), except faults: injected faults
 * by rule name, counted whenever rules are set.
 */
size_t hvsim_vm_counters(struct hvsim_vm *vm, int vcpu, enum hvsim_counter_kind kind,
			 struct hvsim_counter *out, size_t max);

/* ---- fault injection (machine/faults.c; the rules: hv/fault.h, docs/faults.md) ---- */
struct hvsim_fault_config {
	const char *rules_file;      /* --faults: one JSON rule per line (NULL: none) */
	const char *const *specs;    /* --fault: one rule each, JSON or key=value,... */
	size_t n_specs;
	const char *record;          /* --fault-record: the run's faults as JSON (NULL: none) */
	/*
	 * --fault-seed: the injector's own seed (else the VM's). The VM's seed
	 * is machine state (memory keys, virtio-rng) a snapshot fixes; this
	 * one lets runs restored from one snapshot draw different faults.
	 */
	bool has_seed;
	uint64_t seed;
};
/*
 * Inject faults into this VM's hypercalls and page transitions, chosen by
 * rules and the seed (fc->seed, or the VM's); after loading and before hvsim_vm_run, which
 * writes the record when it returns. Returns 0, or HVSIM_BAD_INPUT with a
 * message naming the rule's file and line and what is wrong with it.
 */
int hvsim_vm_faults(struct hvsim_vm *vm, const struct hvsim_fault_config *fc, char *err,
		    size_t errlen);

/* ---- the monitor and QMP (machine/monitor.c; docs/user-guide.md) ---- */
struct hvsim_monitor_config {
	/*
	 * QEMU's human monitor (-monitor) and QMP (-qmp) on a socket:
	 * "unix:PATH,server[,nowait]" or "tcp:[HOST]:PORT,server[,nowait]".
	 * Without nowait, hvsim_vm_monitor waits for the first client, as
	 * QEMU does. NULL: none.
	 */
	const char *hmp;
	const char *qmp;
	/*
	 * The human monitor on the console too (-monitor stdio, -serial
	 * mon:stdio): its text goes to console_text, and the CLI hands it typed
	 * bytes with hvsim_monitor_input. NULL: none.
	 */
	void (*console_text)(void *opaque, const char *text, size_t len);
	void *console_opaque;
	bool console_echo;           /* echo typed bytes back (a terminal in raw mode) */
	bool start_stopped;          /* QEMU's -S: no instruction runs before `cont` */
};
/*
 * Open the monitors, after loading and before hvsim_vm_run, which runs
 * their commands between quanta. 0, or HVSIM_BAD_INPUT with a message
 * naming the option and what is wrong with it.
 */
int hvsim_vm_monitor(struct hvsim_vm *vm, const struct hvsim_monitor_config *mc, char *err,
		     size_t errlen);
/* The console switches to the monitor (its banner and prompt are shown) or back. */
void hvsim_monitor_console(struct hvsim_vm *vm, bool shown);
/* Bytes typed to the console's monitor: each whole line is a command. */
void hvsim_monitor_input(struct hvsim_vm *vm, const uint8_t *bytes, size_t n);

#endif
