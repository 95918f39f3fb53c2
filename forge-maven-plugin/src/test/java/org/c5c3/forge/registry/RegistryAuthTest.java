package org.c5c3.forge.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bearer-token and basic flows. No token-authenticated registry runs on this machine, so a
 * minimal HTTP server plays the registry's auth side (the challenge and the token endpoint) the
 * way distribution with token auth and ghcr.io do; the manifest endpoint answers like the real one.
 */
class RegistryAuthTest {
  private HttpServer server;
  private String address;
  private final List<String> tokenQueries = new ArrayList<>();
  private String challengeScheme = "Bearer";

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    address = "127.0.0.1:" + server.getAddress().getPort();
    String basic = "Basic " + Base64.getEncoder().encodeToString("bot:pw".getBytes(StandardCharsets.UTF_8));
    server.createContext("/token", ex -> {
      tokenQueries.add(ex.getRequestURI().getRawQuery());
      if (!basic.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        reply(ex, 401, "{}", Map.of());
      } else {
        reply(ex, 200, "{\"token\":\"tok-1\"}", Map.of());
      }
    });
    server.createContext("/v2/", ex -> {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      boolean ok = challengeScheme.equals("Bearer") ? "Bearer tok-1".equals(auth) : basic.equals(auth);
      if (!ok) {
        String challenge = challengeScheme.equals("Bearer")
            ? "Bearer realm=\"http://" + address + "/token\",service=\"test-registry\",scope=\"repository:c5c3/keystone:pull\""
            : "Basic realm=\"test\"";
        reply(ex, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}", Map.of("WWW-Authenticate", challenge));
        return;
      }
      reply(ex, 200, "{\"schemaVersion\":2}", Map.of(
          "Content-Type", RegistryClient.OCI_MANIFEST, "Docker-Content-Digest", "sha256:" + "0".repeat(64)));
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void reply(HttpExchange ex, int status, String body, Map<String, String> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }

  @Test
  void bearerTokenIsFetchedWithBasicCredentialsAndReused() {
    RegistryClient client =
        RegistryClient.create(address, RegistryCredentials.none().with(address, "bot", "pw"), true);
    assertEquals(RegistryClient.OCI_MANIFEST, client.findManifest("c5c3/keystone", "28.0.0").orElseThrow().mediaType());
    client.findManifest("c5c3/keystone", "28.0.1");
    assertEquals(1, tokenQueries.size(), "the token is cached per repository");
    assertTrue(tokenQueries.get(0).contains("scope=repository%3Ac5c3%2Fkeystone%3Apull"), tokenQueries.get(0));
    assertTrue(tokenQueries.get(0).contains("service=test-registry"), tokenQueries.get(0));
  }

  @Test
  void bearerWithoutCredentialsSaysHowToLogIn() {
    RegistryClient client = RegistryClient.create(address, RegistryCredentials.none(), true);
    ForgeException e = assertThrows(ForgeException.class, () -> client.findManifest("c5c3/keystone", "t"));
    assertTrue(e.getMessage().contains("needs credentials") && e.getMessage().contains("docker login " + address),
        e.getMessage());
  }

  @Test
  void basicChallengeIsAnsweredWithCredentials() {
    challengeScheme = "Basic";
    RegistryClient client =
        RegistryClient.create(address, RegistryCredentials.none().with(address, "bot", "pw"), true);
    assertTrue(client.findManifest("c5c3/keystone", "t").isPresent());
    assertEquals(List.of(), tokenQueries);
  }

  @Test
  void challengeParserKeepsCommasInsideQuotes() {
    AuthChallenge c = AuthChallenge.parse(
        "Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:c5c3/keystone:pull,push\"").orElseThrow();
    assertTrue(c.isBearer());
    assertEquals(Map.of("realm", "https://ghcr.io/token", "service", "ghcr.io",
        "scope", "repository:c5c3/keystone:pull,push"), c.params());
  }
}
