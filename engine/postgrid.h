/* postgrid.h - (private) the adaptive 2-D posterior grid's bookkeeping, shared by the
 * one-shot grid (eval.c) and the staged one (eval_progressive.c): which cells are
 * decoded, which BLOCK x BLOCK blocks are queued, and the rule that picks the blocks
 * that may hold mass (within KEEP_NATS of the best log joint, or touched by q's box).
 * Owns: nothing; functions over a PostGrid the caller allocates. Must not: decode. */
#ifndef VAE_POSTGRID_H
#define VAE_POSTGRID_H

#include <stdint.h>

#define POSTGRID_BLOCK 4         /* BLOCK x BLOCK cells share a sample cell */
#define POSTGRID_KEEP_NATS 30.0f /* cells within this of the best log joint are decoded exactly */

typedef struct {
    int g, nb;             /* cells per side, blocks per side */
    float x0, y0, hx, hy;  /* lower-left corner, cell size */
    float *lj;             /* (g*g) log p(x|z) + log p(z) at cell centres */
    uint8_t *known, *done; /* (g*g) cell decoded; (nb*nb) block queued */
    int *cells;            /* (g*g) cells queued for decoding */
    float *z, *ll;         /* (g*g*2) their latents, (g*g) their log-likelihoods */
} PostGrid;

int postgrid_block_of(const PostGrid *p, int cell);
/* The cell that samples the t x t tile whose top-left cell is (r, c): (r, c) + t / 2,
 * kept inside the grid. */
int postgrid_tile_sample(const PostGrid *p, int r, int c, int t);
/* The cell that samples block b (its tile's centre). */
int postgrid_sample_cell(const PostGrid *p, int b);
/* Queues every cell of block b not yet decoded; returns the new queue length. */
int postgrid_queue_block(PostGrid *p, int b, int n);
/* Queues the blocks that may hold mass, with their 8 neighbours, unless queued before;
 * returns the queue length. want (nb*nb) is scratch. */
int postgrid_queue_wanted(PostGrid *p, const double qbox[4], float *want);

#endif
