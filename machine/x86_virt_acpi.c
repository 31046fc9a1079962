/*
 * The ACPI tables x86-virt describes itself with (ACPI 6.5): RSDP, XSDT,
 * a hardware-reduced FADT, the MADT and a small DSDT, plus whatever extra
 * tables and MADT structures a board passes (x86_virt.h). Tables are
 * written one after another, 8-byte aligned, each closed with its length
 * and checksum; the XSDT's slots are reserved first and filled as the
 * tables land.
 */
#include <string.h>

#include "machine/x86_virt.h"

struct x86_acpi_buf {
	uint8_t *p;
	size_t cap, len;
	uint64_t gpa;                      /* where p[0] will be */
	bool full;
};

static void put(struct x86_acpi_buf *b, const void *data, size_t n)
{
	if (b->len + n > b->cap) {
		b->full = true;
		return;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void put_le(struct x86_acpi_buf *b, uint64_t v, unsigned n)
{
	uint8_t bytes[8];
	for (unsigned i = 0; i < n; i++)
		bytes[i] = (uint8_t)(v >> (8 * i));
	put(b, bytes, n);
}

static void set_le(struct x86_acpi_buf *b, size_t at, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n && !b->full; i++)
		b->p[at + i] = (uint8_t)(v >> (8 * i));
}

static void align8(struct x86_acpi_buf *b)
{
	while (b->len & 7 && !b->full)
		put_le(b, 0, 1);
}

static uint8_t checksum(const uint8_t *p, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	return (uint8_t)-sum;
}

/* The common 36-byte header (5.2.6), length and checksum filled by table_end. */
static size_t table_begin(struct x86_acpi_buf *b, const char sig[4], uint8_t rev)
{
	align8(b);
	size_t at = b->len;
	put(b, sig, 4);
	put_le(b, 0, 4);                   /* length */
	put_le(b, rev, 1);
	put_le(b, 0, 1);                   /* checksum */
	put(b, "HVSIM ", 6);               /* OEMID */
	put(b, "HVSIMX86", 8);             /* OEM table ID */
	put_le(b, 1, 4);                   /* OEM revision */
	put(b, "HVSM", 4);                 /* creator ID */
	put_le(b, 1, 4);                   /* creator revision */
	return at;
}

static uint64_t table_end(struct x86_acpi_buf *b, size_t at)
{
	if (b->full)
		return 0;
	set_le(b, at + 4, b->len - at, 4);
	b->p[at + 9] = checksum(b->p + at, b->len - at);
	return b->gpa + at;
}

/* A Generic Address Structure (5.2.3.2) for a byte-wide register in system I/O space. */
static void gas_io8(struct x86_acpi_buf *b, uint16_t port)
{
	put_le(b, 1, 1);                   /* address space: system I/O */
	put_le(b, 8, 1);                   /* register bit width */
	put_le(b, 0, 1);                   /* bit offset */
	put_le(b, 1, 1);                   /* access size: byte */
	put_le(b, port, 8);
}

/* ---------------------------------------------------------------- DSDT */

/* AML (ACPI 6.5 chapter 20): the opcodes and encodings the DSDT uses. */
enum {
	AML_ZERO = 0x00, AML_NAME = 0x08, AML_BYTE = 0x0a, AML_BUFFER = 0x11, AML_PACKAGE = 0x12,
	AML_SCOPE = 0x10, AML_EXT = 0x5b, AML_DEVICE = 0x82, AML_DWORD = 0x0c,
	AML_STRING = 0x0d, AML_METHOD = 0x14, AML_NOTIFY = 0x86, AML_ROOT = 0x5c, AML_DUAL_NAME = 0x2e,
};

/*
 * A PkgLength (20.2.4) opened here and closed by pkg_end, which patches
 * in the length of everything from it on (itself included), in the
 * two-byte form (up to 4095 bytes: this DSDT's objects are small).
 */
static size_t pkg_begin(struct x86_acpi_buf *b)
{
	size_t at = b->len;
	put_le(b, 0, 2);
	return at;
}

static void pkg_end(struct x86_acpi_buf *b, size_t at)
{
	size_t n = b->len - at;
	if (b->full)
		return;
	b->p[at] = (uint8_t)(0x40 | (n & 0xf));
	b->p[at + 1] = (uint8_t)(n >> 4);
}

/* Name(NAME, ...): the name op and the name; the caller writes the object. */
static void aml_name(struct x86_acpi_buf *b, const char name[4])
{
	put_le(b, AML_NAME, 1);
	put(b, name, 4);
}

/* A ResourceTemplate (6.4) with an I/O port range and an IRQ, ended by its end tag. */
static size_t uart_resources(uint8_t *r, uint16_t port, uint8_t irq)
{
	static const uint8_t tmpl[] = {
		0x47, 0x01, 0, 0, 0, 0, 0x01, 0x08,   /* IO(Decode16, port, port, 1, 8) */
		0x22, 0, 0,                           /* IRQNoFlags() {irq} */
		0x79, 0x00,                           /* end tag, checksum 0 */
	};
	memcpy(r, tmpl, sizeof(tmpl));
	r[2] = r[4] = (uint8_t)port;
	r[3] = r[5] = (uint8_t)(port >> 8);
	r[9] = (uint8_t)(1u << (irq & 7));
	r[10] = (uint8_t)(irq >= 8 ? 1u << (irq - 8) : 0);
	return sizeof(tmpl);
}

/*
 * The PCI host bridge's resources (6.4): bus 0 only, the configuration
 * ports it decodes itself, the rest of the I/O space and the 32-bit MMIO
 * window [mmio_base, mmio_base + mmio_size) passed down, as Word/DWord
 * Address Space Descriptors (6.4.3.5.2, 6.4.3.5.3) that produce them.
 */
static size_t pci_resources(uint8_t *r, uint16_t cfg_port, uint32_t mmio_base, uint32_t mmio_size)
{
	size_t n = 0;
	/* Word address space: type, general flags (MinFixed, MaxFixed, producer), type flags, then words. */
	const struct { uint8_t type, tflags; uint16_t min, max; } words[] = {
		{ 2, 0, 0, 0 },                                    /* bus numbers 0-0 */
		{ 1, 3, 0, (uint16_t)(cfg_port - 1) },             /* I/O below the config ports (entire range) */
		{ 1, 3, (uint16_t)(cfg_port + 8), 0xffff },        /* and above them */
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		uint16_t len = (uint16_t)(words[i].max - words[i].min + 1);
		uint8_t d[16] = { 0x88, 13, 0, words[i].type, 0x0c, words[i].tflags, 0, 0,
				  (uint8_t)words[i].min, (uint8_t)(words[i].min >> 8),
				  (uint8_t)words[i].max, (uint8_t)(words[i].max >> 8), 0, 0,
				  (uint8_t)len, (uint8_t)(len >> 8) };
		memcpy(r + n, d, sizeof(d));
		n += sizeof(d);
		if (i == 0) {
			/* IO(Decode16, cfg_port, cfg_port, 1, 8): the bridge's own ports */
			uint8_t io[8] = { 0x47, 0x01, (uint8_t)cfg_port, (uint8_t)(cfg_port >> 8),
					  (uint8_t)cfg_port, (uint8_t)(cfg_port >> 8), 1, 8 };
			memcpy(r + n, io, sizeof(io));
			n += sizeof(io);
		}
	}
	/* DWord memory: read-write, non-cacheable; granularity, min, max, translation, length. */
	uint8_t m[26] = { 0x87, 23, 0, 0, 0x0c, 0x01 };
	uint32_t v[5] = { 0, mmio_base, mmio_base + mmio_size - 1, 0, mmio_size };
	for (unsigned i = 0; i < 5; i++)
		for (unsigned k = 0; k < 4; k++)
			m[6 + 4 * i + k] = (uint8_t)(v[i] >> (8 * k));
	memcpy(r + n, m, sizeof(m));
	n += sizeof(m);
	r[n++] = 0x79;                     /* end tag, checksum 0 */
	r[n++] = 0;
	return n;
}

/* Name(_CRS, Buffer() { res }): a device's resources. */
static void aml_crs(struct x86_acpi_buf *b, const uint8_t *res, size_t nres)
{
	aml_name(b, "_CRS");
	put_le(b, AML_BUFFER, 1);
	size_t buf = pkg_begin(b);
	put_le(b, AML_BYTE, 1);
	put_le(b, nres, 1);
	put(b, res, nres);
	pkg_end(b, buf);
}

/*
 * Device(NAME) { Name(_HID, eisa_id) Name(_UID, uid) Name(_CRS, Buffer() { res }) ...
 * (no _CRS when nres is 0) left open for more objects: the caller closes it with pkg_end(b, returned).
 */
static size_t aml_device_begin(struct x86_acpi_buf *b, const char name[4], uint32_t eisa_id, uint8_t uid,
		       const uint8_t *res, size_t nres)
{
	put_le(b, AML_EXT, 1);
	put_le(b, AML_DEVICE, 1);
	size_t dev = pkg_begin(b);
	put(b, name, 4);
	aml_name(b, "_HID");
	put_le(b, AML_DWORD, 1);
	put_le(b, eisa_id, 4);
	aml_name(b, "_UID");
	put_le(b, AML_BYTE, 1);
	put_le(b, uid, 1);
	if (nres)
		aml_crs(b, res, nres);
	return dev;
}

/*
 * PCI0's _PRT (ACPI 6.5 6.2.13), when some device's INTA# is wired: for
 * each, Package { 0xDDDDFFFF (device DDDD, any function), pin 0 (INTA#),
 * source Zero (the last element is a GSI, not a link device), its GSI }.
 * Such interrupts are level-triggered and active low.
 */
static void pci_prt(struct x86_acpi_buf *b, const uint8_t gsi[32])
{
	unsigned n = 0;
	for (unsigned d = 0; gsi && d < 32; d++)
		n += gsi[d] != 0;
	if (!n)
		return;
	aml_name(b, "_PRT");
	put_le(b, AML_PACKAGE, 1);
	size_t pkg = pkg_begin(b);
	put_le(b, n, 1);
	for (unsigned d = 0; d < 32; d++) {
		if (!gsi[d])
			continue;
		put_le(b, AML_PACKAGE, 1);
		put_le(b, 11, 1);          /* one-byte PkgLength: itself, the count, 9 bytes of elements */
		put_le(b, 4, 1);
		put_le(b, AML_DWORD, 1);
		put_le(b, (uint64_t)d << 16 | 0xffff, 4);
		put_le(b, AML_ZERO, 1);
		put_le(b, AML_ZERO, 1);
		put_le(b, AML_BYTE, 1);
		put_le(b, gsi[d], 1);
	}
	pkg_end(b, pkg);
}

/*
 * The power button as a hardware-reduced machine has it (ACPI 6.5 4.8.2.2.1.2
 * "Control Method Power Button"): \_SB.PWRB, a PNP0C0C, notified 0x80 (the
 * button was pressed) by the _EVT of a Generic Event Device (ACPI0013,
 * 5.6.9 "Interrupt-signaled ACPI events") whose one interrupt, edge-
 * triggered and active high on `gsi`, is the press. Linux's evged.c runs
 * _EVT for an interrupt it finds no _Exx for, and its ACPI button driver
 * turns the notification into KEY_POWER. QEMU's microvm and arm virt use
 * a GED with an event selector register; one event needs none here.
 */
static void power_button(struct x86_acpi_buf *b, uint8_t gsi)
{
	pkg_end(b, aml_device_begin(b, "PWRB", 0x0c0cd041, 0, NULL, 0));   /* EisaId("PNP0C0C") */

	put_le(b, AML_EXT, 1);
	put_le(b, AML_DEVICE, 1);
	size_t dev = pkg_begin(b);
	put(b, "GED0", 4);
	aml_name(b, "_HID");
	put_le(b, AML_STRING, 1);
	put(b, "ACPI0013", 9);             /* with its NUL */
	/* Extended Interrupt Descriptor (6.4.3.6): consumer, edge, active high, exclusive. */
	const uint8_t irq[] = { 0x89, 6, 0, 0x03, 1, gsi, 0, 0, 0, 0x79, 0 };
	aml_crs(b, irq, sizeof(irq));
	/* Method(_EVT, 1) { Notify(\_SB.PWRB, 0x80) } */
	put_le(b, AML_METHOD, 1);
	size_t method = pkg_begin(b);
	put(b, "_EVT", 4);
	put_le(b, 1, 1);                   /* one argument, not serialized */
	put_le(b, AML_NOTIFY, 1);
	put_le(b, AML_ROOT, 1);
	put_le(b, AML_DUAL_NAME, 1);
	put(b, "_SB_PWRB", 8);
	put_le(b, AML_BYTE, 1);
	put_le(b, 0x80, 1);
	pkg_end(b, method);
	pkg_end(b, dev);
}

/*
 * \_S5 (7.4.2: the SLP_TYP hardware-reduced sleep control takes for S5)
 * and, under \_SB, COM1 as PNP0501 with its ports and IRQ (so Linux's
 * ACPI serial driver finds it where no legacy probe runs), and the PCI
 * host bridge when the board has one (Linux scans the buses ACPI names),
 * and the power button when it has one.
 */
static void dsdt_body(struct x86_acpi_buf *b, const struct x86_acpi_config *cfg)
{
	aml_name(b, "_S5_");
	put_le(b, AML_PACKAGE, 1);
	put_le(b, 7, 1);                   /* one-byte PkgLength: 7 bytes */
	put_le(b, 4, 1);                   /* four elements */
	put_le(b, AML_BYTE, 1);
	put_le(b, cfg->s5_type, 1);
	put_le(b, AML_ZERO, 1);
	put_le(b, AML_ZERO, 1);
	put_le(b, AML_ZERO, 1);

	uint8_t res[16];
	size_t nres = uart_resources(res, cfg->uart_port, cfg->uart_irq);
	put_le(b, AML_SCOPE, 1);
	size_t scope = pkg_begin(b);
	put(b, "_SB_", 4);
	pkg_end(b, aml_device_begin(b, "COM1", 0x0105d041, 1, res, nres));   /* EisaId("PNP0501") */
	if (cfg->pci_mmio_size) {
		/* PCI0: a PCI host bridge (6.1.5), segment 0, bus 0 (_SEG, _BBN left at 0). */
		uint8_t pres[96];
		size_t npres = pci_resources(pres, cfg->pci_cfg_port, cfg->pci_mmio_base, cfg->pci_mmio_size);
		size_t dev = aml_device_begin(b, "PCI0", 0x030ad041, 0, pres, npres);   /* EisaId("PNP0A03") */
		pci_prt(b, cfg->pci_gsi);
		pkg_end(b, dev);
	}
	if (cfg->button_gsi)
		power_button(b, cfg->button_gsi);
	pkg_end(b, scope);
}

/* ---------------------------------------------------------------- FADT */

enum {
	FADT_REV = 6, FADT_MINOR = 5, FADT_SIZE = 276,
	FADT_DSDT = 40, FADT_IAPC_BOOT_ARCH = 109, FADT_FLAGS = 112, FADT_RESET_REG = 116,
	FADT_RESET_VALUE = 128, FADT_MINOR_VERSION = 131, FADT_X_DSDT = 140,
	FADT_SLEEP_CONTROL = 244, FADT_SLEEP_STATUS = 256,
	/* Flags (Table 5.10): the reset register is supported; hardware-reduced ACPI. */
	FADT_RESET_REG_SUP = 1u << 10, FADT_HW_REDUCED = 1u << 20,
	/* IAPC_BOOT_ARCH (Table 5.11): no VGA, no CMOS RTC (none modelled); no 8042. */
	IAPC_VGA_NOT_PRESENT = 1u << 2, IAPC_CMOS_RTC_NOT_PRESENT = 1u << 5,
};

/*
 * The FADT (5.2.9) of a hardware-reduced machine: no PM1/GPE blocks, no
 * SCI, no SMI; the sleep control/status registers and the reset register
 * in I/O space, the DSDT by its 64-bit pointer (and the 32-bit one, which
 * fits).
 */
static void fadt_body(struct x86_acpi_buf *b, const struct x86_acpi_config *cfg, uint64_t dsdt)
{
	size_t at = b->len - 36;
	for (size_t i = 36; i < FADT_SIZE; i++)
		put_le(b, 0, 1);
	if (b->full)
		return;
	set_le(b, at + FADT_DSDT, dsdt, 4);
	set_le(b, at + FADT_IAPC_BOOT_ARCH, IAPC_VGA_NOT_PRESENT | IAPC_CMOS_RTC_NOT_PRESENT, 2);
	set_le(b, at + FADT_FLAGS, FADT_RESET_REG_SUP | FADT_HW_REDUCED, 4);
	b->p[at + FADT_RESET_VALUE] = cfg->reset_value;
	b->p[at + FADT_MINOR_VERSION] = FADT_MINOR;
	set_le(b, at + FADT_X_DSDT, dsdt, 8);
	struct { size_t off; uint16_t port; } regs[] = {
		{ FADT_RESET_REG, (uint16_t)(cfg->sleep_port + 2) },
		{ FADT_SLEEP_CONTROL, cfg->sleep_port },
		{ FADT_SLEEP_STATUS, (uint16_t)(cfg->sleep_port + 1) },
	};
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		size_t end = b->len;
		b->len = at + regs[i].off;
		gas_io8(b, regs[i].port);
		b->len = end;
	}
}

