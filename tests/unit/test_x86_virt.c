/*
 * The x86-virt board through the public API and its own functions: its
 * configuration checks, the ACPI tables (checksums, the XSDT's tables, the
 * hardware-reduced FADT's sleep and reset registers, one local APIC per
 * vCPU, the DSDT's \_S5 and COM1), and a bare-metal ELF entered in long
 * mode that prints on the 16550, reads KVM's CPUID leaves, enables
 * kvmclock, makes hypercalls and powers off through ACPI.
 */
#define _GNU_SOURCE   /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <elf.h>

#include "machine/x86_virt.h"

#define LOAD 0x200000ull
#define RESULTS 0x300000ull
#define PVTI 0x310000ull

struct console {
	char text[64];
	size_t n;
};

static void console_out(void *opaque, uint8_t byte)
{
	struct console *c = opaque;
	if (c->n + 1 < sizeof(c->text))
		c->text[c->n++] = (char)byte;
}

static struct hvsim_vm *new_vm(int smp, struct console *con)
{
	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = 64ull << 20, .smp = smp,
				    .max_insns = 100000, .console_out = console_out, .console_opaque = con };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	if (!vm)
		fail_msg("%s", err);
	return vm;
}

/* A one-segment x86-64 ELF executable of `code` at LOAD. */
static size_t make_elf(uint8_t *buf, const uint8_t *code, size_t len)
{
	Elf64_Ehdr eh = {
		.e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
		.e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT, .e_entry = LOAD,
		.e_phoff = sizeof(Elf64_Ehdr), .e_ehsize = sizeof(Elf64_Ehdr),
		.e_phentsize = sizeof(Elf64_Phdr), .e_phnum = 1,
	};
	Elf64_Phdr ph = {
		.p_type = PT_LOAD, .p_flags = PF_R | PF_X, .p_offset = 0x1000, .p_vaddr = LOAD,
		.p_paddr = LOAD, .p_filesz = len, .p_memsz = len, .p_align = 0x1000,
	};
	memset(buf, 0, 0x1000);
	memcpy(buf, &eh, sizeof(eh));
	memcpy(buf + sizeof(eh), &ph, sizeof(ph));
	memcpy(buf + 0x1000, code, len);
	return 0x1000 + len;
}

/* The guest (64-bit code, hand-assembled; see each line). */
static const uint8_t guest[] = {
	0xba, 0xf8, 0x03, 0x00, 0x00,               /* mov edx, 0x3f8 */
	0xb0, 'H', 0xee,                            /* mov al, 'H'; out dx, al */
	0xb0, 'i', 0xee,                            /* mov al, 'i'; out dx, al */
	0xb8, 0x00, 0x00, 0x00, 0x40,               /* mov eax, 0x40000000 */
	0x0f, 0xa2,                                 /* cpuid */
	0x89, 0x1c, 0x25, 0x00, 0x00, 0x30, 0x00,   /* mov [0x300000], ebx */
	0x89, 0x04, 0x25, 0x04, 0x00, 0x30, 0x00,   /* mov [0x300004], eax */
	0xb9, 0x01, 0x4d, 0x56, 0x4b,               /* mov ecx, MSR_KVM_SYSTEM_TIME_NEW */
	0xb8, 0x01, 0x00, 0x31, 0x00,               /* mov eax, PVTI | 1 */
	0x31, 0xd2,                                 /* xor edx, edx */
	0x0f, 0x30,                                 /* wrmsr */
	0xb8, 0x01, 0x00, 0x00, 0x00,               /* mov eax, KVM_HC_VAPIC_POLL_IRQ */
	0x0f, 0x01, 0xc1,                           /* vmcall */
	0x48, 0x89, 0x04, 0x25, 0x08, 0x00, 0x30, 0x00, /* mov [0x300008], rax */
	0xb8, 0x63, 0x00, 0x00, 0x00,               /* mov eax, 99 */
	0x0f, 0x01, 0xd9,                           /* vmmcall */
	0x48, 0x89, 0x04, 0x25, 0x10, 0x00, 0x30, 0x00, /* mov [0x300010], rax */
	0xba, 0x00, 0x06, 0x00, 0x00,               /* mov edx, 0x600 (SLEEP_CTL) */
	0xb0, 0x34, 0xee,                           /* mov al, SLP_EN | S5 << 2; out dx, al */
	0xf4, 0xeb, 0xfd,                           /* hlt; jmp hlt */
};

