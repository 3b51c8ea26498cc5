package org.hamal.gateway.config;

/**
 * Benchmark aids, all off in production.
 *
 * @param noopEndpoint serve {@code POST /bench/noop}: reads the body and answers 201 with a small
 *     fixed JSON, doing nothing else, so intake can be compared with the bare server under the
 *     same load in the same run
 */
public record BenchConfig(boolean noopEndpoint) {}
