package org.hamal.surge;

import picocli.CommandLine.Option;

/** The client's threads, for the live benchmarks ({@code fanout}, {@code alert-latency}). */
final class ClientOptions {

  @Option(names = "--event-loops", defaultValue = "1",
      description = "client event-loop threads; few, since the client shares the cores with the node (default: ${DEFAULT-VALUE})")
  int eventLoops;
}