static uint64_t host(struct hvsim_vm *vm, uint64_t pa, unsigned n)
{
	uint64_t v = 0;
	assert_true(hvsim_host_read(vm, pa, &v, n));
	return v;
}

static void test_bare_metal(void **state)
{
	(void)state;
	struct console con = { 0 };
	struct hvsim_vm *vm = new_vm(1, &con);
	static uint8_t elf[0x2000];
	char err[256];
	size_t n = make_elf(elf, guest, sizeof(guest));
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, n, err, sizeof(err)), 0);
	struct hvsim_result res;
	hvsim_vm_run(vm, &res);
	assert_int_equal(res.status, HVSIM_OK);
	assert_string_equal(res.why, "guest powered off (ACPI sleep control, S5)");
	assert_string_equal(con.text, "Hi");
	assert_int_equal(host(vm, RESULTS, 4), 0x4b4d564b);      /* "KVMK" */
	assert_int_equal(host(vm, RESULTS + 4, 4), 0x40000001);  /* the highest leaf */
	assert_int_equal(host(vm, RESULTS + 8, 8), 0);
	assert_int_equal((int64_t)host(vm, RESULTS + 16, 8), -1000);
	/* The pvclock record: version 2, the stable flag, a system time matching its TSC (1 GHz). */
	assert_int_equal(host(vm, PVTI, 4), 2);
	assert_int_equal(host(vm, PVTI + 29, 1), 1);
	assert_true(host(vm, PVTI + 8, 8) > 0);
	assert_int_equal(host(vm, PVTI + 16, 8), host(vm, PVTI + 8, 8));
	hvsim_vm_destroy(vm);
}

static uint8_t sum(struct hvsim_vm *vm, uint64_t pa, size_t n)
{
	uint8_t s = 0, buf[4096];
	assert_true(n <= sizeof(buf));
	assert_true(hvsim_host_read(vm, pa, buf, n));
	for (size_t i = 0; i < n; i++)
		s += buf[i];
	return s;
}

/* The table XSDT entry `i` points at, checked: signature and checksum. */
static uint64_t table(struct hvsim_vm *vm, uint64_t xsdt, unsigned i, const char *sig)
{
	uint64_t t = host(vm, xsdt + 36 + 8 * i, 8);
	char s[5] = { 0 };
	assert_true(hvsim_host_read(vm, t, s, 4));
	assert_string_equal(s, sig);
	assert_int_equal(sum(vm, t, host(vm, t + 4, 4)), 0);
	return t;
}

static bool contains(struct hvsim_vm *vm, uint64_t pa, size_t n, const void *what, size_t wlen)
{
	uint8_t buf[4096];
	assert_true(n <= sizeof(buf) && hvsim_host_read(vm, pa, buf, n));
	return memmem(buf, n, what, wlen) != NULL;
}

