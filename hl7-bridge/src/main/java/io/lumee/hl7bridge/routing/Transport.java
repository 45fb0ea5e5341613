package io.lumee.hl7bridge.routing;

/** How a destination is reached. */
public enum Transport {
    /** TLS with a client certificate: the default, since the EHR then knows who is sending. */
    MTLS,
    /** TLS, the server authenticated only. */
    TLS,
    /** Plain TCP; only by explicit configuration, for engines on the same host or a private link. */
    PLAIN;

    public boolean encrypted() {
        return this != PLAIN;
    }
}
