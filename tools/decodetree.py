#!/usr/bin/env python3
"""decodetree.py -- an instruction decoder, written as data, turned into C.

    decodetree.py --prefix P [-o OUT] INPUT.decode

reads a description of 32-bit instruction encodings and writes one C file to
be #included by the ISA's decoder. Every name it defines starts with P_:

  P_field_F(insn)     one static inline function per field: its value, int64_t
  P_decode_*(insn, op) one per format (and per pattern that adds to its format):
                      fills struct core_op's slots, returns false when the
                      encoding is unallocated after all
  P_rows[]            the row table, in file order, one row per pattern (per
                      variant): { mask, match, "mnemonic", decode, handler,
                      CORE_CLASS_x, flags } -- the row type is named by .rows
  P_disasm(insn, out, len)
                      only when some format or pattern has a disassembly
                      string: writes "mnemonic operands" for the row that
                      decodes insn, returns false (and "") if none does

A decoder takes the first row with (insn & mask) == match whose decode
function returns true (or is NULL). The generator checks that no two rows can
match one encoding unless an overlap group { } says that order decides.

The includer defines, before the #include: <stdbool.h>, <stdint.h>,
struct core_op { fn, imm, r[4], f[4], ... }, the row type, the CORE_CLASS_ and
flag constants, and every C function the description names (handlers,
transforms, printers and refine helpers).

INPUT LANGUAGE

One item per line; "#" starts a comment (outside a quoted string); a line
ending in "\\" continues on the next. Names are C identifiers, and a name is
defined before it is used. Tokens are separated by blanks, so an expression
must not contain any.

Bit strings (formats and patterns) are written from bit 31 down to bit 0 in
tokens of any length that add up to 32 bits:
    0 1      a fixed bit
    . -      a bit the pattern does not fix ("-": one the instruction ignores)
    name:L   an inline field of L bits here, unsigned; name:sL signed. It is
             a field (below) local to that format or pattern.

Directives
    .rows TYPE...          the C type of a row, e.g. ".rows struct a64_insn"
    .flags PREFIX WORD...  the flag words patterns may carry; WORD becomes
                           the C constant PREFIX + WORD in upper case
                           (".flags A64_F_ end fp": end -> A64_F_END)
    .defaults ATTR...      cls= and flags every pattern gets unless it says
                           otherwise (flags add up)

Fields: %NAME PIECE... [!function=FN] [!print=PR]
    A PIECE POS:LEN is LEN bits from bit POS up; POS:sLEN makes the field
    signed. Several pieces are concatenated, the first one the most significant;
    only the first may be signed (the whole value is then sign-extended).
    FN, a C function int64_t FN(int64_t), transforms the value. PR prints
    it in a disassembly (see below). Examples:
        %rd    0:5
        %si12  10:s12
        %offs  0:s10 10:16 !function=times_4   # offs[25:16] at 9:0, [15:0] at 25:10

Variant sets: +NAME PIECE... ENTRY...
    A pattern whose handler is written HANDLER+NAME stands for one row per
    ENTRY. An ENTRY is a bit string over the pieces (concatenated like a
    field's), optionally followed by =SUFFIX: the row fixes those bits and
    its handler is HANDLER followed by SUFFIX. Entries are tried in order,
    so an entry may overlap an earlier one (the more specific goes first).
    Several sets multiply: h+bhs+wb. Example, the element size picking the
    handler h_add8 ... h_add64, with no 1D arrangement (size 11 needs Q):
        +vall  30:1 22:2  .00=8 .01=16 .10=32 111=64

Formats: @NAME [@BASE] [BITS...] ATTR...
    What a group of patterns extracts: slot assignments, a refine helper and
    a disassembly string (below). Fixed bits in a format's bit string are
    required of every pattern that uses it. A format that names a @BASE
    starts as a copy of it (bits, inline fields, assignments, helper, string)
    and adds to or overrides it.

Patterns: MNEMONIC BITS... ATTR...
    The mnemonic is the row's name (letters, digits, "." and "_"). ATTRs:
    @FORMAT    the format it uses
    HANDLER    the C handler (exec) of the row; HANDLER+SET... for variants
    SLOT=EXPR  a slot assignment, added to (and overriding) the format's
    cls=NAME   the timing class, the C constant CORE_CLASS_NAME
    WORD       a flag word declared by .flags
    ?HELPER    a refine helper, replacing the format's
    "TEXT"     a disassembly string, replacing the format's

Slot assignments (formats and patterns): SLOT=EXPR
    SLOT is one of struct core_op's operand slots r0 r1 r2 r3 (uint8_t r[]),
    f0 f1 f2 f3 (uint8_t f[]) and imm (uint64_t). EXPR is a C expression in
    which %NAME is the value of field NAME (the pattern's inline fields
    first, then the format's, then the global ones): f0=0xff r2=%rn
    f2=(8<<%q)>>%size imm=FPU_RZ<<8 (so C's % operator is not available).
    Slots not assigned are left as the caller set them (zero).

Refine helpers: ?HELPER
    bool HELPER(uint32_t insn, struct core_op *op), called after the slot
    assignments: it may check further (false: unallocated) and refine the op.

Disassembly strings: "TEXT"
    The operands after the mnemonic. {NAME} prints field NAME with its !print
    printer (or in decimal), {NAME:PR} with printer PR. A printer is a C
    function void PR(char *buf, size_t len, int64_t value) writing at most 31
    characters; "dec" and "hex" are built in. Example: "{rd}, {rj}, {si12:hex}".

Groups
    {  ...  }   an overlap group: its members may match the same encodings;
                the first (in order) that matches and decodes wins
    [  ...  ]   a group whose members must not overlap (as at top level),
                e.g. to make several patterns one member of a { } group
    Two rows may overlap only if the innermost group holding both is { }.
    A row that a row before it always takes (it matches all its encodings
    and has no refine helper) is an error too.
"""

