package io.lumee.clinical.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.NM;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.NTE;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.model.v251.segment.PID;
import ca.uhn.hl7v2.model.v251.segment.SFT;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.lumee.clinical.AssigningAuthority;
import io.lumee.clinical.Decimals;
import io.lumee.clinical.LumeeCodes;
import io.lumee.clinical.MappedCoding;
import io.lumee.clinical.MappingConfig;
import io.lumee.clinical.MeasuredValue;
import io.lumee.clinical.ProcessedReading;
import io.lumee.clinical.fhir.ObservationContent;
import io.lumee.clinical.ReadingIds;
import io.lumee.clinical.ReferenceRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * A processed reading as one HL7 v2.5.1 ORU^R01 (unsolicited observation result), ER7-encoded.
 * Segment by segment, field by field, the interface is specified in {@code docs/hl7-interface.md}.
 *
 * <p>The message depends on the reading and the config alone: MSH-7 is the reading's receipt time
 * and MSH-10 is derived from the reading id, so a resend of the same reading is byte-identical
 * and the EHR recognises it by MSH-10.
 */
public final class OruR01Mapper {

    /** HL7 v2 DTM with milliseconds and an explicit offset; always UTC. */
    private static final DateTimeFormatter DTM =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ").withZone(ZoneOffset.UTC);

    /** Table 0105: the comment comes from the ancillary (filler), i.e. us. */
    private static final String COMMENT_SOURCE_FILLER = "L";

    private final HapiContext context;

    public OruR01Mapper() {
        // Building never validates (the validator does, separately), and initQuickstart must not
        // reach HAPI's default id generator, which keeps its counter in a file.
        HapiContext hapi = new DefaultHapiContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
        this.context = hapi;
    }

    /** Pure: the same reading and config always give an equal message. */
    public ORU_R01 map(ProcessedReading reading, MappingConfig config) {
        try {
            ORU_R01 message = context.newMessage(ORU_R01.class);
            quickstart(message.getMSH(), config);
            header(message.getMSH(), reading, config);
            software(message.getSFT(), config);
            patient(message.getPATIENT_RESULT().getPATIENT().getPID(), reading, config);
            ORU_R01_ORDER_OBSERVATION order = message.getPATIENT_RESULT().getORDER_OBSERVATION();
            request(order.getOBR(), reading, config);
            ORU_R01_OBSERVATION tissueO2 = order.getOBSERVATION(0);
            value(tissueO2.getOBX(), reading, config);
            int notes = 0;
            if (reading.lowQuality()) {
                note(tissueO2.getNTE(notes), ++notes, "Signal quality " + Decimals.text(reading.signalQuality())
                        + " is below this deployment's threshold: interpret the value with caution.");
            }
            Optional<MeasuredValue> original = reading.originalIfConverted();
            if (original.isPresent()) {
                note(tissueO2.getNTE(notes), ++notes, "Converted to " + reading.value().unit() + " from "
                        + Decimals.text(original.get().value()) + " " + original.get().unit()
                        + " as reported by the device.");
            }
            if (reading.clockCorrected().isPresent()) {
                note(tissueO2.getNTE(notes), ++notes,
                        ObservationContent.clockCorrectionNote(reading.clockCorrected().get()));
            }
            if (config.signalQualityObx()) {
                signalQuality(order.getOBSERVATION(1).getOBX(), reading, config);
            }
            return message;
        } catch (HL7Exception e) {
            // HAPI's messages may quote field values; only the location is safe to pass on.
            throw new IllegalStateException("cannot build ORU^R01 for reading " + reading.readingId()
                    + " (" + e.getClass().getSimpleName() + " at " + e.getLocation() + ")");
        }
    }

    /** {@link #map} encoded as ER7 (segments separated by CR), as the {@code lumee.hl7v2.oru} topic carries it. */
    public String mapToEr7(ProcessedReading reading, MappingConfig config) {
        ORU_R01 message = map(reading, config);
        try {
            return context.getPipeParser().encode(message);
        } catch (HL7Exception e) {
            throw new IllegalStateException("cannot encode ORU^R01 for reading " + reading.readingId()
                    + " (" + e.getClass().getSimpleName() + " at " + e.getLocation() + ")");
        }
    }

    /**
     * What {@code initQuickstart("ORU", "R01", processingId)} sets, minus what {@link #header} overwrites: HAPI's
     * version also formats the wall clock into MSH-7 through a GregorianCalendar and draws an MSH-10, about a
     * fifth of a message's cost (docs/PERFORMANCE.md), for two values that never reach the wire.
     */
    private static void quickstart(MSH msh, MappingConfig config) throws DataTypeException {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        msh.getMessageType().getMessageCode().setValue("ORU");
        msh.getMessageType().getTriggerEvent().setValue("R01");
        msh.getMessageType().getMessageStructure().setValue("ORU_R01");
        msh.getProcessingID().getProcessingID().setValue(config.processingId());
        msh.getVersionID().getVersionID().setValue(msh.getMessage().getVersion());
    }

    private static void header(MSH msh, ProcessedReading reading, MappingConfig config) throws DataTypeException {
        msh.getSendingApplication().getNamespaceID().setValue(config.sendingApplication());
        msh.getSendingFacility().getNamespaceID().setValue(config.sendingFacility());
        msh.getReceivingApplication().getNamespaceID().setValue(config.receivingApplication());
        msh.getReceivingFacility().getNamespaceID().setValue(reading.device().facility());
        msh.getDateTimeOfMessage().getTime().setValue(dtm(reading.receivedAt()));
        msh.getMessageControlID().setValue(ReadingIds.messageControlId(reading.readingId()));
        msh.getCharacterSet(0).setValue("UNICODE UTF-8");
    }

