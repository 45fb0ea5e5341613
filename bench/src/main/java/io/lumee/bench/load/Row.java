package io.lumee.bench.load;

/**
 * One line of the report: what was measured, its figure and the target, and the baseline it is
 * compared with, measured in the same run (so a busy machine shows in both) and as documented in
 * DESIGN.md's "Capacity seen on this machine".
 *
 * @param baseline what the figure is divided by, measured in this run; NaN when the row has none
 * @param documented the documented figure of that baseline; NaN when none is documented
 */
record Row(String row, String what, double figure, String unit, String target, boolean met,
           String baselineName, double baseline, double documented, String detail) {

    double ratio() {
        return Double.isNaN(baseline) || baseline == 0 ? Double.NaN : figure / baseline;
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        return Math.abs(value) >= 10 ? String.format("%.1f", value) : String.format("%.2f", value);
    }
}
