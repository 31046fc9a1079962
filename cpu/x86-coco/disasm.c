/*
 * Intel-syntax disassembly from the decode rows (x86.h: a row's name and
 * its operands in the SDM's notation), spelled as capstone spells it so
 * traces and the decoder's cross-check read alike: "add dword ptr
 * [rax + rbx*4 + 0x10], 1".
 */
#include <stdarg.h>
#include <stdio.h>

#include "cpu/x86-coco/x86.h"

static const char *const gpr64[16] = {
	"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
};
static const char *const gpr32[16] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"r8d", "r9d", "r10d", "r11d", "r12d", "r13d", "r14d", "r15d",
};
static const char *const gpr16[16] = {
	"ax", "cx", "dx", "bx", "sp", "bp", "si", "di",
	"r8w", "r9w", "r10w", "r11w", "r12w", "r13w", "r14w", "r15w",
};
static const char *const gpr8[20] = {
	"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil",
	"r8b", "r9b", "r10b", "r11b", "r12b", "r13b", "r14b", "r15b",
	"ah", "ch", "dh", "bh",
};
static const char *const seg_names[] = { "es", "cs", "ss", "ds", "fs", "gs" };
/* Condition suffixes in cc order (SDM 2:B.1.4.7), as capstone names them. */
static const char *const cc_names[16] = {
	"o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
};
/* CMPPS's predicates (SDM 2: CMPPS Table 3-1), as capstone spells them into the mnemonic. */
static const char *const predicate_names[8] = {
	"eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord",
};
static const char *const ptr_names[] = { "byte", "word", "dword", "qword", "xmmword" };
/*
 * x87 memory operands (F and its letter, x86.h): capstone 4 says "xword"
 * for m80fp and "tbyte" for packed BCD; the state images have no size.
 */
static const char *x87_ptr(char l)
{
	switch (l) {
	case 'w': return "word ptr ";
	case 'd': return "dword ptr ";
	case 'q': return "qword ptr ";
	case 't': return "xword ptr ";
	case 'p': return "tbyte ptr ";
	default: return "";
	}
}

static const char *reg_name(unsigned n, unsigned sz)
{
	switch (sz) {
	case 0: return gpr8[n];
	case 1: return gpr16[n];
	case 2: return gpr32[n];
	default: return gpr64[n];
	}
}

struct out {
	char *p;
	size_t left;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(o->p, o->left, fmt, ap);
	va_end(ap);
	if (n > 0) {
		size_t k = (size_t)n < o->left ? (size_t)n : o->left ? o->left - 1 : 0;
		o->p += k;
		o->left -= k;
	}
}

/* A signed number as capstone prints it: hex from 10 on, "-" for negatives. */
static void put_signed(struct out *o, int64_t x, bool first)
{
	uint64_t mag = x < 0 ? -(uint64_t)x : (uint64_t)x;
	if (!first)
		put(o, x < 0 ? " - " : " + ");
	else if (x < 0)
		put(o, "-");
	put(o, mag < 10 ? "%llu" : "0x%llx", (unsigned long long)mag);
}

/* The size of an operand letter (b w d q v z) at operand size osz. */
static unsigned letter_size(char l, unsigned osz)
{
	switch (l) {
	case 'b': return 0;
	case 'w': return 1;
	case 'd': return 2;
	case 'q': return 3;
	case 'z': return osz == 3 ? 2 : osz;
	default: return osz;
	}
}

/* A memory operand: "size ptr seg:[base + index*scale + disp]". */
static void put_mem(struct out *o, const struct x86_dec *d, const struct core_op *op, unsigned sz,
		    uint64_t pc)
{
	if (sz < 5)
		put(o, "%s ptr ", ptr_names[sz]);
	if (d->seg != X86_R_NONE)
		put(o, "%s:", seg_names[d->seg]);
	put(o, "[");
	bool first = true;
	int64_t disp = (int32_t)op->insn;
	if (op->r[1] == X86_R_RIP) {
		put(o, d->asz == 3 ? "rip" : "eip");
		first = false;
	} else if (op->r[1] != X86_R_NONE) {
		put(o, "%s", reg_name(op->r[1], d->asz));   /* bx, ebx, rbx by the address size */
		first = false;
	}
	if (op->r[2] != X86_R_NONE) {
		put(o, "%s%s", first ? "" : " + ", reg_name(op->r[2], d->asz));
		if (op->f[0])
			put(o, "*%u", 1u << op->f[0]);
		first = false;
	}
	if (disp || first) {
		if (first)   /* an absolute address: the displacement sign-extended to the address size */
			put(o, "0x%llx", (unsigned long long)((uint64_t)disp & x86_mask(d->asz)));
		else
			put_signed(o, disp, false);
	}
	put(o, "]");
}

