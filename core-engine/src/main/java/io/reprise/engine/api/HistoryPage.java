package io.reprise.engine.api;

import java.util.List;

/**
 * One page of a run's Event History.
 *
 * @param events consecutive events, oldest first
 * @param nextPageToken pass it in the next {@link GetHistoryRequest} for the following events; {@code null} when
 *     this page ends with the last event the run had when it was read (a running run may add more later)
 */
public record HistoryPage(List<HistoryEvent> events, String nextPageToken) {

    public HistoryPage {
        events = List.copyOf(events);
    }
}
