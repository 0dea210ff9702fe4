package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.testing.TestWorkflowEnvironment;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.support.AnnotationSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/** @RepriseTest runs the application's own workflows on the in-memory engine, skipping time. */
@RepriseTest(classes = RepriseTestSliceTests.ReminderApplication.class,
        properties = "reprise.activity-defaults.start-to-close-timeout=10s")
class RepriseTestSliceTests {

    @WorkflowInterface
    public interface ReminderWorkflow {
        /** Waits three days, sends a reminder, and returns how long the workflow waited by its own clock. */
        @WorkflowMethod
        String remind(String customer);
    }

    @ActivityInterface
    public interface Reminders {
        String send(String customer);
    }

    @WorkflowImpl(taskQueues = "reminders")
    public static class ReminderWorkflowImpl implements ReminderWorkflow {
        private final Reminders reminders = Workflow.newActivityStub(Reminders.class);

        @Override
        public String remind(String customer) {
            long start = Workflow.currentTimeMillis();
            Workflow.sleep(Duration.ofDays(3));
            Duration waited = Duration.ofMillis(Workflow.currentTimeMillis() - start);
            return reminders.send(customer) + " after " + waited.toDays() + " days";
        }
    }

    @ActivityImpl(taskQueues = "reminders")
    public static class RemindersImpl implements Reminders {
        @Override
        public String send(String customer) {
            return "reminded " + customer;
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ ReminderWorkflowImpl.class, RemindersImpl.class })
    static class ReminderApplication {
    }

    /** How the test kit's client names its engine service over gRPC; group 1 is the server's address. */
    private static final Pattern REMOTE_CLIENT =
            Pattern.compile("TimeSkippingEngineService\\(GrpcEngineService\\[(127\\.0\\.0\\.1:\\d+)]\\)");

    @Autowired
    WorkflowClient client;

    @Autowired
    TestWorkflowEnvironment environment;

    @Autowired
    ApplicationContext context;

    @Test
    void aWorkflowThatSleepsThreeDaysFinishesWithoutWaitingThem() {
        Instant testClockBefore = environment.now();

        String result = client.newWorkflowStub(ReminderWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("reminders").build()).remind("Ada");

        assertThat(result).isEqualTo("reminded Ada after 3 days");
        assertThat(Duration.between(testClockBefore, environment.now())).isGreaterThanOrEqualTo(Duration.ofDays(3));
    }

    /**
     * Run twice by the build: plainly, and by the Surefire execution that sets {@code reprise.test.transport=grpc}.
     * Over gRPC the client (and with it the workers) holds a remote client to a loopback server, and a second,
     * independent remote client to that address sees the workflow the application's client ran: the calls crossed a
     * real socket to the test's engine.
     */
    @Test
    void theClientAndWorkersReachTheEngineByTheTransportTheSystemPropertyNames() {
        String result = client.newWorkflowStub(ReminderWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("reminders").setWorkflowId("transport").build()).remind("Bo");

        assertThat(result).isEqualTo("reminded Bo after 3 days");
        assertThat(context.getBean(WorkerFactory.class).getWorkflowClient()).isSameAs(client);
        String engineService = client.getEngineService().toString();
        if ("grpc".equals(System.getProperty("reprise.test.transport"))) {
            Matcher remote = REMOTE_CLIENT.matcher(engineService);
            assertThat(remote.matches()).as(engineService).isTrue();
            try (GrpcEngineService observer = GrpcEngineService.newBuilder().target(remote.group(1)).build()) {
                WorkflowClient observing = WorkflowClient.newInstance(observer, client.getOptions());
                assertThat(observing.describe("transport").status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
            }
        } else {
            assertThat(engineService).isEqualTo("TimeSkippingEngineService(" + environment.getEngineService() + ")");
        }
    }

    @Test
    void carriesTheJUnitTagThatSelectsTheSuitesTheBuildRunsAgainOverGrpc() {
        assertThat(AnnotationSupport.findRepeatableAnnotations(RepriseTestSliceTests.class, Tag.class))
                .extracting(Tag::value).containsExactly("reprise-test");
    }

    @Test
    void theTestEnvironmentReplacesTheEmbeddedEngineAndItsStore() {
        assertThat(context.getBean(EngineService.class)).isSameAs(environment.getEngineService());
        assertThat(client).isSameAs(environment.getWorkflowClient());
        assertThat(context.getBeanNamesForType(ExecutionStore.class)).isEmpty();
        assertThat(context.getEnvironment().getProperty("reprise.store.type")).isEqualTo("memory");
    }
}
