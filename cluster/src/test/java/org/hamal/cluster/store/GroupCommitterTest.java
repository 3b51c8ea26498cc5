package org.hamal.cluster.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitterTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void itemsArrivingDuringACommitShareTheNextOne() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    List<Promise<Void>> held = new CopyOnWriteArrayList<>();
    GroupCommitter<Integer, Integer> committer =
        new GroupCommitter<>(
            vertx,
            100,
            0,
            batch -> {
              batches.add(List.copyOf(batch));
              Promise<Void> p = Promise.promise();
              held.add(p);
              return p.future().map(v -> List.copyOf(batch));
            });

    List<Future<Integer>> acks = new ArrayList<>();
    acks.add(committer.submit(0)); // starts a commit that we hold open
    for (int i = 1; i <= 5; i++) {
      acks.add(committer.submit(i));
    }
    assertThat(batches).containsExactly(List.of(0));
    assertThat(acks).noneMatch(Future::isComplete);

    held.get(0).complete();
    acks.get(0).await(5, TimeUnit.SECONDS);
    // The five that queued meanwhile go together.
    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3, 4, 5));
    assertThat(acks.get(1).isComplete()).isFalse();

    held.get(1).complete();
    Future.all(acks).await(5, TimeUnit.SECONDS);
    committer.drain().await(5, TimeUnit.SECONDS);
  }

  @Test
  void batchesNeverExceedTheMaximum() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    Promise<Void> first = Promise.promise();
    GroupCommitter<Integer, Integer> committer =
        new GroupCommitter<>(
            vertx,
            3,
            0,
            batch -> {
              batches.add(List.copyOf(batch));
              return (batches.size() == 1 ? first.future() : Future.<Void>succeededFuture())
                  .map(v -> List.copyOf(batch));
            });
    List<Future<Integer>> acks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      acks.add(committer.submit(i));
    }
    first.complete();
    Future.all(acks).await(5, TimeUnit.SECONDS);

    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(3));
    assertThat(batches.stream().flatMap(List::stream)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
  }

  @Test
  void aFailedCommitFailsEveryItemInItAndLaterItemsStillCommit() throws Exception {
    Promise<Void> first = Promise.promise();
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    GroupCommitter<Integer, Integer> committer =
        new GroupCommitter<>(
            vertx,
            10,
            0,
            batch -> {
              batches.add(List.copyOf(batch));
              return (batches.size() == 1 ? first.future() : Future.<Void>succeededFuture())
                  .map(v -> List.copyOf(batch));
            });
    Future<Integer> a = committer.submit(1);
    Future<Integer> b = committer.submit(2);
    first.fail(new IllegalStateException("disk full"));

    assertThat(a.transform(ar -> Future.succeededFuture(ar.cause())).await(5, TimeUnit.SECONDS))
        .hasMessage("disk full");
    b.await(5, TimeUnit.SECONDS);
    assertThat(batches).containsExactly(List.of(1), List.of(2));
  }

  @Test
  void aLingeringBatchCommitsAsSoonAsItIsFull() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    // A linger far longer than the test: only a full batch can have triggered the commit.
    GroupCommitter<Integer, Integer> committer =
        new GroupCommitter<>(
            vertx,
            4,
            TimeUnit.HOURS.toMillis(1),
            batch -> {
              batches.add(List.copyOf(batch));
              return Future.succeededFuture(List.copyOf(batch));
            });
    List<Future<Integer>> acks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      acks.add(committer.submit(i));
    }
    Future.all(acks).await(5, TimeUnit.SECONDS);
    assertThat(batches).containsExactly(List.of(0, 1, 2, 3));
  }

  @Test
  void itemsSubmittedTogetherShareOneCommitAndGetTheirOwnResults() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    Promise<Void> first = Promise.promise();
    GroupCommitter<Integer, String> committer =
        new GroupCommitter<>(
            vertx,
            4,
            0,
            batch -> {
              batches.add(List.copyOf(batch));
              return (batches.size() == 1 ? first.future() : Future.<Void>succeededFuture())
                  .map(v -> batch.stream().map(i -> "r" + i).toList());
            });
    Future<String> lone = committer.submit(0);
    Future<List<String>> three = committer.submitAll(List.of(1, 2, 3));
    Future<List<String>> six = committer.submitAll(List.of(4, 5, 6, 7, 8, 9));
    first.complete();

    assertThat(lone.await(5, TimeUnit.SECONDS)).isEqualTo("r0");
    assertThat(three.await(5, TimeUnit.SECONDS)).containsExactly("r1", "r2", "r3");
    assertThat(six.await(5, TimeUnit.SECONDS)).containsExactly("r4", "r5", "r6", "r7", "r8", "r9");
    // Groups are never split, even one larger than the maximum batch.
    assertThat(batches)
        .containsExactly(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6, 7, 8, 9));
  }
}
