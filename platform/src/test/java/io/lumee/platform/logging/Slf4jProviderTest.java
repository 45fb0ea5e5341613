package io.lumee.platform.logging;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLoggerFactory;

class Slf4jProviderTest {

    @Test
    void thisClasspathHasLogbackAsItsOnlyProvider() {
        assertThatCode(Slf4jProvider::requireLogback).doesNotThrowAnyException();
    }

    @Test
    void loggingIntoTheVoidIsRefused() {
        // what an slf4j-api 1.7 that cannot see logback's 2.x provider falls back to
        assertThatThrownBy(() -> Slf4jProvider.check(new NOPLoggerFactory(), List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not logback");
    }

    @Test
    void aSecondProviderIsRefused() {
        List<String> providers = List.of(LogbackServiceProvider.class.getName(), "org.slf4j.simple.SimpleServiceProvider");

        assertThatThrownBy(() -> Slf4jProvider.check(new LoggerContext(), providers))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("org.slf4j.simple.SimpleServiceProvider");
    }
}
