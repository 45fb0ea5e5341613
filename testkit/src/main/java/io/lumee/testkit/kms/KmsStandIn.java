package io.lumee.testkit.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lumee.testkit.LoopbackPorts;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.crypto.KeyGenerator;

/**
 * A stand-in for AWS KMS on 127.0.0.1, speaking its JSON protocol ({@code POST /},
 * {@code X-Amz-Target: TrentService.<Operation>}, {@code application/x-amz-json-1.1}) so the real AWS SDK
 * {@code KmsClient}, and the AWS Encryption SDK's KMS keyring through it, run unchanged against it with
 * {@code endpointOverride(endpoint())}. No KMS emulator exists on Maven Central, npm or Debian here.
 *
 * <p>Scope: symmetric customer-managed keys only, with the operations an envelope-encrypting client needs:
 * CreateKey, DescribeKey, GenerateDataKey, Encrypt, Decrypt. The encryption context is bound into every
 * ciphertext (as GCM associated data) and Decrypt refuses any other context with
 * {@code InvalidCiphertextException}, as KMS does. Keys live in memory for the stand-in's life; requests
 * must be SigV4-signed (any credentials: the signature itself is not checked).
 */
public final class KmsStandIn implements AutoCloseable {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "111122223333";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final String TARGET_PREFIX = "TrentService.";
    private static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, Function<JsonNode, ObjectNode>> operations = new LinkedHashMap<>();
    private final HttpServer server;
    private final ExecutorService executor;

    private KmsStandIn(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        operations.put("CreateKey", this::createKey);
        operations.put("DescribeKey", this::describeKey);
        operations.put("GenerateDataKey", this::generateDataKey);
        operations.put("Encrypt", this::encrypt);
        operations.put("Decrypt", this::decrypt);
    }

