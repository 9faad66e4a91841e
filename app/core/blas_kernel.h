/* blas_kernel.h - which OpenBLAS kernel the process runs, and why.
 *
 * Owns: choosing the best kernel this OpenBLAS build has for the CPU's features when
 * OPENBLAS_CORETYPE is unset and OpenBLAS's own detection gave a weaker one (old
 * OpenBLAS tables fall back to Prescott's SSE3 kernels on CPUs newer than they know);
 * the one re-exec that makes OpenBLAS load with that choice (it reads the variable only
 * when it loads); the self-check of the chosen kernel against a plain loop, with the
 * fall-back to OpenBLAS's own choice; and the one-line description of the outcome.
 * Must not: change a value of OPENBLAS_CORETYPE that the user or the system set, re-exec
 * more than twice (choose, then at most one fall-back), or touch SDL / GL.
 *
 * The pure part (features -> kernel, the start-up plan) takes made-up inputs, so the
 * tests run it on CPUs this machine is not. */
#ifndef VAE_BLAS_KERNEL_H
#define VAE_BLAS_KERNEL_H

typedef enum { BLAS_CPU_OTHER = 0, BLAS_CPU_INTEL, BLAS_CPU_AMD, BLAS_CPU_HYGON } BlasCpuVendor;

/* What the CPU can run (and the OS saves the registers of: avx needs XMM+YMM state,
 * the avx512 flags the opmask and ZMM state too). */
typedef struct {
    BlasCpuVendor vendor;
    unsigned sse2 : 1, sse3 : 1, ssse3 : 1, sse4_1 : 1, sse4_2 : 1;
    unsigned avx : 1, avx2 : 1, fma : 1;
    unsigned avx512f : 1, avx512bw : 1, avx512vl : 1, avx512dq : 1, avx512cd : 1, avx512_bf16 : 1;
    unsigned amx_bf16 : 1; /* recorded; OpenBLAS 0.3.21 has no kernel that uses it */
} BlasCpuFeatures;

/* The features of the CPU this runs on (CPUID and XGETBV; all zero off x86). */
void blas_cpu_features(BlasCpuFeatures *out);

/* The best kernel OpenBLAS 0.3.21's DYNAMIC_ARCH build has for these features, as its
 * OPENBLAS_CORETYPE name ("Cooperlake", "SkylakeX", "Zen", "Haswell", "Sandybridge",
 * "Nehalem", "Core2", "Prescott"), or NULL when the CPU has not even SSE3. */
const char *blas_kernel_pick(const BlasCpuFeatures *f);

/* The instruction-set level of a kernel name (case-insensitive, as OpenBLAS matches
 * it): 0 "Unknown", 1 SSE2/SSE3, 2 SSE4.2, 3 AVX, 4 AVX2+FMA, 5 AVX-512; -1 for a name
 * this table does not know (a newer OpenBLAS's: it is then trusted, never overridden). */
int blas_kernel_level(const char *name);

/* Case-insensitive ASCII comparison, as OpenBLAS compares kernel names (0 = equal). */
int blas_kernel_name_cmp(const char *a, const char *b);

/* The start-up plan: what to do given the environment and what OpenBLAS runs now. */
typedef enum {
    BLAS_PLAN_RUN,       /* run as loaded (reason says why) */
    BLAS_PLAN_REEXEC,    /* set OPENBLAS_CORETYPE=kernel, the stage variable, re-exec */
    BLAS_PLAN_SELFCHECK, /* the chosen kernel is loaded: check it, then RUN or FALLBACK */
    BLAS_PLAN_FALLBACK   /* unset OPENBLAS_CORETYPE, mark the stage, re-exec */
} BlasPlanAction;

typedef enum {
    BLAS_WHY_OWN,        /* OpenBLAS's own detection, nothing better to choose */
    BLAS_WHY_STATIC,     /* not a DYNAMIC_ARCH build: the kernel cannot be changed */
    BLAS_WHY_ENV,        /* OPENBLAS_CORETYPE set in the environment, kept */
    BLAS_WHY_CHOSEN,     /* chosen by the app (OpenBLAS's own detection was weaker) */
    BLAS_WHY_FALLBACK,   /* chosen, but it failed: back on OpenBLAS's own choice */
    BLAS_WHY_EXEC_FAILED /* wanted to choose, but the re-exec failed */
} BlasWhy;

typedef struct {
    BlasPlanAction action;
    BlasWhy why;
    char kernel[32];   /* REEXEC: the choice; SELFCHECK/CHOSEN/FALLBACK: what was chosen */
    char detected[32]; /* CHOSEN/FALLBACK/REEXEC: what OpenBLAS's own detection gave */
    char failure[32];  /* FALLBACK: "self-check" or "not-loaded" */
} BlasPlan;

/* Name of the variable that carries the plan across a re-exec. */
#define BLAS_KERNEL_STAGE_VAR "VAE_BLAS_KERNEL_STAGE"

/* Pure: env_coretype is OPENBLAS_CORETYPE (NULL when unset), stage the stage variable
 * (NULL when unset), running what openblas_get_corename() says now, dynamic whether the
 * build is DYNAMIC_ARCH, best the kernel to choose (blas_kernel_pick's, or NULL). A stage
 * that does not match the environment is stale and ignored. */
BlasPlan blas_kernel_plan(const char *env_coretype, const char *stage, const char *running, int dynamic,
                          const char *best);
/* The stage value a REEXEC or FALLBACK plan hands to the next process. */
void blas_kernel_stage_value(const BlasPlan *p, char *out, int cap);

/* Checks the loaded kernel: cblas_sgemm in all four transpose combinations, odd sizes,
 * against a plain double-precision loop (an illegal instruction counts as a failure).
 * inject_failure corrupts one result before the comparison (for the tests).
 * Returns 1 when every product matches. */
int blas_kernel_selfcheck(int inject_failure);

/* Runs the plan at start-up, before anything else: may re-exec the process
 * (/proc/self/exe, the same argv) and then does not return. Test-only environment:
 * VAE_KERNEL_SELFTEST_FAIL=1 makes the self-check fail; VAE_KERNEL_TEST_DETECTED=NAME
 * pretends OpenBLAS's own detection gave NAME (only with OPENBLAS_CORETYPE unset);
 * VAE_KERNEL_TEST_PICK=NAME chooses NAME instead of blas_kernel_pick's kernel. The
 * description then names them. */
void blas_kernel_startup(int argc, char **argv);

/* "OpenBLAS 0.3.21, kernel SkylakeX (chosen: OpenBLAS's own detection gave Prescott on
 * this CPU)": the library, the kernel in use and why. Valid after blas_kernel_startup
 * (before it, it describes the kernel as loaded). */
const char *blas_kernel_describe(void);

/* The settled plan (why, kernel, detected, failure) for a window that builds its own,
 * translated line from the parts; NULL before blas_kernel_startup. */
const BlasPlan *blas_kernel_settled(void);

#endif
