package io.lumee.gateway.identity;

import java.util.Objects;

/** Whether a client certificate may post a reading for a device, and if not, why. */
public sealed interface Access permits Access.Granted, Access.Denied {

    Granted GRANTED = new Granted();

    record Granted() implements Access {
    }

    /**
     * @param reason a short code for metrics, audit and the answer
     * @param detail one line for the client; names ids, never a reading value
     */
    record Denied(String reason, String detail) implements Access {
        public Denied {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
