/* test_kernel_choose.c - the OpenBLAS kernel choice on made-up CPUs: features -> kernel
 * (Emerald Rapids, Skylake-X, Zen 4 / Zen 5 with AVX-512, Zen 3 with AVX2 only, an
 * AVX-512 CPU whose OS does not save the ZMM registers, SSE-only, an unknown vendor),
 * the start-up plan (an explicit OPENBLAS_CORETYPE is kept, a stale stage is ignored,
 * at most one choice and one fall-back), and the self-check on the kernel this process
 * loaded (it passes, and an injected corruption fails it). Must not: time anything. */
#include <stdio.h>
#include <string.h>

#include "blas_kernel.h"
#include "testutil.h"

static BlasCpuFeatures sse_only(BlasCpuVendor v) {
    BlasCpuFeatures f;
    memset(&f, 0, sizeof f);
    f.vendor = v;
    f.sse2 = f.sse3 = 1;
    return f;
}

static BlasCpuFeatures avx2_cpu(BlasCpuVendor v) {
    BlasCpuFeatures f = sse_only(v);
    f.ssse3 = f.sse4_1 = f.sse4_2 = 1;
    f.avx = f.avx2 = f.fma = 1;
    return f;
}

static BlasCpuFeatures avx512_cpu(BlasCpuVendor v, int bf16) {
    BlasCpuFeatures f = avx2_cpu(v);
    f.avx512f = f.avx512bw = f.avx512vl = f.avx512dq = f.avx512cd = 1;
    f.avx512_bf16 = bf16 ? 1 : 0;
    return f;
}

static void expect_pick(const char *what, BlasCpuFeatures f, const char *want) {
    const char *got = blas_kernel_pick(&f);
    if (!want)
        CHECK(got == NULL, "%s: picked %s, wanted none", what, got);
    else
        CHECK(got && strcmp(got, want) == 0, "%s: picked %s, wanted %s", what, got ? got : "none", want);
    /* whatever is picked is a name this OpenBLAS build has, at the CPU's level */
    if (got) CHECK(blas_kernel_level(got) > 0, "%s: %s has no level", what, got);
}

static void test_pick(void) {
    /* Emerald Rapids (family 6 model 207): AVX-512 with BF16, AMX; 0.3.21 has no AMX kernel */
    BlasCpuFeatures emr = avx512_cpu(BLAS_CPU_INTEL, 1);
    emr.amx_bf16 = 1;
    expect_pick("Emerald Rapids", emr, "Cooperlake");
    expect_pick("Skylake-X", avx512_cpu(BLAS_CPU_INTEL, 0), "SkylakeX");
    expect_pick("Zen 4", avx512_cpu(BLAS_CPU_AMD, 1), "Cooperlake");
    expect_pick("Zen 5", avx512_cpu(BLAS_CPU_AMD, 1), "Cooperlake");
    expect_pick("Zen 3", avx2_cpu(BLAS_CPU_AMD), "Zen");
    expect_pick("Hygon Dhyana", avx2_cpu(BLAS_CPU_HYGON), "Zen");
    expect_pick("Haswell", avx2_cpu(BLAS_CPU_INTEL), "Haswell");
    expect_pick("unknown vendor, AVX2", avx2_cpu(BLAS_CPU_OTHER), "Haswell");
    expect_pick("unknown vendor, AVX-512", avx512_cpu(BLAS_CPU_OTHER, 0), "SkylakeX");

    /* Zen 4 under an OS that does not save ZMM: the probe leaves the avx512 flags off */
    BlasCpuFeatures no_zmm = avx2_cpu(BLAS_CPU_AMD);
    expect_pick("Zen 4, OS without AVX-512 state", no_zmm, "Zen");
    /* Knights Landing-like: AVX-512F and CD without BW/VL/DQ is not SkylakeX */
    BlasCpuFeatures knl = avx2_cpu(BLAS_CPU_INTEL);
    knl.avx512f = knl.avx512cd = 1;
    expect_pick("AVX-512F without BW/VL/DQ", knl, "Haswell");
    /* AVX2 without FMA is not Haswell */
    BlasCpuFeatures nofma = avx2_cpu(BLAS_CPU_INTEL);
    nofma.fma = 0;
    expect_pick("AVX2 without FMA", nofma, "Sandybridge");
    BlasCpuFeatures sandy = sse_only(BLAS_CPU_INTEL);
    sandy.ssse3 = sandy.sse4_1 = sandy.sse4_2 = sandy.avx = 1;
    expect_pick("Sandy Bridge", sandy, "Sandybridge");
    BlasCpuFeatures nehalem = sse_only(BLAS_CPU_INTEL);
    nehalem.ssse3 = nehalem.sse4_1 = nehalem.sse4_2 = 1;
    expect_pick("Nehalem", nehalem, "Nehalem");
    BlasCpuFeatures core2 = sse_only(BLAS_CPU_INTEL);
    core2.ssse3 = 1;
    expect_pick("Core 2", core2, "Core2");
    expect_pick("SSE-only, Intel", sse_only(BLAS_CPU_INTEL), "Prescott");
    expect_pick("SSE-only, unknown vendor", sse_only(BLAS_CPU_OTHER), "Prescott");
    BlasCpuFeatures none;
    memset(&none, 0, sizeof none);
    expect_pick("no SSE3", none, NULL);
}