import argparse
import itertools
import re
import sys

WIDTH = 32
SLOTS = {
    'r0': ('r[0]', 'uint8_t'), 'r1': ('r[1]', 'uint8_t'),
    'r2': ('r[2]', 'uint8_t'), 'r3': ('r[3]', 'uint8_t'),
    'f0': ('f[0]', 'uint8_t'), 'f1': ('f[1]', 'uint8_t'),
    'f2': ('f[2]', 'uint8_t'), 'f3': ('f[3]', 'uint8_t'),
    'imm': ('imm', 'uint64_t'),
}
BUILTIN_PRINTERS = ('dec', 'hex')

IDENT = r'[A-Za-z_][A-Za-z0-9_]*'
TOKEN_RE = re.compile(r'"[^"]*"|#.*|[^\s"#]+|"')
BITS_RE = re.compile(r'[01.\-]+$')
INLINE_RE = re.compile(r'([a-z_][a-z0-9_]*):(s?)(\d+)$')
PIECE_RE = re.compile(r'(\d+):(s?)(\d+)$')
MNEMONIC_RE = re.compile(r'[a-z][a-z0-9._]*$')
HANDLER_RE = re.compile(r'(%s)((?:\+%s)*)$' % (IDENT, IDENT))
FIELD_REF_RE = re.compile(r'%(' + IDENT + ')')
OPERAND_RE = re.compile(r'\{(' + IDENT + r')(?::(' + IDENT + r'))?\}')


class DecodeError(Exception):
    """An error in the description, its message starting with file:line."""


class Field:
    def __init__(self, name, pieces, signed, where, func=None, printer=None):
        self.name, self.pieces, self.signed = name, pieces, signed
        self.where, self.func, self.printer = where, func, printer

    def key(self):
        return (self.name, tuple(self.pieces), self.signed, self.func, self.printer)

    def c_body(self):
        """The C statement computing the value from insn."""
        width = sum(n for _, n in self.pieces)
        terms, shift = [], width
        for pos, n in self.pieces:
            shift -= n
            term = '%s & 0x%x' % ('(insn >> %d)' % pos if pos else 'insn', (1 << n) - 1)
            terms.append('(uint64_t)(%s) << %d' % (term, shift) if shift else term)
        value = ' | '.join('(%s)' % t for t in terms) if len(terms) > 1 else terms[0]
        if self.signed:
            value = '(int64_t)((uint64_t)(%s) << %d) >> %d' % (value, 64 - width, 64 - width)
        if self.func:
            value = '%s(%s)' % (self.func, value)
        return 'return %s;' % value


class Group:
    def __init__(self, kind, where):
        self.kind, self.where = kind, where


