package org.orrery.imaging.uvfits;

/** A UVFITS file that cannot be read; the message is one line naming the file and the cause. */
public final class UvfitsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UvfitsException(String message) {
        super(message);
    }
}
