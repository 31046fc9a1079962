/*
 * QEMU's -nic, -netdev and -device spellings for the network (net_args.h).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/net_args.h"

/* A port number, 1-65535, all of `s` up to `end` (exclusive). */
static bool parse_port(const char *s, const char *end, uint16_t *port)
{
	if (s == end || end - s > 5)
		return false;
	unsigned long v = 0;
	for (const char *p = s; p < end; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned long)(*p - '0');
	}
	if (v < 1 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

/* A dotted IPv4 address in [s, end), empty meaning 0 (the default), host byte order. */
static bool parse_addr(const char *s, const char *end, uint32_t *addr)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;
	if (s == end) {
		*addr = 0;
		return true;
	}
	if ((size_t)(end - s) >= sizeof(buf))
		return false;
	memcpy(buf, s, (size_t)(end - s));
	buf[end - s] = 0;
	if (inet_pton(AF_INET, buf, &a) != 1)
		return false;
	*addr = ntohl(a.s_addr);
	return true;
}

/* "[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT" (QEMU's hostfwd rule). */
static bool parse_hostfwd(const char *rule, struct hvsim_net *net, char *err, size_t errlen)
{
	struct hvsim_hostfwd f = { 0 };
	const char *p = rule;
	if (!strncmp(p, "tcp:", 4)) {
		p += 4;
	} else if (!strncmp(p, "udp:", 4)) {
		f.udp = true;
		p += 4;
	} else if (*p == ':') {
		p++;                       /* the protocol left out: TCP */
	} else {
		goto bad;
	}
	const char *colon = strchr(p, ':'), *dash = colon ? strchr(colon, '-') : NULL;
	const char *gcolon = dash ? strchr(dash, ':') : NULL;
	if (!colon || !dash || !gcolon || !parse_addr(p, colon, &f.host_addr) ||
	    !parse_port(colon + 1, dash, &f.host_port) || !parse_addr(dash + 1, gcolon, &f.guest_addr) ||
	    !parse_port(gcolon + 1, gcolon + strlen(gcolon), &f.guest_port))
		goto bad;
	if (net->n_hostfwd == HVSIM_MAX_HOSTFWD) {
		snprintf(err, errlen, "hostfwd=%s: at most %d forwarded ports", rule, HVSIM_MAX_HOSTFWD);
		return false;
	}
	net->hostfwd[net->n_hostfwd++] = f;
	return true;
bad:
	snprintf(err, errlen, "bad hostfwd=%s (want [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, "
		 "ports 1-65535)", rule);
	return false;
}

/*
 * The options after the backend's type, comma-separated: hostfwd= rules
 * into *net, id= into id (if not NULL), model= checked (if allowed).
 */
static bool parse_user(const char *opt, const char *spec, char *rest, struct hvsim_net *net,
		       char *id, size_t idlen, bool model_ok, char *err, size_t errlen)
{
	for (char *save = NULL, *tok = strtok_r(rest, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "hostfwd=", 8)) {
			if (!parse_hostfwd(tok + 8, net, err, errlen))
				return false;
		} else if (id && !strncmp(tok, "id=", 3) && tok[3]) {
			if (strlen(tok + 3) >= idlen) {
				snprintf(err, errlen, "%s '%s': id too long", opt, spec);
				return false;
			}
			strcpy(id, tok + 3);
		} else if (model_ok && (!strcmp(tok, "model=virtio-net-device") || !strcmp(tok, "model=virtio"))) {
			continue;
		} else if (model_ok && !strncmp(tok, "model=", 6)) {
			snprintf(err, errlen, "%s '%s': the only NIC model is virtio-net-device", opt, spec);
			return false;
		} else {
			snprintf(err, errlen, "%s '%s': unknown option '%s' (hvsim knows hostfwd=%s)", opt,
				 spec, tok, id ? ", id=" : model_ok ? ", model=" : "");
			return false;
		}
	}
	return true;
}

/* The backend's type: "user" (and the text after it in *rest), else a message. */
static bool user_type(const char *opt, const char *spec, char *buf, size_t buflen, char **rest,
		      char *err, size_t errlen)
{
	snprintf(buf, buflen, "%s", spec);
	size_t n = strcspn(buf, ",");
	*rest = buf[n] ? buf + n + 1 : buf + n;
	buf[n] = 0;
	if (!strcmp(buf, "user"))
		return true;
	snprintf(err, errlen, "%s '%s': hvsim's only network backend is 'user' (user-mode, slirp)",
		 opt, spec);
	return false;
}

