package io.lumee.bench.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The report's two plots as PNG, drawn with Java2D (no plotting library is on this machine): latency
 * percentiles over the run, and each stage's throughput against its target and its in-run baseline.
 */
final class Charts {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 200;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color[] SERIES = {new Color(0x1f77b4), new Color(0xaec7e8), new Color(0xd62728), new Color(0xff9896),
            new Color(0x2ca02c), new Color(0x98df8a)};

    private Charts() {}

    /** Latency in ms, log scale, per window of due times: p50, p99 and max to the FHIR store and to the EHR ACK. */
    static void latency(List<LatencyRow.Window> windows, String title, Path file) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        title(g, title);
        double xMax = windows.isEmpty() ? 1 : windows.get(windows.size() - 1).startSeconds() + 10;
        double yMin = 10;
        double yMax = 10;
        for (LatencyRow.Window w : windows) {
            yMax = Math.max(yMax, Math.max(w.fhirMax(), w.ehrMax()));
        }
        yMax = Math.pow(10, Math.ceil(Math.log10(yMax)));
        axesLog(g, xMax, yMin, yMax, "seconds into the run (by due time)", "latency, ms (log)");
        String[] names = {"FHIR p50", "FHIR p99", "FHIR max", "EHR ACK p50", "EHR ACK p99", "EHR ACK max"};
        for (int s = 0; s < 6; s++) {
            g.setColor(s % 3 == 2 ? SERIES[s / 3 * 2 + 1] : SERIES[s / 3 * 2]);
            g.setStroke(s % 3 == 0 ? new BasicStroke(2.5f) : s % 3 == 1
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0)
                    : new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {2, 3}, 0));
            int px = -1;
            int py = -1;
            for (LatencyRow.Window w : windows) {
                double v = switch (s) {
                    case 0 -> w.fhirP50();
                    case 1 -> w.fhirP99();
                    case 2 -> w.fhirMax();
                    case 3 -> w.ehrP50();
                    case 4 -> w.ehrP99();
                    default -> w.ehrMax();
                };
                int x = xPixel(w.startSeconds() + 5, xMax);
                int y = yLog(Math.max(v, yMin), yMin, yMax);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            legend(g, s, names[s]);
        }
        // the targets: p50 250 ms, p99 1 s
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        for (double target : new double[] {250, 1000}) {
            int y = yLog(target, yMin, yMax);
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.drawString(target == 250 ? "p50 target" : "p99 target", WIDTH - RIGHT - 70, y - 3);
        }
        write(image, file);
    }

    /** One bar pair per stage: the figure and the in-run baseline, each as a multiple of the target (log scale). */
    static void throughput(List<Row> rows, Path file) {
        List<Row> bars = rows.stream().filter(r -> r.unit().endsWith("/s") && targetValue(r) > 0).toList();
        BufferedImage image = new BufferedImage(WIDTH, 120 + bars.size() * 50, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(image);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        title(g, "Throughput per stage, as a multiple of its target (log); light: the in-run baseline");
        int left = 300;
        int right = WIDTH - 40;
        double min = 0.01;
        double max = 100;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double tick = min; tick <= max; tick *= 10) {
            int x = left + (int) ((Math.log10(tick) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * (right - left));
            g.setColor(tick == 1 ? Color.RED : Color.LIGHT_GRAY);
            g.drawLine(x, TOP, x, image.getHeight() - 40);
            g.setColor(Color.BLACK);
            g.drawString(tick < 1 ? String.valueOf(tick) : String.format("%.0f", tick) + "x", x - 12, image.getHeight() - 22);
        }
        int y = TOP + 20;
        for (Row row : bars) {
            double target = targetValue(row);
            g.setColor(Color.BLACK);
            g.drawString(row.row(), 10, y + 12);
            g.drawString(Row.number(row.figure()) + " " + row.unit(), 10, y + 28);
            bar(g, left, right, min, max, row.figure() / target, y, SERIES[0]);
            if (!Double.isNaN(row.baseline())) {
                bar(g, left, right, min, max, row.baseline() / target, y + 18, SERIES[1]);
            }
            y += 50;
        }
        write(image, file);
    }

    /** The target of a throughput row as a number, from its text (">= 10,000 readings/s" -> 10000). */
    static double targetValue(Row row) {
        String digits = row.target().replaceAll("^[^0-9]*([0-9][0-9,\\.]*).*$", "$1").replace(",", "");
        try {
            double value = Double.parseDouble(digits);
            return row.target().contains("of ") && !Double.isNaN(row.baseline()) ? value * row.baseline() : value;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void bar(Graphics2D g, int left, int right, double min, double max, double value, int y, Color color) {
        double clamped = Math.max(min, Math.min(max, value));
        int width = (int) ((Math.log10(clamped) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) * (right - left));
        g.setColor(color);
        g.fillRect(left, y, Math.max(1, width), 15);
        g.setColor(Color.BLACK);
        g.drawString(String.format("%.2fx", value), left + width + 4, y + 12);
    }

    private static BufferedImage canvas() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    private static void title(Graphics2D g, String title) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    private static void axesLog(Graphics2D g, double xMax, double yMin, double yMax, String xLabel, String yLabel) {
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
        for (double tick = yMin; tick <= yMax; tick *= 10) {
            int y = yLog(tick, yMin, yMax);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT + 1, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format("%.0f", tick), LEFT - 50, y + 4);
        }
        double step = xMax > 600 ? 120 : xMax > 120 ? 30 : 10;
        for (double tick = 0; tick <= xMax; tick += step) {
            int x = xPixel(tick, xMax);
            g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4);
            g.drawString(String.format("%.0f", tick), x - 8, HEIGHT - BOTTOM + 18);
        }
        g.drawString(xLabel, LEFT + 200, HEIGHT - 15);
        g.drawString(yLabel, 5, TOP - 10);
    }

    private static void legend(Graphics2D g, int index, String name) {
        int y = TOP + 20 + index * 22;
        g.drawLine(WIDTH - RIGHT + 15, y, WIDTH - RIGHT + 45, y);
        g.setColor(Color.BLACK);
        g.drawString(name, WIDTH - RIGHT + 52, y + 4);
    }

    private static int xPixel(double x, double xMax) {
        return LEFT + (int) (x / xMax * (WIDTH - LEFT - RIGHT));
    }

    private static int yLog(double value, double min, double max) {
        double fraction = (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min));
        return HEIGHT - BOTTOM - (int) (fraction * (HEIGHT - TOP - BOTTOM));
    }

    private static void write(BufferedImage image, Path file) {
        try {
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