class Variant:
    def __init__(self, name, mask, entries, where):
        self.name, self.mask, self.entries, self.where = name, mask, entries, where


class Format:
    def __init__(self, name, where):
        self.name, self.where = name, where
        self.mask = self.match = 0
        self.fields, self.assigns = {}, {}
        self.refine = self.disasm = None


class Pattern(Format):
    def __init__(self, name, where, path):
        super().__init__(name, where)
        self.path = path
        self.fmt = self.handler = self.cls = None
        self.variants, self.flags = [], []

    def scopes(self, desc):
        fmt_fields = self.fmt.fields if self.fmt else {}
        return (self.fields, fmt_fields, desc.fields)

    def refine_helper(self):
        return self.refine or (self.fmt.refine if self.fmt else None)


class Row:
    def __init__(self, pattern, mask, match, handler):
        self.pattern, self.mask, self.match, self.handler = pattern, mask, match, handler


def c_literal(text):
    """text inside a C string literal used as a printf format."""
    return text.replace('\\', '\\\\').replace('"', '\\"').replace('%', '%%')


def tokenize(text, where):
    tokens = []
    for m in TOKEN_RE.finditer(text):
        tok = m.group(0)
        if tok.startswith('#'):
            break
        if tok == '"':
            raise DecodeError('%s: unterminated string' % where)
        tokens.append(tok)
    return tokens


def parse_pieces(tokens, where):
    """Leading POS:LEN tokens: ([(pos, len)], signed, tokens after them)."""
    pieces, signed = [], False
    while tokens and PIECE_RE.match(tokens[0]):
        pos, s, n = PIECE_RE.match(tokens.pop(0)).groups()
        pos, n = int(pos), int(n)
        if n == 0 or pos + n > WIDTH:
            raise DecodeError('%s: piece %d:%d is outside the %d-bit encoding' % (where, pos, n, WIDTH))
        if s and pieces:
            raise DecodeError('%s: only the first (most significant) piece may be signed' % where)
        signed = signed or bool(s)
        pieces.append((pos, n))
    if not pieces:
        raise DecodeError('%s: expected POS:LEN pieces' % where)
    return pieces, signed, tokens


def parse_bits(tokens, where, fields):
    """Leading bit-string tokens: (mask, match, tokens after them); inline fields go to `fields`."""
    pos, mask, match = WIDTH, 0, 0
    while tokens and (BITS_RE.match(tokens[0]) or INLINE_RE.match(tokens[0])):
        tok = tokens.pop(0)
        m = INLINE_RE.match(tok)
        if m:
            name, s, n = m.group(1), m.group(2), int(m.group(3))
            pos -= n
            if name in fields:
                raise DecodeError('%s: inline field %s defined twice' % (where, name))
            fields[name] = Field(name, [(max(pos, 0), n)], bool(s), where)
            continue
        for ch in tok:
            pos -= 1
            if ch in '01' and pos >= 0:
                mask |= 1 << pos
                match |= int(ch) << pos
    if pos != 0:
        raise DecodeError('%s: bit string has %d bits, not %d' % (where, WIDTH - pos, WIDTH))
    return mask, match, tokens


