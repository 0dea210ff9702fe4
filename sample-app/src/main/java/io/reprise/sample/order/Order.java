package io.reprise.sample.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An order as the REST API receives it and the workflow processes it. */
public record Order(String orderId, String customerId, BigDecimal amount, List<OrderItem> items) {

    private static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Whether {@code orderId} can name an order (it becomes part of the Workflow Id). */
    public static boolean isValidOrderId(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    /** What is wrong with this order; empty when it can be processed. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isValidOrderId(orderId)) {
            problems.add("orderId must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        if (customerId == null || customerId.isBlank()) {
            problems.add("customerId is required");
        }
        if (amount == null || amount.signum() <= 0) {
            problems.add("amount must be positive");
        }
        if (items == null || items.isEmpty()) {
            problems.add("items must list at least one item");
        } else {
            for (OrderItem item : items) {
                if (item == null || item.sku() == null || item.sku().isBlank() || item.quantity() < 1) {
                    problems.add("every item needs a sku and a quantity of at least 1");
                    break;
                }
            }
        }
        return problems;
    }
}
