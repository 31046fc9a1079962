/*
 * Listening sockets for the host's tools that talk to a running VM: the
 * gdb stub, the monitor and QMP. QEMU's address forms: "tcp:HOST:PORT",
 * "tcp::PORT" (127.0.0.1), and for the monitor "unix:PATH".
 */
#ifndef HVSIM_MACHINE_LISTEN_H
#define HVSIM_MACHINE_LISTEN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * "tcp::1234", "tcp:host:1234", "1234" into a host (127.0.0.1 if empty)
 * and a port of 0-65535; what follows a comma is left to the caller.
 */
bool machine_parse_tcp(const char *spec, char *host, size_t hlen, char *port, size_t plen);
/*
 * Listen on host:port (port 0: a free one). The bound address goes into
 * `where` ("tcp:127.0.0.1:1234"). Returns the socket, or -1 with a message
 * that names `what` ("gdb").
 */
int machine_listen_tcp(const char *host, const char *port, const char *what, char *where,
		       size_t wlen, char *err, size_t errlen);
/* Listen on a Unix socket at path (a stale socket there is replaced). Same contract. */
int machine_listen_unix(const char *path, const char *what, char *err, size_t errlen);

#endif
