package io.lumee.hl7bridge.delivery;

import io.lumee.hl7bridge.mllp.Er7;
import java.util.Objects;
import java.util.Optional;

/**
 * An ORU^R01 to deliver, with the header fields the bridge acts on: MSH-10 (every ACK must name it)
 * and MSH-5.1/MSH-6.1 (routing). The text is sent exactly as read, so a resend is byte-identical.
 */
public record OutboundMessage(String er7, String controlId, String receivingApplication, String receivingFacility) {

    public OutboundMessage {
        Objects.requireNonNull(er7, "er7");
        Objects.requireNonNull(controlId, "controlId");
        Objects.requireNonNull(receivingApplication, "receivingApplication");
        Objects.requireNonNull(receivingFacility, "receivingFacility");
    }

    /** The message, or empty when the text is not HL7 v2 with an MSH-10. */
    public static Optional<OutboundMessage> of(String er7) {
        return Er7.parse(er7).flatMap(message -> message.value("MSH", 10, 1).map(controlId -> new OutboundMessage(
                er7, controlId, message.value("MSH", 5, 1).orElse(""), message.value("MSH", 6, 1).orElse(""))));
    }

    /** The control id only: the text holds a patient identifier and a reading value. */
    @Override
    public String toString() {
        return "OutboundMessage[" + controlId + "]";
    }
}
