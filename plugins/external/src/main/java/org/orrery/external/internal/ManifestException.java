package org.orrery.external.internal;

/** A manifest that cannot be used; the message names the file, the line and the field. */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public ManifestException(String message) {
        super(message);
    }
}
