#!/usr/bin/env python3
"""Tests of tools/decodetree.py: its checks, and the C it writes for a toy
LoongArch-like description, compiled with $CC (default cc) and run."""

import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import decodetree  # noqa: E402

HEADER = """\
.rows     struct toy_insn
.flags    TOY_F_ end
.defaults cls=ALU
"""

# A few LoongArch encodings (LoongArch Reference Manual vol. 1, 2.2), made
# into a toy ISA: 3R, 2RI12, 1RI20 and branch formats.
TOY = HEADER + """\
%rd      0:5   !print=gpr
%rj      5:5   !print=gpr
%rk      10:5  !print=gpr
%si12    10:s12
%si20    5:s20
%offs16  10:s16 !function=times_4
%offs26  0:s10 10:16 !function=times_4     # offs[25:16] in bits 9:0

+wd      15:1  0=_w 1=_d

@r3      r0=%rd r1=%rj r2=%rk      "{rd}, {rj}, {rk}"
@r2i12   r0=%rd r1=%rj imm=%si12   "{rd}, {rj}, {si12}"
@r1i20   r0=%rd imm=%si20          "{rd}, {si20:hex}"

add      0000 0000 0001 0000 . ..... ..... .....   @r3    h_add+wd "{rd}, {rj}, {rk}"
addi.w   0000 0010 10 ............ ..... .....     @r2i12 h_addi_w
lu12i.w  0001 010 .................... .....       @r1i20 h_lu12i_w
{
  # OR rd, rj, $r0 is MOVE; the refine helper declines rj = $r0 (so "or").
  move   0000 0000 0001 0101 0 00000 ..... .....   @r3 ?rj_nonzero h_move "{rd}, {rj}"
  or     0000 0000 0001 0101 0 ..... ..... .....   @r3 h_or
}
{
  nop    0000 0011 01 000000000000 00000 00000     h_nop
  andi   0000 0011 01 ui12:12 ..... .....          @r2i12 imm=%ui12 h_andi "{rd}, {rj}, {ui12:hex}"
}
beq      0101 10 ................ ..... .....      h_beq cls=BRANCH end r0=%rj r1=%rd imm=%offs16 \\
                                                   "{rj}, {rd}, {offs16}"
b        0101 00 .......... ................       h_b cls=BRANCH end imm=%offs26 "{offs26}"
"""

PRELUDE = """\
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct core_op {
	int (*fn)(void);
	uint64_t imm;
	uint8_t r[4], f[4];
	uint32_t insn;
};
enum { CORE_CLASS_ALU, CORE_CLASS_BRANCH };
enum { TOY_F_END = 1 };
struct toy_insn {
	uint32_t mask, match;
	const char *name;
	bool (*decode)(uint32_t insn, struct core_op *op);
	int (*exec)(void);
	uint8_t cls, flags;
};

#define H(name) static int name(void) { return 0; }
H(h_add_w) H(h_add_d) H(h_addi_w) H(h_lu12i_w) H(h_move) H(h_or) H(h_nop) H(h_andi) H(h_beq) H(h_b)

static int64_t times_4(int64_t v) { return v * 4; }
static void gpr(char *buf, size_t len, int64_t v) { snprintf(buf, len, "$r%d", (int)v); }
static bool rj_nonzero(uint32_t insn, struct core_op *op) { return op->r[1] != 0; }

#include "toy.inc"

/* Per encoding: the row (first match that decodes), its op slots, the disassembly. */
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		uint32_t insn = (uint32_t)strtoul(argv[i], NULL, 16);
		const struct toy_insn *row = NULL;
		struct core_op op;
		size_t k;
		for (k = 0; k < sizeof(toy_rows) / sizeof(toy_rows[0]); k++) {
			memset(&op, 0, sizeof(op));
			if ((insn & toy_rows[k].mask) == toy_rows[k].match &&
			    (!toy_rows[k].decode || toy_rows[k].decode(insn, &op))) {
				row = &toy_rows[k];
				break;
			}
		}
		char text[64];
		bool ok = toy_disasm(insn, text, sizeof(text));
		printf("%s#%d %d %d r=%d,%d,%d imm=%lld | %s\\n", row ? row->name : "-", row ? (int)k : -1,
		       row ? row->cls : -1,
		       row ? row->flags : -1, op.r[0], op.r[1], op.r[2], (long long)(int64_t)op.imm,
		       ok ? text : "(unallocated)");
	}
	printf("fields 0x%08x: si12=%lld offs16=%lld offs26=%lld\\n", 0x02bffc21u,
	       (long long)toy_field_si12(0x02bffc21u), (long long)toy_field_offs16(0x5bfffc41u),
	       (long long)toy_field_offs26(0x53fffffeu));
	return 0;
}
"""


