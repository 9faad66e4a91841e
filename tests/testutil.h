/* testutil.h - the few helpers every engine test shares: checks that count failures
 * (a test exits non-zero when any check failed) and finding the MNIST data folder. */
#ifndef VAE_TESTUTIL_H
#define VAE_TESTUTIL_H

#include <stdio.h>

extern int test_failures;

#define CHECK(cond, ...)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            test_failures++;                                                                                           \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                            \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
        }                                                                                                              \
    } while (0)

/* The folder holding the MNIST IDX files (VAE_DATA_DIR, else <source>/data/mnist),
 * or NULL when it is missing. */
const char *test_mnist_dir(void);
/* Prints "<name>: N failures" and returns the process exit code. */
int test_finish(const char *name);

#endif
