/*
 * The built-in demo guest (`hvsim` with no arguments): a short guided tour
 * of what a guest sees, printed by the guest itself. Exception levels, a
 * system call, hypercalls answered by hvsim's KVM, and pKVM-style private
 * memory observed through the hostview device (hvsim only; see
 * dev/hostview.h). On QEMU the last part explains that it needs hvsim.
 */
#include "fw.h"

/* KVM vendor hypervisor services (Linux Documentation/virt/kvm/arm/hypercalls.rst). */
#define KVM_CALL_UID     0x8600ff01u
#define KVM_HYP_MEMINFO  0xc6000002u
#define KVM_MEM_SHARE    0xc6000003u
#define KVM_MEM_UNSHARE  0xc6000004u
#define KVM_MMIO_GUARD   0xc6000007u

/* hostview registers. */
#define HV_ADDR   (BOARD_HOSTVIEW + 0x00)
#define HV_DATA   (BOARD_HOSTVIEW + 0x08)
#define HV_WRITE  (BOARD_HOSTVIEW + 0x10)
#define HV_STATUS (BOARD_HOSTVIEW + 0x18)

/* The secret lives in its own page at a fixed address past the image. */
#define SECRET_PAGE 0x40200000ul

static bool hostview_missing;

static const char *smccc_result(int64_t r)
{
	switch (r) {
	case 0: return "ok";
	case -1: return "NOT_SUPPORTED";
	case -2: return "NOT_REQUIRED";
	case -3: return "INVALID_PARAMETER";
	}
	return "error";
}

void fw_sync(struct exc_frame *f)
{
	unsigned ec = ESR_EC(f->esr);

	if (ec == EC_SVC64 && exc_from_lower(f)) {
		printf("    ...back at EL1: ESR_EL1 says EC=0x%02x (%s), imm #%lu.\n", ec,
		       exc_ec_name(ec), (unsigned long)ESR_ISS(f->esr) & 0xffff);
		return;
	}
	if (ec == EC_DABT_SAME && (f->far & ~0xffful) == BOARD_HOSTVIEW) {
		hostview_missing = true;     /* not on hvsim: nothing decodes that page */
		f->elr += 4;
		return;
	}
	printf("unexpected ");
	exc_report(f);
	fw_exit();
}

static uint64_t user_program(uint64_t arg)
{
	(void)arg;
	__asm__ volatile("svc #0" ::: "memory");
	return 0;
}

/* The 8 bytes at gpa as the host sees them. */
static uint64_t host_read(uint64_t gpa)
{
	mmio_write64(HV_ADDR, gpa);
	return hostview_missing ? 0 : mmio_read64(HV_DATA);
}

static bool host_write(uint64_t gpa, uint64_t val)
{
	mmio_write64(HV_ADDR, gpa);
	mmio_write64(HV_WRITE, val);
	return mmio_read64(HV_STATUS) == 1;
}

static uint64_t text8(const char *s)
{
	uint64_t v;
	memcpy(&v, s, 8);
	return v;
}

/* Eight bytes as hex, then as text with '.' for what is not printable. */
static void show_bytes(const char *who, uint64_t v)
{
	printf("      %-22s", who);
	for (unsigned i = 0; i < 8; i++)
		printf(" %02x", (unsigned)(v >> (8 * i)) & 0xff);
	printf("  \"");
	for (unsigned i = 0; i < 8; i++) {
		char c = (char)(v >> (8 * i));
		uart_putc(c >= 0x20 && c < 0x7f ? c : '.');
	}
	printf("\"\n");
}

