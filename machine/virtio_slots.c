/*
 * The boards' virtio devices (virtio_slots.h).
 */
#include <stdio.h>

#include "dev/net_user.h"
#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_net.h"
#include "dev/virtio_rng.h"
#include "machine/machine.h"
#include "cpu/core/snap.h"
#include "machine/virtio_slots.h"

static void console_out(void *opaque, uint8_t byte)
{
	vm_console_out(opaque, byte);
}

/* The guest's frames into the network, the network's into the guest. */
static void net_tx(void *opaque, const uint8_t *frame, size_t len)
{
	const struct virtio_slots *s = opaque;
	net_user_input(s->user, frame, len);
}

static void net_rx(void *opaque, const uint8_t *frame, size_t len)
{
	const struct virtio_slots *s = opaque;
	virtio_net_receive(s->net, frame, len);
}

/* slirp's clock: the guest's virtual time. */
static int64_t net_clock_ns(void *opaque)
{
	const struct virtio_slots *s = opaque;
	return (int64_t)vm_now_ns(s->vm);
}

/* QEMU's first NIC address (its default macaddr), so guests see the same MAC. */
static const uint8_t net_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* Where slot `slot`'s transport goes. */
static struct virtio_place place(const struct virtio_slots *s, uint64_t base, int slot,
				 struct dev_irq (*irq)(struct hvsim_vm *vm, int slot))
{
	return (struct virtio_place){
		.mem = &s->vm->mem, .base = virtio_slot_base(base, slot), .pci = s->pci,
		.slot = (unsigned)slot + 1, .irq = irq(s->vm, slot),
	};
}

/* -nic user: the network, its forwarded ports, the NIC. HVSIM_BAD_INPUT for a port it cannot take. */
static int net_create(struct virtio_slots *s, struct hvsim_vm *vm, const struct virtio_place *p,
		      char *err, size_t errlen)
{
	const struct hvsim_net *cfg = &vm->cfg.net;
	s->user = net_user_new(net_rx, net_clock_ns, s, err, errlen);
	if (!s->user)
		return HVSIM_ERROR;
	for (int i = 0; i < cfg->n_hostfwd && i < HVSIM_MAX_HOSTFWD; i++) {
		const struct hvsim_hostfwd *f = &cfg->hostfwd[i];
		if (!net_user_hostfwd(s->user, f->udp, f->host_addr, f->host_port, f->guest_addr,
				      f->guest_port, err, errlen))
			return HVSIM_BAD_INPUT;
	}
	s->net = virtio_net_new(p, net_mac, net_tx, s);
	if (!s->net) {
		snprintf(err, errlen, "cannot create the virtio NIC");
		return HVSIM_ERROR;
	}
	return 0;
}

static int disk_slot(int drive)
{
	return drive ? VIRTIO_SLOT_BLK2 + drive - 1 : VIRTIO_SLOT_BLK;
}

int virtio_slots_create(struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base,
			struct dev_irq (*irq)(struct hvsim_vm *vm, int slot), char *err,
			size_t errlen)
{
	s->vm = vm;
	struct virtio_place p;
	bool want_rng = !s->pci || vm->cfg.virtio_rng, want_con = !s->pci;
	if (want_rng) {
		p = place(s, base, VIRTIO_SLOT_RNG, irq);
		s->rng = virtio_rng_new(&p, vm->cfg.seed);
		if (s->rng && vm->cfg.virtio_rng_no_access_platform)
			virtio_rng_transport(s->rng)->withheld = VIRTIO_F_ACCESS_PLATFORM;
	}
	if (want_con) {
		p = place(s, base, VIRTIO_SLOT_CONSOLE, irq);
		s->con = virtio_console_new(&p, console_out, vm);
	}
	if ((want_rng && !s->rng) || (want_con && !s->con)) {
		snprintf(err, errlen, "cannot create the virtio devices");
		return HVSIM_ERROR;
	}
	for (int i = 0; i < vm->cfg.n_drives && i < HVSIM_MAX_DRIVES; i++) {
		const struct hvsim_drive *d = &vm->cfg.drives[i];
		int slot = disk_slot(i);
		/* A snapshot opens the image read-only: the guest's writes go elsewhere. */
		bool snapshot = d->snapshot || vm->cfg.snapshot;
		s->blk[i] = virtio_blk_open(d->file, d->readonly || snapshot, err, errlen);
		if (!s->blk[i] || (snapshot && !virtio_blk_use_overlay(s->blk[i], d->readonly, err, errlen)))
			return HVSIM_BAD_INPUT;
		p = place(s, base, slot, irq);
		if (!virtio_blk_attach(s->blk[i], &p)) {
			snprintf(err, errlen, "cannot create the virtio disk");
			return HVSIM_ERROR;
		}
	}
	if (vm->cfg.net.user) {
		p = place(s, base, VIRTIO_SLOT_NET, irq);
		return net_create(s, vm, &p, err, errlen);
	}
	return 0;
}

