package io.lumee.protocol;

import java.util.List;
import java.util.Objects;

/** What {@link ReadingParser#parse(byte[])} made of some bytes: a reading or what is wrong with them. */
public sealed interface ReadingParse permits ReadingParse.Valid, ReadingParse.Invalid {

    record Valid(Reading reading) implements ReadingParse {
        public Valid {
            Objects.requireNonNull(reading, "reading");
        }
    }

    /**
     * @param problems one line each, naming the member and the rule; never a reading value
     */
    record Invalid(List<String> problems) implements ReadingParse {
        public Invalid {
            problems = List.copyOf(problems);
            if (problems.isEmpty()) {
                throw new IllegalArgumentException("an invalid reading needs at least one problem");
            }
        }

        static Invalid of(String problem) {
            return new Invalid(List.of(problem));
        }

        /** The problems on one line, for a rejection's detail or a log line. */
        public String summary() {
            return String.join("; ", problems);
        }
    }
}