static void tour_private_memory(void)
{
	volatile uint64_t *secret = (volatile uint64_t *)SECRET_PAGE;
	const uint64_t plain = text8("hvsim<3!");

	printf("[4] Protected memory, pKVM style: my RAM belongs to me, not to the host.\n");
	*secret = plain;
	host_read(SECRET_PAGE);
	if (hostview_missing) {
		printf("    (This part needs hvsim's hostview device; run me with 'hvsim --demo'.)\n");
		return;
	}
	printf("    I wrote a secret at 0x%lx:\n", SECRET_PAGE);
	show_bytes("I read:", *secret);
	uint64_t seen = host_read(SECRET_PAGE);
	show_bytes("the host reads:", seen);
	printf("      -> %s\n", seen == plain ? "plaintext! (RAM is not private: try --pkvm)"
					   : "ciphertext: the host cannot read my secret.");
	printf("      the host tries to overwrite it: %s\n",
	       host_write(SECRET_PAGE, text8("HACKED!!")) ? "accepted" : "refused");

	int64_t r = (int64_t)smccc_call(KVM_MEM_SHARE, SECRET_PAGE, 0, 0).x0;
	printf("    Now I share the page with the host: MEM_SHARE -> %s\n", smccc_result(r));
	show_bytes("the host reads:", host_read(SECRET_PAGE));
	bool ok = host_write(SECRET_PAGE, text8("hi guest"));
	printf("      the host writes a reply: %s\n", ok ? "accepted" : "refused");
	show_bytes("I read:", *secret);

	r = (int64_t)smccc_call(KVM_MEM_UNSHARE, SECRET_PAGE, 0, 0).x0;
	printf("    And take it back: MEM_UNSHARE -> %s\n", smccc_result(r));
	show_bytes("the host reads:", host_read(SECRET_PAGE));
	printf("      the host tries to write again: %s\n",
	       host_write(SECRET_PAGE, text8("HACKED!!")) ? "accepted" : "refused");
}

int main(void)
{
	/*
	 * A protected VM's device accesses reach the host only on pages it
	 * guarded (pKVM's MMIO_GUARD): the UART and hostview first. Elsewhere
	 * the call is unknown, and harmless.
	 */
	smccc_call(KVM_MMIO_GUARD, BOARD_UART_BASE, 0, 0);
	smccc_call(KVM_MMIO_GUARD, BOARD_HOSTVIEW, 0, 0);
	printf("\n=== hvsim demo guest ===\n");
	printf("Hi! I am a tiny bare-metal program, and everything below is printed by me.\n\n");

	if (fw_boot_el == 2)
		printf("[1] I started at EL2 (hypervisor level) and stepped down to EL1 (kernel).\n");
	else
		printf("[1] I started at EL%lu: kernel level, MMU off.\n", (unsigned long)fw_boot_el);

	printf("[2] Dropping to EL0 (user level) with ERET, then calling back with SVC #0.\n");
	el0_call(user_program, 0, EL0_STACK_TOP);

	printf("[3] Asking the hypervisor with HVC #0 (SMC Calling Convention):\n");
	uint64_t v = smccc_call(SMCCC_VERSION, 0, 0, 0).x0;
	if ((int64_t)v < 0)
		printf("      SMCCC_VERSION   -> %s (so v1.0)\n", smccc_result((int64_t)v));
	else
		printf("      SMCCC_VERSION   -> %lu.%lu\n", (unsigned long)(v >> 16),
		       (unsigned long)(v & 0xffff));
	struct smccc_res uid = smccc_call(KVM_CALL_UID, 0, 0, 0);
	if ((int64_t)uid.x0 == SMCCC_NOT_SUPPORTED) {
		printf("      hypervisor UID  -> NOT_SUPPORTED (not KVM)\n");
	} else {
		/* UUID bytes in order, four per register, least significant first. */
		uint64_t w[4] = { uid.x0, uid.x1, uid.x2, uid.x3 };
		printf("      hypervisor UID  -> ");
		for (unsigned i = 0; i < 16; i++) {
			printf("%02x", (unsigned)(w[i / 4] >> (8 * (i % 4))) & 0xff);
			if (i == 3 || i == 5 || i == 7 || i == 9)
				uart_putc('-');
		}
		printf(" (KVM's)\n");
	}
	int64_t g = (int64_t)smccc_call(KVM_HYP_MEMINFO, 0, 0, 0).x0;
	if (g > 0)
		printf("      HYP_MEMINFO     -> memory is shared in %ld-byte pages\n", (long)g);
	else
		printf("      HYP_MEMINFO     -> %s (not a protected VM)\n", smccc_result(g));

	tour_private_memory();

	printf("[5] That's the tour. Powering off with PSCI SYSTEM_OFF. Bye!\n");
	return 0;
}
