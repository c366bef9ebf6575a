/*
 * The progress line (see progress.h).  The engine calls back from its loop with
 * its counters; this file turns them into one line a person on a jump host can
 * read at a glance, and decides how it is drawn: on a terminal, "\r" and the line
 * padded over the previous one, cut to the terminal's width so it never wraps
 * (a wrapped line cannot be redrawn in place), and wiped at the end; in a log
 * (--stats-every), a plain line per interval that grep and tail read.
 *
 * "Done" counts probes whose fate is known: first transmissions sent, less those
 * still waiting for an answer or a timeout.  The time left extrapolates the pace
 * at which probes got done so far.  One scan per process: the state is static.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "progress.h"

static struct {
	int tty;      /* redraw in place */
	size_t shown; /* characters of the line on the terminal now */
	uint64_t last_sent, last_us;
	const char *phase; /* which of a run's two scans the line counts, or NULL */
} state;

static void
eta_str(char *buf, size_t len, double secs)
{
	unsigned long s;

	if (secs < 0 || secs > 360000) {
		snprintf(buf, len, "--");
		return;
	}
	s = (unsigned long)(secs + 0.5);
	if (s >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, len, "%lu:%02lu", s / 60, s % 60);
}

void
pp_progress_pacing(char *buf, size_t len, const struct pp_scan_stats *st)
{
	char addr[PP_ADDR_STRLEN] = "", rate[16];

	buf[0] = '\0';
	if (!st->paced)
		return;
	if (st->paced_rate >= 1e6)
		snprintf(rate, sizeof(rate), "%.1fM", st->paced_rate / 1e6);
	else if (st->paced_rate >= 1e4)
		snprintf(rate, sizeof(rate), "%.0fk", st->paced_rate / 1e3);
	else if (st->paced_rate >= 1e3)
		snprintf(rate, sizeof(rate), "%.1fk", st->paced_rate / 1e3);
	else
		snprintf(rate, sizeof(rate), "%.0f", st->paced_rate);
	if (st->paced_by.family != PP_AF_NONE)
		pp_addr_str(&st->paced_by, addr, sizeof(addr));
	snprintf(buf, len, "paced %s%s at %s/s", addr[0] ? "by " : "", addr, rate);
}

size_t
pp_progress_format(char *buf, size_t len, const struct pp_scan_stats *st, double pps)
{
	char paced[96];
	uint64_t first = st->sent > st->retransmitted ? st->sent - st->retransmitted : 0;
	uint64_t done = first > st->outstanding ? first - st->outstanding : 0;
	double pct = st->planned ? 100.0 * (double)done / (double)st->planned : 100.0;
	double secs = (double)st->elapsed_us / 1e6, left = -1;
	char eta[24];
	int n;

	if (done > st->planned)
		done = st->planned;
	if (pct > 100)
		pct = 100;
	if (done >= st->planned)
		left = 0;
	else if (done > 0 && secs > 0)
		left = secs * (double)(st->planned - done) / (double)done;
	eta_str(eta, sizeof(eta), left);
	pp_progress_pacing(paced, sizeof(paced), st);
	n = snprintf(buf, len,
	             "portproof: %.1f%% done, %llu sent, %llu answered, %.0f pps, %s%s%llu open, "
	             "ETA %s",
	             pct, (unsigned long long)st->sent, (unsigned long long)st->matched, pps, paced,
	             paced[0] ? ", " : "", (unsigned long long)st->open_ports, eta);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

static size_t
term_width(void)
{
	struct winsize ws;

	if (ioctl(2, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 1)
		return ws.ws_col;
	return 80;
}

static void
print(void *arg, const struct pp_scan_stats *st)
{
	char line[256];
	double pps = 0;
	size_t n, w;

	(void)arg;
	if (st->elapsed_us > state.last_us && st->sent >= state.last_sent)
		pps = (double)(st->sent - state.last_sent) * 1e6 /
		      (double)(st->elapsed_us - state.last_us);
	state.last_sent = st->sent;
	state.last_us = st->elapsed_us;
	n = pp_progress_format(line, sizeof(line), st, pps);
	if (state.phase != NULL) {
		char tail[256];
		/* "portproof: IPv6: 42.0% done, ...": the counts start again for it. */
		snprintf(tail, sizeof(tail), "%s", line + strlen("portproof: "));
		n = (size_t)snprintf(line, sizeof(line), "portproof: %s: %s", state.phase, tail);
		if (n >= sizeof(line))
			n = sizeof(line) - 1;
	}
	if (!state.tty) {
		fprintf(stderr, "%s\n", line);
		return;
	}
	w = term_width() - 1; /* the last column would wrap on some terminals */
	if (n > w)
		n = w;
	fprintf(stderr, "\r%.*s%*s", (int)n, line, state.shown > n ? (int)(state.shown - n) : 0,
	        "");
	state.shown = n;
	fflush(stderr);
}

void
pp_progress_attach(const struct pp_cli *cli, struct pp_scan_opts *o)
{
	memset(&state, 0, sizeof(state));
	if (cli->quiet || (cli->stats_every <= 0 && !isatty(2)))
		return;
	state.tty = cli->stats_every <= 0;
	o->progress = print;
	o->progress_arg = NULL;
	o->progress_ms = state.tty ? PP_PROGRESS_TTY_MS : (unsigned)(cli->stats_every * 1000 + 0.5);
}

void
pp_progress_phase(const char *phase)
{
	state.phase = phase;
	state.last_sent = state.last_us = 0;
}

void
pp_progress_end(void)
{
	if (state.tty && state.shown > 0) {
		fprintf(stderr, "\r%*s\r", (int)state.shown, "");
		fflush(stderr);
	}
	state.shown = 0;
}
