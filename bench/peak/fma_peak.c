/*
 * Single-core FMA peak of this machine, the denominator of "% of peak" in BENCHMARKS.md.
 * Independent chains of packed single-precision FMAs at the widest width the compiler targets
 * with -march=native (AVX-512 or AVX2); enough chains to cover FMA latency times throughput.
 * Prints the best of several timed runs in GFLOP/s.
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define CHAINS 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#define WIDTH "AVX-512"
#else
typedef __m256 vec;
#define LANES 8
#define CHAINS 12
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#define WIDTH "AVX2"
#endif

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    const long iterations = 100000000L;
    double best = 0;
    float sink = 0;
    for (int run = 0; run < 7; run++) {
        vec acc[CHAINS];
        for (int c = 0; c < CHAINS; c++) acc[c] = SET1(1.0f + c * 1e-3f);
        vec x = SET1(0.999999f), y = SET1(1e-7f);
        double t0 = now();
        for (long i = 0; i < iterations / CHAINS; i++) {
#pragma GCC unroll 16
            for (int c = 0; c < CHAINS; c++) acc[c] = FMA(acc[c], x, y);
        }
        double seconds = now() - t0;
        vec total = acc[0];
        for (int c = 1; c < CHAINS; c++) total = ADD(total, acc[c]);
        float out[LANES];
        STORE(out, total);
        sink += out[0];
        double gflops = (double) (iterations / CHAINS) * CHAINS * LANES * 2 / seconds / 1e9;
        if (gflops > best) best = gflops;
    }
    printf("fma peak: %s, %d lanes, %d chains, best of 7: %.1f GFLOP/s single core (checksum %g)\n",
           WIDTH, LANES, CHAINS, best, sink);
    return 0;
}
