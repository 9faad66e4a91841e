/* helper.h - a persistent thread that runs one job at a time for its owner.
 *
 * Owns: the thread, and the hand-off of a job (a function and its argument) to it and
 * of its completion back, under one mutex and condition variable. The data-parallel
 * training step keeps one helper per extra shard: a thread created for every step
 * would cost its creation each time and, on a busy core, start behind the threads
 * already running there.
 * Public because eval_progressive.h takes a helper from its caller (the teaching thread).
 * Must not: run more than one job at once, or be used from two owner threads. */
#ifndef VAE_HELPER_H
#define VAE_HELPER_H

typedef struct VaeHelper VaeHelper;

/* NULL when the thread cannot be started. */
VaeHelper *helper_start(void);
/* Hands fn(arg) to the helper; returns at once. */
void helper_run(VaeHelper *h, void (*fn)(void *), void *arg);
/* Waits until the job handed over last has finished. */
void helper_wait(VaeHelper *h);
/* Finishes the thread (after any job in hand) and frees the helper. NULL is allowed. */
void helper_stop(VaeHelper *h);

#endif
