package io.reprise.engine.visibility;

/**
 * A visibility query that cannot be parsed. The message names the position, what was expected there and
 * what was found, e.g. {@code Invalid query at position 27: expected a value after '=' but found end of query}.
 */
public class VisibilityQueryException extends IllegalArgumentException {

    private final String query;
    private final int position;

    VisibilityQueryException(String query, int position, String problem) {
        super("Invalid query at position " + position + ": " + problem);
        this.query = query;
        this.position = position;
    }

    /** The 0-based index of the character where the problem is; the query's length for its end. */
    public int position() {
        return position;
    }

    /** The query text that was rejected. */
    public String query() {
        return query;
    }
}
