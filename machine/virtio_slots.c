/*
 * The boards' virtio-mmio devices (virtio_slots.h).
 */
#include <stdio.h>

#include "dev/virtio_blk.h"
#include "dev/virtio_console.h"
#include "dev/virtio_rng.h"
#include "machine/machine.h"
#include "machine/snapshot.h"
#include "machine/virtio_slots.h"

static void console_out(void *opaque, uint8_t byte)
{
	vm_console_out(opaque, byte);
}

int virtio_slots_create(struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base,
			struct dev_irq (*irq)(struct hvsim_vm *vm, int slot), char *err,
			size_t errlen)
{
	s->rng = virtio_rng_new(&vm->mem, virtio_slot_base(base, VIRTIO_SLOT_RNG),
				irq(vm, VIRTIO_SLOT_RNG), vm->cfg.seed);
	s->con = virtio_console_new(&vm->mem, virtio_slot_base(base, VIRTIO_SLOT_CONSOLE),
				    irq(vm, VIRTIO_SLOT_CONSOLE), console_out, vm);
	if (!s->rng || !s->con) {
		snprintf(err, errlen, "cannot create the virtio devices");
		return HVSIM_ERROR;
	}
	if (!vm->cfg.drive)
		return 0;
	s->blk = virtio_blk_open(vm->cfg.drive, vm->cfg.drive_readonly, err, errlen);
	if (!s->blk)
		return HVSIM_BAD_INPUT;
	if (!virtio_blk_attach(s->blk, &vm->mem, virtio_slot_base(base, VIRTIO_SLOT_BLK),
			       irq(vm, VIRTIO_SLOT_BLK))) {
		snprintf(err, errlen, "cannot create the virtio disk");
		return HVSIM_ERROR;
	}
	return 0;
}

int virtio_slots_fill(const struct virtio_slots *s, struct hvsim_vm *vm, uint64_t base, int n,
		      char *err, size_t errlen)
{
	bool ok = n < VIRTIO_SLOTS || virtio_mmio_add_empty(&vm->mem, virtio_slot_base(base, VIRTIO_SLOTS),
							 (unsigned)(n - VIRTIO_SLOTS));
	if (ok && !s->blk)
		ok = virtio_mmio_add_empty(&vm->mem, virtio_slot_base(base, VIRTIO_SLOT_BLK), 1);
	if (!ok) {
		snprintf(err, errlen, "cannot create the empty virtio transports");
		return HVSIM_ERROR;
	}
	return 0;
}

/* The devices' transports: at most one each. */
static int transports(const struct virtio_slots *s, struct virtio_mmio *t[VIRTIO_SLOTS])
{
	int n = 0;
	if (s->blk)
		t[n++] = virtio_blk_transport(s->blk);
	if (s->rng)
		t[n++] = virtio_rng_transport(s->rng);
	if (s->con)
		t[n++] = virtio_console_transport(s->con);
	return n;
}

void virtio_slots_resume(const struct virtio_slots *s)
{
	struct virtio_mmio *t[VIRTIO_SLOTS];
	for (int i = transports(s, t); i-- > 0;)
		virtio_mmio_resume(t[i]);
}

void virtio_slots_snapshot(const struct virtio_slots *v, struct snap *s)
{
	if (v->blk)
		virtio_blk_snapshot(v->blk, s);
	if (v->rng)
		virtio_rng_snapshot(v->rng, s);
	if (v->con)
		virtio_console_snapshot(v->con, s);
}

bool virtio_slots_busy(const struct virtio_slots *s)
{
	struct virtio_mmio *t[VIRTIO_SLOTS];
	for (int i = transports(s, t); i-- > 0;)
		if (virtio_mmio_busy(t[i]))
			return true;
	return false;
}

void virtio_slots_free(struct virtio_slots *s)
{
	if (s->rng)
		virtio_rng_free(s->rng);
	if (s->con)
		virtio_console_free(s->con);
	if (s->blk)
		virtio_blk_free(s->blk);
}
