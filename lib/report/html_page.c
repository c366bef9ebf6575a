/*
 * The frame of every HTML page portproof writes (a report or a diff): printf for
 * markup (its strings escaped by common.c's pp__xml_str, as XML's are), the head
 * with its inline style sheet (screen and print), the score gauges and the
 * verdict legend.  The page is one self-contained file: no script, no font, no
 * image and no style sheet is fetched from anywhere, and a Content-Security-Policy
 * says so to the browser, so that even a string that slipped past the escaping
 * could neither run nor load anything.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "html_int.h"
#include "report_int.h"

void
pp__hf(FILE *fp, const char *fmt, ...)
{
	va_list ap;
	int prec, lng, z;

	va_start(ap, fmt);
	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%') {
			putc(*fmt, fp);
			continue;
		}
		fmt++;
		prec = -1;
		lng = z = 0;
		if (*fmt == '.')
			for (prec = 0, fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + (*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			lng++;
		if (*fmt == 'z')
			z = 1, fmt++;
		switch (*fmt) {
		case 's':
			pp__xml_str(fp, va_arg(ap, const char *));
			break;
		case 'd':
			if (lng >= 2)
				fprintf(fp, "%lld", va_arg(ap, long long));
			else if (lng == 1)
				fprintf(fp, "%ld", va_arg(ap, long));
			else
				fprintf(fp, "%d", va_arg(ap, int));
			break;
		case 'u':
		case 'x':
			if (z)
				fprintf(fp, *fmt == 'u' ? "%zu" : "%zx", va_arg(ap, size_t));
			else if (lng >= 2)
				fprintf(fp, *fmt == 'u' ? "%llu" : "%llx",
				        va_arg(ap, unsigned long long));
			else if (lng == 1)
				fprintf(fp, *fmt == 'u' ? "%lu" : "%lx", va_arg(ap, unsigned long));
			else
				fprintf(fp, *fmt == 'u' ? "%u" : "%x", va_arg(ap, unsigned));
			break;
		case 'f':
			fprintf(fp, "%.*f", prec < 0 ? 6 : prec, va_arg(ap, double));
			break;
		case '%':
			putc('%', fp);
			break;
		default: /* not supported: a programming error, and the tests show it */
			va_end(ap);
			return;
		}
	}
	va_end(ap);
}

