/*
 * The x86 decoder's tables and its agreement with capstone (CS_ARCH_X86,
 * CS_MODE_64) on random byte streams: for every stream both give the same
 * length and text (mnemonic and operands, Intel syntax), or both call it
 * invalid. Random prefixes (legacy
 * and REX, repeated, in any order) come before a random one-byte or 0F
 * opcode and random ModRM, SIB, displacement and immediate bytes.
 *
 * Exclusions, each with its reason:
 *  - encodings hvsim does not implement yet: an opcode (or a group's
 *    ModRM.reg extension) with no row in the tables (x87's undocumented
 *    aliases such as FSTP1 and FFREEP, MMX, SSE's missing rows, SSE3 and
 *    later, VEX (C4/C5: no AVX or BMI is advertised; its length is still
 *    compared, as in test_vex_lengths), the system instructions of 0F
 *    00/01, far calls and indirect far jumps...); hvsim says #UD, which is
 *    right for what it does not advertise, capstone names them;
 *  - capstone 4 names F2-prefixed branches "bnd jmp" (MPX's BND prefix,
 *    which is not advertised): the "bnd " is dropped before comparing;
 *  - capstone 4 accepts 66 before near branches as a 16-bit operand size
 *    (AMD's behaviour); Intel ignores it in 64-bit mode and so does hvsim,
 *    which reads a 32-bit displacement: such streams are skipped;
 *  - LOCK where the processor raises #UD (SDM 2: LOCK: an instruction
 *    that takes none, or a register destination): capstone 4 decodes it
 *    ("lock add ecx, dword ptr [rbx]"), and with F2 or F3 also present
 *    (XACQUIRE/XRELEASE) drops the LOCK from the text: such streams are
 *    skipped;
 *  - 66 or 67 followed by another prefix (F2, F3, a segment, REX) before
 *    an opcode without ModRM: capstone 4 then decodes at the default size
 *    ("66 65 98" is CBW, it says CWDE; "67 48 E3" is JECXZ, it says
 *    JRCXZ; "66 F3 AD" is REP LODSW, it says LODSD): skipped;
 *  - F3 90 with further prefixes: capstone 4 says NOP, the processor
 *    executes PAUSE (SDM 2: PAUSE): skipped;
 *  - a mandatory prefix (F3 of POPCNT, TZCNT, LZCNT, 66/F2/F3 of SSE)
 *    with other prefixes between it and the opcode: capstone 4 then
 *    ignores it ("F3 67 0F BC" is TZCNT, it says BSF; "66 3E 0F 54" is
 *    ANDPD, it says ANDPS), while prefixes of groups 1-4 may come in any
 *    order (SDM 2:2.1.1); and a REX before a legacy prefix (the REX is
 *    then ignored), or 67 with REX.W, before an SSE opcode: capstone 4
 *    then picks the row as if 66 were present ("44 67 48 0F 55" and
 *    "67 4C 0F 28" are ANDNPS and MOVAPS, it says ANDNPD, MOVAPD):
 *    skipped;
 *  - F2/F3 before XCHG and other lockable memory forms: capstone 4 prints
 *    HLE's "xacquire"/"xrelease", hints hvsim ignores (HLE is not
 *    advertised, the SDM's XACQUIRE: "ignored" then): dropped from the text;
 *  - F3 REX.W 0F 7E: MOVQ xmm, xmm/m64 (REX.W changes nothing, SDM 2:
 *    MOVQ), capstone 4 says the MMX store "movd [m], mm": skipped;
 *  - LFENCE, MFENCE, SFENCE (0F AE /5 /6 /7, register forms) with
 *    ModRM.rm other than 0: the processor ignores rm, capstone 4 calls
 *    them invalid: skipped;
 *  - 0F 1F /0 with a register operand: NOP r/m in the SDM, capstone 4
 *    calls it invalid: skipped;
 *  - where capstone 4's operand text is wrong, the mnemonic alone is
 *    compared: MOVSXD without REX.W (it prints a 64-bit destination; the
 *    SDM's MOVSXD r32, r/m32 writes 32 bits), 66 before F2/F3 (it sizes
 *    the memory operand "dword" beside a 16-bit register), an absolute
 *    SIB address (no base, no index: it prints 8 or 16 bits of the 32-bit
 *    displacement in some forms), NOP r/m (it sizes the operand, which is
 *    never accessed, "dword" or "word" whatever REX.W and 67 say), PUSH
 *    r/m with 67 and REX.W (it prints "word ptr"; the push is 64-bit).
 *  - (U)COMISS/(U)COMISD with a memory operand: capstone 4 prints
 *    "xmmword ptr" for the SDM's m32/m64: the mnemonic alone is compared;
 *  - FXSAVE, FXRSTOR, XSAVE, XRSTOR (0F AE /0 /1 /4 /5) and XSAVEC
 *    (0F C7 /4): capstone 4 prints their area "ptr [...]" for some forms
 *    (XSAVE, XSAVEC, FXSAVE64) and "[...]" for others: the mnemonic alone
 *    is compared;
 *  - RETF imm16: capstone 4 prints the immediate signed; FNSTSW m16: it
 *    sizes the operand "dword", and FNSAVE and FRSTOR (the rest of DD's
 *    forms share the rule) "dword ptr" for a 94- or 108-byte image: the
 *    mnemonic alone is compared;
 *  - ENDBR64/ENDBR32 (F3 0F 1E FA/FB) with a 66 too: capstone 4 calls it
 *    invalid, the processor runs it as the same NOP (0F 1E is a hint
 *    NOP without CET): skipped;
 *  - MOV Sreg (8C, 8E) with REX.R: capstone 4 calls it invalid; hvsim
 *    ignores REX.R there, as it names no segment register: skipped;
 *  - F2 before MOVS: capstone 4 prints no prefix (the processor repeats
 *    it as with F3): hvsim's "repne " is dropped before comparing.
 * Run with X86_DECODE_STREAMS=n for more or fewer streams (default 10^6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <capstone/capstone.h>

#include "cpu/x86-coco/x86.h"

static const uint32_t MODE64 = X86_MODE(X86_CODE64, 0, 1, 1, 1, 1);

/* Every row of one (map, opcode) has a ModRM byte, or none does: decode reads it before choosing. */
static void test_modrm_agrees(void **state)
{
	for (size_t t = 0; t < x86_n_tables; t++)
		for (size_t i = 0; i < x86_tables[t]->n; i++) {
			const struct x86_row *a = &x86_tables[t]->rows[i];
			for (size_t u = 0; u < x86_n_tables; u++)
				for (size_t j = 0; j < x86_tables[u]->n; j++) {
					const struct x86_row *b = &x86_tables[u]->rows[j];
					if (a->map == b->map && a->opcode == b->opcode &&
					    (a->modrm == X86_M_NONE) != (b->modrm == X86_M_NONE))
						fail_msg("%s and %s disagree on ModRM", a->name, b->name);
				}
		}
}