int virtio_slots_fill(const struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base, int n,
		      char *err, size_t errlen)
{
	bool ok = n < VIRTIO_SLOTS || virtio_mmio_add_empty(&vm->mem, virtio_slot_base(base, VIRTIO_SLOTS),
							 (unsigned)(n - VIRTIO_SLOTS));
	for (int i = 0; ok && i < HVSIM_MAX_DRIVES; i++)
		if (!s->blk[i])
			ok = virtio_mmio_add_empty(&vm->mem, virtio_slot_base(base, disk_slot(i)), 1);
	if (ok && !s->net)
		ok = virtio_mmio_add_empty(&vm->mem, virtio_slot_base(base, VIRTIO_SLOT_NET), 1);
	if (!ok) {
		snprintf(err, errlen, "cannot create the empty virtio transports");
		return HVSIM_ERROR;
	}
	return 0;
}

/* The devices' transports. */
static int transports(const struct virtio_slots *s, struct virtio_dev *t[VIRTIO_SLOTS])
{
	int n = 0;
	for (int i = 0; i < HVSIM_MAX_DRIVES; i++)
		if (s->blk[i])
			t[n++] = virtio_blk_transport(s->blk[i]);
	if (s->rng)
		t[n++] = virtio_rng_transport(s->rng);
	if (s->con)
		t[n++] = virtio_console_transport(s->con);
	if (s->net)
		t[n++] = virtio_net_transport(s->net);
	return n;
}

void virtio_slots_resume(const struct virtio_slots *s)
{
	struct virtio_dev *t[VIRTIO_SLOTS];
	for (int i = transports(s, t); i-- > 0;)
		virtio_dev_resume(t[i]);
	if (s->net) {
		struct hvsim_vm *vm = s->vm;
		bool idle = true;
		for (int i = 0; i < vm->n_cpus; i++)
			idle &= !vm->cpu_on[i] || vm->cpus[i]->halted;
		net_user_poll(s->user, idle, core_cycles_to_ns(vm->timing, vm->cfg.quantum));
		virtio_net_resume(s->net);
	}
}

void virtio_slots_reset(const struct virtio_slots *s)
{
	struct virtio_dev *t[VIRTIO_SLOTS];
	for (int i = transports(s, t); i-- > 0;)
		virtio_dev_reset(t[i]);
}

void virtio_slots_snapshot(const struct virtio_slots *v, struct snap *s)
{
	for (int i = 0; i < HVSIM_MAX_DRIVES; i++)
		if (v->blk[i])
			virtio_blk_snapshot(v->blk[i], s);
	if (v->rng)
		virtio_rng_snapshot(v->rng, s);
	if (v->con)
		virtio_console_snapshot(v->con, s);
	/* The NIC's side only: the host's sockets and slirp's connections are not saved. */
	if (v->net)
		virtio_net_snapshot(v->net, s);
}

bool virtio_slots_busy(const struct virtio_slots *s)
{
	struct virtio_dev *t[VIRTIO_SLOTS];
	for (int i = transports(s, t); i-- > 0;)
		if (virtio_dev_busy(t[i]))
			return true;
	return false;
}

bool virtio_slot_used(const struct virtio_slots *s, int slot)
{
	for (int i = 0; i < HVSIM_MAX_DRIVES; i++)
		if (disk_slot(i) == slot)
			return s->blk[i] != NULL;
	if (slot == VIRTIO_SLOT_NET)
		return s->net != NULL;
	return true;
}

void virtio_slots_free(struct virtio_slots *s)
{
	if (s->rng)
		virtio_rng_free(s->rng);
	if (s->con)
		virtio_console_free(s->con);
	virtio_net_free(s->net);
	net_user_free(s->user);
	for (int i = 0; i < HVSIM_MAX_DRIVES; i++)
		if (s->blk[i])
			virtio_blk_free(s->blk[i]);
}
