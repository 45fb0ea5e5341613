package io.lumee.devstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus text as a service's {@code /metrics} serves it: sums of series and histogram quantiles. Public
 * because the bench reads the same endpoints.
 */
public final class PromText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples = new ArrayList<>();

    public PromText(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            if (m.group(3) != null) {
                Matcher label = LABEL.matcher(m.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            try {
                samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
            } catch (NumberFormatException ignored) {
                // NaN spelled otherwise: not a value to add up
            }
        }
    }

    /** The sum of every series of {@code name} whose labels pass {@code which}. */
    public double sum(String name, Predicate<Map<String, String>> which) {
        return samples.stream().filter(s -> s.name().equals(name) && which.test(s.labels()))
                .mapToDouble(Sample::value).sum();
    }

    public double sum(String name) {
        return sum(name, labels -> true);
    }

    /**
     * A quantile of a histogram ({@code name_bucket} series, summed over the series {@code which} keeps),
     * interpolated within its bucket; NaN when it has no observations.
     */
    public double quantile(String name, double q, Predicate<Map<String, String>> which) {
        TreeMap<Double, Double> cumulative = new TreeMap<>();
        samples.stream().filter(s -> s.name().equals(name + "_bucket") && which.test(s.labels()))
                .forEach(s -> cumulative.merge(le(s.labels().get("le")), s.value(), Double::sum));
        if (cumulative.isEmpty() || cumulative.lastEntry().getValue() == 0) {
            return Double.NaN;
        }
        double target = q * cumulative.lastEntry().getValue();
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= target) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return inBucket == 0 ? bucket.getKey()
                        : lowerBound + (bucket.getKey() - lowerBound) * (target - lowerCount) / inBucket;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    /** The samples whose name starts with one of {@code prefixes}, as text: for a report's detail. */
    public List<String> lines(String... prefixes) {
        return samples.stream().filter(s -> java.util.Arrays.stream(prefixes).anyMatch(p -> s.name().startsWith(p))
                        && !s.name().endsWith("_bucket"))
                .map(s -> s.name() + s.labels() + " " + s.value()).toList();
    }

    private static double le(String text) {
        return "+Inf".equals(text) ? Double.POSITIVE_INFINITY : Double.parseDouble(text);
    }
}
