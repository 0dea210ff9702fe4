package io.reprise.engine.visibility;

import io.reprise.engine.visibility.QueryToken.Kind;
import java.util.Set;

/** Splits a query into tokens one at a time, so that the leftmost problem is the one reported. */
final class QueryTokenizer {

    private static final Set<String> OPERATORS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=");

    private final String query;
    private int index;

    QueryTokenizer(String query) {
        this.query = query;
    }

    QueryToken next() {
        while (index < query.length() && Character.isWhitespace(query.charAt(index))) {
            index++;
        }
        int start = index;
        if (start == query.length()) {
            return new QueryToken(Kind.END, "", start);
        }
        char c = query.charAt(start);
        return switch (c) {
            case '(' -> single(Kind.LEFT_PAREN);
            case ')' -> single(Kind.RIGHT_PAREN);
            case ',' -> single(Kind.COMMA);
            case '\'', '"' -> string(c);
            case '`' -> quotedName();
            case '=', '!', '<', '>' -> operator();
            default -> {
                if (isDigit(c) || (c == '-' || c == '+') && isDigit(charAt(start + 1))) {
                    yield number();
                }
                if (isIdentifierStart(c)) {
                    yield word();
                }
                throw error(start, "expected an attribute, value, operator or parenthesis but found '" + c + "'");
            }
        };
    }

    private QueryToken single(Kind kind) {
        int start = index++;
        return new QueryToken(kind, query.substring(start, index), start);
    }

    /** A string in {@code quote}s; the quote doubled inside stands for itself ({@code 'it''s'}). */
    private QueryToken string(char quote) {
        int start = index++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (index == query.length()) {
                throw error(start, "expected a closing " + quote + " for the string that starts here"
                        + " but found end of query");
            }
            char c = query.charAt(index++);
            if (c != quote) {
                value.append(c);
            } else if (charAt(index) == quote) {
                value.append(quote);
                index++;
            } else {
                return new QueryToken(Kind.STRING, value.toString(), start);
            }
        }
    }

    /** An attribute name in backticks, so that it may be a reserved word: {@code `Not`}. */
    private QueryToken quotedName() {
        int start = index++;
        int nameStart = index;
        if (!isIdentifierStart(charAt(index))) {
            throw error(index, "expected an attribute name (a letter or _, then letters, digits or _) after `"
                    + " but found " + foundAt(index));
        }
        while (isIdentifierPart(charAt(index))) {
            index++;
        }
        if (charAt(index) != '`') {
            throw error(index, "expected a closing ` after the attribute name but found " + foundAt(index));
        }
        index++;
        return new QueryToken(Kind.QUOTED_NAME, query.substring(nameStart, index - 1), start);
    }

    private QueryToken operator() {
        int start = index;
        while (index < query.length() && "=!<>".indexOf(query.charAt(index)) >= 0) {
            index++;
        }
        String symbol = query.substring(start, index);
        if (!OPERATORS.contains(symbol)) {
            throw error(start, "expected an operator (=, !=, <>, <, <=, >, >=) but found '" + symbol + "'");
        }
        return new QueryToken(Kind.OPERATOR, symbol, start);
    }

    private QueryToken number() {
        int start = index++;
        while (isDigit(charAt(index))) {
            index++;
        }
        if (charAt(index) == '.') {
            index++;
            if (!isDigit(charAt(index))) {
                throw error(index, "expected a digit after the decimal point but found " + foundAt(index));
            }
            while (isDigit(charAt(index))) {
                index++;
            }
        }
        return new QueryToken(Kind.NUMBER, query.substring(start, index), start);
    }

    private QueryToken word() {
        int start = index++;
        while (index < query.length() && isIdentifierPart(query.charAt(index))) {
            index++;
        }
        return new QueryToken(Kind.WORD, query.substring(start, index), start);
    }

    private String foundAt(int i) {
        return i < query.length() ? "'" + query.charAt(i) + "'" : "end of query";
    }

    /** The character at {@code i}, or NUL past the end. */
    private char charAt(int i) {
        return i < query.length() ? query.charAt(i) : '\0';
    }

    VisibilityQueryException error(int position, String problem) {
        return new VisibilityQueryException(query, position, problem);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
