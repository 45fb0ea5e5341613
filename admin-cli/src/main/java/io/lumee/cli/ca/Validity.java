package io.lumee.cli.ca;

import io.lumee.platform.config.DurationText;
import java.time.Duration;

/** A certificate lifetime as the {@code --validity} flags take it: {@code 397d}, {@code 2h}, or ISO-8601. */
public final class Validity {

    private Validity() {}

    public static Duration parse(String flag) {
        return DurationText.parse(flag).orElseThrow(() -> new IllegalArgumentException("--validity " + flag + ": expected a duration such as 397d"));
    }
}
