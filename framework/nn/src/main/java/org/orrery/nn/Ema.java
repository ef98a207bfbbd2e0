package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.ArrayList;
import java.util.List;

/** Exponential moving average of a network's weights: ema ← d·ema + (1 − d)·w after each step. */
public final class Ema {

    private final List<NDArray> w = new ArrayList<>();
    private final List<NDArray> avg = new ArrayList<>();
    private final Params params;
    private final float decay;

    public Ema(Params params, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
        }
        this.params = params;
        this.decay = (float) decay;
        for (NDArray p : params.all().values()) {
            w.add(p);
            NDArray a = p.stopGradient().duplicate();
            avg.add(a);
        }
    }

    public void update() {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < w.size(); i++) {
                avg.get(i).muli(decay).addi(w.get(i).stopGradient().mul(1 - decay));
            }
        }
    }

    /** The averaged weights under the parameters' names. */
    public List<NamedArray> export() {
        List<NamedArray> out = new ArrayList<>();
        int i = 0;
        for (String name : params.all().keySet()) {
            NDArray a = avg.get(i++);
            out.add(new NamedArray(name, a.getShape().getShape(), Params.floats(a)));
        }
        return out;
    }

    /** Copies the averaged weights into the network. */
    public void copyToParams() {
        params.load(export());
    }
}