class Description:
    def __init__(self):
        self.fields, self.variants, self.formats = {}, {}, {}
        self.patterns, self.rows = [], []
        self.row_type, self.flag_prefix, self.flag_words = None, None, []
        self.default_cls, self.default_flags = None, []

    # ------------------------------------------------------------ parsing

    def parse(self, text, filename):
        root = Group('[', '%s:1' % filename)
        stack = [root]
        lines = text.split('\n')
        lineno = 0
        while lineno < len(lines):
            start = lineno + 1
            line = lines[lineno]
            lineno += 1
            while line.endswith('\\') and lineno < len(lines):
                line = line[:-1] + ' ' + lines[lineno]
                lineno += 1
            where = '%s:%d' % (filename, start)
            tokens = tokenize(line, where)
            if not tokens:
                continue
            head = tokens[0]
            if head in ('{', '[', '}', ']'):
                if len(tokens) > 1:
                    raise DecodeError('%s: a group bracket stands on a line of its own' % where)
                if head in '{[':
                    stack.append(Group(head, where))
                elif len(stack) == 1 or stack[-1].kind != {'}': '{', ']': '['}[head]:
                    raise DecodeError('%s: "%s" closes no open group' % (where, head))
                else:
                    stack.pop()
            elif head.startswith('.'):
                self.parse_directive(head, tokens[1:], where)
            elif head.startswith('%'):
                self.parse_field(head[1:], tokens[1:], where)
            elif head.startswith('+'):
                self.parse_variant(head[1:], tokens[1:], where)
            elif head.startswith('@'):
                self.parse_format(head[1:], tokens[1:], where)
            elif MNEMONIC_RE.match(head):
                self.parse_pattern(head, tokens[1:], where, tuple(stack[1:]))
            else:
                raise DecodeError('%s: cannot parse "%s"' % (where, head))
        if len(stack) > 1:
            raise DecodeError('%s: group "%s" is never closed' % (stack[-1].where, stack[-1].kind))
        if self.row_type is None:
            raise DecodeError('%s: no .rows directive' % root.where)

    def define(self, table, name, item, kind):
        if not re.match(IDENT + '$', name):
            raise DecodeError('%s: bad %s name "%s"' % (item.where, kind, name))
        if name in table:
            raise DecodeError('%s: %s %s already defined at %s' % (item.where, kind, name, table[name].where))
        table[name] = item

    def parse_directive(self, head, args, where):
        if head == '.rows' and args:
            self.row_type = ' '.join(args)
        elif head == '.flags' and args:
            self.flag_prefix, self.flag_words = args[0], args[1:]
        elif head == '.defaults':
            dummy = Pattern('.defaults', where, ())
            self.parse_attrs(dummy, args, defaults=True)
            self.default_cls, self.default_flags = dummy.cls, dummy.flags
        else:
            raise DecodeError('%s: unknown or empty directive %s' % (where, head))

    def parse_field(self, name, tokens, where):
        pieces, signed, rest = parse_pieces(tokens, where)
        field = Field(name, pieces, signed, where)
        for tok in rest:
            if tok.startswith('!function='):
                field.func = tok.split('=', 1)[1]
            elif tok.startswith('!print='):
                field.printer = tok.split('=', 1)[1]
            else:
                raise DecodeError('%s: unexpected "%s" in field %s' % (where, tok, name))
        self.define(self.fields, name, field, 'field')

    def parse_variant(self, name, tokens, where):
        pieces, signed, rest = parse_pieces(tokens, where)
        if signed:
            raise DecodeError('%s: a variant set has no sign' % where)
        positions = [pos + i for pos, n in pieces for i in reversed(range(n))]
        mask, entries = 0, []
        for p in positions:
            mask |= 1 << p
        for tok in rest:
            bits, _, suffix = tok.partition('=')
            if not BITS_RE.match(bits) or len(bits) != len(positions) or not re.match(r'[A-Za-z0-9_]*$', suffix):
                raise DecodeError('%s: entry "%s" is not %d bits [=SUFFIX]' % (where, tok, len(positions)))
            emask = ematch = 0
            for ch, p in zip(bits, positions):
                if ch in '01':
                    emask |= 1 << p
                    ematch |= int(ch) << p
            entries.append((emask, ematch, suffix))
        if not entries:
            raise DecodeError('%s: variant set %s has no entries' % (where, name))
        self.define(self.variants, name, Variant(name, mask, entries, where), 'variant set')

    def parse_format(self, name, tokens, where):
        fmt = Format(name, where)
        if tokens and tokens[0].startswith('@'):
            base = self.formats.get(tokens[0][1:])
            if not base:
                raise DecodeError('%s: unknown format %s' % (where, tokens[0]))
            fmt.mask, fmt.match, fmt.refine, fmt.disasm = base.mask, base.match, base.refine, base.disasm
            fmt.fields, fmt.assigns = dict(base.fields), dict(base.assigns)
            tokens = tokens[1:]
        if tokens and (BITS_RE.match(tokens[0]) or INLINE_RE.match(tokens[0])):
            own = {}
            mask, match, tokens = parse_bits(tokens, where, own)
            if mask & fmt.mask & (match ^ fmt.match) or own.keys() & fmt.fields.keys():
                raise DecodeError('%s: format %s contradicts its base' % (where, name))
            fmt.mask, fmt.match = fmt.mask | mask, fmt.match | match
            fmt.fields.update(own)
        self.parse_attrs(fmt, tokens)
        self.define(self.formats, name, fmt, 'format')

    def parse_pattern(self, name, tokens, where, path):
        pat = Pattern(name, where, path)
        pat.mask, pat.match, rest = parse_bits(tokens, where, pat.fields)
        self.parse_attrs(pat, rest)
        if pat.handler is None:
            raise DecodeError('%s: pattern %s has no handler' % (where, name))
        if pat.fmt:
            if (pat.mask & pat.fmt.mask) & (pat.match ^ pat.fmt.match):
                raise DecodeError('%s: pattern %s contradicts the fixed bits of format %s (%s)' %
                                  (where, name, pat.fmt.name, pat.fmt.where))
            pat.mask |= pat.fmt.mask
            pat.match |= pat.fmt.match
        if pat.cls is None:
            pat.cls = self.default_cls
        if pat.cls is None:
            raise DecodeError('%s: pattern %s has no timing class (cls=)' % (where, name))
        pat.flags = [f for f in self.default_flags if f not in pat.flags] + pat.flags
        self.patterns.append(pat)
        self.expand(pat)

    def parse_attrs(self, item, tokens, defaults=False):
        where, is_pattern = item.where, isinstance(item, Pattern)
        for tok in tokens:
            key, eq, value = tok.partition('=')
            if tok in self.flag_words and (is_pattern or defaults):
                item.flags.append(tok)
            elif defaults and key != 'cls':
                raise DecodeError('%s: .defaults takes cls= and flags, not "%s"' % (where, tok))
            elif tok.startswith('"'):
                item.disasm = tok[1:-1]
            elif tok.startswith('?') and re.match(IDENT + '$', tok[1:]):
                item.refine = tok[1:]
            elif eq and key in SLOTS and value:
                item.assigns[key] = value
            elif eq and key == 'cls' and re.match(IDENT + '$', value) and is_pattern:
                item.cls = value
            elif tok.startswith('@') and is_pattern and not defaults:
                if tok[1:] not in self.formats:
                    raise DecodeError('%s: unknown format %s' % (where, tok))
                item.fmt = self.formats[tok[1:]]
            elif is_pattern and not defaults and HANDLER_RE.match(tok) and not eq:
                if item.handler:
                    raise DecodeError('%s: two handlers, %s and %s (a misspelt flag?)' % (where, item.handler, tok))
                item.handler, *variants = tok.split('+')
                for v in variants:
                    if v not in self.variants:
                        raise DecodeError('%s: unknown variant set +%s' % (where, v))
                    item.variants.append(self.variants[v])
            else:
                raise DecodeError('%s: unexpected "%s"' % (where, tok))

    def expand(self, pat):
        """One row per combination of the pattern's variant entries."""
        taken = pat.mask
        for v in pat.variants:
            if v.mask & taken:
                raise DecodeError('%s: variant set +%s chooses bits the pattern already fixes' % (pat.where, v.name))
            taken |= v.mask
        for combo in itertools.product(*[v.entries for v in pat.variants]):
            mask, match, suffix = pat.mask, pat.match, ''
            for emask, ematch, esuffix in combo:
                mask, match, suffix = mask | emask, match | ematch, suffix + esuffix
            self.rows.append(Row(pat, mask, match, pat.handler + suffix))

    # ----------------------------------------------------------- checking

    def check_overlaps(self):
        """Rows that can match one encoding must be ordered by an overlap group."""
        rows = self.rows
        for i, a in enumerate(rows):
            for b in rows[i + 1:]:
                if (a.match ^ b.match) & a.mask & b.mask:
                    continue
                pa, pb = a.pattern, b.pattern
                if pa is not pb and not self.order_decides(pa, pb):
                    raise DecodeError('%s: pattern %s overlaps pattern %s at %s (e.g. 0x%08x) outside an overlap group'
                                      % (pb.where, pb.name, pa.name, pa.where, a.match | b.match))
                if not pa.refine_helper() and a.mask & ~b.mask == 0:
                    raise DecodeError('%s: pattern %s (%s) is never reached: %s at %s takes all its encodings'
                                      % (pb.where, pb.name, b.handler, pa.name, pa.where))

    @staticmethod
    def order_decides(pa, pb):
        common = None
        for ga, gb in zip(pa.path, pb.path):
            if ga is not gb:
                break
            common = ga
        return common is not None and common.kind == '{'


