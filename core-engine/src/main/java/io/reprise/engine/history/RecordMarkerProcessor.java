package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.common.Payload;
import java.util.List;
import java.util.Map;

/** RecordMarker → MarkerRecorded (local activity outcomes, for instance). Changes no state. */
final class RecordMarkerProcessor implements CommandProcessor<Command.RecordMarker> {

    static final RecordMarkerProcessor INSTANCE = new RecordMarkerProcessor();

    @Override
    public String label(Command.RecordMarker command) {
        return "RecordMarker \"" + command.markerName() + "\"";
    }

    @Override
    public String validate(Command.RecordMarker command, CommandCheck check) {
        String problem = Checks.requiredName(command.markerName(), "markerName", "name the marker");
        if (problem != null) {
            return problem;
        }
        for (Map.Entry<String, List<Payload>> detail : command.details().entrySet()) {
            problem = Checks.payloads(detail.getValue(), "marker detail \"" + detail.getKey() + "\"",
                    check.maxPayloadSize());
            if (problem != null) {
                return problem;
            }
        }
        return command.failure() == null ? null
                : Checks.failure(command.failure(), "marker failure", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.RecordMarker command, TransitionContext tx, long workflowTaskCompletedEventId) {
        tx.append(new EventAttributes.MarkerRecorded(command.markerName(), command.details(), command.failure(),
                workflowTaskCompletedEventId));
    }
}