/* Colours: verdicts as in the legend; scores good (>= 90), fair (>= 50), poor. */
static const char css[] =
        ":root{--ink:#1d2330;--mute:#5b6475;--line:#d8dce3;--bg:#f5f6f8;--card:#fff;"
        "--pass:#2f9e55;--missing:#e07b1f;--blocked:#c62f2f;--exposed:#8b2bb0;"
        "--unfiltered:#d9b310;--unexpected:#5b1f86;--inconclusive:#8d9bb0;--mismatch:#b0306a;"
        "--none:#eef0f3;"
        "--high:#c62f2f;--medium:#e07b1f;--low:#2b7bb9;--info:#7b8596}\n"
        "*{box-sizing:border-box}\n"
        "body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,"
        "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;"
        "-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
        "main{max-width:1240px;margin:0 auto;padding:20px 24px 40px}\n"
        "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;"
        "padding-bottom:4px;border-bottom:2px solid var(--line)}\n"
        "h3{font-size:15px;margin:16px 0 6px}\n"
        ".meta{color:var(--mute);margin:0}.meta b{color:var(--ink);font-weight:600}\n"
        ".warn{background:#fff4d6;border:1px solid #e8c35a;padding:6px 10px;border-radius:4px}"
        "\n"
        "code,.mono{font-family:ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;"
        "font-size:12.5px}\n"
        ".overview{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}\n"
        ".card{background:var(--card);border:1px solid var(--line);border-radius:8px;"
        "padding:12px 16px}\n"
        ".deploy{display:flex;gap:18px;align-items:center;flex:0 1 470px}\n"
        ".deploy h3{margin:2px 0 4px}\n"
        ".hosts{display:grid;grid-template-columns:repeat(auto-fill,minmax(175px,1fr));gap:12px;"
        "flex:1 1 380px}\n"
        ".host{display:flex;flex-direction:column;align-items:center;text-align:center}\n"
        ".host .n{font-weight:600}.host .s{color:var(--mute);font-size:12px}\n"
        "svg.gauge{flex:none}svg.gauge .track{stroke:var(--none)}svg.gauge "
        "text{font-family:inherit;"
        "fill:var(--ink)}\n"
        "svg.gauge .good{stroke:var(--pass)}svg.gauge .fair{stroke:var(--missing)}"
        "svg.gauge .poor{stroke:var(--blocked)}\n"
        ".counts{display:flex;gap:6px;flex-wrap:wrap;margin-top:6px}\n"
        ".chip{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;"
        "color:#fff;background:var(--info);white-space:nowrap}\n"
        ".chip.sev-high,.sev-high>.chip{background:var(--high)}"
        ".chip.sev-medium{background:var(--medium)}.chip.sev-low{background:var(--low)}"
        ".chip.sev-info{background:var(--info)}\n"
        ".v-pass{background:var(--pass);color:#fff}"
        ".v-missing{background:var(--missing);color:#fff}"
        ".v-blocked{background:var(--blocked);color:#fff}"
        ".v-exposed{background:var(--exposed);color:#fff}"
        ".v-unfiltered{background:var(--unfiltered);color:#000}"
        ".v-unexpected{background:var(--unexpected);color:#fff}"
        ".v-inconclusive{background:var(--inconclusive);color:#fff}"
        ".v-mismatch{background:var(--mismatch);color:#fff}"
        ".v-none{background:var(--none);color:var(--mute)}\n"
        ".badge{display:inline-block;min-width:84px;text-align:center;padding:1px 6px;"
        "border-radius:4px;font-size:12px;font-weight:600}\n"
        ".legend{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0;font-size:12px}\n"
        ".legend span.k{display:inline-block;width:18px;height:16px;line-height:16px;"
        "text-align:center;border-radius:3px;margin-right:4px;font-weight:700;font-size:11px;"
        "vertical-align:middle;border:1px solid rgba(0,0,0,.15)}"
        "\n"
        ".scroll{overflow-x:auto}\n"
        "table{border-collapse:collapse;background:var(--card)}\n"
        "table.heat{table-layout:fixed}\n"
        "table.heat th,table.heat td{border:2px solid var(--card);padding:0}\n"
        "table.heat td{width:30px;height:30px;text-align:center;font-weight:700;"
        "font-size:12px}\n"
        "table.heat th.h{text-align:left;padding:0 10px 0 4px;white-space:nowrap;"
        "font-weight:600;width:auto}\n"
        "table.heat th.p{vertical-align:bottom;height:86px;font-weight:500;font-size:11.5px}"
        "\n"
        "table.heat th.p span{writing-mode:vertical-rl;transform:rotate(180deg);"
        "white-space:nowrap;display:inline-block}\n"
        "table.heat th.proto{font-size:11px;color:var(--mute);text-transform:uppercase;"
        "border-bottom:1px solid var(--line)}\n"
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
        "white-space:nowrap}\n"
        "ol.findings{list-style:none;padding:0;margin:0}\n"
        "li.finding{background:var(--card);border:1px solid var(--line);"
        "border-left:5px solid var(--info);border-radius:6px;padding:8px 12px;"
        "margin:0 0 8px;break-inside:avoid}\n"
        "li.finding.sev-high{border-left-color:var(--high)}"
        "li.finding.sev-medium{border-left-color:var(--medium)}"
        "li.finding.sev-low{border-left-color:var(--low)}\n"
        "li.finding .head{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}\n"
        "li.finding .where{font-weight:600}\n"
        "li.finding .detail{margin:4px 0 2px}\n"
        "li.finding .ref{color:var(--mute);font-size:12.5px}\n"
        "table.ports{width:100%;margin:4px 0 8px;font-size:13px}\n"
        "table.ports th,table.ports td{border-bottom:1px solid var(--line);padding:3px 8px;"
        "text-align:left;vertical-align:top}\n"
        "table.ports th{background:var(--bg);font-weight:600;font-size:12px;"
        "color:var(--mute)}\n"
        "table.ports td{white-space:nowrap}table.ports td.wrap{white-space:normal}\n"
        "table.ports tr.open td.st{color:var(--pass);font-weight:600}\n"
        "table.ports td.num{text-align:right}\n"
        "section.hostsec{break-inside:auto}\n"
        ".ok,.sc-good{color:var(--pass);font-weight:600}"
        ".bad,.sc-poor{color:var(--blocked);font-weight:600}"
        ".sc-fair{color:var(--missing);font-weight:600}\n"
        ".delta-up{color:var(--pass);font-weight:600}"
        ".delta-down{color:var(--blocked);font-weight:600}\n"
        "footer{color:var(--mute);font-size:12px;margin-top:32px;border-top:1px solid "
        "var(--line);padding-top:8px}\n"
        "@media print{\n"
        "@page{size:A4;margin:14mm}\n"
        "body{background:#fff;font-size:10.5pt}\n"
        "main{max-width:none;padding:0}\n"
        ".card,li.finding,table{box-shadow:none}\n"
        ".scroll{overflow:visible}\n"
        "h2{break-after:avoid}h3{break-after:avoid}\n"
        ".overview,table.heat,.legend,tr{break-inside:avoid}\n"
        "table.heat td{width:22px;height:22px;font-size:9pt}\n"
        "table.heat th.p{height:70px;font-size:8pt}\n"
        "table.ports{font-size:9pt}table.ports td{white-space:normal;padding:2px 5px}\n"
        ".badge{min-width:0}\n"
        "}\n";

