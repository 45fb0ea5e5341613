package io.lumee.processor.units;

import io.lumee.clinical.MeasuredValue;
import io.lumee.processor.rules.Verdict;
import io.lumee.schemas.RejectionReason;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Step 6: the SDK's free-text unit to UCUM. Oxygen saturation ({@code %}, or a fraction 0-1 scaled to
 * {@code %}) and partial pressure ({@code mm[Hg]} or {@code kPa}, one canonical unit by config) are
 * different quantities: they are never converted into each other. Anything unrecognized is refused as
 * UNIT_UNKNOWN rather than guessed.
 */
public final class UnitNormalizer {
    /** UCUM defines {@code m[Hg]} as 133.3220 kPa, so one mm[Hg] is exactly 0.1333220 kPa. */
    private static final BigDecimal KPA_PER_MM_HG = new BigDecimal("0.1333220");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private enum Reported { PERCENT, FRACTION, MM_HG, KPA }

    private static final Map<String, Reported> SPELLINGS = Map.ofEntries(
            Map.entry("%", Reported.PERCENT),
            Map.entry("percent", Reported.PERCENT),
            Map.entry("pct", Reported.PERCENT),
            Map.entry("fraction", Reported.FRACTION),
            Map.entry("ratio", Reported.FRACTION),
            Map.entry("{fraction}", Reported.FRACTION),
            Map.entry("1", Reported.FRACTION),
            Map.entry("mmhg", Reported.MM_HG),
            Map.entry("mm hg", Reported.MM_HG),
            Map.entry("mm[hg]", Reported.MM_HG),
            Map.entry("kpa", Reported.KPA));

    private final PressureUnit pressureUnit;

    public UnitNormalizer(PressureUnit pressureUnit) {
        this.pressureUnit = pressureUnit;
    }

    public Verdict<NormalizedValue> normalize(double value, String units) {
        Reported reported = SPELLINGS.get(units.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT));
        if (reported == null) {
            return Verdict.reject(RejectionReason.UNIT_UNKNOWN, "unit \"" + printable(units) + "\" is not one of "
                    + "%, percent, fraction, mmHg, mm Hg, kPa");
        }
        if (reported != Reported.PERCENT && Math.abs(value) > Double.MAX_VALUE / 100) {
            // a conversion would overflow to infinity, which no MeasuredValue holds; far out of every range anyway
            return Verdict.reject(RejectionReason.OUT_OF_RANGE, "the value is beyond a double's range once converted");
        }
        MeasuredValue original = new MeasuredValue(value, units.strip());
        return Verdict.pass(switch (reported) {
            case PERCENT -> renamed(value, "%");
            case FRACTION -> converted(BigDecimal.valueOf(value).multiply(HUNDRED), "%", original);
            case MM_HG -> pressureUnit == PressureUnit.MM_HG
                    ? renamed(value, "mm[Hg]")
                    : converted(BigDecimal.valueOf(value).multiply(KPA_PER_MM_HG), "kPa", original);
            case KPA -> pressureUnit == PressureUnit.KPA
                    ? renamed(value, "kPa")
                    : converted(BigDecimal.valueOf(value).divide(KPA_PER_MM_HG, MathContext.DECIMAL64), "mm[Hg]", original);
        });
    }

    private static NormalizedValue renamed(double value, String ucum) {
        return new NormalizedValue(new MeasuredValue(value, ucum), Optional.empty());
    }

    private static NormalizedValue converted(BigDecimal value, String ucum, MeasuredValue original) {
        return new NormalizedValue(new MeasuredValue(value.doubleValue(), ucum), Optional.of(original));
    }

    /** The unit as reported, bounded and stripped of control characters, for the DLQ detail. */
    private static String printable(String units) {
        String clean = units.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 32 ? clean.substring(0, 32) + "..." : clean;
    }
}
