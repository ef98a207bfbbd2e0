/* A per-call simulator in C: a noisy line at five times, written as x.npy through orrery_sim.h. */
#include "orrery_sim.h"

int main(int argc, char **argv) {
    /* argv[1] is the {index} placeholder: the environment must agree with it */
    if (argc > 1 && orrery_index() != atoll(argv[1])) orrery_fail("ORRERY_INDEX disagrees with {index}");
    double theta[2];
    orrery_theta(theta, 2);
    orrery_rng rng = orrery_rng_seed(orrery_seed());
    double x[2];
    for (int k = 0; k < 2; k++) x[k] = theta[k] + 0.1 * orrery_normal(&rng);
    if (theta[0] > 0.9) orrery_fail("a above 0.9 is not tabulated");
    long shape[1] = {2};
    orrery_write_npy("x", x, 1, shape);
    return 0;
}
