package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where the next page of a run's history starts: the run (so that a history asked for the latest run stays on the
 * first page's run) and the first event id of the page. Opaque to clients: URL-safe Base64 of
 * {@code h1:<nextEventId>:<runId>}.
 */
record HistoryPageToken(String runId, long nextEventId) {

    private static final String VERSION = "h1";

    String encode() {
        String plain = VERSION + ":" + nextEventId + ":" + runId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The position a token names; {@code null} for none (the first page).
     *
     * @throws EngineException {@code INVALID_ARGUMENT} naming a token that is not one this engine made
     */
    static HistoryPageToken decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 3);
            if (parts.length == 3 && parts[0].equals(VERSION) && !parts[2].isBlank()) {
                long nextEventId = Long.parseLong(parts[1]);
                if (nextEventId > 1) {
                    return new HistoryPageToken(parts[2], nextEventId);
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is one)
        }
        throw EngineException.invalidArgument("Malformed history page token \"" + token + "\": pass the "
                + "nextPageToken of the previous page unchanged, or none for the first page");
    }
}