/* One operand of the row's list (x86.h, struct x86_row.ops). */
static void put_operand(struct out *o, const struct x86_dec *d, const struct core_op *op,
			const char *s, size_t n, uint64_t pc)
{
	char kind = s[0], l = n > 1 ? s[1] : 'v';
	unsigned sz = letter_size(l, d->osz);
	bool mem = x86_dec_mem(d);
	if (n == 2 && !memcmp(s, "AL", 2)) {
		put(o, "al");
	} else if (n == 2 && !memcmp(s, "CL", 2)) {
		put(o, "cl");
	} else if (n == 3 && !memcmp(s, "rAX", 3)) {
		put(o, "%s", reg_name(X86_RAX, d->osz));
	} else if (n == 3 && !memcmp(s, "eAX", 3)) {
		put(o, "%s", reg_name(X86_RAX, d->osz == 1 ? 1 : 2));   /* AX or EAX: ports have no 64 bits */
	} else if (n == 2 && !memcmp(s, "AX", 2)) {
		put(o, "ax");
	} else if (n == 2 && !memcmp(s, "DX", 2)) {
		put(o, "dx");
	} else if (n == 1 && kind == '1') {
		put(o, "1");
	} else if (kind == 'T') {
		put(o, "st(%u)", n == 2 && l == '0' ? 0u : op->r[1] & 7u);   /* T0 is ST(0), T ModRM.rm's */
	} else if (kind == 'F') {
		put(o, "%s", x87_ptr(n > 1 ? l : 0));
		put_mem(o, d, op, 5, pc);
	} else if (kind == 'S') {
		put(o, "%s", seg_names[op->r[0] & 7]);
	} else if (kind == 'C') {
		put(o, "cr%u", op->r[0]);
	} else if (kind == 'D') {
		put(o, "dr%u", op->r[0]);
	} else if (kind == 'V' || ((kind == 'U' || kind == 'W') && !mem)) {
		put(o, "xmm%u", kind == 'V' ? op->r[0] : op->r[1]);
	} else if (kind == 'W') {
		put_mem(o, d, op, l == 'x' ? 4 : sz, pc);
	} else if (kind == 'G' || kind == 'Z') {
		put(o, "%s", reg_name(op->r[0], sz));
	} else if (kind == 'E' && !mem) {
		put(o, "%s", reg_name(op->r[1], sz));
	} else if (kind == 'M' && l == 'p') {
		put(o, "ptr ");   /* a far pointer (LES...): capstone 4 names no size */
		put_mem(o, d, op, 5, pc);
	} else if (kind == 'E' || kind == 'M') {
		/* M alone (LEA) has no size; Mq is CMPXCHG8B's, 16 bytes with REX.W; Mb, Mw, Md as said. */
		unsigned msz = kind == 'E' || l == 'b' || l == 'w' || l == 'd' ? sz : n == 1 ? 5 : d->osz == 3 ? 4 : 3;
		put_mem(o, d, op, msz, pc);
	} else if (kind == 'I') {
		/*
		 * An immediate sign-extended to a wider operand prints signed
		 * ("add rax, -0x1e") but for the logic rows (X86_F_UIMM); one as
		 * wide as its operand, unsigned at that width ("add eax,
		 * 0xffffffe2"), as capstone prints them.
		 */
		unsigned isz = l == 'w' ? 1 : d->row->size == X86_SZ_B ? 0 : d->osz;
		bool extended = (d->row->imm == X86_I_B || d->row->imm == X86_I_Z) && isz &&
				d->imm_len < (1u << isz) && !(d->row->flags & X86_F_UIMM);
		uint64_t x = d->imm & x86_mask(isz);
		if (extended)
			put_signed(o, (int64_t)d->imm, true);
		else
			put(o, x < 10 ? "%llu" : "0x%llx", (unsigned long long)x);
	} else if (kind == 'J') {
		uint64_t t = pc + d->len + (uint64_t)(int64_t)(int32_t)op->insn;
		put(o, "0x%llx", (unsigned long long)t);
	} else if (kind == 'O') {
		put(o, "%s ptr ", ptr_names[sz]);
		if (d->seg != X86_R_NONE)
			put(o, "%s:", seg_names[d->seg]);
		put(o, "[0x%llx]", (unsigned long long)d->imm);
	} else if (kind == 'X' || kind == 'Y') {
		const char *const *regs = d->asz == 3 ? gpr64 : gpr32;
		put(o, "%s ptr ", ptr_names[sz]);
		if (kind == 'X' && d->seg != X86_R_NONE)
			put(o, "%s:", seg_names[d->seg]);
		put(o, "[%s]", regs[kind == 'X' ? X86_RSI : X86_RDI]);
	} else if (kind == 'A') {
		unsigned bits = d->osz == 1 ? 16 : 32;
		put(o, "0x%llx:0x%llx", (unsigned long long)(d->imm >> bits),
		    (unsigned long long)(d->imm & x86_mask(d->osz)));
	}
}

