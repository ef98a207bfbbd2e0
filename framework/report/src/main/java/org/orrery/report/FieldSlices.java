package org.orrery.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * A row of 2-D field slices (truth, observation, posterior mean, a draw, posterior std): each panel
 * an n × n image with its own colour range, written under it. Diverging panels (signed fields) use a
 * blue-white-red map symmetric about zero; the others a sequential map from their minimum to maximum.
 */
public final class FieldSlices {

    /**
     * One panel.
     *
     * @param values    n × n values, row-major, row 0 drawn at the top
     * @param lo        value at the bottom of the colour range
     * @param hi        value at the top
     * @param diverging blue-white-red about zero instead of the sequential map
     */
    public record Panel(String title, double[] values, double lo, double hi, boolean diverging) {
        public Panel {
            if (values == null || values.length == 0) {
                throw new IllegalArgumentException("panel " + title + " has no values");
            }
            if (!(hi > lo)) {
                hi = lo + 1;
            }
        }
    }

    private FieldSlices() {
    }

    /** The panels side by side, {@code n} pixels of the field per side. */
    public static Figure of(String id, String caption, int n, List<Panel> panels) {
        if (panels == null || panels.isEmpty()) {
            throw new IllegalArgumentException("figure " + id + " needs at least one panel");
        }
        for (Panel p : panels) {
            if (p.values().length != n * n) {
                throw new IllegalArgumentException("panel " + p.title() + " has " + p.values().length + " values, not " + n + "×" + n);
            }
        }
        List<Panel> list = List.copyOf(panels);
        int cell = 150;
        int width = cell * list.size();
        return new Figure(id, caption, width, cell + 44, (g, w, h) -> {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(0, 0, w, h));
            for (int k = 0; k < list.size(); k++) {
                paint(g, list.get(k), n, k * cell + 6, 16, cell - 12);
            }
        });
    }

    private static void paint(Graphics2D g, Panel p, int n, double x0, double y0, double side) {
        double px = side / n;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double v = p.values()[j * n + i];
                g.setColor(p.diverging() ? diverging(v, Math.max(Math.abs(p.lo()), Math.abs(p.hi())))
                        : sequential((v - p.lo()) / (p.hi() - p.lo())));
                g.fill(new Rectangle2D.Double(x0 + i * px, y0 + j * px, px + 0.3, px + 0.3));
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.draw(new Rectangle2D.Double(x0, y0, side, side));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        g.drawString(p.title(), (float) x0, (float) (y0 - 4));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 8));
        String range = p.diverging()
                ? String.format(Locale.ROOT, "colour: ±%.3g (white 0)", Math.max(Math.abs(p.lo()), Math.abs(p.hi())))
                : String.format(Locale.ROOT, "colour: %.3g to %.3g", p.lo(), p.hi());
        g.drawString(range, (float) x0, (float) (y0 + side + 11));
    }

    /** Blue (−m) through white (0) to red (+m). */
    static Color diverging(double v, double m) {
        double t = m > 0 ? Math.max(-1, Math.min(1, v / m)) : 0;
        if (t >= 0) {
            return new Color(1f, (float) (1 - 0.85 * t), (float) (1 - 0.85 * t));
        }
        return new Color((float) (1 + 0.85 * t), (float) (1 + 0.85 * t), 1f);
    }

    /** Dark purple through orange to pale yellow on [0, 1] (a magma-like map). */
    static Color sequential(double t) {
        t = Math.max(0, Math.min(1, t));
        float r = (float) Math.min(1, 0.05 + 1.4 * t);
        float gr = (float) Math.max(0, Math.min(1, 1.5 * t - 0.35));
        float b = (float) Math.max(0, Math.min(1, t < 0.5 ? 0.3 + 0.5 * t : 1.6 * t - 0.6));
        return new Color(r, gr, b);
    }
}