static void test_acpi_tables(void **state)
{
	(void)state;
	struct console con = { 0 };
	struct hvsim_vm *vm = new_vm(3, &con);
	static uint8_t elf[0x2000];
	char err[256];
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, make_elf(elf, guest, sizeof(guest)), err,
						 sizeof(err)), 0);
	char sig[9] = { 0 };
	assert_true(hvsim_host_read(vm, X86V_ACPI_BASE, sig, 8));
	assert_string_equal(sig, "RSD PTR ");
	assert_int_equal(sum(vm, X86V_ACPI_BASE, 20), 0);
	assert_int_equal(sum(vm, X86V_ACPI_BASE, 36), 0);
	assert_int_equal(host(vm, X86V_ACPI_BASE + 15, 1), 2);
	uint64_t xsdt = host(vm, X86V_ACPI_BASE + 24, 8);
	assert_int_equal(sum(vm, xsdt, host(vm, xsdt + 4, 4)), 0);
	assert_int_equal(host(vm, xsdt + 4, 4), 36 + 16);

	uint64_t fadt = table(vm, xsdt, 0, "FACP");
	assert_int_equal(host(vm, fadt + 4, 4), 276);
	assert_int_equal(host(vm, fadt + 112, 4), (1u << 20) | (1u << 10));
	assert_int_equal(host(vm, fadt + 244, 1), 1);            /* SLEEP_CONTROL_REG: system I/O */
	assert_int_equal(host(vm, fadt + 248, 8), X86V_ACPI_PORT);
	assert_int_equal(host(vm, fadt + 260, 8), X86V_ACPI_PORT + 1);
	assert_int_equal(host(vm, fadt + 120, 8), X86V_ACPI_PORT + 2);
	assert_int_equal(host(vm, fadt + 128, 1), 0x42);
	uint64_t dsdt = host(vm, fadt + 140, 8);
	assert_int_equal(host(vm, fadt + 40, 4), dsdt);
	char dsig[5] = { 0 };
	assert_true(hvsim_host_read(vm, dsdt, dsig, 4));
	assert_string_equal(dsig, "DSDT");
	uint32_t dlen = (uint32_t)host(vm, dsdt + 4, 4);
	assert_int_equal(sum(vm, dsdt, dlen), 0);
	static const uint8_t s5[] = { 0x08, '_', 'S', '5', '_', 0x12, 7, 4, 0x0a, 5, 0, 0, 0 };
	assert_true(contains(vm, dsdt, dlen, s5, sizeof(s5)));
	static const uint8_t com1[] = { 0x47, 0x01, 0xf8, 0x03, 0xf8, 0x03, 0x01, 0x08, 0x22, 0x10, 0x00 };
	assert_true(contains(vm, dsdt, dlen, com1, sizeof(com1)));
	/* PCI0: PNP0A03, bus 0, its config ports, the I/O around them, the MMIO window. */
	static const uint8_t pci0[] = { 'P', 'C', 'I', '0', 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x03 };
	assert_true(contains(vm, dsdt, dlen, pci0, sizeof(pci0)));
	static const uint8_t bus[] = { 0x88, 13, 0, 2, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
				       0x47, 0x01, 0xf8, 0x0c, 0xf8, 0x0c, 1, 8 };
	assert_true(contains(vm, dsdt, dlen, bus, sizeof(bus)));
	static const uint8_t io_hi[] = { 0x88, 13, 0, 1, 0x0c, 3, 0, 0, 0x00, 0x0d, 0xff, 0xff, 0, 0, 0x00, 0xf3 };
	assert_true(contains(vm, dsdt, dlen, io_hi, sizeof(io_hi)));
	static const uint8_t mmio[] = { 0x87, 23, 0, 0, 0x0c, 1, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff, 0xbf, 0xfe,
					0, 0, 0, 0, 0, 0, 0xc0, 0x3e, 0x79, 0 };
	assert_true(contains(vm, dsdt, dlen, mmio, sizeof(mmio)));
	/* The power button: PWRB (PNP0C0C, no _CRS), GED0 (ACPI0013) on GSI 9, edge, active high, _EVT notifying PWRB. */
	static const uint8_t pwrb[] = { 'P', 'W', 'R', 'B', 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0c, 0x0c,
					0x08, '_', 'U', 'I', 'D', 0x0a, 0, 0x5b, 0x82 };
	assert_true(contains(vm, dsdt, dlen, pwrb, sizeof(pwrb)));
	static const uint8_t ged[] = { 'G', 'E', 'D', '0', 0x08, '_', 'H', 'I', 'D', 0x0d, 'A', 'C', 'P', 'I', '0', '0',
				       '1', '3', 0, 0x08, '_', 'C', 'R', 'S', 0x11 };
	assert_true(contains(vm, dsdt, dlen, ged, sizeof(ged)));
	static const uint8_t irq9[] = { 0x89, 6, 0, 0x03, 1, 9, 0, 0, 0, 0x79, 0 };
	assert_true(contains(vm, dsdt, dlen, irq9, sizeof(irq9)));
	static const uint8_t evt[] = { '_', 'E', 'V', 'T', 1, 0x86, 0x5c, 0x2e, '_', 'S', 'B', '_', 'P', 'W', 'R', 'B',
				       0x0a, 0x80 };
	assert_true(contains(vm, dsdt, dlen, evt, sizeof(evt)));
	/* No PCI device, no _PRT: the DSDT a board without them always had. */
	static const uint8_t prt[] = { 0x08, '_', 'P', 'R', 'T' };
	assert_false(contains(vm, dsdt, dlen, prt, sizeof(prt)));
	/* The Scope's PkgLength covers exactly the rest of the table. */
	assert_int_equal(host(vm, dsdt + 36 + sizeof(s5), 1), 0x10);
	uint16_t pl = (uint16_t)host(vm, dsdt + 36 + sizeof(s5) + 1, 2);
	assert_int_equal((pl & 0xf) | (pl >> 8) << 4, dlen - 36 - sizeof(s5) - 1);

	uint64_t madt = table(vm, xsdt, 1, "APIC");
	assert_int_equal(host(vm, madt + 36, 4), X86V_LAPIC_BASE);
	assert_int_equal(host(vm, madt + 4, 4), 44 + 3 * 8 + 12);
	for (unsigned i = 0; i < 3; i++) {
		uint64_t e = madt + 44 + 8 * i;
		assert_int_equal(host(vm, e, 2), 0 | 8 << 8);
		assert_int_equal(host(vm, e + 3, 1), i);
		assert_int_equal(host(vm, e + 4, 4), 1);
	}
	/* The IO-APIC: ID 0 at 0xfec00000, GSIs from 0. */
	uint64_t io = madt + 44 + 3 * 8;
	assert_int_equal(host(vm, io, 2), 1 | 12 << 8);
	assert_int_equal(host(vm, io + 2, 1), 0);
	assert_int_equal(host(vm, io + 4, 4), X86V_IOAPIC_BASE);
	assert_int_equal(host(vm, io + 8, 4), 0);
	hvsim_vm_destroy(vm);
}

