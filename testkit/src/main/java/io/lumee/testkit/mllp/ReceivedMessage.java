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
}
