package io.reprise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An outcome the engine could not take (UNAVAILABLE: its store lost a connection) is sent again,
 * not dropped: the activity does not run a second time after its Start-To-Close timeout.
 */
class ActivityOutcomeDeliveryTest {

    static final AtomicInteger RUNS = new AtomicInteger();

    @WorkflowInterface
    public interface Greeter {
        @WorkflowMethod
        String greet(String name);
    }

    @ActivityInterface
    public interface Greetings {
        String compose(String name);
    }

    public static class GreeterImpl implements Greeter {
        // Far longer than the result's wait below: only a completion sent again can end the workflow.
        private final Greetings greetings = Workflow.newActivityStub(Greetings.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(10)).build());

        @Override
        public String greet(String name) {
            return greetings.compose(name);
        }
    }

    @Test
    void aCompletionRefusedAsUnavailableIsSentAgainAndTheActivityRunsOnce() throws Exception {
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build()) {
            AtomicInteger refused = new AtomicInteger();
            EngineService failingTwice = (EngineService) Proxy.newProxyInstance(EngineService.class.getClassLoader(),
                    new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                        if (method.getName().equals("completeActivityTask") && refused.getAndIncrement() < 2) {
                            throw new EngineException(EngineException.Code.UNAVAILABLE, "the store lost its connection");
                        }
                        try {
                            return method.invoke(engine, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            WorkflowClient client = WorkflowClient.newInstance(failingTwice);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker("greetings");
            worker.registerWorkflowImplementationTypes(GreeterImpl.class);
            worker.registerActivitiesImplementations((Greetings) name -> "Hello, " + name + " (run "
                    + RUNS.incrementAndGet() + ")");
            factory.start();
            try {
                RUNS.set(0);
                Greeter greeter = client.newWorkflowStub(Greeter.class,
                        WorkflowOptions.newBuilder().setTaskQueue("greetings").setWorkflowId("greet-ada").build());
                WorkflowClient.start(greeter::greet, "Ada");

                // A dropped completion would leave the workflow waiting for the 10-minute timeout.
                assertThat(client.newUntypedWorkflowStub("greet-ada").getResult(Duration.ofSeconds(60), String.class))
                        .isEqualTo("Hello, Ada (run 1)");
                assertThat(refused.get()).isEqualTo(3);
                assertThat(RUNS.get()).isEqualTo(1);
            } finally {
                factory.shutdownNow();
            }
        }
    }
}
