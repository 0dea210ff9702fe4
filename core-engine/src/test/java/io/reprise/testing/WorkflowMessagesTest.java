package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowQueryException;
import io.reprise.client.WorkflowStub;
import io.reprise.client.WorkflowUpdateException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ApplicationFailure;
import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.UpdateMethod;
import io.reprise.workflow.UpdateValidatorMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signals, signal-with-start, queries and updates, end to end on the test environment. */
class WorkflowMessagesTest {

    static final String QUEUE = "messages";

    @WorkflowInterface
    public interface Cart {
        @WorkflowMethod
        List<String> checkout(String customer);

        @SignalMethod
        void add(String item);

        @SignalMethod(name = "close")
        void closeCart();

        @QueryMethod
        List<String> items();

        @QueryMethod
        String badQuery();

        @UpdateMethod
        int remove(String item);

        @UpdateValidatorMethod(updateName = "remove")
        void validateRemove(String item);
    }

    public static final class CartImpl implements Cart {
        private final List<String> items = new ArrayList<>();
        private boolean closed;

        @Override
        public List<String> checkout(String customer) {
            Workflow.await(() -> closed);
            return items;
        }

        @Override
        public void add(String item) {
            items.add(item);
        }

        @Override
        public void closeCart() {
            closed = true;
        }

        @Override
        public List<String> items() {
            return items;
        }

        @Override
        public String badQuery() {
            Workflow.newTimer(Duration.ofSeconds(1));
            return "unreachable";
        }

        @Override
        public int remove(String item) {
            if (item.equals("boom")) {
                throw ApplicationFailure.newFailure("cannot remove " + item, "RemoveFailed");
            }
            items.remove(item);
            return items.size();
        }

        @Override
        public void validateRemove(String item) {
            if (!items.contains(item)) {
                throw new IllegalArgumentException("the cart has no " + item);
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CartImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, WorkflowClient client) {
        this.env = env;
        this.client = client;
    }

    private Cart startCart(String workflowId) {
        Cart cart = client.newWorkflowStub(Cart.class, options(workflowId));
        WorkflowClient.start(cart::checkout, "c-1");
        awaitFirstTaskCompleted(workflowId);
        return cart;
    }

    private static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
    }

    private void awaitFirstTaskCompleted(String workflowId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (history(workflowId).stream().anyMatch(e -> e.eventType() == EventType.WorkflowTaskCompleted)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the first workflow task of " + workflowId + " never completed");
    }

    private List<HistoryEvent> history(String workflowId) {
        return EngineHistory.events(client.fetchHistory(workflowId));
    }

    private <A extends EventAttributes> List<A> events(String workflowId, Class<A> type) {
        return history(workflowId).stream().map(HistoryEvent::attributes).filter(type::isInstance).map(type::cast)
                .toList();
    }

    @Test
    void signalsAreRecordedAndDeliveredInOrder() {
        Cart cart = startCart("signals");
        cart.add("apple");
        cart.add("pear");
        cart.add("fig");
        cart.closeCart();

        List<String> result = client.newWorkflowStub(Cart.class, "signals").checkout(null);

        assertThat(result).containsExactly("apple", "pear", "fig");
        assertThat(events("signals", EventAttributes.WorkflowExecutionSignaled.class))
                .extracting(EventAttributes.WorkflowExecutionSignaled::signalName)
                .containsExactly("add", "add", "add", "close");
    }

    @Test
    void aSignalTheWorkflowDoesNotHandleIsRefusedAndChangesNothing() {
        startCart("unknown-signal");
        int before = history("unknown-signal").size();

        assertThatThrownBy(() -> client.newUntypedWorkflowStub("unknown-signal").signal("addd", "apple"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no signal handler named \"addd\"")
                .hasMessageContaining("its signals: [add, close]");
        assertThat(history("unknown-signal")).hasSize(before);
    }

    @Test
    void signalWithStartStartsARunWithTheSignalFirstThenSignalsTheRunningOne() {
        Cart cart = client.newWorkflowStub(Cart.class, options("sws"));
        var first = WorkflowClient.signalWithStart(() -> cart.add("apple"), () -> cart.checkout("c-1"));
        Cart again = client.newWorkflowStub(Cart.class, options("sws"));
        var second = WorkflowClient.signalWithStart(() -> again.add("pear"), () -> again.checkout("c-1"));
        client.newWorkflowStub(Cart.class, "sws").closeCart();

        assertThat(second).isEqualTo(first);
        assertThat(client.newWorkflowStub(Cart.class, "sws").checkout(null)).containsExactly("apple", "pear");
        assertThat(history("sws").subList(0, 3)).extracting(HistoryEvent::eventType).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowExecutionSignaled,
                EventType.WorkflowTaskScheduled);
    }

    @Test
    void queriesReadTheStateWithoutRecordingAnythingAlsoAfterTheRunClosed() {
        Cart cart = startCart("query");
        cart.add("apple");
        cart.add("pear");
        awaitSignalsHandled("query", 2);
        int before = history("query").size();

        assertThat(cart.items()).containsExactly("apple", "pear");
        assertThat(history("query")).hasSize(before);

        cart.closeCart();
        client.newWorkflowStub(Cart.class, "query").checkout(null);
        // Closed: the worker no longer caches the run and answers by replaying its history.
        assertThat(client.newWorkflowStub(Cart.class, "query").items()).containsExactly("apple", "pear");
    }

    private void awaitSignalsHandled(String workflowId, int signals) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<HistoryEvent> events = history(workflowId);
            long signaled = events.stream().filter(e -> e.eventType() == EventType.WorkflowExecutionSignaled).count();
            if (signaled == signals && events.get(events.size() - 1).eventType() == EventType.WorkflowTaskCompleted) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the signals to " + workflowId + " were not handled");
    }