/* Configuration and input the board refuses. */
static void test_bad_config(void **state)
{
	(void)state;
	char err[256];
	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = 16ull << 20, .smp = 1 };
	assert_null(hvsim_vm_create(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "-m"));
	struct console con = { 0 };
	struct hvsim_vm *vm = new_vm(1, &con);
	static uint8_t elf[0x2000];
	size_t n = make_elf(elf, guest, sizeof(guest));
	((Elf64_Ehdr *)elf)->e_machine = EM_AARCH64;
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, n, err, sizeof(err)), HVSIM_BAD_INPUT);
	assert_non_null(strstr(err, "x86-64"));
	hvsim_vm_destroy(vm);
}

/* ------------------------------------------------------ the boot protocol */

/* A kernel at startup_64: reads boot_params (RSI) into RESULTS, then powers off. */
static const uint8_t linux_entry[] = {
	0x0f, 0xb6, 0x86, 0xe8, 0x01, 0x00, 0x00,         /* movzx eax, byte [rsi+0x1e8] (e820_entries) */
	0x89, 0x04, 0x25, 0x00, 0x00, 0x30, 0x00,         /* mov [0x300000], eax */
	0x48, 0x8b, 0x46, 0x70,                           /* mov rax, [rsi+0x70] (acpi_rsdp_addr) */
	0x48, 0x89, 0x04, 0x25, 0x08, 0x00, 0x30, 0x00,   /* mov [0x300008], rax */
	0x8b, 0x86, 0x28, 0x02, 0x00, 0x00,               /* mov eax, [rsi+0x228] (cmd_line_ptr) */
	0x89, 0x04, 0x25, 0x10, 0x00, 0x30, 0x00,         /* mov [0x300010], eax */
	0x8b, 0x86, 0x18, 0x02, 0x00, 0x00,               /* mov eax, [rsi+0x218] (ramdisk_image) */
	0x89, 0x04, 0x25, 0x14, 0x00, 0x30, 0x00,         /* mov [0x300014], eax */
	0x8b, 0x86, 0x1c, 0x02, 0x00, 0x00,               /* mov eax, [rsi+0x21c] (ramdisk_size) */
	0x89, 0x04, 0x25, 0x18, 0x00, 0x30, 0x00,         /* mov [0x300018], eax */
	0xba, 0xf8, 0x03, 0x00, 0x00, 0xb0, 'L', 0xee,    /* 'L' on COM1 */
	0xba, 0x00, 0x06, 0x00, 0x00, 0xb0, 0x34, 0xee,   /* ACPI S5 */
	0xf4, 0xeb, 0xfd,
};

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

