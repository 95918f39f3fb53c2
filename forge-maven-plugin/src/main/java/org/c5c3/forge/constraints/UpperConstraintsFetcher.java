package org.c5c3.forge.constraints;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * Gets the upstream {@code upper-constraints.txt} a {@link ConstraintsPin} names, and caches it
 * by commit at {@code <cacheDir>/upper-constraints/<commit>.txt}: a commit's file never changes,
 * so a cached copy is used without network. When the pin records a sha256, both a cached and a
 * downloaded file must match it; a download that does not is refused and not cached.
 *
 * <p>The URL comes from a template with the placeholders {@code {commit}}, {@code {branch}} and
 * {@code {release}}; {@code http(s)://} and {@code file:} URLs work, the latter for mirrors and
 * offline builds.
 */
public final class UpperConstraintsFetcher {
  /** Where openstack/requirements serves a file at a commit. */
  public static final String DEFAULT_URL_TEMPLATE =
      "https://opendev.org/openstack/requirements/raw/commit/{commit}/upper-constraints.txt";
  /** The user property that overrides {@link #DEFAULT_URL_TEMPLATE}. */
  public static final String URL_PROPERTY = "forge.constraints.url";
  /** The cache's subdirectory. */
  public static final String CACHE_SUBDIR = "upper-constraints";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String urlTemplate;
  private final Path cacheDir;

  /**
   * @param urlTemplate the URL with placeholders; null or blank for {@link #DEFAULT_URL_TEMPLATE}
   * @param cacheDir forge's cache root, e.g. {@link #defaultCacheDir()}
   */
  public UpperConstraintsFetcher(String urlTemplate, Path cacheDir) {
    this.urlTemplate =
        urlTemplate == null || urlTemplate.isBlank() ? DEFAULT_URL_TEMPLATE : urlTemplate.strip();
    this.cacheDir = cacheDir;
  }

  /** {@code $XDG_CACHE_HOME/forge}, else {@code ~/.cache/forge}. */
  public static Path defaultCacheDir() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "forge");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "forge");
  }

  /** The URL the pin's file is fetched from. */
  public URI url(ConstraintsPin pin) {
    Matcher m = PLACEHOLDER.matcher(urlTemplate);
    StringBuilder url = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "commit" -> pin.commit();
            case "branch" -> pin.branch();
            case "release" -> pin.release();
            default -> throw new ForgeException(
                "Unknown placeholder {" + m.group(1) + "} in " + URL_PROPERTY + "="
                    + urlTemplate + "; use {commit}, {branch} or {release}");
          };
      m.appendReplacement(url, Matcher.quoteReplacement(value));
    }
    m.appendTail(url);
    try {
      URI uri = new URI(url.toString());
      if (uri.getScheme() == null) {
        throw new URISyntaxException(url.toString(), "no scheme (https:, http: or file:)");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ForgeException(
          "Cannot make a URL of " + URL_PROPERTY + "=" + urlTemplate + " for release "
              + pin.release() + ": " + e.getMessage(), e);
    }
  }

  /** Where the pin's file is (or would be) cached. */
  public Path cacheFile(ConstraintsPin pin) {
    return cacheDir.resolve(CACHE_SUBDIR).resolve(pin.commit() + ".txt");
  }

  /**
   * The pin's upstream file, from the cache if there, else downloaded, checked and cached.
   *
   * @throws ForgeException if the URL cannot be read (naming it and {@value #URL_PROPERTY}), the
   *     content does not match the pin's sha256, or it is not an upper-constraints file
   */
  public UpperConstraints fetch(ConstraintsPin pin) {
    URI url = url(pin);
    Path cached = cacheFile(pin);
    if (Files.isRegularFile(cached)) {
      byte[] bytes = readCache(cached);
      // A cached file that does not match is stale (e.g. the pin's sha256 was corrected): refetch.
      if (pin.sha256().isEmpty()
          || pin.sha256().get().equals(UpperConstraints.sha256Hex(bytes))) {
        return UpperConstraints.parse(url.toString(), bytes);
      }
    }
    byte[] bytes = download(url, pin);
    if (pin.sha256().isPresent()) {
      String actual = UpperConstraints.sha256Hex(bytes);
      String expected = pin.sha256().get();
      if (!expected.equals(actual)) {
        throw new ForgeException(
            "Upper-constraints from " + url + " have sha256 " + actual + ", but "
                + (pin.file() == null ? "the pin" : pin.file()) + " expects " + expected
                + ". Nothing was cached. If the commit there was bumped, update sha256 to"
                + " the new file's hash (or remove the line); otherwise the server returned"
                + " something else than openstack/requirements at " + pin.commit() + ".");
      }
    }
    // Parse before caching: an HTML error page served with 200 must not poison the cache.
    UpperConstraints constraints = UpperConstraints.parse(url.toString(), bytes);
    writeAtomically(cached, bytes);
    return constraints;
  }

  private byte[] download(URI url, ConstraintsPin pin) {
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    try {
      switch (scheme) {
        case "file":
          return Files.readAllBytes(Path.of(url));
        case "http":
        case "https":
          return httpGet(url);
        default:
          throw new ForgeException(
              "Cannot fetch upper-constraints from " + url + ": scheme '" + scheme
                  + "' is not supported; set " + URL_PROPERTY + " to an https:, http: or file:"
                  + " URL");
      }
    } catch (NoSuchFileException e) {
      throw unreachable(url, pin, "no such file");
    } catch (IOException | IllegalArgumentException e) {
      throw unreachable(url, pin, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("Interrupted while fetching " + url, e);
    }
  }

  private static byte[] httpGet(URI url) throws IOException, InterruptedException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode());
    }
    return response.body();
  }

  private ForgeException unreachable(URI url, ConstraintsPin pin, String cause) {
    return new ForgeException(
        "Cannot fetch upper-constraints for release " + pin.release() + " (openstack/requirements "
            + pin.commit() + ") from " + url + ": " + cause + ". Check the network, or set -D"
            + URL_PROPERTY + "=<url> to a mirror or a local copy (placeholders {commit},"
            + " {branch}, {release}; file: URLs work offline). A copy at " + cacheFile(pin)
            + " is used without network.");
  }

  private static byte[] readCache(Path cached) {
    try {
      return Files.readAllBytes(cached);
    } catch (IOException e) {
      throw new ForgeException("Cannot read cached upper-constraints " + cached + ": " + e, e);
    }
  }

  /** Temp file + move, so a concurrent or interrupted build never sees half a file. */
  private static void writeAtomically(Path target, byte[] bytes) {
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".tmp");
      Files.write(temp, bytes);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new ForgeException("Cannot cache upper-constraints at " + target + ": " + e, e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Best effort: a leftover .tmp file is harmless.
        }
      }
    }
  }
}
