package io.lumee.clinical.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.fhir.LumeeExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The FHIR conformance resources this module ships under {@code lumee/fhir/<version>/} on the
 * classpath: the Lumee CodeSystem and one StructureDefinition per {@link LumeeExtension}. FHIR
 * server owners can load the same files; the validator loads them so it checks our codes and
 * extensions instead of accepting anything.
 */
public final class ConformanceResources {

    private ConformanceResources() {
    }

    /**
     * Reads the resources for the context's FHIR version. The CodeSystem is published under
     * {@code codeSystemUrl}, so a deployment that configured its own URL validates against it.
     */
    public static List<IBaseResource> load(FhirContext context, String codeSystemUrl) {
        String folder = folderOf(context.getVersion().getVersion());
        List<IBaseResource> resources = new ArrayList<>();
        IBaseResource codeSystem = read(context, folder + "CodeSystem-lumee-observation.json");
        context.newTerser().setElement(codeSystem, "url", codeSystemUrl);
        resources.add(codeSystem);
        for (LumeeExtension extension : LumeeExtension.values()) {
            resources.add(read(context, folder + "StructureDefinition-" + extension.slug() + ".json"));
        }
        return List.copyOf(resources);
    }

    /** {@link #load} with the CodeSystem under its published URL. */
    public static List<IBaseResource> load(FhirContext context) {
        return load(context, MappingConfig.LUMEE_CODE_SYSTEM);
    }

    private static String folderOf(FhirVersionEnum version) {
        if (version == FhirVersionEnum.R4) {
            return "lumee/fhir/r4/";
        }
        if (version == FhirVersionEnum.R5) {
            return "lumee/fhir/r5/";
        }
        throw new IllegalArgumentException("Lumee conformance resources exist for R4 and R5 only, not " + version);
    }

    private static IBaseResource read(FhirContext context, String path) {
        ClassLoader loader = ConformanceResources.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("conformance resource missing from the classpath: " + path);
            }
            return context.newJsonParser().parseResource(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read conformance resource " + path, e);
        }
    }
}