#define BZ_SETUP 1024                      /* one setup sector after the boot sector */
#define BZ_LEN (BZ_SETUP + 0x1000)

/* A bzImage with a protocol 2.15 header, a 64-bit kernel, linux_entry at startup_64. */
static void make_bzimage(uint8_t *b, uint16_t version, uint16_t xloadflags, uint32_t init_size)
{
	memset(b, 0, BZ_LEN);
	b[0x1f1] = 1;                          /* setup_sects */
	put16(b + 0x1fe, 0xaa55);
	b[0x200] = 0xeb;
	b[0x201] = 0x6a;                       /* the header runs to 0x26c */
	put32(b + 0x202, 0x53726448);          /* "HdrS" */
	put16(b + 0x206, version);
	b[0x211] = 1;                          /* LOADED_HIGH */
	put32(b + 0x22c, 0x7fffffff);          /* initrd_addr_max */
	put32(b + 0x230, 0x200000);            /* kernel_alignment */
	put16(b + 0x236, xloadflags);
	put32(b + 0x238, 2047);                /* cmdline_size */
	put64(b + 0x258, 0x1000000);           /* pref_address */
	put32(b + 0x260, init_size);
	memcpy(b + BZ_SETUP + 0x200, linux_entry, sizeof(linux_entry));
}

/* Write a temporary file named for `name` into p[256]; returns p. */
static char *write_tmp(char *p, const char *name, const void *data, size_t len)
{
	snprintf(p, 256, "/tmp/test_x86_virt.%d.%s", (int)getpid(), name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	return p;
}

static void test_linux_boot(void **state)
{
	(void)state;
	static uint8_t bz[BZ_LEN];
	static uint8_t initrd[10000];
	for (size_t i = 0; i < sizeof(initrd); i++)
		initrd[i] = (uint8_t)(i * 7);
	make_bzimage(bz, 0x20f, 1, 0x100000);
	char kbuf[256], ibuf[256];
	char *kpath = write_tmp(kbuf, "bzImage", bz, sizeof(bz));
	char *ipath = write_tmp(ibuf, "initrd", initrd, sizeof(initrd));
	struct console con = { 0 };
	struct hvsim_vm *vm = new_vm(1, &con);
	char err[256];
	assert_int_equal(hvsim_vm_load_kernel(vm, kpath, ipath, "console=ttyS0", err, sizeof(err)), 0);
	struct hvsim_result res;
	hvsim_vm_run(vm, &res);
	assert_int_equal(res.status, HVSIM_OK);
	assert_string_equal(con.text, "L");
	assert_int_equal(host(vm, RESULTS, 4), 3);                /* 64 MiB: three e820 entries */
	assert_int_equal(host(vm, RESULTS + 8, 8), X86V_ACPI_BASE);
	assert_int_equal(host(vm, RESULTS + 16, 4), X86V_CMDLINE);
	uint64_t at = ((64ull << 20) - sizeof(initrd)) & ~0xfffull;
	assert_int_equal(host(vm, RESULTS + 20, 4), at);
	assert_int_equal(host(vm, RESULTS + 24, 4), sizeof(initrd));
	uint8_t back[sizeof(initrd)];
	assert_true(hvsim_host_read(vm, at, back, sizeof(back)));
	assert_memory_equal(back, initrd, sizeof(initrd));
	char cmd[16] = { 0 };
	assert_true(hvsim_host_read(vm, X86V_CMDLINE, cmd, sizeof(cmd) - 1));
	assert_string_equal(cmd, "console=ttyS0");
	/* The zero page: the header copied, type_of_loader set; the e820 map. */
	assert_int_equal(host(vm, X86V_ZERO_PAGE + 0x202, 4), 0x53726448);
	assert_int_equal(host(vm, X86V_ZERO_PAGE + 0x210, 1), 0xff);
	assert_int_equal(host(vm, X86V_ZERO_PAGE + 0x2d0 + 20 + 0, 8), X86V_ACPI_BASE);
	assert_int_equal(host(vm, X86V_ZERO_PAGE + 0x2d0 + 20 + 16, 4), 2);
	assert_int_equal(host(vm, X86V_ZERO_PAGE + 0x2d0 + 40 + 8, 8), (64ull << 20) - 0x100000);
	hvsim_vm_destroy(vm);
	unlink(kpath);
	unlink(ipath);
}

/* Images and initrds the boot protocol refuses, each with the culprit named. */
static void test_linux_bad_input(void **state)
{
	(void)state;
	static uint8_t bz[BZ_LEN];
	static uint8_t initrd[2 << 20];
	const struct { uint16_t version, xlf; uint32_t init_size; size_t len; bool with_initrd; const char *want; } cases[] = {
		{ 0x20b, 1, 0x100000, BZ_LEN, false, "boot protocol 2.11 is not supported" },
		{ 0x20f, 0, 0x100000, BZ_LEN, false, "32-bit-only kernel" },
		{ 0x20f, 1, 0x100000, 0x240, false, "setup header is truncated" },
		{ 0x20f, 1, 0x100000, BZ_SETUP + 0x100, false, "truncated: " },
		{ 0x20f, 1, 0x2f00000, BZ_LEN, true, "overlaps the kernel" },
		{ 0x20f, 1, 0x8000000, BZ_LEN, false, "beyond the" },
	};
	char kbuf[256], ibuf[256];
	char *ipath = write_tmp(ibuf, "initrd", initrd, sizeof(initrd));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		make_bzimage(bz, cases[i].version, cases[i].xlf, cases[i].init_size);
		char *kpath = write_tmp(kbuf, "bad", bz, cases[i].len);
		struct console con = { 0 };
		struct hvsim_vm *vm = new_vm(1, &con);
		char err[256];
		int rc = hvsim_vm_load_kernel(vm, kpath, cases[i].with_initrd ? ipath : NULL, NULL, err,
					      sizeof(err));
		if (rc != HVSIM_BAD_INPUT)
			fail_msg("case %zu: status %d, not 2", i, rc);
		if (!strstr(err, cases[i].want) || !strstr(err, kpath))
			fail_msg("case %zu: '%s' does not say '%s'", i, err, cases[i].want);
		hvsim_vm_destroy(vm);
		unlink(kpath);
	}
	unlink(ipath);
}

