/* blas_kernel.c - the OpenBLAS kernel the process runs: chosen at start-up when
 * OPENBLAS_CORETYPE is unset and OpenBLAS's own detection is weaker than the CPU, made
 * real by one re-exec, checked against a plain loop, described in one line.
 *
 * Owns: the CPU feature probe (CPUID, XGETBV), the features -> kernel table of OpenBLAS
 * 0.3.21's DYNAMIC_ARCH build, the start-up plan and its re-exec, the self-check.
 * Must not: overwrite an OPENBLAS_CORETYPE the user or the system set, re-exec more than
 * choose-once-then-fall-back-once, print anything before the process is settled, or use
 * SDL / GL. (Note: app/core has its own strings.h, so no <strings.h> here.) */
#include "blas_kernel.h"

#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define BLAS_KERNEL_X86 1
#endif

/* ---- the pure part ---- */

int blas_kernel_name_cmp(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 'a' - 'A';
        if (y >= 'A' && y <= 'Z') y += 'a' - 'A';
        if (x != y || x == 0) return x - y;
    }
}

/* Every kernel name OpenBLAS 0.3.21's DYNAMIC_ARCH build answers to (its corename
 * table, as `strings -n 3 libopenblasp-r0.3.21.so` shows it) and its level. The 32-bit
 * names run Prescott's kernels on x86-64. */
static const struct {
    const char *name;
    int level;
} kernel_levels[] = {
    {"Unknown", 0},      {"Katmai", 1},     {"Coppermine", 1},  {"Northwood", 1},  {"Prescott", 1}, {"Banias", 1},
    {"Atom", 1},         {"Core2", 1},      {"Penryn", 1},      {"Dunnington", 1}, {"Athlon", 1},   {"Opteron", 1},
    {"Opteron_SSE3", 1}, {"Barcelona", 1},  {"Nano", 1},        {"Bobcat", 1},     {"Nehalem", 2},  {"Sandybridge", 3},
    {"Bulldozer", 3},    {"Piledriver", 3}, {"Steamroller", 3}, {"Excavator", 3},  {"Haswell", 4},  {"Zen", 4},
    {"SkylakeX", 5},     {"Cooperlake", 5},
};

int blas_kernel_level(const char *name) {
    if (!name) return -1;
    for (size_t i = 0; i < sizeof kernel_levels / sizeof kernel_levels[0]; i++)
        if (blas_kernel_name_cmp(name, kernel_levels[i].name) == 0) return kernel_levels[i].level;
    return -1;
}

const char *blas_kernel_pick(const BlasCpuFeatures *f) {
    if (f->avx && f->avx2 && f->fma && f->avx512f && f->avx512bw && f->avx512vl && f->avx512dq && f->avx512cd)
        return f->avx512_bf16 ? "Cooperlake" : "SkylakeX"; /* same sgemm; Cooperlake adds bf16 */
    if (f->avx && f->avx2 && f->fma)
        return (f->vendor == BLAS_CPU_AMD || f->vendor == BLAS_CPU_HYGON) ? "Zen" : "Haswell";
    if (f->avx) return "Sandybridge"; /* plain AVX: no FMA4/FMA3 assumed */
    if (f->sse4_2 && f->ssse3) return "Nehalem";
    if (f->ssse3 && f->sse3) return "Core2";
    if (f->sse3 && f->sse2) return "Prescott";
    return NULL;
}

static void copy_name(char *dst, const char *src, size_t cap) {
    size_t n = 0;
    if (src)
        for (; src[n] && n + 1 < cap; n++) dst[n] = src[n];
    dst[n] = 0;
}

/* Splits "kind:a:b[:c]" into at most 4 fields of a name each; returns the count. */
static int split_stage(const char *s, char fields[4][32]) {
    int n = 0;
    size_t len = 0;
    memset(fields, 0, 4 * 32);
    for (; *s; s++) {
        if (*s == ':') {
            if (++n == 4) return 0;
            len = 0;
        } else if (len + 1 < 32) {
            fields[n][len++] = *s;
        } else {
            return 0; /* too long for a kernel name: not ours */
        }
    }
    return n + 1;
}

