package io.lumee.hl7bridge.mllp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An acknowledgement as the bridge reads it: MSA-1, MSA-2 (the MSH-10 it acknowledges), MSA-3 text
 * and the ERR segments. Their text may quote what the EHR received, patient identifiers included:
 * it goes nowhere before the delivery code has scrubbed it.
 *
 * @param errors each ERR segment's fields, unescaped, joined by " | "
 */
public record Ack(AckCode code, String controlId, String text, List<String> errors) {

    public Ack {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(text, "text");
        errors = List.copyOf(errors);
    }

    /** The acknowledgement in an MLLP frame's text, or empty when it is not one (garbage, no MSA, an unknown code). */
    public static Optional<Ack> parse(String frame) {
        return Er7.parse(frame).flatMap(message -> message.value("MSA", 1, 1).flatMap(AckCode::of)
                .flatMap(code -> message.value("MSA", 2, 1).map(controlId -> new Ack(code, controlId,
                        message.value("MSA", 3, 1).orElse(""), message.segmentTexts("ERR")))));
    }
}
