/*
 * A protected guest (hvsim --pkvm; QEMU has no pKVM) against pKVM's guest
 * hypercalls (Linux Documentation/virt/kvm/arm/hypercalls.rst): FEATURES,
 * HYP_MEMINFO, MEM_SHARE, MEM_UNSHARE and MMIO_GUARD with good and bad
 * arguments; a page as the host sees it (through hvsim's hostview device,
 * dev/hostview.h) before and after MEM_SHARE and MEM_UNSHARE; the UART
 * guarded and emulated; last, an unguarded device read, which stops the VM
 * as pKVM's host does (the harness checks hvsim's message).
 */
#include "fw.h"

#define KVM_FEATURES     0x86000000u
#define KVM_HYP_MEMINFO  0xc6000002u
#define KVM_MEM_SHARE    0xc6000003u
#define KVM_MEM_UNSHARE  0xc6000004u
#define KVM_MMIO_GUARD   0xc6000007u
#define INVALID          (-3l)

#define HV_ADDR   (BOARD_HOSTVIEW + 0x00)
#define HV_DATA   (BOARD_HOSTVIEW + 0x08)
#define HV_WRITE  (BOARD_HOSTVIEW + 0x10)
#define HV_STATUS (BOARD_HOSTVIEW + 0x18)

#define PAGE      0x40300000ul   /* a page of RAM past the image */
#define RTC       0x09010000ul   /* PL031: never guarded */

static unsigned failures;

static void expect(const char *what, int64_t got, int64_t want)
{
	printf("  %-44s %ld%s\n", what, (long)got, got == want ? "" : "  <-- WRONG");
	failures += got != want;
}

static int64_t hvc(uint32_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
	return (int64_t)smccc_call(fid, a1, a2, a3).x0;
}

/* The page's first 8 bytes as the host reads them. */
static uint64_t host_read(uint64_t gpa)
{
	mmio_write64(HV_ADDR, gpa);
	return mmio_read64(HV_DATA);
}

/* Does the host's write of the page's first 8 bytes go through? */
static bool host_write(uint64_t gpa, uint64_t val)
{
	mmio_write64(HV_ADDR, gpa);
	mmio_write64(HV_WRITE, val);
	return mmio_read64(HV_STATUS) == 1;
}

static void host_view(const char *when, uint64_t content)
{
	uint64_t seen = host_read(PAGE);
	printf("  %-44s %s\n", when, seen == content ? "plaintext" : "ciphertext");
}

int main(void)
{
	/* The UART first, or nothing is printed: guarded, then emulated. */
	int64_t uart = hvc(KVM_MMIO_GUARD, BOARD_UART_BASE, 0, 0);
	printf("pkvm: a protected guest and pKVM's hypercalls\n");
	expect("MMIO_GUARD(uart) (so this line prints)", uart, 0);
	expect("MMIO_GUARD(hostview)", hvc(KVM_MMIO_GUARD, BOARD_HOSTVIEW, 0, 0), 0);

	uint64_t f = (uint64_t)hvc(KVM_FEATURES, 0, 0, 0);
	/* Function numbers 2, 3, 4 and 7: bits 0x9c of the bitmap in x0. */
	expect("FEATURES offers the four (1)", (f & 0x9c) == 0x9c, 1);

	expect("HYP_MEMINFO", hvc(KVM_HYP_MEMINFO, 0, 0, 0), 4096);
	expect("HYP_MEMINFO x1 != 0", hvc(KVM_HYP_MEMINFO, 1, 0, 0), INVALID);
	expect("HYP_MEMINFO x3 != 0", hvc(KVM_HYP_MEMINFO, 0, 0, 1), INVALID);

	const uint64_t content = 0x7465726365732179ull;
	*(volatile uint64_t *)PAGE = content;
	host_view("private page, host reads", content);
	expect("  host write refused (0)", host_write(PAGE, 1), 0);

	expect("MEM_UNSHARE of a private page", hvc(KVM_MEM_UNSHARE, PAGE, 0, 0), INVALID);
	expect("MEM_SHARE unaligned", hvc(KVM_MEM_SHARE, PAGE + 8, 0, 0), INVALID);
	expect("MEM_SHARE x2 != 0", hvc(KVM_MEM_SHARE, PAGE, 1, 0), INVALID);
	expect("MEM_SHARE x3 != 0", hvc(KVM_MEM_SHARE, PAGE, 0, 1), INVALID);
	expect("MEM_SHARE of a device page", hvc(KVM_MEM_SHARE, BOARD_UART_BASE, 0, 0), INVALID);
	expect("MEM_SHARE of a hole", hvc(KVM_MEM_SHARE, BOARD_HOLE, 0, 0), INVALID);
	expect("MEM_SHARE", hvc(KVM_MEM_SHARE, PAGE, 0, 0), 0);
	host_view("shared page, host reads", content);
	expect("  host write accepted (1)", host_write(PAGE, content + 1), 1);
	expect("  guest sees the host's write", (int64_t)(*(volatile uint64_t *)PAGE - content), 1);
	expect("MEM_SHARE again (already shared)", hvc(KVM_MEM_SHARE, PAGE, 0, 0), INVALID);
	expect("MEM_UNSHARE x2 != 0", hvc(KVM_MEM_UNSHARE, PAGE, 0, 1ul << 40), INVALID);
	expect("MEM_UNSHARE", hvc(KVM_MEM_UNSHARE, PAGE, 0, 0), 0);
	host_view("private again, host reads", content + 1);
	expect("  host write refused (0)", host_write(PAGE, 1), 0);
	expect("MEM_UNSHARE again (already private)", hvc(KVM_MEM_UNSHARE, PAGE, 0, 0), INVALID);

	expect("MMIO_GUARD x2 != 0", hvc(KVM_MMIO_GUARD, RTC, 1, 0), INVALID);
	expect("MMIO_GUARD unaligned", hvc(KVM_MMIO_GUARD, BOARD_UART_BASE + 4, 0, 0), INVALID);
	expect("MMIO_GUARD of RAM", hvc(KVM_MMIO_GUARD, PAGE, 0, 0), INVALID);
	expect("MMIO_GUARD of a hole", hvc(KVM_MMIO_GUARD, BOARD_HOLE, 0, 0), INVALID);
	expect("MMIO_GUARD(uart) again", hvc(KVM_MMIO_GUARD, BOARD_UART_BASE, 0, 0), 0);

	printf("pkvm: %u wrong; now an unguarded read of the RTC at 0x%lx\n", failures, RTC);
	(void)*(volatile uint32_t *)RTC;
	printf("pkvm: NOT STOPPED\n");
	return 1;
}