/* ---------------------------------------------------------------- MADT */

enum { MADT_LAPIC = 0, MADT_LAPIC_ENABLED = 1 };

/*
 * The MADT (5.2.12): the local APIC address, no PC-AT 8259s, a Processor
 * Local APIC structure per vCPU (APIC ID = UID = index: below 255, where
 * 5.2.12.12 has x2APIC structures only for larger IDs), then the board's.
 */
static void madt_body(struct x86_acpi_buf *b, const struct x86_acpi_config *cfg)
{
	put_le(b, cfg->lapic_base, 4);
	put_le(b, 0, 4);                   /* flags: no PCAT_COMPAT */
	for (unsigned i = 0; i < cfg->n_cpus; i++) {
		put_le(b, MADT_LAPIC, 1);
		put_le(b, 8, 1);
		put_le(b, i, 1);           /* ACPI processor UID */
		put_le(b, i, 1);           /* APIC ID */
		put_le(b, MADT_LAPIC_ENABLED, 4);
	}
	for (size_t i = 0; i < cfg->n_madt; i++) {
		put_le(b, cfg->madt[i].type, 1);
		put_le(b, 2u + cfg->madt[i].len, 1);
		put(b, cfg->madt[i].body, cfg->madt[i].len);
	}
}

/* ------------------------------------------------------------ the set */

