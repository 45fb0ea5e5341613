package io.lumee.bench.load;

import io.lumee.protocol.JwsSigner;
import io.lumee.protocol.Reading;
import io.lumee.protocol.client.ClientTls;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.LumeeReading;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.SigningAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bench's devices, enrolled as an operator would: a Patient on the FHIR server, a registration on
 * {@code lumee.devices} (HS256, assigned to its patient since yesterday), and, for the rows that post
 * through the gateway, a device certificate and the reference client.
 */
final class BenchFleet {
    static final String PATIENT_SYSTEM = "urn:oid:2.16.840.1.113883.19.5.99";
    private static final Instant ASSIGNED_FROM = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    private static final SecureRandom EPOCHS = new SecureRandom();

    /** One enrolled device: its signer and the patient it is assigned to. */
    record Device(String deviceId, String patient, JwsSigner signer) {
        String patientKey(BenchStack stack) {
            return stack.patientKey.of(PATIENT_SYSTEM, patient);
        }
    }

    final List<Device> devices;
    private final BenchStack stack;
    private final Map<String, DeviceClient> clients = new HashMap<>();

    private BenchFleet(BenchStack stack, List<Device> devices) {
        this.stack = stack;
        this.devices = devices;
    }

    static BenchFleet enroll(BenchStack stack, String prefix, int count) throws Exception {
        List<Device> devices = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String deviceId = String.format("%s-%04d", prefix, i);
            devices.add(new Device(deviceId, String.format("%s-%04d", prefix.toUpperCase(), i), JwsSigner.hs256(stack.master, deviceId)));
        }
        HttpClient http = HttpClient.newHttpClient();
        IntStream.range(0, devices.size()).parallel().forEach(i -> ensurePatient(http, stack, devices.get(i).patient()));
        Map<String, Object> properties = new HashMap<>(stack.plainClient());
        properties.put("acks", "all");
        properties.put("enable.idempotence", true);
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(properties,
                stack.topics.devices().keySerde().serializer(), stack.topics.devices().valueSerde().serializer())) {
            for (Device device : devices) {
                producer.send(new ProducerRecord<>(stack.topics.devices().name(), device.deviceId(), registration(device)));
            }
            producer.flush();
        }
        return new BenchFleet(stack, devices);
    }

    /** The first {@code count} devices, sharing their clients with this fleet. */
    BenchFleet subset(int count) {
        BenchFleet subset = new BenchFleet(stack, devices.subList(0, Math.min(count, devices.size())));
        synchronized (this) {
            subset.clients.putAll(clients);
        }
        return subset;
    }

    /** The reference device client for {@code device}, over mutual TLS with its own certificate. */
    synchronized DeviceClient client(Device device, URI gateway) throws Exception {
        DeviceClient client = clients.get(device.deviceId());
        if (client == null) {
            var keyStore = stack.keyStore("device-" + device.deviceId(), stack.ca.issueDevice(device.deviceId()));
            client = DeviceClient.builder(gateway, ClientTls.fromPkcs12(keyStore, stack.storePassword(), stack.trustStore(),
                    stack.storePassword())).timeout(Duration.ofSeconds(30)).build();
            clients.put(device.deviceId(), client);
        }
        return client;
    }

    static int freshEpoch() {
        return EPOCHS.nextInt(Integer.MAX_VALUE);
    }

    static Reading reading(Device device, int epoch, long sequence, Instant deviceTime) {
        double value = 40 + (sequence % 200) / 10.0;
        return new Reading(device.deviceId(), epoch, sequence, deviceTime.truncatedTo(ChronoUnit.MILLIS), value, "%",
                0.9, "1.3.0", "fw-2.4.1");
    }

    /** A reading as the gateway would have written it to {@code lumee.raw}. */
    static LumeeReading raw(Device device, int epoch, long sequence, Instant deviceTime, Instant receivedAt) {
        Reading reading = reading(device, epoch, sequence, deviceTime);
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
                .setJws(device.signer().sign(reading))
                .setGatewayId(null)
                .setReceivedAt(receivedAt.truncatedTo(ChronoUnit.MILLIS))
                .setIngestId(UUID.randomUUID().toString())
                .build();
    }

    private static void ensurePatient(HttpClient http, BenchStack stack, String patient) {
        String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + PATIENT_SYSTEM + "\",\"value\":\"" + patient + "\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.fhir.baseUrl() + "/Patient"))
                .header("Content-Type", "application/fhir+json")
                .header("If-None-Exist", "identifier=" + PATIENT_SYSTEM + "|" + patient)
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200 && status != 201) {
                throw new IllegalStateException("creating Patient " + patient + " answered " + status);
            }
        } catch (IOException e) {
            throw new IllegalStateException("creating Patient " + patient + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static DeviceRegistration registration(Device device) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(device.deviceId())
                .setStatus(DeviceStatus.ACTIVE)
                .setAlg(SigningAlgorithm.HS256)
                .setPublicKeyJwk(null)
                .setGatewayIds(List.of())
                .setFacility(BenchStack.FACILITY)
                .setUdi(null)
                .setAssignments(List.of(PatientAssignment.newBuilder()
                        .setPatientSystem(PATIENT_SYSTEM)
                        .setPatientValue(device.patient())
                        .setFrom(ASSIGNED_FROM)
                        .setTo(null)
                        .setConsentRef(null)
                        .build()))
                .setUpdatedAt(Instant.now())
                .build();
    }

    /** Waits until {@code gateway} knows every device of the fleet. */
    void awaitKnownBy(BenchService gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (gateway.metrics().sum("lumee_gateway_devices_known") < devices.size()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the gateway did not learn " + devices.size() + " registrations in 60 s");
            }
            Thread.sleep(200);
        }
    }
}