bool net_args_nic(struct net_args *a, const char *spec, char *err, size_t errlen)
{
	char buf[1024], *rest;
	if (!strcmp(spec, "none"))
		return true;
	if (!user_type("-nic", spec, buf, sizeof(buf), &rest, err, errlen))
		return false;
	if (a->nic || a->device) {
		snprintf(err, errlen, "-nic '%s': hvsim has one NIC, already given", spec);
		return false;
	}
	a->nic = true;
	return parse_user("-nic", spec, rest, &a->nic_net, NULL, 0, true, err, errlen);
}

bool net_args_netdev(struct net_args *a, const char *spec, char *err, size_t errlen)
{
	char buf[1024], *rest;
	if (!user_type("-netdev", spec, buf, sizeof(buf), &rest, err, errlen))
		return false;
	if (a->n_netdevs == NET_ARGS_MAX_NETDEVS) {
		snprintf(err, errlen, "-netdev '%s': too many -netdev", spec);
		return false;
	}
	struct net_netdev *d = &a->netdevs[a->n_netdevs];
	*d = (struct net_netdev){ 0 };
	if (!parse_user("-netdev", spec, rest, &d->net, d->id, sizeof(d->id), false, err, errlen))
		return false;
	if (!d->id[0]) {
		snprintf(err, errlen, "-netdev '%s' names no id=ID", spec);
		return false;
	}
	for (int i = 0; i < a->n_netdevs; i++)
		if (!strcmp(a->netdevs[i].id, d->id)) {
			snprintf(err, errlen, "-netdev '%s': id '%s' given twice", spec, d->id);
			return false;
		}
	a->n_netdevs++;
	return true;
}

bool net_args_device(struct net_args *a, const char *spec, bool *bad, char *err, size_t errlen)
{
	size_t n = strcspn(spec, ",");
	*bad = false;
	if (strncmp(spec, "virtio-net", 10))
		return false;
	*bad = true;
	if (n != strlen("virtio-net-device") || strncmp(spec, "virtio-net-device", n)) {
		snprintf(err, errlen, "-device '%s': hvsim's NIC is virtio-net-device (on x86-virt's "
			 "PCI: -nic user)", spec);
		return true;
	}
	if (a->nic || a->device) {
		snprintf(err, errlen, "-device '%s': hvsim has one NIC, already given", spec);
		return true;
	}
	char buf[1024];
	snprintf(buf, sizeof(buf), "%s", spec[n] ? spec + n + 1 : "");
	for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (!strncmp(tok, "netdev=", 7) && tok[7] && strlen(tok + 7) < sizeof(a->device_netdev)) {
			strcpy(a->device_netdev, tok + 7);
		} else {
			snprintf(err, errlen, "-device '%s': unknown option '%s' (want netdev=ID)", spec, tok);
			return true;
		}
	}
	if (!a->device_netdev[0]) {
		snprintf(err, errlen, "-device '%s' names no netdev=ID", spec);
		return true;
	}
	a->device = true;
	*bad = false;
	return true;
}

bool net_args_finish(const struct net_args *a, struct hvsim_net *net, char *err, size_t errlen)
{
	*net = (struct hvsim_net){ 0 };
	if (a->nic) {
		*net = a->nic_net;
		net->user = true;
	}
	for (int i = 0; i < a->n_netdevs; i++) {
		if (a->device && !strcmp(a->netdevs[i].id, a->device_netdev)) {
			*net = a->netdevs[i].net;
			net->user = true;
		} else {
			/* As QEMU: a backend with no NIC is allowed, but probably a mistake. */
			fprintf(stderr, "hvsim: warning: -netdev %s has no NIC (-device virtio-net-device,"
				"netdev=%s)\n", a->netdevs[i].id, a->netdevs[i].id);
		}
	}
	if (a->device && !net->user) {
		snprintf(err, errlen, "-device virtio-net-device,netdev=%s: no -netdev with id=%s",
			 a->device_netdev, a->device_netdev);
		return false;
	}
	return true;
}
