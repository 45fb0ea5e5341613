package io.lumee.cli.device;

import io.lumee.cli.AdminCli;
import io.lumee.schemas.AuditAction;
import io.lumee.schemas.DeviceRegistration;
import io.lumee.schemas.DeviceStatus;
import io.lumee.schemas.PatientAssignment;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code device}: provisioning, patient assignment, revocation, retirement and listing of devices. */
@Command(name = "device", mixinStandardHelpOptions = true, description = "Devices and their registrations on lumee.devices.",
        subcommands = {DeviceProvision.class, DeviceCommand.Assign.class, DeviceCommand.Revoke.class, DeviceCommand.Retire.class,
                DeviceCommand.ListDevices.class})
public final class DeviceCommand {

    private DeviceCommand() {}

    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Assign the device to a patient from now (or --from), closing its current assignment.")
    static final class Assign implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--id", required = true, description = "The deviceId.")
        private String deviceId;

        @Option(names = "--patient-file", required = true, paramLabel = "FILE|-",
                description = "Properties system=, value=, consent= from a file, or - for standard input.")
        private String patientFile;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Start of the assignment, e.g. 2026-01-18T14:00:00Z (default: now).")
        private String from;

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                Patient patient = Patient.read(patientFile, System.in);
                Instant start = from == null ? Instant.now() : instant(from);
                try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
                    var patientKey = pipeline.patientKey();
                    DeviceRegistration current = active(pipeline, deviceId);
                    AssignmentHistory.Assigned assigned = AssignmentHistory.assign(current.getAssignments(), patient, start);
                    pipeline.publish(DeviceRegistration.newBuilder(current).setAssignments(assigned.history()).setUpdatedAt(Instant.now()).build());
                    if (assigned.closed().isPresent()) {
                        PatientAssignment closed = assigned.closed().get();
                        pipeline.audit(AuditAction.PATIENT_UNASSIGNED, deviceId, patientKey.of(closed.getPatientSystem(), closed.getPatientValue()),
                                null, "assignment from " + closed.getFrom() + " closed at " + closed.getTo() + " by a new assignment");
                    }
                    pipeline.audit(AuditAction.PATIENT_ASSIGNED, deviceId, patientKey.of(patient.system(), patient.value()), null,
                            "assigned from " + start + (patient.consentRef() == null ? ", no consent recorded" : ", consent recorded"));
                    spec.commandLine().getOut().println("assigned " + deviceId + " from " + start
                            + assigned.closed().map(c -> " (closed the assignment from " + c.getFrom() + ")").orElse(""));
                }
            });
        }

        private static Instant instant(String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notAnInstant) {
                throw new IllegalArgumentException("--from " + text + ": expected an instant such as 2026-01-18T14:00:00Z");
            }
        }
    }

    /** Revoke and retire: a status change, published and audited. */
    abstract static class StatusChange implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--id", required = true, description = "The deviceId.")
        private String deviceId;

        @Option(names = "--reason", description = "Why, for the audit record (no patient data).")
        private String reason;

        abstract DeviceStatus status();

        abstract AuditAction action();

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
                    DeviceRegistration current = pipeline.registration(deviceId)
                            .orElseThrow(() -> new IllegalStateException("device " + deviceId + " is not registered"));
                    if (current.getStatus() == status()) {
                        spec.commandLine().getOut().println(deviceId + " is already " + status());
                        return;
                    }
                    pipeline.publish(DeviceRegistration.newBuilder(current).setStatus(status()).setUpdatedAt(Instant.now()).build());
                    pipeline.audit(action(), deviceId, null, reason, "status " + current.getStatus() + " -> " + status());
                    spec.commandLine().getOut().println(deviceId + " is now " + status() + "; gateways refuse its readings at once");
                }
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a device (e.g. a compromised key): its readings are refused.")
    static final class Revoke extends StatusChange {
        @Override
        DeviceStatus status() {
            return DeviceStatus.REVOKED;
        }

        @Override
        AuditAction action() {
            return AuditAction.DEVICE_REVOKED;
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, description = "Retire a device at the end of its life: its readings are refused.")
    static final class Retire extends StatusChange {
        @Override
        DeviceStatus status() {
            return DeviceStatus.RETIRED;
        }

        @Override
        AuditAction action() {
            return AuditAction.DEVICE_RETIRED;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List registered devices: id, status, alg, facility, gateways, whether a patient is assigned (never who).")
    static final class ListDevices implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Option(names = "--facility", description = "Only devices of this facility.")
        private String facility;

        @Option(names = "--status", description = "Only devices in this status.")
        private DeviceStatus status;

        @Override
        public Integer call() {
            return CommandRun.run(spec, () -> {
                PrintWriter out = spec.commandLine().getOut();
                try (PipelineConnection pipeline = PipelineConnection.open(AdminCli.environment(spec))) {
                    List<DeviceRegistration> devices = pipeline.registrations().stream()
                            .filter(d -> facility == null || facility.equals(d.getFacility()))
                            .filter(d -> status == null || status == d.getStatus())
                            .toList();
                    out.printf("%-24s %-8s %-6s %-16s %-24s %-9s %s%n", "DEVICE", "STATUS", "ALG", "FACILITY", "GATEWAYS", "ASSIGNED", "UPDATED");
                    for (DeviceRegistration device : devices) {
                        boolean assigned = device.getAssignments().stream().anyMatch(a -> a.getTo() == null);
                        out.printf("%-24s %-8s %-6s %-16s %-24s %-9s %s%n", device.getDeviceId(), device.getStatus(), device.getAlg(),
                                device.getFacility(), String.join(",", device.getGatewayIds()), assigned ? "yes" : "no", device.getUpdatedAt());
                    }
                    out.println(devices.size() + " devices");
                }
            });
        }
    }

    private static DeviceRegistration active(PipelineConnection pipeline, String deviceId) throws Exception {
        DeviceRegistration current = pipeline.registration(deviceId)
                .orElseThrow(() -> new IllegalStateException("device " + deviceId + " is not registered; provision it first"));
        if (current.getStatus() != DeviceStatus.ACTIVE) {
            throw new IllegalStateException("device " + deviceId + " is " + current.getStatus() + "; only an ACTIVE device is assigned");
        }
        return current;
    }
}
