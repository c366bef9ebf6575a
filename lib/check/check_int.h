/*
 * What the files of lib/check share: the recogniser's "is this answer whole",
 * the requests the check sends (speak.c) and the TLS client over memory BIOs
 * (tls.c, the one file that includes OpenSSL).
 */
#ifndef PP_CHECK_INT_H
#define PP_CHECK_INT_H

#include <stddef.h>
#include <stdint.h>

#include "pp_check.h"

/* Whether the bytes so far are a whole answer (a line, or a binary greeting). */
int pp__check_complete(const uint8_t *b, size_t n);

/* What the check does first on a port whose caller names protocol speaks. */
enum pp__opening {
	PP__OPEN_GREET,   /* wait for the server's greeting, then ask as HTTP */
	PP__OPEN_REQUEST, /* send the protocol's request at once */
	PP__OPEN_TLS,     /* a TLS handshake at once */
};
enum pp__opening pp__check_opening(const char *speaks);
/* The check's request for speaks (NULL: the HTTP request every silent listener
 * gets), to addr:port from src:sport, into buf: its length, 0 if none. */
size_t pp__check_request(const char *speaks, const struct pp_addr *addr, unsigned port,
                         const struct pp_addr *src, unsigned sport, char *buf, size_t len);
/* The protocol a listener that speaks this is seen as ("sips": "tls"). */
const char *pp__check_seen_of(const char *speaks);

struct pp__tls {
	void *ssl; /* SSL *, with its two memory BIOs */
};
void *pp__tls_ctx_new(void);
void pp__tls_ctx_free(void *ctx);
int pp__tls_start(void *ctx, struct pp__tls *t);
void pp__tls_free(struct pp__tls *t);
/* Bytes the server sent, in. */
int pp__tls_feed(struct pp__tls *t, const uint8_t *b, size_t n);
/* Bytes to send to the server, out (0: none). */
size_t pp__tls_output(struct pp__tls *t, uint8_t *b, size_t cap);
/* 1 done, 0 wants more bytes, -1 failed. */
int pp__tls_handshake(struct pp__tls *t);
int pp__tls_write(struct pp__tls *t, const void *b, size_t n);
int pp__tls_read(struct pp__tls *t, uint8_t *b, size_t cap);
/* "TLSv1.3, certificate CN=..., expires in N days" (or "expired N days ago"). */
void pp__tls_describe(struct pp__tls *t, char *detail, size_t dlen, int *has_days, int32_t *days);

#endif
