/*
 * The x86 decode driver (SDM 2:2 "Instruction Format", 2:A "Opcode Map").
 * The instruction groups' tables (insn_*.c) are data: rows of {map,
 * opcode, mandatory prefix, ModRM.reg extension, ModRM kind, immediate,
 * operand-size rule, operands}. This file reads the prefixes, indexes the
 * rows by (map, opcode), picks the row the prefixes and ModRM select,
 * reads SIB, displacement and immediate as the row says, and turns the
 * result into a pre-decoded op whose handler is the row's for the operand
 * form (register or memory) and size. Everything the decode mode decides
 * (CPL for privileged rows) is decided here, so handlers never check it.
 */
#include <pthread.h>
#include <stdlib.h>

#include "cpu/x86-coco/x86.h"

/* ------------------------------------------------------------ the index */

enum { N_MAPS = 2 };   /* the one-byte and 0F maps (0F38/0F3A when SSE4 comes) */
static const struct x86_row **index_rows;
static uint32_t index_start[N_MAPS * 256 + 1];   /* key k's rows: [start[k], start[k + 1]) */
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

/* Rows by key (map * 256 + opcode), in table order: a counting sort of every table's rows. */
static void build_index(void)
{
	uint32_t n = 0;
	for (size_t t = 0; t < x86_n_tables; t++)
		for (size_t i = 0; i < x86_tables[t]->n; i++, n++)
			index_start[x86_tables[t]->rows[i].map * 256u + x86_tables[t]->rows[i].opcode + 1]++;
	for (unsigned k = 0; k < N_MAPS * 256; k++)
		index_start[k + 1] += index_start[k];
	uint32_t fill[N_MAPS * 256];
	memcpy(fill, index_start, sizeof(fill));
	index_rows = malloc((n + 1) * sizeof(*index_rows));
	if (!index_rows)
		abort();
	for (size_t t = 0; t < x86_n_tables; t++)
		for (size_t i = 0; i < x86_tables[t]->n; i++) {
			const struct x86_row *r = &x86_tables[t]->rows[i];
			index_rows[fill[r->map * 256u + r->opcode]++] = r;
		}
}

/* ------------------------------------------------------------- decoding */

/* The byte at i, or false when the bytes (or the 15-byte limit) end first. */
static bool byte_at(const uint8_t *b, size_t avail, unsigned i, struct x86_dec *d, uint8_t *out)
{
	if (i >= X86_MAX_INSN_LEN) {
		d->status = X86_DEC_GP;
		return false;
	}
	if (i >= avail) {
		d->status = X86_DEC_MORE;
		return false;
	}
	*out = b[i];
	return true;
}

/* A little-endian field of n bytes at i, sign-extended unless `zext`. */
static bool field_at(const uint8_t *b, size_t avail, unsigned i, unsigned n, bool zext,
		     struct x86_dec *d, uint64_t *out)
{
	uint64_t v = 0;
	for (unsigned k = 0; k < n; k++) {
		uint8_t x;
		if (!byte_at(b, avail, i + k, d, &x))
			return false;
		v |= (uint64_t)x << (8 * k);
	}
	if (!zext && n < 8 && (v >> (8 * n - 1) & 1))
		v |= ~0ull << (8 * n);
	*out = v;
	return true;
}

/*
 * The mandatory-prefix candidate (SDM 2:2.1.1 and the SSE rows of A.3):
 * F2 or F3, whichever came last, before 66; X86_PFX_NONE without any.
 */
static unsigned mandatory_prefix(uint8_t pfx, uint8_t last_rep)
{
	if (last_rep == 0xf3)
		return X86_PFX_F3;
	if (last_rep == 0xf2)
		return X86_PFX_F2;
	return (pfx & X86_P_OPSIZE) ? X86_PFX_66 : X86_PFX_NONE;
}

