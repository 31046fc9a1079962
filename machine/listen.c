/*
 * Listening sockets for the gdb stub, the monitor and QMP (listen.h).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "machine/listen.h"

bool machine_parse_tcp(const char *spec, char *host, size_t hlen, char *port, size_t plen)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", spec);
	buf[strcspn(buf, ",")] = 0;
	const char *rest = buf;
	if (!strncmp(buf, "tcp:", 4))
		rest = buf + 4;
	const char *colon = strrchr(rest, ':');
	if (colon) {
		snprintf(host, hlen, "%.*s", (int)(colon - rest), rest);
		rest = colon + 1;
	} else if (rest == buf + 4) {
		return false;
	} else {
		host[0] = 0;
	}
	/* A TCP port is 16 bits: 99999 must not wrap to another port. */
	if (!*rest || strspn(rest, "0123456789") != strlen(rest) || strlen(rest) > 5 ||
	    atoi(rest) > 65535)
		return false;
	snprintf(port, plen, "%.15s", rest);
	if (!host[0])
		snprintf(host, hlen, "127.0.0.1");
	return true;
}

int machine_listen_tcp(const char *host, const char *port, const char *what, char *where,
		       size_t wlen, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE }, *ai;
	if (getaddrinfo(host, port, &hints, &ai) != 0) {
		snprintf(err, errlen, "%s address: unknown host '%s'", what, host);
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1) != 0) {
		snprintf(err, errlen, "cannot listen for %s on %s:%s: %s", what, host, port,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(ai);
		return -1;
	}
	freeaddrinfo(ai);
	struct sockaddr_storage sa;
	socklen_t salen = sizeof(sa);
	char shost[NI_MAXHOST] = "?", sport[NI_MAXSERV] = "?";
	if (getsockname(fd, (struct sockaddr *)&sa, &salen) == 0)
		getnameinfo((struct sockaddr *)&sa, salen, shost, sizeof(shost), sport, sizeof(sport),
			    NI_NUMERICHOST | NI_NUMERICSERV);
	snprintf(where, wlen, "tcp:%s:%s", shost, sport);
	return fd;
}

int machine_listen_unix(const char *path, const char *what, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (!*path || strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "%s socket path '%s' is empty or longer than %zu bytes", what,
			 path, sizeof(sa.sun_path) - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	/* A socket left by an earlier run is replaced; any other file is not touched. */
	struct stat st;
	if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(fd, 1) != 0) {
		snprintf(err, errlen, "cannot listen for %s on unix:%s: %s", what, path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}
