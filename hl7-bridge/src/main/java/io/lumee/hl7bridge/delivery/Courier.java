package io.lumee.hl7bridge.delivery;

import io.lumee.hl7bridge.metrics.BridgeMetrics;
import io.lumee.hl7bridge.mllp.Ack;
import io.lumee.hl7bridge.mllp.GarbledFrameException;
import io.lumee.hl7bridge.mllp.MllpConnection;
import io.lumee.hl7bridge.mllp.MllpConnector;
import io.lumee.hl7bridge.routing.DestinationRouter;
import io.lumee.hl7bridge.routing.MllpDestination;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one message at a time over its own persistent connections (one per destination), and
 * checks every acknowledgement: MSA-2 must be the sent MSH-10. No usable acknowledgement (none in time,
 * a garbled one, another MSH-10, a dropped connection) means reconnect and send the same message again
 * after a backoff, for as long as it takes: giving up would lose a message the EHR never refused.
 * A code the policy retries is retried up to the limit, then rejected.
 *
 * <p>Each lane owns a courier; only {@link #abortIfCancelled()} and {@link #close()} come from other threads.
 */
public final class Courier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);

    /** How one attempt went, when it did not yield an acknowledgement. */
    private enum Failure {
        NO_ACK("no-ack"), GARBLED("garbled"), WRONG_CONTROL_ID("wrong-control-id"), CONNECTION_FAILED("connection-failed");

        final String status;

        Failure(String status) {
            this.status = status;
        }
    }

    private final DestinationRouter router;
    private final MllpConnector connector;
    private final DeliveryRules rules;
    private final BridgeMetrics metrics;
    private final Map<String, MllpConnection> connections = new HashMap<>();
    private volatile Cancellation inFlight;
    private volatile MllpConnection inFlightConnection;

    public Courier(DestinationRouter router, MllpConnector connector, DeliveryRules rules, BridgeMetrics metrics) {
        this.router = router;
        this.connector = connector;
        this.rules = rules;
        this.metrics = metrics;
    }

    public Outcome deliver(OutboundMessage message, Cancellation cancellation) {
        MllpDestination destination = router.route(message.receivingApplication(), message.receivingFacility());
        inFlight = cancellation;
        try {
            return deliverTo(destination, message, cancellation);
        } finally {
            inFlight = null;
            inFlightConnection = null;
        }
    }

    /** Closes the connection of the exchange in progress if its delivery was cancelled, so it stops now rather than at its timeout. */
    public void abortIfCancelled() {
        Cancellation cancellation = inFlight;
        MllpConnection connection = inFlightConnection;
        if (cancellation != null && cancellation.cancelled() && connection != null) {
            connection.close();
        }
    }

    @Override
    public synchronized void close() {
        connections.values().forEach(MllpConnection::close);
    }

    private Outcome deliverTo(MllpDestination destination, OutboundMessage message, Cancellation cancellation) {
        int attempts = 0;
        int failures = 0;
        int retriesAsked = 0;
        while (!cancellation.cancelled()) {
            if (attempts++ > 0) {
                metrics.retried();
            }
            long start = System.nanoTime();
            Failure failure;
            try {
                MllpConnection connection = connection(destination);
                inFlightConnection = connection;
                Ack ack = Ack.parse(connection.exchange(message.er7(), rules.ackTimeout())).orElse(null);
                failure = ack == null ? Failure.GARBLED
                        : !ack.controlId().equals(message.controlId()) ? Failure.WRONG_CONTROL_ID
                        : null;
                if (failure == null) {
                    metrics.acknowledged(destination.name(), ack.code(), Duration.ofNanos(System.nanoTime() - start));
                    AckAction action = rules.policy().actionFor(ack.code());
                    if (action == AckAction.DONE) {
                        return new Outcome.Delivered(destination.name(), attempts);
                    }
                    if (action == AckAction.REJECT || ++retriesAsked > rules.maxRetries()) {
                        LOG.atWarn().setMessage("{} answered {}: rejecting the message").addArgument(destination.name())
                                .addArgument(ack.code()).addKeyValue("controlId", message.controlId())
                                .addKeyValue("attempts", attempts).log();
                        return new Outcome.Rejected(AckText.describe(ack, message.er7())
                                + " (from " + destination.name() + ", attempt " + attempts + ")", attempts);
                    }
                }
            } catch (SocketTimeoutException silent) {
                failure = Failure.NO_ACK;
            } catch (GarbledFrameException garbled) {
                failure = Failure.GARBLED;
            } catch (IOException broken) {
                failure = Failure.CONNECTION_FAILED;
            }
            if (cancellation.cancelled()) {
                break;
            }
            if (failure != null) {
                // the connection's state is unknown (a late ACK may still come): never reuse it
                disconnect(destination);
                metrics.failed(failure.status);
            }
            Duration delay = rules.backoff().delay(++failures, ThreadLocalRandom.current().nextDouble());
            LOG.atWarn().setMessage("{}: {}; sending again in {} ms").addArgument(destination.name())
                    .addArgument(failure == null ? "asked to retry" : failure.status).addArgument(delay.toMillis())
                    .addKeyValue("controlId", message.controlId()).addKeyValue("attempts", attempts).log();
            try {
                if (cancellation.awaitCancelled(delay)) {
                    break;
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Outcome.Abandoned();
    }

    private synchronized MllpConnection connection(MllpDestination destination) throws IOException {
        MllpConnection connection = connections.get(destination.name());
        if (connection == null || !connection.isOpen()) {
            connection = connector.open(destination);
            connections.put(destination.name(), connection);
        }
        return connection;
    }

    private synchronized void disconnect(MllpDestination destination) {
        MllpConnection connection = connections.remove(destination.name());
        if (connection != null) {
            connection.close();
        }
    }
}