static bool row_fits(const struct x86_row *r, const struct x86_dec *d)
{
	if (r->ext >= 0 && ((d->modrm >> 3) & 7) != (unsigned)r->ext)
		return false;
	if (r->modrm == X86_M_MEM && (d->modrm >> 6) == 3)
		return false;
	if (r->modrm == X86_M_REG && (d->modrm >> 6) != 3)
		return false;
	if ((r->flags & X86_F_NO64) && d->code == X86_CODE64)
		return false;
	if ((r->flags & X86_F_ONLY64) && d->code != X86_CODE64)
		return false;
	return !r->when || r->when(d);
}

/* Pick the row: one that asks for the mandatory prefix present, else one that takes any. */
static const struct x86_row *pick_row(unsigned key, unsigned mand, const struct x86_dec *d)
{
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t i = index_start[key]; i < index_start[key + 1]; i++) {
			const struct x86_row *r = index_rows[i];
			bool prefix_ok = pass == 0 ? r->prefix == mand && mand != X86_PFX_ANY
						   : r->prefix == X86_PFX_ANY;
			if (prefix_ok && row_fits(r, d))
				return r;
		}
	return NULL;
}

/* Does any row of this opcode have a ModRM byte? (All of one opcode agree: test_x86_decode.c.) */
static bool key_has_modrm(unsigned key)
{
	return index_start[key] < index_start[key + 1] &&
	       index_rows[index_start[key]]->modrm != X86_M_NONE;
}

/* The operand size, log2 of bytes (SDM 2:2.2.1.2 Table 2-4, A.2.5's d64/f64). */
static unsigned operand_size(const struct x86_row *r, const struct x86_dec *d)
{
	bool w = d->rex & 8, o16 = d->pfx & X86_P_OPSIZE;
	switch (r->size) {
	case X86_SZ_B: return 0;
	case X86_SZ_W: return 1;
	case X86_SZ_D: return 2;
	case X86_SZ_Q: return 3;
	case X86_SZ_Y: return d->code == X86_CODE64 ? 3 : 2;
	/* Outside 64-bit mode d64 and f64 are plain v: 16 bits in 16-bit code, 66 toggles. */
	case X86_SZ_F64: return d->code == X86_CODE64 ? 3 : (o16 == (d->code == X86_CODE16)) ? 2 : 1;
	case X86_SZ_D64: return d->code == X86_CODE64 ? (o16 ? 1 : 3) : (o16 == (d->code == X86_CODE16)) ? 2 : 1;
	case X86_SZ_V: return w ? 3 : (o16 == (d->code == X86_CODE16)) ? 2 : 1;
	default: return w ? 3 : 2;
	}
}

/* The immediate's length in bytes. */
static unsigned imm_length(const struct x86_row *r, const struct x86_dec *d)
{
	switch (r->imm) {
	case X86_I_B: case X86_I_UB: case X86_I_J8: return 1;
	case X86_I_W: return 2;
	case X86_I_WB: return 3;
	case X86_I_Z: case X86_I_JZ: return d->osz == 1 ? 2 : 4;
	case X86_I_V: return 1u << d->osz;
	case X86_I_MOFFS: return 1u << d->asz;
	case X86_I_FAR: return (d->osz == 1 ? 2 : 4) + 2;
	default: return 0;
	}
}

/*
 * ModRM's memory forms (SDM 2:2.1.5 Tables 2-1 to 2-3, 2:2.2.1.6
 * RIP-relative): with 32- and 64-bit addressing the SIB byte and a
 * displacement of 0, 1 or 4 bytes; with 16-bit addressing no SIB and a
 * displacement of 0, 1 or 2 bytes (2 alone for mod 0, rm 6). At i; returns
 * the index after them, or 0 when the bytes end.
 */
