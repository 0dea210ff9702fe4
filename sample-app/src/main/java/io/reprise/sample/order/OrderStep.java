package io.reprise.sample.order;

/** Where an order is: what {@link OrderWorkflow#currentStep()} answers. */
public enum OrderStep {
    CHARGING_CARD,
    RESERVING_INVENTORY,
    /** The warehouse packs the parcel: a durable timer of {@code sample.packing-time}. */
    PACKING,
    SHIPPING,
    SENDING_CONFIRMATION,
    /** Undoing the steps done so far, newest first, after a failure or a cancellation. */
    COMPENSATING,
    COMPLETED,
    FAILED,
    CANCELED
}