    @Test
    void aQueryByReplayMatchesTheCachedAnswer() {
        Cart cart = startCart("query-replay");
        cart.add("apple");
        awaitSignalsHandled("query-replay", 1);
        List<String> cached = cart.items();
        env.getWorkerFactory().invalidateCache();

        assertThat(cart.items()).isEqualTo(cached).containsExactly("apple");
    }

    @Test
    void anUnknownQueryAndAQueryThatWouldChangeTheWorkflowFailClearly() {
        startCart("bad-queries");
        WorkflowStub stub = client.newUntypedWorkflowStub("bad-queries");

        assertThatThrownBy(() -> stub.query("itemz", List.class))
                .isInstanceOf(WorkflowQueryException.class)
                .hasMessageContaining("has no query handler named \"itemz\"")
                .hasMessageContaining("[badQuery, items]");
        assertThatThrownBy(() -> stub.query("badQuery", String.class))
                .isInstanceOf(WorkflowQueryException.class)
                .hasMessageContaining("must only read the workflow's state");
    }

    @Test
    void anUpdateReturnsItsHandlersResultAndIsRecorded() {
        Cart cart = startCart("update");
        cart.add("apple");
        cart.add("pear");
        awaitSignalsHandled("update", 2);

        int left = cart.remove("apple");

        assertThat(left).isEqualTo(1);
        assertThat(cart.items()).containsExactly("pear");
        var accepted = events("update", EventAttributes.WorkflowExecutionUpdateAccepted.class);
        var completed = events("update", EventAttributes.WorkflowExecutionUpdateCompleted.class);
        assertThat(accepted).extracting(EventAttributes.WorkflowExecutionUpdateAccepted::updateName)
                .containsExactly("remove");
        assertThat(completed).extracting(EventAttributes.WorkflowExecutionUpdateCompleted::updateId)
                .containsExactly(accepted.get(0).updateId());
    }

    @Test
    void aRejectedUpdateLeavesNoTraceInHistory() {
        startCart("rejected");
        int before = history("rejected").size();
        WorkflowStub stub = client.newUntypedWorkflowStub("rejected");

        assertThatThrownBy(() -> stub.update("remove", Integer.class, "apple"))
                .isInstanceOfSatisfying(WorkflowUpdateException.class, e -> assertThat(e.isRejected()).isTrue())
                .hasMessageContaining("was rejected")
                .hasMessageContaining("the cart has no apple");
        assertThatThrownBy(() -> stub.update("empty", Integer.class))
                .isInstanceOfSatisfying(WorkflowUpdateException.class, e -> assertThat(e.isRejected()).isTrue())
                .hasMessageContaining("has no update handler named \"empty\"")
                .hasMessageContaining("its updates: [remove]");
        assertThat(history("rejected")).hasSize(before);
    }

    @Test
    void anUpdateWhoseHandlerThrowsFailsTheCallerNotTheWorkflow() {
        Cart cart = startCart("update-fails");
        cart.add("boom");
        awaitSignalsHandled("update-fails", 1);

        assertThatThrownBy(() -> cart.remove("boom"))
                .isInstanceOfSatisfying(WorkflowUpdateException.class, e -> assertThat(e.isRejected()).isFalse())
                .hasMessageContaining("cannot remove boom");
        cart.closeCart();
        assertThat(client.newWorkflowStub(Cart.class, "update-fails").checkout(null)).containsExactly("boom");
    }

    @Test
    void repeatingAnUpdateIdReturnsTheFirstResultWithoutRunningItAgain() {
        Cart cart = startCart("update-id");
        cart.add("apple");
        cart.add("pear");
        awaitSignalsHandled("update-id", 2);
        WorkflowStub stub = client.newUntypedWorkflowStub("update-id");

        int first = stub.update("remove", "u-1", Integer.class, "apple");
        int again = stub.update("remove", "u-1", Integer.class, "apple");

        assertThat(first).isEqualTo(1);
        assertThat(again).isEqualTo(1);
        assertThat(events("update-id", EventAttributes.WorkflowExecutionUpdateAccepted.class)).hasSize(1);
    }
}
