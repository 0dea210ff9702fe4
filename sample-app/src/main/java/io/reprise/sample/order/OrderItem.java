package io.reprise.sample.order;

/** One line of an order: a stock keeping unit and how many of it. */
public record OrderItem(String sku, int quantity) {
}
