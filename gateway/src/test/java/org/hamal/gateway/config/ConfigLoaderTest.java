package org.hamal.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader();

  @Test
  void defaultsDescribeTheEmbeddedSingleNode() throws Exception {
    HamalConfig c = loader.load(null, Map.of());

    assertThat(c.http().port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo("./data");
    assertThat(c.cluster().host()).isEqualTo("127.0.0.1");
    assertThat(c.cluster().members()).containsExactly("127.0.0.1");
    assertThat(c.layer().file()).isNull();
    // No URL: the node runs its own PostgreSQL in the data directory.
    assertThat(c.store().isEmbedded()).isTrue();
    assertThat(c.store().embeddedDir()).isEqualTo(c.dataPath().resolve("postgres").toString());
    assertThat(c.reports().categories()).contains("hazard", "fire", "garbage");
  }

  @Test
  void aStoreUrlMeansASharedServer() throws Exception {
    HamalConfig postgres =
        loader.load(null, Map.of("HAMAL_STORE_URL", "jdbc:postgresql://db.internal:5432/hamal"));
    assertThat(postgres.store().isEmbedded()).isFalse();
    assertThat(postgres.store().url()).isEqualTo("jdbc:postgresql://db.internal:5432/hamal");
  }

  @Test
  void fileOverridesDefaultsAndEnvironmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("hamal.yaml");
    Files.writeString(
        file,
        """
        http:
          port: 9090
        dataDir: /var/lib/hamal
        cluster:
          name: ashkelon
        """);

    HamalConfig c =
        loader.load(
            file,
            Map.of(
                "HAMAL_HTTP_PORT", "7070",
                "HAMAL_ADMIN_TOKEN", "s3cret",
                "HAMAL_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701,10.0.0.3"));

    assertThat(c.http().port()).isEqualTo(7070);
    assertThat(c.http().host()).isEqualTo("0.0.0.0");
    assertThat(c.dataPath()).isEqualTo(Path.of("/var/lib/hamal"));
    assertThat(c.cluster().name()).isEqualTo("ashkelon");
    assertThat(c.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3");
    assertThat(c.auth().adminToken()).isEqualTo("s3cret");
    assertThat(c.store().embeddedDir()).isEqualTo("/var/lib/hamal/postgres");
  }

  @Test
  void configFileCanBeNamedByTheEnvironment() throws Exception {
    Path file = dir.resolve("other.yaml");
    Files.writeString(file, "timeZone: UTC\n");
    assertThat(loader.load(null, Map.of("HAMAL_CONFIG", file.toString())).timeZone())
        .isEqualTo("UTC");
  }

  @Test
  void aMisspeltKeyIsAnErrorThatNamesIt() throws Exception {
    Path file = dir.resolve("hamal.yaml");
    Files.writeString(file, "http:\n  prot: 9090\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.prot");
  }

  @Test
  void aBadNumberIsAnError() {
    assertThatThrownBy(() -> loader.load(null, Map.of("HAMAL_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.port");
  }

  @Test
  void metricsAreForThisMachineByDefaultAndAnUnknownAccessOrRoleIsAnError() throws Exception {
    HamalConfig c = loader.load(null, Map.of());
    assertThat(c.metrics().accessMode()).isEqualTo(org.hamal.gateway.metrics.MetricsConfig.Access.LOOPBACK);
    assertThat(c.logs().access()).isTrue();

    Path file = dir.resolve("hamal.yaml");
    Files.writeString(file, "metrics:\n  access: everyone\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.access");
    Files.writeString(file, "metrics:\n  access: role\n  role: janitor\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("metrics.role");
  }

  @Test
  void trustedProxiesAreNoneByDefaultAndAnythingButAnAddressOrBlockIsAnError() throws Exception {
    HamalConfig c = loader.load(null, Map.of());
    assertThat(c.http().trustedProxies()).isEmpty();
    assertThat(c.http().forwardedHeader()).isEqualTo(HttpConfig.X_FORWARDED_FOR);

    Path file = dir.resolve("hamal.yaml");
    Files.writeString(file, "http:\n  trustedProxies: [10.0.0.5, 10.0.0.0/8, \"2001:db8::/32\", \"::1\"]\n"
        + "  forwardedHeader: forwarded\n");
    HamalConfig yaml = loader.load(file, Map.of());
    assertThat(yaml.http().trustedProxyBlocks()).hasSize(4);
    assertThat(yaml.http().forwardedHeader()).isEqualTo(HttpConfig.FORWARDED);
    assertThat(loader.load(null, Map.of("HAMAL_TRUSTED_PROXIES", "10.0.0.5, 192.168.0.0/16")).http().trustedProxies())
        .containsExactly("10.0.0.5", "192.168.0.0/16");

    for (String bad : java.util.List.of("proxy.internal", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "2001:db8::/129",
        "10.1.0.0/8", "10.0.0", "\"\"")) {
      Files.writeString(file, "http:\n  trustedProxies: [" + bad + "]\n");
      assertThatThrownBy(() -> loader.load(file, Map.of())).as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("http.trustedProxies");
    }
    Files.writeString(file, "http:\n  forwardedHeader: X-Real-IP\n");
    assertThatThrownBy(() -> loader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("http.forwardedHeader");
  }
}
