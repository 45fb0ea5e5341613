package io.lumee.hl7bridge.it;

/** Every scenario over plain MLLP, with the broker's plaintext listener. */
class PlainMllpDeliveryTest extends DeliveryScenarios {
    @Override
    boolean mutualTls() {
        return false;
    }
}
