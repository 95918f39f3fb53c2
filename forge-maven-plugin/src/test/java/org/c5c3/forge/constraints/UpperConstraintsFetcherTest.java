package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpperConstraintsFetcherTest {
  @TempDir Path tmp;

  /** The real 2025.2 pin, as committed. */
  private ConstraintsPin pin() {
    return ConstraintsPin.read(SharedData.repoConstraints(), "2025.2");
  }

  private ConstraintsPin pinWithSha(String sha256) {
    ConstraintsPin real = pin();
    return new ConstraintsPin(real.release(), real.file(), real.commit(), real.branch(), sha256);
  }

  /** A copy of the shared upstream files, so a test may delete them. */
  private String copyTemplate() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (String release : SharedData.RELEASES) {
      Files.copy(SharedData.upperConstraints(release), src.resolve(release + ".txt"));
    }
    return copiedTemplate();
  }

  /** The file: URL template of the copy {@link #copyTemplate} made. */
  private String copiedTemplate() {
    return tmp.resolve("src").toUri() + "{release}.txt";
  }

  @Test
  void fetchesTheRealFileThroughAFileTemplateAndVerifiesItsSha() throws Exception {
    String template = SharedData.dir().resolve("upper-constraints").toUri() + "{release}.txt";
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(template, tmp.resolve("cache"));

    UpperConstraints uc = fetcher.fetch(pin());

    byte[] expected = Files.readAllBytes(SharedData.upperConstraints("2025.2"));
    assertArrayEquals(expected, uc.render().getBytes(StandardCharsets.UTF_8));
    Path cached =
        tmp.resolve("cache/upper-constraints/0e88245f541e4c82e3b0cf4b63cf50d7b7322d46.txt");
    assertEquals(cached, fetcher.cacheFile(pin()));
    assertArrayEquals(expected, Files.readAllBytes(cached));
    assertEquals(fetcher.url(pin()).toString(), uc.source());
    try (Stream<Path> files = Files.list(cached.getParent())) {
      assertEquals(1, files.count(), "no temp files left behind");
    }
  }

  @Test
  void aCacheHitNeedsNoSource() throws Exception {
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(copyTemplate(), tmp.resolve("c"));
    String first = fetcher.fetch(pin()).render();

    Files.delete(tmp.resolve("src/2025.2.txt"));

    assertEquals(first, fetcher.fetch(pin()).render());
    // Without the cache the same URL now fails, so the second fetch came from the cache.
    UpperConstraintsFetcher cold = new UpperConstraintsFetcher(copiedTemplate(), tmp.resolve("d"));
    assertThrows(ForgeException.class, () -> cold.fetch(pin()));
  }

  @Test
  void aShaMismatchIsRefusedAndNothingIsCached() throws Exception {
    String wrong = "0".repeat(64);
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(copyTemplate(), tmp.resolve("c"));

    ForgeException e = assertThrows(ForgeException.class, () -> fetcher.fetch(pinWithSha(wrong)));

    String m = e.getMessage();
    assertTrue(m.contains(fetcher.url(pin()).toString()), m);
    assertTrue(m.contains("expects " + wrong), m);
    assertTrue(m.contains("sha256 e9d07562064153c10af35ad61a69080ea9f9fa1f5776dcb83ad6446c36fffb36"), m);
    assertTrue(m.contains("Nothing was cached"), m);
    assertFalse(Files.exists(fetcher.cacheFile(pin())));
  }

  @Test
  void aStaleCacheEntryIsReplacedWhenThePinHasASha() throws Exception {
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(copyTemplate(), tmp.resolve("c"));
    Path cached = fetcher.cacheFile(pin());
    Files.createDirectories(cached.getParent());
    Files.writeString(cached, "stale===1.0\n");

    UpperConstraints uc = fetcher.fetch(pin());

    assertEquals(pin().sha256().orElseThrow(), uc.sha256());
    assertArrayEquals(
        Files.readAllBytes(SharedData.upperConstraints("2025.2")), Files.readAllBytes(cached));
  }

  @Test
  void contentThatIsNotAConstraintsFileIsNotCached() throws Exception {
    Path page = tmp.resolve("page.html");
    Files.writeString(page, "<html><body>Not found</body></html>\n");
    UpperConstraintsFetcher fetcher =
        new UpperConstraintsFetcher(page.toUri().toString(), tmp.resolve("c"));
    ConstraintsPin noSha = pinWithSha(null);

    ForgeException e = assertThrows(ForgeException.class, () -> fetcher.fetch(noSha));

    assertTrue(e.getMessage().contains(page.toUri() + ":1: '<html>"), e.getMessage());
    assertFalse(Files.exists(fetcher.cacheFile(noSha)));
  }

  @Test
  void placeholdersAreExpanded() {
    UpperConstraintsFetcher fetcher =
        new UpperConstraintsFetcher("https://mirror.example/{branch}/{release}/{commit}.txt", tmp);
    assertEquals(
        URI.create(
            "https://mirror.example/stable/2025.2/2025.2/0e88245f541e4c82e3b0cf4b63cf50d7b7322d46.txt"),
        fetcher.url(pin()));
    assertEquals(
        URI.create(
            "https://opendev.org/openstack/requirements/raw/commit/"
                + "0e88245f541e4c82e3b0cf4b63cf50d7b7322d46/upper-constraints.txt"),
        new UpperConstraintsFetcher(null, tmp).url(pin()));

    ForgeException e =
        assertThrows(
            ForgeException.class,
            () -> new UpperConstraintsFetcher("https://x/{sha}", tmp).url(pin()));
    assertTrue(e.getMessage().contains("{sha}"), e.getMessage());
    assertTrue(e.getMessage().contains("forge.constraints.url"), e.getMessage());
  }

  @Test
  void anUnreachableUrlNamesItAndTheProperty() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/{commit}/upper-constraints.txt";
    UpperConstraintsFetcher fetcher = new UpperConstraintsFetcher(url, tmp.resolve("c"));

    ForgeException e = assertThrows(ForgeException.class, () -> fetcher.fetch(pin()));

    assertTrue(e.getMessage().contains(fetcher.url(pin()).toString()), e.getMessage());
    assertTrue(e.getMessage().contains("-Dforge.constraints.url="), e.getMessage());
    assertFalse(Files.exists(fetcher.cacheFile(pin())));
  }

  @Test
  void fetchesOverHttpAndReportsHttpErrors() throws Exception {
    byte[] body = Files.readAllBytes(SharedData.upperConstraints("2025.2"));
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          boolean known = exchange.getRequestURI().getPath().equals("/raw/" + pin().commit());
          exchange.sendResponseHeaders(known ? 200 : 404, known ? body.length : -1);
          if (known) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      UpperConstraintsFetcher fetcher =
          new UpperConstraintsFetcher(base + "/raw/{commit}", tmp.resolve("c"));
      assertArrayEquals(body, fetcher.fetch(pin()).render().getBytes(StandardCharsets.UTF_8));
      fetcher.fetch(pin());
      assertEquals(1, requests.get(), "the second fetch is a cache hit");

      UpperConstraintsFetcher missing =
          new UpperConstraintsFetcher(base + "/nothing/{commit}", tmp.resolve("d"));
      ForgeException e = assertThrows(ForgeException.class, () -> missing.fetch(pin()));
      assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
      assertTrue(e.getMessage().contains(base + "/nothing/" + pin().commit()), e.getMessage());
    } finally {
      server.stop(0);
    }
  }
}
