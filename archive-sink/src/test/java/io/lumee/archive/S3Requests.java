package io.lumee.archive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Records what every S3 request of this JVM put on the wire: an AWS SDK global interceptor (listed in
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath), so the sink's
 * own, unmodified S3 client reports its PutObject headers. S3Mock ignores Object Lock headers, so the requests
 * are what tests assert. In a sink child JVM, {@code -Dlumee.test.s3-log=<file>} appends one line per PutObject.
 *
 * <p>A test may also make the next PutObject to a bucket fail after S3 stored it, as a crash or a lost
 * answer would ({@link #afterStoring}).
 */
public final class S3Requests implements ExecutionInterceptor {
    /** One request: the operation and its HTTP headers (names lower-cased). */
    public record Request(String operation, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private static final List<Request> SEEN = new CopyOnWriteArrayList<>();
    private static final String LOG_PROPERTY = "lumee.test.s3-log";
    private static volatile Predicate<Request> failAfterStoring = request -> false;
    private static volatile java.util.function.Supplier<RuntimeException> failure = () -> null;
    private static volatile Error crash;

    public static List<Request> seen() {
        return List.copyOf(SEEN);
    }

    public static List<Request> puts(String bucket) {
        return SEEN.stream().filter(request -> request.operation().equals("PutObject") && request.path().startsWith("/" + bucket + "/")).toList();
    }

    public static List<Request> requests(String operation, String bucket) {
        return SEEN.stream().filter(request -> request.operation().equals(operation) && request.path().startsWith("/" + bucket)).toList();
    }

    /** After S3 stores the first put matching {@code which}, the client sees {@code failure} instead of the answer. */
    public static void afterStoring(Predicate<Request> which, RuntimeException thrown) {
        failure = () -> thrown;
        crash = null;
        failAfterStoring = which;
    }

    /** As {@link #afterStoring}, with an error no handler catches: the thread dies as the process would. */
    public static void crashAfterStoring(Predicate<Request> which, Error thrown) {
        crash = thrown;
        failAfterStoring = which;
    }

    public static void reset() {
        failAfterStoring = request -> false;
        crash = null;
    }

    /** Reads a child JVM's log of PutObject lines: {@code path <tab> name=value <tab> ...}. */
    public static List<Request> readLog(Path file) throws IOException {
        List<Request> requests = new ArrayList<>();
        if (!Files.exists(file)) {
            return requests;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t");
            Map<String, String> headers = new TreeMap<>();
            for (int i = 1; i < fields.length; i++) {
                int equals = fields[i].indexOf('=');
                headers.put(fields[i].substring(0, equals), fields[i].substring(equals + 1));
            }
            requests.add(new Request("PutObject", fields[0], headers));
        }
        return requests;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest http = context.httpRequest();
        Map<String, String> headers = new TreeMap<>();
        http.headers().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        // query parameters ride along as "?name", e.g. a listing's "?start-after"
        http.rawQueryParameters().forEach((name, values) -> headers.put("?" + name, String.join(",", values)));
        Request request = new Request(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), http.encodedPath(), headers);
        SEEN.add(request);
        String log = System.getProperty(LOG_PROPERTY);
        if (log != null && request.operation().equals("PutObject")) {
            StringBuilder line = new StringBuilder(request.path());
            headers.forEach((name, value) -> {
                if (name.startsWith("x-amz-") || name.equals("if-none-match")) {
                    line.append('\t').append(name).append('=').append(value);
                }
            });
            try {
                Files.writeString(Path.of(log), line.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (!operation.equals("PutObject") || context.httpResponse().statusCode() != 200) {
            return;
        }
        Request request = new Request(operation, context.httpRequest().encodedPath(), Map.of());
        if (failAfterStoring.test(request)) {
            failAfterStoring = any -> false;
            if (crash != null) {
                throw crash;
            }
            throw failure.get();
        }
    }
}
