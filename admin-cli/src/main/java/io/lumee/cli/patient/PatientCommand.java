package io.lumee.cli.patient;

import picocli.CommandLine.Command;

/** {@code patient}: patients on the FHIR server, for sandboxes. */
@Command(name = "patient", mixinStandardHelpOptions = true, description = "Patients on the FHIR server.",
        subcommands = {PatientEnsure.class})
public final class PatientCommand {
}
