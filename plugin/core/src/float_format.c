/*
 * Go's %v for floats: strconv.FormatFloat(v, 'g', -1, bits), the shortest
 * decimal that reads back as the same value, printed as %e when the decimal
 * exponent is below -4 or at least 6 (Go's rule for the shortest form), with
 * at least two exponent digits ("1e+06", "1.5e-07").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "goiface/format.h"

/* Shortest round-tripping digits of v, and its decimal point position
 * (value = 0.d1d2... * 10^dp). */
static void shortest_digits(double v, int bits, char *digits, int *nd, int *dp)
{
	char buf[64];
	int max = bits == 32 ? 9 : 17;
	for (int p = 1; p <= max; p++) {
		snprintf(buf, sizeof(buf), "%.*e", p - 1, v);
		bool same = bits == 32 ? strtof(buf, NULL) == (float)v
				       : strtod(buf, NULL) == v;
		if (same || p == max)
			break;
	}
	/* buf is "d.ddde[+-]xx" or "de[+-]xx" */
	int n = 0;
	const char *s = buf;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9')
			digits[n++] = *s;
	int exp = atoi(s + 1);
	while (n > 1 && digits[n - 1] == '0')
		n--;
	digits[n] = '\0';
	*nd = n;
	*dp = exp + 1;
}

static void format_float(struct gi_strbuf *out, double v, int bits, bool plus)
{
	if (isnan(v)) {
		gi_strbuf_puts(out, plus ? "+NaN" : "NaN");
		return;
	}
	if (isinf(v)) {
		gi_strbuf_puts(out, v > 0 ? "+Inf" : "-Inf");
		return;
	}
	if (signbit(v)) {
		gi_strbuf_putc(out, '-');
		v = -v;
	} else if (plus) {
		gi_strbuf_putc(out, '+');
	}
	if (v == 0) {
		gi_strbuf_putc(out, '0');
		return;
	}
	char d[32];
	int nd, dp;
	shortest_digits(v, bits, d, &nd, &dp);
	int exp = dp - 1;
	if (exp < -4 || exp >= 6) {
		gi_strbuf_putc(out, d[0]);
		if (nd > 1) {
			gi_strbuf_putc(out, '.');
			gi_strbuf_append(out, d + 1, (size_t)nd - 1);
		}
		gi_strbuf_appendf(out, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	if (dp <= 0) {
		gi_strbuf_puts(out, "0.");
		for (int i = 0; i < -dp; i++)
			gi_strbuf_putc(out, '0');
		gi_strbuf_append(out, d, (size_t)nd);
	} else if (dp >= nd) {
		gi_strbuf_append(out, d, (size_t)nd);
		for (int i = nd; i < dp; i++)
			gi_strbuf_putc(out, '0');
	} else {
		gi_strbuf_append(out, d, (size_t)dp);
		gi_strbuf_putc(out, '.');
		gi_strbuf_append(out, d + dp, (size_t)(nd - dp));
	}
}

void gi_format_float64(struct gi_strbuf *out, double v)
{
	format_float(out, v, 64, false);
}

void gi_format_float32(struct gi_strbuf *out, float v)
{
	format_float(out, v, 32, false);
}

/* fmt prints the imaginary part with the plus flag: "(1+2i)", "(1-2i)",
 * "(0+Infi)", "(1+NaNi)". */
void gi_format_complex128(struct gi_strbuf *out, double re, double im)
{
	gi_strbuf_putc(out, '(');
	format_float(out, re, 64, false);
	format_float(out, im, 64, true);
	gi_strbuf_puts(out, "i)");
}

void gi_format_complex64(struct gi_strbuf *out, float re, float im)
{
	gi_strbuf_putc(out, '(');
	format_float(out, re, 32, false);
	format_float(out, im, 32, true);
	gi_strbuf_puts(out, "i)");
}