/*
 * A fault with no IDT (limit 0) is #GP, then #DF, then a shutdown: with
 * -no-reboot the run ends as a guest crash (without, the machine resets, as
 * a PC: guest.x86.reset_triple). The trace shows the instructions' bytes
 * and each exception that was raised.
 */
static void test_triple_fault(void **state)
{
	(void)state;
	static const uint8_t code[] = { 0xfc, 0x31, 0xc0, 0x0f, 0x0b };   /* cld; xor eax, eax; ud2 */
	struct console con = { 0 };
	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = 64ull << 20, .smp = 1,
				    .max_insns = 100000, .no_reboot = true, .console_out = console_out,
				    .console_opaque = &con };
	char cerr[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, cerr, sizeof(cerr));
	assert_non_null(vm);
	static uint8_t elf[0x2000];
	char err[256], log[64];
	size_t n = make_elf(elf, code, sizeof(code));
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, n, err, sizeof(err)), 0);
	snprintf(log, sizeof(log), "/tmp/test_x86_virt.%d.log", (int)getpid());
	struct hvsim_debug_config dc = { .log_items = HVSIM_LOG_IN_ASM | HVSIM_LOG_INT, .log_file = log };
	assert_int_equal(hvsim_vm_debug(vm, &dc, err, sizeof(err)), 0);
	struct hvsim_result res;
	hvsim_vm_run(vm, &res);
	assert_int_equal(res.status, HVSIM_GUEST_PANIC);
	assert_string_equal(res.why, "the vCPU shut down (triple fault)");
	hvsim_vm_destroy(vm);
	static char text[4096];
	FILE *f = fopen(log, "r");
	assert_non_null(f);
	text[fread(text, 1, sizeof(text) - 1, f)] = 0;
	fclose(f);
	unlink(log);
	assert_non_null(strstr(text, "0x0000000000200000:  fc  cld\n"));
	assert_non_null(strstr(text, "0x0000000000200001:  31c0  xor eax, eax\n"));
	assert_non_null(strstr(text, "0x0000000000200003:  0f0b  ud2\n"));
	assert_non_null(strstr(text, "CPL0->CPL0 #UD syndrome=0x0 ret=0x200003"));
	assert_non_null(strstr(text, "CPL0->CPL0 #GP syndrome=0x33 ret=0x200003"));
	assert_non_null(strstr(text, "CPL0->CPL0 #DF syndrome=0x0 ret=0x200003"));
}

