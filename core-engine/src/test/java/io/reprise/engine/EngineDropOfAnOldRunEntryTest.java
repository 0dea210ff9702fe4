package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.ExecutionKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cluster node that loses a run's shard forgets the run's entry, then drops it ({@link Transitions#drop}); if it took
 * the shard back in between and a call adopted the run in a new entry, the new entry's timer must survive the drop
 * of the old one (the timer is the run's, not the entry's). The loss and the take-back are played here on an engine
 * alone, through the registry and the transitions, as {@code ClusterNode} makes them.
 */
class EngineDropOfAnOldRunEntryTest extends EngineTestBase {

    @Test
    void aTimerArmedByANewerEntryOfTheRunStillFiresAfterTheOldEntryIsDropped() {
        startWith("nap", new Command.StartTimer("nap", Duration.ofSeconds(30)));
        RunEntry old = engine.registry().findLatest(NS, "nap");
        ExecutionKey key = old.key;

        engine.registry().dropAll(key::equals); // the shard is lost: the run is forgotten, not yet dropped
        engine.signalWorkflow(NS, "nap", null, "poke", List.of(), "client-1"); // the shard is back: a call adopts it
        RunEntry current = engine.registry().openEntry(key);
        assertThat(current).isNotNull().isNotSameAs(old);
        complete(pollWorkflowTask()); // the signal's task
        engine.transitions().drop(old, new NotOwnerException(0, null, "lost the shard (test)"));

        clock.advance(Duration.ofSeconds(30));
        WorkflowTask woken = pollWorkflowTask();
        assertThat(woken.execution().workflowId()).isEqualTo("nap");
        assertThat(types(woken.history())).contains(EventType.TimerFired);
    }
}
