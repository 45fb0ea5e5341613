package io.lumee.hl7bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.lumee.clinical.DeviceFacts;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.PatientIdentifier;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SourceCoordinates;
import io.lumee.clinical.hl7.OruR01Mapper;
import io.lumee.hl7bridge.mllp.Ack;
import io.lumee.hl7bridge.mllp.Er7;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An EHR's acknowledgement may quote anything it received. Whatever the patient identifier (HL7
 * delimiters, escapes and spaces included), the reading value, and wherever and however often the engine
 * echoes them in MSA-3 and ERR (escaped as HL7 requires, or not), the rejection detail written to
 * {@code lumee.rejected} holds neither, keeps the code, stays bounded, and building it never throws.
 */
class AckRedactionPropertyTest {
    private static final OruR01Mapper MAPPER = new OruR01Mapper();
    private static final MappingConfig MAPPING = MappingConfig.defaults("0.1.0", "1");

    @Property(tries = 400)
    void noIdentifierOrValueTheEngineEchoesReachesTheDetail(@ForAll("identifiers") String mrn, @ForAll("values") double value,
            @ForAll("codes") String code, @ForAll("texts") List<String> around, @ForAll boolean escapeEcho) {
        String sent = oru(mrn, value);
        Assume.that(sent != null);
        String valueText = Er7.parse(sent).orElseThrow().values("OBX", 5, 5).get(0);
        String echoedMrn = escapeEcho ? escape(mrn) : mrn.replace("|", " ").replace("\r", " ");
        StringBuilder msa3 = new StringBuilder();
        for (String piece : around) {
            msa3.append(piece).append(' ').append(echoedMrn).append(' ').append(valueText).append(' ');
        }
        String ack = "MSH|^~\\&|EHR|HOSP|LUMEE|LUMEE|20260118143213||ACK^R01^ACK|A1|P|2.5.1\r"
                + "MSA|" + code + "|ctl-1|" + msa3 + "\r"
                + "ERR||PID^1^3|204^Unknown key^HL70357^^^^^^" + echoedMrn + " not on file|E\r";

        Ack parsed = Ack.parse(ack).orElseThrow();
        String detail = AckText.describe(parsed, sent);

        assertThat(detail).startsWith(code).hasSizeLessThanOrEqualTo(AckText.MAX_LENGTH);
        if (mrn.strip().length() >= 2) {
            assertThat(detail.substring(code.length())).as("the patient identifier").doesNotContain(mrn);
        }
        assertThat(detail).as("the reading value").doesNotContainPattern("(?<![0-9.])" + java.util.regex.Pattern.quote(valueText) + "(?![0-9]|\\.[0-9])");
    }

    @Property(tries = 300)
    void anyAcknowledgementTextAgainstAnySentMessageIsDescribedWithoutThrowing(@ForAll("frames") String frame,
            @ForAll("identifiers") String mrn) {
        String sent = oru(mrn, 42.137);
        Assume.that(sent != null);

        Ack.parse(frame).ifPresent(ack -> assertThat(AckText.describe(ack, sent)).hasSizeLessThanOrEqualTo(AckText.MAX_LENGTH));
        assertThat(AckText.scrub(frame, sent)).isNotNull();
        assertThat(AckText.scrub(frame, frame)).isNotNull();
    }

    @Provide
    Arbitrary<String> identifiers() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("ABCMRN0123456789-_. ").ofMinLength(2).ofMaxLength(20),
                Arbitraries.strings().withChars("AB12|^~\\&#$ ").ofMinLength(2).ofMaxLength(12),
                Arbitraries.of("PHI-CANARY-7731", "MRN^0001", "A\\F\\B", "12", "0.92", "2.5.1", "ACK", "AE"));
    }

    @Provide
    Arbitrary<Double> values() {
        return Arbitraries.oneOf(Arbitraries.doubles().between(0, 100).ofScale(3), Arbitraries.of(42.137, 5.0, 1.0, 0.0, 100.0, 2.5));
    }

    @Provide
    Arbitrary<String> codes() {
        return Arbitraries.of("AE", "AR", "CE", "CR");
    }

    @Provide
    Arbitrary<List<String>> texts() {
        return Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz :;,()=0123456789.").ofMaxLength(30).list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> frames() {
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(300);
        Arbitrary<String> separators = Arbitraries.strings().withChars("|^~\\&#$!%*+/:;<=>?@[]{}'\"aZ09 \r\n").ofLength(5);
        Arbitrary<String> mshLike = Combinators.combine(separators, junk, Arbitraries.of("AA", "AE", "AR", "CA", "CE", "CR", "ZZ", "", "aa"), junk)
                .as((sep, a, code, b) -> "MSH" + sep + a + "\rMSA" + sep.charAt(0) + code + sep.charAt(0) + b + "\rERR" + sep + b);
        return Arbitraries.oneOf(junk, mshLike, Arbitraries.of("MSH", "MSH|", "MSH|^~\\&", "MSH|^~\\&|\rMSA|AA|\\", "MSH|^~\\&\rMSA|AE|x|\\E\\\\F\\\\"));
    }

    /** The ORU^R01 the processor would send for this patient and value; null when the identifier is not one a mapper takes. */
    private static String oru(String mrn, double value) {
        try {
            ProcessedReading reading = new ProcessedReading("dev-1:0:7", "dev-1", 0, 7, Instant.parse("2026-11-20T10:00:00Z"),
                    Instant.parse("2026-11-20T10:00:01Z"), new MeasuredValue(value, "%"), null, 0.9, false, "1.3.0", "fw-2.4.1",
                    "eyJhbGciOiJIUzI1NiJ9.eyJ0ZXN0Ijp0cnVlfQ.c2lnbmF0dXJl", new PatientIdentifier("http://hospital.example.org/mrn", mrn),
                    null, new DeviceFacts("ICU-NORTH", null), new SourceCoordinates("lumee.raw", 0, 7), null);
            return MAPPER.mapToEr7(reading, MAPPING);
        } catch (IllegalArgumentException notAnIdentifier) {
            return null;
        }
    }

    /** The value as an engine following HL7's escaping rules would quote it inside a field. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append(switch (c) {
                case '|' -> "\\F\\";
                case '^' -> "\\S\\";
                case '~' -> "\\R\\";
                case '\\' -> "\\E\\";
                case '&' -> "\\T\\";
                default -> String.valueOf(c);
            });
        }
        return escaped.toString();
    }
}