class Emitter:
    """Writes the C include file for a checked description."""

    def __init__(self, desc, prefix, source):
        self.desc, self.p, self.source = desc, prefix, source
        self.field_names = {}           # Field.key() -> C function name
        self.field_defs = []
        self.decoders = {}              # (format, slot assignments, refine) -> C function name
        self.decoder_defs = []

    def field_fn(self, field):
        key = field.key()
        if key not in self.field_names:
            base = '%s_field_%s' % (self.p, field.name)
            name, n = base, 2
            while name in self.field_names.values():
                name, n = '%s_%d' % (base, n), n + 1
            self.field_names[key] = name
            self.field_defs.append('static inline int64_t %s(uint32_t insn)\n{\n\t%s\n}\n'
                                   % (name, field.c_body()))
        return self.field_names[key]

    def lookup(self, name, scopes, where):
        for scope in scopes:
            if name in scope:
                return scope[name]
        raise DecodeError('%s: unknown field %%%s' % (where, name))

    def expr(self, text, scopes, where):
        return FIELD_REF_RE.sub(lambda m: '%s(insn)' % self.field_fn(self.lookup(m.group(1), scopes, where)), text)

    def decoder(self, pat):
        """The decode function of a pattern's rows, or NULL."""
        fmt = pat.fmt
        assigns = {}
        if fmt:
            for slot, value in fmt.assigns.items():
                assigns[slot] = self.expr(value, (fmt.fields, self.desc.fields), fmt.where)
        for slot, value in pat.assigns.items():
            assigns[slot] = self.expr(value, pat.scopes(self.desc), pat.where)
        refine = pat.refine_helper()
        if not assigns and not refine:
            return 'NULL'
        key = (fmt.name if fmt else None, tuple((s, assigns[s]) for s in SLOTS if s in assigns), refine)
        if key not in self.decoders:
            own = fmt and not pat.assigns and not pat.refine
            base = '%s_decode_%s' % (self.p, fmt.name if own else
                                     '_'.join(filter(None, [fmt and fmt.name, pat.name.replace('.', '_')])))
            name, n = base, 2
            while name in self.decoders.values():
                name, n = '%s_%d' % (base, n), n + 1
            self.decoders[key] = name
            body = ['\top->%s = (%s)(%s);' % (SLOTS[s][0], SLOTS[s][1], v) for s, v in key[1]]
            body.append('\treturn %s;' % ('%s(insn, op)' % refine if refine else 'true'))
            origin = '@%s (%s)' % (fmt.name, fmt.where) if own else '%s (%s)' % (pat.name, pat.where)
            self.decoder_defs.append('/* %s */\nstatic bool %s(uint32_t insn, struct core_op *op)\n{\n%s\n}\n'
                                     % (origin, name, '\n'.join(body)))
        return self.decoders[key]

    def flags(self, pat):
        if not pat.flags:
            return '0'
        return ' | '.join(self.desc.flag_prefix + f.upper() for f in pat.flags)

    def emit(self):
        desc, p = self.desc, self.p
        for field in desc.fields.values():
            self.field_fn(field)
        rows = []
        for row in desc.rows:
            pat = row.pattern
            rows.append('\t{ 0x%08x, 0x%08x, "%s", %s, %s, CORE_CLASS_%s, %s }, /* %s */'
                        % (row.mask, row.match, pat.name, self.decoder(pat), row.handler, pat.cls,
                           self.flags(pat), pat.where.split('/')[-1]))
        disasm = self.disassembler() if self.has_disasm() else []
        out = ['/* Generated by tools/decodetree.py from %s: do not edit. */' % self.source]
        if disasm:
            out.append('#include <inttypes.h>\n#include <stdio.h>\n#include <string.h>')
        out.append('')
        out += self.field_defs + self.decoder_defs
        out.append('static const %s %s_rows[] = {' % (desc.row_type, p))
        out += rows
        out.append('};')
        return '\n'.join(out + disasm) + '\n'

    # ------------------------------------------------------- disassembler

    def has_disasm(self):
        return any(x.disasm is not None for x in list(self.desc.formats.values()) + self.desc.patterns)

    def operands(self, pat):
        """A row's operand text: a C format string and its [(printer, value)] arguments."""
        owner = pat if pat.disasm is not None else pat.fmt
        text = owner.disasm if owner and owner.disasm else ''
        where = owner.where if owner else pat.where
        if set('{}') & set(OPERAND_RE.sub('', text)):
            raise DecodeError('%s: bad operand in "%s"' % (where, text))
        parts, args, last = [], [], 0
        for m in OPERAND_RE.finditer(text):
            field = self.lookup(m.group(1), pat.scopes(self.desc), where)
            printer = m.group(2) or field.printer or 'dec'
            if printer in BUILTIN_PRINTERS:
                printer = '%s_print_%s' % (self.p, printer)
            parts += [c_literal(text[last:m.start()]), '%s']
            args.append((printer, '%s(insn)' % self.field_fn(field)))
            last = m.end()
        parts.append(c_literal(text[last:]))
        return ''.join(parts), args

    def disassembler(self):
        p, desc = self.p, self.desc
        printers, table, defs = {}, [], []
        for row in desc.rows:
            fmt, args = self.operands(row.pattern)
            key = (fmt, tuple(args))
            if key not in printers:
                name = '%s_print_%d' % (p, len(printers))
                printers[key] = name
                body = ['\tchar o[%d][32];' % len(args)] if args else []
                body += ['\t%s(o[%d], sizeof(o[%d]), %s);' % (pr, i, i, v) for i, (pr, v) in enumerate(args)]
                sep = ' ' if fmt else ''
                body.append('\tsnprintf(out, len, "%%s%s%s", mnemonic%s);'
                            % (sep, fmt, ''.join(', o[%d]' % i for i in range(len(args)))))
                defs.append('static void %s(uint32_t insn, const char *mnemonic, char *out, size_t len)\n'
                            '{\n%s%s\n}\n' % (name, '' if args else '\t(void)insn;\n', '\n'.join(body)))
            table.append('\t%s,' % printers[key])
        builtins = [
            'static void %s_print_dec(char *buf, size_t len, int64_t v)\n'
            '{\n\tsnprintf(buf, len, "%%" PRId64, v);\n}\n' % p,
            'static void %s_print_hex(char *buf, size_t len, int64_t v)\n'
            '{\n\tsnprintf(buf, len, "%%s0x%%" PRIx64, v < 0 ? "-" : "", v < 0 ? -(uint64_t)v : (uint64_t)v);\n}\n' % p,
        ]
        used = [b for b, name in zip(builtins, BUILTIN_PRINTERS)
                if any('%s_print_%s(' % (p, name) in d for d in defs)]
        return ['', '/* The disassembler: operand text per row. */'] + used + defs + [
            'static void (*const %s_printers[])(uint32_t, const char *, char *, size_t) = {' % p,
            *table, '};', '',
            'bool %s_disasm(uint32_t insn, char *out, size_t len)' % p,
            '{',
            '\tfor (size_t i = 0; i < sizeof(%s_rows) / sizeof(%s_rows[0]); i++) {' % (p, p),
            '\t\tconst %s *r = &%s_rows[i];' % (desc.row_type, p),
            '\t\tstruct core_op op;',
            '\t\tmemset(&op, 0, sizeof(op));',
            '\t\tif ((insn & r->mask) != r->match || (r->decode && !r->decode(insn, &op)))',
            '\t\t\tcontinue;',
            '\t\t%s_printers[i](insn, r->name, out, len);' % p,
            '\t\treturn true;',
            '\t}',
            '\tif (len)',
            '\t\tout[0] = 0;',
            '\treturn false;',
            '}',
        ]


def generate(text, filename, prefix):
    """The C include file for description `text` (named `filename` in messages)."""
    desc = Description()
    desc.parse(text, filename)
    desc.check_overlaps()
    return Emitter(desc, prefix, filename).emit()


def main(argv=None):
    ap = argparse.ArgumentParser(description='Generate a C decoder from a .decode description.')
    ap.add_argument('input')
    ap.add_argument('--prefix', required=True, help='prefix of every generated C name')
    ap.add_argument('-o', '--output', help='output file (default: stdout)')
    args = ap.parse_args(argv)
    try:
        with open(args.input) as f:
            text = f.read()
        code = generate(text, args.input, args.prefix)
    except (DecodeError, OSError) as e:
        print('decodetree: %s' % e, file=sys.stderr)
        return 1
    if args.output:
        with open(args.output, 'w') as f:
            f.write(code)
    else:
        sys.stdout.write(code)
    return 0


if __name__ == '__main__':
    sys.exit(main())