BlasPlan blas_kernel_plan(const char *env_coretype, const char *stage, const char *running, int dynamic,
                          const char *best) {
    BlasPlan p;
    memset(&p, 0, sizeof p);
    copy_name(p.kernel, running, sizeof p.kernel);
    char fld[4][32];
    int n = stage ? split_stage(stage, fld) : 0;
    if (n == 3 && strcmp(fld[0], "chosen") == 0 && env_coretype && strcmp(env_coretype, fld[1]) == 0) {
        copy_name(p.kernel, fld[1], sizeof p.kernel);
        copy_name(p.detected, fld[2], sizeof p.detected);
        if (!running || blas_kernel_name_cmp(running, fld[1]) != 0) {
            p.action = BLAS_PLAN_FALLBACK;
            p.why = BLAS_WHY_FALLBACK;
            copy_name(p.failure, "not-loaded", sizeof p.failure);
        } else {
            p.action = BLAS_PLAN_SELFCHECK;
            p.why = BLAS_WHY_CHOSEN;
        }
        return p;
    }
    if (n == 4 && strcmp(fld[0], "fallback") == 0 && !env_coretype) {
        p.action = BLAS_PLAN_RUN;
        p.why = BLAS_WHY_FALLBACK;
        copy_name(p.kernel, fld[1], sizeof p.kernel);
        copy_name(p.detected, fld[2], sizeof p.detected);
        copy_name(p.failure, fld[3], sizeof p.failure);
        return p;
    }
    /* no stage, or a stale one: a fresh start */
    p.action = BLAS_PLAN_RUN;
    if (env_coretype) {
        p.why = BLAS_WHY_ENV;
        return p;
    }
    if (!dynamic) {
        p.why = BLAS_WHY_STATIC;
        return p;
    }
    int have = blas_kernel_level(running);
    if (best && have >= 0 && have < blas_kernel_level(best)) {
        p.action = BLAS_PLAN_REEXEC;
        p.why = BLAS_WHY_CHOSEN;
        copy_name(p.kernel, best, sizeof p.kernel);
        copy_name(p.detected, running, sizeof p.detected);
        return p;
    }
    p.why = BLAS_WHY_OWN;
    return p;
}

void blas_kernel_stage_value(const BlasPlan *p, char *out, int cap) {
    if (p->action == BLAS_PLAN_FALLBACK)
        snprintf(out, (size_t)cap, "fallback:%s:%s:%s", p->kernel, p->detected, p->failure);
    else
        snprintf(out, (size_t)cap, "chosen:%s:%s", p->kernel, p->detected);
}

/* ---- the CPU ---- */

