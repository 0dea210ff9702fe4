package io.reprise.engine.visibility;

/**
 * One token of a visibility query.
 *
 * @param kind what the token is
 * @param text a word, backticked name or string's value (unquoted, unescaped), or the source text otherwise
 * @param position the 0-based index of its first character; the query's length for {@link Kind#END}
 */
record QueryToken(Kind kind, String text, int position) {

    enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, OPERATOR, LEFT_PAREN, RIGHT_PAREN, COMMA, END }

    /** Whether this is the (unquoted, case-insensitive) keyword {@code keyword}. */
    boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** The token as an error message's "found …" names it. */
    String describe() {
        return switch (kind) {
            case END -> "end of query";
            case STRING -> "the string " + new QueryLiteral.Text(text);
            case QUOTED_NAME -> "`" + text + "`";
            default -> "'" + text + "'";
        };
    }
}
