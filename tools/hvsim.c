/*
 * The hvsim command line, in QEMU's style, on the public API only.
 */
#define _GNU_SOURCE   /* strptime, timegm, tm_gmtoff */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "hvsim/hvsim.h"
#include "tools/net_args.h"

extern const unsigned char hvsim_demo_elf[];
extern const size_t hvsim_demo_elf_len;

static const char usage[] =
	"usage: hvsim [options]\n"
	"  With no options, runs the built-in demo guest.\n"
	"\n"
	"  -M, -machine NAME[,PROP=VALUE...]  board: arm64-virt (alias: virt); -M help lists\n"
	"                       them; properties: virtualization=on|off (on: as --el2),\n"
	"                       gic-version=2|3 (a GICv2 or a GICv3, the default),\n"
	"                       restricted-dma=on|off (--pkvm's DMA pool; off: none)\n"
	"  -m SIZE              guest RAM, e.g. 512M, 1G (default 128M)\n"
	"  -smp N               number of CPUs, 1-8 (default 1)\n"
	"  -cpu cortex-a57      the CPU model (the only one; -cpu help lists it)\n"
	"  -accel tcg           accepted: hvsim is an interpreter, as QEMU's TCG is\n"
	"  -kernel FILE         ELF executable or arm64 Linux Image (or gzip'ed Image)\n"
	"  -initrd FILE         initial ramdisk (with an Image)\n"
	"  -append CMDLINE      kernel command line (with an Image; refused with an ELF)\n"
	"  -dtb FILE            pass this device tree instead of the generated one\n"
	"  -drive file=IMG[,format=raw][,readonly=on][,snapshot=on]\n"
	"                       a raw disk image on virtio-blk; each -drive adds a disk\n"
	"                       (vda, vdb, ...; at most 4)\n"
	"  -snapshot            disks' writes go to a temporary overlay, the images stay\n"
	"  -nic user[,hostfwd=[tcp|udp]:[HOSTADDR]:PORT-[GUESTADDR]:PORT]...\n"
	"                       a virtio-net NIC on user-mode networking (slirp: the host\n"
	"                       is 10.0.2.2, the guest 10.0.2.15 by DHCP); -nic none: no\n"
	"                       NIC (the default); or -netdev user,id=ID[,hostfwd=...]\n"
	"                       with -device virtio-net-device,netdev=ID\n"
	"  -device help         list the devices\n"
	"  -pidfile FILE        write hvsim's process id to FILE (removed at exit)\n"
	"  -display sdl|none    sdl: a framebuffer shown in an SDL window; none (default)\n"
	"                       sdl,page-map=on: and guest RAM's page map live in a second\n"
	"                       window (as --page-map draws it)\n"
	"  -nographic           no display; the console is on stdio (as it always is)\n"
	"  -serial mon:stdio    the console on stdio, Ctrl-A c switches to the monitor (the\n"
	"                       default); -serial stdio: without the monitor; -serial none\n"
	"                       (or null): the guest's output is dropped\n"
	"  -monitor SPEC        QEMU's human monitor: stdio (on the console, shown first),\n"
	"                       unix:PATH,server[,nowait] or tcp:[HOST]:PORT,server[,nowait]\n"
	"                       (without nowait the guest starts once a client connects)\n"
	"  -qmp SPEC            QEMU's machine protocol (QMP) on a socket, same forms\n"
	"  -no-reboot           exit when the guest resets (default: the machine resets)\n"
	"  --el2                start the guest at EL2 (it owns the hypervisor level)\n"
	"  --pkvm               protected VM: guest RAM starts private to the guest\n"
	"  --coco snp[,vmpl=N]  AMD SEV-SNP guest on -M x86-virt (RAM private and validated;\n"
	"                       vmpl: the VMPL it runs at, 0 (default) to 3, above 0 under\n"
	"                       hvsim's SVSM; cc-blob-magic=N: the CC blob's magic written\n"
	"                       wrong, as a faulty bootloader would)\n"
	"  --timing MODEL       timing model: simple (default), ipc1\n"
	"  -icount sleep=on|off on: idle time passes in real time (the default when stdin\n"
	"                       is a terminal); off: it jumps to the next event, and the\n"
	"                       same command line gives the same cycles (the default else)\n"
	"  -rtc base=utc|localtime|DATE  the RTC's start (default: a fixed date,\n"
	"                       2026-01-01T00:00:00, so that runs repeat)\n"
	"  --seed N             seed of every random choice (default 0)\n"
	"  --max-insns N        stop after N instructions, e.g. 500M (exit status 4)\n"
	"  --save-at WHEN FILE  write a snapshot at the first quantum after WHEN (N instructions,\n"
	"                       e.g. 500M, or console:TEXT) and run on (docs/snapshots.md)\n"
	"  --restore FILE       start from a snapshot (same options as the saving run; no image\n"
	"                       is loaded)\n"
	"  --record FILE        log typed console input with the moment the guest took it\n"
	"  --replay FILE        feed a --record log back instead of the terminal's typing\n"
	"  --stats FILE         write run statistics as JSON\n"
	"  --faults FILE        inject faults by the rules in FILE, one JSON object per line\n"
	"                       (docs/faults.md); chosen with --seed, or --fault-seed N: the\n"
	"                       faults' own seed, so runs from one snapshot draw other faults\n"
	"  --fault RULE         one more rule: JSON, or key=value,... (call=smccc/PSCI_CPU_ON,\n"
	"                       action=fail); may be repeated\n"
	"  --fault-record FILE  write the run's injected faults and outcome as JSON\n"
	"  -s                   gdb stub on tcp::1234 (short for -gdb tcp::1234)\n"
	"  -gdb tcp::PORT       gdb stub on PORT of 127.0.0.1 (tcp:HOST:PORT: on HOST)\n"
	"  -S                   wait for gdb before the first instruction (without gdb:\n"
	"                       stopped until the monitor's cont)\n"
	"  -d ITEMS             trace items, comma-separated (-d help lists them)\n"
	"  -D FILE              write the trace to FILE (default: stderr)\n"
	"  -dfilter RANGES      trace only at START..END, START+LEN, START-LEN, SYMBOL,...\n"
	"  --trace-window S:E   trace only from instruction S to E of all CPUs (100M:101M)\n"
	"  --trace-events FILE[,cat=LIST]  hypercalls, exceptions, MMIO, page transitions\n"
	"                       and host accesses as Chrome/Perfetto trace events on\n"
	"                       virtual time (JSON); cat= keeps only the categories in LIST:\n"
	"                       hcall,exc,memattr,host,mmio,fault (default: all)\n"
	"  --symbols FILE       ELF, System.map or kallsyms file for trace addresses\n"
	"                       (default: -kernel)\n"
	"  --screenshot FILE    at exit, write the framebuffer as a PPM image (-display sdl)\n"
	"  --page-map FILE.png  at exit, write guest RAM as a picture: a square per page by state\n"
	"  --screenshot-page-map FILE.png  at exit, write the live page map's window as PNG\n"
	"                       (-display sdl,page-map=on)\n"
	"  --demo               run the built-in demo guest\n"
	"  -h, --help           this text\n"
	"  --version            hvsim's version\n"
	"\n"
	"exit status: 0 guest powered off, 1 internal error, 2 bad input,\n"
	"             3 guest panic, 4 instruction limit reached or no progress,\n"
	"             128+N killed by signal N (after writing --stats and traces)\n";

