package io.lumee.hl7bridge.it;

/** Every scenario over MLLP in mutual TLS 1.3, with the broker's mutual-TLS listener for the bridge's Kafka clients. */
class MutualTlsMllpDeliveryTest extends DeliveryScenarios {
    @Override
    boolean mutualTls() {
        return true;
    }
}
