package io.lumee.cli.device;

import io.lumee.cli.AdminCli;
import io.lumee.platform.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the operator commands end: 0 done; {@value AdminCli#EXIT_REFUSED} refused (a bad flag or setting,
 * a state that forbids it, unreadable key material); {@value AdminCli#EXIT_FAILED} when Kafka or the
 * registry failed. One line on standard error says why.
 */
public final class CommandRun {

    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private CommandRun() {}

    public static int run(CommandSpec spec, Body body) {
        PrintWriter err = spec.commandLine().getErr();
        String name = spec.qualifiedName(" ").replaceFirst("^lumee-admin ", "");
        try {
            body.run();
            return 0;
        } catch (ConfigException badSettings) {
            badSettings.errors().forEach(err::println);
            return AdminCli.EXIT_REFUSED;
        } catch (IllegalArgumentException | IllegalStateException | IOException | GeneralSecurityException refused) {
            err.println(name + ": " + refused.getMessage());
            return AdminCli.EXIT_REFUSED;
        } catch (ExecutionException failed) {
            err.println(name + ": Kafka refused the write: " + failed.getCause().getMessage());
            return AdminCli.EXIT_FAILED;
        } catch (TimeoutException | KafkaException failed) {
            err.println(name + ": " + failed.getMessage());
            return AdminCli.EXIT_FAILED;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            err.println(name + ": interrupted");
            return AdminCli.EXIT_FAILED;
        } catch (Exception unexpected) {
            err.println(name + ": " + unexpected);
            return AdminCli.EXIT_FAILED;
        }
    }
}
