package io.lumee.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Logs through the platform's logback.xml, as every service does, and reads what reached stdout. */
class JsonLogLineTest {

    private static final Logger LOG = LoggerFactory.getLogger(JsonLogLineTest.class);

    @Test
    void logEventIsOneJsonObjectOnOneLine() throws Exception {
        String stdout = StdoutCapture.during(() -> {
            MDC.put("ingestId", "ingest-7");
            try {
                LOG.atWarn().setMessage("line one\nline \"two\" for {}").addArgument("lumee-0001")
                        .addKeyValue("stage", "signature")
                        .setCause(new IllegalStateException("bad\nsignature", new RuntimeException("root cause")))
                        .log();
            } finally {
                MDC.remove("ingestId");
            }
        });

        assertThat(stdout).endsWith("\n");
        assertThat(stdout.lines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(stdout);
        assertThat(line.path("timestamp").isNumber()).isTrue();
        assertThat(line.path("level").asText()).isEqualTo("WARN");
        assertThat(line.path("loggerName").asText()).isEqualTo(JsonLogLineTest.class.getName());
        assertThat(line.path("threadName").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.path("formattedMessage").asText()).isEqualTo("line one\nline \"two\" for lumee-0001");
        assertThat(line.path("mdc").path("ingestId").asText()).isEqualTo("ingest-7");
        assertThat(line.path("kvpList").get(0).path("stage").asText()).isEqualTo("signature");
        assertThat(line.path("throwable").path("className").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(line.path("throwable").path("message").asText()).isEqualTo("bad\nsignature");
        assertThat(line.path("throwable").path("stepArray").size()).isPositive();
        assertThat(line.path("throwable").path("cause").path("message").asText()).isEqualTo("root cause");
    }

    @Test
    void linesOmitWhatRepeatsOnEveryLine() throws Exception {
        String stdout = StdoutCapture.during(() -> LOG.info("started"));

        JsonNode line = new ObjectMapper().readTree(stdout);
        assertThat(line.has("context")).isFalse();
        assertThat(line.has("sequenceNumber")).isFalse();
        assertThat(line.has("message")).isFalse();
    }
}
