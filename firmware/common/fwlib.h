/*
 * The library every ISA's firmware shares (firmware/common): console
 * output and the libc functions the compiler may call. An ISA's lib/
 * provides uart_raw, one byte to its board's console UART.
 */
#ifndef FWLIB_H
#define FWLIB_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One byte to the UART as it is (the ISA's lib/uart.c). */
void uart_raw(char c);
/* "\n" goes out as "\r\n". */
void uart_putc(char c);
void uart_puts(const char *s);
/* printf subset: %d %i %u %x %X %p %s %c %%, flags '-' '0', width, l/ll/z. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap);

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
size_t strlen(const char *s);

#endif