#define HVSIM_STR2(x) #x
#define HVSIM_STR(x) HVSIM_STR2(x)

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "hvsim: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'hvsim --help'.\n");
	return HVSIM_BAD_INPUT;
}

static bool parse_u64(const char *s, uint64_t *out);

/* --coco snp[,vmpl=N][,cc-blob-magic=N]: the confidential architecture and its options; 0, or exit 2 naming the bad part. */
static int parse_coco(const char *val, struct hvsim_config *cfg)
{
	char buf[64];
	if (strlen(val) >= sizeof(buf))
		return bad("--coco '%s': too long", val);
	strcpy(buf, val);
	char *save = NULL, *part = strtok_r(buf, ",", &save);
	if (!part || strcmp(part, "snp"))
		return bad("--coco '%s': the architecture is snp (AMD SEV-SNP)", part ? part : val);
	cfg->coco = HVSIM_COCO_SNP;
	while ((part = strtok_r(NULL, ",", &save))) {
		uint64_t magic;
		if (!strncmp(part, "vmpl=", 5) && part[5] >= '0' && part[5] <= '3' && !part[6])
			cfg->coco_vmpl = part[5] - '0';
		else if (!strncmp(part, "cc-blob-magic=", 14) && parse_u64(part + 14, &magic) &&
			 magic <= UINT32_MAX) {
			cfg->coco_cc_blob_magic_set = true;
			cfg->coco_cc_blob_magic = (uint32_t)magic;
		} else
			return bad("--coco: bad option '%s' (vmpl=0..3, cc-blob-magic=0..0xffffffff)", part);
	}
	return 0;
}

/*
 * -display NAME[,OPTION...]: QEMU's options after the name (gl=on and the
 * like) are accepted and ignored; page-map=on|off is hvsim's own.
 */
static int parse_display(const char *spec, struct hvsim_config *cfg)
{
	static char name[256];
	snprintf(name, sizeof(name), "%s", spec);
	char *opts = strchr(name, ','), *save = NULL;
	if (opts)
		*opts++ = 0;
	cfg->display = name;
	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o; o = strtok_r(NULL, ",", &save)) {
		if (strncmp(o, "page-map=", 9))
			continue;
		if (strcmp(o + 9, "on") && strcmp(o + 9, "off"))
			return bad("-display: page-map=%s: give on or off", o + 9);
		cfg->page_map_live = !strcmp(o + 9, "on");
	}
	return 0;
}

/* QEMU's size syntax: a number with an optional K/M/G/T suffix; plain numbers are MiB. */
static bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	unsigned shift = 20;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	case 'b': case 'B': shift = 0; end++; break;
	case 0: break;
	default: return false;
	}
	if (*end == 'i' || *end == 'B')
		end++;
	if (*end || v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-')
		return false;
	*out = v;
	return true;
}

/*
 * QEMU's -drive syntax, the subset hvsim models: a raw image on virtio.
 * file=PATH is required; format=raw, if=virtio, readonly=on|off accepted.
 */
static int parse_drive(const char *spec, struct hvsim_config *cfg)
{
	static char bufs[HVSIM_MAX_DRIVES][4096];
	if (cfg->n_drives == HVSIM_MAX_DRIVES)
		return bad("-drive '%s': at most " HVSIM_STR(HVSIM_MAX_DRIVES) " disks", spec);
	struct hvsim_drive *d = &cfg->drives[cfg->n_drives];
	char *buf = bufs[cfg->n_drives];
	snprintf(buf, sizeof(bufs[0]), "%s", spec);
	const char *file = NULL;
	for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
		if (!strncmp(tok, "file=", 5))
			file = tok + 5;
		else if (!strcmp(tok, "format=raw") || !strcmp(tok, "if=virtio") ||
			 !strcmp(tok, "readonly=off"))
			continue;
		else if (!strncmp(tok, "format=", 7))
			return bad("-drive %s: hvsim reads raw images only "
				   "(qemu-img convert -O raw makes one)", tok);
		else if (!strcmp(tok, "readonly=on") || !strcmp(tok, "readonly"))
			d->readonly = true;
		else if (!strcmp(tok, "snapshot=on") || !strcmp(tok, "snapshot"))
			d->snapshot = true;
		else if (!strcmp(tok, "snapshot=off"))
			continue;
		else
			return bad("bad -drive '%s' (want file=PATH[,format=raw][,if=virtio][,readonly=on])",
				   spec);
	}
	if (!file || !*file)
		return bad("-drive '%s' names no file=PATH", spec);
	d->file = file;
	cfg->n_drives++;
	return 0;
}

/*
 * QEMU's machine properties after the board's name: "virt,virtualization=on,
 * gic-version=3". A property hvsim does not model is refused, not ignored.
 */
