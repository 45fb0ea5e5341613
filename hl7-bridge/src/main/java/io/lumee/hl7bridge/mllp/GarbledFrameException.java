package io.lumee.hl7bridge.mllp;

import java.io.IOException;

/** The peer answered bytes that are not an MLLP frame (or one too large to be an acknowledgement). */
public final class GarbledFrameException extends IOException {
    public GarbledFrameException(String message) {
        super(message);
    }
}
