package io.reprise.client;

import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.mapping.ExecutionMapping;
import io.reprise.internal.mapping.SearchAttributeMapping;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.workflow.Functions;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Starts workflows and talks to running ones, through an {@link EngineService} (the embedded
 * engine, or a remote one). Thread-safe; create one per application.
 */
public final class WorkflowClient {

    /** The default payload size limit: 2 MiB, the engine's default limit. */
    public static final int MAX_PAYLOAD_SIZE = 2 * 1024 * 1024;

    private final EngineService engine;
    private final WorkflowClientOptions options;
    private final ContextPropagation propagation;

    private WorkflowClient(EngineService engine, WorkflowClientOptions options) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.options = Objects.requireNonNull(options, "options");
        this.propagation = ContextPropagation.of(options.getContextPropagators());
    }

    /** The options' context propagators, applied to the headers of starts and signals. */
    ContextPropagation propagation() {
        return propagation;
    }

    public static WorkflowClient newInstance(EngineService engine) {
        return new WorkflowClient(engine, WorkflowClientOptions.getDefaultInstance());
    }

    public static WorkflowClient newInstance(EngineService engine, WorkflowClientOptions options) {
        return new WorkflowClient(engine, options);
    }

    public EngineService getEngineService() {
        return engine;
    }

    public WorkflowClientOptions getOptions() {
        return options;
    }

    /** A client that completes, fails, heartbeats or cancels activities from outside their method. */
    public ActivityCompletionClient newActivityCompletionClient() {
        return new ActivityCompletionClient(this);
    }

    /** A client that registers, describes, lists and updates namespaces on this client's engine. */
    public NamespaceClient newNamespaceClient() {
        return NamespaceClient.newInstance(engine);
    }

    /**
     * A typed stub: calling its workflow method starts the workflow and waits for the result.
     * Use {@link #start} to start without waiting.
     *
     * @throws IllegalArgumentException when the interface is not a workflow interface or the options are incomplete
     */
    public <T> T newWorkflowStub(Class<T> workflowInterface, WorkflowOptions workflowOptions) {
        WorkflowInterfaceMetadata metadata = WorkflowInterfaceMetadata.forInterface(workflowInterface);
        Objects.requireNonNull(workflowOptions, "workflowOptions").validate();
        return TypedWorkflowStub.create(workflowInterface, metadata,
                new WorkflowStub(this, metadata.workflowType(), workflowOptions, null));
    }

    /**
     * A typed stub bound to the latest run of an existing Workflow Id: its signal, query and update
     * methods reach that run, and calling its workflow method waits for the run's result.
     */
    public <T> T newWorkflowStub(Class<T> workflowInterface, String workflowId) {
        return newWorkflowStub(workflowInterface, workflowId, null);
    }

    /** Like {@link #newWorkflowStub(Class, String)} for one run ({@code runId == null}: the latest). */
    public <T> T newWorkflowStub(Class<T> workflowInterface, String workflowId, String runId) {
        WorkflowInterfaceMetadata metadata = WorkflowInterfaceMetadata.forInterface(workflowInterface);
        return TypedWorkflowStub.create(workflowInterface, metadata, bound(workflowId, runId));
    }

    /**
     * Signal-with-start through typed stub calls: sends the signal to the running run of the
     * stub's Workflow Id, or starts one and delivers the signal before its first workflow task.
     *
     * <pre>{@code
     * OrderWorkflow order = client.newWorkflowStub(OrderWorkflow.class, options);
     * WorkflowClient.signalWithStart(() -> order.addItem(item), () -> order.process(cart));
     * }</pre>
     *
     * @param signalCall one call of a {@code @SignalMethod} of the stub
     * @param startCall one call of the {@code @WorkflowMethod} of the same stub
     * @return the run that got the signal
     */
    public static WorkflowExecution signalWithStart(Functions.Proc signalCall, Functions.Proc startCall) {
        TypedWorkflowStub.SignalWithStart capture = new TypedWorkflowStub.SignalWithStart();
        TypedWorkflowStub.SIGNAL_CAPTURE.set(capture);
        try {
            signalCall.apply();
            startCall.apply();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            TypedWorkflowStub.SIGNAL_CAPTURE.remove();
        }
        if (capture.signalStub == null || capture.startStub == null) {
            throw new IllegalArgumentException("signalWithStart expects a call of a @SignalMethod and a call of the "
                    + "@WorkflowMethod of a stub from WorkflowClient.newWorkflowStub, e.g. "
                    + "signalWithStart(() -> stub.addItem(item), () -> stub.process(cart))");
        }
        if (capture.signalStub != capture.startStub) {
            throw new IllegalArgumentException("signalWithStart's signal and workflow method calls must use the same "
                    + "stub");
        }
        return capture.startStub.signalWithStart(capture.signalName, capture.signalArgs, capture.startArgs);
    }

    /*
     * Untyped stubs. Each kind has its own name or arity, so that no call with a null argument is ambiguous:
     * newUntypedWorkflowStub(type, options) starts, newUntypedWorkflowStub(workflowId) and
     * newUntypedWorkflowStubForRun(execution) reach existing runs.
     */

    /**
     * An untyped stub that starts a workflow of {@code workflowType} with {@code workflowOptions}.
     *
     * @throws IllegalArgumentException when the type is blank or the options are missing or incomplete
     */
    public WorkflowStub newUntypedWorkflowStub(String workflowType, WorkflowOptions workflowOptions) {
        if (workflowType == null || workflowType.isBlank()) {
            throw new IllegalArgumentException("workflowType must not be blank");
        }
        if (workflowOptions == null) {
            throw new IllegalArgumentException("newUntypedWorkflowStub(\"" + workflowType + "\", null): a stub that "
                    + "starts a workflow needs WorkflowOptions (at least a task queue); for a stub on an existing "
                    + "execution use newUntypedWorkflowStub(workflowId) or newUntypedWorkflowStubForRun(execution)");
        }
        workflowOptions.validate();
        return new WorkflowStub(this, workflowType, workflowOptions, null);
    }

    /**
     * An untyped stub bound to the latest run of an existing Workflow Id (the run that is open, or the last
     * one): signal, query, update, cancel, terminate it or wait for its result.
     *
     * @throws IllegalArgumentException when the Workflow Id is blank
     */
    public WorkflowStub newUntypedWorkflowStub(String workflowId) {
        return bound(workflowId, null);
    }

    /**
     * An untyped stub bound to one run, e.g. the one {@link #start} or {@link WorkflowStub#start} returned
     * (a {@code null} Run Id means the latest run of the Workflow Id).
     *
     * @throws IllegalArgumentException when the execution is missing or its Workflow Id is blank
     */
    public WorkflowStub newUntypedWorkflowStubForRun(WorkflowExecution execution) {
        if (execution == null) {
            throw new IllegalArgumentException("newUntypedWorkflowStubForRun needs the execution "
                    + "(new WorkflowExecution(workflowId, runId)); for the latest run use newUntypedWorkflowStub("
                    + "workflowId)");
        }
        return bound(execution.workflowId(), execution.runId());
    }

    private WorkflowStub bound(String workflowId, String runId) {
        if (workflowId == null || workflowId.isBlank()) {
            throw new IllegalArgumentException("workflowId must not be blank");
        }
        return new WorkflowStub(this, null, null, new WorkflowExecution(workflowId, runId));
    }

    /** Starts the workflow behind a typed stub's method without waiting: {@code start(stub::process, order)}. */
    public static <R> WorkflowExecution start(Functions.Func<R> workflowMethod) {
        return captureStart(() -> workflowMethod.apply());
    }

    public static <A, R> WorkflowExecution start(Functions.Func1<A, R> workflowMethod, A a) {
        return captureStart(() -> workflowMethod.apply(a));
    }

    public static <A, B, R> WorkflowExecution start(Functions.Func2<A, B, R> workflowMethod, A a, B b) {
        return captureStart(() -> workflowMethod.apply(a, b));
    }

    public static WorkflowExecution start(Functions.Proc workflowMethod) {
        return captureStart(() -> {
            workflowMethod.apply();
            return null;
        });
    }

    public static <A> WorkflowExecution start(Functions.Proc1<A> workflowMethod, A a) {
        return captureStart(() -> {
            workflowMethod.apply(a);
            return null;
        });
    }

    public static <A, B> WorkflowExecution start(Functions.Proc2<A, B> workflowMethod, A a, B b) {
        return captureStart(() -> {
            workflowMethod.apply(a, b);
            return null;
        });
    }

    private static WorkflowExecution captureStart(Functions.Func<?> call) {
        WorkflowExecution[] started = new WorkflowExecution[1];
        TypedWorkflowStub.START_ONLY.set(started);
        try {
            call.apply();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            TypedWorkflowStub.START_ONLY.remove();
        }
        if (started[0] == null) {
            throw new IllegalArgumentException("WorkflowClient.start expects a method reference to the workflow "
                    + "method of a stub from WorkflowClient.newWorkflowStub, e.g. start(stub::process, order)");
        }
        return started[0];
    }

    /**
     * Describes a run ({@code runId == null}: the latest).
     *
     * @throws WorkflowNotFoundException for an unknown Workflow Id
     */
    public WorkflowExecutionDescription describe(String workflowId, String runId) {
        try {
            ExecutionDescription d = engine.describeWorkflow(options.getNamespace(), workflowId, runId);
            return new WorkflowExecutionDescription(metadata(d.info()),
                    d.pendingActivities().stream().map(WorkflowClient::pendingActivity).toList());
        } catch (EngineException e) {
            throw translate(e, workflowId);
        }
    }

    public WorkflowExecutionDescription describe(String workflowId) {
        return describe(workflowId, null);
    }

    /**
     * The history of a run ({@code runId == null}: the latest).
     *
     * @throws WorkflowNotFoundException for an unknown Workflow Id
     */
    public WorkflowHistory fetchHistory(String workflowId, String runId) {
        try {
            // The Run Id goes into the export: replay seeds the run's randomness with it.
            String run = runId != null ? runId
                    : engine.describeWorkflow(options.getNamespace(), workflowId, null).execution().runId();
            return new WorkflowHistory(workflowId, run, engine.getHistory(options.getNamespace(), workflowId, run));
        } catch (EngineException e) {
            throw translate(e, workflowId);
        }
    }

    public WorkflowHistory fetchHistory(String workflowId) {
        return fetchHistory(workflowId, null);
    }

    /**
     * A page of the client's namespace's runs, newest first (by start time).
     *
     * @param status only runs with this status, or {@code null} for all
     * @param pageSize the most runs in the page, 1 to 1000; 0 for the default, 100
     * @param nextPageToken {@code nextPageToken} of the previous page, or {@code null} for the first page
     * @throws IllegalArgumentException for a bad page size or page token
     */
    public WorkflowExecutionPage listExecutions(WorkflowExecutionStatus status, int pageSize, String nextPageToken) {
        try {
            return page(engine.listExecutions(new ListExecutionsRequest(options.getNamespace(),
                    ExecutionMapping.toEngine(status), pageSize, nextPageToken)));
        } catch (EngineException e) {
            throw translate(e, null);
        }
    }

    /**
     * A page of the client's namespace's runs that match a visibility query, newest first (by start time).
     * The query language (docs/visibility.md) filters on the built-in attributes {@code WorkflowId},
     * {@code RunId}, {@code WorkflowType}, {@code TaskQueue}, {@code ExecutionStatus}, {@code StartTime} and
     * {@code CloseTime} and on custom search attributes:
     * {@code WorkflowType = 'Order' AND ExecutionStatus = 'Running' AND CustomerId = 'c-42'}.
     *
     * @param query the query; {@code null} or blank lists every run
     * @param pageSize the most runs in the page, 1 to 1000; 0 for the default, 100
     * @param nextPageToken {@code nextPageToken} of the previous page (asked with the same query), or
     *     {@code null} for the first page
     * @throws IllegalArgumentException for a bad query (the message names the position:
     *     {@code Invalid query at position 27: …}), page size or page token
     */
    public WorkflowExecutionPage listExecutions(String query, int pageSize, String nextPageToken) {
        try {
            return page(engine.listExecutions(ListExecutionsRequest.ofQuery(options.getNamespace(), query, pageSize,
                    nextPageToken)));
        } catch (EngineException e) {
            throw translate(e, null);
        }
    }

    /**
     * Every run of the client's namespace that matches a visibility query, newest first, as a lazy stream:
     * pages of 100 are asked as the stream is consumed. The query is checked at once.
     *
     * @throws IllegalArgumentException for a bad query, naming the position
     */
    public Stream<WorkflowExecutionMetadata> listExecutions(String query) {
        WorkflowExecutionPage first = listExecutions(query, 0, null);
        Iterator<WorkflowExecutionMetadata> pages = new Iterator<>() {
            private WorkflowExecutionPage page = first;
            private int next;

            @Override
            public boolean hasNext() {
                while (next >= page.executions().size() && page.nextPageToken() != null) {
                    page = listExecutions(query, 0, page.nextPageToken());
                    next = 0;
                }
                return next < page.executions().size();
            }

            @Override
            public WorkflowExecutionMetadata next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.executions().get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * How many runs of the client's namespace match a visibility query ({@code null} or blank: all runs).
     *
     * @throws IllegalArgumentException for a bad query, naming the position
     */
    public long countExecutions(String query) {
        try {
            return engine.countExecutions(options.getNamespace(), query);
        } catch (EngineException e) {
            throw translate(e, null);
        }
    }

    private WorkflowExecutionPage page(ListExecutionsResponse response) {
        return new WorkflowExecutionPage(response.executions().stream().map(this::metadata).toList(),
                response.nextPageToken());
    }

    private WorkflowExecutionMetadata metadata(WorkflowExecutionInfo info) {
        return new WorkflowExecutionMetadata(ExecutionMapping.toPublic(info.execution()), info.workflowType(),
                info.taskQueue(), ExecutionMapping.toPublic(info.status()), info.startTime(), info.closeTime(),
                info.historyLength(), new Memo(info.memo(), options.getDataConverter()),
                SearchAttributeMapping.fromIndexedValues(info.searchAttributes()));
    }

    private static PendingActivityInfo pendingActivity(PendingActivity a) {
        return new PendingActivityInfo(a.activityId(), a.activityType(), a.scheduledEventId(),
                PendingActivityInfo.State.valueOf(a.state()), a.attempt(), a.scheduledTime(), a.lastStartedTime(),
                ExecutionMapping.toPublic(a.lastFailure()), a.lastWorkerIdentity(), a.nextAttemptScheduleTime(),
                a.heartbeatDetails(), a.lastHeartbeatTime(), a.cancelRequested());
    }

    RuntimeException translate(EngineException e, String workflowId) {
        return switch (e.getCode()) {
            case NOT_FOUND -> new WorkflowNotFoundException(e.getMessage(), e);
            case ALREADY_EXISTS -> new WorkflowExecutionAlreadyStarted(workflowId, e.getMessage(), e);
            case INVALID_ARGUMENT -> new IllegalArgumentException(e.getMessage(), e);
            default -> e;
        };
    }
}
