package io.lumee.clinical.validation;

import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.validation.builder.MessageRuleBuilder;
import ca.uhn.hl7v2.validation.builder.support.DefaultValidationBuilder;
import io.lumee.clinical.ReadingIds;

/**
 * What a Lumee ORU^R01 must hold, on top of HAPI's default rules (which check formats, not
 * presence). These are the fields {@code docs/hl7-interface.md} marks required: an EHR relies on
 * them, so a message missing one must never leave the pipeline.
 */
public final class OruR01Rules extends DefaultValidationBuilder {

    private static final long serialVersionUID = 1L;

    private static final String RESULT = "/PATIENT_RESULT/";
    private static final String PID = RESULT + "PATIENT/PID-";
    private static final String OBR = RESULT + "ORDER_OBSERVATION/OBR-";

    @Override
    protected void configure() {
        super.configure();
        MessageRuleBuilder oru = forVersion(Version.V251).message("ORU", "R01");
        required(oru, "MSH-3-1", "sending application");
        required(oru, "MSH-4-1", "sending facility");
        required(oru, "MSH-5-1", "receiving application");
        required(oru, "MSH-6-1", "receiving facility");
        required(oru, "MSH-7-1", "message date/time");
        oru.description("MSH-9 is ORU^R01^ORU_R01").terser("MSH-9-1", isEqual("ORU"))
                .terser("MSH-9-2", isEqual("R01")).terser("MSH-9-3", isEqual("ORU_R01"));
        oru.description("MSH-10 (message control id) is 1-" + ReadingIds.CONTROL_ID_LENGTH + " characters")
                .terser("MSH-10", allOf(not(empty()), maxLength(ReadingIds.CONTROL_ID_LENGTH)));
        oru.description("MSH-11 (processing id) is P, T or D").terser("MSH-11-1", in("P", "T", "D"));
        oru.description("MSH-12 (version) is 2.5.1").terser("MSH-12-1", isEqual("2.5.1"));
        oru.description("MSH-18 (character set) is UNICODE UTF-8").terser("MSH-18", isEqual("UNICODE UTF-8"));
        required(oru, "SFT-1-1", "software vendor");
        required(oru, "SFT-2", "software version");
        required(oru, "SFT-3", "software product name");
        required(oru, "SFT-4", "software binary id");
        required(oru, PID + "3-1", "patient identifier (PID-3.1)");
        required(oru, PID + "3-5", "patient identifier type (PID-3.5)");
        required(oru, OBR + "3-1", "filler order number, the reading id (OBR-3.1)");
        required(oru, OBR + "4-1", "universal service identifier (OBR-4.1)");
        required(oru, OBR + "4-3", "universal service coding system (OBR-4.3)");
        required(oru, OBR + "7", "observation date/time (OBR-7)");
        oru.description("OBR-25 (result status) is F").terser(OBR + "25", isEqual("F"));
        oru.description("PID-3.4 names the assigning authority (HD.1, or HD.2 with HD.3)")
                .test(new PatientAuthorityRule());
        oru.description("every OBX is complete: NM, coded, valued, UCUM units, final, timed, device id")
                .test(new ObservationRule());
    }

    private static void required(MessageRuleBuilder oru, String path, String name) {
        oru.description(name + " is required").terser(path, oru.not(oru.empty()));
    }
}