static unsigned read_address(const uint8_t *b, size_t avail, unsigned i, struct x86_dec *d)
{
	unsigned mod = d->modrm >> 6, rm = d->modrm & 7, disp_len = mod == 1 ? 1 : mod == 2 ? 4 : 0;
	if (d->asz == 1) {
		disp_len = mod == 1 ? 1 : mod == 2 || (mod == 0 && rm == 6) ? 2 : 0;
	} else if (rm == 4) {
		if (!byte_at(b, avail, i++, d, &d->sib))
			return 0;
		d->has_sib = true;
		if (mod == 0 && (d->sib & 7) == 5)
			disp_len = 4;
	} else if (mod == 0 && rm == 5) {
		disp_len = 4;
	}
	uint64_t disp = 0;
	if (disp_len && !field_at(b, avail, i, disp_len, false, d, &disp))
		return 0;
	d->disp = (int32_t)disp;
	return i + disp_len;
}

/* The address size (SDM 2:2.2.1.3 Table 2-4): 1 16-bit, 2 32-bit, 3 64-bit, 67 toggling. */
static unsigned address_size(const struct x86_dec *d)
{
	return d->code == X86_CODE64 ? ((d->pfx & X86_P_ADDRSIZE) ? 2 : 3)
				     : ((d->code == X86_CODE32) != !!(d->pfx & X86_P_ADDRSIZE)) ? 2 : 1;
}

/*
 * A VEX instruction (C4 or C5 at i - 1; SDM 2:2.3.5): its payload (one
 * byte, or two with the map), the opcode, ModRM with its address except
 * for VZEROUPPER/VZEROALL (map 0F, 77), and an imm8 in map 0F3A and for
 * the 0F opcodes that take one. No AVX or BMI is advertised, so every
 * one is #UD, but only once all its bytes are fetched: a fault fetching
 * them from the next page comes first (SDM 3:6.9, fetch before decode).
 */
static void vex_length(const uint8_t *b, size_t avail, unsigned i, struct x86_dec *d, uint8_t vex)
{
	uint8_t p, op, imm;
	unsigned map = 1;
	if (!byte_at(b, avail, i++, d, &p))
		return;
	if (vex == 0xc4) {
		map = p & 0x1f;
		if (!byte_at(b, avail, i++, d, &p))
			return;
	}
	if (!byte_at(b, avail, i++, d, &op))
		return;
	if (map >= 1 && map <= 3 && !(map == 1 && op == 0x77)) {
		if (!byte_at(b, avail, i++, d, &d->modrm))
			return;
		d->has_modrm = true;
		d->asz = (uint8_t)address_size(d);
		if ((d->modrm >> 6) != 3 && !(i = read_address(b, avail, i, d)))
			return;
		bool has_imm = map == 3 || (map == 1 && ((op >= 0x70 && op <= 0x73) || op == 0xc2 ||
							 (op >= 0xc4 && op <= 0xc6)));
		if (has_imm && !byte_at(b, avail, i++, d, &imm))
			return;
	}
	d->len = (uint8_t)i;        /* for the capstone cross-check; #UD all the same */
	d->status = X86_DEC_UD;
}

bool x86_dec_mem(const struct x86_dec *d)
{
	return d->has_modrm && (d->modrm >> 6) != 3 && d->row->modrm != X86_M_RM_REG;
}