    public static KmsStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(LoopbackPorts.HOST, 0), 0);
            ExecutorService executor = Executors.newFixedThreadPool(2, task -> {
                Thread thread = new Thread(task, "lumee-kms-stand-in");
                thread.setDaemon(true);
                return thread;
            });
            server.setExecutor(executor);
            KmsStandIn kms = new KmsStandIn(server, executor);
            server.createContext("/", kms::handle);
            server.start();
            return kms;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the KMS stand-in", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, for {@code KmsClient.builder().endpointOverride(...)}. */
    public String endpoint() {
        return "http://" + LoopbackPorts.HOST + ":" + server.getAddress().getPort();
    }

    /** How many requests of one operation (e.g. {@code "Decrypt"}) were answered, errors included. */
    public long calls(String operation) {
        AtomicLong count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "KmsStandIn[" + endpoint() + "]";
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw new KmsError("UnknownOperationException", "expected a POST with X-Amz-Target: TrentService.<Operation>");
                }
                String operation = target.substring(TARGET_PREFIX.length());
                calls.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                    throw new KmsError("MissingAuthenticationTokenException", "the request is not SigV4-signed");
                }
                Function<JsonNode, ObjectNode> handler = operations.get(operation);
                if (handler == null) {
                    throw new KmsError("UnknownOperationException", "the stand-in does not implement " + operation);
                }
                respond(exchange, 200, handler.apply(parse(body)));
            } catch (KmsError error) {
                ObjectNode answer = json.createObjectNode().put("__type", error.type());
                if (error.getMessage() != null) {
                    answer.put("message", error.getMessage());
                }
                respond(exchange, 400, answer);
            }
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new KmsError("SerializationException", "the body is not a JSON object");
            }
            return node;
        } catch (IOException malformed) {
            throw new KmsError("SerializationException", "the body is not JSON");
        }
    }

    private void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        exchange.getResponseHeaders().set("Content-Type", JSON_1_1);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ObjectNode createKey(JsonNode request) {
        String usage = text(request, "KeyUsage", "ENCRYPT_DECRYPT");
        String spec = text(request, "KeySpec", text(request, "CustomerMasterKeySpec", SYMMETRIC_DEFAULT));
        if (!usage.equals("ENCRYPT_DECRYPT") || !spec.equals(SYMMETRIC_DEFAULT)) {
            throw new KmsError("UnsupportedOperationException", "the stand-in makes symmetric ENCRYPT_DECRYPT keys only");
        }
        String keyId = UUID.randomUUID().toString();
        KmsKey key = new KmsKey(keyId, "arn:aws:kms:" + REGION + ":" + ACCOUNT_ID + ":key/" + keyId,
                text(request, "Description", ""), Instant.now(), aes256());
        keys.put(keyId, key);
        return metadata(key);
    }

    private ObjectNode describeKey(JsonNode request) {
        return metadata(key(required(request, "KeyId")));
    }

    private ObjectNode generateDataKey(JsonNode request) {
        KmsKey key = key(required(request, "KeyId"));
        int length = dataKeyLength(request);
        byte[] plaintext = new byte[length];
        random.nextBytes(plaintext);
        return json.createObjectNode()
                .put("KeyId", key.arn())
                .put("CiphertextBlob", CiphertextBlob.seal(key, plaintext, context(request)))
                .put("Plaintext", plaintext);
    }

    private ObjectNode encrypt(JsonNode request) {
        KmsKey key = key(required(request, "KeyId"));
        byte[] plaintext = blob(request, "Plaintext");
        if (plaintext.length == 0 || plaintext.length > 4096) {
            throw KmsError.validation("Plaintext must be 1 to 4096 bytes");
        }
        requireSymmetricAlgorithm(request);
        return json.createObjectNode()
                .put("KeyId", key.arn())
                .put("CiphertextBlob", CiphertextBlob.seal(key, plaintext, context(request)))
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private ObjectNode decrypt(JsonNode request) {
        byte[] ciphertext = blob(request, "CiphertextBlob");
        requireSymmetricAlgorithm(request);
        KmsKey key = keys.get(CiphertextBlob.keyId(ciphertext));
        if (key == null) {
            throw KmsError.invalidCiphertext();
        }
        if (request.hasNonNull("KeyId") && !key.equals(key(request.get("KeyId").asText()))) {
            throw new KmsError("IncorrectKeyException", "the ciphertext was not made with the key named in KeyId");
        }
        return json.createObjectNode()
                .put("KeyId", key.arn())
                .put("Plaintext", CiphertextBlob.open(key, ciphertext, context(request)))
                .put("EncryptionAlgorithm", SYMMETRIC_DEFAULT);
    }

    private ObjectNode metadata(KmsKey key) {
        ObjectNode metadata = json.createObjectNode()
                .put("AWSAccountId", ACCOUNT_ID)
                .put("KeyId", key.keyId())
                .put("Arn", key.arn())
                .put("CreationDate", key.created().getEpochSecond())
                .put("Enabled", true)
                .put("Description", key.description())
                .put("KeyUsage", "ENCRYPT_DECRYPT")
                .put("KeyState", "Enabled")
                .put("Origin", "AWS_KMS")
                .put("KeyManager", "CUSTOMER")
                .put("CustomerMasterKeySpec", SYMMETRIC_DEFAULT)
                .put("KeySpec", SYMMETRIC_DEFAULT)
                .put("MultiRegion", false);
        metadata.putArray("EncryptionAlgorithms").add(SYMMETRIC_DEFAULT);
        ObjectNode answer = json.createObjectNode();
        answer.set("KeyMetadata", metadata);
        return answer;
    }

    /** A key by id or ARN; aliases are not kept. */
    private KmsKey key(String keyId) {
        String id = keyId.startsWith("arn:") ? keyId.substring(keyId.lastIndexOf('/') + 1) : keyId;
        KmsKey key = keys.get(id);
        if (key == null || (keyId.startsWith("arn:") && !key.arn().equals(keyId))) {
            throw KmsError.notFound(keyId);
        }
        return key;
    }

    private int dataKeyLength(JsonNode request) {
        if (request.hasNonNull("NumberOfBytes") == request.hasNonNull("KeySpec")) {
            throw KmsError.validation("give exactly one of NumberOfBytes and KeySpec");
        }
        if (request.hasNonNull("KeySpec")) {
            return switch (request.get("KeySpec").asText()) {
                case "AES_256" -> 32;
                case "AES_128" -> 16;
                default -> throw KmsError.validation("KeySpec must be AES_256 or AES_128");
            };
        }
        int length = request.get("NumberOfBytes").asInt();
        if (length < 1 || length > 1024) {
            throw KmsError.validation("NumberOfBytes must be 1 to 1024");
        }
        return length;
    }

    private static void requireSymmetricAlgorithm(JsonNode request) {
        if (request.hasNonNull("EncryptionAlgorithm") && !request.get("EncryptionAlgorithm").asText().equals(SYMMETRIC_DEFAULT)) {
            throw KmsError.validation("symmetric keys take EncryptionAlgorithm SYMMETRIC_DEFAULT only");
        }
    }

    private static Map<String, String> context(JsonNode request) {
        Map<String, String> context = new LinkedHashMap<>();
        JsonNode node = request.get("EncryptionContext");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw KmsError.validation("EncryptionContext must be a map of strings");
            }
            node.fields().forEachRemaining(entry -> context.put(entry.getKey(), entry.getValue().asText()));
        }
        return context;
    }

    private static String required(JsonNode request, String field) {
        if (!request.hasNonNull(field) || request.get(field).asText().isEmpty()) {
            throw KmsError.validation(field + " is required");
        }
        return request.get(field).asText();
    }

    private static String text(JsonNode request, String field, String defaultValue) {
        return request.hasNonNull(field) ? request.get(field).asText() : defaultValue;
    }

    private static byte[] blob(JsonNode request, String field) {
        try {
            return Base64.getDecoder().decode(required(request, field));
        } catch (IllegalArgumentException notBase64) {
            throw new KmsError("SerializationException", field + " is not base64");
        }
    }

    private static javax.crypto.SecretKey aes256() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES is part of every JDK", e);
        }
    }
}
