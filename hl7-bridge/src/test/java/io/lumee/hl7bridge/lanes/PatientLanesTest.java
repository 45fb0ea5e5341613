package io.lumee.hl7bridge.lanes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class PatientLanesTest {
    record Work(String patient, int sequence) { }

    @Test
    void onePatientsWorkRunsInOrderAndOneAtATime() throws Exception {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(10 * 50);
        Consumer<Work> worker = work -> {
            if (running.computeIfAbsent(work.patient(), p -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            sleepMicros(ThreadLocalRandom.current().nextInt(300));
            seen.computeIfAbsent(work.patient(), p -> Collections.synchronizedList(new ArrayList<>())).add(work.sequence());
            running.get(work.patient()).decrementAndGet();
            all.countDown();
        };
        try (PatientLanes<Work> lanes = new PatientLanes<>(4, Work::patient, lane -> worker)) {
            for (int sequence = 0; sequence < 50; sequence++) {
                for (int patient = 0; patient < 10; patient++) {
                    lanes.submit(new Work("patient-" + patient, sequence));
                }
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(seen).hasSize(10).allSatisfy((patient, sequences) ->
                assertThat(sequences).isSorted().hasSize(50));
    }

    @Test
    void patientsOnOtherLanesGoAheadWhileOneIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch otherDone = new CountDownLatch(1);
        try (PatientLanes<Work> lanes = new PatientLanes<>(2, Work::patient, lane -> work -> {
            if (work.patient().equals("stuck")) {
                await(release);
            } else {
                otherDone.countDown();
            }
        })) {
            String other = keyOnOtherLane(lanes, "stuck");
            lanes.submit(new Work("stuck", 0));
            lanes.submit(new Work(other, 0));

            assertThat(otherDone.await(5, TimeUnit.SECONDS)).as("the other lane is not held up").isTrue();
            release.countDown();
        }
    }

    @Test
    void queuedWorkCanBeWithdrawnBeforeItStarts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<Work> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch twoDone = new CountDownLatch(2);
        try (PatientLanes<Work> lanes = new PatientLanes<>(1, Work::patient, lane -> work -> {
            started.countDown();
            await(release);
            done.add(work);
            twoDone.countDown();
        })) {
            lanes.submit(new Work("a", 0));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            lanes.submit(new Work("a", 1));
            lanes.submit(new Work("b", 0));

            List<Work> withdrawn = lanes.withdraw(work -> work.patient().equals("a"));
            release.countDown();

            assertThat(withdrawn).containsExactly(new Work("a", 1));
            assertThat(twoDone.await(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(done).containsExactly(new Work("a", 0), new Work("b", 0));
    }

    private static String keyOnOtherLane(PatientLanes<Work> lanes, String key) {
        for (int i = 0; ; i++) {
            if (lanes.laneOf("other-" + i) != lanes.laneOf(key)) {
                return "other-" + i;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepMicros(int micros) {
        try {
            TimeUnit.MICROSECONDS.sleep(micros);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
