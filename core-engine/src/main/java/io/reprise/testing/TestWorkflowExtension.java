package io.reprise.testing;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.workflow.WorkflowInterface;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit Jupiter extension that gives each test a fresh {@link TestWorkflowEnvironment} with one worker
 * on one Task Queue, and closes it after the test.
 *
 * <pre>{@code
 * class OrderWorkflowTest {
 *
 *     @RegisterExtension
 *     static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
 *             .registerWorkflowImplementationTypes(OrderWorkflowImpl.class)
 *             .setActivityImplementations(new FakePayments())
 *             .setTaskQueue("orders")
 *             .build();
 *
 *     @Test
 *     void processesAnOrder(OrderWorkflow order, TestWorkflowEnvironment env) {
 *         assertEquals("done", order.process("o-1"));
 *     }
 * }
 * }</pre>
 *
 * <p>For every test, before the class's {@code @BeforeEach} methods run, the extension builds a
 * {@link TestWorkflowEnvironment} with the {@linkplain Builder#setTestEnvironmentOptions options}
 * given, creates a worker on the Task Queue and registers the workflow types and activity objects.
 * It starts the workers after every {@code @BeforeEach} method, just before the test method runs: a
 * {@code @BeforeEach} method may register more implementations on the injected {@link Worker} (an
 * activity object made fresh for each test, say) or create more workers with
 * {@link TestWorkflowEnvironment#newWorker}. After the test and its {@code @AfterEach} methods, the
 * environment is closed.
 *
 * <p>Test methods and {@code @BeforeEach} / {@code @AfterEach} methods can declare parameters of these
 * types, and get the current test's:
 * <ul>
 *   <li>{@link TestWorkflowEnvironment}: the environment (its clock, {@code sleep}, engine);</li>
 *   <li>{@link WorkflowClient}: the environment's client;</li>
 *   <li>{@link Worker}: the worker on the Task Queue;</li>
 *   <li>an interface annotated {@link WorkflowInterface} that a registered workflow type implements:
 *       a new typed workflow stub on the Task Queue, with a random Workflow Id (a stub starts one
 *       execution; declare two parameters for two).</li>
 * </ul>
 *
 * <p>Register the extension on a {@code static} field: it holds no state between tests (each test's
 * environment is kept in the test's own JUnit store), so one instance serves every test of the class.
 * It needs JUnit Jupiter on the test class path, which Reprise does not bring itself.
 */
public final class TestWorkflowExtension
        implements BeforeEachCallback, BeforeTestExecutionCallback, AfterEachCallback, ParameterResolver {

    /** The Task Queue of the worker unless {@link Builder#setTaskQueue} says otherwise. */
    public static final String DEFAULT_TASK_QUEUE = "test-task-queue";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestWorkflowExtension.class);

    /** What a test's environment consists of. */
    private record Running(TestWorkflowEnvironment environment, Worker worker) {
    }

    /** One call of {@code registerWorkflowImplementationTypes}, replayed on each test's worker. */
    private record WorkflowRegistration(WorkflowImplementationOptions options, List<Class<?>> types) {
    }

    private final List<WorkflowRegistration> workflowRegistrations;
    private final List<Object> activityImplementations;
    private final String taskQueue;
    private final WorkerOptions workerOptions;
    private final TestEnvironmentOptions testEnvironmentOptions;
    private final boolean doNotStart;

    private TestWorkflowExtension(Builder builder) {
        this.workflowRegistrations = List.copyOf(builder.workflowRegistrations);
        this.activityImplementations = List.copyOf(builder.activityImplementations);
        this.taskQueue = builder.taskQueue;
        this.workerOptions = builder.workerOptions;
        this.testEnvironmentOptions = builder.testEnvironmentOptions;
        this.doNotStart = builder.doNotStart;
    }

    /** A builder with the defaults: no types, {@link #DEFAULT_TASK_QUEUE}, default options, workers started. */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** The Task Queue of the worker, for building {@link WorkflowOptions} in a test. */
    public String getTaskQueue() {
        return taskQueue;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestWorkflowEnvironment environment = TestWorkflowEnvironment.newInstance(testEnvironmentOptions);
        try {
            Worker worker = environment.newWorker(taskQueue, workerOptions);
            for (WorkflowRegistration registration : workflowRegistrations) {
                worker.registerWorkflowImplementationTypes(registration.options(),
                        registration.types().toArray(Class<?>[]::new));
            }
            if (!activityImplementations.isEmpty()) {
                worker.registerActivitiesImplementations(activityImplementations.toArray());
            }
            context.getStore(NAMESPACE).put(Running.class, new Running(environment, worker));
        } catch (RuntimeException e) {
            environment.close();
            throw e;
        }
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        Running running = running(context);
        if (!doNotStart && running != null && !running.environment().getWorkerFactory().isStarted()) {
            running.environment().start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).remove(Running.class, Running.class);
        if (running != null) {
            running.environment().close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestWorkflowEnvironment.class || type == WorkflowClient.class || type == Worker.class
                || (type.isInterface() && type.isAnnotationPresent(WorkflowInterface.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        Running running = running(extensionContext);
        if (running == null) {
            throw new ParameterResolutionException("TestWorkflowExtension cannot supply the " + type.getSimpleName()
                    + " parameter of " + parameterContext.getDeclaringExecutable() + ": a test's environment exists"
                    + " only during the test; declare the parameter on the test method or on a @BeforeEach or"
                    + " @AfterEach method");
        }
        if (type == TestWorkflowEnvironment.class) {
            return running.environment();
        }
        if (type == WorkflowClient.class) {
            return running.environment().getWorkflowClient();
        }
        if (type == Worker.class) {
            return running.worker();
        }
        return newWorkflowStub(type, running);
    }

    private Object newWorkflowStub(Class<?> workflowInterface, Running running) {
        List<Class<?>> registered = workflowRegistrations.stream().flatMap(r -> r.types().stream()).toList();
        if (registered.stream().noneMatch(workflowInterface::isAssignableFrom)) {
            throw new ParameterResolutionException("Workflow interface " + workflowInterface.getName()
                    + " is implemented by no workflow type registered with this TestWorkflowExtension (registered: "
                    + registered.stream().map(Class::getSimpleName).toList() + "); add its implementation with"
                    + " TestWorkflowExtension.Builder.registerWorkflowImplementationTypes");
        }
        return running.environment().getWorkflowClient().newWorkflowStub(workflowInterface,
                WorkflowOptions.newBuilder().setTaskQueue(taskQueue).build());
    }

    private static Running running(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Running.class, Running.class);
    }

    /** Builds a {@link TestWorkflowExtension}; every setting applies to each test's environment alike. */
    public static final class Builder {
        private final List<WorkflowRegistration> workflowRegistrations = new ArrayList<>();
        private final List<Object> activityImplementations = new ArrayList<>();
        private String taskQueue = DEFAULT_TASK_QUEUE;
        private WorkerOptions workerOptions = WorkerOptions.getDefaultInstance();
        private TestEnvironmentOptions testEnvironmentOptions = TestEnvironmentOptions.getDefaultInstance();
        private boolean doNotStart;

        private Builder() {
        }

        /** Workflow implementation classes to register on each test's worker. Default none. */
        public Builder registerWorkflowImplementationTypes(Class<?>... types) {
            return registerWorkflowImplementationTypes(WorkflowImplementationOptions.getDefaultInstance(), types);
        }

        /** Like {@link #registerWorkflowImplementationTypes(Class[])}, with activity option defaults for their code. */
        public Builder registerWorkflowImplementationTypes(WorkflowImplementationOptions options, Class<?>... types) {
            Objects.requireNonNull(options, "options");
            workflowRegistrations.add(new WorkflowRegistration(options, List.copyOf(Arrays.asList(types))));
            return this;
        }

        /**
         * Activity implementations to register on each test's worker. Default none. The same objects
         * serve every test; an activity whose state a test reads is better made in a
         * {@code @BeforeEach} method and registered on the injected {@link Worker}.
         */
        public Builder setActivityImplementations(Object... activities) {
            activityImplementations.clear();
            activityImplementations.addAll(Arrays.asList(activities));
            return this;
        }

        /** The Task Queue of the worker and of the injected stubs. Default {@link #DEFAULT_TASK_QUEUE}. */
        public Builder setTaskQueue(String taskQueue) {
            if (taskQueue == null || taskQueue.isBlank()) {
                throw new IllegalArgumentException("TestWorkflowExtension task queue must not be blank, got "
                        + (taskQueue == null ? "null" : "\"" + taskQueue + "\"")
                        + "; leave it unset for \"" + DEFAULT_TASK_QUEUE + "\"");
            }
            this.taskQueue = taskQueue;
            return this;
        }

        /**
         * Options of the worker (pollers, slots, rate limits, …). Default
         * {@link WorkerOptions#getDefaultInstance()}.
         */
        public Builder setWorkerOptions(WorkerOptions workerOptions) {
            this.workerOptions = Objects.requireNonNull(workerOptions, "workerOptions");
            return this;
        }

        /**
         * Options of each test's environment: its clock (start time, time skipping,
         * {@linkplain TestEnvironmentOptions.Builder#setFrozenClock frozen}), client and worker factory.
         * Default {@link TestEnvironmentOptions#getDefaultInstance()}.
         */
        public Builder setTestEnvironmentOptions(TestEnvironmentOptions options) {
            this.testEnvironmentOptions = Objects.requireNonNull(options, "testEnvironmentOptions");
            return this;
        }

        /**
         * Whether to leave the workers stopped, for tests that look at an execution before any worker
         * polls, or that call {@link TestWorkflowEnvironment#start()} themselves. Default false: the
         * workers start just before each test method.
         */
        public Builder setDoNotStart(boolean doNotStart) {
            this.doNotStart = doNotStart;
            return this;
        }

        public TestWorkflowExtension build() {
            return new TestWorkflowExtension(this);
        }
    }
}
