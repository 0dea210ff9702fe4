package io.reprise.engine.history;

import java.util.HashSet;
import java.util.Set;

/**
 * What validating a list of commands needs to know besides the state: the ids claimed by the
 * commands before the current one.
 */
final class CommandCheck {

    final MutableState state;
    final HistorySettings settings;
    final Set<String> activityIds = new HashSet<>();
    final Set<String> timerIds = new HashSet<>();
    final Set<Long> cancelRequests = new HashSet<>();
    final Set<String> canceledTimers = new HashSet<>();
    final Set<String> completedUpdates = new HashSet<>();

    CommandCheck(MutableState state, HistorySettings settings) {
        this.state = state;
        this.settings = settings;
    }

    int maxPayloadSize() {
        return settings.maxPayloadSize();
    }
}