/*
 * PCI configuration mechanism #1 (dev/pci_host.c) from a guest: CONFIG_ADDRESS
 * reads back; the host bridge's ids and class at 00:00.0 (dword, word and
 * byte reads); its command register keeps the enable bits only; device 1,
 * bus 1 and the enable bit clear read all ones; a byte write to 0xCF8 is no
 * CONFIG_ADDRESS write.
 */
static const uint8_t pci_guest[] = {
	0xba, 0xf8, 0x0c, 0x00, 0x00,               /* mov edx, 0xcf8 */
	0xb8, 0x00, 0x00, 0x00, 0x80,               /* mov eax, 0x80000000 (00:00.0, reg 0) */
	0xef, 0xed,                                 /* out dx, eax; in eax, dx */
	0x89, 0x04, 0x25, 0x00, 0x00, 0x30, 0x00,   /* mov [0x300000], eax: CONFIG_ADDRESS */
	0xb2, 0xfc,                                 /* mov dl, 0xfc */
	0xed,                                       /* in eax, dx: ids */
	0x89, 0x04, 0x25, 0x04, 0x00, 0x30, 0x00,   /* mov [0x300004], eax */
	0xb2, 0xf8, 0xb8, 0x08, 0x00, 0x00, 0x80,   /* mov dl, 0xf8; mov eax, 0x80000008 (class) */
	0xef, 0xb2, 0xfe, 0x66, 0xed,               /* out dx, eax; mov dl, 0xfe; in ax, dx */
	0x66, 0x89, 0x04, 0x25, 0x08, 0x00, 0x30, 0x00, /* mov [0x300008], ax: class 0x0600 */
	0xb2, 0xf8, 0xb8, 0x04, 0x00, 0x00, 0x80,   /* mov dl, 0xf8; mov eax, 0x80000004 (command) */
	0xef, 0xb2, 0xfc, 0x66, 0xb8, 0xff, 0xff,   /* out dx, eax; mov dl, 0xfc; mov ax, 0xffff */
	0x66, 0xef, 0xec,                           /* out dx, ax; in al, dx */
	0x88, 0x04, 0x25, 0x0a, 0x00, 0x30, 0x00,   /* mov [0x30000a], al: 7 */
	0xb2, 0xf8, 0xb8, 0x00, 0x08, 0x00, 0x80,   /* mov dl, 0xf8; mov eax, 0x80000800 (00:01.0) */
	0xef, 0xb2, 0xfc, 0xed,                     /* out dx, eax; mov dl, 0xfc; in eax, dx */
	0x89, 0x04, 0x25, 0x0c, 0x00, 0x30, 0x00,   /* mov [0x30000c], eax: none there */
	0xb2, 0xf8, 0xb8, 0x00, 0x00, 0x01, 0x80,   /* mov dl, 0xf8; mov eax, 0x80010000 (bus 1) */
	0xef, 0xb2, 0xfc, 0xed,                     /* out dx, eax; mov dl, 0xfc; in eax, dx */
	0x89, 0x04, 0x25, 0x10, 0x00, 0x30, 0x00,   /* mov [0x300010], eax */
	0xb2, 0xf8, 0x31, 0xc0, 0xef,               /* mov dl, 0xf8; xor eax, eax; out dx, eax */
	0xb2, 0xfc, 0xed,                           /* mov dl, 0xfc; in eax, dx */
	0x89, 0x04, 0x25, 0x14, 0x00, 0x30, 0x00,   /* mov [0x300014], eax: disabled */
	0xb2, 0xf8, 0xb0, 0x01, 0xee, 0xed,         /* mov dl, 0xf8; mov al, 1; out dx, al; in eax, dx */
	0x89, 0x04, 0x25, 0x18, 0x00, 0x30, 0x00,   /* mov [0x300018], eax: still 0 */
	0xba, 0x00, 0x06, 0x00, 0x00,               /* mov edx, 0x600 (SLEEP_CTL) */
	0xb0, 0x34, 0xee,                           /* mov al, SLP_EN | S5 << 2; out dx, al */
	0xf4, 0xeb, 0xfd,                           /* hlt; jmp hlt */
};

