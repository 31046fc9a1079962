/*
 * QEMU's networking options on hvsim's command line, into the
 * configuration's hvsim_net:
 *   -nic none
 *   -nic user[,model=virtio-net-device][,hostfwd=RULE]...
 *   -netdev user,id=ID[,hostfwd=RULE]...  with  -device virtio-net-device,netdev=ID
 * RULE is [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, as QEMU's.
 * There is one NIC at most (a virtio-net device on user-mode networking).
 */
#ifndef HVSIM_TOOLS_NET_ARGS_H
#define HVSIM_TOOLS_NET_ARGS_H

#include <stdbool.h>
#include <stddef.h>

#include "hvsim/hvsim.h"

#define NET_ARGS_MAX_NETDEVS 4

/* What the options said, resolved by net_args_finish once all are read. */
struct net_args {
	struct net_netdev {
		char id[64];
		struct hvsim_net net;      /* its forwarded ports */
	} netdevs[NET_ARGS_MAX_NETDEVS];
	int n_netdevs;
	bool nic;                      /* -nic user given */
	struct hvsim_net nic_net;
	char device_netdev[64];        /* -device virtio-net-device,netdev=ID */
	bool device;
};

/*
 * One option's value. True, or false with a message naming the bad part in
 * err (the caller exits with status 2).
 */
bool net_args_nic(struct net_args *a, const char *spec, char *err, size_t errlen);
bool net_args_netdev(struct net_args *a, const char *spec, char *err, size_t errlen);
/* -device SPEC: true if SPEC is a network device, taken (or refused: *bad set) here. */
bool net_args_device(struct net_args *a, const char *spec, bool *bad, char *err, size_t errlen);
/* The NIC the options ask for, into *net (none: net->user false). False with a message. */
bool net_args_finish(const struct net_args *a, struct hvsim_net *net, char *err, size_t errlen);

#endif
