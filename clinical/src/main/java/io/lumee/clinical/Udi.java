package io.lumee.clinical;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Unique Device Identifier: the carrier as printed (human-readable form) and the device
 * identifier (DI) and issuer parsed from it. FHIR R5 requires the DI and the issuer on
 * {@code Device.udiCarrier}; R4 takes the carrier alone, but gets them too.
 *
 * @param carrierHrf the human-readable carrier, as registered
 * @param deviceIdentifier the DI part
 * @param issuer the issuing agency's FHIR NamingSystem URI
 */
public record Udi(String carrierHrf, String deviceIdentifier, String issuer) {

    public static final String GS1 = "http://hl7.org/fhir/NamingSystem/gs1-di";
    public static final String HIBCC = "http://hl7.org/fhir/NamingSystem/hibcc-dI";
    public static final String ICCBBA = "http://hl7.org/fhir/NamingSystem/iccbba-other-di";

    private static final Pattern GS1_HRF = Pattern.compile("\\(01\\)(\\d{14})(\\(.*)?");
    private static final Pattern HIBCC_PRIMARY = Pattern.compile("[A-Z][A-Z0-9]{3}[A-Z0-9]{1,18}[0-9]");
    private static final Pattern ICCBBA_HRF = Pattern.compile("=/([A-Z0-9]{16})(=.*)?");

    public Udi {
        TextRules.requireText(carrierHrf, "UDI carrier", 256);
        TextRules.requireText(deviceIdentifier, "UDI device identifier", 64);
        Objects.requireNonNull(issuer, "UDI issuer");
        if (!TextRules.isAbsoluteUri(issuer)) {
            throw new IllegalArgumentException("UDI issuer must be an absolute URI");
        }
    }

    /**
     * Reads the DI out of a carrier from one of the three FDA-accredited issuing agencies: GS1
     * {@code (01)<14 digits>...}, HIBCC {@code +<labeler><product><unit>...}, ICCBBA
     * {@code =/<16 characters>...}. Empty for anything else: the caller decides whether a device
     * registered with an unreadable UDI is mapped without one.
     */
    public static Optional<Udi> parse(String carrierHrf) {
        if (carrierHrf == null) {
            return Optional.empty();
        }
        String carrier = carrierHrf.strip();
        Matcher gs1 = GS1_HRF.matcher(carrier);
        if (gs1.matches()) {
            return Optional.of(new Udi(carrier, gs1.group(1), GS1));
        }
        Optional<String> hibccDi = hibccDeviceIdentifier(carrier);
        if (hibccDi.isPresent()) {
            return Optional.of(new Udi(carrier, hibccDi.get(), HIBCC));
        }
        Matcher iccbba = ICCBBA_HRF.matcher(carrier);
        if (iccbba.matches()) {
            return Optional.of(new Udi(carrier, iccbba.group(1), ICCBBA));
        }
        return Optional.empty();
    }

    /**
     * HIBCC's primary data (labeler, product, unit of measure) ends at the first {@code /} when
     * secondary data follows, else one check character before the end.
     */
    private static Optional<String> hibccDeviceIdentifier(String carrier) {
        if (!carrier.startsWith("+") || carrier.length() < 3) {
            return Optional.empty();
        }
        int slash = carrier.indexOf('/');
        String primary = carrier.substring(1, slash >= 0 ? slash : carrier.length() - 1);
        return HIBCC_PRIMARY.matcher(primary).matches() ? Optional.of(primary) : Optional.empty();
    }
}
