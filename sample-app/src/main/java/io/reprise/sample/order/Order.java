package io.reprise.sample.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An order as the REST API receives it and the workflow processes it.
 *
 * <p>The limits below are checked by {@link #problems()} when an order is placed, not by the
 * constructor: the workflow reads its order back from the Event History, and an order accepted
 * once must stay readable whatever the limits become.
 */
public record Order(String orderId, String customerId, BigDecimal amount, List<OrderItem> items) {

    /** The longest {@code orderId}, {@code customerId} and {@code sku}, in characters: 64. */
    public static final int MAX_ID_LENGTH = 64;

    /** The most items an order lists: 100. */
    public static final int MAX_ITEMS = 100;

    /** The largest quantity of one item: 1000. */
    public static final int MAX_QUANTITY = 1000;

    /** The largest amount: 1 000 000. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");

    /** The most decimal places of an amount (cents): 2. */
    public static final int AMOUNT_SCALE = 2;

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");

    /** Whether {@code orderId} can name an order (it becomes part of the Workflow Id). */
    public static boolean isValidOrderId(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    /**
     * What a JSON property of an order must hold, as error messages say it ("must be ..."), or
     * {@code null} for a property an order does not have; {@code "item"} names an element of {@code items}.
     */
    public static String expectation(String property) {
        return switch (property) {
            case "orderId" -> "a string of 1 to " + MAX_ID_LENGTH + " letters, digits, '.', '_' or '-'";
            case "customerId", "sku" -> "a string of 1 to " + MAX_ID_LENGTH + " characters";
            case "amount" -> "a number from 0.01 to " + MAX_AMOUNT + " with at most " + AMOUNT_SCALE
                    + " decimal places";
            case "items" -> "an array of 1 to " + MAX_ITEMS + " items";
            case "item" -> "an object with a sku and a quantity";
            case "quantity" -> "a whole number from 1 to " + MAX_QUANTITY;
            default -> null;
        };
    }

    /** What is wrong with this order, one message per field; empty when it can be processed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isValidOrderId(orderId)) {
            problems.add(orderId == null ? "orderId is required" : "orderId must be " + expectation("orderId"));
        }
        checkId("customerId", customerId, problems);
        if (amount == null) {
            problems.add("amount is required");
        } else if (amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) > 0
                // 12.500 is 12.50: trailing zeros are no fraction of a cent.
                || amount.stripTrailingZeros().scale() > AMOUNT_SCALE) {
            problems.add("amount must be " + expectation("amount") + ", got " + amount);
        }
        if (items == null) {
            problems.add("items is required");
        } else if (items.isEmpty() || items.size() > MAX_ITEMS) {
            problems.add("items must be " + expectation("items") + ", got " + items.size());
        } else {
            for (int i = 0; i < items.size(); i++) {
                OrderItem item = items.get(i);
                String at = "items[" + i + "]";
                if (item == null) {
                    problems.add(at + " must be " + expectation("item") + ", got null");
                    continue;
                }
                checkId(at + ".sku", item.sku(), problems);
                if (item.quantity() < 1 || item.quantity() > MAX_QUANTITY) {
                    problems.add(at + ".quantity must be " + expectation("quantity") + ", got " + item.quantity());
                }
            }
        }
        return problems;
    }

    /** A customer id or sku: required, and at most {@link #MAX_ID_LENGTH} characters. */
    private static void checkId(String field, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is required");
        } else if (value.length() > MAX_ID_LENGTH) {
            // Not the value itself: it can be megabytes long.
            problems.add(field + " must be at most " + MAX_ID_LENGTH + " characters, got " + value.length());
        }
    }
}