void
pp__html_open(FILE *fp, const char *title)
{
	pp__hf(fp,
	       "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	       "style-src 'unsafe-inline'\">\n"
	       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	       "<meta name=\"generator\" content=\"portproof\">\n<title>%s</title>\n<style>\n",
	       title);
	fputs(css, fp);
	fputs("</style>\n</head>\n<body>\n<main>\n", fp);
}

void
pp__html_close(FILE *fp, const char *version)
{
	pp__hf(fp,
	       "<footer>Written by portproof %s.  This page is self-contained: it runs no "
	       "script and loads nothing from the network.</footer>\n</main>\n</body>\n"
	       "</html>\n",
	       version);
}

void
pp__html_time(FILE *fp, time_t t)
{
	char when[32];
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S UTC", &tm) == 0)
		strcpy(when, "?");
	pp__xml_str(fp, when);
}

const char *
pp__html_score_class(double s)
{
	return s >= 90 ? "good" : s >= 50 ? "fair" : "poor";
}

void
pp__html_gauge(FILE *fp, int have, double score, unsigned px, const char *label)
{
	double s = score < 0 ? 0 : score > 100 ? 100 : score;

	/* A half ring of radius 50: the track, then the score's share of it. */
	pp__hf(fp,
	       "<svg class=\"gauge\" width=\"%u\" height=\"%u\" viewBox=\"0 0 120 72\" "
	       "role=\"img\" aria-label=\"%s: ",
	       px, px * 72 / 120, label);
	if (have)
		pp__hf(fp, "%.1f of 100\">", score);
	else
		pp__hf(fp, "no score\">");
	pp__hf(fp, "<title>%s: ", label);
	if (have)
		pp__hf(fp, "%.1f</title>", score);
	else
		pp__hf(fp, "no score</title>");
	pp__hf(fp, "<path class=\"track\" d=\"M10 62 A50 50 0 0 1 110 62\" fill=\"none\" "
	           "stroke-width=\"12\" stroke-linecap=\"round\"/>");
	if (have && s > 0)
		pp__hf(fp,
		       "<path class=\"%s\" d=\"M10 62 A50 50 0 0 1 110 62\" fill=\"none\" "
		       "stroke-width=\"12\" stroke-linecap=\"round\" pathLength=\"100\" "
		       "stroke-dasharray=\"%.1f 200\"/>",
		       pp__html_score_class(s), s);
	if (have)
		pp__hf(fp,
		       "<text x=\"60\" y=\"58\" text-anchor=\"middle\" font-size=\"24\" "
		       "font-weight=\"700\">%.1f</text>",
		       score);
	else
		pp__hf(fp, "<text x=\"60\" y=\"58\" text-anchor=\"middle\" "
		           "font-size=\"20\">n/a</text>");
	pp__hf(fp, "</svg>");
}

const char *
pp__html_verdict_mark(unsigned v)
{
	static const char *const marks[PP_VERDICT_COUNT] = {
	        [PP_VERDICT_NONE] = "",
	        [PP_VERDICT_PASS] = "\xe2\x9c\x93", /* check */
	        [PP_VERDICT_MISSING] = "M",
	        [PP_VERDICT_BLOCKED] = "B",
	        [PP_VERDICT_EXPOSED] = "E",
	        [PP_VERDICT_UNFILTERED] = "U",
	        [PP_VERDICT_UNEXPECTED] = "X",
	        [PP_VERDICT_INCONCLUSIVE] = "?",
	        [PP_VERDICT_MISMATCH] = "\xe2\x89\xa0", /* not equal */
	};

	return v < PP_VERDICT_COUNT ? marks[v] : "";
}

void
pp__html_legend(FILE *fp)
{
	static const char *const what[PP_VERDICT_COUNT] = {
	        [PP_VERDICT_PASS] = "as the document asks",
	        [PP_VERDICT_MISSING] = "host up, nothing listens",
	        [PP_VERDICT_BLOCKED] = "dropped on the way",
	        [PP_VERDICT_EXPOSED] = "restricted, but open from here",
	        [PP_VERDICT_UNFILTERED] = "restricted, answers closed from here",
	        [PP_VERDICT_UNEXPECTED] = "open, in no document",
	        [PP_VERDICT_INCONCLUSIVE] = "no answer (UDP)",
	        [PP_VERDICT_MISMATCH] = "open, another protocol than the document's",
	};
	unsigned v;

	fputs("<div class=\"legend\" aria-label=\"legend\">", fp);
	for (v = PP_VERDICT_PASS; v < PP_VERDICT_COUNT; v++)
		pp__hf(fp, "<span><span class=\"k v-%s\">%s</span><b>%s</b>: %s</span>",
		       pp_verdict_name(v), pp__html_verdict_mark(v), pp_verdict_name(v), what[v]);
	fputs("<span><span class=\"k v-none\"></span><b>not expected</b>: not asked of this "
	      "host&#39;s role</span></div>\n",
	      fp);
}