/* No two rows match the same bytes: for every ModRM byte and REX.B, one row at most per prefix. */
static void test_no_overlap(void **state)
{
	for (size_t t = 0; t < x86_n_tables; t++)
		for (size_t i = 0; i < x86_tables[t]->n; i++) {
			const struct x86_row *a = &x86_tables[t]->rows[i];
			for (size_t u = t; u < x86_n_tables; u++)
				for (size_t j = u == t ? i + 1 : 0; j < x86_tables[u]->n; j++) {
					const struct x86_row *b = &x86_tables[u]->rows[j];
					if (a->map != b->map || a->opcode != b->opcode || a->prefix != b->prefix)
						continue;
					for (unsigned m = 0; m < 256; m++)
						for (unsigned rex = 0x40; rex <= 0x41; rex++) {
							struct x86_dec d = { .modrm = (uint8_t)m, .rex = (uint8_t)rex };
							bool reg = (m >> 6) == 3;
							bool fa = (a->ext < 0 || a->ext == (int)((m >> 3) & 7)) &&
								  !(a->modrm == X86_M_MEM && reg) &&
								  !(a->modrm == X86_M_REG && !reg) &&
								  (!a->when || a->when(&d));
							bool fb = (b->ext < 0 || b->ext == (int)((m >> 3) & 7)) &&
								  !(b->modrm == X86_M_MEM && reg) &&
								  !(b->modrm == X86_M_REG && !reg) &&
								  (!b->when || b->when(&d));
							if (fa && fb && (a->modrm != X86_M_NONE || m == 0))
								fail_msg("%s and %s both match %02x %02x /%02x",
									 a->name, b->name, a->map, a->opcode, m);
						}
				}
		}
}

