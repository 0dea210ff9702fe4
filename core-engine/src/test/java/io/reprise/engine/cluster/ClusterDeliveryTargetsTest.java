package io.reprise.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which node a delivery's target is reached at, and what a refusal or an unreachable owner turns into. */
class ClusterDeliveryTargetsTest {

    private static final String NS = "default";
    private static final int SHARDS = 4;
    private static final NodeAddress A = new NodeAddress("node-a", "a:7444");
    private static final NodeAddress B = new NodeAddress("node-b", "b:7444");
    private static final NodeAddress C = new NodeAddress("node-c", "c:7444");

    private final StaticShardDirectory directory = new StaticShardDirectory("node-a", SHARDS);
    private final RecordingTargets local = new RecordingTargets("local");
    private final Map<String, RecordingTargets> remote = new HashMap<>();
    private final ClusterDeliveryTargets targets = new ClusterDeliveryTargets(local, directory,
            node -> remote.computeIfAbsent(node.nodeId(), RecordingTargets::new));

    private static String idOnShard(int shard) {
        for (int i = 0; ; i++) {
            if (ShardHash.shardOf(NS, "wf-" + i, SHARDS) == shard) {
                return "wf-" + i;
            }
        }
    }

    private static SignalWorkflowRequest signal(String workflowId) {
        return new SignalWorkflowRequest(NS, workflowId, null, "go", List.of(), "test", "request-1", null);
    }

    @Test
    void aTargetOfAShardThisNodeOwnsIsReachedLocally() {
        directory.owner(0, A);

        targets.signal(signal(idOnShard(0)));

        assertThat(local.calls).containsExactly("signal " + idOnShard(0));
        assertThat(remote).isEmpty();
    }

    @Test
    void aTargetOfAnotherNodesShardIsReachedAtThatNode() {
        directory.owner(1, B);

        targets.signal(signal(idOnShard(1)));

        assertThat(remote.get("node-b").calls).containsExactly("signal " + idOnShard(1));
        assertThat(local.calls).isEmpty();
        assertThat(directory.refreshes()).isZero();
    }

    @Test
    void aRefusalAsNotOwnerRefreshesTheOwnersAndTheCallIsMadeOnceMoreAtTheNewOwner() {
        directory.owner(1, B).ownerAfterRefresh(1, C);
        remote.put("node-b", new RecordingTargets("node-b").failNext(new NotOwnerException(1, "node-c", "not mine")));

        targets.signal(signal(idOnShard(1)));

        assertThat(directory.refreshes()).isEqualTo(1);
        assertThat(remote.get("node-b").calls).containsExactly("signal " + idOnShard(1));
        assertThat(remote.get("node-c").calls).containsExactly("signal " + idOnShard(1));
    }

    @Test
    void aShardThisNodeJustLostIsReachedAtItsNewOwnerAfterARefresh() {
        directory.owner(2, A).ownerAfterRefresh(2, B);
        local.failNext(new NotOwnerException(2, null, "lost the lease"));

        targets.signal(signal(idOnShard(2)));

        assertThat(local.calls).hasSize(1);
        assertThat(remote.get("node-b").calls).containsExactly("signal " + idOnShard(2));
    }

    @Test
    void aSecondRefusalAsNotOwnerLeavesTheDeliveryToBeMadeAgainLater() {
        directory.owner(1, B);
        remote.put("node-b", new RecordingTargets("node-b").failNext(new NotOwnerException(1, null, "not mine"))
                .failNext(new NotOwnerException(1, null, "still not mine")));

        assertThatThrownBy(() -> targets.signal(signal(idOnShard(1))))
                .isInstanceOf(OwnerUnreachableException.class)
                .hasMessageContaining("refused twice as not owner")
                .hasMessageContaining("still not mine");
        assertThat(directory.refreshes()).isEqualTo(1);
    }

