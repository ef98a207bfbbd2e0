package org.orrery.posteriors.interpolant.internal;

/**
 * The stochastic interpolant x_t = α(t)·x₀ + β(t)·x₁ + σ(t)·√t·z of Chen et al. (2024), α = 1 − t,
 * β = t² (or t), σ(t) = σ₀(1 − t); its drift b(x_t, t | x₀) = E[α̇x₀ + β̇x₁ + σ̇√t·z | x_t, x₀], and the
 * denoiser E[z | x_t, x₀] recovered from b (both follow from the interpolant identity taken in
 * conditional expectation), which gives the score s = −E[z]/(σ√t) for samplers with another diffusion.
 * With σ₀ = 0, x₀ Gaussian noise and β = t it is the flow-matching path of FMPE.
 */
record Schedule(boolean quadratic, double sigma0) {

    Schedule {
        if (!(sigma0 >= 0) || Double.isInfinite(sigma0)) {
            throw new IllegalArgumentException("sigma0 must be >= 0 and finite, got " + sigma0);
        }
    }

    double alpha(double t) {
        return 1 - t;
    }

    double alphaDot(double t) {
        return -1;
    }

    double beta(double t) {
        return quadratic ? t * t : t;
    }

    double betaDot(double t) {
        return quadratic ? 2 * t : 1;
    }

    double sigma(double t) {
        return sigma0 * (1 - t);
    }

    double sigmaDot(double t) {
        return -sigma0;
    }

    /** The noise amplitude σ(t)·√t of x_t. */
    double noise(double t) {
        return sigma(t) * Math.sqrt(t);
    }

    /** The regression target α̇x₀ + β̇x₁ + σ̇√t·z. */
    double target(double t, double x0, double x1, double z) {
        return alphaDot(t) * x0 + betaDot(t) * x1 + sigmaDot(t) * Math.sqrt(t) * z;
    }

    /** x_t. */
    double point(double t, double x0, double x1, double z) {
        return alpha(t) * x0 + beta(t) * x1 + noise(t) * z;
    }

    /**
     * E[z | x_t = x, x₀] from the drift b: x = αx₀ + βE[x₁] + σ√t·E[z] and b = α̇x₀ + β̇E[x₁] + σ̇√t·E[z]
     * give E[z] = (b − α̇x₀ − (β̇/β)(x − αx₀)) / (√t·(σ̇ − β̇σ/β)); defined for 0 < t and σ₀ > 0.
     */
    double denoise(double t, double x, double x0, double b) {
        double r = betaDot(t) / beta(t);
        return (b - alphaDot(t) * x0 - r * (x - alpha(t) * x0)) / (Math.sqrt(t) * (sigmaDot(t) - r * sigma(t)));
    }

    /**
     * The drift of dX = [b + ½(g² − σ²)·s] dt + g dW with g = γσ(t) and s = −E[z]/(σ√t): every γ ≥ 0
     * has the interpolant's marginals (γ = 1 is the SDE of the regression, γ = 0 the probability-flow
     * ODE). At t = 0 (β = 0) only γ = 1 is defined.
     */
    double drift(double t, double x, double x0, double b, double gamma) {
        if (gamma == 1 || sigma0 == 0) {
            return b;
        }
        if (t <= 0) {
            throw new IllegalArgumentException("only the γ = 1 drift is defined at t = 0");
        }
        double ez = denoise(t, x, x0, b);
        return b - 0.5 * sigma(t) * (gamma * gamma - 1) * ez / Math.sqrt(t);
    }
}
