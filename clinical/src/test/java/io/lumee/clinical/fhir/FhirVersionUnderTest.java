package io.lumee.clinical.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.SharedValidators;
import io.lumee.clinical.fhir.r4.R4BundleMapper;
import io.lumee.clinical.fhir.r5.R5BundleMapper;
import io.lumee.clinical.validation.FhirResourceValidator;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The two FHIR versions as the tests see them: map a reading to the JSON a topic carries, read it
 * back as a tree, validate it. The wire JSON looks alike in both versions for everything Lumee
 * writes, so one test body checks both.
 */
public enum FhirVersionUnderTest {
    R4(new R4BundleMapper()::mapToJson, SharedValidators::r4),
    R5(new R5BundleMapper()::mapToJson, SharedValidators::r5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BiFunction<ProcessedReading, MappingConfig, String> mapper;
    private final Supplier<FhirResourceValidator> validator;

    FhirVersionUnderTest(BiFunction<ProcessedReading, MappingConfig, String> mapper,
            Supplier<FhirResourceValidator> validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public String json(ProcessedReading reading, MappingConfig config) {
        return mapper.apply(reading, config);
    }

    /** The shared validator for this version, built on first use. */
    public FhirResourceValidator validator() {
        return validator.get();
    }

    /** The Bundle as a mutable tree, to read or to break. */
    public ObjectNode tree(ProcessedReading reading, MappingConfig config) {
        return parse(json(reading, config));
    }

    public static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first entry whose resource has this type. */
    public static ObjectNode entry(JsonNode bundle, String resourceType) {
        for (JsonNode entry : bundle.path("entry")) {
            if (resourceType.equals(entry.path("resource").path("resourceType").asText())) {
                return (ObjectNode) entry;
            }
        }
        throw new AssertionError("no " + resourceType + " entry in the bundle");
    }

    public static ObjectNode resource(JsonNode bundle, String resourceType) {
        return (ObjectNode) entry(bundle, resourceType).path("resource");
    }

    /** The extension with this URL on the node, or a missing node. */
    public static JsonNode extension(JsonNode node, LumeeExtension extension) {
        for (JsonNode candidate : node.path("extension")) {
            if (extension.url().equals(candidate.path("url").asText())) {
                return candidate;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