void blas_cpu_features(BlasCpuFeatures *out) {
    memset(out, 0, sizeof *out);
#ifdef BLAS_KERNEL_X86
    unsigned a, b, c, d, max = __get_cpuid_max(0, NULL);
    if (max < 1) return;
    char vendor[13];
    __cpuid(0, a, b, c, d);
    memcpy(vendor, &b, 4), memcpy(vendor + 4, &d, 4), memcpy(vendor + 8, &c, 4), vendor[12] = 0;
    out->vendor = !strcmp(vendor, "GenuineIntel")   ? BLAS_CPU_INTEL
                  : !strcmp(vendor, "AuthenticAMD") ? BLAS_CPU_AMD
                  : !strcmp(vendor, "HygonGenuine") ? BLAS_CPU_HYGON
                                                    : BLAS_CPU_OTHER;
    __cpuid(1, a, b, c, d);
    out->sse2 = (d >> 26) & 1;
    out->sse3 = c & 1;
    out->ssse3 = (c >> 9) & 1;
    out->sse4_1 = (c >> 19) & 1;
    out->sse4_2 = (c >> 20) & 1;
    unsigned xcr0 = 0;
    if ((c >> 27) & 1) { /* OSXSAVE: the OS says which register state it saves */
        unsigned lo, hi;
        __asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        xcr0 = lo;
    }
    int os_ymm = (xcr0 & 0x6) == 0x6, os_zmm = os_ymm && (xcr0 & 0xe0) == 0xe0;
    out->avx = os_ymm && ((c >> 28) & 1);
    out->fma = out->avx && ((c >> 12) & 1);
    if (max >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        unsigned sub = a;
        out->avx2 = out->avx && ((b >> 5) & 1);
        out->avx512f = os_zmm && ((b >> 16) & 1);
        out->avx512dq = os_zmm && ((b >> 17) & 1);
        out->avx512cd = os_zmm && ((b >> 28) & 1);
        out->avx512bw = os_zmm && ((b >> 30) & 1);
        out->avx512vl = os_zmm && ((b >> 31) & 1);
        out->amx_bf16 = (d >> 22) & 1;
        if (sub >= 1) {
            __cpuid_count(7, 1, a, b, c, d);
            out->avx512_bf16 = out->avx512f && ((a >> 5) & 1);
        }
    }
#endif
}

/* ---- the self-check ---- */

static sigjmp_buf selfcheck_jump;
static void selfcheck_sigill(int sig) {
    (void)sig;
    siglongjmp(selfcheck_jump, 1);
}

static float lcg_unit(unsigned *s) {
    *s = *s * 1664525u + 1013904223u;
    return (float)((*s >> 8) & 0xffff) / 32768.0f - 1.0f;
}

/* One row-major product C = alpha op(A) op(B) + beta C against a double loop. */
static int check_product(int ta, int tb, int m, int n, int k, float alpha, float beta, int inject) {
    size_t na = (size_t)m * (size_t)k, nb = (size_t)k * (size_t)n, nc = (size_t)m * (size_t)n;
    float *A = malloc(na * sizeof *A), *B = malloc(nb * sizeof *B), *C = malloc(nc * sizeof *C);
    double *R = malloc(nc * sizeof *R), *S = malloc(nc * sizeof *S);
    int ok = A && B && C && R && S;
    if (ok) {
        unsigned s = 12345u + (unsigned)(m * 7 + n * 3 + k + ta * 2 + tb);
        for (size_t i = 0; i < na; i++) A[i] = lcg_unit(&s);
        for (size_t i = 0; i < nb; i++) B[i] = lcg_unit(&s);
        for (size_t i = 0; i < nc; i++) C[i] = lcg_unit(&s);
        int lda = ta ? m : k, ldb = tb ? k : n;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double acc = 0, mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? A[(size_t)p * (size_t)lda + (size_t)i] : A[(size_t)i * (size_t)lda + (size_t)p];
                    double y = tb ? B[(size_t)j * (size_t)ldb + (size_t)p] : B[(size_t)p * (size_t)ldb + (size_t)j];
                    acc += x * y, mag += fabs(x * y);
                }
                double c0 = C[(size_t)i * (size_t)n + (size_t)j];
                R[(size_t)i * (size_t)n + (size_t)j] = alpha * acc + beta * c0;
                S[(size_t)i * (size_t)n + (size_t)j] = fabs(alpha) * mag + fabs(beta * c0);
            }
        cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, A,
                    lda, B, ldb, beta, C, n);
        if (inject) C[nc / 2] += 0.5f;
        for (size_t i = 0; i < nc && ok; i++) {
            double tol = 1e-4 * S[i] + 1e-6; /* above k * float epsilon of the magnitudes */
            if (!(fabs((double)C[i] - R[i]) <= tol)) ok = 0;
        }
    }
    free(A), free(B), free(C), free(R), free(S);
    return ok;
}

