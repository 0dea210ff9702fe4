package io.reprise.engine;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.testing.TestWorkflowEnvironment;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A separate JVM for {@link RateLimitedPollersOnTwoCarriersTest}, started with two carrier
 * threads for virtual threads. A rate-limited worker's pollers wait in long polls on an empty
 * Task Queue (one in the poll, the others for their turn) while {@link #WORKFLOWS} workflows run
 * an activity each on another queue. Prints {@code COMPLETED <n>} when all finished and exits.
 */
public final class TwoCarriersProcess {

    static final int WORKFLOWS = 20;

    @ActivityInterface
    public interface Greeter {
        String greet(String name);
    }

    static final class GreeterImpl implements Greeter {
        @Override
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @WorkflowInterface
    public interface Greeting {
        @WorkflowMethod
        String greet(String name);
    }

    public static final class GreetingImpl implements Greeting {
        @Override
        public String greet(String name) {
            return Workflow.newActivityStub(Greeter.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1)).build()).greet(name);
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("CARRIERS " + System.getProperty("jdk.virtualThreadScheduler.parallelism") + " ON JAVA "
                + Runtime.version().feature());
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        Worker limited = env.newWorker("limited", WorkerOptions.newBuilder().setMaxActivitiesPerSecond(1)
                .setActivityTaskPollers(4).build());
        limited.registerActivitiesImplementations(new GreeterImpl());
        Worker free = env.newWorker("free");
        free.registerWorkflowImplementationTypes(GreetingImpl.class);
        free.registerActivitiesImplementations(new GreeterImpl());
        env.start();

        // The limited worker's first poller is parked in its long poll; the others wait for their turn.
        TaskQueueId limitedQueue = new TaskQueueId(env.getWorkflowClient().getOptions().getNamespace(), "limited",
                TaskQueueKind.ACTIVITY);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The test environment's engine service is the embedded Engine, whose task queues this package sees.
        while (((Engine) env.getEngineService()).matching().waitingPollers(limitedQueue) == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no poller ever waited on the rate-limited queue");
            }
            Thread.sleep(5);
        }
        System.out.println("LIMITED POLLER PARKED");

        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < WORKFLOWS; i++) {
            Greeting stub = env.getWorkflowClient().newWorkflowStub(Greeting.class, WorkflowOptions.newBuilder()
                    .setTaskQueue("free").setWorkflowId("greeting-" + i).build());
            String name = "n" + i;
            results.add(CompletableFuture.supplyAsync(() -> stub.greet(name)));
        }
        int completed = 0;
        for (int i = 0; i < WORKFLOWS; i++) {
            if (results.get(i).get().equals("hello n" + i)) {
                completed++;
            }
        }
        System.out.println("COMPLETED " + completed);
        System.out.flush();
        env.close();
        System.exit(0);
    }
}
