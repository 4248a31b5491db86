package dev.janus.benchmarks.aebs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws an {@link AebsQualityReport} CSV as a PNG: two panels of grouped bars, mean a_max and
 * mean max rows per instance, one group per (routing, redundant share), one bar per policy.
 * Plain Java2D, no plotting library.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.janus.benchmarks.aebs.AebsQualityPlot csv png [title]}
 */
public final class AebsQualityPlot {

    private static final Color[] PALETTE = {
        new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2),
        new Color(0x59A14F), new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7),
    };
    private static final int WIDTH = 1600;
    private static final int PANEL = 420;
    private static final int LEFT = 80;
    private static final int TOP = 70;

    private AebsQualityPlot() {
    }

    public static void main(String[] args) throws IOException {
        draw(Path.of(args[0]), Path.of(args[1]), args.length > 2 ? args[2] : args[0]);
    }

    public static void draw(Path csv, Path png, String title) throws IOException {
        List<String[]> rows = Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")).toList();
        // columns: tokens,topk,logical,instances,routing,redundant_pct,physical,policy,amax_mean,amax_p99,maxrows_mean,maxrows_p99
        LinkedHashSet<String> policies = new LinkedHashSet<>();
        Map<String, Map<String, double[]>> groups = new LinkedHashMap<>(); // group -> policy -> {amax, rows}
        for (String[] r : rows) {
            policies.add(r[7]);
            groups.computeIfAbsent(r[4] + "\n" + r[5] + " % red.", g -> new LinkedHashMap<>())
                    .put(r[7], new double[] {Double.parseDouble(r[8]), Double.parseDouble(r[10])});
        }
        BufferedImage image = new BufferedImage(WIDTH, TOP + 2 * PANEL + 120, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        g.drawString("Activation scheduling plan quality (" + title + "), lower is better", LEFT, 32);
        List<String> policyList = new ArrayList<>(policies);
        panel(g, groups, policyList, 0, "mean a_max (activated experts on the busiest instance)", TOP);
        panel(g, groups, policyList, 1, "mean max rows (token-expert pairs on the busiest instance)", TOP + PANEL + 40);
        legend(g, policyList, TOP + 2 * PANEL + 80);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, Map<String, Map<String, double[]>> groups, List<String> policies,
                              int metric, String label, int y0) {
        double max = 0;
        for (Map<String, double[]> group : groups.values()) {
            for (double[] v : group.values()) {
                max = Math.max(max, v[metric]);
            }
        }
        double top = niceCeiling(max);
        int plotW = WIDTH - LEFT - 30;
        int plotH = PANEL - 70;
        int yBase = y0 + 20 + plotH;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        g.setColor(Color.BLACK);
        g.drawString(label, LEFT, y0 + 10);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 5; t++) { // grid and y ticks
            double v = top * t / 5;
            int y = yBase - (int) Math.round(plotH * v / top);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String s = v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
            g.drawString(s, LEFT - 8 - g.getFontMetrics().stringWidth(s), y + 4);
        }
        int groupW = plotW / groups.size();
        int barW = Math.max(2, (groupW - 14) / policies.size());
        int gi = 0;
        for (Map.Entry<String, Map<String, double[]>> group : groups.entrySet()) {
            int gx = LEFT + gi * groupW + 7;
            for (int p = 0; p < policies.size(); p++) {
                double[] v = group.getValue().get(policies.get(p));
                if (v == null) {
                    continue;
                }
                int h = (int) Math.round(plotH * v[metric] / top);
                g.setColor(PALETTE[p % PALETTE.length]);
                g.fillRect(gx + p * barW, yBase - h, barW - 1, h);
            }
            g.setColor(Color.BLACK);
            String[] lines = group.getKey().split("\n");
            for (int l = 0; l < lines.length; l++) {
                int w = g.getFontMetrics().stringWidth(lines[l]);
                g.drawString(lines[l], gx + (groupW - 14 - w) / 2, yBase + 16 + 14 * l);
            }
            gi++;
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawLine(LEFT, yBase, LEFT + plotW, yBase);
        g.drawLine(LEFT, yBase, LEFT, yBase - plotH);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(metric == 0 ? "a_max" : "max rows", -(yBase - plotH / 2) - 25, LEFT - 50);
        g.setTransform(saved);
    }

    private static void legend(Graphics2D g, List<String> policies, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        int x = LEFT;
        for (int p = 0; p < policies.size(); p++) {
            g.setColor(PALETTE[p % PALETTE.length]);
            g.fillRect(x, y - 12, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(policies.get(p), x + 20, y);
            x += 40 + g.getFontMetrics().stringWidth(policies.get(p));
        }
    }

    /** 1, 2 or 5 × a power of ten, at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
