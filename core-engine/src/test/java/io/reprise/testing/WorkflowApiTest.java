package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.workflow.Async;
import io.reprise.workflow.Promise;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WorkflowApiTest {

    static final String QUEUE = "api";

    public record Line(String sku, int quantity) {
    }

    public record Order(String id, List<Line> lines) {
    }

    @ActivityInterface
    public interface Shop {
        int reserve(Line line);

        List<Line> lines(String orderId);

        void notifyCustomer(String orderId);
    }

    static class ShopImpl implements Shop {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        private void count(String what) {
            calls.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public int reserve(Line line) {
            count("reserve:" + line.sku());
            return line.quantity() * 10;
        }

        @Override
        public List<Line> lines(String orderId) {
            count("lines");
            return List.of(new Line("a", 1), new Line("b", 2), new Line("c", 3));
        }

        @Override
        public void notifyCustomer(String orderId) {
            count("notify");
        }
    }

    static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10)).build();

    @WorkflowInterface
    public interface Fulfil {
        @WorkflowMethod
        Order fulfil(String orderId);
    }

    /** Generics through activities, parallel activities with Async and Promise.allOf. */
    public static final class FulfilImpl implements Fulfil {
        @Override
        public Order fulfil(String orderId) {
            Shop shop = Workflow.newActivityStub(Shop.class, OPTIONS);
            List<Line> lines = shop.lines(orderId);
            List<Promise<Integer>> reservations = new ArrayList<>();
            for (Line line : lines) {
                reservations.add(Async.function(shop::reserve, line));
            }
            Promise.allOf(reservations).get();
            List<Line> reserved = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                reserved.add(new Line(lines.get(i).sku(), reservations.get(i).get()));
            }
            shop.notifyCustomer(orderId);
            return new Order(orderId, reserved);
        }
    }

    @WorkflowInterface
    public interface Sleeper {
        @WorkflowMethod(name = "LongSleeper")
        List<Long> sleep(Duration duration);
    }

    public static final class SleeperImpl implements Sleeper {
        @Override
        public List<Long> sleep(Duration duration) {
            long before = Workflow.currentTimeMillis();
            Workflow.sleep(duration);
            long after = Workflow.currentTimeMillis();
            return List.of(before, after);
        }
    }

    @WorkflowInterface
    public interface Waiter {
        @WorkflowMethod
        String await();
    }

    /** Workflow.await on state set by another workflow thread; Promise.get(timeout); anyOf. */
    public static final class WaiterImpl implements Waiter {
        private boolean ready;

        @Override
        public String await() {
            Async.procedure(() -> {
                Workflow.sleep(Duration.ofMinutes(1));
                ready = true;
            });
            Workflow.await(() -> ready);
            boolean notInTime = Workflow.await(Duration.ofSeconds(5), () -> false);
            Promise<Void> slow = Workflow.newTimer(Duration.ofHours(1));
            String timedOut;
            try {
                slow.get(Duration.ofMinutes(10));
                timedOut = "no";
            } catch (TimeoutException e) {
                timedOut = "yes";
            }
            Promise<String> first = Promise.anyOf(
                    Workflow.newTimer(Duration.ofSeconds(30)).thenApply(v -> "30s"),
                    Workflow.newTimer(Duration.ofSeconds(20)).thenApply(v -> "20s"));
            return "ready=" + ready + ",awaitTimedOut=" + !notInTime + ",getTimedOut=" + timedOut + ",first="
                    + first.get();
        }
    }

    @WorkflowInterface
    public interface Randomness {
        @WorkflowMethod
        List<String> values();
    }

    public static final class RandomnessImpl implements Randomness {
        @Override
        public List<String> values() {
            String uuid = Workflow.randomUUID().toString();
            int random = Workflow.newRandom().nextInt(1_000_000);
            boolean replayingBefore = Workflow.isReplaying();
            // Recorded in history by the first task; the returned values come from a replay of it.
            Workflow.newActivityStub(Shop.class, OPTIONS).notifyCustomer(uuid + ":" + random);
            Workflow.sleep(Duration.ofSeconds(1));
            return List.of(uuid, String.valueOf(random), String.valueOf(replayingBefore),
                    Workflow.getInfo().workflowType(), Workflow.getInfo().taskQueue());
        }
    }

    private TestWorkflowEnvironment env;

    private TestWorkflowEnvironment start(int cacheSize, Class<?>... workflows) {
        // Frozen: workflow time is asserted to the millisecond (a sleep of a day moves it by exactly a day).
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build())
                .setFrozenClock(true).build());
        var worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(workflows);
        return env;
    }

    @AfterEach
    void tearDown() {
        if (env != null) {
            env.close();
        }
    }

    private <T> T stub(Class<T> type) {
        return env.getWorkflowClient().newWorkflowStub(type, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
    }

    @Test
    void recordsAndGenericListsTravelThroughParallelActivities() {
        start(600, FulfilImpl.class);
        ShopImpl shop = new ShopImpl();
        env.getWorkerFactory().getWorker(QUEUE).registerActivitiesImplementations(shop);
        env.start();

        Order order = stub(Fulfil.class).fulfil("o-1");

        assertThat(order).isEqualTo(new Order("o-1", List.of(new Line("a", 10), new Line("b", 20), new Line("c", 30))));
        assertThat(shop.calls).containsOnlyKeys("lines", "reserve:a", "reserve:b", "reserve:c", "notify");
        assertThat(shop.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    @Test
    void withoutACacheEveryTaskReplaysAndCompletedActivitiesNeverRunAgain() {
        start(0, FulfilImpl.class);
        ShopImpl shop = new ShopImpl();
        env.getWorkerFactory().getWorker(QUEUE).registerActivitiesImplementations(shop);
        env.start();

        Order order = stub(Fulfil.class).fulfil("o-2");

        assertThat(order.lines()).hasSize(3);
        assertThat(shop.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    }

    /** Without time skipping the day would be waited for real: the timeout is the failure deadline, not a bound. */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aWorkflowSleepingForADayFinishesAtOnceWithWorkflowTimeMovedByADay() {
        start(600, SleeperImpl.class);
        env.start();

        List<Long> times = stub(Sleeper.class).sleep(Duration.ofDays(1));

        assertThat(times.get(1) - times.get(0)).isEqualTo(Duration.ofDays(1).toMillis());
    }

    @Test
    void awaitTimersAndPromiseCombinatorsBehaveDeterministically() {
        start(600, WaiterImpl.class);
        env.start();

        assertThat(stub(Waiter.class).await())
                .isEqualTo("ready=true,awaitTimedOut=true,getTimedOut=yes,first=20s");
    }

    @Test
    void randomValuesAreTheSameWhenTheRunIsReplayed() {
        start(0, RandomnessImpl.class);
        List<String> notified = new java.util.concurrent.CopyOnWriteArrayList<>();
        env.getWorkerFactory().getWorker(QUEUE).registerActivitiesImplementations(new ShopImpl() {
            @Override
            public void notifyCustomer(String orderId) {
                notified.add(orderId);
            }
        });
        env.start();

        // Cache disabled: the result is produced by a replay of the first task's code.
        List<String> values = stub(Randomness.class).values();

        assertThat(values.get(0)).matches("[0-9a-f-]{36}");
        assertThat(notified).containsExactly(values.get(0) + ":" + values.get(1));
        assertThat(values.get(2)).isEqualTo("true");
        assertThat(values.get(3)).isEqualTo("Randomness");
        assertThat(values.get(4)).isEqualTo(QUEUE);
        List<String> again = stub(Randomness.class).values();
        assertThat(again.get(0)).isNotEqualTo(values.get(0));
    }

    @Test
    void theWorkflowTypeNameComesFromTheWorkflowMethodAnnotation() {
        start(600, SleeperImpl.class);
        env.start();
        assertThat(env.getWorkerFactory().getWorker(QUEUE).getRegisteredWorkflowTypes()).containsExactly("LongSleeper");
    }
}
