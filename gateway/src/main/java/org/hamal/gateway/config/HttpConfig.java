package org.hamal.gateway.config;

/**
 * The HTTP and WebSocket server.
 *
 * @param host bind address
 * @param port port; 0 picks a free one (tests)
 * @param instances server verticle instances; 0 means one per event loop
 * @param bodyLimitBytes largest request body; larger ones get 413
 * @param batchBodyLimitBytes largest batch-intake body
 * @param publicUrl the address people open, for the start-up banner; null derives it
 */
public record HttpConfig(
    String host,
    int port,
    int instances,
    long bodyLimitBytes,
    long batchBodyLimitBytes,
    String publicUrl) {}