/*
 * The mnemonic: '*' the size suffix, '#' the condition, '%' SSE's compare
 * predicate (imm8[2:0], SDM 2: CMPPS), '/' alternatives by size ('@'
 * address size).
 */
static void put_name(struct out *o, const struct x86_dec *d)
{
	const char *name = d->row->name;
	unsigned idx = d->osz;
	if (name[0] == '@') {
		name++;
		idx = d->asz;
	}
	if (name[0] == '/') {
		const char *s = name;
		for (unsigned i = 0; i < idx && strchr(s, '/'); i++)
			s = strchr(s, '/') + 1;
		const char *e = strchr(s, '/');
		put(o, "%.*s", (int)(e ? (size_t)(e - s) : strlen(s)), s);
		return;
	}
	for (const char *s = name; *s; s++) {
		if (*s == '*')
			put(o, "%c", "bwdq"[d->osz]);
		else if (*s == '#')
			put(o, "%s", cc_names[d->opcode & 15]);
		else if (*s == '%')
			put(o, "%s", d->imm > 7 ? "" : predicate_names[d->imm]);
		else
			put(o, "%c", *s);
	}
}

bool x86_disasm(const struct x86_dec *d, uint64_t pc, char *buf, size_t len)
{
	struct out o = { buf, len };
	if (len)
		buf[0] = 0;
	if (d->status != X86_DEC_OK)
		return false;
	/* The operands as decode gives them to the handler. */
	struct core_op op;
	memset(&op, 0, sizeof(op));
	x86_dec_operands(d, &op);
	const struct x86_row *r = d->row;
	if (d->pfx & X86_P_LOCK)
		put(&o, "lock ");
	if ((r->flags & X86_F_REP) && (d->pfx & (X86_P_REP | X86_P_REPNE))) {
		bool cmp = d->opcode == 0xa6 || d->opcode == 0xa7 || d->opcode == 0xae || d->opcode == 0xaf;
		put(&o, (d->pfx & X86_P_REPNE) ? "repne " : cmp ? "repe " : "rep ");
	}
	put_name(&o, d);
	const char *s = r->ops;
	if (s && *s)
		put(&o, " ");
	while (s && *s) {
		const char *e = strchr(s, ',');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		put_operand(&o, d, &op, s, n, pc);
		if (!e)
			break;
		put(&o, ", ");
		s = e + 1;
	}
	/* A compare predicate beyond the named ones (its bits 7:3 are ignored) prints as a number. */
	if (strchr(r->name, '%') && d->imm > 7)
		put(&o, d->imm < 10 ? ", %llu" : ", 0x%llx", (unsigned long long)d->imm);
	return true;
}
