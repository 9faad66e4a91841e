/* postgrid.c - the adaptive posterior grid's block bookkeeping (see postgrid.h). */
#include "postgrid.h"

#include <math.h>

#define BLOCK POSTGRID_BLOCK
#define KEEP_NATS POSTGRID_KEEP_NATS

int postgrid_block_of(const PostGrid *p, int cell) { return (cell / p->g / BLOCK) * p->nb + (cell % p->g) / BLOCK; }

int postgrid_tile_sample(const PostGrid *p, int r, int c, int t) {
    r += t / 2, c += t / 2;
    return (r < p->g ? r : p->g - 1) * p->g + (c < p->g ? c : p->g - 1);
}

int postgrid_sample_cell(const PostGrid *p, int b) {
    return postgrid_tile_sample(p, (b / p->nb) * BLOCK, (b % p->nb) * BLOCK, BLOCK);
}

int postgrid_queue_block(PostGrid *p, int b, int n) {
    int r0 = (b / p->nb) * BLOCK, c0 = (b % p->nb) * BLOCK;
    for (int r = r0; r < r0 + BLOCK && r < p->g; r++)
        for (int c = c0; c < c0 + BLOCK && c < p->g; c++)
            if (!p->known[r * p->g + c]) p->cells[n++] = r * p->g + c;
    p->done[b] = 1;
    return n;
}

int postgrid_queue_wanted(PostGrid *p, const double qbox[4], float *want) {
    int nb = p->nb, m = p->g * p->g, n = 0;
    float best = -INFINITY;
    for (int b = 0; b < nb * nb; b++) want[b] = -INFINITY;
    for (int k = 0; k < m; k++)
        if (p->known[k]) {
            int b = postgrid_block_of(p, k);
            want[b] = fmaxf(want[b], p->lj[k]);
            best = fmaxf(best, p->lj[k]);
        }
    for (int b = 0; b < nb * nb; b++) {
        double bx0 = p->x0 + (b % nb) * BLOCK * p->hx, by0 = p->y0 + (b / nb) * BLOCK * p->hy;
        int in_q = bx0 <= qbox[1] && bx0 + BLOCK * p->hx >= qbox[0] && by0 <= qbox[3] && by0 + BLOCK * p->hy >= qbox[2];
        if (!(want[b] >= best - KEEP_NATS) && !in_q) continue;
        for (int dr = -1; dr <= 1; dr++)
            for (int dc = -1; dc <= 1; dc++) {
                int r = b / nb + dr, c = b % nb + dc;
                if (r >= 0 && r < nb && c >= 0 && c < nb && !p->done[r * nb + c])
                    n = postgrid_queue_block(p, r * nb + c, n);
            }
    }
    return n;
}
