package org.orrery.posteriors.interpolant.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.orrery.nn.Framed;
import org.orrery.plugin.SettingValues;
import org.orrery.simulators.cosmology.internal.LinearField;

/**
 * The two θ carriages of the field interpolant ({@code theta_head=channels|bottleneck}): the networks
 * they build, what each drift depends on, and the payload that records the choice (older payloads,
 * which never recorded it, read as {@code channels}).
 */
class ThetaHeadTest {

    private static float[] gauss(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** {field drift, θ drift} as float arrays. */
    private static float[][] run(FieldDrift d, float[] field, float[] theta, float[] x0, float[] t, int b) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            try (NDManager m = d.params.manager().newSubManager()) {
                NDArray[] out = d.forward(m, field, theta, x0, t, b);
                assertEquals(new ai.djl.ndarray.types.Shape(b, 1, 8, 8), out[0].getShape());
                assertEquals(new ai.djl.ndarray.types.Shape(b, d.p), out[1].getShape());
                return new float[][] {out[0].toFloatArray(), out[1].toFloatArray()};
            }
        }
    }

    @Test
    void theBottleneckHeadReadsThetaAndTheFieldDriftDoesNot() {
        int[] grid = {8, 8};
        int b = 3;
        int p = 2;
        Schedule s = new Schedule(true, 1);
        FieldDrift head = new FieldDrift(grid, p, s, new int[] {8, 16}, 8, 2, FieldDrift.BOTTLENECK, 3);
        FieldDrift channels = new FieldDrift(grid, p, s, new int[] {8, 16}, 8, 2, FieldDrift.CHANNELS, 3);
        // the U-Net of the head carriage sees [field, x0] and returns the field drift; the channels one sees θ too
        assertArrayEquals(new long[] {8, 2, 3, 3}, head.params.all().get("unet.in.w").getShape().getShape());
        assertArrayEquals(new long[] {1, 8, 3, 3}, head.params.all().get("unet.out.w").getShape().getShape());
        assertArrayEquals(new long[] {8, 16 + 8 + p}, head.params.all().get("theta_head.0.w").getShape().getShape());
        assertArrayEquals(new long[] {p, 8}, head.params.all().get("theta_head.2.w").getShape().getShape());
        assertArrayEquals(new long[] {8, 2 + p, 3, 3}, channels.params.all().get("unet.in.w").getShape().getShape());
        assertTrue(channels.params.all().keySet().stream().noneMatch(k -> k.startsWith("theta_head")));
        var e = assertThrows(IllegalArgumentException.class, () -> new FieldDrift(grid, p, s, new int[] {8, 16}, 8, 2, "neck", 3));
        assertTrue(e.getMessage().contains("neck"), e.getMessage());

        float[] field = gauss(b * 64, 1);
        float[] x0 = gauss(b * 64, 2);
        float[] th = gauss(b * p, 3);
        float[] other = gauss(b * p, 4);
        float[] t = {0.1f, 0.5f, 0.9f};
        float[][] a = run(head, field, th, x0, t, b);
        float[][] c = run(head, field, other, x0, t, b);
        assertArrayEquals(a[0], c[0], "the field drift does not read θ's state in the bottleneck carriage");
        assertTrue(a[1][0] != c[1][0] && a[1][3] != c[1][3], "θ's drift reads θ's state");
        // each draw's drift depends on its own row only: the batch equals the rows one by one (with 4-8 channels,
        // 12 into the first decoder block, libtorch's AVX2 oneDNN convolution mixes the rows: bench/README)
        for (int i = 0; i < b; i++) {
            float[] fi = java.util.Arrays.copyOfRange(field, i * 64, (i + 1) * 64);
            float[] oi = java.util.Arrays.copyOfRange(x0, i * 64, (i + 1) * 64);
            float[] ti = java.util.Arrays.copyOfRange(th, i * p, (i + 1) * p);
            float[][] one = run(head, fi, ti, oi, new float[] {t[i]}, 1);
            for (int j = 0; j < p; j++) {
                assertEquals(a[1][i * p + j], one[1][j], 1e-5, "θ drift of row " + i);
            }
            for (int k = 0; k < 64; k += 7) {
                assertEquals(a[0][i * 64 + k], one[0][k], 1e-5, "field drift of row " + i);
            }
        }
        // the field drift reads the field: a different field, a different θ drift too (through the bottleneck)
        float[][] f2 = run(head, gauss(b * 64, 9), th, x0, t, b);
        assertTrue(f2[1][0] != a[1][0], "θ's drift reads the field through the bottleneck");
    }

    private static FieldBank bank() {
        LinearField sim = new LinearField(SettingValues.resolve(LinearField.PLUGIN_ID, LinearField.declared(), Map.of("grid", 8)));
        return FieldBank.of(sim, 24, RandomSource.XO_RO_SHI_RO_128_PP.create(5L));
    }

    private static byte[] payload(FieldPosterior q) throws IOException {
        var out = new ByteArrayOutputStream();
        q.write(out);
        return out.toByteArray();
    }

    @Test
    void thePayloadRecordsTheCarriageAndOlderPayloadsReadAsChannels() throws IOException {
        FieldBank bank = bank();
        for (String mode : new String[] {FieldDrift.CHANNELS, FieldDrift.BOTTLENECK}) {
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);
            FieldPosterior q = (FieldPosterior) new InterpolantEstimator().train(bank, Map.of("channels", "8,16", "groups", 2,
                    "time_width", 8, "batch_size", 11, "max_epochs", 1, "sampling_steps", 3, "theta_head", mode), rng, null);
            byte[] bytes = payload(q);
            FieldPosterior r = (FieldPosterior) new InterpolantEstimator().read(new ByteArrayInputStream(bytes));
            assertEquals(mode, r.settings().get("theta_head"));
            assertEquals(mode, r.drift.thetaHead);
            assertArrayEquals(bytes, payload(r), "read and written again: the same bytes");
            double[][][] d1 = q.draw(bank.x(0), 2, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
            double[][][] d2 = r.draw(bank.x(0), 2, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
            assertArrayEquals(d1[0][1], d2[0][1], 0, "the same θ draws from the read posterior");
            assertArrayEquals(d1[1][0], d2[1][0], 0, "the same field draws from the read posterior");
            assertTrue(r.toString().contains("theta_head " + mode), r.toString());

            // the same payload as a version-2 writer made it: no theta_head among the settings
            byte[] old = withoutThetaHead(bytes);
            if (mode.equals(FieldDrift.BOTTLENECK)) {
                // version 2 never held a head: such weights do not fit the channels network it reads as, refused in one line
                var e = assertThrows(IOException.class, () -> new InterpolantEstimator().read(new ByteArrayInputStream(old)));
                assertTrue(e.getMessage().contains("theta_head") && e.getMessage().lines().count() == 1, e.getMessage());
                continue;
            }
            FieldPosterior o = (FieldPosterior) new InterpolantEstimator().read(new ByteArrayInputStream(old));
            assertEquals(FieldDrift.CHANNELS, o.settings().get("theta_head"));
            double[][][] d3 = o.draw(bank.x(0), 2, RandomSource.XO_RO_SHI_RO_128_PP.create(3L));
            assertArrayEquals(d1[0][1], d3[0][1], 0, "a version-2 channels payload samples as before");
        }
    }

    /** Rewrites a version-3 interpolant payload as version 2 wrote it: the same body without the theta_head setting. */
    private static byte[] withoutThetaHead(byte[] v3) throws IOException {
        Framed.Frame f = Framed.read(new ByteArrayInputStream(v3), "payload", DriftCodec.MAGIC, 3, 3, DriftCodec.MAX_BODY);
        var in = new DataInputStream(new ByteArrayInputStream(f.body()));
        var body = new ByteArrayOutputStream();
        var o = new DataOutputStream(body);
        o.writeUTF(in.readUTF());
        int ns = in.readInt();
        var kept = new java.util.LinkedHashMap<String, String>();
        for (int k = 0; k < ns; k++) {
            kept.put(in.readUTF(), in.readUTF());
        }
        assertTrue(kept.remove("theta_head") != null, "version 3 records theta_head");
        o.writeInt(kept.size());
        for (var e : kept.entrySet()) {
            o.writeUTF(e.getKey());
            o.writeUTF(e.getValue());
        }
        in.transferTo(o);
        o.flush();
        var out = new ByteArrayOutputStream();
        Framed.write(out, DriftCodec.MAGIC, 2, body.toByteArray());
        return out.toByteArray();
    }
}