void x86_decode_insn(uint32_t mode, const uint8_t *b, size_t avail, struct x86_dec *d)
{
	pthread_once(&index_once, build_index);
	memset(d, 0, sizeof(*d));
	d->code = mode & 3;
	d->seg = X86_R_NONE;
	uint8_t last_rep = 0, x = 0;
	unsigned i = 0;
	/* Legacy prefixes in any order, then REX, which must come last (SDM 2:2.2.1). */
	for (;; i++) {
		if (!byte_at(b, avail, i, d, &x))
			return;
		switch (x) {
		case 0xf0: d->pfx |= X86_P_LOCK; break;
		case 0xf2: case 0xf3: last_rep = x; break;
		case 0x26: d->seg = X86_ES; break;
		case 0x2e: d->seg = X86_CS; break;
		case 0x36: d->seg = X86_SS; break;
		case 0x3e: d->seg = X86_DS; break;
		case 0x64: d->seg = X86_FS; break;
		case 0x65: d->seg = X86_GS; break;
		case 0x66: d->pfx |= X86_P_OPSIZE; break;
		case 0x67: d->pfx |= X86_P_ADDRSIZE; break;
		default:
			if (d->code == X86_CODE64 && (x & 0xf0) == 0x40) {
				d->rex = x;
				continue;
			}
			goto opcode;
		}
		d->rex = 0;   /* a REX followed by a legacy prefix is ignored */
	}
opcode:
	if (last_rep == 0xf3)
		d->pfx |= X86_P_REP;
	if (last_rep == 0xf2)
		d->pfx |= X86_P_REPNE;
	if (d->rex)
		d->pfx |= X86_P_REX | ((d->rex & 8) ? X86_P_REXW : 0);
	d->map = X86_MAP_1B;
	d->opcode = x;
	if (x == 0x0f) {
		d->map = X86_MAP_0F;
		if (!byte_at(b, avail, ++i, d, &d->opcode))
			return;
	}
	i++;
	/* VEX: C4/C5 in 64-bit mode, elsewhere when the next byte has mod 3 (else LES/LDS). */
	if (d->map == X86_MAP_1B && (x == 0xc4 || x == 0xc5)) {
		uint8_t next;
		if (!byte_at(b, avail, i, d, &next))
			return;
		if (d->code == X86_CODE64 || (next >> 6) == 3) {
			vex_length(b, avail, i, d, x);
			return;
		}
	}
	unsigned key = (unsigned)d->map * 256 + d->opcode;
	if (key_has_modrm(key)) {
		if (!byte_at(b, avail, i++, d, &d->modrm))
			return;
		d->has_modrm = true;
	}
	unsigned mand = mandatory_prefix(d->pfx, last_rep);
	const struct x86_row *r = pick_row(key, mand, d);
	if (!r) {
		d->status = X86_DEC_UD;
		return;
	}
	/* The mandatory prefix the row took is not also a prefix. */
	if (r->prefix == X86_PFX_66)
		d->pfx &= (uint8_t)~X86_P_OPSIZE;
	else if (r->prefix == X86_PFX_F3)
		d->pfx &= (uint8_t)~X86_P_REP;
	else if (r->prefix == X86_PFX_F2)
		d->pfx &= (uint8_t)~X86_P_REPNE;
	d->row = r;
	d->osz = (uint8_t)operand_size(r, d);
	d->asz = (uint8_t)address_size(d);
	if (d->has_modrm && (d->modrm >> 6) != 3 && r->modrm != X86_M_RM_REG) {
		if (!(i = read_address(b, avail, i, d)))
			return;
	}
	d->imm_len = (uint8_t)imm_length(r, d);
	if (d->imm_len) {
		bool zext = r->imm == X86_I_UB || r->imm == X86_I_W || r->imm == X86_I_WB ||
			    r->imm == X86_I_MOFFS || r->imm == X86_I_FAR;
		if (!field_at(b, avail, i, d->imm_len, zext, d, &d->imm))
			return;
		i += d->imm_len;
	}
	/* LOCK only on the rows that allow it, with a memory destination (SDM 2: LOCK). */
	if ((d->pfx & X86_P_LOCK) && (!(r->flags & X86_F_LOCK) || !x86_dec_mem(d))) {
		d->status = X86_DEC_UD;
		return;
	}
	d->len = (uint8_t)i;
	d->status = X86_DEC_OK;
}

/* ----------------------------------------------------------- to an op */

/* Is operand `name` (two letters, "Gb") among the row's operands? */
static bool has_operand(const struct x86_row *r, const char *name)
{
	for (const char *s = r->ops; s && *s; s++)
		if ((s == r->ops || s[-1] == ',') && s[0] == name[0] && s[1] == name[1])
			return true;
	return false;
}

