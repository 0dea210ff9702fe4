/**
 * The boundary between the public API and the engine: converts the public types ({@code io.reprise.common},
 * {@code io.reprise.client}, {@code io.reprise.failure}) to and from the engine's wire records
 * ({@code io.reprise.engine.api}), so that neither side names the other's types in its signatures and
 * {@code common} and {@code failure} depend on nothing of the engine (docs/architecture.md, "Package rules").
 */
package io.reprise.internal.mapping;