static void test_pci_host(void **state)
{
	(void)state;
	struct console con = { 0 };
	struct hvsim_vm *vm = new_vm(1, &con);
	static uint8_t elf[0x2000];
	char err[256];
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, make_elf(elf, pci_guest, sizeof(pci_guest)), err,
						 sizeof(err)), 0);
	struct hvsim_result res;
	hvsim_vm_run(vm, &res);
	assert_int_equal(res.status, HVSIM_OK);
	assert_int_equal(host(vm, RESULTS, 4), 0x80000000);
	assert_int_equal(host(vm, RESULTS + 4, 4), 0x00081b36);
	assert_int_equal(host(vm, RESULTS + 8, 2), 0x0600);
	assert_int_equal(host(vm, RESULTS + 10, 1), 7);
	assert_int_equal(host(vm, RESULTS + 12, 4), 0xffffffff);
	assert_int_equal(host(vm, RESULTS + 16, 4), 0xffffffff);
	assert_int_equal(host(vm, RESULTS + 20, 4), 0xffffffff);
	assert_int_equal(host(vm, RESULTS + 24, 4), 0);
	hvsim_vm_destroy(vm);
}

/*
 * With a virtio-rng (slot 1, PCI device 2): PCI0's _PRT routes its INTA#
 * to GSI 17 (level, active low), and the function's Interrupt Line says so.
 */
static void test_pci_prt(void **state)
{
	(void)state;
	struct console con = { 0 };
	struct hvsim_config cfg = { .machine = "x86-virt", .ram_bytes = 64ull << 20, .smp = 1,
				    .max_insns = 100000, .console_out = console_out, .console_opaque = &con,
				    .virtio_rng = true };
	char err[256];
	struct hvsim_vm *vm = hvsim_vm_create(&cfg, err, sizeof(err));
	assert_non_null(vm);
	static uint8_t elf[0x2000];
	assert_int_equal(hvsim_vm_load_elf_bytes(vm, elf, make_elf(elf, guest, sizeof(guest)), err,
						 sizeof(err)), 0);
	uint64_t xsdt = host(vm, X86V_ACPI_BASE + 24, 8);
	uint64_t fadt = table(vm, xsdt, 0, "FACP");
	uint64_t dsdt = host(vm, fadt + 140, 8);
	uint32_t dlen = (uint32_t)host(vm, dsdt + 4, 4);
	assert_int_equal(sum(vm, dsdt, dlen), 0);
	static const uint8_t prt[] = { 0x08, '_', 'P', 'R', 'T', 0x12, 0x40 | 15, 0, 1,
				       0x12, 11, 4, 0x0c, 0xff, 0xff, 2, 0, 0, 0, 0x0a, 17 };
	assert_true(contains(vm, dsdt, dlen, prt, sizeof(prt)));
	/* The Scope's PkgLength still covers exactly the rest of the table. */
	uint16_t pl = (uint16_t)host(vm, dsdt + 36 + 13 + 1, 2);
	assert_int_equal((pl & 0xf) | (pl >> 8) << 4, dlen - 36 - 13 - 1);
	hvsim_vm_destroy(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bare_metal),
		cmocka_unit_test(test_acpi_tables),
		cmocka_unit_test(test_pci_prt),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_linux_boot),
		cmocka_unit_test(test_linux_bad_input),
		cmocka_unit_test(test_triple_fault),
		cmocka_unit_test(test_pci_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