/* A register operand: without REX, byte registers 4-7 are AH, CH, DH, BH (SDM 2:3.4.1.1). */
static uint8_t reg_operand(const struct x86_dec *d, unsigned n, bool byte)
{
	return byte && !d->rex && n >= 4 && n < 8 ? (uint8_t)(X86_AH + n - 4) : (uint8_t)n;
}

static unsigned rex_bit(const struct x86_dec *d, unsigned bit)
{
	return (d->rex >> bit & 1) << 3;
}

void x86_dec_operands(const struct x86_dec *d, struct core_op *op)
{
	const struct x86_row *r = d->row;
	op->r[0] = X86_RAX;
	op->r[1] = X86_RAX;   /* AL/rAX forms without ModRM share the Eb/Ev handlers */
	op->r[2] = X86_R_NONE;
	op->r[3] = X86_SEG_FLAT;
	if (r->flags & X86_F_REG_OP)
		op->r[0] = reg_operand(d, (d->opcode & 7) | rex_bit(d, 0), has_operand(r, "Zb"));
	if (d->has_modrm) {
		unsigned mod = d->modrm >> 6, rm = d->modrm & 7;
		op->r[0] = reg_operand(d, ((d->modrm >> 3) & 7) | rex_bit(d, 2), has_operand(r, "Gb"));
		if (mod == 3 || r->modrm == X86_M_RM_REG) {
			op->r[1] = reg_operand(d, rm | rex_bit(d, 0), has_operand(r, "Eb"));
		} else if (d->asz == 1) {
			/* SDM 2:2.1.5 Table 2-1: BX+SI, BX+DI, BP+SI, BP+DI, SI, DI, BP (disp16 alone with mod 0), BX. */
			static const uint8_t base16[8] = { X86_RBX, X86_RBX, X86_RBP, X86_RBP,
							   X86_RSI, X86_RDI, X86_RBP, X86_RBX };
			static const uint8_t index16[8] = { X86_RSI, X86_RDI, X86_RSI, X86_RDI,
							    X86_R_NONE, X86_R_NONE, X86_R_NONE, X86_R_NONE };
			op->r[1] = mod == 0 && rm == 6 ? X86_R_NONE : base16[rm];
			op->r[2] = index16[rm];
		} else {
			op->r[1] = X86_R_NONE;
			if (d->has_sib) {
				unsigned base = d->sib & 7, index = ((d->sib >> 3) & 7) | rex_bit(d, 1);
				if (!(mod == 0 && base == 5))
					op->r[1] = (uint8_t)(base | rex_bit(d, 0));
				if (index != X86_RSP)
					op->r[2] = (uint8_t)index;
				op->f[0] = d->sib >> 6;
			} else if (mod == 0 && rm == 5) {
				op->r[1] = d->code == X86_CODE64 ? X86_R_RIP : X86_R_NONE;
			} else {
				op->r[1] = (uint8_t)(rm | rex_bit(d, 0));
			}
		}
	}
	/*
	 * Segments: in 64-bit mode only FS and GS have a base (SDM 3:3.2.4).
	 * Outside 64-bit mode the default is DS, SS for RSP/RBP bases.
	 */
	if (d->code == X86_CODE64)
		op->r[3] = d->seg == X86_FS || d->seg == X86_GS ? d->seg : X86_SEG_FLAT;
	else
		op->r[3] = d->seg != X86_R_NONE ? d->seg
			 : (op->r[1] == X86_RSP || op->r[1] == X86_RBP) ? X86_SS : X86_DS;
	op->f[1] = d->asz;
	op->f[2] = d->pfx;
	op->f[3] = d->osz;
	op->insn = (uint32_t)d->disp;
	op->imm = d->imm;
	if (r->imm == X86_I_J8 || r->imm == X86_I_JZ) {
		op->insn = (uint32_t)d->imm;
		op->imm = 0;
	}
	if (r->flags & X86_F_CC)
		op->imm = d->opcode & 15;
	/* x87 rows take no immediate: imm is the FOP they record (SDM 1:8.1.9: opcode bits 2:0, ModRM). */
	if ((r->flags & X86_F_FPU) && r->map == X86_MAP_1B)
		op->imm = (uint64_t)(d->opcode & 7) << 8 | d->modrm;
}

