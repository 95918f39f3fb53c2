package org.c5c3.forge.tags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * Asks an OCI distribution registry which digest a tag points to, with a {@code HEAD} on {@code
 * /v2/<repository>/manifests/<tag>} and its {@code Docker-Content-Digest} header.
 *
 * <p>Authentication follows the registry's {@code WWW-Authenticate} challenge: none, Basic with
 * the given credentials, or the Bearer token flow (a token from the challenge's realm for its
 * service and scope, asked for with the credentials when there are some, anonymously otherwise:
 * ghcr.io hands out anonymous pull tokens for public images). An insecure registry is spoken to
 * over plain http.
 */
public final class RegistryTagLookup implements TagLookup {

  /** Every manifest type an image or index can be pushed as; the registry must not convert. */
  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.docker.distribution.manifest.v2+json");

  private static final Pattern CHALLENGE_PARAM =
      Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** A user name and password (or token) for a registry. */
  public record Credentials(String username, String password) {
    public Credentials {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Credentials[" + username + ", ****]";
    }

    String basicHeader() {
      return "Basic "
          + Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
  }

  private final String registry;
  private final String repository;
  private final Credentials credentials;
  private final String scheme;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  /** The Authorization header that last worked; one token serves every tag of the repository. */
  private String authorization;

  /**
   * @param registry host and optional port, e.g. {@code ghcr.io} or {@code 127.0.0.1:5555}
   * @param repository the repository inside the registry, e.g. {@code c5c3/keystone}
   * @param credentials null for anonymous access
   * @param insecure speak plain http (local test registries only)
   */
  public RegistryTagLookup(
      String registry, String repository, Credentials credentials, boolean insecure) {
    this.registry = requireText(registry, "registry");
    this.repository = requireText(repository, "repository");
    this.credentials = credentials;
    this.scheme = insecure ? "http" : "https";
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * A lookup for an image repository written as in an image reference, e.g. {@code
   * ghcr.io/c5c3/keystone} or {@code 127.0.0.1:5555/forge/keystone}; a name without a registry
   * host ({@code ubuntu}) means Docker Hub.
   */
  public static RegistryTagLookup forImage(
      String imageRepository, Credentials credentials, boolean insecure) {
    String name = requireText(imageRepository, "image repository");
    int slash = name.indexOf('/');
    String first = slash < 0 ? "" : name.substring(0, slash);
    boolean hasHost = first.contains(".") || first.contains(":") || first.equals("localhost");
    String host = hasHost ? first : "docker.io";
    String path = hasHost ? name.substring(slash + 1) : name;
    if (host.equals("docker.io") || host.equals("index.docker.io")) {
      host = "registry-1.docker.io";
      path = path.contains("/") ? path : "library/" + path;
    }
    if (path.contains(":") || path.contains("@")) {
      throw new ForgeException(
          "'" + imageRepository + "' is an image reference with a tag or digest; give the"
              + " repository alone, e.g. ghcr.io/c5c3/keystone.");
    }
    return new RegistryTagLookup(host, path, credentials, insecure);
  }

  @Override
  public Optional<String> digestOf(String tag) {
    ImageTag.requireValid(tag, "tag to look up");
    URI uri = URI.create(scheme + "://" + registry + "/v2/" + repository + "/manifests/" + tag);
    HttpResponse<byte[]> response = send(uri, "HEAD");
    if (response.statusCode() == 401) {
      authorization = authorize(uri, response);
      response = send(uri, "HEAD");
    }
    switch (response.statusCode()) {
      case 200 -> {
        Optional<String> header = response.headers().firstValue("Docker-Content-Digest");
        if (header.isPresent()) {
          return header;
        }
        // The header is optional in the spec; the digest of the body is the same thing.
        return Optional.of(sha256(send(uri, "GET").body()));
      }
      case 404 -> {
        return Optional.empty();
      }
      case 401, 403 -> throw new ForgeException(
          "Registry " + registry + " refused access to " + repository + ":" + tag + " (HTTP "
              + response.statusCode() + ")" + (credentials == null
                  ? ": no credentials were given; log in (docker login / Maven settings server "
                      + registry + ")."
                  : " with the credentials of user '" + credentials.username() + "'; check"
                      + " them and that they may read this repository."));
      default -> throw new ForgeException(
          "Registry " + registry + " answered HTTP " + response.statusCode() + " for " + uri
              + "; expected 200 or 404.");
    }
  }

  private HttpResponse<byte[]> send(URI uri, String method) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", ACCEPT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return exchange(request.build());
  }