static int parse_machine(const char *spec, struct hvsim_config *cfg)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec);
	char *save = NULL;
	cfg->machine = strtok_r(buf, ",", &save);
	if (!cfg->machine)
		return bad("bad -M '%s'", spec);
	for (char *prop; (prop = strtok_r(NULL, ",", &save));) {
		char *eq = strchr(prop, '=');
		const char *value = eq ? eq + 1 : "on";
		if (eq)
			*eq = 0;
		bool on = !strcmp(value, "on") || !strcmp(value, "yes") || !strcmp(value, "true");
		bool off = !strcmp(value, "off") || !strcmp(value, "no") || !strcmp(value, "false");
		uint64_t n;
		if (!strcmp(prop, "virtualization") && (on || off))
			cfg->el2 = on;
		else if (!strcmp(prop, "gic-version") && parse_u64(value, &n) && n > 0 && n < 100)
			cfg->gic_version = (int)n;
		else if (!strcmp(prop, "restricted-dma") && (on || off))
			cfg->no_dma_pool = off;   /* hvsim's own: --pkvm's pool (docs/user-guide.md) */
		else if (!strcmp(prop, "virtualization") || !strcmp(prop, "gic-version") ||
			 !strcmp(prop, "restricted-dma"))
			return bad("bad value in -M '%s' (virtualization=on|off, gic-version=2|3, "
				   "restricted-dma=on|off)", spec);
		else
			return bad("unknown machine property '%s' (supported: virtualization, gic-version, "
				   "restricted-dma)", prop);
	}
	return 0;
}

/*
 * QEMU's -icount, the part hvsim models: sleep=on|off (does idle time pass
 * in real time); shift=auto is accepted (hvsim's timing model sets the
 * clock). Returns 0, or bad()'s status.
 */
static int parse_icount(const char *spec, bool *realtime, bool *given)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "sleep=on") || !strcmp(tok, "sleep=off")) {
			*realtime = !strcmp(tok, "sleep=on");
			*given = true;
		} else if (strcmp(tok, "shift=auto") && strcmp(tok, "auto")) {
			return bad("-icount: '%s' is not modelled (sleep=on|off; the clock comes from "
				   "--timing)", tok);
		}
	}
	return 0;
}

/* QEMU's -rtc base=utc|localtime|DATE (DATE: 2006-06-17T16:01:21 or 2006-06-17). */
static int parse_rtc(const char *spec, int64_t *base)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strcmp(tok, "clock=vm"))
			continue;   /* virtual time is what hvsim's RTC counts */
		if (strncmp(tok, "base=", 5))
			return bad("-rtc: '%s' is not modelled (base=utc|localtime|DATE)", tok);
		const char *v = tok + 5;
		time_t now = time(NULL);
		struct tm tm = { 0 };
		if (!strcmp(v, "utc")) {
			*base = (int64_t)now;
		} else if (!strcmp(v, "localtime")) {
			localtime_r(&now, &tm);
			*base = (int64_t)now + tm.tm_gmtoff;   /* the RTC shows local wall time */
		} else {
			const char *end = strptime(v, "%Y-%m-%dT%H:%M:%S", &tm);
			if (!end || *end) {
				memset(&tm, 0, sizeof(tm));
				end = strptime(v, "%Y-%m-%d", &tm);
			}
			if (!end || *end || tm.tm_year < 70)
				return bad("-rtc: bad date '%s' (want 2006-06-17T16:01:21 or 2006-06-17, "
					   "from 1970)", v);
			*base = (int64_t)timegm(&tm);
		}
	}
	return 0;
}

/* -accel: hvsim interprets, as QEMU's TCG does; a hardware accelerator it cannot offer. */
static bool accel_ok(const char *spec)
{
	return !strcmp(spec, "tcg") || !strncmp(spec, "tcg,", 4);
}

static const char device_help[] =
	"Devices on the boards (each is always present, but the disk):\n"
	"  virtio-blk-device     a disk: -drive file=IMG[,format=raw][,readonly=on]\n"
	"  virtio-rng-device     entropy (seeded by --seed)\n"
	"  virtio-serial-device  a virtio console (hvc0), on the console\n"
	"  pl011                 the UART (ttyAMA0), on the console\n"
	"  pl031                 the real-time clock\n"
	"  gicv3 (gicv2, its)    the interrupt controller (-M virt,gic-version=2: a GICv2)\n"
	"  simple-framebuffer    with -display sdl\n"
	"  virtio-net-device     a NIC: -nic user, or -device virtio-net-device,netdev=ID\n"
	"                        with -netdev user,id=ID\n"
	"On x86-virt the same devices are virtio-pci functions (no console), and\n"
	"only when asked for: -drive, -nic user, and -device virtio-rng-pci\n"
	"(,iommu_platform=off: without VIRTIO_F_ACCESS_PLATFORM, which an SNP guest refuses).\n"
	"-device adds only the NIC and x86-virt's rng: give a disk with -drive.\n";

/* -pidfile: the file is removed when hvsim exits on its own terms. */
static const char *pidfile;

static void remove_pidfile(void)
{
	unlink(pidfile);
}

static bool write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "%d\n", (int)getpid());
	if (fclose(f) != 0)
		return false;
	pidfile = path;
	atexit(remove_pidfile);
	return true;
}

static int console_last = '\n';
static bool console_tty;   /* stdout is a terminal: every byte shows at once */

/*
 * The guest's console on stdout. To a terminal every byte goes out as it
 * comes (a prompt, an echoed key, a full-screen program's escape codes);
 * to a pipe or a file, a line at a time.
 */
static bool console_none;  /* -serial none|null: the guest's output goes nowhere */

static void console_out(void *opaque, uint8_t byte)
{
	console_last = byte;
	if (console_none)
		return;
	putchar(byte);
	if (console_tty || byte == '\n')
		fflush(stdout);
}

/*
 * The console on stdio, as QEMU's -nographic: a terminal is put in raw mode
 * so keys reach the guest (Ctrl-C too); Ctrl-A x quits hvsim, Ctrl-A c
 * switches between the guest and the monitor, Ctrl-A h lists the keys.
 */
static struct termios saved_tty;
static bool tty_raw;
static bool stdin_eof;
static bool quit_requested;
static bool mon_mux = true;   /* Ctrl-A c reaches the monitor (-serial mon:stdio) */
static bool mon_shown;        /* typed bytes go to the monitor, not the guest */
static struct hvsim_vm *running_vm;

static const char ctrl_a_help[] =
	"\nC-a h    print this help\n"
	"C-a x    exit hvsim\n"
	"C-a c    switch between the console and the monitor\n"
	"C-a C-a  send C-a to the guest\n";

/* The monitor's text on the console. */
static void monitor_text(void *opaque, const char *text, size_t len)
{
	(void)opaque;
	fwrite(text, 1, len, stdout);
	fflush(stdout);
	console_last = len ? text[len - 1] : console_last;
}

static void tty_restore(void)
{
	if (tty_raw)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
	tty_raw = false;
}

