package io.lumee.hl7bridge.lanes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed number of lanes, each one thread working through its queue in order. Work is placed by its
 * key (the patient key), so one patient's messages are handled in order and one at a time, while
 * patients on other lanes go ahead in parallel. A patient whose message is retrying holds up only its
 * own lane. The queues are unbounded: the caller bounds the work it hands over.
 *
 * @param <W> a unit of work
 */
public final class PatientLanes<W> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PatientLanes.class);

    private final Function<W, String> key;
    private final List<Lane<W>> lanes = new ArrayList<>();

    /**
     * @param count how many lanes (threads)
     * @param key the key of a unit of work
     * @param workers one worker per lane, given the lane's index; a worker is used by its lane's thread only
     */
    public PatientLanes(int count, Function<W, String> key, IntFunction<Consumer<W>> workers) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one lane, got " + count);
        }
        this.key = Objects.requireNonNull(key, "key");
        for (int i = 0; i < count; i++) {
            lanes.add(new Lane<>("hl7-lane-" + i, workers.apply(i)));
        }
        lanes.forEach(lane -> lane.thread.start());
    }

    /** The lane that takes work with this key. */
    public int laneOf(String workKey) {
        return Math.floorMod(workKey.hashCode(), lanes.size());
    }

    public void submit(W work) {
        lanes.get(laneOf(key.apply(work))).queue.add(work);
    }

    /** Takes back queued work that matches, before a lane starts it; the work in progress is not affected. */
    public List<W> withdraw(Predicate<W> matching) {
        List<W> withdrawn = new ArrayList<>();
        for (Lane<W> lane : lanes) {
            lane.queue.removeIf(work -> {
                if (matching.test(work)) {
                    withdrawn.add(work);
                    return true;
                }
                return false;
            });
        }
        return withdrawn;
    }

    /** Stops taking work: each lane finishes the unit in progress and stops; queued work is dropped. */
    @Override
    public void close() {
        lanes.forEach(lane -> {
            lane.running = false;
            lane.queue.clear();
        });
        for (Lane<W> lane : lanes) {
            try {
                lane.thread.join();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Lane<W> {
        final LinkedBlockingQueue<W> queue = new LinkedBlockingQueue<>();
        final Thread thread;
        volatile boolean running = true;

        Lane(String name, Consumer<W> worker) {
            thread = new Thread(() -> work(worker), name);
            thread.setDaemon(true);
        }

        private void work(Consumer<W> worker) {
            while (running) {
                try {
                    W next = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        worker.accept(next);
                    }
                } catch (InterruptedException interrupted) {
                    return;
                } catch (RuntimeException bug) {
                    // a worker reports outcomes itself; reaching here is a bug, and the lane must go on
                    LOG.error("{} failed on a unit of work", thread.getName(), bug);
                }
            }
        }
    }
}