def generate(text, name='t.decode', prefix='toy'):
    return decodetree.generate(text, name, prefix)


class Errors(unittest.TestCase):
    """Mistakes in a description are reported at their file:line."""

    def error(self, body):
        with self.assertRaises(decodetree.DecodeError) as cm:
            generate(HEADER + textwrap.dedent(body))
        return str(cm.exception)

    def test_overlap_names_both_lines(self):
        msg = self.error("""\
            a  0000 0000 0000 0000 0000 0000 .... ....  h_a
            b  0000 0000 0000 0000 0000 0000 0000 ....  h_b
            """)
        self.assertIn('t.decode:5', msg)
        self.assertIn('t.decode:4', msg)
        self.assertIn('overlap', msg)

    def test_non_overlapping_group_inside_overlap_group(self):
        msg = self.error("""\
            {
              a  0000 0000 0000 0000 0000 0000 0000 0000  h_a
              [
                b  0000 0000 0000 0000 0000 0000 0000 ....  h_b
                c  0000 0000 0000 0000 0000 0000 .... 0000  h_c
              ]
            }
            """)
        self.assertTrue(msg.startswith('t.decode:8:'), msg)
        self.assertIn('t.decode:7', msg)

    def test_unreachable_row(self):
        msg = self.error("""\
            {
              a  0000 0000 0000 0000 0000 0000 .... ....  h_a
              b  0000 0000 0000 0000 0000 0000 0000 ....  h_b
            }
            """)
        self.assertTrue(msg.startswith('t.decode:6:'), msg)
        self.assertIn('never reached', msg)

    def test_malformed_lines(self):
        cases = [
            ('a  0000 0000 0000 0000 0000 0000 0000 000  h_a\n', 't.decode:4: bit string has 31 bits'),
            ('%f 10:4 !bogus\n', 't.decode:4: unexpected "!bogus"'),
            ('a  0000 0000 0000 0000 0000 0000 0000 0000  @nope h_a\n', 't.decode:4: unknown format @nope'),
            ('a  0000 0000 0000 0000 0000 0000 0000 0000  h_a h_b\n', 't.decode:4: two handlers'),
            ('a  0000 0000 0000 0000 0000 0000 0000 0000  h_a r9=1\n', 't.decode:4: unexpected "r9=1"'),
            ('a  0000 0000 0000 0000 0000 0000 0000 0000  h_a imm=%nope\n', 't.decode:4: unknown field %nope'),
            ('\n{\n', 't.decode:5: group "{" is never closed'),
            (']\n', 't.decode:4: "]" closes no open group'),
            ('%f 30:4\n', 't.decode:4: piece 30:4 is outside'),
            ('%g 3:4 s8:2\n', 't.decode:4: unexpected "s8:2"'),
            ('%h 0:4 4:s4\n', 't.decode:4: only the first (most significant) piece may be signed'),
            ('+v 0:2 00=a 1=b\n', 't.decode:4: entry "1=b" is not 2 bits'),
            ('?what\n', 't.decode:4: cannot parse "?what"'),
        ]
        for body, expected in cases:
            with self.subTest(body=body):
                self.assertTrue(self.error(body).startswith(expected), self.error(body))

    def test_command_line_reports_file_and_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, 'bad.decode')
            with open(path, 'w') as f:
                f.write(HEADER + 'a 0101 h_a\n')
            run = subprocess.run([sys.executable, os.path.join(ROOT, 'tools', 'decodetree.py'),
                                  '--prefix', 'x', path], capture_output=True, text=True)
        self.assertEqual(run.returncode, 1)
        self.assertIn('bad.decode:4: bit string has 4 bits', run.stderr)