static void test_levels(void) {
    CHECK(blas_kernel_level("Prescott") == 1, "Prescott");
    CHECK(blas_kernel_level("prescott") == 1, "names compare case-insensitively, as OpenBLAS does");
    CHECK(blas_kernel_level("SKYLAKEX") == 5, "SKYLAKEX");
    CHECK(blas_kernel_level("Cooperlake") == blas_kernel_level("SkylakeX"), "same sgemm kernels");
    CHECK(blas_kernel_level("Zen") == blas_kernel_level("Haswell"), "Zen = Haswell level");
    CHECK(blas_kernel_level("Haswell") > blas_kernel_level("Sandybridge"), "AVX2 above AVX");
    CHECK(blas_kernel_level("Sandybridge") > blas_kernel_level("Nehalem"), "AVX above SSE4.2");
    CHECK(blas_kernel_level("Nehalem") > blas_kernel_level("Core2"), "SSE4.2 above SSSE3");
    CHECK(blas_kernel_level("Unknown") == 0, "Unknown is below everything");
    CHECK(blas_kernel_level("SapphireRapids") == -1, "a name 0.3.21 lacks is not known");
    CHECK(blas_kernel_level("") == -1 && blas_kernel_level(NULL) == -1, "empty");
    CHECK(blas_kernel_name_cmp("Zen", "ZEN") == 0 && blas_kernel_name_cmp("Zen", "Zen2") != 0, "name_cmp");
}

static BlasPlan plan(const char *env, const char *stage, const char *running, BlasCpuFeatures f) {
    return blas_kernel_plan(env, stage, running, 1, blas_kernel_pick(&f));
}

