package io.reprise.engine.api;

/**
 * The engine's answer to an activity heartbeat.
 *
 * @param cancelRequested the workflow asked to cancel the activity; the activity should clean up
 *     and report the cancellation
 */
public record ActivityHeartbeatResponse(boolean cancelRequested) {
}
