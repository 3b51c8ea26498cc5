package org.hamal.cluster.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.hamal.cluster.TestPostgres;
import org.hamal.cluster.store.Store;
import org.hamal.cluster.store.StoreOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Activated layers, place files and alert-area files in a real PostgreSQL database. */
class LayerArchiveTest {

  private final Vertx vertx = Vertx.vertx();
  private final StoreOptions options = TestPostgres.freshStoreOptions();
  private Store store;

  @BeforeEach
  void open() throws Exception {
    store = Store.open(vertx, options).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() {
    store.close().await();
    vertx.close().await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"districts", "places", "alertAreas"})
  void theLatestActivationIsActiveAfterReopening(String kind) throws Exception {
    String v1 = "{\"type\":\"FeatureCollection\",\"features\":[]}";
    String v2 = "{\"type\":\"FeatureCollection\",\"features\":[ ]}";
    Instant t0 = Instant.ofEpochMilli(1_795_000_000_000L);
    LayerArchive layers = archive(kind);
    assertThat(layers.active().await(10, TimeUnit.SECONDS)).isNull();

    layers.activate(new LayerArchive.StoredLayer("v1", "city", "EPSG:2039", v1, t0, "admin")).await(10, TimeUnit.SECONDS);
    layers.activate(new LayerArchive.StoredLayer("v2", "city", null, v2, t0.plusSeconds(1), "admin")).await(10, TimeUnit.SECONDS);
    // Activating v1 again makes it the most recent.
    layers.activate(new LayerArchive.StoredLayer("v1", "city", "EPSG:2039", v1, t0.plusSeconds(2), "gis")).await(10, TimeUnit.SECONDS);
    store.close().await();

    store = Store.open(vertx, options).await(30, TimeUnit.SECONDS);
    LayerArchive.StoredLayer active = archive(kind).active().await(10, TimeUnit.SECONDS);
    assertThat(active.version()).isEqualTo("v1");
    assertThat(active.content()).isEqualTo(v1);
    assertThat(active.sourceCrs()).isEqualTo("EPSG:2039");
    assertThat(active.activatedBy()).isEqualTo("gis");
    assertThat(archive(kind).get("v2").await(10, TimeUnit.SECONDS).sourceCrs()).isNull();
  }

  @Test
  void districtLayersAndPlaceFilesAreKeptApart() throws Exception {
    Instant t0 = Instant.ofEpochMilli(1_795_000_000_000L);
    LayerArchive.districts(store).activate(new LayerArchive.StoredLayer("d1", "districts", null, "{}", t0, "admin"))
        .await(10, TimeUnit.SECONDS);
    LayerArchive.places(store).activate(new LayerArchive.StoredLayer("p1", "streets", null, "{ }", t0.minusSeconds(1), "admin"))
        .await(10, TimeUnit.SECONDS);
    assertThat(LayerArchive.districts(store).active().await(10, TimeUnit.SECONDS).version()).isEqualTo("d1");
    assertThat(LayerArchive.places(store).active().await(10, TimeUnit.SECONDS).version()).isEqualTo("p1");
    assertThat(LayerArchive.places(store).get("d1").await(10, TimeUnit.SECONDS)).isNull();
    assertThat(LayerArchive.alertAreas(store).active().await(10, TimeUnit.SECONDS)).isNull();
  }

  private LayerArchive archive(String kind) {
    return switch (kind) {
      case "places" -> LayerArchive.places(store);
      case "alertAreas" -> LayerArchive.alertAreas(store);
      default -> LayerArchive.districts(store);
    };
  }
}
