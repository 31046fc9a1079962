/*
 * Fuzz the loongarch-virt board's devices as a hostile guest driver
 * would reach them: the IOCSR space (the IPI block with its mailboxes
 * and send registers, the EIOINTC, the chip configuration words,
 * MISC_FUNC), and in memory space the PCH-PIC, the 16550, the GED, the
 * ISA port window and the virtio-mmio slots, on the board itself
 * (hvsim_vm_create), with its RAM between guard pages. (fuzz_mmio.c is
 * arm64-virt's counterpart.)
 *
 * Input: one flags byte (bits 0-1 vCPUs - 1), then operations, each an
 * opcode byte whose bits 0-2 say what follows:
 *   0 read    target byte, u32 offset, size 1 << (opcode bits 3-4)
 *   1 write   the same, then a u64 value
 *   2 IOCSR read   vCPU byte, u16 address, size as above
 *   3 IOCSR write  the same, then a u64 value
 *   4 RAM     u32 offset, length byte, bytes (virtqueues, descriptors)
 *   5 UART    count byte, bytes typed on the console
 *   6 line    pin byte (bit 7: level) of the PCH-PIC's inputs
 *   7 tick    the board's work between quanta (secondary CPUs' start)
 * A target byte picks a device window; offsets wrap inside it (plus 8
 * bytes, to straddle its end); the last target is the whole space.
 */
#include <string.h>

#include "dev/acpi_ged.h"
#include "dev/loongarch_pch_pic.h"
#include "dev/ns16550.h"
#include "machine/loongarch_virt.h"
#include "tests/fuzz/fuzz.h"

#define RAM_BYTES (32ull << 20)
#define MAX_OPS 512

enum { T_PCH_PIC, T_UART, T_GED, T_ISA, T_VIRTIO, T_ANY, T_COUNT };
enum { OP_READ, OP_WRITE, OP_IOCSR_READ, OP_IOCSR_WRITE, OP_RAM, OP_UART, OP_LINE, OP_TICK };

static uint64_t target_addr(unsigned t, uint64_t off)
{
	static const struct { uint64_t base, span; } win[T_COUNT] = {
		[T_PCH_PIC] = { LAV_PCH_PIC_BASE, PCH_PIC_MMIO_SIZE },
		[T_UART] = { LAV_UART_BASE, NS16550_MMIO_SIZE },
		[T_GED] = { LAV_GED_BASE, ACPI_GED_MMIO_SIZE },
		[T_ISA] = { LAV_ISA_IO_BASE, LAV_ISA_IO_SIZE },
		[T_VIRTIO] = { LAV_VIRTIO_BASE, 0x200 * VIRTIO_SLOTS },
		[T_ANY] = { 0, 0 },
	};
	t %= T_COUNT;
	return t == T_ANY ? off : win[t].base + off % (win[t].span + 8);
}

