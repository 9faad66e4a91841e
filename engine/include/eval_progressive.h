/* eval_progressive.h - the true posterior p(z|x) on a display grid, in stages and on up
 * to two threads: what the window's heatmap shows while it is being computed.
 *
 * Owns: the staged version of eval_posterior_grid's adaptive grid (eval.h). The same
 * cells are decoded with the same rule (a sample cell per 4 x 4 block, then every cell
 * of the blocks within 30 nats of the best one and of q(z|x)'s +-4 sigma box, and their
 * neighbours, until none is left); they are only ordered so that a coarse picture is
 * ready early:
 *   stage 1: the sample cell of every 4 x 4 block ((g/4)^2 decodes, e.g. 1024 of 16,384),
 *   stage 2: in the first round's blocks, the sample cell of each 2 x 2 sub-block,
 *   stage 3: every remaining cell (the final grid).
 * After stages 1 and 2 a callback gets a full g x g grid in which each cell holds its
 * tile's sample (normalised, over the same region): a blocky but true picture.
 * Every batch of cells is split into two fixed halves, each decoded in the same chunks
 * whether one thread runs both or two threads run one each, so the grid is bit-for-bit
 * the same with 1 or 2 threads.
 * Must not: print, or keep state between calls (the caller owns the model, the
 * workspaces and the helper). */
#ifndef VAE_EVAL_PROGRESSIVE_H
#define VAE_EVAL_PROGRESSIVE_H

#include "helper.h"
#include "vae.h"

/* Called after stage 1 (n = g / 4) and stage 2 (n = g / 2): grid is g x g, sums to 1,
 * every cell holding the value of its n x n tile's decoded sample. Not called when g < 16
 * (the grid is not adaptive then). Runs on the caller's thread. */
typedef void (*EvalGridStage)(void *ctx, int n, const float *grid);

typedef struct {
    const VaeModel *vae;    /* the model, read by both threads */
    VaeWork *work;          /* the calling thread's workspace (thread 1's share too when one thread) */
    VaeWork *work2;         /* the second thread's workspace */
    VaeHelper *helper;      /* the second thread; both work2 and helper set = two threads */
    EvalGridStage on_stage; /* may be NULL */
    void *ctx;
} EvalGridRun;

/* As eval_posterior_grid (eval.h): the normalised p(z|x) on a g x g grid over
 * [x0, x1] x [y0, y1] (cell centres, row 0 at y0), Z = 2; in stages, on one or two
 * threads (see above). */
VaeStatus eval_posterior_grid_progressive(const EvalGridRun *run, const float *x, float x0, float x1, float y0,
                                          float y1, int g, float *grid);

#endif
