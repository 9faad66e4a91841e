/* clock.h - monotonic seconds for the whole app (timers, frame pacing, benchmarks).
 * Owns: nothing. Must not: depend on SDL. */
#ifndef VAE_CLOCK_H
#define VAE_CLOCK_H

double clock_now(void);

#endif
