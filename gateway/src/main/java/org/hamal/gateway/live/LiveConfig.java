package org.hamal.gateway.live;

/**
 * Live streams.
 *
 * @param heartbeatSeconds how often the server sends a heartbeat (and a WebSocket ping)
 * @param deadAfterSeconds a client silent this long (no message, no pong) is dropped
 * @param windowEvents recent events each node keeps decoded and encoded, for quick catch-up
 * @param snapshotPageSize items (reports, then incidents) per snapshot message
 * @param snapshotShareMillis how long after its query completed a snapshot is still given to
 *     clients of the same filter (they then catch up from its position), unless the log has moved
 *     a quarter of {@code windowEvents} past it; 0: only while it is being taken
 * @param coalesceTickMillis how often a coalesced client gets its batch
 * @param eventBudgetPerSecond events a client may receive one by one per second; above it the
 *     client is switched to coalesced batches
 * @param writeQueueBytes a client's send buffer; when full (and Vert.x's queue of up to 16 whole
 *     messages behind it too), it gets coalesced batches instead
 * @param maxPendingReports reports a coalesced client may have waiting; beyond, it is sent a fresh
 *     snapshot once it reads again
 * @param maxConnections live clients per node; more are told to back off
 * @param backoffSeconds how long an overloaded node asks clients to wait
 * @param reconcileLookBackSeconds when a member dies, changes this recent are checked for ones
 *     it committed but never announced
 * @param gatherMillis once a node's feed has caught up with the change log, how long it lets new
 *     events gather before handing them to the clients; 0 = hand each out as it comes
 * @param socketSendBufferBytes the kernel's send buffer of a live socket; 0 = the operating
 *     system's (on Linux autotuned up to {@code net.ipv4.tcp_wmem}'s maximum, 4 MB). What waits
 *     there is out of the server's reach: it is neither coalesced nor counted against
 *     {@code writeQueueBytes}. A set size turns the autotuning off (Linux doubles the value) and
 *     caps each client at about that size per round trip
 * @param slowReaderSeconds a client whose send buffer stays full this long (it reads, but far
 *     slower than it is sent to) is dropped, and may resume; what it holds on the node is bounded
 *     by {@code writeQueueBytes} and Vert.x's queue of 16 messages, for this long at most
 * @param clientMessagesPerSecond messages a client may send per second, on average
 * @param clientMessageBurst and at once; a client beyond them gets {@code too_many_messages} and
 *     is closed
 * @param deliveryShare the share of each event loop's time live delivery may take (CPU over
 *     wall time, per second); over it, every client of the loop is coalesced and the tick
 *     lengthens, so that intake on the same loop is never starved (docs/emergency-mode.md)
 * @param maxCoalesceTickMillis how long the tick may grow under that pressure
 * @param loopSinglesPerSecond single events an event loop may write per second, over all its
 *     clients; over it they are all coalesced too (each single is a frame, a system call and a
 *     message for a client to take in)
 */
public record LiveConfig(
    int heartbeatSeconds,
    int deadAfterSeconds,
    int windowEvents,
    int snapshotPageSize,
    int snapshotShareMillis,
    int coalesceTickMillis,
    int eventBudgetPerSecond,
    int writeQueueBytes,
    int maxPendingReports,
    int maxConnections,
    int backoffSeconds,
    int reconcileLookBackSeconds,
    int gatherMillis,
    int socketSendBufferBytes,
    int slowReaderSeconds,
    int clientMessagesPerSecond,
    int clientMessageBurst,
    double deliveryShare,
    int maxCoalesceTickMillis,
    int loopSinglesPerSecond) {}
