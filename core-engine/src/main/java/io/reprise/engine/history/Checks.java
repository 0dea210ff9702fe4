package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Input checks shared by requests and commands. Each returns a description of the problem (to
 * which the caller adds where it was found) or {@code null} when the value is fine.
 */
public final class Checks {

    /** Longest id or name accepted (Workflow Id, Task Queue, Activity Id, types, …). */
    public static final int MAX_NAME_LENGTH = 1000;

    private Checks() {
    }

    /**
     * A required id or name: not blank, at most {@value #MAX_NAME_LENGTH} characters, no control characters.
     *
     * @param what what the value is, capitalized as the start of a sentence ("Task queue")
     * @param fix how to provide it ("set WorkflowOptions.taskQueue")
     */
    public static String requiredName(String value, String what, String fix) {
        if (value == null || value.isBlank()) {
            return what + " is required: " + fix;
        }
        return name(value, what);
    }

    /** An optional id or name: {@code null} or blank passes; otherwise as {@link #requiredName}. */
    public static String optionalName(String value, String what) {
        return value == null || value.isBlank() ? null : name(value, what);
    }

    private static String name(String value, String what) {
        if (value.length() > MAX_NAME_LENGTH) {
            return what + " is too long: " + value.length() + " characters, at most " + MAX_NAME_LENGTH
                    + " are allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return what + " \"" + printable(value) + "\" contains a control character at index " + i
                        + "; use printable characters only";
            }
        }
        return null;
    }

    /** A timeout that may be unset ({@code null}); when set it must be positive. */
    public static String optionalTimeout(Duration value, String name) {
        if (value != null && (value.isNegative() || value.isZero())) {
            return name + " must be positive, got " + value + "; leave it unset for no limit";
        }
        return null;
    }

    public static String payload(Payload payload, String where, int maxSize) {
        if (payload != null && payload.size() > maxSize) {
            return "payload too large: " + where + " is " + payload.size() + " bytes, over the limit of " + maxSize
                    + " bytes (EngineOptions.maxPayloadSize); pass a reference to large data instead, or raise the limit";
        }
        return null;
    }

    public static String payloads(List<Payload> payloads, String where, int maxSize) {
        if (payloads == null) {
            return null;
        }
        for (int i = 0; i < payloads.size(); i++) {
            String problem = payload(payloads.get(i), where + "[" + i + "]", maxSize);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The values of a header ({@code where} names it: {@code header["traceparent"]}). */
    public static String header(Map<String, Payload> header, String where, int maxSize) {
        if (header == null) {
            return null;
        }
        for (Map.Entry<String, Payload> entry : header.entrySet()) {
            String problem = name(entry.getKey(), where + " name");
            if (problem == null) {
                problem = payload(entry.getValue(), where + "[\"" + entry.getKey() + "\"]", maxSize);
            }
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The details of a failure and of every cause in its chain. */
    public static String failure(Failure failure, String where, int maxSize) {
        int depth = 0;
        for (Failure f = failure; f != null; f = f.cause(), depth++) {
            String problem = payloads(f.details(), depth == 0 ? where + ".details" : where + ".cause" + depth
                    + ".details", maxSize);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** Capitalizes the first letter, for a problem that starts a message. */
    public static String sentence(String problem) {
        return problem.isEmpty() ? problem : Character.toUpperCase(problem.charAt(0)) + problem.substring(1);
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), 60));
        for (int i = 0; i < value.length() && out.length() < 60; i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The problem with a retry policy ({@code where} names it, e.g. {@code retryPolicy}), or {@code null}. */
    public static String retryPolicy(RetryPolicy policy, String where) {
        if (policy == null) {
            return null;
        }
        if (policy.initialInterval() != null && !policy.initialInterval().isPositive()) {
            return where + ".initialInterval must be positive, got " + policy.initialInterval();
        }
        if (policy.backoffCoefficient() != 0 && !(policy.backoffCoefficient() >= 1.0)) {
            return where + ".backoffCoefficient must be >= 1.0, got " + policy.backoffCoefficient();
        }
        if (policy.maximumAttempts() < 0) {
            return where + ".maximumAttempts must be >= 0 (0 = unlimited), got " + policy.maximumAttempts();
        }
        Duration initial = policy.initialInterval() == null ? Duration.ofSeconds(1) : policy.initialInterval();
        if (policy.maximumInterval() != null && policy.maximumInterval().compareTo(initial) < 0) {
            return where + ".maximumInterval (" + policy.maximumInterval()
                    + ") must not be less than initialInterval (" + initial + ")";
        }
        return null;
    }
}