    @Test
    void aShardWithoutOwnerLeavesTheDeliveryToBeMadeAgainLater() {
        assertThatThrownBy(() -> targets.signal(signal(idOnShard(3))))
                .isInstanceOfSatisfying(OwnerUnreachableException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE))
                .hasMessageContaining("no live node owns shard 3");
        assertThat(local.calls).isEmpty();
    }

    @Test
    void anOwnerThatCannotBeReachedLeavesTheDeliveryToBeMadeAgainLaterAndItsRefusalsPassAsTheyAre() {
        directory.owner(1, B);
        remote.put("node-b", new RecordingTargets("node-b")
                .failNext(new EngineException(EngineException.Code.UNAVAILABLE, "connection refused"))
                .failNext(new EngineException(EngineException.Code.DEADLINE_EXCEEDED, "no answer"))
                .failNext(EngineException.notFound("no such run")));

        assertThatThrownBy(() -> targets.signal(signal(idOnShard(1))))
                .isInstanceOf(OwnerUnreachableException.class)
                .hasMessageContaining("at node node-b (b:7444)").hasMessageContaining("connection refused");
        assertThatThrownBy(() -> targets.signal(signal(idOnShard(1))))
                .isInstanceOf(OwnerUnreachableException.class).hasMessageContaining("no answer");
        assertThatThrownBy(() -> targets.signal(signal(idOnShard(1))))
                .isNotInstanceOf(OwnerUnreachableException.class)
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    @Test
    void eachDeliveryGoesToTheOwnerOfItsTargetsWorkflowId() {
        String onA = idOnShard(0);
        String onB = idOnShard(1);
        directory.owner(0, A).owner(1, B);
        EventAttributes.ParentExecution parentOnA = new EventAttributes.ParentExecution(NS, onA, "run-p", 5);

        targets.startChild(new StartWorkflowRequest(NS, onB, "Child", "q", List.of(), null, null, null, "test",
                "run-p/5", null, false, null, null), parentOnA);
        targets.recordChildClosed(parentOnA, "run-c", "run-c", null);
        targets.closedChild(NS, onB, "run-p", 5);
        targets.openChildOfClosedParent(parentOnA);
        targets.runningChildRunId(NS, onB, "run-p");
        targets.requestCancel(new RequestCancelWorkflowRequest(NS, onB, null, "why", "test", "r"));
        targets.terminate(new TerminateWorkflowRequest(NS, onB, null, "why", List.of(), "test", "r"));

        assertThat(remote.get("node-b").calls).containsExactly("startChild " + onB, "closedChild " + onB,
                "runningChildRunId " + onB, "requestCancel " + onB, "terminate " + onB);
        assertThat(local.calls).containsExactly("recordChildClosed " + onA, "openChildOfClosedParent " + onA);
    }

    /** Records the calls it gets (name and Workflow Id), and fails the next ones as told. */
    static final class RecordingTargets implements DeliveryTargets {
        final String name;
        final List<String> calls = new ArrayList<>();
        private final Deque<RuntimeException> failures = new ArrayDeque<>();

        RecordingTargets(String name) {
            this.name = name;
        }

        RecordingTargets failNext(RuntimeException failure) {
            failures.add(failure);
            return this;
        }

        private void record(String call, String workflowId) {
            calls.add(call + " " + workflowId);
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
            record("startChild", request.workflowId());
            return new WorkflowExecution(request.workflowId(), "run-c");
        }

        @Override
        public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId,
                String childRunId, HistoryEvent closeEvent) {
            record("recordChildClosed", parent.workflowId());
        }

        @Override
        public void signal(SignalWorkflowRequest request) {
            record("signal", request.workflowId());
        }

        @Override
        public void requestCancel(RequestCancelWorkflowRequest request) {
            record("requestCancel", request.workflowId());
        }

        @Override
        public void terminate(TerminateWorkflowRequest request) {
            record("terminate", request.workflowId());
        }

        @Override
        public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
                long initiatedEventId) {
            record("closedChild", childWorkflowId);
            return Optional.empty();
        }

        @Override
        public Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent) {
            record("openChildOfClosedParent", parent.workflowId());
            return Optional.empty();
        }

        @Override
        public Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId) {
            record("runningChildRunId", childWorkflowId);
            return Optional.empty();
        }
    }
}
