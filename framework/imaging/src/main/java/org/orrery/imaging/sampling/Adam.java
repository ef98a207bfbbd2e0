package org.orrery.imaging.sampling;

/** Adam on the posterior energy, to start chains near the mode. */
final class Adam {

    private Adam() {
    }

    static void minimise(Posterior post, double[] z, int steps) {
        int n = z.length;
        double[] g = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        double lr = post.log ? 0.05 : 0;
        if (!post.log) {
            // a scale for linear pixels: a fraction of the typical pixel value
            double s = 0;
            for (double x : z) {
                s += Math.abs(x);
            }
            lr = 0.05 * Math.max(s / n, 1e-6);
        }
        double b1 = 0.9;
        double b2 = 0.999;
        for (int t = 1; t <= steps; t++) {
            double u = post.energy(z, g);
            if (!Double.isFinite(u)) {
                throw new IllegalStateException("the posterior energy became non-finite while locating the mode (step " + t + ")");
            }
            double rate = lr * (t < steps / 2 ? 1 : 0.2);
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(b1, t));
                double vh = v[i] / (1 - Math.pow(b2, t));
                z[i] -= rate * mh / (Math.sqrt(vh) + 1e-12);
            }
        }
    }
}
