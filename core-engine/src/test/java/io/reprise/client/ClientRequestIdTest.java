package io.reprise.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.store.JdbcExecutionStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each user call of a stub carries a request id of its own; a transport that sends the same call twice (it got no
 * answer the first time) has it applied once.
 */
class ClientRequestIdTest {

    private static final Set<String> SENT_TWICE = Set.of("signalWorkflow", "requestCancelWorkflow",
            "terminateWorkflow");

    private final Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
    /** The requests the client sent, once each. */
    private final List<Object> sent = new ArrayList<>();
    /** Sends signal, cancel and terminate calls twice, as a transport retrying a call whose answer it lost. */
    private final EngineService duplicating = (EngineService) Proxy.newProxyInstance(
            EngineService.class.getClassLoader(), new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                try {
                    if (args != null && args.length == 1 && args[0] != null
                            && args[0].getClass().getSimpleName().endsWith("Request")) {
                        sent.add(args[0]);
                    }
                    if (SENT_TWICE.contains(method.getName()) && args.length == 1) {
                        method.invoke(engine, args);
                    }
                    return method.invoke(engine, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    private final WorkflowClient client = WorkflowClient.newInstance(duplicating);

    @AfterEach
    void close() {
        engine.close();
    }

    private WorkflowStub started(String workflowId) {
        WorkflowStub stub = client.newUntypedWorkflowStub("OrderWorkflow",
                WorkflowOptions.newBuilder().setTaskQueue("orders").setWorkflowId(workflowId).build());
        stub.start();
        return client.newUntypedWorkflowStub(workflowId);
    }

    private long count(String workflowId, EventType type) {
        return engine.getHistory("default", workflowId, null).stream().map(HistoryEvent::eventType)
                .filter(type::equals).count();
    }

    private <T> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void eachSignalCallIsRecordedOnceThoughSentTwice() {
        WorkflowStub stub = started("c-signal");

        stub.signal("addItem", "book");
        stub.signal("addItem", "pen");

        assertThat(count("c-signal", EventType.WorkflowExecutionSignaled)).isEqualTo(2);
        List<String> ids = sent(SignalWorkflowRequest.class).stream().map(SignalWorkflowRequest::requestId).toList();
        assertThat(ids).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void aCancelAndATerminateSentTwiceAreRecordedOnceAndSucceed() {
        WorkflowStub stub = started("c-close");

        stub.cancel("enough");
        stub.terminate("really");

        assertThat(count("c-close", EventType.WorkflowExecutionCancelRequested)).isEqualTo(1);
        assertThat(count("c-close", EventType.WorkflowExecutionTerminated)).isEqualTo(1);
        assertThat(sent(RequestCancelWorkflowRequest.class)).singleElement()
                .extracting(RequestCancelWorkflowRequest::requestId).isNotNull();
        assertThat(sent(TerminateWorkflowRequest.class)).singleElement()
                .extracting(TerminateWorkflowRequest::requestId).isNotNull();
    }

    @Test
    void anUpdateCarriesARequestIdOfItsOwn() {
        WorkflowStub stub = started("c-update");
        stub.terminate("closed before the update");

        assertThatThrownBy(() -> stub.update("setQty", String.class, 3)).isInstanceOf(WorkflowNotFoundException.class);
        assertThatThrownBy(() -> stub.update("setQty", String.class, 4)).isInstanceOf(WorkflowNotFoundException.class);

        List<UpdateWorkflowRequest> updates = sent(UpdateWorkflowRequest.class);
        assertThat(updates).extracting(UpdateWorkflowRequest::requestId).hasSize(2).doesNotContainNull()
                .doesNotHaveDuplicates();
    }
}
