/**
 * The small numerical pieces that every hand-written trainer shares: {@link org.orrery.training.Adam}
 * (PyTorch's and scikit-learn's ε conventions, masks, state for checkpoints) and
 * {@link org.orrery.training.ZScore} (per-column standardisation fitted on training rows). Used by
 * the MAF/NSF trainer and by the C2ST classifier; the libtorch networks of {@code org.orrery.nn} have
 * their own tensor-side AdamW.
 */
@Export
@Version("1.0.0")
package org.orrery.training;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
