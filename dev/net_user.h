/*
 * User-mode networking (QEMU's "-netdev user"): the host side of a NIC,
 * through libslirp. The guest sees a NAT'ed network 10.0.2.0/24 with a
 * gateway, DHCP and DNS server at 10.0.2.2/10.0.2.3 and its own address
 * 10.0.2.15 handed out by DHCP; its connections leave through the host's
 * sockets, and host ports can be forwarded into it (hostfwd).
 *
 * The guest never waits for the host: slirp's sockets are polled and its
 * timers checked by net_user_poll, which the board calls between quanta,
 * and which waits a quantum's worth of host time at most (net_user_poll). slirp's clock is the guest's virtual time (the caller's clock_ns),
 * so what slirp does on its own (DHCP, ARP, its timers, TCP sequence
 * numbers) is the same on every run; what the host's sockets bring in, and
 * when, is not. IPv4 only (net_user.c says why).
 */
#ifndef HVSIM_DEV_NET_USER_H
#define HVSIM_DEV_NET_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct net_user;

/* A frame for the guest. */
typedef void (*net_user_rx_fn)(void *opaque, const uint8_t *frame, size_t len);

/*
 * A user-mode network whose frames for the guest go to rx(opaque, ...), on
 * the clock clock_ns(opaque) (nanoseconds). NULL with a message on failure.
 */
struct net_user *net_user_new(net_user_rx_fn rx, int64_t (*clock_ns)(void *opaque),
			      void *opaque, char *err, size_t errlen);
/*
 * Forward the host's TCP (or UDP) port host_port on host_addr (IPv4, host
 * byte order; 0: every address) to guest_port on guest_addr (0: the
 * address DHCP gives the guest). False with a message naming the port if
 * the host's socket cannot be set up (in use, not allowed).
 */
bool net_user_hostfwd(struct net_user *u, bool udp, uint32_t host_addr, uint16_t host_port,
		      uint32_t guest_addr, uint16_t guest_port, char *err, size_t errlen);
/* A frame from the guest. */
void net_user_input(struct net_user *u, const uint8_t *frame, size_t len);
/*
 * Fire the timers that are due and serve the sockets that are ready. With
 * the guest idle (every vCPU asleep) while frames went either way in the
 * last ACTIVE_NS of host time, wait up to `quantum_ns` for the host's
 * sockets first: an idle guest's time, which would otherwise jump ahead,
 * then passes no faster than the host's while it waits for the host's
 * answer, as a network peer expects. Virtual time is not touched: only
 * when in host time the host's data is taken.
 */
void net_user_poll(struct net_user *u, bool guest_idle, uint64_t quantum_ns);
void net_user_free(struct net_user *u);

#endif