static void run_op(struct hvsim_vm *vm, struct fuzz_in *in)
{
	struct loongarch_virt *b = loongarch_virt(vm);
	unsigned op = fuzz_u8(in);
	unsigned size = 1u << ((op >> 3) & 3);
	switch (op & 7) {
	case OP_READ:
	case OP_WRITE: {
		unsigned t = fuzz_u8(in);
		uint64_t pa = target_addr(t, t % T_COUNT == T_ANY ? fuzz_u64(in) : fuzz_u32(in));
		bool write = (op & 7) == OP_WRITE;
		uint64_t v = write ? fuzz_u64(in) : 0x1234;
		struct mem_req who = { .kind = MEM_BY_GUEST, .vcpu = 0, .via = "fuzz" };
		bool dev = mem_guest_io(&vm->mem, &who, pa, size, write, &v);
		if (dev && !write && size < 8)
			FUZZ_CHECK(v >> (8 * size) == 0);   /* a read returns exactly `size` bytes */
		break;
	}
	case OP_IOCSR_READ:
	case OP_IOCSR_WRITE: {
		int cpu = fuzz_u8(in) % vm->n_cpus;
		uint64_t addr = fuzz_u16(in);
		bool write = (op & 7) == OP_IOCSR_WRITE;
		uint64_t v = write ? fuzz_u64(in) : 0x1234;
		struct mem_req who = { .kind = MEM_BY_GUEST, .view = MEM_VIEW_OWN, .vcpu = (int16_t)cpu,
				       .via = "fuzz" };
		bool dev = mem_guest_io(&b->iocsr, &who, addr, size, write, &v);
		if (dev && !write && size < 8)
			FUZZ_CHECK(v >> (8 * size) == 0);
		break;
	}
	case OP_RAM: {
		uint64_t off = fuzz_u32(in) % RAM_BYTES;
		uint8_t bytes[256];
		size_t n = fuzz_u8(in);
		for (size_t i = 0; i < n; i++)
			bytes[i] = fuzz_u8(in);
		if (n > RAM_BYTES - off)
			n = RAM_BYTES - off;
		FUZZ_CHECK(mem_load(&vm->mem, off, bytes, n));
		break;
	}
	case OP_UART: {
		unsigned n = fuzz_u8(in) % 32;
		for (unsigned i = 0; i < n; i++)
			ns16550_input(b->uart, fuzz_u8(in));
		FUZZ_CHECK(ns16550_rx_room(b->uart) <= NS16550_FIFO_DEPTH);
		break;
	}
	case OP_LINE: {
		unsigned x = fuzz_u8(in);
		pch_pic_set_irq(b->pch_pic, (int)(x % PCH_PIC_INPUTS), x & 0x80);
		break;
	}
	default:
		vm->board->tick(vm);
		break;
	}
	/* Whatever the devices did, every CPU's interrupt lines stay within ESTAT.IS. */
	for (int i = 0; i < vm->n_cpus; i++)
		FUZZ_CHECK(!(loongarch_virt_cpu(vm, i)->csr.estat & ~LA_ESTAT_IS));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	unsigned flags = fuzz_u8(&in);
	struct hvsim_config cfg = {
		.machine = "loongarch-virt", .ram_bytes = RAM_BYTES, .smp = 1 + (int)(flags & 3), .seed = 1,
	};
	struct hvsim_vm *vm = fuzz_vm_create(&cfg);
	for (int n = 0; n < MAX_OPS && in.n && !vm->shutdown; n++)
		run_op(vm, &in);
	fuzz_vm_destroy(vm);
	return 0;
}

/* ---- seeds: each device brought up as Linux's driver does ---- */

static void io(struct fuzz_buf *s, unsigned op, unsigned log_size, unsigned who, uint64_t addr,
	       uint64_t v)
{
	fuzz_put(s, 1, op | log_size << 3);
	fuzz_put(s, 1, who);
	if (op == OP_IOCSR_READ || op == OP_IOCSR_WRITE)
		fuzz_put(s, 2, addr);
	else
		fuzz_put(s, 4, addr);
	if (op == OP_WRITE || op == OP_IOCSR_WRITE)
		fuzz_put(s, 8, v);
}