class Generated(unittest.TestCase):
    """The toy description, compiled and run."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        with open(os.path.join(d, 'toy.inc'), 'w') as f:
            f.write(generate(TOY, 'toy.decode'))
        with open(os.path.join(d, 'toy.c'), 'w') as f:
            f.write(PRELUDE)
        cc = os.environ.get('CC', 'cc')
        cls.exe = os.path.join(d, 'toy')
        subprocess.run([cc, '-std=gnu17', '-Wall', '-Wextra', '-Werror', '-Wno-unused-parameter',
                        '-o', cls.exe, os.path.join(d, 'toy.c')], check=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_toy(self, *words):
        out = subprocess.run([self.exe] + list(words), capture_output=True, text=True, check=True)
        return out.stdout.splitlines()

    def test_fields(self):
        # addi.w $r1, $r1, -1: si12 = 0xfff; beq offs16 = 0xffff -> -1 * 4;
        # b: offs[25:16] = 0x3fe, offs[15:0] = 0xffff -> -0x10001 * 4.
        self.assertEqual(self.run_toy()[-1], 'fields 0x02bffc21: si12=-1 offs16=-4 offs26=-262148')

    def test_decode_and_disassembly(self):
        lines = self.run_toy('00108c41', '00100c41', '02bffc21', '02801c41', '1400002c',
                             '15fffff8', '00150041', '00150001', '03400000', '0340fc41',
                             '5bfffc41', '53fffffe', '50000400', 'ffffffff')
        # name#row class flags, the op slots, the disassembly. Rows 0 and 1
        # are add's variants (h_add_w, h_add_d); move (row 4) wins over or
        # (row 5) unless its refine helper declines, nop (6) over andi (7).
        self.assertEqual(lines[:-1], [
            'add#1 0 0 r=1,2,3 imm=0 | add $r1, $r2, $r3',
            'add#0 0 0 r=1,2,3 imm=0 | add $r1, $r2, $r3',
            'addi.w#2 0 0 r=1,1,0 imm=-1 | addi.w $r1, $r1, -1',
            'addi.w#2 0 0 r=1,2,0 imm=7 | addi.w $r1, $r2, 7',
            'lu12i.w#3 0 0 r=12,0,0 imm=1 | lu12i.w $r12, 0x1',
            'lu12i.w#3 0 0 r=24,0,0 imm=-1 | lu12i.w $r24, -0x1',
            'move#4 0 0 r=1,2,0 imm=0 | move $r1, $r2',
            'or#5 0 0 r=1,0,0 imm=0 | or $r1, $r0, $r0',
            'nop#6 0 0 r=0,0,0 imm=0 | nop',
            'andi#7 0 0 r=1,2,0 imm=63 | andi $r1, $r2, 0x3f',
            'beq#8 1 1 r=2,1,0 imm=-4 | beq $r2, $r1, -4',
            'b#9 1 1 r=0,0,0 imm=-262148 | b -262148',
            'b#9 1 1 r=0,0,0 imm=4 | b 4',
            '-#-1 -1 -1 r=0,0,0 imm=0 | (unallocated)',
        ])

    def test_variants_pick_handlers(self):
        code = generate(TOY, 'toy.decode')
        self.assertIn('{ 0xffff8000, 0x00100000, "add", toy_decode_r3, h_add_w, CORE_CLASS_ALU, 0 }', code)
        self.assertIn('{ 0xffff8000, 0x00108000, "add", toy_decode_r3, h_add_d, CORE_CLASS_ALU, 0 }', code)


if __name__ == '__main__':
    unittest.main()
