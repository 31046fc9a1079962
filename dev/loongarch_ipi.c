/*
 * LoongArch IPI registers (3A5000 manual "Inter-processor interrupts and
 * communication"; field layouts as Linux's IOCSR_IPI_SEND_*,
 * IOCSR_MBUF_SEND_* and IOCSR_ANY_SEND_* give them). Accesses are cut into
 * 64-bit words: STATUS and ENABLE share one, SET and CLEAR the next.
 */
#include <stdlib.h>
#include <string.h>

#include "dev/loongarch_ipi.h"
#include "dev/mmio.h"
#include "mem/snap.h"

#define PERCPU_SIZE 0x50        /* STATUS ... MAIL_SEND */
#define N_MAILBOXES 4
#define SEND_CPU(v) (((v) >> 16) & 0x3ff)   /* bits 25:16 of every send register */
#define IPI_SEND_VECTOR(v) ((v) & 0x1f)
#define MAIL_SEND_BOX(v) (((v) >> 2) & 7)  /* mailbox * 2 + (1: the high half) */
#define ANY_SEND_ADDR(v) ((v) & 0xffff)
#define ANY_SEND_MASK(v) (((v) >> 27) & 0xf)  /* bit n set: byte n is not written */
#define SEND_DATA(v) ((v) >> 32)

struct ipi_core {
	uint32_t status, enable;
	uint64_t mbuf[N_MAILBOXES];
	bool line;
};

struct loongarch_ipi {
	struct mem_space *iocsr;
	int n_cpus;
	void (*set_cpu_irq)(void *opaque, int cpu, bool level);
	void *opaque;
	struct ipi_core core[LOONGARCH_IPI_MAX_CPUS];
};

static void update(struct loongarch_ipi *ipi, int cpu)
{
	struct ipi_core *c = &ipi->core[cpu];
	bool level = (c->status & c->enable) != 0;
	if (level != c->line) {
		c->line = level;
		ipi->set_cpu_irq(ipi->opaque, cpu, level);
	}
}

/* IPI_SEND: set STATUS bit `vector` of the target (Linux's ipi_write_action). */
static void ipi_send(struct loongarch_ipi *ipi, uint64_t v)
{
	unsigned cpu = SEND_CPU(v);
	if (cpu >= (unsigned)ipi->n_cpus)
		return;
	ipi->core[cpu].status |= 1u << IPI_SEND_VECTOR(v);
	update(ipi, (int)cpu);
}

/* MAIL_SEND: the data into one 32-bit half of a mailbox of the target (csr_mail_send). */
static void mail_send(struct loongarch_ipi *ipi, uint64_t v)
{
	unsigned cpu = SEND_CPU(v), box = MAIL_SEND_BOX(v);
	if (cpu >= (unsigned)ipi->n_cpus)
		return;
	unsigned shift = box % 2 ? 32 : 0;
	uint64_t *m = &ipi->core[cpu].mbuf[box / 2];
	*m = (*m & ~(0xffffffffull << shift)) | (SEND_DATA(v) << shift);
}

/*
 * ANY_SEND: write the data to the IOCSR register at the address as the
 * target core would, leaving the bytes the mask names as they are
 * (csr_any_send: the EIOINTC's per-node routing registers).
 */
static void any_send(struct loongarch_ipi *ipi, uint64_t v)
{
	unsigned cpu = SEND_CPU(v), keep = ANY_SEND_MASK(v);
	if (cpu >= (unsigned)ipi->n_cpus)
		return;
	struct mem_req as = { .kind = MEM_BY_GUEST, .view = MEM_VIEW_OWN, .vcpu = (int16_t)cpu,
			      .via = "ANY_SEND" };
	uint64_t data = SEND_DATA(v), old = 0;
	if (keep) {
		if (!mem_guest_io(ipi->iocsr, &as, ANY_SEND_ADDR(v), 4, false, &old))
			return;
		uint64_t lanes = 0;
		for (unsigned b = 0; b < 4; b++)
			if (!(keep & (1u << b)))
				lanes |= 0xffull << (8 * b);
		data = dev_merge(old, data, lanes);
	}
	mem_guest_io(ipi->iocsr, &as, ANY_SEND_ADDR(v), 4, true, &data);
}

/* A register access with the core that makes it. */
struct access {
	struct loongarch_ipi *ipi;
	int cpu;
};

static uint64_t word_read(void *opaque, uint64_t off)
{
	const struct access *a = opaque;
	const struct ipi_core *c = &a->ipi->core[a->cpu];
	uint64_t addr = LOONGARCH_IPI_STATUS + off;
	if (addr == LOONGARCH_IPI_STATUS)
		return c->status | (uint64_t)c->enable << 32;
	if (addr >= LOONGARCH_IPI_MBUF0 && addr < LOONGARCH_IPI_MBUF0 + 8 * N_MAILBOXES)
		return c->mbuf[(addr - LOONGARCH_IPI_MBUF0) / 8];
	return 0;               /* SET, CLEAR and the send registers are write-only */
}

