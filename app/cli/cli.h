/* cli.h - the headless subcommands of vae-explorer (train, eval, sample, encode) and
 * the small argument helpers they share. Each returns the process exit code:
 * 0 success, 1 failure while working, 2 bad usage (with a one-line message). */
#ifndef VAE_CLI_H
#define VAE_CLI_H

#include "data.h"
#include "vae.h"

int cli_train(int argc, char **argv);
int cli_eval(int argc, char **argv);
int cli_sample(int argc, char **argv);
int cli_encode(int argc, char **argv);
int cli_data(int argc, char **argv); /* data fetch | data list (cli_data.c) */

/* Argument helpers: on a bad value they print "vae-explorer CMD: ..." and return 2. */
int cli_need_value(const char *cmd, int argc, char **argv, int i);
int cli_parse_int(const char *cmd, const char *flag, const char *s, long lo, long hi, int *out);
int cli_parse_float(const char *cmd, const char *flag, const char *s, double lo, double hi, float *out);
int cli_parse_u64(const char *cmd, const char *flag, const char *s, uint64_t *out);
int cli_usage_error(const char *cmd, const char *fmt, ...);
/* Loads the train or test split of "mnist", "fashion" or a folder; prints the error. */
int cli_load_split(const char *cmd, const char *data, int train, VaeDataset *out);
/* Sets OpenBLAS's thread count (0 = all cores) and returns it. */
int cli_set_threads(int threads);

#endif