void fuzz_harness_seeds(fuzz_emit_fn emit)
{
	struct fuzz_buf s = { .n = 0 };

	/* IPI: enable, boot CPU 1 by mailbox and IPI_SEND, ANY_SEND into its EIOINTC; chip words. */
	fuzz_put(&s, 1, 3);
	io(&s, OP_IOCSR_WRITE, 2, 1, 0x1004, ~0u);                    /* IPI_EN */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x1048, 0x80000004ull | 1 << 16 | 0x200000ull << 32); /* MAIL_SEND */
	io(&s, OP_IOCSR_WRITE, 2, 0, 0x1040, 0x80000000u | 1 << 16);  /* IPI_SEND: CPU 1, vector 0 */
	fuzz_put(&s, 1, OP_TICK);
	io(&s, OP_IOCSR_READ, 2, 1, 0x1000, 0);                       /* STATUS */
	io(&s, OP_IOCSR_WRITE, 2, 1, 0x100c, ~0u);                    /* CLEAR */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x1158, 0x1234ull << 32 | 2 << 16 | 0x14c0); /* ANY_SEND */
	io(&s, OP_IOCSR_READ, 3, 0, 0x0008, 0);                       /* FEATURES */
	io(&s, OP_IOCSR_READ, 3, 0, 0x0010, 0);                       /* VENDOR */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x0420, 1ull << 48);             /* MISC_FUNC: EXT_IOI_EN */
	emit("ipi", s.b, s.n);

	/* EIOINTC: enable, route and bounce vectors; PCH-PIC: unmask, route, raise the UART's line. */
	s.n = 0;
	fuzz_put(&s, 1, 1);
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x14a0, 0x0706050403020100ull);  /* NODEMAP */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x14c0, 0x0101010101010101ull);  /* IPMAP */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x1600, ~0ull);                  /* ENABLE */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x1c00, 0x0202020202020202ull);  /* COREMAP */
	io(&s, OP_WRITE, 3, T_PCH_PIC, 0x20, 0);                      /* INT_MASK */
	io(&s, OP_WRITE, 3, T_PCH_PIC, 0x60, 0);                      /* HTMSI_EN */
	io(&s, OP_WRITE, 0, T_PCH_PIC, 0x102, 2);                     /* ROUTE_ENTRY 2 */
	io(&s, OP_WRITE, 0, T_PCH_PIC, 0x202, 2);                     /* HTMSI_VEC 2 */
	fuzz_put(&s, 1, OP_LINE);
	fuzz_put(&s, 1, 0x80 | LAV_UART_PIN);
	io(&s, OP_IOCSR_READ, 3, 0, 0x1800, 0);                       /* ISR */
	io(&s, OP_IOCSR_WRITE, 3, 0, 0x1800, ~0ull);
	io(&s, OP_READ, 3, T_PCH_PIC, 0x3a0, 0);                      /* INT_STATUS */
	fuzz_put(&s, 1, OP_LINE);
	fuzz_put(&s, 1, LAV_UART_PIN);
	emit("eiointc-pch-pic", s.b, s.n);

	/* 16550: line setup, interrupts, send, receive; ISA ports; GED sleep status. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	io(&s, OP_WRITE, 0, T_UART, 3, 0x83);                         /* LCR: DLAB */
	io(&s, OP_WRITE, 0, T_UART, 0, 0x36);
	io(&s, OP_WRITE, 0, T_UART, 3, 0x03);
	io(&s, OP_WRITE, 0, T_UART, 1, 0x0f);                         /* IER */
	io(&s, OP_WRITE, 0, T_UART, 0, 'A');
	fuzz_put(&s, 1, OP_UART); fuzz_put(&s, 1, 3); fuzz_put(&s, 3, 0x636261);
	io(&s, OP_READ, 0, T_UART, 2, 0);                             /* IIR */
	io(&s, OP_READ, 0, T_UART, 5, 0);                             /* LSR */
	io(&s, OP_READ, 0, T_UART, 0, 0);
	io(&s, OP_READ, 0, T_ISA, 0x64, 0);
	io(&s, OP_READ, 0, T_GED, ACPI_GED_SLEEP_STS, 0);
	io(&s, OP_WRITE, 0, T_GED, ACPI_GED_SLEEP_STS, 0xff);
	emit("uart-isa-ged", s.b, s.n);

	/* virtio-mmio: the identification registers of every slot. */
	s.n = 0;
	fuzz_put(&s, 1, 0);
	for (unsigned slot = 0; slot < VIRTIO_SLOTS; slot++) {
		io(&s, OP_READ, 2, T_VIRTIO, 0x200 * slot + 0x000, 0);
		io(&s, OP_READ, 2, T_VIRTIO, 0x200 * slot + 0x008, 0);
		io(&s, OP_WRITE, 2, T_VIRTIO, 0x200 * slot + 0x070, 1);
		io(&s, OP_READ, 2, T_VIRTIO, 0x200 * slot + 0x100, 0);
	}
	emit("virtio", s.b, s.n);
}
