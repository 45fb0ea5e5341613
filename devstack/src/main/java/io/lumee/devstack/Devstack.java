package io.lumee.devstack;

import io.lumee.platform.logging.LogLevels;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.event.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * {@code ./lumee up}: the whole pipeline on the embedded default with a simulated fleet, a live view,
 * and at the end (Ctrl-C or {@code --duration}) a reconciliation of every reading sent; a discrepancy
 * makes the exit code non-zero.
 */
@Command(name = "lumee up", mixinStandardHelpOptions = true,
        description = "Run the whole Lumee pipeline on this machine with a simulated device fleet.")
public final class Devstack implements Callable<Integer> {
    @Option(names = "--devices", defaultValue = "20", description = "Simulated devices (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--rate", defaultValue = "1", description = "Readings a second per device (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "0s",
            description = "How long the fleet runs, e.g. 2m; 0s (the default) runs until Ctrl-C.")
    String duration;

    @Option(names = "--faults", description = "Inject duplicates, replays, out-of-order sends, forged JWS, unknown and "
            + "revoked devices, bad units, a skewed clock, an epoch bump and a reassignment.")
    boolean faults;

    @Option(names = "--view-every", defaultValue = "5s", description = "How often the live view prints (default: ${DEFAULT-VALUE}).")
    String viewEvery;

    @Option(names = "--repository", description = "The Lumee checkout whose runnable jars to run (default: found from the working folder).")
    Path repository;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Devstack()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // the stack's own servers log to this JVM; the view is what a newcomer should see
        new LogLevels(Level.ERROR, Level.ERROR).apply();
        PrintStream out = System.out;
        FleetPlan plan = new FleetPlan(devices, rate, io.lumee.platform.config.DurationText.parse(duration).orElse(Duration.ZERO),
                faults);
        Duration every = io.lumee.platform.config.DurationText.parse(viewEvery).orElse(Duration.ofSeconds(5));
        Path checkout = repository != null ? repository : findCheckout();
        CountDownLatch stop = new CountDownLatch(1);
        // Ctrl-C ends the run, not the JVM: the stack must still drain and reconcile before it stops
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());

        Progress progress = new Progress(out);
        Ledger ledger = new Ledger();
        try (Stack stack = Stack.start(checkout, progress)) {
            progress.step("enrolling " + devices + " devices" + (faults ? " and the faulty ones" : "")
                    + ": certificates, registrations, patients on the FHIR server");
            try (Fleet fleet = enrollOrExplain(stack, plan, ledger, out)) {
                fleet.start();
                progress.step("fleet running: " + devices + " devices at " + rate + " readings/s"
                        + (plan.duration().isZero() ? ", Ctrl-C to stop and reconcile" : " for " + duration));
                ConsoleView view = new ConsoleView(stack, ledger, out);
                long deadline = plan.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + plan.duration().toNanos();
                while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
                    view.print();
                }
                progress.step("stopping the fleet and sending what is still waiting");
                fleet.stop(Duration.ofMinutes(1));
                view.print();
            }
            progress.step("draining and reconciling every reading sent against the stores");
            Reconciliation.Report report = Reconciliation.run(stack, ledger, Duration.ofMinutes(2));
            report.summary().forEach(line -> out.println("  " + line));
            if (!report.clean()) {
                out.println("!! " + report.discrepancies().size() + " DISCREPANCIES:");
                report.discrepancies().forEach(line -> out.println("!!   " + line));
            } else {
                out.println("reconciliation: every reading is where it belongs, nothing lost, nothing doubled");
            }
            progress.step("stopping everything");
            return report.clean() ? 0 : 1;
        }
    }

    /** A failure here is the stack's: show the end of each service's log before everything is torn down. */
    private static Fleet enrollOrExplain(Stack stack, FleetPlan plan, Ledger ledger, PrintStream out) throws Exception {
        try {
            return Fleet.enroll(stack, plan, ledger);
        } catch (Exception | Error failed) {
            for (ServiceProcess service : stack.services()) {
                out.println("--- last lines of " + service.service().module() + " (" + service.logFile() + ")");
                service.logTail(15).forEach(out::println);
            }
            throw failed;
        }
    }

    /** The checkout is the nearest folder upwards that holds the reactor's pom and the devstack module. */
    private static Path findCheckout() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("devstack"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("run this from the Lumee checkout, or pass --repository");
    }
}
