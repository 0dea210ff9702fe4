package io.reprise.transport.grpc;

import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import java.util.Optional;

/** Deliveries that go to {@code delegate}: tests override the calls they count, fail or withhold. */
public class ForwardingDeliveryTargets implements DeliveryTargets {

    protected final DeliveryTargets delegate;

    public ForwardingDeliveryTargets(DeliveryTargets delegate) {
        this.delegate = delegate;
    }

    @Override
    public WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        return delegate.startChild(request, parent);
    }

    @Override
    public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent) {
        delegate.recordChildClosed(parent, childFirstRunId, childRunId, closeEvent);
    }

    @Override
    public void signal(SignalWorkflowRequest request) {
        delegate.signal(request);
    }

    @Override
    public void requestCancel(RequestCancelWorkflowRequest request) {
        delegate.requestCancel(request);
    }

    @Override
    public void terminate(TerminateWorkflowRequest request) {
        delegate.terminate(request);
    }

    @Override
    public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
            long initiatedEventId) {
        return delegate.closedChild(namespace, childWorkflowId, parentRunId, initiatedEventId);
    }

    @Override
    public Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent) {
        return delegate.openChildOfClosedParent(parent);
    }

    @Override
    public Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId) {
        return delegate.runningChildRunId(namespace, childWorkflowId, parentRunId);
    }
}