    private static void software(SFT sft, MappingConfig config) throws DataTypeException {
        sft.getSoftwareVendorOrganization().getOrganizationName().setValue("Lumee pipeline");
        sft.getSoftwareCertifiedVersionOrReleaseNumber().setValue(config.pipelineVersion());
        sft.getSoftwareProductName().setValue("lumee-pipeline");
        sft.getSoftwareBinaryID().setValue("lumee-pipeline/" + config.pipelineVersion());
    }

    private static void patient(PID pid, ProcessedReading reading, MappingConfig config) throws HL7Exception {
        pid.getSetIDPID().setValue("1");
        CX id = pid.getPatientIdentifierList(0);
        id.getIDNumber().setValue(reading.patient().value());
        AssigningAuthority authority = config.assigningAuthorityFor(reading.patient().system());
        id.getAssigningAuthority().getNamespaceID().setValue(authority.namespaceId());
        id.getAssigningAuthority().getUniversalID().setValue(authority.universalId());
        id.getAssigningAuthority().getUniversalIDType().setValue(authority.universalIdType());
        id.getIdentifierTypeCode().setValue(authority.identifierTypeCode());
        // PID-5 is required, and we carry no name by design: name type S (table 0200) says
        // "coded pseudo-name to assure anonymity", so the EHR matches on PID-3 alone.
        pid.getPatientName(0).getNameTypeCode().setValue("S");
    }

    private static void request(OBR obr, ProcessedReading reading, MappingConfig config) throws DataTypeException {
        obr.getSetIDOBR().setValue("1");
        obr.getFillerOrderNumber().getEntityIdentifier().setValue(reading.readingId());
        obr.getFillerOrderNumber().getNamespaceID().setValue(config.sendingApplication());
        observationCode(obr.getUniversalServiceIdentifier(), LumeeCodes.TISSUE_O2, config);
        obr.getObservationDateTime().getTime().setValue(dtm(reading.deviceTime()));
        obr.getResultsRptStatusChngDateTime().getTime().setValue(dtm(reading.receivedAt()));
        obr.getResultStatus().setValue("F");
    }

    private static void value(OBX obx, ProcessedReading reading, MappingConfig config) throws HL7Exception {
        MeasuredValue value = reading.value();
        numericObservation(obx, 1, LumeeCodes.TISSUE_O2, value.value(), value.unit(), reading, config);
        ReferenceRange range = config.referenceRange();
        if (range != null && range.appliesTo(value)) {
            obx.getReferencesRange().setValue(Decimals.text(range.low()) + "-" + Decimals.text(range.high()));
            obx.getAbnormalFlags(0).setValue(range.classify(value.value()).code());
        }
    }

    private static void signalQuality(OBX obx, ProcessedReading reading, MappingConfig config) throws HL7Exception {
        // UCUM "1": a dimensionless ratio from 0 to 1.
        numericObservation(obx, 2, LumeeCodes.SIGNAL_QUALITY, reading.signalQuality(), "1", reading, config);
    }

    private static void numericObservation(OBX obx, int setId, LumeeCodes code, double value, String ucumUnit,
            ProcessedReading reading, MappingConfig config) throws HL7Exception {
        obx.getSetIDOBX().setValue(Integer.toString(setId));
        obx.getValueType().setValue("NM");
        observationCode(obx.getObservationIdentifier(), code, config);
        NM number = new NM(obx.getMessage());
        number.setValue(Decimals.text(value));
        obx.getObservationValue(0).setData(number);
        obx.getUnits().getIdentifier().setValue(ucumUnit);
        obx.getUnits().getText().setValue(ucumUnit);
        obx.getUnits().getNameOfCodingSystem().setValue("UCUM");
        obx.getObservationResultStatus().setValue("F");
        obx.getDateTimeOfTheObservation().getTime().setValue(dtm(reading.deviceTime()));
        obx.getEquipmentInstanceIdentifier(0).getEntityIdentifier().setValue(reading.deviceId());
        obx.getEquipmentInstanceIdentifier(0).getNamespaceID().setValue(config.sendingApplication());
    }

    /**
     * The Lumee code first; the first configured standard coding HL7 v2 has a name for (LOINC as
     * LN, SNOMED CT as SCT) as the alternate triplet, which is all a CE holds.
     */
    private static void observationCode(CE ce, LumeeCodes code, MappingConfig config) throws DataTypeException {
        ce.getIdentifier().setValue(code.code());
        ce.getText().setValue(code.display());
        ce.getNameOfCodingSystem().setValue(config.hl7CodingSystem());
        if (code != LumeeCodes.TISSUE_O2) {
            return;
        }
        for (MappedCoding extra : config.extraCodings()) {
            Optional<String> system = extra.hl7CodingSystem();
            if (system.isPresent()) {
                ce.getAlternateIdentifier().setValue(extra.code());
                ce.getAlternateText().setValue(extra.display());
                ce.getNameOfAlternateCodingSystem().setValue(system.get());
                return;
            }
        }
    }

    private static void note(NTE nte, int setId, String text) throws DataTypeException {
        nte.getSetIDNTE().setValue(Integer.toString(setId));
        nte.getSourceOfComment().setValue(COMMENT_SOURCE_FILLER);
        nte.getComment(0).setValue(text);
        nte.getCommentType().getIdentifier().setValue("RE");
        nte.getCommentType().getText().setValue("Remark");
        nte.getCommentType().getNameOfCodingSystem().setValue("HL70364");
    }

    private static String dtm(Instant instant) {
        return DTM.format(instant);
    }
}
