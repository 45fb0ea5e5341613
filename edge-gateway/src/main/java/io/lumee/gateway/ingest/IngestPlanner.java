package io.lumee.gateway.ingest;

import io.lumee.gateway.identity.Access;
import io.lumee.gateway.identity.AccessPolicy;
import io.lumee.gateway.identity.ClientIdentity;
import io.lumee.platform.kafka.ReadingHeaders;
import io.lumee.protocol.JwsFailure;
import io.lumee.protocol.JwsParse;
import io.lumee.protocol.Reading;
import io.lumee.protocol.UnverifiedJws;
import io.lumee.schemas.LumeeReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides what becomes of a request, short of producing: the body's media type, encoding and size, then
 * per item the JWS's shape (parsed, not verified: the processor verifies), the certificate's right to
 * the deviceId, and the device's rate. Bad input is answered with values, never exceptions.
 */
public final class IngestPlanner {

    private final IngestLimits limits;
    private final AccessPolicy access;
    private final DeviceRateLimiter rates;

    public IngestPlanner(IngestLimits limits, AccessPolicy access, DeviceRateLimiter rates) {
        this.limits = limits;
        this.access = access;
        this.rates = rates;
    }

    public IngestPlan plan(IngestRequest request, ClientIdentity identity, Instant receivedAt, String ingestId) {
        if (identity instanceof ClientIdentity.Unidentified unidentified) {
            return Refusal.of(403, "no-identity", unidentified.why());
        }
        Optional<BodyFormat> format = BodyFormat.of(request.contentType());
        if (format.isEmpty()) {
            return Refusal.of(415, "unsupported-media-type", "Content-Type must be application/jose, application/json or application/x-ndjson");
        }
        Optional<ContentCoding> coding = ContentCoding.of(request.contentEncoding());
        if (coding.isEmpty()) {
            return Refusal.of(415, "unsupported-content-encoding", "Content-Encoding must be gzip or absent");
        }
        BoundedBody.DecodedBody decoded = BoundedBody.decode(request.body(), coding.get(), limits.maxBodyBytes());
        if (decoded instanceof BoundedBody.DecodedBody.Refused refused) {
            return refused.refusal();
        }
        BatchReader.Batch batch = BatchReader.read(format.get(), ((BoundedBody.DecodedBody.Decoded) decoded).bytes());
        if (batch instanceof BatchReader.Batch.Unreadable unreadable) {
            return unreadable.refusal();
        }
        List<BatchReader.Item> items = ((BatchReader.Batch.Read) batch).items();
        if (items.isEmpty()) {
            return Refusal.of(400, "empty", "the body holds no reading");
        }
        String gatewayId = identity instanceof ClientIdentity.Gateway gateway ? gateway.id() : null;
        List<ItemPlan> plans = new ArrayList<>(items.size());
        for (BatchReader.Item item : items) {
            plans.add(plan(item, identity, gatewayId, receivedAt, ingestId));
        }
        return new IngestPlan.Items(plans);
    }

    private ItemPlan plan(BatchReader.Item item, ClientIdentity identity, String gatewayId, Instant receivedAt, String ingestId) {
        if (item instanceof BatchReader.Item.NotAString notAString) {
            return ItemPlan.Refused.malformed(item.index(), "not-a-string", notAString.detail());
        }
        String jws = ((BatchReader.Item.Candidate) item).jws();
        JwsParse parsed = UnverifiedJws.parse(jws);
        if (parsed instanceof JwsFailure failure) {
            return ItemPlan.Refused.malformed(item.index(), code(failure.reason()), failure.detail());
        }
        Reading reading = ((UnverifiedJws) parsed).reading();
        Optional<String> readingId = Optional.of(reading.readingId());
        Optional<String> deviceId = Optional.of(reading.deviceId());
        if (access.decide(identity, reading.deviceId()) instanceof Access.Denied denied) {
            return new ItemPlan.Refused(item.index(), readingId, deviceId, ItemOutcome.FORBIDDEN, denied.reason(), denied.detail(), Optional.empty());
        }
        Optional<Duration> wait = rates.take(reading.deviceId());
        if (wait.isPresent()) {
            return new ItemPlan.Refused(item.index(), readingId, deviceId, ItemOutcome.RATE_LIMITED, "device-rate",
                    "device " + reading.deviceId() + " is over " + limits.deviceRatePerSecond() + " readings a second", wait);
        }
        return new ItemPlan.Produce(item.index(), record(reading, jws, gatewayId, receivedAt, ingestId),
                new ReadingHeaders(reading.readingId(), reading.deviceId(), reading.timestamp(), receivedAt));
    }

    /** The JWS is kept as received: it is what the processor verifies and the archive keeps. */
    private static LumeeReading record(Reading reading, String jws, String gatewayId, Instant receivedAt, String ingestId) {
        return LumeeReading.newBuilder()
                .setReadingId(reading.readingId())
                .setDeviceId(reading.deviceId())
                .setEpoch(reading.epoch())
                .setSequence(reading.sequence())
                .setDeviceTime(reading.timestamp())
                .setTissueO2(reading.tissueO2())
                .setUnits(reading.units())
                .setSignalQuality(reading.signalQuality())
                .setSdkVersion(reading.sdkVersion())
                .setFirmware(reading.firmware())
                .setJws(jws)
                .setGatewayId(gatewayId)
                .setReceivedAt(receivedAt)
                .setIngestId(ingestId)
                .build();
    }

    static String code(JwsFailure.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
