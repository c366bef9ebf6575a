/*
 * The connect method, the back end that needs no privilege (connect.c,
 * connect_udp.c, connect_class.c): TCP by non-blocking connect(2), UDP by
 * connected sockets that read the ICMP errors answering them (IP_RECVERR;
 * IPv6 targets: AF_INET6 sockets, IPV6_RECVERR, ICMPv6 read as ICMP),
 * many in flight under one epoll.  It fills the same per-host answers as the
 * raw engine (pp__scan_answer), with the same order, cookies and payload ids,
 * timeouts, retries, UDP rounds and pacers, so pp__scan_result, the scorer
 * and every report cannot tell which back end ran but by scan.method.
 */
#ifndef PP_CONNECT_H
#define PP_CONNECT_H

#include <stdint.h>
#include <sys/socket.h>

#include "classify.h"
#include "cpool.h"
#include "cworker.h"

#define PP__CONN_MAX 16384u /* sockets in flight at most */

struct pp__connect {
	int ep; /* epoll */
	struct pp__cpool pool;
	uint64_t nofile; /* RLIMIT_NOFILE's soft limit, raised to the hard one */
	uint32_t max;    /* sockets in flight at most: the pool, or fewer after EMFILE */
	int fd_limited;  /* max was set by nofile, not by the scan */
	uint64_t received, rejected; /* datagrams and errors read; of which not ours */
	struct pp__cworker *w;       /* the helper thread sending TCP tries, or NULL */
	uint32_t port_lo, port_n;    /* the local port range, TCP sockets bind in it */
	unsigned threads;            /* 2: TCP's system calls shared with w */
	uint8_t buf[2048];
};

/*
 * What a socket's outcome says of its port (connect_class.c): 1 and *out's
 * state, reason and code set, or 0 when it says nothing (keep waiting).  err:
 * the socket's error (0: connected); icmp: the error queue held an ICMP error
 * of this type and code (IP_RECVERR), which names the reason as the raw
 * engine does.
 *   TCP: connected: open, syn-ack; ECONNREFUSED without ICMP: closed, rst;
 *        an ICMP unreachable, or EHOSTUNREACH, ENETUNREACH, EACCES, EPERM (a
 *        route or a firewall of ours): filtered.
 *   UDP: port unreachable: closed; the other unreachable codes: filtered.
 */
int pp__conn_tcp_outcome(int err, int icmp, unsigned type, unsigned code, struct pp__reply *out);
/* An ICMPv6 destination unreachable's code, as pp__conn_errqueue gives it:
 * type 3, this + the ICMPv6 code. */
#define PP__CONN_ICMP6 1000u
int pp__conn_udp_error(int err, int icmp, unsigned type, unsigned code, struct pp__reply *out);

/* A TCP try of probe i (connect_tcp.c), touching its slot only: 0 in
 * flight, 1 decided now (*out), -EIO an error that says nothing of the port,
 * other < 0 -errno with nothing sent. */
struct pp_scan;
int pp__ctcp_send(const struct pp_scan *s, uint32_t i, struct pp__reply *out);
/* Its socket's events: 1 and *out when they answer the try, else 0; *recv
 * set when they were an answer (of which 0: one that says nothing). */
int pp__ctcp_event(const struct pp_scan *s, uint32_t i, uint32_t events, struct pp__reply *out,
                   int *recv);
/* The slot's socket closed, fd -1. */
void pp__conn_drop(struct pp__cprobe *cp);

/* UDP (connect_udp.c): open the probe's socket if it has none and send its
 * try; 0 sent, 1 answered at once (*out), < 0 -errno, nothing sent. */
struct pp_scan;
int pp__cudp_send(struct pp_scan *s, uint32_t i, struct pp__reply *out);
/* Its socket's events: 1 and *out when they answer the probe, else 0. */
int pp__cudp_event(struct pp_scan *s, uint32_t i, uint32_t events, struct pp__reply *out);
/* Read the error queue of fd: 1 and the first ICMP error's type and code;
 * an ICMPv6 destination unreachable: type 3, PP__CONN_ICMP6 + its code. */
int pp__conn_errqueue(int fd, unsigned *type, unsigned *code);
/* -S and -e on a new socket to host (its family's source): several -S
 * sources (IPv4), the slot-th (modulo); a TCP socket binds a port of its own
 * too (the slot's, when free); 0 or -errno. */
int pp__conn_bind(const struct pp_scan *s, int fd, int tcp, uint32_t host, uint32_t slot);
/* Host's family (AF_INET, AF_INET6), its port as a socket address (the
 * length), and a non-blocking socket of type to it with the error queue on
 * (IP_RECVERR, IPV6_RECVERR): fd or -errno. */
struct sockaddr_storage;
int pp__conn_family(const struct pp_scan *s, uint32_t host);
socklen_t pp__conn_addr(const struct pp_scan *s, uint32_t host, uint16_t port,
                        struct sockaddr_storage *ss);
int pp__conn_socket(const struct pp_scan *s, uint32_t host, int type);

#endif
