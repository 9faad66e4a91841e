/* helper.c - a persistent thread running one job at a time (see helper.h).
 *
 * A hand-off is two counters: `posted` (jobs handed over) and `finished` (jobs done),
 * each written by one side with release order and read by the other with acquire, so
 * the job's function, argument and results travel with them. Each side spins briefly
 * before it sleeps on the condition variable: in a training step the next hand-off
 * comes within microseconds, and a futex wake-up costs ~10 us each way. */
#include "helper.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#define SPIN_ROUNDS 4000 /* ~50 us of pause instructions before sleeping */

struct VaeHelper {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* signals both ways: a job handed over, a job finished */
    void (*fn)(void *);
    void *arg;
    atomic_uint posted, finished;
    atomic_int quit;
};

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* Waits until (*counter == value) == until_equal, or quit: the helper waits for
 * `posted` to move past the last job it saw, the owner for `finished` to reach the job
 * it posted. A short spin, then the condition variable. */
static void await_counter(VaeHelper *h, atomic_uint *counter, unsigned value, int until_equal) {
    for (int i = 0; i < SPIN_ROUNDS; i++) {
        unsigned c = atomic_load_explicit(counter, memory_order_acquire);
        if ((c == value) == until_equal || atomic_load_explicit(&h->quit, memory_order_relaxed)) return;
        cpu_relax();
    }
    pthread_mutex_lock(&h->mu);
    while ((atomic_load_explicit(counter, memory_order_acquire) == value) != until_equal &&
           !atomic_load_explicit(&h->quit, memory_order_relaxed))
        pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

static void wake(VaeHelper *h) {
    pthread_mutex_lock(&h->mu);
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

static void *helper_main(void *p) {
    VaeHelper *h = p;
    unsigned seen = 0;
    for (;;) {
        await_counter(h, &h->posted, seen, 0);
        unsigned now = atomic_load_explicit(&h->posted, memory_order_acquire);
        if (now == seen) break; /* quit with nothing in hand */
        seen = now;
        h->fn(h->arg);
        atomic_store_explicit(&h->finished, seen, memory_order_release);
        wake(h);
    }
    return NULL;
}

VaeHelper *helper_start(void) {
    VaeHelper *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    atomic_init(&h->posted, 0);
    atomic_init(&h->finished, 0);
    atomic_init(&h->quit, 0);
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    return h;
}

void helper_run(VaeHelper *h, void (*fn)(void *), void *arg) {
    h->fn = fn; /* the helper is idle: it reads these only after the increment below */
    h->arg = arg;
    atomic_fetch_add_explicit(&h->posted, 1, memory_order_release);
    wake(h);
}

void helper_wait(VaeHelper *h) {
    unsigned target = atomic_load_explicit(&h->posted, memory_order_relaxed);
    await_counter(h, &h->finished, target, 1);
}

void helper_stop(VaeHelper *h) {
    if (!h) return;
    helper_wait(h);
    atomic_store_explicit(&h->quit, 1, memory_order_relaxed);
    wake(h);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}