/* #UD (SDM 3:6.15 "Interrupt 6"). */
CORE_HANDLER(op_ud)
{
	return x86_fault(x86(v), op, X86_EXC_UD, X86_NO_ERROR);
}

/* #GP(0): an instruction over 15 bytes, or a privileged one above CPL 0. */
CORE_HANDLER(op_gp)
{
	return x86_fault(x86(v), op, X86_EXC_GP, 0);
}

/*
 * SSE while the decode mode says it may not run (x86_update_mode): #UD
 * without CR4.OSFXSR or with CR0.EM, else #NM for CR0.TS (SDM 3:2.5,
 * 3:13.1.3 Table 13-1).
 */
CORE_HANDLER(op_sse_off)
{
	struct x86_cpu *c = x86(v);
	bool ud = !(c->s.cr4 & X86_CR4_OSFXSR) || (c->s.cr0 & X86_CR0_EM);
	return x86_fault(c, op, ud ? X86_EXC_UD : X86_EXC_NM, X86_NO_ERROR);
}

/* x87 (and FXSAVE/FXRSTOR) with CR0.EM or CR0.TS: #NM (SDM 3:2.5, Table 13-1). */
CORE_HANDLER(op_fpu_off)
{
	return x86_fault(x86(v), op, X86_EXC_NM, X86_NO_ERROR);
}

/*
 * Code outside 64-bit mode that is not one of the rows checked for it
 * (X86_F_LEGACY: what an AP's start-up runs): an internal error, never a
 * guess.
 */
CORE_HANDLER(op_unsupported_mode)
{
	v->pc = core_op_pc(v, op);
	v->exit = CORE_EXIT_INTERNAL;
	return CORE_EXIT_NORETIRE;
}

unsigned x86_decode(struct core_vcpu *v, const uint8_t *bytes, size_t avail,
		    struct core_op *op, bool *ends_block)
{
	struct x86_dec d;
	x86_decode_insn(v->mode, bytes, avail, &d);
	if (d.status == X86_DEC_MORE)
		return 0;
	memset(op, 0, sizeof(*op));
	op->cost = v->timing->exception;
	*ends_block = true;
	if (d.code != X86_CODE64 && (d.status != X86_DEC_OK || !(d.row->flags & X86_F_LEGACY))) {
		op->fn = op_unsupported_mode;
		return 1;
	}
	if (d.status == X86_DEC_GP) {
		op->fn = op_gp;
		return X86_MAX_INSN_LEN;
	}
	if (d.status == X86_DEC_UD) {
		op->fn = op_ud;
		return 1;
	}
	const struct x86_row *r = d.row;
	x86_dec_operands(&d, op);
	bool mem = x86_dec_mem(&d);
	core_handler_fn fn = r->exec ? (mem ? r->exec->mem : r->exec->reg)[d.osz] : NULL;
	if (!fn) {
		op->fn = op_ud;
	} else if ((r->flags & X86_F_PRIV) && ((v->mode >> 2) & 3) != 0) {
		op->fn = op_gp;
	} else if ((r->flags & X86_F_SSE) && !(v->mode & X86_MODE(0, 0, 0, 0, 1, 0))) {
		op->fn = op_sse_off;
	} else if ((r->flags & X86_F_FPU) && !(v->mode & X86_MODE(0, 0, 0, 0, 0, 1))) {
		op->fn = op_fpu_off;
	} else {
		op->fn = fn;
		op->cost = v->timing->cost[r->cls];
		*ends_block = (r->flags & X86_F_END) != 0;
	}
	return d.len;
}
