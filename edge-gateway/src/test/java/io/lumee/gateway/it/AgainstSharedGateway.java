package io.lumee.gateway.it;

import org.junit.jupiter.api.BeforeAll;

/** Tests against the one gateway and pipeline of this test JVM ({@link SharedGateway}). */
abstract class AgainstSharedGateway {
    static GatewayUnderTest gateway;
    static Pipeline pipeline;

    @BeforeAll
    static void startSharedGateway() throws Exception {
        gateway = SharedGateway.gateway();
        pipeline = SharedGateway.pipeline();
    }
}
