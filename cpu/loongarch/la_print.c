/*
 * The register names of the LoongArch ELF psABI (v2.x, "Register
 * Convention"), as objdump prints them.
 */
#include <stdio.h>

#include "cpu/loongarch/la_print.h"
#include "cpu/loongarch/loongarch.h"

static const char *const gpr_names[32] = {
	"zero", "ra", "tp", "sp", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
	"t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "r21", "fp", "s0",
	"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8",
};

static const char *const fpr_names[32] = {
	"fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
	"ft8", "ft9", "ft10", "ft11", "ft12", "ft13", "ft14", "ft15",
	"fs0", "fs1", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
};

/* A destination r0 was mapped to the sink at decode: it prints as $zero. */
void la_print_gpr(char *buf, size_t len, int64_t r)
{
	snprintf(buf, len, "$%s", gpr_names[r == LA_ZR_SINK ? 0 : r & 31]);
}

void la_print_fpr(char *buf, size_t len, int64_t r)
{
	snprintf(buf, len, "$%s", fpr_names[r & 31]);
}

void la_print_vr(char *buf, size_t len, int64_t r)
{
	snprintf(buf, len, "$vr%d", (int)(r & 31));
}

void la_print_fcc(char *buf, size_t len, int64_t r)
{
	snprintf(buf, len, "$fcc%d", (int)(r & 7));
}

void la_print_fcsr(char *buf, size_t len, int64_t r)
{
	snprintf(buf, len, "$fcsr%d", (int)(r & 31));
}
