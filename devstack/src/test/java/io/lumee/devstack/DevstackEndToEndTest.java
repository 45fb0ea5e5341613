package io.lumee.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline as `./lumee up` runs it, with faults on, while each service is killed outright
 * (SIGKILL) and started again in turn; then every reading the fleet sent is reconciled against the FHIR
 * server's and the EHR peer's own records, the DLQ, the audit trail and archive verify.
 */
class DevstackEndToEndTest {
    private static final Duration BETWEEN_KILLS = Duration.ofSeconds(8);

    @Test
    void nothingIsLostOrDoubledWhileEveryServiceIsKilledAndRestartedInTurn() throws Exception {
        Progress progress = new Progress(System.out);
        Ledger ledger = new Ledger();
        try (Stack stack = Stack.start(Path.of("..").toAbsolutePath().normalize(), progress)) {
            FleetPlan plan = new FleetPlan(6, 2, Duration.ZERO, true);
            Fleet fleet = Fleet.enroll(stack, plan, ledger);
            try {
                fleet.start();
                Thread.sleep(BETWEEN_KILLS.toMillis());
                for (Service service : List.of(Service.PROCESSOR, Service.FHIR_SINK, Service.HL7_BRIDGE,
                        Service.ARCHIVE_SINK, Service.GATEWAY)) {
                    progress.step("SIGKILL " + service.module());
                    stack.service(service).kill();
                    Thread.sleep(2000);
                    Duration restart = stack.service(service).start();
                    progress.step(service.module() + " restarted and ready in " + restart.toMillis() + " ms");
                    Thread.sleep(BETWEEN_KILLS.toMillis());
                }
                fleet.stop(Duration.ofMinutes(1));
            } finally {
                fleet.close();
            }
            progress.step("reconciling " + ledger.delivered.size() + " delivered, " + ledger.rejected.size()
                    + " rejected, " + ledger.intendedDuplicates() + " duplicates, " + ledger.held.size() + " held");
            Reconciliation.Report report = Reconciliation.run(stack, ledger, Duration.ofMinutes(3));
            report.summary().forEach(line -> System.out.println("  " + line));

            assertThat(report.discrepancies()).isEmpty();
            assertThat(ledger.delivered).hasSizeGreaterThan(300);
            assertThat(ledger.rejected.values()).as("every kind of refusal the fleet provokes")
                    .contains(io.lumee.schemas.RejectionReason.SIGNATURE, io.lumee.schemas.RejectionReason.UNIT_UNKNOWN,
                            io.lumee.schemas.RejectionReason.CLOCK_SKEW);
            assertThat(ledger.refusedAtGateway).isNotEmpty();
            assertThat(ledger.posts).as("the gateway's death was felt by the fleet").containsKey("connection-failed");
        }
    }
}