size_t x86_acpi_build(const struct x86_acpi_config *cfg, uint64_t gpa, uint8_t *out, size_t cap)
{
	struct x86_acpi_buf b = { .p = out, .cap = cap, .gpa = gpa };
	size_t n_xsdt = 2 + cfg->n_extra;  /* FADT, MADT, the extras */
	uint64_t addr[2 + X86_ACPI_MAX_EXTRA];
	if (cfg->n_extra > X86_ACPI_MAX_EXTRA)
		return 0;

	/* RSDP (5.2.5.3), revision 2: 36 bytes, XSDT right after it. */
	put(&b, "RSD PTR ", 8);
	put_le(&b, 0, 1);                  /* checksum of the first 20 bytes */
	put(&b, "HVSIM ", 6);
	put_le(&b, 2, 1);
	put_le(&b, 0, 4);                  /* RsdtAddress: none, the XSDT serves */
	put_le(&b, 36, 4);
	put_le(&b, 0, 8);                  /* XsdtAddress, below */
	put_le(&b, 0, 4);                  /* extended checksum, reserved */

	size_t xsdt = table_begin(&b, "XSDT", 1);
	size_t slots = b.len;
	for (size_t i = 0; i < n_xsdt; i++)
		put_le(&b, 0, 8);
	uint64_t xsdt_gpa = table_end(&b, xsdt);

	size_t at = table_begin(&b, "DSDT", 2);
	dsdt_body(&b, cfg);
	uint64_t dsdt = table_end(&b, at);

	at = table_begin(&b, "FACP", FADT_REV);
	fadt_body(&b, cfg, dsdt);
	addr[0] = table_end(&b, at);
	at = table_begin(&b, "APIC", 5);
	madt_body(&b, cfg);
	addr[1] = table_end(&b, at);
	for (size_t i = 0; i < cfg->n_extra; i++) {
		at = table_begin(&b, cfg->extra[i].sig, cfg->extra[i].rev);
		cfg->extra[i].body(&b, cfg->extra[i].opaque);
		addr[2 + i] = table_end(&b, at);
	}
	if (b.full)
		return 0;
	for (size_t i = 0; i < n_xsdt; i++)
		set_le(&b, slots + 8 * i, addr[i], 8);
	b.p[xsdt + 9] = 0;
	b.p[xsdt + 9] = checksum(b.p + xsdt, 36 + 8 * n_xsdt);
	set_le(&b, 24, xsdt_gpa, 8);
	b.p[8] = checksum(b.p, 20);
	b.p[32] = checksum(b.p, 36);
	return b.len;
}
