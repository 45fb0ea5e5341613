package io.lumee.fhirsink.delivery;

import io.lumee.fhirsink.bundle.ReadingGroup;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers reading groups as one transaction and, when the server refuses it, halves the groups and
 * tries each half, down to the single groups it refuses: those are the bad readings, and every other
 * group is stored on the way. A reading's entries stay together, since a transaction is all or nothing
 * and a Device or Provenance without its Observation means nothing. k bad groups among n cost about
 * 2k·log2(n) extra requests; order within the groups is kept (left half first).
 */
public final class TransactionBisector {

    /** Posts the groups as one transaction until it is stored or refused. */
    @FunctionalInterface
    public interface Transaction {
        TransactionOutcome post(List<ReadingGroup> groups) throws InterruptedException;
    }

    /** A group the server refused on its own, with the refusal. */
    public record RefusedGroup(ReadingGroup group, TransactionOutcome.Refused refusal) {}

    private final Transaction transaction;

    public TransactionBisector(Transaction transaction) {
        this.transaction = transaction;
    }

    /** @return the groups the server refused, in order; every other group is stored */
    public List<RefusedGroup> deliver(List<ReadingGroup> groups) throws InterruptedException {
        List<RefusedGroup> refused = new ArrayList<>();
        deliver(groups, refused);
        return refused;
    }

    private void deliver(List<ReadingGroup> groups, List<RefusedGroup> refused) throws InterruptedException {
        if (groups.isEmpty()) {
            return;
        }
        TransactionOutcome outcome = transaction.post(groups);
        if (!(outcome instanceof TransactionOutcome.Refused refusal)) {
            return;
        }
        if (groups.size() == 1) {
            refused.add(new RefusedGroup(groups.get(0), refusal));
            return;
        }
        int half = groups.size() / 2;
        deliver(groups.subList(0, half), refused);
        deliver(groups.subList(half, groups.size()), refused);
    }
}
