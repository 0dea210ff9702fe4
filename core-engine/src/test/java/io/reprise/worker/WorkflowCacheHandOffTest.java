package io.reprise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The next workflow task of a run can reach another poller the moment the previous task's
 * completion commits, before the completing thread returns: the run must already be in the cache
 * then, or the other poller rebuilds it by a full replay.
 */
class WorkflowCacheHandOffTest {

    static final AtomicInteger INSTANCES = new AtomicInteger();

    @WorkflowInterface
    public interface Relay {
        @WorkflowMethod
        String relay(String value);
    }

    @ActivityInterface
    public interface Echo {
        String echo(String value);
    }

    public static class RelayImpl implements Relay {
        private final Echo echo = Workflow.newActivityStub(Echo.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

        public RelayImpl() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public String relay(String value) {
            return echo.echo(value);
        }
    }

    @Test
    void theNextTaskOfARunFindsItCachedWhileTheCompletionOfThePreviousOneIsStillReturning() throws Exception {
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build()) {
            AtomicBoolean held = new AtomicBoolean();
            // The first completion returns only once the run is over, so the task that follows it
            // (after the activity) is handled while the completing thread has not returned yet.
            EngineService holdingFirstCompletion = (EngineService) Proxy.newProxyInstance(
                    EngineService.class.getClassLoader(), new Class<?>[] {EngineService.class},
                    (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(engine, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("completeWorkflowTask") && held.compareAndSet(false, true)) {
                            assertThat(engine.awaitOutcome("default", "relay-1", null, Duration.ofSeconds(30)))
                                    .isPresent();
                        }
                        return result;
                    });
            WorkflowClient client = WorkflowClient.newInstance(holdingFirstCompletion);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker("relays");
            worker.registerWorkflowImplementationTypes(RelayImpl.class);
            worker.registerActivitiesImplementations((Echo) value -> value + "!");
            factory.start();
            try {
                INSTANCES.set(0);
                Relay relay = client.newWorkflowStub(Relay.class,
                        WorkflowOptions.newBuilder().setTaskQueue("relays").setWorkflowId("relay-1").build());

                assertThat(relay.relay("hi")).isEqualTo("hi!");
                assertThat(held).isTrue();
                assertThat(INSTANCES.get()).as("workflow objects made: one, no replay").isEqualTo(1);
            } finally {
                factory.shutdownNow();
            }
        }
    }
}
