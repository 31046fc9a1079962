/*
 * The requester the unit tests make guest accesses as (mem.h): vCPU 0, its
 * own view of memory, no VMPL or partition.
 */
#ifndef HVSIM_TEST_REQ_H
#define HVSIM_TEST_REQ_H

#include "mem/mem.h"

static const struct mem_req test_cpu0 __attribute__((unused)) = { .kind = MEM_BY_GUEST, .vcpu = 0 };

#endif
