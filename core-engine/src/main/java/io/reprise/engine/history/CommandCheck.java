package io.reprise.engine.history;

import io.reprise.engine.visibility.VisibilityAttributes;
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

    /** The memo and search attributes as the commands validated so far leave them. */
    private VisibilityAttributes visibility;

    VisibilityAttributes visibility() {
        return visibility != null ? visibility : state.visibility;
    }

    /** A valid command changed the memo or search attributes: later commands are checked against this. */
    void visibilityChanged(VisibilityAttributes changed) {
        visibility = changed;
    }

    int maxPayloadSize() {
        return settings.maxPayloadSize();
    }
}
