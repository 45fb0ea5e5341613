package io.lumee.hl7bridge.mllp;

import java.util.Arrays;
import java.util.Optional;

/** MSA-1, HL7 table 0008: original mode (A*) and enhanced mode commit (C*) codes. */
public enum AckCode {
    AA, AE, AR, CA, CE, CR;

    public static Optional<AckCode> of(String text) {
        return Arrays.stream(values()).filter(code -> code.name().equals(text)).findFirst();
    }
}