static void test_plan(void) {
    BlasCpuFeatures emr = avx512_cpu(BLAS_CPU_INTEL, 1), zen3 = avx2_cpu(BLAS_CPU_AMD);
    char stage[128];

    /* the machine: unset, OpenBLAS detected Prescott -> choose Cooperlake */
    BlasPlan p = plan(NULL, NULL, "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_REEXEC && strcmp(p.kernel, "Cooperlake") == 0 && strcmp(p.detected, "Prescott") == 0,
          "Prescott on Emerald Rapids: action %d kernel %s", p.action, p.kernel);
    blas_kernel_stage_value(&p, stage, sizeof stage);
    CHECK(strcmp(stage, "chosen:Cooperlake:Prescott") == 0, "stage %s", stage);
    /* the re-exec'd process: the stage and the variable it set match, the kernel loaded */
    p = plan("Cooperlake", stage, "Cooperlake", emr);
    CHECK(p.action == BLAS_PLAN_SELFCHECK && p.why == BLAS_WHY_CHOSEN, "after re-exec: action %d", p.action);
    /* ... but OpenBLAS did not load it: fall back */
    p = plan("Cooperlake", stage, "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_FALLBACK && strcmp(p.failure, "not-loaded") == 0, "not loaded: action %d", p.action);
    /* a failed self-check, handed on: the next process runs, whatever it detects */
    p.action = BLAS_PLAN_FALLBACK;
    strcpy(p.failure, "self-check");
    blas_kernel_stage_value(&p, stage, sizeof stage);
    CHECK(strcmp(stage, "fallback:Cooperlake:Prescott:self-check") == 0, "stage %s", stage);
    p = plan(NULL, stage, "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_FALLBACK && strcmp(p.kernel, "Cooperlake") == 0 &&
              strcmp(p.failure, "self-check") == 0,
          "after fall-back: action %d why %d (never a third exec)", p.action, p.why);

    /* a value the user or the system set is kept, also when it is weak */
    p = plan("Prescott", NULL, "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_ENV, "explicit Prescott kept: action %d", p.action);
    p = plan("", NULL, "Cooperlake", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_ENV, "explicit empty value kept");
    /* stale stages: not matching the environment, they are ignored */
    p = plan("Haswell", "chosen:Cooperlake:Prescott", "Haswell", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_ENV, "stale chosen stage with the user's value: kept");
    p = plan("Haswell", "fallback:Cooperlake:Prescott:self-check", "Haswell", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_ENV, "stale fallback stage with the user's value: kept");
    p = plan(NULL, "chosen:Cooperlake:Prescott", "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_REEXEC, "chosen stage without the variable is stale: a fresh start");
    p = plan(NULL, "garbage::::::", "Prescott", emr);
    CHECK(p.action == BLAS_PLAN_REEXEC, "malformed stage is ignored");

    /* nothing better to choose */
    p = plan(NULL, NULL, "Cooperlake", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_OWN, "Cooperlake detected: kept");
    p = plan(NULL, NULL, "SkylakeX", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_OWN, "SkylakeX has the same sgemm: kept");
    p = plan(NULL, NULL, "Haswell", zen3);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_OWN, "Haswell on Zen 3 is the Zen level: kept");
    p = plan(NULL, NULL, "Prescott", zen3);
    CHECK(p.action == BLAS_PLAN_REEXEC && strcmp(p.kernel, "Zen") == 0, "Prescott on Zen 3 -> Zen");
    p = plan(NULL, NULL, "Haswell", emr);
    CHECK(p.action == BLAS_PLAN_REEXEC && strcmp(p.kernel, "Cooperlake") == 0, "Haswell on Emerald Rapids -> AVX-512");
    p = plan(NULL, NULL, "SapphireRapids", emr);
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_OWN, "a newer OpenBLAS's own name is trusted");
    p = plan(NULL, NULL, "Unknown", sse_only(BLAS_CPU_OTHER));
    CHECK(p.action == BLAS_PLAN_REEXEC && strcmp(p.kernel, "Prescott") == 0, "Unknown -> Prescott");
    BlasCpuFeatures none;
    memset(&none, 0, sizeof none);
    p = plan(NULL, NULL, "Unknown", none);
    CHECK(p.action == BLAS_PLAN_RUN, "no SSE3: nothing to choose");
    p = blas_kernel_plan(NULL, NULL, "Prescott", 0, blas_kernel_pick(&emr));
    CHECK(p.action == BLAS_PLAN_RUN && p.why == BLAS_WHY_STATIC, "not DYNAMIC_ARCH: cannot choose");
}

static void test_real_cpu(void) {
    BlasCpuFeatures f;
    blas_cpu_features(&f);
    /* the probe is consistent with itself: the OS-state gating keeps the ladder */
    CHECK(!f.avx2 || f.avx, "AVX2 implies AVX");
    CHECK(!f.avx512f || f.avx, "AVX-512 implies AVX");
    CHECK(!f.avx512_bf16 || f.avx512f, "BF16 implies AVX-512F");
#if defined(__x86_64__)
    CHECK(f.sse2, "every x86-64 CPU has SSE2");
    CHECK(blas_kernel_pick(&f) != NULL, "an x86-64 CPU with SSE3 gets a pick");
#endif
    /* the self-check on the kernel this process runs, and the injected corruption */
    CHECK(blas_kernel_selfcheck(0) == 1, "the loaded kernel passes the self-check");
    CHECK(blas_kernel_selfcheck(1) == 0, "an injected corruption fails the self-check");
}

int main(void) {
    test_pick();
    test_levels();
    test_plan();
    test_real_cpu();
    return test_finish("test_kernel_choose");
}
