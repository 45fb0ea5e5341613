package io.lumee.processor.rules;

import io.lumee.schemas.RejectionReason;
import java.util.Objects;

/** What one step decided: go on with a value, refuse with a reason code, or put the reading on hold. */
public sealed interface Verdict<T> permits Verdict.Pass, Verdict.Reject, Verdict.Hold {

    static <T> Verdict<T> pass(T value) {
        return new Pass<>(value);
    }

    static <T> Verdict<T> reject(RejectionReason reason, String detail) {
        return new Reject<>(reason, detail);
    }

    static <T> Verdict<T> hold(HoldReason reason) {
        return new Hold<>(reason);
    }

    record Pass<T>(T value) implements Verdict<T> {
        public Pass {
            Objects.requireNonNull(value, "value");
        }
    }

    /** @param detail for the DLQ record: why, naming fields, never a reading value or patient identifier */
    record Reject<T>(RejectionReason reason, String detail) implements Verdict<T> {
        public Reject {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** The same refusal, typed for the next step's caller. */
        public <U> Reject<U> retyped() {
            return new Reject<>(reason, detail);
        }
    }

    record Hold<T>(HoldReason reason) implements Verdict<T> {
        public Hold {
            Objects.requireNonNull(reason, "reason");
        }

        public <U> Hold<U> retyped() {
            return new Hold<>(reason);
        }
    }
}
