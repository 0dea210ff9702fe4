package io.reprise.spring.boot.ui;

/**
 * Writes HTML, escaping by default: {@link #text} and every attribute value are escaped, so a Workflow Id,
 * a memo or a failure message (all user data) can never become markup. Only {@link #raw} writes as given,
 * and it is called with constants of this package alone.
 */
final class Html {

    private final StringBuilder out;

    Html() {
        this(new StringBuilder(8192));
    }

    private Html(StringBuilder out) {
        this.out = out;
    }

    /** Escaped text. */
    Html text(Object value) {
        escape(value == null ? "" : String.valueOf(value), out);
        return this;
    }

    /** Markup written as is: only for constants of this package. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** {@code <tag attr="value" ...>}; attribute values are escaped; pairs of name, value; a null value omits the pair. */
    Html open(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            if (attributes[i + 1] == null) {
                continue;
            }
            out.append(' ').append(attributes[i]).append("=\"");
            escape(attributes[i + 1], out);
            out.append('"');
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag ...>text</tag>}, the text escaped. */
    Html element(String tag, Object text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A link whose text and address are escaped. */
    Html link(String href, Object text) {
        return element("a", text, "href", href);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 16);
        escape(value, sb);
        return sb.toString();
    }

    private static void escape(String value, StringBuilder sb) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }
}