  private HttpResponse<byte[]> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ForgeException(
          "Cannot reach registry " + registry + " (" + request.uri() + "): " + e
              + (scheme.equals("https")
                  ? ". A local registry without TLS needs forge.allowInsecureRegistries=true."
                  : "."), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("Interrupted while asking registry " + registry + ".", e);
    }
  }

  /** Answers a 401 challenge with the Authorization header to retry with. */
  private String authorize(URI uri, HttpResponse<?> challenged) {
    String challenge = challenged.headers().firstValue("WWW-Authenticate").orElse("");
    String scheme = challenge.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    if (scheme.equals("basic")) {
      if (credentials == null) {
        throw new ForgeException(
            "Registry " + registry + " asks for a user name and password to read " + repository
                + "; log in (docker login / Maven settings server " + registry + ").");
      }
      return credentials.basicHeader();
    }
    if (scheme.equals("bearer")) {
      return "Bearer " + fetchToken(parseChallenge(challenge));
    }
    throw new ForgeException(
        "Registry " + registry + " answered 401 for " + uri + " with challenge '" + challenge
            + "', which is neither Basic nor Bearer.");
  }

  /** The key="value" parameters of a WWW-Authenticate challenge. */
  static Map<String, String> parseChallenge(String header) {
    Map<String, String> params = new LinkedHashMap<>();
    String[] parts = header.trim().split("\\s+", 2);
    if (parts.length < 2) {
      return params;
    }
    Matcher m = CHALLENGE_PARAM.matcher(parts[1]);
    while (m.find()) {
      String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      params.put(m.group(1).toLowerCase(Locale.ROOT), value);
    }
    return params;
  }

  private String fetchToken(Map<String, String> challenge) {
    String realm = challenge.get("realm");
    if (realm == null || realm.isBlank()) {
      throw new ForgeException(
          "Registry " + registry + " asked for a bearer token but named no realm to get it from.");
    }
    StringBuilder query = new StringBuilder();
    appendParam(query, "service", challenge.get("service"));
    // Some registries leave the scope out of a HEAD challenge; pull access is what we need.
    appendParam(
        query, "scope", challenge.getOrDefault("scope", "repository:" + repository + ":pull"));
    URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
    HttpRequest.Builder request = HttpRequest.newBuilder(tokenUri).timeout(TIMEOUT).GET();
    if (credentials != null) {
      request.header("Authorization", credentials.basicHeader());
    }
    HttpResponse<byte[]> response = exchange(request.build());
    if (response.statusCode() != 200) {
      throw new ForgeException(
          "The token service " + realm + " of registry " + registry + " answered HTTP "
              + response.statusCode() + (credentials == null
                  ? " to an anonymous request; log in to read " + repository + "."
                  : " for user '" + credentials.username() + "'; check the credentials."));
    }
    try {
      JsonNode body = json.readTree(response.body());
      String token = body.path("token").asText("");
      if (token.isEmpty()) {
        token = body.path("access_token").asText("");
      }
      if (token.isEmpty()) {
        throw new ForgeException(
            "The token service " + realm + " answered without a token or access_token.");
      }
      return token;
    } catch (IOException e) {
      throw new ForgeException(
          "The token service " + realm + " answered with something that is not JSON.", e);
    }
  }

  private static void appendParam(StringBuilder query, String key, String value) {
    if (value == null) {
      return;
    }
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(key).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return "sha256:" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new ForgeException("The " + what + " to look tags up in is empty.");
    }
    return value.trim();
  }

  @Override
  public String toString() {
    return "RegistryTagLookup[" + scheme + "://" + registry + "/" + repository + "]";
  }
}
