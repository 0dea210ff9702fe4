package io.reprise.sample.web;

import io.reprise.sample.order.Order;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns a request body the order API cannot read into a 400 {@link ApiError} that names the field,
 * what it must hold and what it held: {@code Invalid order: items[0].quantity must be a whole number
 * from 1 to 1000, got 1.5}.
 */
@RestControllerAdvice(assignableTypes = OrderController.class)
public class OrderApiErrors {

    private static final String AN_ORDER = "a JSON object with orderId, customerId, amount and items";

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(new ApiError("Invalid order: " + problem(e.getCause())));
    }

    static String problem(Throwable cause) {
        if (!(cause instanceof JacksonException jackson)) {
            return "the body must be " + AN_ORDER; // no body at all
        }
        String field = field(jackson.getPath());
        if (field.isEmpty()) {
            return jackson instanceof StreamReadException && !(jackson instanceof InputCoercionException)
                    ? "the body is not valid JSON: " + jackson.getOriginalMessage() + location(jackson)
                    : "the body must be " + AN_ORDER;
        }
        String property = jackson.getPath().getLast().getPropertyName();
        // The only array of an order is its items.
        String expected = Order.expectation(property != null ? property : "item");
        return field + " must be " + (expected != null ? expected : "of another type") + ", got " + found(jackson);
    }

    /** {@code items[0].quantity} for the path Jackson reports. */
    private static String field(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    /** The value found, when Jackson kept it, else the kind of JSON value. */
    private static String found(JacksonException e) {
        if (e instanceof InvalidFormatException invalid && !(invalid.getValue() instanceof String)) {
            return String.valueOf(invalid.getValue());
        }
        if (e instanceof InputCoercionException) {
            return "a number out of that range";
        }
        JsonToken token = e instanceof MismatchedInputException mismatched ? mismatched.getCurrentToken() : null;
        if (token == null) {
            return "something else";
        }
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "null";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> "something else";
        };
    }

    private static String location(JacksonException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
