package io.lumee.testkit.mllp;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which answer each arriving message gets: a script for the n-th arrival wins, then the next answer
 * queued for the message's MSH-10, then the answer set for every arrival of that MSH-10, then the
 * default (AA unless changed).
 */
final class AnswerScript {
    private final Map<Integer, Answer> byArrival = new HashMap<>();
    private final Map<String, Deque<Answer>> queuedByControlId = new HashMap<>();
    private final Map<String, Answer> alwaysByControlId = new HashMap<>();
    private Answer byDefault = Answer.accept();

    synchronized void arrival(int arrival, Answer answer) {
        byArrival.put(arrival, Objects.requireNonNull(answer));
    }

    synchronized void successive(String controlId, List<Answer> answers) {
        queuedByControlId.computeIfAbsent(controlId, id -> new ArrayDeque<>()).addAll(answers);
    }

    synchronized void always(String controlId, Answer answer) {
        alwaysByControlId.put(controlId, Objects.requireNonNull(answer));
    }

    synchronized void byDefault(Answer answer) {
        byDefault = Objects.requireNonNull(answer);
    }

    synchronized Answer next(int arrival, String controlId) {
        Answer scripted = byArrival.remove(arrival);
        if (scripted != null) {
            return scripted;
        }
        Deque<Answer> queued = queuedByControlId.get(controlId);
        if (queued != null && !queued.isEmpty()) {
            return queued.poll();
        }
        return alwaysByControlId.getOrDefault(controlId, byDefault);
    }
}
