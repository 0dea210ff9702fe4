package io.reprise.spring.boot.ui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The frame of every page: head with the style sheet inline (nothing is fetched from elsewhere), the navigation,
 * the read-only badge, and the auto-refresh script with its pause button.
 */
final class Layout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#1d2330;color:#fff;padding:8px 16px;display:flex;gap:16px;align-items:center}
            header a{color:#cfe0ff;text-decoration:none}header .brand{font-weight:700;color:#fff}
            main{padding:16px;max-width:1400px}
            h1{font-size:20px;margin:8px 0}h2{font-size:16px;margin:20px 0 8px}
            table{border-collapse:collapse;background:#fff;width:100%}
            th,td{border-bottom:1px solid #e3e6eb;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef0f4;font-weight:600}
            pre{background:#fff;border:1px solid #e3e6eb;padding:8px;overflow:auto;max-height:400px;margin:4px 0}
            .chips{display:flex;gap:6px;flex-wrap:wrap;margin:8px 0}
            .chip{border-radius:12px;padding:2px 10px;background:#e3e6eb;color:#1d2330;text-decoration:none}
            .chip.on{outline:2px solid #1d2330}
            .s-Running{background:#d7e8ff}.s-Completed{background:#d5f2dc}.s-Failed,.s-TimedOut{background:#fbd9d9}
            .s-Canceled,.s-Terminated{background:#eee0c8}.s-ContinuedAsNew{background:#e6dcf7}
            .error{background:#fbd9d9;border:1px solid #e08a8a;padding:8px;margin:8px 0;white-space:pre-wrap}
            .notice{background:#d5f2dc;border:1px solid #7cc48f;padding:8px;margin:8px 0}
            .query-error mark{background:#e05252;color:#fff}
            .badge{background:#e0b44c;color:#1d2330;border-radius:4px;padding:1px 6px;font-size:12px}
            form.inline{display:inline}
            .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}
            .card{background:#fff;border:1px solid #e3e6eb;padding:8px 12px}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:#5b6475}dd{margin:0;word-break:break-all}
            details>summary{cursor:pointer}
            .failed-row{background:#fff1f1}
            textarea{width:100%;font-family:monospace}
            svg text{font:11px system-ui,sans-serif}
            """;

    private static final String REFRESH_SCRIPT = """
            (function(){var ms=+document.body.getAttribute('data-refresh');var b=document.getElementById('refresh');
            if(!ms||!b)return;var k='reprise.ui.refreshPaused';function p(){return localStorage.getItem(k)==='1'}
            function l(){b.textContent=p()?'Resume auto-refresh':'Pause auto-refresh'}b.hidden=false;l();
            b.onclick=function(){localStorage.setItem(k,p()?'0':'1');l()};
            setInterval(function(){if(!p()&&!document.querySelector('details[open],input:focus,textarea:focus,select:focus'))
            location.reload()},ms)})();
            """;

    /**
     * The Content-Security-Policy of every page: no script but the refresh script above (by its hash), no
     * request to another origin. Defence in depth: the pages escape all data already.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
            + "script-src '" + sha256(REFRESH_SCRIPT) + "'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'";

    private Layout() {
    }

    private static String sha256(String script) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "sha256-" + java.util.Base64.getEncoder().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Starts a page.
     *
     * @param refresh the auto-refresh interval of this page, or {@code null} for none
     */
    static Html begin(UiLinks links, String title, boolean readOnly, Duration refresh) {
        Html html = new Html();
        html.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .element("title", title + " · Reprise")
                .raw("<style>").raw(STYLE).raw("</style></head>");
        html.open("body", "data-refresh", refresh == null || refresh.isZero() ? null
                : String.valueOf(refresh.toMillis()));
        html.raw("<header>").open("a", "class", "brand", "href", links.executions()).text("Reprise").close("a")
                .link(links.executions(), "Executions")
                .link(links.startForm(), "Start")
                .link(links.taskQueues(), "Task queues");
        if (readOnly) {
            html.element("span", "read-only", "class", "badge");
        }
        html.raw("</header><main>");
        if (refresh != null && !refresh.isZero()) {
            html.raw("<button type=\"button\" id=\"refresh\" hidden>Pause auto-refresh</button>");
        }
        return html;
    }

    static String end(Html html) {
        return html.raw("</main><script>").raw(REFRESH_SCRIPT).raw("</script></body></html>").toString();
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** A short human duration: 850ms, 12.3s, 4m 2s, 3h 10m, 2d 4h. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + "m " + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h " + (s % 3600 / 60) + "m";
        }
        return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
    }
}
