/*
 * The listener check's TLS client: OpenSSL's handshake over memory BIOs, so the
 * check's own poll loop moves the bytes and keeps the first ones the server sent
 * (a plain-text answer to a ClientHello is the finding).  No verification: the
 * check asks what the server offers, not whether to trust it; every version
 * OpenSSL still has is allowed (security level 0), so an old TLS 1.0 server shows
 * as such instead of failing the handshake.
 */
#include "config.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <string.h>

#include "check_int.h"

void *
pp__tls_ctx_new(void)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());

	if (ctx == NULL)
		return NULL;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	SSL_CTX_set_security_level(ctx, 0);
	SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
	SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=0");
	return ctx;
}

void
pp__tls_ctx_free(void *ctx)
{
	SSL_CTX_free(ctx);
}

int
pp__tls_start(void *ctx, struct pp__tls *t)
{
	BIO *rb, *wb;

	memset(t, 0, sizeof(*t));
	if ((t->ssl = SSL_new(ctx)) == NULL)
		return -1;
	rb = BIO_new(BIO_s_mem());
	wb = BIO_new(BIO_s_mem());
	if (rb == NULL || wb == NULL) {
		BIO_free(rb);
		BIO_free(wb);
		SSL_free(t->ssl);
		t->ssl = NULL;
		return -1;
	}
	BIO_set_mem_eof_return(rb, -1); /* empty: "want read", not end of stream */
	SSL_set_bio(t->ssl, rb, wb);
	SSL_set_connect_state(t->ssl);
	return 0;
}

void
pp__tls_free(struct pp__tls *t)
{
	SSL_free((SSL *)t->ssl); /* and its BIOs */
	t->ssl = NULL;
	ERR_clear_error();
}

int
pp__tls_feed(struct pp__tls *t, const uint8_t *b, size_t n)
{
	return n == 0 || BIO_write(SSL_get_rbio(t->ssl), b, (int)n) == (int)n ? 0 : -1;
}

size_t
pp__tls_output(struct pp__tls *t, uint8_t *b, size_t cap)
{
	int n = BIO_read(SSL_get_wbio(t->ssl), b, (int)cap);

	return n > 0 ? (size_t)n : 0;
}

int
pp__tls_handshake(struct pp__tls *t)
{
	int rc = SSL_do_handshake(t->ssl), e;

	if (rc == 1)
		return 1;
	e = SSL_get_error(t->ssl, rc);
	ERR_clear_error();
	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

int
pp__tls_write(struct pp__tls *t, const void *b, size_t n)
{
	int rc = SSL_write(t->ssl, b, (int)n);

	ERR_clear_error();
	return rc == (int)n ? 0 : -1;
}

/* Plain text out of what was fed: bytes, 0 for none yet, -1 at the end. */
int
pp__tls_read(struct pp__tls *t, uint8_t *b, size_t cap)
{
	int rc = SSL_read(t->ssl, b, (int)cap), e;

	if (rc > 0)
		return rc;
	e = SSL_get_error(t->ssl, rc);
	ERR_clear_error();
	return e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE ? 0 : -1;
}

/* The certificate's subject, RFC 2253, printable and cut to len. */
static void
subject(X509 *cert, char *out, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	int n = 0, i;

	out[0] = '\0';
	if (b == NULL)
		return;
	if (X509_NAME_print_ex(b, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253) >= 0)
		n = BIO_read(b, out, (int)len - 1);
	out[n > 0 ? n : 0] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)out[i] < 0x20 || (unsigned char)out[i] >= 0x7f)
			out[i] = '?';
	BIO_free(b);
}

void
pp__tls_describe(struct pp__tls *t, char *detail, size_t dlen, int *has_days, int32_t *days)
{
	X509 *cert;
	char subj[160];
	int d = 0, s = 0;

	*has_days = 0;
#if OPENSSL_VERSION_NUMBER >= 0x30000000L
	cert = SSL_get1_peer_certificate(t->ssl);
#else
	cert = SSL_get_peer_certificate(t->ssl);
#endif
	if (cert == NULL) {
		snprintf(detail, dlen, "%s, no certificate", SSL_get_version(t->ssl));
		return;
	}
	subject(cert, subj, sizeof(subj));
	if (ASN1_TIME_diff(&d, &s, NULL, X509_get0_notAfter(cert)) == 1) {
		/* Whole days left, rounded up: a certificate of -days 10 reads 10. */
		if (d >= 0 && s > 0)
			d++;
		*has_days = 1;
		*days = d;
		if (d < 0)
			snprintf(detail, dlen, "%s, certificate %s, expired %d day%s ago",
			         SSL_get_version(t->ssl), subj[0] ? subj : "(no subject)", -d,
			         d == -1 ? "" : "s");
		else
			snprintf(detail, dlen, "%s, certificate %s, expires in %d day%s",
			         SSL_get_version(t->ssl), subj[0] ? subj : "(no subject)", d,
			         d == 1 ? "" : "s");
	} else {
		snprintf(detail, dlen, "%s, certificate %s", SSL_get_version(t->ssl),
		         subj[0] ? subj : "(no subject)");
	}
	X509_free(cert);
	ERR_clear_error();
}
