/* cli_common.c - argument parsing and data loading shared by the subcommands. */
#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "datadir.h"

int cli_usage_error(const char *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "vae-explorer %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see vae-explorer %s --help)\n", cmd);
    return 2;
}

int cli_need_value(const char *cmd, int argc, char **argv, int i) {
    if (i + 1 >= argc) return cli_usage_error(cmd, "%s needs a value", argv[i]);
    return 0;
}

int cli_parse_int(const char *cmd, const char *flag, const char *s, long lo, long hi, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return cli_usage_error(cmd, "%s expects a whole number from %ld to %ld, got '%s'", flag, lo, hi, s);
    *out = (int)v;
    return 0;
}

int cli_parse_float(const char *cmd, const char *flag, const char *s, double lo, double hi, float *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
        return cli_usage_error(cmd, "%s expects a number from %g to %g, got '%s'", flag, lo, hi, s);
    *out = (float)v;
    return 0;
}

int cli_parse_u64(const char *cmd, const char *flag, const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-')
        return cli_usage_error(cmd, "%s expects a non-negative whole number, got '%s'", flag, s);
    *out = (uint64_t)v;
    return 0;
}

int cli_load_split(const char *cmd, const char *data, int train, VaeDataset *out) {
    char dir[4096];
    if (datadir_resolve(data, dir, sizeof dir) != 0) {
        fprintf(stderr, "vae-explorer %s: %s\n", cmd, vae_last_error());
        return 1;
    }
    if (data_load_dir(dir, train, out) != VAE_OK) {
        fprintf(stderr, "vae-explorer %s: %s\n", cmd, vae_last_error());
        return 1;
    }
    return 0;
}

int cli_set_threads(int threads) {
    if (threads <= 0) threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads <= 0) threads = 1;
    openblas_set_num_threads(threads);
    return threads;
}