/* Known encodings: length, and text as capstone prints it. */
static void test_known(void **state)
{
	static const struct {
		const char *hex, *text;
	} cases[] = {
		{ "4801d8", "add rax, rbx" },
		{ "f0480fb10a", "lock cmpxchg qword ptr [rdx], rcx" },
		{ "8b4c2408", "mov ecx, dword ptr [rsp + 8]" },
		{ "488d0500100000", "lea rax, [rip + 0x1000]" },
		{ "66c7400201ff", "mov word ptr [rax + 2], 0xff01" },
		{ "f348ab", "rep stosq qword ptr [rdi], rax" },
		{ "0f94c0", "sete al" },
		{ "40b7ff", "mov dil, 0xff" },
		{ "b7ff", "mov bh, 0xff" },
		{ "48b8efcdab8967452301", "movabs rax, 0x123456789abcdef" },
		{ "f30fb8c1", "popcnt eax, ecx" },
		{ "7400", "je 0x1002" },
		{ "e3fe", "jrcxz 0x1000" },
		{ "4990", "xchg rax, r8" },
		{ "90", "nop" },
		{ "0f01c1", "vmcall" },
		{ "f20f58c1", "addsd xmm0, xmm1" },
		{ "66410fefc0", "pxor xmm0, xmm8" },
		{ "0fc2c101", "cmpltps xmm0, xmm1" },
		{ "66480f6ec0", "movq xmm0, rax" },
		{ "f30f1007", "movss xmm0, dword ptr [rdi]" },
		{ "660f73d904", "psrldq xmm1, 4" },
		{ "0fae5c2404", "stmxcsr dword ptr [rsp + 4]" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t b[16];
		size_t n = strlen(cases[i].hex) / 2;
		for (size_t k = 0; k < n; k++)
			sscanf(cases[i].hex + 2 * k, "%2hhx", &b[k]);
		struct x86_dec d;
		x86_decode_insn(MODE64, b, n, &d);
		char text[128];
		assert_int_equal(d.status, X86_DEC_OK);
		assert_int_equal(d.len, n);
		assert_true(x86_disasm(&d, 0x1000, text, sizeof(text)));
		assert_string_equal(text, cases[i].text);
	}
}

/* The 15-byte limit: 14 prefixes and a one-byte instruction decode; 15 are #GP. */
static void test_length_limit(void **state)
{
	uint8_t b[32];
	struct x86_dec d;
	memset(b, 0x66, sizeof(b));
	b[14] = 0x90;
	x86_decode_insn(MODE64, b, sizeof(b), &d);
	assert_int_equal(d.status, X86_DEC_OK);
	assert_int_equal(d.len, 15);
	b[14] = 0x66;
	b[15] = 0x90;
	x86_decode_insn(MODE64, b, sizeof(b), &d);
	assert_int_equal(d.status, X86_DEC_GP);
	/* Bytes that end early ask for more, within the limit. */
	x86_decode_insn(MODE64, b, 10, &d);
	assert_int_equal(d.status, X86_DEC_MORE);
}

/*
 * Is (map, opcode, ModRM.reg) with the stream's mandatory-prefix candidate
 * among what the tables implement? (0F 6E without 66 is MMX's MOVD, which
 * hvsim does not implement, beside SSE2's 66 0F 6E, which it does.)
 */
static bool implemented(const struct x86_dec *d)
{
	unsigned mand = (d->pfx & X86_P_REP)	 ? X86_PFX_F3
			: (d->pfx & X86_P_REPNE)  ? X86_PFX_F2
			: (d->pfx & X86_P_OPSIZE) ? X86_PFX_66
						  : X86_PFX_NONE;
	for (size_t t = 0; t < x86_n_tables; t++)
		for (size_t i = 0; i < x86_tables[t]->n; i++) {
			const struct x86_row *r = &x86_tables[t]->rows[i];
			bool reg = (d->modrm >> 6) == 3;
			if (r->map == d->map && r->opcode == d->opcode &&
			    (r->prefix == X86_PFX_ANY || r->prefix == mand) &&
			    (r->ext < 0 || !d->has_modrm || r->ext == ((d->modrm >> 3) & 7)) &&
			    !(r->modrm == X86_M_MEM && reg) && !(r->modrm == X86_M_REG && !reg) &&
			    (!r->when || r->when(d)))
				return true;
		}
	return false;
}

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static const uint8_t prefixes[] = { 0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64, 0x65,
				    0x40, 0x41, 0x44, 0x48, 0x49, 0x4c, 0x4f };

/* Are LOCK and F2 or F3 both among the stream's prefixes? */
static bool lock_and_rep(const uint8_t *b)
{
	bool lock = false, rep = false;
	for (unsigned i = 0; i < 15; i++) {
		if (b[i] == 0xf0)
			lock = true;
		else if (b[i] == 0xf2 || b[i] == 0xf3)
			rep = true;
		else if (!memchr(prefixes, b[i], sizeof(prefixes)) && (b[i] & 0xf0) != 0x40)
			break;
	}
	return lock && rep;
}

/* The prefix bytes of a stream (before the opcode). */
static unsigned prefix_count(const uint8_t *b)
{
	unsigned i = 0;
	while (i < 15 && (memchr(prefixes, b[i], sizeof(prefixes)) || (b[i] & 0xf0) == 0x40))
		i++;
	return i;
}

/* The prefix orders capstone 4 decodes otherwise than the processor (see the top). */
static bool capstone_prefix_quirk(const uint8_t *b, const struct x86_dec *d)
{
	unsigned n = prefix_count(b);
	if (d->map == X86_MAP_1B && d->opcode == 0x90 && n > 1 && memchr(b, 0xf3, n))
		return true;
	static const uint8_t mand_byte[] = { [X86_PFX_66] = 0x66, [X86_PFX_F3] = 0xf3, [X86_PFX_F2] = 0xf2 };
	if (d->status == X86_DEC_OK && d->row->prefix != X86_PFX_ANY && d->row->prefix != X86_PFX_NONE) {
		unsigned last = n;
		if (last && (b[last - 1] & 0xf0) == 0x40)
			last--;
		if (!last || b[last - 1] != mand_byte[d->row->prefix])
			return true;
	}
	/* A REX before a legacy prefix, or 67 with REX.W: capstone 4 then picks the 66 SSE row. */
	if (d->status == X86_DEC_OK && d->row->prefix != X86_PFX_ANY) {
		if ((d->pfx & X86_P_ADDRSIZE) && (d->rex & 8))
			return true;
		for (unsigned i = 0; i + 1 < n; i++)
			if ((b[i] & 0xf0) == 0x40 && (b[i + 1] & 0xf0) != 0x40)
				return true;
	}
	if (d->map == X86_MAP_0F && d->opcode == 0x1f && (d->modrm >> 6) == 3)
		return true;
	if (d->map == X86_MAP_1B && (d->opcode == 0x8c || d->opcode == 0x8e) && (d->rex & 4))
		return true;
	if (d->status == X86_DEC_OK && d->map == X86_MAP_0F && d->opcode == 0x1e && memchr(b, 0x66, n))
		return true;
	if (d->status == X86_DEC_OK && d->map == X86_MAP_0F && d->opcode == 0xae &&
	    (d->modrm >> 6) == 3 && (d->modrm & 7))
		return true;
	if (d->status == X86_DEC_OK && d->map == X86_MAP_0F && d->opcode == 0x7e &&
	    d->row->prefix == X86_PFX_F3 && (d->rex & 8))
		return true;
	if (d->has_modrm)
		return false;
	for (unsigned i = 0; i + 1 < n; i++)
		if (b[i] == 0x66 || b[i] == 0x67)
			return true;
	return false;
}

/* Streams whose operand text capstone 4 gets wrong (see the top): compare the mnemonic. */
static bool capstone_text_quirk(const uint8_t *b, const struct x86_dec *d)
{
	if ((d->map == X86_MAP_1B && d->opcode == 0x63 && !(d->rex & 8)) ||
	    (d->map == X86_MAP_0F && (d->opcode == 0x2e || d->opcode == 0x2f)) ||
	    (d->map == X86_MAP_0F && d->opcode == 0xae && (d->modrm >> 6) != 3 &&
	     (0x33 >> ((d->modrm >> 3) & 7) & 1)) ||
	    (d->map == X86_MAP_0F && d->opcode == 0xc7 && (d->modrm >> 6) != 3 && ((d->modrm >> 3) & 7) == 4) ||
	    (d->map == X86_MAP_0F && d->opcode == 0x1f) ||
	    (d->map == X86_MAP_1B && d->opcode == 0xca) ||
	    (d->map == X86_MAP_1B && d->opcode == 0xdd) ||
	    (d->map == X86_MAP_1B && d->opcode == 0xff && ((d->modrm >> 3) & 7) == 6 &&
	     (d->pfx & X86_P_ADDRSIZE) && (d->rex & 8)))
		return true;
	if (d->has_sib && (d->modrm >> 6) == 0 && (d->sib & 7) == 5 &&
	    (((d->sib >> 3) & 7) | (d->rex & 2) << 2) == 4)
		return true;
	unsigned n = prefix_count(b);
	const uint8_t *p66 = memchr(b, 0x66, n);
	return p66 && (memchr(p66, 0xf2, n - (size_t)(p66 - b)) || memchr(p66, 0xf3, n - (size_t)(p66 - b)));
}

static bool is_branch(const char *mn)
{
	return mn[0] == 'j' || !strncmp(mn, "call", 4) || !strncmp(mn, "loop", 4);
}

static void test_capstone(void **state)
{
	csh cs;
	assert_int_equal(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
	const char *env = getenv("X86_DECODE_STREAMS");
	unsigned long streams = env ? strtoul(env, NULL, 0) : 1000000ul;
	unsigned long compared = 0, both_invalid = 0, excluded = 0, bad = 0, vex = 0;
	for (unsigned long it = 0; it < streams; it++) {
		uint8_t b[24];
		unsigned n = 0, np = next_rand() % 4;
		for (unsigned k = 0; k < np; k++)
			b[n++] = prefixes[next_rand() % sizeof(prefixes)];
		if (next_rand() & 1)
			b[n++] = 0x0f;
		while (n < sizeof(b))
			b[n++] = (uint8_t)next_rand();
		struct x86_dec d;
		x86_decode_insn(MODE64, b, 16, &d);
		cs_insn *ci;
		size_t got = cs_disasm(cs, b, 16, 0x1000, 1, &ci);
		const char *mn = got ? ci[0].mnemonic : NULL;
		if (mn && !strncmp(mn, "bnd ", 4))
			mn += 4;
		if (mn && (!strncmp(mn, "xacquire ", 9) || !strncmp(mn, "xrelease ", 9)))
			mn += 9;
		bool ok;
		if (lock_and_rep(b) || capstone_prefix_quirk(b, &d)) {
			excluded++;
			ok = true;
		} else if (d.status == X86_DEC_OK) {
			char text[160];
			x86_disasm(&d, 0x1000, text, sizeof(text));
			size_t ml = mn ? strlen(mn) : 0;
			if (!strncmp(text, "repne movs", 10) && mn && !strncmp(mn, "movs", 4))
				memmove(text, text + 6, strlen(text + 6) + 1);
			char full[200];
			snprintf(full, sizeof(full), "%s%s%s", mn ? mn : "", mn && ci[0].op_str[0] ? " " : "",
				 mn ? ci[0].op_str : "");
			bool mnemonic_only = capstone_text_quirk(b, &d);
			if (mn && is_branch(mn) && (d.pfx & X86_P_OPSIZE) && ci[0].size != d.len) {
				excluded++;
				ok = true;
			} else {
				ok = mn && ci[0].size == d.len &&
				     (mnemonic_only ? !strncmp(text, mn, ml) && (text[ml] == ' ' || !text[ml])
						    : !strcmp(text, full));
				compared++;
			}
			if (!ok && bad < 20)
				print_error("differ: %02x %02x %02x %02x %02x %02x %02x %02x: hvsim %u '%s', capstone %u '%s'\n",
					    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], d.len, text,
					    mn ? (unsigned)ci[0].size : 0, mn ? full : "invalid");
		} else if (!mn) {
			both_invalid++;
			ok = true;
		} else if (d.status == X86_DEC_UD && d.len) {
			/* VEX: #UD (no AVX or BMI), but as long as capstone's instruction. */
			ok = ci[0].size == d.len;
			vex++;
			if (!ok && bad < 20)
				print_error("vex length: %02x %02x %02x %02x %02x %02x: hvsim %u, capstone %u '%s %s'\n",
					    b[0], b[1], b[2], b[3], b[4], b[5], d.len, (unsigned)ci[0].size, mn,
					    ci[0].op_str);
		} else if (!implemented(&d) || ((d.pfx & X86_P_LOCK) && !strncmp(mn, "lock ", 5))) {
			excluded++;
			ok = true;
		} else {
			ok = false;
			if (bad < 20)
				print_error("hvsim rejects (%d) %02x %02x %02x %02x %02x %02x: capstone %u '%s %s'\n",
					    d.status, b[0], b[1], b[2], b[3], b[4], b[5], (unsigned)ci[0].size,
					    mn, ci[0].op_str);
		}
		if (!ok)
			bad++;
		if (got)
			cs_free(ci, got);
	}
	cs_close(&cs);
	print_message("x86 decode vs capstone: %lu streams, %lu compared, %lu VEX lengths, %lu both invalid, "
		      "%lu excluded, %lu differ\n", streams, compared, vex, both_invalid, excluded, bad);
	assert_int_equal(bad, 0);
	/* The comparison must have covered something. */
	assert_true(compared > streams / 10);
}

/*
 * VEX streams (C4/C5 then random bytes, 64-bit mode): hvsim's #UD comes
 * after as many bytes as capstone's instruction has, wherever capstone
 * decodes one (it knows AVX, AVX2, FMA, BMI...; others are invalid to it).
 */
static void test_vex_lengths(void **state)
{
	csh cs;
	assert_int_equal(cs_open(CS_ARCH_X86, CS_MODE_64, &cs), CS_ERR_OK);
	unsigned long compared = 0, bad = 0;
	for (unsigned long it = 0; it < 200000; it++) {
		uint8_t b[16];
		b[0] = (next_rand() & 1) ? 0xc4 : 0xc5;
		for (unsigned n = 1; n < sizeof(b); n++)
			b[n] = (uint8_t)next_rand();
		struct x86_dec d;
		x86_decode_insn(MODE64, b, sizeof(b), &d);
		assert_int_equal(d.status, X86_DEC_UD);
		cs_insn *ci;
		if (cs_disasm(cs, b, sizeof(b), 0x1000, 1, &ci) != 1)
			continue;
		compared++;
		if (ci[0].size != d.len && bad++ < 20)
			print_error("vex length: %02x %02x %02x %02x %02x: hvsim %u, capstone %u '%s %s'\n", b[0],
				    b[1], b[2], b[3], b[4], d.len, (unsigned)ci[0].size, ci[0].mnemonic, ci[0].op_str);
		cs_free(ci, 1);
	}
	cs_close(&cs);
	print_message("VEX lengths vs capstone: %lu compared, %lu differ\n", compared, bad);
	assert_int_equal(bad, 0);
	assert_true(compared > 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modrm_agrees),
		cmocka_unit_test(test_no_overlap),
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_length_limit),
		cmocka_unit_test(test_capstone),
		cmocka_unit_test(test_vex_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
