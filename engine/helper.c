/* helper.c - a persistent thread running one job at a time (see helper.h). */
#include "helper.h"

#include <pthread.h>
#include <stdlib.h>

struct VaeHelper {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv; /* signals both ways: a job handed over, a job finished */
    void (*fn)(void *);
    void *arg;
    int pending, quit; /* a job waits to run / the thread should end */
};

static void *helper_main(void *p) {
    VaeHelper *h = p;
    pthread_mutex_lock(&h->mu);
    for (;;) {
        while (!h->fn && !h->quit) pthread_cond_wait(&h->cv, &h->mu);
        if (!h->fn) break; /* quit with nothing in hand */
        void (*fn)(void *) = h->fn;
        void *arg = h->arg;
        pthread_mutex_unlock(&h->mu);
        fn(arg);
        pthread_mutex_lock(&h->mu);
        h->fn = NULL;
        h->pending = 0;
        pthread_cond_broadcast(&h->cv);
    }
    pthread_mutex_unlock(&h->mu);
    return NULL;
}

VaeHelper *helper_start(void) {
    VaeHelper *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    pthread_mutex_init(&h->mu, NULL);
    pthread_cond_init(&h->cv, NULL);
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
        pthread_cond_destroy(&h->cv);
        pthread_mutex_destroy(&h->mu);
        free(h);
        return NULL;
    }
    return h;
}

void helper_run(VaeHelper *h, void (*fn)(void *), void *arg) {
    pthread_mutex_lock(&h->mu);
    h->fn = fn;
    h->arg = arg;
    h->pending = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
}

void helper_wait(VaeHelper *h) {
    pthread_mutex_lock(&h->mu);
    while (h->pending) pthread_cond_wait(&h->cv, &h->mu);
    pthread_mutex_unlock(&h->mu);
}

void helper_stop(VaeHelper *h) {
    if (!h) return;
    helper_wait(h);
    pthread_mutex_lock(&h->mu);
    h->quit = 1;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->cv);
    pthread_mutex_destroy(&h->mu);
    free(h);
}
