package io.reprise.engine;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.PendingExternal;
import io.reprise.engine.store.ExecutionKey;

/** One thing a run asks of another run, queued by {@link OutboundQueue} and made by {@link OutboundDriver}. */
sealed interface OutboundDelivery {

    /** Start the child that {@code parent} initiated, and record on the parent that it started (or could not). */
    record StartChild(RunEntry parent, PendingChild child) implements OutboundDelivery {
    }

    /** Signal or cancel another execution for {@code source}, and record on it that this was done. */
    record SignalOrCancel(RunEntry source, PendingExternal external) implements OutboundDelivery {
    }

    /** Tell the parent that its child closed (ChildWorkflowExecutionCompleted, Failed, …), with the child's close. */
    record NotifyParent(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent) implements OutboundDelivery {
    }

    /** See whether a started child of {@code parent} closed while no process was listening. */
    record CheckChildClosed(RunEntry parent, PendingChild child) implements OutboundDelivery {
    }

    /** See whether the parent of {@code child} closed without applying its close policy to it. */
    record CheckParentClosed(ExecutionKey child, EventAttributes.ParentExecution parent) implements OutboundDelivery {
    }

    /** Terminate or cancel the child of a parent that closed, as the parent close policy says. */
    record ApplyParentClosePolicy(ExecutionKey parent, PendingChild child, ParentClosePolicy policy)
            implements OutboundDelivery {
    }
}
