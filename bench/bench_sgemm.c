/* bench_sgemm.c - single-thread sgemm throughput on the kernel this process runs, for
 * bench/run.sh's kernel table (issue 13). It settles the kernel exactly as vae-explorer
 * does (blas_kernel_startup, so with OPENBLAS_CORETYPE unset it may re-exec once), then
 * times the training step's largest products: the first layer's forward product
 * (128x512x784, NN) and its weight gradient (512x784x128, TN), batch 128.
 * Prints one tab-separated line per product: kernel, product, GF/s (median of --reps
 * runs of CPU time, one BLAS thread), and the kernel description on the first line.
 * Not a test: it asserts nothing. Usage: bench_sgemm [--reps N] */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_stats.h"
#include "blas_kernel.h"

static double gflops(int ta, int m, int n, int k, int reps) {
    float *A = malloc(sizeof(float) * (size_t)m * (size_t)k), *B = malloc(sizeof(float) * (size_t)k * (size_t)n);
    float *C = malloc(sizeof(float) * (size_t)m * (size_t)n);
    double *t = malloc(sizeof(double) * (size_t)reps);
    if (!A || !B || !C || !t) return 0;
    for (size_t i = 0; i < (size_t)m * (size_t)k; i++) A[i] = (float)((i * 7919u) % 1000) / 1000.0f - 0.5f;
    for (size_t i = 0; i < (size_t)k * (size_t)n; i++) B[i] = (float)((i * 104729u) % 1000) / 1000.0f - 0.5f;
    int lda = ta ? m : k;
    double flop = 2.0 * m * n * k;
    int calls = 1;
    for (;;) { /* calibrate: calls per timed run */
        double t0 = bench_cpu_s();
        for (int c = 0; c < calls; c++)
            cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, A, lda, B, n, 0.0f,
                        C, n);
        if (bench_cpu_s() - t0 > 0.02 || calls >= 1 << 14) break;
        calls *= 2;
    }
    for (int r = 0; r < reps; r++) {
        double t0 = bench_cpu_s();
        for (int c = 0; c < calls; c++)
            cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, A, lda, B, n, 0.0f,
                        C, n);
        t[r] = flop * calls / (bench_cpu_s() - t0) * 1e-9;
    }
    double med = bench_median(t, reps);
    free(A), free(B), free(C), free(t);
    return med;
}

int main(int argc, char **argv) {
    blas_kernel_startup(argc, argv);
    int reps = 11;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc && atoi(argv[i + 1]) > 0) {
            reps = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_sgemm [--reps N]\n");
            return 2;
        }
    }
    openblas_set_num_threads(1);
    const char *k = openblas_get_corename();
    printf("%s\n", blas_kernel_describe());
    printf("%s\tsgemm 128x512x784 NN (forward, first layer)\t%.1f\n", k, gflops(0, 128, 512, 784, reps));
    printf("%s\tsgemm 512x784x128 TN (its weight gradient)\t%.1f\n", k, gflops(1, 512, 784, 128, reps));
    return 0;
}
