/*
 * User-mode networking through libslirp (see net_user.h). The addresses
 * are QEMU's defaults for "-netdev user", so guests and scripts written for
 * QEMU find the same network.
 */
#define _GNU_SOURCE   /* ppoll */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <slirp/libslirp.h>

#include "dev/net_user.h"

/* slirp 4.7 makes one timer, for IPv6 router advertisements; room for what later ones add. */
#define MAX_TIMERS 4

struct timer {
	bool used, armed;
	SlirpTimerId id;
	void *cb_opaque;
	int64_t expire_ms;         /* on slirp's clock (clock_ns / 1e6) */
};

/* Host time after the last frame during which an idle guest is paced (net_user_poll). */
#define ACTIVE_NS 1000000000ull

struct net_user {
	Slirp *slirp;
	net_user_rx_fn rx;
	int64_t (*clock_ns)(void *opaque);
	void *opaque;
	struct timer timers[MAX_TIMERS];
	struct pollfd *fds;        /* this poll's sockets, as slirp asked for them */
	unsigned n_fds, cap_fds;
	bool warned;               /* slirp's complaints about the guest: the first only */
	uint64_t last_frame_ns;    /* host time of the last frame either way */
};

static uint64_t host_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
	struct net_user *u = opaque;
	u->last_frame_ns = host_ns();
	u->rx(u->opaque, buf, len);
	return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
	struct net_user *u = opaque;
	if (!u->warned)
		fprintf(stderr, "hvsim: network: the guest sent a bad packet: %s\n", msg);
	u->warned = true;
}

static int64_t clock_get_ns(void *opaque)
{
	struct net_user *u = opaque;
	return u->clock_ns(u->opaque);
}

static void *timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
	struct net_user *u = opaque;
	for (unsigned i = 0; i < MAX_TIMERS; i++)
		if (!u->timers[i].used) {
			u->timers[i] = (struct timer){ .used = true, .id = id, .cb_opaque = cb_opaque };
			return &u->timers[i];
		}
	/* slirp's timers are optional (router advertisements): without one it sends none. */
	return NULL;
}

static void timer_free(void *timer, void *opaque)
{
	if (timer)
		*(struct timer *)timer = (struct timer){ 0 };
}

static void timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
	struct timer *t = timer;
	if (!t)
		return;
	t->armed = true;
	t->expire_ms = expire_ms;
}

static void no_fd_op(int fd, void *opaque)
{
}

static void no_notify(void *opaque)
{
}

static const SlirpCb callbacks = {
	.send_packet = send_packet,
	.guest_error = guest_error,
	.clock_get_ns = clock_get_ns,
	.timer_free = timer_free,
	.timer_mod = timer_mod,
	.register_poll_fd = no_fd_op,
	.unregister_poll_fd = no_fd_op,
	.notify = no_notify,
	.timer_new_opaque = timer_new_opaque,
};

static struct in_addr ipv4(uint32_t host_order)
{
	return (struct in_addr){ .s_addr = htonl(host_order) };
}

struct net_user *net_user_new(net_user_rx_fn rx, int64_t (*clock_ns)(void *opaque),
			      void *opaque, char *err, size_t errlen)
{
	struct net_user *u = calloc(1, sizeof(*u));
	if (!u) {
		snprintf(err, errlen, "user-mode network: out of memory");
		return NULL;
	}
	u->rx = rx;
	u->clock_ns = clock_ns;
	u->opaque = opaque;
	/* QEMU's defaults for IPv4 (its documentation, "Network emulation": user networking). */
	SlirpConfig cfg = {
		.version = 4,
		.in_enabled = true,
		.vnetwork = ipv4(0x0a000200),      /* 10.0.2.0/24 */
		.vnetmask = ipv4(0xffffff00),
		.vhost = ipv4(0x0a000202),         /* 10.0.2.2: the host, the gateway */
		.vdhcp_start = ipv4(0x0a00020f),   /* 10.0.2.15 */
		.vnameserver = ipv4(0x0a000203),   /* 10.0.2.3 */
		/*
		 * No IPv6, unlike QEMU: slirp spaces its router advertisements
		 * by a random generator it seeds from the host, which would
		 * make every run differ.
		 */
		.in6_enabled = false,
		.vhostname = "hvsim",
	};
	u->slirp = slirp_new(&cfg, &callbacks, u);
	if (!u->slirp) {
		snprintf(err, errlen, "user-mode network: libslirp refused its configuration");
		free(u);
		return NULL;
	}
	return u;
}

