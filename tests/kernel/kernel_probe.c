/* kernel_probe.c - test helper for kernel_startup.sh (not a test by itself):
 *   kernel_probe pick        the kernel blas_kernel_pick chooses for this CPU
 *   kernel_probe level NAME  the level of a kernel name (-1: not known)
 *   kernel_probe loaded      what OpenBLAS loaded in this process (openblas_get_corename)
 *   kernel_probe startup     runs blas_kernel_startup (it may re-exec this helper), then
 *                            prints the description and the environment it left:
 *                            OPENBLAS_CORETYPE=... and VAE_BLAS_KERNEL_STAGE=... or "unset"
 * Must not: decide anything itself; it only exposes blas_kernel.c to the script. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blas_kernel.h"

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "pick") == 0) {
        BlasCpuFeatures f;
        blas_cpu_features(&f);
        const char *k = blas_kernel_pick(&f);
        printf("%s\n", k ? k : "none");
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "level") == 0) {
        printf("%d\n", blas_kernel_level(argv[2]));
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "loaded") == 0) {
        printf("%s\n", openblas_get_corename());
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "startup") == 0) {
        blas_kernel_startup(argc, argv);
        const char *c = getenv("OPENBLAS_CORETYPE"), *s = getenv(BLAS_KERNEL_STAGE_VAR);
        printf("%s\nOPENBLAS_CORETYPE=%s\n%s=%s\n", blas_kernel_describe(), c ? c : "unset", BLAS_KERNEL_STAGE_VAR,
               s ? s : "unset");
        return 0;
    }
    fprintf(stderr, "usage: kernel_probe pick | level NAME | loaded | startup\n");
    return 2;
}