static void tty_setup(void)
{
	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) != 0)
		return;
	struct termios raw = saved_tty;
	cfmakeraw(&raw);
	raw.c_oflag |= OPOST | ONLCR;   /* keep "\n" -> "\r\n" for our own messages */
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0) {
		tty_raw = true;
		atexit(tty_restore);
	}
}

/*
 * The status line: with stderr a terminal that the console does not share
 * (the console in a file, or -serial none), a long run shows on one line
 * of stderr, refreshed about once a second: guest time, instructions, MIPS
 * and whether the guest runs, waits for input or is stopped by the monitor.
 * Cleared before hvsim's own messages at exit. Host-side only: the guest
 * sees nothing of it.
 */
static bool progress_on;
static double progress_t0, progress_next;
static bool progress_shown;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress_start(void)
{
	progress_on = isatty(STDERR_FILENO) && (console_none || !isatty(STDOUT_FILENO));
	progress_t0 = now_seconds();
	progress_next = progress_t0 + 1.0;
}

static void progress_tick(bool idle)
{
	if (!progress_on)
		return;
	double now = now_seconds();
	if (now < progress_next)
		return;
	progress_next = now + 1.0;
	struct hvsim_stats st;
	hvsim_vm_stats(running_vm, &st);
	double run = now - progress_t0 - st.host_stopped_ns / 1e9;
	fprintf(stderr, "\r\033[Khvsim: %.3f s of guest time, %" PRIu64 " instructions, %.1f MIPS, %s",
		st.guest_ns / 1e9, st.insns, run > 0 ? st.insns / run / 1e6 : 0.0,
		hvsim_vm_paused(running_vm) ? "paused (monitor)" : idle ? "idle (waiting for input)" :
		"running");
	progress_shown = true;
}

static void progress_clear(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = false;
	progress_on = false;
}

static volatile sig_atomic_t caught_signal;

/*
 * Is there input? With `wait`, block until there is, or until a signal
 * asks the run to end: the flag is looked at every 100 ms, since a signal
 * that came just before the wait interrupts nothing.
 */
static bool stdin_readable(bool wait)
{
	do {
		fd_set fds;
		FD_ZERO(&fds);
		FD_SET(STDIN_FILENO, &fds);
		struct timeval tv = { 0, wait ? 100000 : 0 };
		int n = select(STDIN_FILENO + 1, &fds, NULL, NULL, &tv);
		if (n > 0)
			return true;
		if (n < 0 && errno != EINTR)
			return false;
		progress_tick(wait);
	} while (wait && !caught_signal);
	return false;
}

/* Typed bytes for the guest into buf; *to_monitor: some went to the monitor. */
static size_t read_keys(uint8_t *buf, size_t max, bool wait, bool *to_monitor)
{
	static bool ctrl_a;
	if (quit_requested)
		return HVSIM_CONSOLE_QUIT;
	if (stdin_eof)
		return 0;
	if (!stdin_readable(wait))
		return 0;
	uint8_t in[64];
	ssize_t got = read(STDIN_FILENO, in, max < sizeof(in) ? max : sizeof(in));
	if (got <= 0) {
		stdin_eof = true;
		return 0;
	}
	size_t n = 0;
	for (ssize_t i = 0; i < got; i++) {
		if (tty_raw && ctrl_a) {
			ctrl_a = false;
			if (in[i] == 'x') {
				quit_requested = true;
				return HVSIM_CONSOLE_QUIT;
			}
			if (in[i] == 'c' && mon_mux) {
				mon_shown = !mon_shown;
				hvsim_monitor_console(running_vm, mon_shown);
				*to_monitor = true;
				continue;
			}
			if (in[i] == 'h') {
				monitor_text(NULL, ctrl_a_help, sizeof(ctrl_a_help) - 1);
				continue;
			}
			if (in[i] != 1)
				continue;
		} else if (tty_raw && in[i] == 1) {
			ctrl_a = true;
			continue;
		}
		if (mon_shown) {
			hvsim_monitor_input(running_vm, &in[i], 1);
			*to_monitor = true;
		} else {
			buf[n++] = in[i];
		}
	}
	return n;
}

static size_t console_poll(void *opaque, uint8_t *buf, size_t max, bool wait)
{
	(void)opaque;
	progress_tick(wait);
	/*
	 * Keys for hvsim alone (Ctrl-A h, a lone Ctrl-A) are not the end of
	 * input: a wait goes on until the guest or the monitor gets something.
	 */
	for (;;) {
		bool to_monitor = false;
		size_t n = read_keys(buf, max, wait, &to_monitor);
		if (n || !wait || to_monitor || stdin_eof || quit_requested || caught_signal)
			return n;
	}
}

/*
 * SIGINT, SIGTERM and SIGHUP (a timeout, CI, Ctrl-C on a pipe) end the run
 * through its normal exit: the summary, --stats, closed traces, the
 * terminal restored, and the conventional status 128 + the signal.
 */
static void on_signal(int signo)
{
	caught_signal = signo;
	hvsim_vm_interrupt(running_vm, signo);
}

