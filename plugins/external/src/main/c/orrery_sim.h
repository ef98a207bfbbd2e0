/*
 * orrery_sim.h - helpers for C and C++ simulators run by Orrery in `mode: per-call` (header only).
 *
 *   #include "orrery_sim.h"
 *   int main(void) {
 *       double theta[2];
 *       orrery_theta(theta, 2);                      // from $ORRERY_THETA; exits with a message if wrong
 *       orrery_rng rng = orrery_rng_seed(orrery_seed()); // Orrery's per-simulation seed
 *       long long i = orrery_index();                // this simulation's index in the campaign
 *       double x[10];
 *       for (int k = 0; k < 10; k++) x[k] = theta[0] * k / 9.0 + theta[1] + 0.1 * orrery_normal(&rng);
 *       long shape[1] = {10};
 *       orrery_write_npy("x", x, 1, shape);          // $ORRERY_OUTPUT_DIR/x.npy, float64
 *       return 0;
 *   }
 *
 * Manifest: command: [./my_sim], mode: per-call. The generator is xoshiro256++ seeded by
 * SplitMix64, so a bank is reproducible for a campaign seed. See docs/external-simulators.md.
 */
#ifndef ORRERY_SIM_H
#define ORRERY_SIM_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints a one-line reason to stderr (Orrery keeps it in the failure record) and exits 1. */
static void orrery_fail(const char *what) {
    fprintf(stderr, "%s\n", what);
    exit(1);
}

/* Reads exactly n parameters from $ORRERY_THETA into theta; fails otherwise. */
static void orrery_theta(double *theta, int n) {
    const char *s = getenv("ORRERY_THETA");
    if (s == NULL) orrery_fail("ORRERY_THETA is not set: run this program through Orrery (mode: per-call)");
    char *end;
    for (int i = 0; i < n; i++) {
        theta[i] = strtod(s, &end);
        if (end == s) orrery_fail("ORRERY_THETA holds fewer parameters than the program expects");
        s = end;
    }
    while (*s == ' ') s++;
    if (*s != '\0') orrery_fail("ORRERY_THETA holds more parameters than the program expects");
}

/* The simulation's 64-bit seed, from $ORRERY_SEED. */
static uint64_t orrery_seed(void) {
    const char *s = getenv("ORRERY_SEED");
    if (s == NULL) orrery_fail("ORRERY_SEED is not set: run this program through Orrery (mode: per-call)");
    return (uint64_t) strtoull(s, NULL, 10);
}

/* The simulation's index in the campaign (the bank's /index value), from $ORRERY_INDEX. */
static long long orrery_index(void) {
    const char *s = getenv("ORRERY_INDEX");
    if (s == NULL) orrery_fail("ORRERY_INDEX is not set: run this program through Orrery (mode: per-call)");
    return strtoll(s, NULL, 10);
}

/* xoshiro256++ (Blackman & Vigna), state filled by SplitMix64 from the seed. */
typedef struct { uint64_t s[4]; } orrery_rng;

static uint64_t orrery__splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static orrery_rng orrery_rng_seed(uint64_t seed) {
    orrery_rng r;
    for (int i = 0; i < 4; i++) r.s[i] = orrery__splitmix64(&seed);
    return r;
}

static uint64_t orrery_next(orrery_rng *r) {
    uint64_t *s = r->s;
    uint64_t t0 = s[0] + s[3];
    uint64_t result = ((t0 << 23) | (t0 >> 41)) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return result;
}

/* Uniform on [0, 1). */
static double orrery_uniform(orrery_rng *r) {
    return (double) (orrery_next(r) >> 11) * 0x1.0p-53;
}

/* Standard normal (Box-Muller; one of the pair is discarded to keep the state simple). */
static double orrery_normal(orrery_rng *r) {
    double u1 = orrery_uniform(r), u2 = orrery_uniform(r);
    return sqrt(-2.0 * log1p(-u1)) * cos(6.283185307179586 * u2);
}

/* Writes data (C order, float64) as $ORRERY_OUTPUT_DIR/<name>.npy; fails on an I/O error. */
static void orrery_write_npy(const char *name, const double *data, int ndim, const long *shape) {
    const char *dir = getenv("ORRERY_OUTPUT_DIR");
    if (dir == NULL) orrery_fail("ORRERY_OUTPUT_DIR is not set: run this program through Orrery");
    char path[4096], dims[512] = "", header[640];
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    long n = 1;
    for (int i = 0; i < ndim; i++) {
        char d[32];
        snprintf(d, sizeof d, ndim == 1 ? "%ld," : (i ? " %ld" : "%ld"), shape[i]);
        if (ndim > 1 && i < ndim - 1) strncat(d, ",", sizeof d - strlen(d) - 1);
        strncat(dims, d, sizeof dims - strlen(dims) - 1);
        n *= shape[i];
    }
    int len = snprintf(header, sizeof header, "{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", dims);
    int pad = 64 - (10 + len + 1) % 64;
    if (pad == 64) pad = 0;
    FILE *f = fopen(path, "wb");
    if (f == NULL) orrery_fail("cannot open the output file in ORRERY_OUTPUT_DIR");
    unsigned short hl = (unsigned short) (len + pad + 1);
    unsigned char pre[10] = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (unsigned char) (hl & 0xff), (unsigned char) (hl >> 8)};
    int ok = fwrite(pre, 1, 10, f) == 10 && fwrite(header, 1, (size_t) len, f) == (size_t) len;
    for (int i = 0; ok && i < pad; i++) ok = fputc(' ', f) != EOF;
    ok = ok && fputc('\n', f) != EOF;
    /* the .npy says little-endian: write the bytes so on any host */
    for (long i = 0; ok && i < n; i++) {
        uint64_t bits;
        memcpy(&bits, &data[i], 8);
        for (int b = 0; b < 8 && ok; b++) ok = fputc((int) ((bits >> (8 * b)) & 0xff), f) != EOF;
    }
    if (fclose(f) != 0 || !ok) orrery_fail("cannot write the output file in ORRERY_OUTPUT_DIR");
}

#endif
