package io.lumee.testkit.mllp;

import java.time.Instant;

/**
 * One message as the test EHR received it.
 *
 * @param arrival 1 for the first message the server received, then 2, 3, ... across all connections
 * @param connection 1 for the first connection the server accepted, then 2, 3, ...
 * @param controlId MSH-10
 * @param er7 the message exactly as received, segments separated by CR
 * @param answer what the server answered
 * @param at when it arrived
 */
public record ReceivedMessage(int arrival, int connection, String controlId, String er7, Answer answer, Instant at) {

    /** OBR-3.1, the filler order number: Lumee's readingId (docs/hl7-interface.md); empty without an OBR-3. */
    public String fillerOrderNumber() {
        for (String segment : er7.split("[\r\n]+")) {
            if (segment.startsWith("OBR|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > 3 ? fields[3].split("\\^", -1)[0] : "";
            }
        }
        return "";
    }
}