static void catch_signals(struct hvsim_vm *vm)
{
	running_vm = vm;
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* A JSON string: quotes, backslashes and control characters escaped (RFC 8259 7). */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* Counters by name: { "SVC64": 3, ... }, or with cycles for hypercalls. */
static void json_counters(FILE *f, struct hvsim_vm *vm, int vcpu, enum hvsim_counter_kind kind)
{
	struct hvsim_counter c[512];
	size_t n = hvsim_vm_counters(vm, vcpu, kind, c, 512);
	fputc('{', f);
	for (size_t i = 0; i < n && i < 512; i++) {
		fputs(i ? ", " : " ", f);
		json_str(f, c[i].name);
		fputs(": ", f);
		if (kind == HVSIM_COUNT_HYPERCALLS)
			fprintf(f, "{ \"count\": %" PRIu64 ", \"cycles\": %" PRIu64 " }", c[i].count,
				c[i].cycles);
		else
			fprintf(f, "%" PRIu64, c[i].count);
	}
	fprintf(f, "%s}", n ? " " : "");
}

/* Exceptions by class and hypercalls by name, in total and per vCPU. */
static void write_stats_detail(FILE *f, struct hvsim_vm *vm, int n_vcpus)
{
	struct hvsim_vcpu_stats s;
	hvsim_vcpu_stats(vm, -1, &s);
	fprintf(f, "  \"hypercall_cycles\": %" PRIu64 ",\n  \"exceptions_by_class\": ",
		s.hypercall_cycles);
	json_counters(f, vm, -1, HVSIM_COUNT_EXCEPTIONS);
	fprintf(f, ",\n  \"hypercalls_by_name\": ");
	json_counters(f, vm, -1, HVSIM_COUNT_HYPERCALLS);
	fprintf(f, ",\n  \"faults_by_rule\": ");
	json_counters(f, vm, -1, HVSIM_COUNT_FAULTS);
	fprintf(f, ",\n  \"vcpus\": [");
	for (int i = 0; i < n_vcpus; i++) {
		hvsim_vcpu_stats(vm, i, &s);
		fprintf(f, "%s\n    { \"vcpu\": %d, \"instructions\": %" PRIu64 ", \"cycles\": %" PRIu64
			", \"exceptions\": %" PRIu64 ", \"hypercalls\": %" PRIu64
			", \"hypercall_cycles\": %" PRIu64 ",\n      \"exceptions_by_class\": ", i ? "," : "",
			i, s.insns, s.cycles, s.exceptions, s.hypercalls, s.hypercall_cycles);
		json_counters(f, vm, i, HVSIM_COUNT_EXCEPTIONS);
		fprintf(f, ",\n      \"hypercalls_by_name\": ");
		json_counters(f, vm, i, HVSIM_COUNT_HYPERCALLS);
		fprintf(f, " }");
	}
	fprintf(f, "\n  ]\n");
}

/* Host seconds the guest ran: the run less its waits for a person (typing, gdb). */
static double running_seconds(const struct hvsim_stats *st, double secs)
{
	double run = secs - st->host_stopped_ns / 1e9;
	return run > 0 ? run : 0;
}

static double mips(const struct hvsim_stats *st, double secs)
{
	double run = running_seconds(st, secs);
	return run > 0 ? st->insns / run / 1e6 : 0.0;
}

/* Host-dependent figures share one line, so determinism checks can drop it. */
static bool write_stats(FILE *f, struct hvsim_vm *vm, int n_vcpus,
			const struct hvsim_stats *st, double secs, const struct hvsim_result *res)
{
	struct hvsim_vcpu_stats all;
	hvsim_vcpu_stats(vm, -1, &all);
	fputs("{\n  \"result\": ", f);
	json_str(f, res->why);
	fprintf(f, ",\n  \"exit_status\": %d,\n", res->status);
	fprintf(f, "  \"instructions\": %" PRIu64 ",\n  \"cycles\": %" PRIu64 ",\n", st->insns, st->cycles);
	fprintf(f, "  \"guest_seconds\": %.9f,\n", st->guest_ns / 1e9);
	fprintf(f, "  \"host_seconds\": %.6f, \"running_seconds\": %.6f,\n  \"mips\": %.1f,\n",
		secs, running_seconds(st, secs), mips(st, secs));
	fprintf(f, "  \"exceptions\": %" PRIu64 ",\n  \"hypercalls\": %" PRIu64 ",\n",
		all.exceptions, st->hypercalls);
	fprintf(f, "  \"blocks_decoded\": %" PRIu64 ",\n  \"code_invalidations\": %" PRIu64 ",\n",
		st->blocks_decoded, st->code_invalidations);
	fprintf(f, "  \"pages\": { \"private\": %" PRIu64 ", \"shared\": %" PRIu64 " },\n",
		st->pages_private, st->pages_shared);
	fprintf(f, "  \"page_transitions\": %" PRIu64 ",\n  \"host_violations\": %" PRIu64 ",\n",
		st->page_transitions, st->host_violations);
	fprintf(f, "  \"mmio_guarded\": %" PRIu64 ",\n  \"unguarded_mmio\": %" PRIu64 ",\n",
		st->mmio_guarded, st->unguarded_mmio);
	if (st->snp) {
		fprintf(f, "  \"snp\": { \"pvalidated\": %" PRIu64 ", \"invalidated\": %" PRIu64
			", \"psc_to_private\": %" PRIu64 ", \"psc_to_shared\": %" PRIu64
			", \"rmp_faults\": %" PRIu64 ",\n    \"vc_by_exit_code\": {",
			st->pvalidated, st->invalidated, st->psc_to_private, st->psc_to_shared, st->rmp_faults);
		for (unsigned i = 0; i < st->n_vc; i++)
			fprintf(f, "%s \"%s\": %" PRIu64, i ? "," : "", st->vc[i].name, st->vc[i].count);
		fprintf(f, " }");
		if (st->n_svsm)
			fprintf(f, ",\n    \"svsm_calls\": {");
		for (unsigned i = 0; i < st->n_svsm; i++)
			fprintf(f, "%s \"%s\": %" PRIu64, i ? "," : "", st->svsm[i].name, st->svsm[i].count);
		if (st->n_svsm)
			fprintf(f, " }");
		fprintf(f, ",\n    \"guest_requests\": { \"reports\": %" PRIu64 ", \"keys\": %" PRIu64
			", \"refused\": %" PRIu64 ", \"msg_seqno\": [%" PRIu64 ", %" PRIu64 ", %" PRIu64
			", %" PRIu64 "] },\n    \"signing_key\": \"", st->snp_reports, st->snp_keys,
			st->snp_refused, st->snp_msg_seqno[0], st->snp_msg_seqno[1], st->snp_msg_seqno[2],
			st->snp_msg_seqno[3]);
		for (size_t i = 0; i < sizeof(st->snp_signing_key); i++)
			fprintf(f, "%02x", st->snp_signing_key[i]);
		fprintf(f, "\" },\n");
	}
	if (st->finalized) {
		fprintf(f, "  \"launch\": { \"measured_pages\": %" PRIu64 ", \"measurement\": \"",
			st->measured_pages);
		for (size_t i = 0; i < sizeof(st->measurement); i++)
			fprintf(f, "%02x", st->measurement[i]);
		fprintf(f, "\" },\n");
	}
	write_stats_detail(f, vm, n_vcpus);
	fprintf(f, "}\n");
	return !ferror(f);
}

int main(int argc, char **argv)
{
	struct hvsim_config cfg = {
		.machine = "arm64-virt", .ram_bytes = 128ull << 20, .smp = 1,
		.timing = "simple", .console_out = console_out, .console_poll = console_poll,
	};
	const char *kernel = NULL, *initrd = NULL, *append = NULL, *stats = NULL;
	const char *screenshot = NULL, *pidfile_path = NULL, *page_map = NULL, *map_shot = NULL;
	const char *save_when = NULL, *save_file = NULL, *restore = NULL;
	const char *record = NULL, *replay = NULL;
	struct hvsim_monitor_config mon = { .console_text = monitor_text };
	struct hvsim_fault_config faults = { 0 };
	const char *fault_specs[64];
	bool nographic = false, realtime_given = false;
	bool demo = argc == 1;
	struct hvsim_debug_config dbg = { 0 };
	const char *symbols = NULL;
	bool debugging = false;
	char err[512];
	struct net_args net = { 0 };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		/* Accept QEMU's single-dash and GNU double-dash spellings alike. */
		if (a[0] == '-' && a[1] == '-' && a[2])
			a++;
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VAL() do { if (!val) return bad("option '%s' needs a value", argv[i]); i++; } while (0)
		if (!strcmp(a, "-h") || !strcmp(a, "-help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "-M") || !strcmp(a, "-machine")) {
			NEED_VAL();
			if (!strcmp(val, "help") || !strcmp(val, "?")) {
				printf("Supported machines are:\n%s", hvsim_machine_list());
				return 0;
			}
			if (parse_machine(val, &cfg))
				return HVSIM_BAD_INPUT;
		} else if (!strcmp(a, "-m")) {
			NEED_VAL();
			if (!parse_size(val, &cfg.ram_bytes))
				return bad("bad memory size '%s'", val);
		} else if (!strcmp(a, "-smp")) {
			NEED_VAL();
			uint64_t n;
			if (!parse_u64(val, &n) || n > 64)
				return bad("bad CPU count '%s'", val);
			cfg.smp = (int)n;
		} else if (!strcmp(a, "-cpu")) {
			NEED_VAL();
			if (!strcmp(val, "help") || !strcmp(val, "?")) {
				printf("Available CPUs:\n  cortex-a57\n");
				return 0;
			}
			if (strcmp(val, "cortex-a57"))
				return bad("unknown CPU model '%s' (supported: cortex-a57)", val);
		} else if (!strcmp(a, "-accel")) {
			NEED_VAL();
			if (!accel_ok(val))
				return bad("-accel %s: hvsim interprets every instruction (as -accel tcg)", val);
		} else if (!strcmp(a, "-device")) {
			NEED_VAL();
			if (!strcmp(val, "help") || !strcmp(val, "?")) {
				fputs(device_help, stdout);
				return 0;
			}
			if (!strcmp(val, "virtio-rng-pci")) {
				cfg.virtio_rng = true;   /* x86-virt's; the mmio boards always have one */
				continue;
			}
			/* QEMU's property: off withholds VIRTIO_F_ACCESS_PLATFORM (hvsim offers it by default). */
			if (!strncmp(val, "virtio-rng-pci,iommu_platform=", 30)) {
				if (strcmp(val + 30, "on") && strcmp(val + 30, "off"))
					return bad("-device '%s': iommu_platform is on or off", val);
				cfg.virtio_rng = true;
				cfg.virtio_rng_no_access_platform = !strcmp(val + 30, "off");
				continue;
			}
			bool refused;
			if (net_args_device(&net, val, &refused, err, sizeof(err))) {
				if (refused)
					return bad("%s", err);
				continue;
			}
			return bad("-device '%s': hvsim cannot add devices yet (-device help lists them)", val);
		} else if (!strcmp(a, "-pidfile")) {
			NEED_VAL();
			pidfile_path = val;
		} else if (!strcmp(a, "-version")) {
			printf("hvsim version %s\n", HVSIM_VERSION);
			return 0;
		} else if (!strcmp(a, "-kernel")) {
			NEED_VAL();
			kernel = val;
		} else if (!strcmp(a, "-initrd")) {
			NEED_VAL();
			initrd = val;
		} else if (!strcmp(a, "-append")) {
			NEED_VAL();
			append = val;
		} else if (!strcmp(a, "-nic")) {
			NEED_VAL();
			if (!net_args_nic(&net, val, err, sizeof(err)))
				return bad("%s", err);
		} else if (!strcmp(a, "-netdev")) {
			NEED_VAL();
			if (!net_args_netdev(&net, val, err, sizeof(err)))
				return bad("%s", err);
		} else if (!strcmp(a, "-drive")) {
			NEED_VAL();
			if (parse_drive(val, &cfg))
				return HVSIM_BAD_INPUT;
		} else if (!strcmp(a, "-icount")) {
			NEED_VAL();
			if (parse_icount(val, &cfg.realtime, &realtime_given))
				return HVSIM_BAD_INPUT;
		} else if (!strcmp(a, "-rtc")) {
			NEED_VAL();
			if (parse_rtc(val, &cfg.rtc_base))
				return HVSIM_BAD_INPUT;
		} else if (!strcmp(a, "-snapshot")) {
			cfg.snapshot = true;
		} else if (!strcmp(a, "-dtb")) {
			NEED_VAL();
			cfg.dtb = val;
		} else if (!strcmp(a, "-display")) {
			NEED_VAL();
			if (parse_display(val, &cfg))
				return HVSIM_BAD_INPUT;
		} else if (!strcmp(a, "-screenshot")) {
			NEED_VAL();
			screenshot = val;
		} else if (!strcmp(a, "-page-map")) {
			NEED_VAL();
			page_map = val;
		} else if (!strcmp(a, "-screenshot-page-map")) {
			NEED_VAL();
			map_shot = val;
		} else if (!strcmp(a, "-nographic")) {
			nographic = true;
		} else if (!strcmp(a, "-serial")) {
			NEED_VAL();
			console_none = !strcmp(val, "none") || !strcmp(val, "null");
			if (strcmp(val, "stdio") && strcmp(val, "mon:stdio") && !console_none)
				return bad("-serial '%s': the console is on stdio (stdio, mon:stdio) or "
					   "nowhere (none, null)", val);
			mon_mux = !strcmp(val, "mon:stdio");
		} else if (!strcmp(a, "-monitor")) {
			NEED_VAL();
			mon.hmp = NULL;
			mon_shown = !strcmp(val, "stdio");
			if (!mon_shown && strcmp(val, "none"))
				mon.hmp = val;   /* checked when the monitor opens */
		} else if (!strcmp(a, "-qmp")) {
			NEED_VAL();
			mon.qmp = val;
		} else if (!strcmp(a, "-no-reboot")) {
			cfg.no_reboot = true;
		} else if (!strcmp(a, "-el2")) {
			cfg.el2 = true;
		} else if (!strcmp(a, "-pkvm")) {
			cfg.protected_vm = true;
		} else if (!strcmp(a, "-coco")) {
			NEED_VAL();
			int rc = parse_coco(val, &cfg);
			if (rc)
				return rc;
		} else if (!strcmp(a, "-demo")) {
			demo = true;
		} else if (!strcmp(a, "-timing")) {
			NEED_VAL();
			cfg.timing = val;
		} else if (!strcmp(a, "-seed")) {
			NEED_VAL();
			if (!parse_u64(val, &cfg.seed))
				return bad("bad seed '%s'", val);
		} else if (!strcmp(a, "-max-insns")) {
			NEED_VAL();
			if (!hvsim_parse_count(val, &cfg.max_insns))
				return bad("bad instruction count '%s' (e.g. 1000000, 500M, 2G)", val);
		} else if (!strcmp(a, "-stats")) {
			NEED_VAL();
			stats = val;
		} else if (!strcmp(a, "-fault-seed")) {
			NEED_VAL();
			if (!parse_u64(val, &faults.seed))
				return bad("bad fault seed '%s'", val);
			faults.has_seed = true;
		} else if (!strcmp(a, "-faults")) {
			NEED_VAL();
			faults.rules_file = val;
		} else if (!strcmp(a, "-fault")) {
			NEED_VAL();
			if (faults.n_specs == sizeof(fault_specs) / sizeof(fault_specs[0]))
				return bad("%s", "too many --fault rules (64 at most; use --faults FILE)");
			fault_specs[faults.n_specs++] = val;
			faults.specs = fault_specs;
		} else if (!strcmp(a, "-fault-record")) {
			NEED_VAL();
			faults.record = val;
		} else if (!strcmp(a, "-s")) {
			dbg.gdb = "tcp::1234";
			debugging = true;
		} else if (!strcmp(a, "-gdb")) {
			NEED_VAL();
			dbg.gdb = val;
			debugging = true;
		} else if (!strcmp(a, "-S")) {
			dbg.gdb_wait = true;
		} else if (!strcmp(a, "-d")) {
			NEED_VAL();
			if (!strcmp(val, "help")) {
				printf("trace items for -d (comma-separated):\n%s", hvsim_log_help());
				return 0;
			}
			if (hvsim_log_parse(val, &dbg.log_items, err, sizeof(err)))
				return bad("%s", err);
			debugging = true;
		} else if (!strcmp(a, "-D")) {
			NEED_VAL();
			dbg.log_file = val;
		} else if (!strcmp(a, "-dfilter")) {
			NEED_VAL();
			dbg.filter = val;
		} else if (!strcmp(a, "-trace-window")) {
			NEED_VAL();
			dbg.window = val;
		} else if (!strcmp(a, "-trace-events")) {
			NEED_VAL();
			/* FILE[,cat=LIST]: QEMU's way of adding properties to a value. */
			static char events_file[4096];
			snprintf(events_file, sizeof(events_file), "%s", val);
			char *cat = strstr(events_file, ",cat=");
			if (cat) {
				*cat = 0;
				if (hvsim_trace_categories_parse(cat + 5, &dbg.event_items, err, sizeof(err)))
					return bad("--trace-events: %s", err);
			}
			dbg.events_file = events_file;
			debugging = true;
		} else if (!strcmp(a, "-save-at")) {
			NEED_VAL();
			if (i + 1 >= argc)
				return bad("%s", "--save-at needs a moment and a file (--save-at 500M FILE)");
			save_when = val;
			save_file = argv[++i];
		} else if (!strcmp(a, "-restore")) {
			NEED_VAL();
			restore = val;
		} else if (!strcmp(a, "-record")) {
			NEED_VAL();
			record = val;
		} else if (!strcmp(a, "-replay")) {
			NEED_VAL();
			replay = val;
		} else if (!strcmp(a, "-symbols")) {
			NEED_VAL();
			symbols = val;
		} else {
			return bad("unknown option '%s'", argv[i]);
		}
	}
	if (!net_args_finish(&net, &cfg.net, err, sizeof(err)))
		return bad("%s", err);
	/* A person at a terminal or a monitor: idle time in real time, unless told otherwise. */
	if (!realtime_given)
		cfg.realtime = isatty(STDIN_FILENO) || mon.hmp || mon.qmp;
	if (!kernel && !demo && !restore)
		return bad("%s", "no -kernel given (run 'hvsim' alone for the demo)");
	if (demo && kernel)
		return bad("%s", "--demo and -kernel exclude each other");
	if (demo && !hvsim_demo_elf_len)
		return bad("%s", "this hvsim was built without its firmware (-DHVSIM_FIRMWARE=OFF): "
				 "there is no built-in demo guest; give -kernel");
	if (demo)
		cfg.protected_vm = true;   /* the tour shows private and shared pages */
	if ((initrd || append || cfg.dtb) && !kernel)
		return bad("%s", "-initrd, -append and -dtb need -kernel");
	if (nographic && cfg.display && strcmp(cfg.display, "none"))
		return bad("-nographic and -display %s exclude each other", cfg.display);
	if (screenshot && (!cfg.display || !strcmp(cfg.display, "none")))
		return bad("%s", "--screenshot needs a display (-display sdl)");
	if (cfg.page_map_live && (!cfg.display || !strcmp(cfg.display, "none")))
		return bad("%s", "page-map=on needs a display (-display sdl,page-map=on)");
	if (map_shot && !cfg.page_map_live)
		return bad("%s", "--screenshot-page-map needs the live page map (-display sdl,page-map=on)");
	/* -S: wait for gdb, or else (as QEMU's) start stopped until the monitor's cont. */
	mon.start_stopped = dbg.gdb_wait && !dbg.gdb;
	dbg.gdb_wait = dbg.gdb_wait && dbg.gdb;
	if (mon.start_stopped && !mon.hmp && !mon.qmp && !mon_shown)
		return bad("%s", "-S waits for gdb or the monitor: give -s, -gdb, -monitor or -qmp too");

	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm) {
		fprintf(stderr, "hvsim: %s\n", err);
		return HVSIM_BAD_INPUT;
	}
	/* A restored machine's memory holds what was loaded: the images are not loaded again. */
	int rc = restore ? hvsim_vm_restore(vm, restore, err, sizeof(err))
	       : demo ? hvsim_vm_load_elf_bytes(vm, hvsim_demo_elf, hvsim_demo_elf_len, err, sizeof(err))
		      : hvsim_vm_load_kernel(vm, kernel, initrd, append, err, sizeof(err));
	/* A confidential VM's launch ends once its images are placed: they are measured. */
	if (!rc && !restore && hvsim_vm_is_confidential(vm))
		rc = hvsim_vm_finalize(vm, NULL, err, sizeof(err));
	if (!rc && save_when)
		rc = hvsim_vm_save_at(vm, save_when, save_file, err, sizeof(err));
	if (!rc && record)
		rc = hvsim_vm_record(vm, record, err, sizeof(err));
	if (!rc && replay)
		rc = hvsim_vm_replay(vm, replay, err, sizeof(err));
	if (rc) {
		fprintf(stderr, "hvsim: %s\n", err);
		hvsim_vm_destroy(vm);
		return rc;
	}
	if (debugging || stats) {
		/* --stats alone only counts; without HVSIM_TRACE it does without the counts. */
		dbg.counters = stats != NULL;
		dbg.symbols = !debugging ? NULL : symbols ? symbols : kernel;
		dbg.symbols_optional = !symbols;
		rc = hvsim_vm_debug(vm, &dbg, err, sizeof(err));
		if (rc && debugging) {
			fprintf(stderr, "hvsim: %s\n", err);
			hvsim_vm_destroy(vm);
			return rc;
		}
	}

	if ((faults.rules_file || faults.n_specs || faults.record) &&
	    (rc = hvsim_vm_faults(vm, &faults, err, sizeof(err)))) {
		fprintf(stderr, "hvsim: %s\n", err);
		hvsim_vm_destroy(vm);
		return rc;
	}

	/*
	 * Files written at the end are created now: a typo in a path is
	 * reported before the guest runs, not after a long run is lost.
	 */
	FILE *stats_f = stats ? fopen(stats, "w") : NULL;
	FILE *shot_f = screenshot ? fopen(screenshot, "w") : NULL;
	FILE *map_f = page_map ? fopen(page_map, "w") : NULL;
	FILE *map_shot_f = map_shot ? fopen(map_shot, "w") : NULL;
	if (map_f)
		fclose(map_f);   /* hvsim_vm_page_map writes it by name */
	if (map_shot_f)
		fclose(map_shot_f);
	if ((stats && !stats_f) || (screenshot && !shot_f) || (page_map && !map_f) ||
	    (map_shot && !map_shot_f)) {
		const char *path = stats && !stats_f ? stats : screenshot && !shot_f ? screenshot
				 : page_map && !map_f ? page_map : map_shot;
		fprintf(stderr, "hvsim: cannot write '%s': %s\n", path, strerror(errno));
		if (stats_f)
			fclose(stats_f);
		if (shot_f)
			fclose(shot_f);
		hvsim_vm_destroy(vm);
		return HVSIM_BAD_INPUT;
	}
	if (shot_f)
		fclose(shot_f);   /* hvsim_vm_screenshot writes it by name */
	if (pidfile_path && !write_pidfile(pidfile_path)) {
		fprintf(stderr, "hvsim: cannot write the pid file '%s': %s\n", pidfile_path,
			strerror(errno));
		if (stats_f)
			fclose(stats_f);
		hvsim_vm_destroy(vm);
		return HVSIM_BAD_INPUT;
	}

	/* Last before the run: without nowait, this waits for the monitor's first client. */
	mon.console_echo = isatty(STDIN_FILENO);
	if ((mon.hmp || mon.qmp || mon_shown || (mon_mux && mon.console_echo)) &&
	    (rc = hvsim_vm_monitor(vm, &mon, err, sizeof(err)))) {
		fprintf(stderr, "hvsim: %s\n", err);
		if (stats_f)
			fclose(stats_f);
		hvsim_vm_destroy(vm);
		return rc;
	}
	running_vm = vm;
	tty_setup();
	console_tty = isatty(STDOUT_FILENO);
	if (mon_shown)
		hvsim_monitor_console(vm, true);
	catch_signals(vm);
	double t0 = now_seconds();
	struct hvsim_result res;
	progress_start();
	hvsim_vm_run(vm, &res);
	progress_clear();
	double secs = now_seconds() - t0;
	/* End the guest's last line so that hvsim's own messages start a line. */
	if (console_last != '\n')
		putchar('\n');
	fflush(stdout);
	tty_restore();

	struct hvsim_stats st;
	hvsim_vm_stats(vm, &st);
	if (res.why && *res.why)
		fprintf(stderr, "hvsim: %s\n", res.why);
	if (res.status != HVSIM_OK) {
		char where[1024];
		hvsim_vm_describe_cpus(vm, where, sizeof(where));
		for (char *line = strtok(where, "\n"); line; line = strtok(NULL, "\n"))
			fprintf(stderr, "hvsim: %s\n", line);
	}
	fprintf(stderr, "hvsim: %" PRIu64 " instructions, %" PRIu64 " cycles, %.3f s of guest time, "
		"%.3f s on the host (%.3f s running), %.1f MIPS\n", st.insns, st.cycles,
		st.guest_ns / 1e9, secs, running_seconds(&st, secs), mips(&st, secs));
	if (screenshot && hvsim_vm_screenshot(vm, screenshot, err, sizeof(err))) {
		fprintf(stderr, "hvsim: %s\n", err);
		res.status = HVSIM_BAD_INPUT;
	}
	if (page_map && hvsim_vm_page_map(vm, page_map, err, sizeof(err))) {
		fprintf(stderr, "hvsim: %s\n", err);
		res.status = HVSIM_BAD_INPUT;
	}
	if (map_shot && hvsim_vm_page_map_panel(vm, map_shot, err, sizeof(err))) {
		fprintf(stderr, "hvsim: %s\n", err);
		res.status = HVSIM_BAD_INPUT;
	}
	bool stats_ok = !stats_f || write_stats(stats_f, vm, cfg.smp, &st, secs, &res);
	if (stats_f && fclose(stats_f) != 0)
		stats_ok = false;
	if (!stats_ok) {
		fprintf(stderr, "hvsim: cannot write statistics to '%s'\n", stats);
		res.status = HVSIM_BAD_INPUT;
	}
	hvsim_vm_destroy(vm);
	return res.status;
}