static void word_write(void *opaque, uint64_t off, uint64_t val, uint64_t mask)
{
	const struct access *a = opaque;
	struct loongarch_ipi *ipi = a->ipi;
	struct ipi_core *c = &ipi->core[a->cpu];
	uint64_t addr = LOONGARCH_IPI_STATUS + off, v = val & mask;
	switch (addr) {
	case LOONGARCH_IPI_STATUS:           /* STATUS is read-only; ENABLE in the high half */
		c->enable = (uint32_t)(dev_merge((uint64_t)c->enable << 32, val, mask) >> 32);
		break;
	case LOONGARCH_IPI_SET:              /* SET in the low half, CLEAR in the high half */
		c->status = (c->status | (uint32_t)v) & ~(uint32_t)(v >> 32);
		break;
	case LOONGARCH_IPI_SEND:
		ipi_send(ipi, v);
		return;
	case LOONGARCH_MAIL_SEND:
		mail_send(ipi, v);
		return;
	default:
		if (addr >= LOONGARCH_IPI_MBUF0 && addr < LOONGARCH_IPI_MBUF0 + 8 * N_MAILBOXES) {
			uint64_t *m = &c->mbuf[(addr - LOONGARCH_IPI_MBUF0) / 8];
			*m = dev_merge(*m, val, mask);
		}
		return;
	}
	update(ipi, a->cpu);
}

/* The core making the access; a host access or an unknown core sees nothing. */
static bool access_by(struct loongarch_ipi *ipi, const struct mem_req *who, struct access *a)
{
	a->ipi = ipi;
	a->cpu = who->vcpu;
	return who->kind == MEM_BY_GUEST && who->vcpu >= 0 && who->vcpu < ipi->n_cpus;
}

static uint64_t percpu_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	struct access a;
	return access_by(opaque, who, &a) ? dev_mmio_read(&a, off, size, 8, word_read) : 0;
}

static void percpu_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			 uint64_t val)
{
	struct access a;
	if (access_by(opaque, who, &a))
		dev_mmio_write(&a, off, size, val, 8, word_write);
}

static const struct mem_mmio_ops percpu_ops = { .read = percpu_read, .write = percpu_write };

/* ANY_SEND alone at 0x1158: write-only, a whole word (lanes not written are 0). */
static uint64_t any_send_read(void *opaque, const struct mem_req *who, uint64_t off, unsigned size)
{
	return 0;
}

static void any_send_write(void *opaque, const struct mem_req *who, uint64_t off, unsigned size,
			   uint64_t val)
{
	if (off == 0 && size >= 4)
		any_send(opaque, size == 8 ? val : (uint32_t)val);
}

static const struct mem_mmio_ops any_send_ops = { .read = any_send_read, .write = any_send_write };

struct loongarch_ipi *loongarch_ipi_new(struct mem_space *iocsr, int n_cpus,
					void (*set_cpu_irq)(void *opaque, int cpu, bool level),
					void *opaque)
{
	if (n_cpus < 1 || n_cpus > LOONGARCH_IPI_MAX_CPUS || !set_cpu_irq)
		return NULL;
	struct loongarch_ipi *ipi = calloc(1, sizeof(*ipi));
	if (!ipi)
		return NULL;
	ipi->iocsr = iocsr;
	ipi->n_cpus = n_cpus;
	ipi->set_cpu_irq = set_cpu_irq;
	ipi->opaque = opaque;
	if (!mem_add_mmio(iocsr, "ipi", LOONGARCH_IPI_STATUS, PERCPU_SIZE, &percpu_ops, ipi) ||
	    !mem_add_mmio(iocsr, "ipi-any-send", LOONGARCH_ANY_SEND, 8, &any_send_ops, ipi)) {
		free(ipi);
		return NULL;
	}
	return ipi;
}

void loongarch_ipi_reset(struct loongarch_ipi *ipi)
{
	for (int cpu = 0; cpu < ipi->n_cpus; cpu++) {
		struct ipi_core *c = &ipi->core[cpu];
		c->status = c->enable = 0;
		memset(c->mbuf, 0, sizeof(c->mbuf));
		update(ipi, cpu);
	}
}

void loongarch_ipi_free(struct loongarch_ipi *ipi)
{
	free(ipi);
}

void loongarch_ipi_snapshot(struct loongarch_ipi *ipi, struct snap *s)
{
	snap_section(s, "la-ipi");
	snap_bytes(s, ipi->core, sizeof(ipi->core[0]) * (size_t)ipi->n_cpus);
}
