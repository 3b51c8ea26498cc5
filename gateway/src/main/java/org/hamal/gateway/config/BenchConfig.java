package org.hamal.gateway.config;

/**
 * Benchmark aids, all off in production.
 *
 * @param noopEndpoint serve {@code POST /bench/noop}: reads the body and answers 201 with a small
 *     fixed JSON, doing nothing else, so intake can be compared with the bare server under the
 *     same load in the same run
 * @param fanoutEndpoint serve {@code POST /bench/fanout} (admin token): injects synthetic events
 *     into this node's live delivery path, or writes one pre-encoded frame to every live socket,
 *     so fan-out can be compared with a bare loop in the same run (docs/surge.md, {@code fanout})
 */
public record BenchConfig(boolean noopEndpoint, boolean fanoutEndpoint) {}
