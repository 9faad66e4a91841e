/* testutil.c - shared test helpers (see testutil.h). */
#include "testutil.h"

#include <stdlib.h>
#include <sys/stat.h>

int test_failures = 0;

const char *test_mnist_dir(void) {
    static char buf[4096];
    const char *env = getenv("VAE_DATA_DIR");
    if (env && *env) return env;
    snprintf(buf, sizeof buf, "%s/data/mnist", VAE_SOURCE_DIR);
    struct stat st;
    return stat(buf, &st) == 0 ? buf : NULL;
}

int test_finish(const char *name) {
    if (test_failures) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}
