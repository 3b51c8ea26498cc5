package org.hamal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import io.vertx.core.VertxOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write applied on a real member whose confirmation is lost (what a missed backup ack reports)
 * is found on the repeat and counted as ours.
 */
class StartupWritesTest {

  private ClusterNode node;

  @BeforeEach
  void join() throws Exception {
    node = ClusterNode.join(TestClusters.random(), new VertxOptions()).await(60, TimeUnit.SECONDS);
  }

  @AfterEach
  void leave() {
    node.leave().await();
  }

  @Test
  void aWriteAppliedButUnconfirmedIsOursOnTheRepeat() {
    IMap<String, String> map = unconfirmed(node.hazelcast().getMap("startup-" + System.nanoTime()), 1);
    assertThat(StartupWrites.putIfAbsent(map, "epoch", "mine")).isNull();
    assertThat(map.get("epoch")).isEqualTo("mine");
  }

  @Test
  void anotherMembersValueIsReturned() {
    IMap<String, String> real = node.hazelcast().getMap("startup-" + System.nanoTime());
    real.put("epoch", "theirs");
    assertThat(StartupWrites.putIfAbsent(unconfirmed(real, 1), "epoch", "mine")).isEqualTo("theirs");
  }

  @Test
  void givesUpAfterItsAttempts() {
    IMap<String, String> map = unconfirmed(node.hazelcast().getMap("startup-" + System.nanoTime()), StartupWrites.ATTEMPTS);
    assertThatThrownBy(() -> StartupWrites.putIfAbsent(map, "epoch", "mine"))
        .isInstanceOf(IndeterminateOperationStateException.class);
  }

  /** The real map, whose first {@code times} puts-if-absent are applied and then reported indeterminate. */
  @SuppressWarnings("unchecked")
  private static IMap<String, String> unconfirmed(IMap<String, String> real, int times) {
    AtomicInteger left = new AtomicInteger(times);
    return (IMap<String, String>) Proxy.newProxyInstance(
        IMap.class.getClassLoader(),
        new Class<?>[] {IMap.class},
        (proxy, method, args) -> {
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (method.getName().equals("putIfAbsent") && left.getAndDecrement() > 0) {
            throw new IndeterminateOperationStateException("backup acks missed");
          }
          return result;
        });
  }
}
