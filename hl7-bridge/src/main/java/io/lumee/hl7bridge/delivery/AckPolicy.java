package io.lumee.hl7bridge.delivery;

import io.lumee.hl7bridge.mllp.AckCode;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each acknowledgement code means for a message. The defaults follow HL7 v2.5 section 2.9:
 * AA/CA accepted; AE/CE an error in the message's content (resending the same content will not help);
 * AR/CR rejected for reasons unrelated to content, such as the receiver being down (a later resend may
 * succeed). A deployment whose engine uses the codes differently overrides them one by one.
 */
public record AckPolicy(Map<AckCode, AckAction> actions) {

    public static final String DEFAULT_TEXT = "AA=done,CA=done,AE=reject,CE=reject,AR=retry,CR=retry";

    public AckPolicy {
        actions = Map.copyOf(actions);
        for (AckCode code : AckCode.values()) {
            if (!actions.containsKey(code)) {
                throw new IllegalArgumentException("the ACK policy has no action for " + code);
            }
        }
    }

    public static AckPolicy defaults() {
        return parse(DEFAULT_TEXT).orElseThrow();
    }

    /**
     * The defaults with the given codes overridden: {@code CODE=action} pairs separated by commas,
     * actions {@code done}, {@code reject} or {@code retry}; empty when the text is not of that form.
     */
    public static Optional<AckPolicy> parse(String overrides) {
        Map<AckCode, AckAction> actions = new EnumMap<>(AckCode.class);
        if (!putPairs(DEFAULT_TEXT, actions) || !putPairs(overrides, actions)) {
            return Optional.empty();
        }
        return Optional.of(new AckPolicy(actions));
    }

    public AckAction actionFor(AckCode code) {
        return actions.get(code);
    }

    private static boolean putPairs(String text, Map<AckCode, AckAction> actions) {
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] pair = entry.split("=", -1);
            Optional<AckCode> code = pair.length == 2 ? AckCode.of(pair[0].trim().toUpperCase(Locale.ROOT)) : Optional.empty();
            Optional<AckAction> action = pair.length == 2 ? actionNamed(pair[1].trim()) : Optional.empty();
            if (code.isEmpty() || action.isEmpty()) {
                return false;
            }
            actions.put(code.get(), action.get());
        }
        return true;
    }

    private static Optional<AckAction> actionNamed(String name) {
        try {
            return Optional.of(AckAction.valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }
}
