package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowClientOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.ContextPropagator;
import io.reprise.common.Payload;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.workflow.Async;
import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A context propagator carries the client thread's tenant (a thread local) into the workflow's threads, every
 * attempt of its activities, its local activities and its children, through the headers the engine records.
 */
class ContextPropagationTest {

    static final String QUEUE = "tenants";
    static final ThreadLocal<String> TENANT = new ThreadLocal<>();

    /** The tenant as one header entry {@code tenant}, a JSON string. */
    static class TenantPropagator implements ContextPropagator {
        @Override
        public String getName() {
            return "tenant";
        }

        @Override
        public Map<String, Payload> serializeContext(Object context) {
            return Map.of("tenant", new Payload(Payload.ENCODING_JSON,
                    ("\"" + context + "\"").getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public Object deserializeContext(Map<String, Payload> header) {
            Payload tenant = header.get("tenant");
            if (tenant == null) {
                return null;
            }
            String json = new String(tenant.data(), StandardCharsets.UTF_8);
            return json.substring(1, json.length() - 1);
        }

        @Override
        public Object getCurrentContext() {
            return TENANT.get();
        }

        @Override
        public void setCurrentContext(Object context) {
            if (context == null) {
                TENANT.remove();
            } else {
                TENANT.set((String) context);
            }
        }
    }

    @ActivityInterface
    public interface Tenancy {
        String tenant();
    }

    static final class TenancyImpl implements Tenancy {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public String tenant() {
            seen.add(Activity.getExecutionContext().getInfo().attempt() + ":" + TENANT.get());
            if (!Activity.getExecutionContext().getInfo().local()
                    && Activity.getExecutionContext().getInfo().attempt() == 1) {
                throw new IllegalStateException("try again");
            }
            return TENANT.get();
        }
    }

    @WorkflowInterface
    public interface Tenanted {
        @WorkflowMethod
        String run(String mode);

        @SignalMethod
        void poke();

        @QueryMethod
        String seenBySignal();
    }

    public static final class TenantedImpl implements Tenanted {
        private String seenBySignal;

        @Override
        public String run(String mode) {
            if (mode.equals("child")) {
                return TENANT.get();
            }
            Tenancy activity = Workflow.newActivityStub(Tenancy.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10))
                    .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1)).build())
                    .build());
            Tenancy local = Workflow.newLocalActivityStub(Tenancy.class, LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(10)).build());
            String inWorkflow = TENANT.get();
            String inAsync = Async.function(() -> TENANT.get()).get();
            String inActivity = activity.tenant();
            String inLocal = local.tenant();
            String inChild = Workflow.newChildWorkflowStub(Tenanted.class).run("child");
            Workflow.await(() -> seenBySignal != null);
            return "workflow=" + inWorkflow + " async=" + inAsync + " activity=" + inActivity + " local=" + inLocal
                    + " child=" + inChild + " signal=" + seenBySignal;
        }

        @Override
        public void poke() {
            seenBySignal = String.valueOf(TENANT.get());
        }

        @Override
        public String seenBySignal() {
            return seenBySignal;
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(TenantedImpl.class)
            .setTaskQueue(QUEUE)
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder()
                    .setClientOptions(WorkflowClientOptions.newBuilder()
                            .setContextPropagators(List.of(new TenantPropagator())).build())
                    .build())
            .setDoNotStart(true)
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private final TenancyImpl tenancy = new TenancyImpl();

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, io.reprise.worker.Worker worker) {
        this.env = env;
        worker.registerActivitiesImplementations(tenancy);
        client = env.getWorkflowClient();
        env.start();
    }

    @AfterEach
    void clearTenant() {
        TENANT.remove();
    }

    @Test
    void theClientsTenantReachesEveryThreadActivityAttemptLocalActivityAndChildOfTheWorkflow() {
        TENANT.set("acme");
        Tenanted workflow = client.newWorkflowStub(Tenanted.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("tenant-1").build());
        WorkflowClient.start(workflow::run, "parent");
        TENANT.set("globex"); // the signal's sender; the handler runs with the run's context all the same
        workflow.poke();
        TENANT.remove();

        String result = WorkflowStub.fromTyped(workflow).getResult(String.class);

        assertThat(result).isEqualTo("workflow=acme async=acme activity=acme local=acme child=acme signal=acme");
        assertThat(tenancy.seen).containsExactly("1:acme", "2:acme", "1:acme");
        List<HistoryEvent> history = env.getEngineService().getHistory("default", "tenant-1", null);
        EventAttributes.WorkflowExecutionStarted started = history.get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.header()).containsOnlyKeys("tenant");
        assertThat(new TenantPropagator().deserializeContext(started.header())).isEqualTo("acme");
        assertThat(history.stream().map(HistoryEvent::attributes)
                .filter(EventAttributes.WorkflowExecutionSignaled.class::isInstance)
                .map(a -> new TenantPropagator().deserializeContext(((EventAttributes.WorkflowExecutionSignaled) a)
                        .header())))
                .containsExactly("globex");
    }

    @Test
    void withoutACurrentContextNothingIsWrittenAndTheCodeSeesNone() {
        Tenanted workflow = client.newWorkflowStub(Tenanted.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("tenant-2").build());
        WorkflowClient.start(workflow::run, "parent");
        workflow.poke();

        String result = WorkflowStub.fromTyped(workflow).getResult(String.class);

        assertThat(result).isEqualTo("workflow=null async=null activity=null local=null child=null signal=null");
        assertThat(env.getEngineService().getHistory("default", "tenant-2", null).get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class).header()).isEmpty();
    }

    @Test
    void twoPropagatorsWritingOneKeyAreRefusedNamingBoth() {
        ContextPropagator other = new TenantPropagator() {
            @Override
            public String getName() {
                return "other";
            }
        };
        WorkflowClient twice = WorkflowClient.newInstance(env.getEngineService(), WorkflowClientOptions.newBuilder()
                .setContextPropagators(List.of(new TenantPropagator(), other)).build());
        TENANT.set("acme");

        assertThatThrownBy(() -> twice.newUntypedWorkflowStub("Tenanted", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("tenant-3").build()).start("parent"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Context propagators \"tenant\" and \"other\" both write the header key \"tenant\"; give "
                        + "each propagator keys of its own (a prefix)");
    }
}
