package io.lumee.cli.device;

import io.lumee.schemas.PatientAssignment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A device's patient assignments, oldest first, never rewritten: a new assignment closes the open one at
 * its start, so a late reading still maps to the patient, and the consent, in force at its device time.
 */
public final class AssignmentHistory {

    private AssignmentHistory() {}

    /** The history with {@code patient} assigned from {@code from}, and the assignment that closed, if one was open. */
    public record Assigned(List<PatientAssignment> history, Optional<PatientAssignment> closed) {
    }

    /** @throws IllegalArgumentException when {@code from} is not after the latest assignment's start: history is append-only */
    public static Assigned assign(List<PatientAssignment> history, Patient patient, Instant from) {
        List<PatientAssignment> next = new ArrayList<>(history.size() + 1);
        Optional<PatientAssignment> closed = Optional.empty();
        for (PatientAssignment assignment : history) {
            if (!from.isAfter(assignment.getFrom())) {
                throw new IllegalArgumentException("the new assignment must start after " + assignment.getFrom()
                        + ", the start of an earlier one: the history is append-only");
            }
            if (assignment.getTo() == null || assignment.getTo().isAfter(from)) {
                PatientAssignment ended = PatientAssignment.newBuilder(assignment).setTo(from).build();
                closed = Optional.of(ended);
                next.add(ended);
            } else {
                next.add(assignment);
            }
        }
        next.add(PatientAssignment.newBuilder().setPatientSystem(patient.system()).setPatientValue(patient.value())
                .setFrom(from).setTo(null).setConsentRef(patient.consentRef()).build());
        return new Assigned(next, closed);
    }
}
