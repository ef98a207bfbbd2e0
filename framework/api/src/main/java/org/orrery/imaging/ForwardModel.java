package org.orrery.imaging;

/**
 * The linear map from an image to model visibilities at the observed (u, v), and its adjoint.
 * Implementations are thread-safe: several chains may call them at once.
 */
public interface ForwardModel {

    ImageGrid grid();

    /** Number of (u, v) points. */
    int count();

    /** Model visibilities of {@code image} (Jy per pixel), written into {@code re} and {@code im}. */
    void apply(double[] image, double[] re, double[] im);

    /**
     * The adjoint for real images: {@code out[p] = Re(sum_k conj(A[k][p]) (gRe[k] + i gIm[k]))}, i.e.
     * the gradient with respect to the image of a function whose gradients with respect to the
     * real and imaginary parts of the model visibilities are {@code gRe} and {@code gIm}.
     */
    void adjoint(double[] gRe, double[] gIm, double[] out);
}
