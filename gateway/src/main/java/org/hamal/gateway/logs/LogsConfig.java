package org.hamal.gateway.logs;

/**
 * The node's structured logs (docs/operations.md).
 *
 * @param access write one JSON line per HTTP request to the logger {@code hamal.access}; the audit
 *     lines ({@code hamal.audit}, one per change of state) are always written
 */
public record LogsConfig(boolean access) {}