bool net_user_hostfwd(struct net_user *u, bool udp, uint32_t host_addr, uint16_t host_port,
		      uint32_t guest_addr, uint16_t guest_port, char *err, size_t errlen)
{
	errno = 0;
	if (slirp_add_hostfwd(u->slirp, udp, ipv4(host_addr), host_port, ipv4(guest_addr),
			      guest_port) == 0)
		return true;
	char host[INET_ADDRSTRLEN];
	struct in_addr h = ipv4(host_addr);
	inet_ntop(AF_INET, &h, host, sizeof(host));
	snprintf(err, errlen, "hostfwd: cannot listen on %s port %s:%u%s%s", udp ? "UDP" : "TCP", host,
		 host_port, errno ? ": " : "", errno ? strerror(errno) : "");
	return false;
}

void net_user_input(struct net_user *u, const uint8_t *frame, size_t len)
{
	u->last_frame_ns = host_ns();
	slirp_input(u->slirp, frame, (int)len);
}

static int add_poll(int fd, int events, void *opaque)
{
	struct net_user *u = opaque;
	if (u->n_fds == u->cap_fds) {
		unsigned cap = u->cap_fds ? 2 * u->cap_fds : 16;
		struct pollfd *fds = realloc(u->fds, cap * sizeof(*fds));
		if (!fds)
			return -1;         /* slirp leaves the socket out of this poll */
		u->fds = fds;
		u->cap_fds = cap;
	}
	short ev = 0;
	if (events & SLIRP_POLL_IN)
		ev |= POLLIN;
	if (events & SLIRP_POLL_OUT)
		ev |= POLLOUT;
	if (events & SLIRP_POLL_PRI)
		ev |= POLLPRI;
	u->fds[u->n_fds] = (struct pollfd){ .fd = fd, .events = ev };
	return (int)u->n_fds++;
}

static int get_revents(int idx, void *opaque)
{
	struct net_user *u = opaque;
	if (idx < 0 || (unsigned)idx >= u->n_fds)
		return 0;
	short re = u->fds[idx].revents;
	return ((re & POLLIN) ? SLIRP_POLL_IN : 0) | ((re & POLLOUT) ? SLIRP_POLL_OUT : 0) |
	       ((re & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((re & POLLERR) ? SLIRP_POLL_ERR : 0) |
	       ((re & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

void net_user_poll(struct net_user *u, bool guest_idle, uint64_t quantum_ns)
{
	int64_t now_ms = u->clock_ns(u->opaque) / 1000000;
	for (unsigned i = 0; i < MAX_TIMERS; i++) {
		struct timer *t = &u->timers[i];
		if (t->used && t->armed && t->expire_ms <= now_ms) {
			t->armed = false;
			slirp_handle_timer(u->slirp, t->id, t->cb_opaque);
		}
	}
	uint32_t timeout = 0;
	u->n_fds = 0;
	slirp_pollfds_fill(u->slirp, &timeout, add_poll, u);
	uint64_t wait = guest_idle && u->last_frame_ns && host_ns() - u->last_frame_ns < ACTIVE_NS
				? quantum_ns : 0;
	struct timespec ts = { (time_t)(wait / 1000000000ull), (long)(wait % 1000000000ull) };
	int n = ppoll(u->fds, u->n_fds, &ts, NULL);
	slirp_pollfds_poll(u->slirp, n < 0, get_revents, u);
}

void net_user_free(struct net_user *u)
{
	if (!u)
		return;
	slirp_cleanup(u->slirp);
	free(u->fds);
	free(u);
}
