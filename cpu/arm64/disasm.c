/*
 * A64 disassembly for traces and the debugger, by capstone (the
 * disassembler is an interface: core_debug_isa.disasm; a CPU capstone does
 * not know renders from its own decode tables).
 */
#include <capstone/capstone.h>
#include <pthread.h>
#include <stdio.h>

#include "cpu/arm64/debug.h"

static csh handle;
static bool handle_ok;
static pthread_once_t handle_once = PTHREAD_ONCE_INIT;

static void handle_open(void)
{
	handle_ok = cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &handle) == CS_ERR_OK;
}

unsigned a64_disasm(struct core_vcpu *v, uint64_t pc, const uint8_t *bytes, size_t avail,
		    char *out, size_t outlen)
{
	pthread_once(&handle_once, handle_open);
	cs_insn *insn;
	if (avail < 4 || !handle_ok || cs_disasm(handle, bytes, 4, pc, 1, &insn) != 1) {
		snprintf(out, outlen, "(undefined)");
		return 0;
	}
	if (insn->op_str[0])
		snprintf(out, outlen, "%s %s", insn->mnemonic, insn->op_str);
	else
		snprintf(out, outlen, "%s", insn->mnemonic);
	cs_free(insn, 1);
	return 4;
}
