/*
 * A test harness that runs a few x86-64 instructions on one vCPU: 64 MiB
 * of RAM at 0, identity-mapped by 2 MiB pages (PML4 0x1000, PDPT 0x2000,
 * PD 0x3000), a flat GDT (code 0x10, data 0x18), an IDT whose 32
 * exception gates lead to stubs that stop the run, a TSS, a stack below
 * X86_HARNESS_STACK, code at X86_HARNESS_CODE, in 64-bit mode at CPL 0.
 * VMCALL exits to the harness (the route table's X86_TO_HV); the code is
 * followed by one, which ends the run. The hypervisor CPUID leaves
 * 0x40000000-0x400000ff exit too and are answered with KVM's signature;
 * KVM's MSRs 0x4b564d00-0x4b564dff exit and end the run.
 */
#ifndef HVSIM_X86_HARNESS_H
#define HVSIM_X86_HARNESS_H

#include "cpu/x86-coco/x86.h"

#define X86_HARNESS_PML4 0x1000ull
#define X86_HARNESS_PD 0x3000ull
#define X86_HARNESS_GDT 0x4000ull
#define X86_HARNESS_TSS 0x4800ull
#define X86_HARNESS_RSP0 0x70000ull
#define X86_HARNESS_VECTORS 64
#define X86_HARNESS_IDT 0x5000ull
#define X86_HARNESS_STUBS 0x6000ull      /* the stub of vector v at + 8 v (a VMCALL) */
#define X86_HARNESS_CODE 0x10000ull
#define X86_HARNESS_DATA 0x100000ull     /* free for tests */
#define X86_HARNESS_STACK 0x80000ull

struct x86_harness;

struct x86_harness *x86_harness_new(void);
/*
 * The same as an SEV-SNP guest at VMPL0: an AMD CPU with the C-bit at
 * c_bit, RAM private and validated, the page tables' entries private.
 */
struct x86_harness *x86_harness_new_snp(unsigned c_bit);
struct mem_space *x86_harness_mem(struct x86_harness *h);
struct x86_cpu *x86_harness_cpu(struct x86_harness *h);
/*
 * Copy code to X86_HARNESS_CODE followed by the stop, set RIP there and
 * RSP to X86_HARNESS_STACK, and run. Returns the instructions retired
 * (the stop not counted).
 */
uint64_t x86_harness_run(struct x86_harness *h, const uint8_t *code, size_t n);
/*
 * cmocka fixtures: a fresh harness for each test, which the test reaches
 * as x86_harness_current() (tests define h and cpu after it).
 */
int x86_harness_setup(void **state);
int x86_harness_teardown(void **state);
struct x86_harness *x86_harness_current(void);
/* x86_harness_run on code given as hex bytes ("4801d8 c3"; spaces ignored). */
uint64_t x86_harness_run_hex(struct x86_harness *h, const char *hex);
/* A quadword of guest memory, read as the guest's plaintext or written as the loader. */
uint64_t x86_harness_peek64(struct x86_harness *h, uint64_t gpa);
void x86_harness_poke64(struct x86_harness *h, uint64_t gpa, uint64_t v);
/* Move the running code to CPL 3 (user code and data selectors); pages must allow it. */
void x86_harness_user(struct x86_harness *h);
/* The exception vector that ended the last run, -1 if it reached the stop, -2 otherwise. */
int x86_harness_vector(struct x86_harness *h);
/* What the exception pushed: the error code (X86_NO_ERROR if none) and the saved RIP. */
uint32_t x86_harness_error(struct x86_harness *h);
uint64_t x86_harness_fault_rip(struct x86_harness *h);
uint8_t *x86_harness_ram(struct x86_harness *h, uint64_t gpa);
/* The port I/O space (IN, OUT), empty: tests add their devices. */
struct mem_space *x86_harness_io(struct x86_harness *h);
void x86_harness_free(struct x86_harness *h);

#endif
