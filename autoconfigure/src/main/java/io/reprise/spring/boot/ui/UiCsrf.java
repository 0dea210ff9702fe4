package io.reprise.spring.boot.ui;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;

/**
 * The CSRF token Spring Security puts on the request, when it is there, as a hidden form field. Read by
 * reflection: Spring Security is optional, and its {@code CsrfFilter} checks the token on the POST itself.
 *
 * @param parameterName the form field's name, {@code null} without a token
 * @param token the token's value
 */
record UiCsrf(String parameterName, String token) {

    /** The attribute names Spring Security stores the token under (the type's name, and {@code _csrf}). */
    private static final String[] ATTRIBUTES = { "org.springframework.security.web.csrf.CsrfToken", "_csrf" };

    static UiCsrf of(HttpServletRequest request) {
        for (String attribute : ATTRIBUTES) {
            Object token = request.getAttribute(attribute);
            if (token != null) {
                try {
                    Method name = token.getClass().getMethod("getParameterName");
                    Method value = token.getClass().getMethod("getToken");
                    name.setAccessible(true);
                    value.setAccessible(true);
                    return new UiCsrf((String) name.invoke(token), (String) value.invoke(token));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("The request attribute \"" + attribute + "\" is not a CsrfToken "
                            + "(getParameterName(), getToken()): " + token.getClass().getName(), e);
                }
            }
        }
        return new UiCsrf(null, null);
    }

    void field(Html html) {
        if (parameterName != null) {
            html.open("input", "type", "hidden", "name", parameterName, "value", token);
        }
    }
}
