package org.orrery.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The named, trainable parameters of one network, in creation order. Initial values are drawn in
 * Java from a seeded {@link SplittableRandom} so that a network is the same whatever the runtime or
 * thread count. Saved as named float arrays with shapes (never Java serialisation).
 */
public final class Params {

    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final NDManager manager;
    private final SplittableRandom rng;
    private final DataType type;

    /** float32 parameters drawn from {@code seed}. */
    public Params(long seed) {
        this(seed, DataType.FLOAT32);
    }

    /** Parameters of the given type (float64 serves the finite-difference gradient checks). */
    public Params(long seed, DataType type) {
        this.manager = Nn.manager().newSubManager();
        this.rng = new SplittableRandom(seed);
        this.type = type;
    }

    public DataType dataType() {
        return type;
    }

    public NDManager manager() {
        return manager;
    }

    /** A new parameter U(-bound, bound), as torch's default for conv and linear layers (bound = 1/√fan_in). */
    public NDArray uniform(String name, double bound, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return add(name, v, shape);
    }

    public NDArray constant(String name, float value, long... shape) {
        float[] v = new float[Math.toIntExact(new Shape(shape).size())];
        Arrays.fill(v, value);
        return add(name, v, shape);
    }

    private NDArray add(String name, float[] v, long... shape) {
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("duplicate parameter name " + name);
        }
        NDArray a = Nn.create(manager, v, new Shape(shape));
        if (type != DataType.FLOAT32) {
            NDArray c = a.toType(type, true);
            a.close();
            a = c;
        }
        a.setRequiresGradient(true);
        params.put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public Map<String, NDArray> all() {
        return Collections.unmodifiableMap(params);
    }

    public long count() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.size();
        }
        return n;
    }

    /** Copies of all values, in creation order. */
    public List<NamedArray> export() {
        List<NamedArray> out = new ArrayList<>(params.size());
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            out.add(new NamedArray(e.getKey(), e.getValue().getShape().getShape(), floats(e.getValue())));
        }
        return out;
    }

    /** Overwrites every parameter from {@code arrays}; names and shapes must match exactly. */
    public void load(List<NamedArray> arrays) {
        if (arrays.size() != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " parameter arrays, got " + arrays.size());
        }
        for (NamedArray a : arrays) {
            NDArray p = params.get(a.name());
            if (p == null) {
                throw new IllegalArgumentException("unexpected parameter " + a.name());
            }
            if (!Arrays.equals(p.getShape().getShape(), a.shape())) {
                throw new IllegalArgumentException("parameter " + a.name() + " has shape "
                        + Arrays.toString(a.shape()) + ", the network needs " + p.getShape());
            }
            if (type == DataType.FLOAT32) {
                p.set(a.data());
            } else {
                double[] d = new double[a.data().length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = a.data()[i];
                }
                p.set(d);
            }
        }
    }

    /** The values of {@code a} as float32 (converting a float64 array). */
    public static float[] floats(NDArray a) {
        if (a.getDataType() == DataType.FLOAT32) {
            return a.toFloatArray();
        }
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }

    /** Writes arrays as: count, then per array name (UTF), rank, dims, values. */
    public static void write(List<NamedArray> arrays, DataOutput out) throws IOException {
        out.writeInt(arrays.size());
        for (NamedArray a : arrays) {
            out.writeUTF(a.name());
            out.writeInt(a.shape().length);
            for (long s : a.shape()) {
                out.writeLong(s);
            }
            for (float f : a.data()) {
                out.writeFloat(f);
            }
        }
    }

    public static List<NamedArray> read(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1_000_000) {
            throw new IOException("corrupt parameter list: " + n + " arrays");
        }
        List<NamedArray> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int rank = in.readInt();
            if (rank < 0 || rank > 8) {
                throw new IOException("corrupt parameter " + name + ": rank " + rank);
            }
            long[] shape = new long[rank];
            long size = 1;
            for (int r = 0; r < rank; r++) {
                shape[r] = in.readLong();
                if (shape[r] < 0 || shape[r] > Integer.MAX_VALUE) {
                    throw new IOException("corrupt parameter " + name + ": dimension " + shape[r]);
                }
                size *= shape[r];
                if (size > Integer.MAX_VALUE) {
                    throw new IOException("corrupt parameter " + name + ": " + size + " values");
                }
            }
            float[] v = new float[(int) size];
            for (int j = 0; j < v.length; j++) {
                v[j] = in.readFloat();
            }
            out.add(new NamedArray(name, shape, v));
        }
        return out;
    }
}
