package org.orrery.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;

import org.junit.jupiter.api.Test;

class AugmentTest {

    /** The 8 symmetries of an n×n square written out by hand: out[i][j] = in[f(i, j)]. */
    private static double[] square(double[] in, int n, int k) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int a;
                int b;
                switch (k) {
                    case 0 -> { a = i; b = j; }
                    case 1 -> { a = n - 1 - i; b = j; }
                    case 2 -> { a = i; b = n - 1 - j; }
                    case 3 -> { a = n - 1 - i; b = n - 1 - j; }
                    case 4 -> { a = j; b = i; }
                    case 5 -> { a = n - 1 - j; b = i; }   // rotation by 90°
                    case 6 -> { a = j; b = n - 1 - i; }   // rotation by −90°
                    default -> { a = n - 1 - j; b = n - 1 - i; }
                }
                out[i * n + j] = in[a * n + b];
            }
        }
        return out;
    }

    @Test
    void randomSymmetriesOfASquareAreExactlyItsEightRotationsAndReflections() {
        int n = 5;
        double[] in = new double[n * n];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        Set<String> expected = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            expected.add(Arrays.toString(square(in, n, k)));
        }
        assertEquals(8, expected.size());
        UniformRandomProvider rng = new java.util.SplittableRandom(3L)::nextLong;
        Set<String> seen = new HashSet<>();
        double[] out = new double[n * n + 2];
        for (int t = 0; t < 400; t++) {
            Augment.random(in, 0, new int[] {n, n}, rng, out, 2);
            String s = Arrays.toString(Arrays.copyOfRange(out, 2, 2 + n * n));
            assertTrue(expected.contains(s), "not a symmetry of the square: " + s);
            seen.add(s);
        }
        assertEquals(expected, seen, "all eight appear in 400 draws");
    }

    @Test
    void aCubeHas48AndARectangleOnlyItsFourFlips() {
        int n = 3;
        double[] cube = new double[n * n * n];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i;
        }
        UniformRandomProvider rng = new java.util.SplittableRandom(4L)::nextLong;
        Set<String> seen = new HashSet<>();
        double[] out = new double[cube.length];
        for (int t = 0; t < 3000; t++) {
            Augment.random(cube, 0, new int[] {n, n, n}, rng, out, 0);
            double[] sorted = out.clone();
            Arrays.sort(sorted);
            assertArrayEquals(cube, sorted, "values are moved, never changed");
            // the centre stays, and a corner goes to a corner
            assertEquals(13, out[13]);
            seen.add(Arrays.toString(out));
        }
        assertEquals(48, seen.size());
        double[] rect = new double[2 * 3];
        for (int i = 0; i < rect.length; i++) {
            rect[i] = i;
        }
        Set<String> flips = new HashSet<>();
        double[] o = new double[6];
        for (int t = 0; t < 200; t++) {
            Augment.random(rect, 0, new int[] {2, 3}, rng, o, 0);
            flips.add(Arrays.toString(o));
        }
        assertEquals(Set.of("[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]", "[3.0, 4.0, 5.0, 0.0, 1.0, 2.0]",
                "[2.0, 1.0, 0.0, 5.0, 4.0, 3.0]", "[5.0, 4.0, 3.0, 2.0, 1.0, 0.0]"), flips);
    }
}
