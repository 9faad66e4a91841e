/* subset.c - the test images behind the scatter, shared by the training worker (which
 * makes them), the window and the teaching thread (which read them): reference counted,
 * immutable once published.
 * Owns: TestSubset's lifetime. Must not: change a subset after it is published. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "worker.h"

void subset_retain(TestSubset *s) {
    if (s) atomic_fetch_add(&s->refs, 1);
}

void subset_release(TestSubset *s) {
    if (s && atomic_fetch_sub(&s->refs, 1) == 1) {
        free(s->pixels);
        free(s->labels);
        free(s);
    }
}

TestSubset *subset_make(const VaeDataset *test, int n) {
    TestSubset *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    n = n < test->count ? n : test->count;
    s->count = n;
    s->dim = test->dim;
    s->pixels = malloc((size_t)n * (size_t)test->dim);
    s->labels = malloc((size_t)n);
    if (!s->pixels || !s->labels) {
        free(s->pixels);
        free(s->labels);
        free(s);
        return NULL;
    }
    memcpy(s->pixels, test->pixels, (size_t)n * (size_t)test->dim);
    memcpy(s->labels, test->labels, (size_t)n);
    atomic_init(&s->refs, 1);
    return s;
}