int blas_kernel_selfcheck(int inject_failure) {
    static const int sizes[][3] = {{37, 29, 53}, {100, 70, 200}};
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = selfcheck_sigill;
    sigemptyset(&sa.sa_mask);
    int threads = openblas_get_num_threads();
    openblas_set_num_threads(1); /* an illegal instruction then traps on this thread */
    sigaction(SIGILL, &sa, &old);
    volatile int ok = 1;
    if (sigsetjmp(selfcheck_jump, 1) == 0) {
        for (int s = 0; s < 2 && ok; s++)
            for (int t = 0; t < 4 && ok; t++)
                ok = check_product(t & 1, t >> 1, sizes[s][0], sizes[s][1], sizes[s][2], s ? -1.25f : 1.0f,
                                   s ? 0.5f : 0.0f, inject_failure && s == 1 && t == 3);
    } else {
        ok = 0; /* SIGILL: the kernel uses an instruction this CPU lacks */
    }
    sigaction(SIGILL, &old, NULL);
    openblas_set_num_threads(threads);
    return ok;
}

/* ---- start-up ---- */

static BlasPlan settled;
static int settled_set;
static char exec_error[96];
static char pretend[32];
static char env_value[64];

static int env_flag(const char *name) {
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static const char *failure_text(const BlasPlan *p) {
    return strcmp(p->failure, "self-check") == 0 ? "failed the self-check against a plain loop"
                                                 : "was not loaded by OpenBLAS";
}

/* Re-exec with the plan's environment; returns only when exec failed. */
static void reexec(const BlasPlan *p, char **argv) {
    char stage[128];
    blas_kernel_stage_value(p, stage, sizeof stage);
    setenv(BLAS_KERNEL_STAGE_VAR, stage, 1);
    if (p->action == BLAS_PLAN_REEXEC)
        setenv("OPENBLAS_CORETYPE", p->kernel, 1);
    else
        unsetenv("OPENBLAS_CORETYPE");
    fflush(NULL);
    execv("/proc/self/exe", argv);
    snprintf(exec_error, sizeof exec_error, "%s", strerror(errno));
}

void blas_kernel_startup(int argc, char **argv) {
    (void)argc;
    const char *env = getenv("OPENBLAS_CORETYPE");
    const char *stage = getenv(BLAS_KERNEL_STAGE_VAR);
    const char *running = openblas_get_corename();
    const char *config = openblas_get_config();
    int dynamic = config && strstr(config, "DYNAMIC_ARCH") != NULL;
    const char *fake = getenv("VAE_KERNEL_TEST_DETECTED"), *fake_pick = getenv("VAE_KERNEL_TEST_PICK");
    if (fake && *fake) copy_name(pretend, fake, sizeof pretend);
    if (env) copy_name(env_value, env, sizeof env_value);
    BlasCpuFeatures f;
    blas_cpu_features(&f);
    const char *best = (fake_pick && *fake_pick) ? fake_pick : blas_kernel_pick(&f);
    BlasPlan p = blas_kernel_plan(env, stage, running, dynamic, best);
    /* on a fresh start (no stage, or a stale one) the test may pretend a weak detection */
    if (!env && pretend[0] && (p.action == BLAS_PLAN_REEXEC || p.why == BLAS_WHY_OWN))
        p = blas_kernel_plan(NULL, NULL, pretend, dynamic, best);
    if (p.action == BLAS_PLAN_REEXEC) {
        reexec(&p, argv);
        p.action = BLAS_PLAN_RUN, p.why = BLAS_WHY_EXEC_FAILED; /* exec failed: run as loaded */
    } else if (p.action == BLAS_PLAN_SELFCHECK) {
        if (blas_kernel_selfcheck(env_flag("VAE_KERNEL_SELFTEST_FAIL"))) {
            p.action = BLAS_PLAN_RUN;
        } else {
            p.action = BLAS_PLAN_FALLBACK;
            p.why = BLAS_WHY_FALLBACK;
            copy_name(p.failure, "self-check", sizeof p.failure);
        }
    }
    if (p.action == BLAS_PLAN_FALLBACK) {
        reexec(&p, argv);
        /* exec failed: still on the chosen kernel, which failed; nothing better is loaded */
        p.action = BLAS_PLAN_RUN, p.why = BLAS_WHY_EXEC_FAILED;
        fprintf(stderr,
                "vae-explorer: warning: OpenBLAS kernel %s %s, and restarting without it failed (%s): "
                "results may be wrong; set OPENBLAS_CORETYPE\n",
                p.kernel, failure_text(&p), exec_error);
    }
    /* Settled: the process's environment goes back to what the user had, so any child
     * process decides for itself (OpenBLAS read the variable at load already). A value
     * that is still set here, other than the user's, is this program's own. */
    unsetenv(BLAS_KERNEL_STAGE_VAR);
    if (p.why != BLAS_WHY_ENV) unsetenv("OPENBLAS_CORETYPE");
    settled = p;
    settled_set = 1;
}

const BlasPlan *blas_kernel_settled(void) { return settled_set ? &settled : NULL; }

const char *blas_kernel_describe(void) {
    static char line[320];
    const char *config = openblas_get_config(), *running = openblas_get_corename();
    char lib[64] = "OpenBLAS";
    if (config) { /* "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ...": the first two words */
        size_t n = 0;
        int spaces = 0;
        for (; config[n] && n + 1 < sizeof lib; n++) {
            if (config[n] == ' ' && ++spaces == 2) break;
            lib[n] = config[n];
        }
        lib[n] = 0;
    }
    char why[224];
    BlasPlan p = settled;
    if (!settled_set) {
        snprintf(why, sizeof why, "as loaded");
    } else {
        switch (p.why) {
        case BLAS_WHY_ENV:
            if (blas_kernel_name_cmp(env_value, running) == 0)
                snprintf(why, sizeof why, "OPENBLAS_CORETYPE=%s set in the environment", env_value);
            else
                snprintf(why, sizeof why, "OPENBLAS_CORETYPE=%s set in the environment; OpenBLAS did not take it as is",
                         env_value);
            break;
        case BLAS_WHY_STATIC:
            snprintf(why, sizeof why, "this OpenBLAS is not a DYNAMIC_ARCH build: its one kernel");
            break;
        case BLAS_WHY_CHOSEN:
            snprintf(why, sizeof why, "chosen: OpenBLAS's own detection gave %s on this CPU", p.detected);
            break;
        case BLAS_WHY_FALLBACK:
            snprintf(why, sizeof why, "OpenBLAS's own detection: the chosen %s %s", p.kernel, failure_text(&p));
            break;
        case BLAS_WHY_EXEC_FAILED:
            if (p.failure[0])
                snprintf(why, sizeof why, "the chosen %s %s, and restarting without it failed: %s", p.kernel,
                         failure_text(&p), exec_error);
            else
                snprintf(why, sizeof why, "OpenBLAS's own detection: restarting with %s failed: %s", p.kernel,
                         exec_error);
            break;
        case BLAS_WHY_OWN:
        default:
            snprintf(why, sizeof why, "OpenBLAS's own detection");
            break;
        }
        const char *fake_pick = getenv("VAE_KERNEL_TEST_PICK");
        if ((pretend[0] || (fake_pick && *fake_pick)) && p.why != BLAS_WHY_ENV && p.why != BLAS_WHY_STATIC) {
            size_t n = strlen(why);
            snprintf(why + n, sizeof why - n, "; test: VAE_KERNEL_TEST_DETECTED=%s VAE_KERNEL_TEST_PICK=%s",
                     pretend[0] ? pretend : "-", (fake_pick && *fake_pick) ? fake_pick : "-");
        }
    }
    snprintf(line, sizeof line, "%s, kernel %s (%s)", lib, running ? running : "unknown", why);
    return line;
}
