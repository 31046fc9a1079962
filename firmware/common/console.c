/*
 * Console output every ISA's firmware shares: lines, strings and a small
 * printf, over the board's uart_raw (lib/uart.c of each ISA).
 */
#include "fwlib.h"

/* "\n" goes out as "\r\n" so an interactive terminal in raw mode shows lines. */
void uart_putc(char c)
{
	if (c == '\n')
		uart_raw('\r');
	uart_raw(c);
}

void uart_puts(const char *s)
{
	while (*s)
		uart_putc(*s++);
}

struct spec {
	bool left, zero;
	unsigned width;
};

static int pad(unsigned n, char c)
{
	for (unsigned i = 0; i < n; i++)
		uart_putc(c);
	return (int)n;
}

/* Emit `len` chars of s padded to the field width; `sign` goes before zeros. */
static int emit(const struct spec *sp, const char *sign, const char *s, unsigned len)
{
	unsigned slen = strlen(sign);
	unsigned fill = sp->width > len + slen ? sp->width - len - slen : 0;
	int n = 0;

	if (!sp->left && !sp->zero)
		n += pad(fill, ' ');
	uart_puts(sign);
	if (!sp->left && sp->zero)
		n += pad(fill, '0');
	for (unsigned i = 0; i < len; i++)
		uart_putc(s[i]);
	if (sp->left)
		n += pad(fill, ' ');
	return n + (int)(slen + len);
}

static int emit_num(const struct spec *sp, uint64_t v, unsigned base, bool upper,
		    const char *sign)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	unsigned i = sizeof(buf);

	do {
		buf[--i] = digits[v % base];
		v /= base;
	} while (v);
	return emit(sp, sign, buf + i, sizeof(buf) - i);
}

int vprintf(const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			uart_putc(*fmt);
			n++;
			continue;
		}
		struct spec sp = { 0 };
		unsigned lng = 0;

		for (;; fmt++) {
			if (fmt[1] == '-')
				sp.left = true;
			else if (fmt[1] == '0')
				sp.zero = true;
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			sp.width = sp.width * 10 + (unsigned)(*++fmt - '0');
		while (fmt[1] == 'l' || fmt[1] == 'z') {
			fmt++;
			lng++;
		}
		fmt++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			n += emit_num(&sp, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false,
				      v < 0 ? "-" : "");
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned);
			n += emit_num(&sp, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', "");
			break;
		}
		case 'p':
			n += emit_num(&sp, (uintptr_t)va_arg(ap, void *), 16, false, "0x");
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			sp.zero = false;
			n += emit(&sp, "", s, strlen(s));
			break;
		}
		case 'c': {
			char c = (char)va_arg(ap, int);
			sp.zero = false;
			n += emit(&sp, "", &c, 1);
			break;
		}
		case '%':
			uart_putc('%');
			n++;
			break;
		default:        /* unknown conversion: show it verbatim */
			uart_putc('%');
			if (!*fmt)
				return n + 1;
			uart_putc(*fmt);
			n += 2;
		}
	}
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}
