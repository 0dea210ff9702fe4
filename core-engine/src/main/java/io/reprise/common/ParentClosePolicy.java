package io.reprise.common;

/** What happens to a child workflow when its parent's run closes. */
public enum ParentClosePolicy {
    /** The child is terminated (the default). */
    TERMINATE,
    /** The child is asked to cancel; it may clean up. */
    REQUEST_CANCEL,
    /** The child runs on, unaffected. */
    ABANDON
}
