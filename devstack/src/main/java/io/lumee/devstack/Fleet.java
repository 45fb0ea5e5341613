package io.lumee.devstack;

import io.lumee.cli.AdminCli;
import io.lumee.protocol.client.ClientTls;
import io.lumee.protocol.client.DeviceClient;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.PatientAssignment;
import io.lumee.schemas.SigningAlgorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The simulated fleet: devices enrolled as an operator would (certificate from the CA, registration on
 * {@code lumee.devices}, Patient ensured on the FHIR server), then reading on a schedule through the
 * edge-gateway over mutual TLS.
 */
final class Fleet implements AutoCloseable {
    static final String PATIENT_SYSTEM = "urn:oid:2.16.840.1.113883.19.5.99";
    private static final Instant ASSIGNED_FROM = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

    private final Stack stack;
    private final FleetPlan plan;
    private final Ledger ledger;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "lumee-fleet");
        thread.setDaemon(true);
        return thread;
    });
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    private Fleet(Stack stack, FleetPlan plan, Ledger ledger) {
        this.stack = stack;
        this.plan = plan;
        this.ledger = ledger;
    }

    /** Enrolls every device: certificates, registrations, patients. */
    static Fleet enroll(Stack stack, FleetPlan plan, Ledger ledger) throws Exception {
        Fleet fleet = new Fleet(stack, plan, ledger);
        List<DeviceRegistration> registrations = new ArrayList<>();
        for (int i = 1; i <= plan.devices(); i++) {
            String deviceId = String.format("sim-%04d", i);
            String patient = String.format("SIM-%04d", i);
            ensurePatient(stack, patient);
            registrations.add(registration(deviceId, DeviceStatus.ACTIVE, assignment(patient, ASSIGNED_FROM, null)));
            fleet.add(deviceId, SimulatedDevice.Kind.REGULAR, SimulatedDevice.Patients.only(patient), i);
        }
        if (plan.faults()) {
            ensurePatient(stack, "SIM-FORGER");
            registrations.add(registration("sim-forger", DeviceStatus.ACTIVE, assignment("SIM-FORGER", ASSIGNED_FROM, null)));
            fleet.add("sim-forger", SimulatedDevice.Kind.FORGER, SimulatedDevice.Patients.only("SIM-FORGER"), 9001);
            registrations.add(registration("sim-skewed", DeviceStatus.ACTIVE, assignment("SIM-SKEWED", ASSIGNED_FROM, null)));
            fleet.add("sim-skewed", SimulatedDevice.Kind.SKEWED_CLOCK, SimulatedDevice.Patients.only("SIM-SKEWED"), 9002);
            registrations.add(registration("sim-revoked", DeviceStatus.REVOKED, assignment("SIM-REVOKED", ASSIGNED_FROM, null)));
            fleet.add("sim-revoked", SimulatedDevice.Kind.REVOKED, SimulatedDevice.Patients.only("SIM-REVOKED"), 9003);
            fleet.add("sim-unknown", SimulatedDevice.Kind.UNKNOWN, SimulatedDevice.Patients.only("none"), 9004);
            ensurePatient(stack, "SIM-0001-B");
        }
        publish(stack, registrations);
        stack.service(Service.GATEWAY).awaitDevicesKnown(registrations.size());
        return fleet;
    }

    List<SimulatedDevice> devices() {
        return List.copyOf(devices);
    }

    void start() {
        long tickNanos = plan.tick().toNanos();
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice device = devices.get(i);
            long offset = tickNanos * i / devices.size();
            schedules.add(ticker.scheduleAtFixedRate(() -> safely(device), offset, tickNanos, TimeUnit.NANOSECONDS));
        }
        if (plan.faults()) {
            ticker.schedule(this::reassignFirstDevice, 20 * tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops reading, then sends what is still waiting until it is all acknowledged (or the wait ends). */
    void stop(Duration flushFor) throws InterruptedException {
        schedules.forEach(schedule -> schedule.cancel(false));
        ticker.shutdown();
        ticker.awaitTermination(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + flushFor.toNanos();
        while (System.nanoTime() < deadline) {
            int waiting = devices.stream().mapToInt(SimulatedDevice::flushOutbox).sum();
            if (waiting == 0) {
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** A device moved to another patient mid-run: its readings from now on belong to the new patient. */
    private void reassignFirstDevice() {
        SimulatedDevice device = devices.get(0);
        device.pause(Duration.ofSeconds(3));
        try {
            Thread.sleep(plan.tick().toMillis() + 200);
            Instant switchAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            publish(stack, List.of(registration(device.deviceId(), DeviceStatus.ACTIVE,
                    assignment("SIM-0001", ASSIGNED_FROM, switchAt), assignment("SIM-0001-B", switchAt, null))));
            device.reassign(new SimulatedDevice.Patients("SIM-0001", switchAt, "SIM-0001-B"));
        } catch (Exception e) {
            System.err.println("devstack: reassigning " + device.deviceId() + " failed: " + e);
        }
    }

    private void add(String deviceId, SimulatedDevice.Kind kind, SimulatedDevice.Patients patients, long seed) throws Exception {
        devices.add(new SimulatedDevice(deviceId, kind, plan.faults(), client(stack, deviceId, Duration.ofSeconds(15)), stack.master,
                patients, ledger, seed));
    }

    /** A device's own client: a certificate from the stack's CA naming it, over mutual TLS to the gateway. */
    static DeviceClient client(Stack stack, String deviceId, Duration timeout) throws Exception {
        Workspace workspace = stack.workspace;
        Path keyStore = workspace.keyStore("device-" + deviceId, stack.infrastructure.ca.issueDevice(deviceId));
        return DeviceClient.builder(stack.gateway, ClientTls.fromPkcs12(keyStore, workspace.storePassword(),
                workspace.trustStore(stack.infrastructure.ca), workspace.storePassword())).timeout(timeout).build();
    }

    private static void safely(SimulatedDevice device) {
        try {
            device.tick();
        } catch (RuntimeException e) {
            System.err.println("devstack: device " + device.deviceId() + " failed a tick: " + e);
        }
    }

    /** The Patient on the FHIR server, as an operator creates it: the identifier from a file, never an argument. */
    static void ensurePatient(Stack stack, String value) {
        Path identifier = stack.workspace.write("patient-" + value, PATIENT_SYSTEM + "|" + value + "\n");
        StringWriter err = new StringWriter();
        int status = AdminCli.run(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(err), "patient", "ensure",
                "--fhir-base", stack.infrastructure.fhir.baseUrl(), "--identifier-file", identifier.toString());
        if (status != 0) {
            throw new IllegalStateException("patient ensure failed (" + status + "): " + err);
        }
    }

    static void publish(Stack stack, List<DeviceRegistration> registrations) throws Exception {
        Map<String, Object> properties = new HashMap<>(stack.infrastructure.kafka.tlsClientProperties(
                stack.infrastructure.ca.issue(io.lumee.testkit.tls.CertificateSpec.client("devstack-admin"))));
        properties.put("acks", "all");
        properties.put("enable.idempotence", true);
        try (KafkaProducer<String, DeviceRegistration> producer = new KafkaProducer<>(properties,
                stack.topics.devices().keySerde().serializer(), stack.topics.devices().valueSerde().serializer())) {
            for (DeviceRegistration registration : registrations) {
                producer.send(new ProducerRecord<>(stack.topics.devices().name(), registration.getDeviceId(), registration))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    static DeviceRegistration registration(String deviceId, DeviceStatus status, PatientAssignment... assignments) {
        return DeviceRegistration.newBuilder()
                .setDeviceId(deviceId)
                .setStatus(status)
                .setAlg(SigningAlgorithm.HS256)
                .setPublicKeyJwk(null)
                .setGatewayIds(List.of())
                .setFacility(Stack.FACILITY)
                .setUdi(null)
                .setAssignments(List.of(assignments))
                .setUpdatedAt(Instant.now())
                .build();
    }

    static PatientAssignment assignment(String patient, Instant from, Instant to) {
        return PatientAssignment.newBuilder()
                .setPatientSystem(PATIENT_SYSTEM)
                .setPatientValue(patient)
                .setFrom(from)
                .setTo(to)
                .setConsentRef(null)
                .build();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
