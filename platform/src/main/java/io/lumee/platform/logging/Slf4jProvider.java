package io.lumee.platform.logging;

import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Guards against the classpath accident that makes logs vanish silently: an slf4j-api 1.7 (as the AWS
 * SDK pulls in) that ignores logback's 2.x provider, or a second provider that SLF4J may pick instead.
 */
public final class Slf4jProvider {

    private Slf4jProvider() {
    }

    /** Throws unless SLF4J is bound to logback and logback is the only provider on the classpath. */
    public static void requireLogback() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        List<String> providers = ServiceLoader.load(SLF4JServiceProvider.class).stream()
                .map(provider -> provider.type().getName())
                .toList();
        check(factory, providers);
    }

    static void check(ILoggerFactory factory, List<String> providers) {
        if (!(factory instanceof LoggerContext)) {
            throw new IllegalStateException("SLF4J logs to " + factory.getClass().getName()
                    + ", not logback: keep slf4j-api 2.x and logback-classic as its only provider, or logs are lost");
        }
        if (providers.size() != 1) {
            throw new IllegalStateException("expected logback as the only SLF4J provider, found " + providers
                    + ": exclude the others from the dependencies");
        }
    }
}
