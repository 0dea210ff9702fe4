package io.reprise.transport.grpc.security;

/**
 * What a bearer token may do in a namespace. Every role includes {@link #READ}; the others do not include each
 * other. The role each call needs is in {@link RpcAccess}.
 */
public enum Role {
    /** Describe, list and count executions, read histories, query, await outcomes, describe the namespace. */
    READ,
    /** READ, and start, signal, signal-with-start, update, cancel and terminate executions. */
    WRITE,
    /** READ, and poll, complete, fail and heartbeat tasks, answer queries and cancellations (also by id). */
    WORKER,
    /** READ, and register, update and list namespaces. */
    ADMIN;

    /** Whether a token holding this role may make a call that needs {@code needed}. */
    public boolean includes(Role needed) {
        return this == needed || needed == READ;
    }
}
