package org.c5c3.forge.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.c5c3.forge.ForgeException;

/**
 * A small client of the OCI distribution API for one registry: manifests and blobs by digest or
 * tag, monolithic blob upload, and the referrers endpoint. Authentication follows the registry's
 * {@code WWW-Authenticate} challenge: none, HTTP basic, or the bearer-token flow (token fetched
 * from the challenge's realm with the basic credentials, if any, and cached per repository).
 * {@code insecure} means plain {@code http://}, for local test registries only.
 */
public final class RegistryClient {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  private static final String MANIFEST_ACCEPT =
      String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_MANIFEST_LIST);

  private final String registry;
  private final URI base;
  private final RegistryCredentials credentials;
  private final HttpClient http;
  /** Authorization header per "repository|actions", learnt from challenges. */
  private final Map<String, String> authorization = new ConcurrentHashMap<>();

  private RegistryClient(String registry, RegistryCredentials credentials, boolean insecure) {
    this.registry = registry;
    this.base = URI.create((insecure ? "http://" : "https://") + registry);
    this.credentials = credentials;
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** A client for {@code registry} ({@code host[:port]}, e.g. {@code ghcr.io}, {@code 127.0.0.1:5555}). */
  public static RegistryClient create(String registry, RegistryCredentials credentials, boolean insecure) {
    return new RegistryClient(registry, credentials, insecure);
  }

  public String registry() {
    return registry;
  }

  /** The manifest's descriptor, or empty when the registry has no such tag or digest. */
  public Optional<Descriptor> head(String repository, String reference) {
    HttpResponse<byte[]> response =
        send(repository, "pull", "look up " + repository + ":" + reference,
            () -> request(manifestPath(repository, reference)).header("Accept", MANIFEST_ACCEPT)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, "look up " + repository + ":" + reference);
    String digest = response.headers().firstValue("Docker-Content-Digest").orElse(null);
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    long size = response.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (digest == null || size < 0) {
      // Some registries omit these on HEAD: fall back to the manifest itself.
      Optional<Manifest> manifest = findManifest(repository, reference);
      return manifest.map(m -> new Descriptor(m.mediaType(), m.digest(), m.bytes().length));
    }
    return Optional.of(new Descriptor(stripParameters(mediaType), digest, size));
  }

  /** A manifest or index as stored: its bytes, media type and digest. */
  public record Manifest(byte[] bytes, String mediaType, String digest) {}

  /** The manifest's bytes; fails when it does not exist. */
  public byte[] getManifest(String repository, String reference) {
    return findManifest(repository, reference)
        .orElseThrow(() -> new ForgeException(
            "registry " + registry + " has no manifest " + repository + ":" + reference))
        .bytes();
  }

  /** The manifest, or empty when the tag or digest does not exist. */
  public Optional<Manifest> findManifest(String repository, String reference) {
    String what = "fetch manifest " + repository + ":" + reference;
    HttpResponse<byte[]> response =
        send(repository, "pull", what,
            () -> request(manifestPath(repository, reference)).header("Accept", MANIFEST_ACCEPT).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200, what);
    byte[] body = response.body();
    String digest = sha256(body);
    if (reference.startsWith("sha256:") && !reference.equals(digest)) {
      throw new ForgeException(
          "registry " + registry + " returned content with digest " + digest + " for " + repository + "@" + reference);
    }
    String mediaType = stripParameters(response.headers().firstValue("Content-Type").orElse(""));
    if (mediaType.isEmpty() || mediaType.equals("application/json")) {
      mediaType = readJson(body).path("mediaType").asText(mediaType);
    }
    return Optional.of(new Manifest(body, mediaType, digest));
  }

  /** The blob's bytes, checked against its digest. */
  public byte[] getBlob(String repository, String digest) {
    String what = "fetch blob " + digest + " of " + repository;
    HttpResponse<byte[]> response =
        send(repository, "pull", what, () -> request("/v2/" + repository + "/blobs/" + digest).GET());
    expect(response, 200, what);
    if (!sha256(response.body()).equals(digest)) {
      throw new ForgeException("registry " + registry + " returned a blob that does not match " + digest);
    }
    return response.body();
  }

  /** Writes the blob to {@code target} (replacing it) and returns {@code target}. */
  public Path getBlob(String repository, String digest, Path target) {
    try {
      Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".blob", ".tmp");
      Files.write(tmp, getBlob(repository, digest));
      return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ForgeException("could not write blob " + digest + " to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Whether the repository already holds the blob. */
  public boolean hasBlob(String repository, String digest) {
    HttpResponse<byte[]> response =
        send(repository, "pull", "look up blob " + digest,
            () -> request("/v2/" + repository + "/blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    if (response.statusCode() == 404) {
      return false;
    }
    expect(response, 200, "look up blob " + digest + " in " + repository);
    return true;
  }

  /** Uploads {@code content} in one request pair (POST, then PUT with the digest) unless present. */
  public String pushBlob(String repository, byte[] content) {
    String digest = sha256(content);
    if (hasBlob(repository, digest)) {
      return digest;
    }
    String what = "upload blob " + digest + " to " + repository;
    HttpResponse<byte[]> started =
        send(repository, "pull,push", what,
            () -> request("/v2/" + repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()));
    expect(started, 202, what);
    String location =
        started.headers().firstValue("Location")
            .orElseThrow(() -> new ForgeException("registry " + registry + " started an upload without a Location"));
    URI upload = base.resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(upload + separator + "digest=" + URLEncoder.encode(digest, StandardCharsets.UTF_8));
    HttpResponse<byte[]> done =
        send(repository, "pull,push", what,
            () -> HttpRequest.newBuilder(put).timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    expect(done, 201, what);
    return digest;
  }

  /** Stores a manifest or index under a tag or its digest and returns its digest. */
  public String pushManifest(String repository, String tagOrDigest, String mediaType, byte[] content) {
    String digest = sha256(content);
    if (tagOrDigest.startsWith("sha256:") && !tagOrDigest.equals(digest)) {
      throw new ForgeException("cannot push a manifest with digest " + digest + " as " + tagOrDigest);
    }
    String what = "push manifest " + repository + ":" + tagOrDigest;
    HttpResponse<byte[]> response =
        send(repository, "pull,push", what,
            () -> request(manifestPath(repository, tagOrDigest)).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    expect(response, 201, what);
    String returned = response.headers().firstValue("Docker-Content-Digest").orElse(digest);
    if (!returned.equals(digest)) {
      throw new ForgeException(
          "registry " + registry + " stored " + what + " as " + returned + ", expected " + digest);
    }
    return digest;
  }

  /**
   * The OCI 1.1 referrers index of {@code digest}, or empty when the registry has no referrers
   * API (it answers 404, as distribution 2.8 does; some answer 400 or 405).
   */
  public Optional<byte[]> getReferrers(String repository, String digest, String artifactType) {
    String path = "/v2/" + repository + "/referrers/" + digest
        + (artifactType == null ? "" : "?artifactType=" + URLEncoder.encode(artifactType, StandardCharsets.UTF_8));
    String what = "list referrers of " + repository + "@" + digest;
    HttpResponse<byte[]> response =
        send(repository, "pull", what, () -> request(path).header("Accept", OCI_INDEX).GET());
    int status = response.statusCode();
    if (status == 404 || status == 400 || status == 405 || status == 501) {
      return Optional.empty();
    }
    expect(response, 200, what);
    return Optional.of(response.body());
  }

  private String manifestPath(String repository, String reference) {
    return "/v2/" + repository + "/manifests/" + reference;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(2));
  }

  /**
   * Sends with the authorization learnt for this repository and actions; on 401 follows the
   * challenge once and retries.
   */
  private HttpResponse<byte[]> send(
      String repository, String actions, String what, Supplier<HttpRequest.Builder> request) {
    String key = repository + "|" + actions;
    HttpResponse<byte[]> response = exchange(request, authorization.get(key), what);
    if (response.statusCode() != 401) {
      return response;
    }
    AuthChallenge challenge =
        AuthChallenge.parse(response.headers().firstValue("WWW-Authenticate").orElse(null))
            .orElseThrow(() -> new ForgeException(
                "registry " + registry + " refused to " + what + " (401) without saying how to authenticate"));
    Optional<RegistryCredentials.Basic> basic = credentials.forRegistry(registry);
    String header;
    if (challenge.isBasic()) {
      header = basic.map(RegistryCredentials.Basic::header).orElseThrow(() -> needsCredentials(what));
    } else if (challenge.isBearer()) {
      header = "Bearer " + token(challenge, repository, actions, basic, what);
    } else {
      throw new ForgeException(
          "registry " + registry + " asks for '" + challenge.scheme() + "' authentication to " + what
              + "; forge supports Basic and Bearer");
    }
    authorization.put(key, header);
    response = exchange(request, header, what);
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw new ForgeException(
          "registry " + registry + " refused to " + what + " (" + response.statusCode() + ") with "
              + (basic.isPresent() ? "the credentials of user '" + basic.get().username() + "'" : "anonymous access")
              + ": check ~/.docker/config.json or the settings.xml server for " + registry);
    }
    return response;
  }

  private String token(
      AuthChallenge challenge, String repository, String actions,
      Optional<RegistryCredentials.Basic> basic, String what) {
    String realm = challenge.params().get("realm");
    if (realm == null || realm.isBlank()) {
      throw new ForgeException("registry " + registry + " sent a Bearer challenge without a realm");
    }
    // Ask for push rights up front when pushing, so one token covers the whole upload.
    String scope = "repository:" + repository + ":" + actions;
    StringBuilder url = new StringBuilder(realm).append(realm.contains("?") ? '&' : '?');
    url.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    String service = challenge.params().get("service");
    if (service != null) {
      url.append("&service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8));
    }
    HttpRequest.Builder tokenRequest = HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofMinutes(1)).GET();
    basic.ifPresent(b -> tokenRequest.header("Authorization", b.header()));
    HttpResponse<byte[]> response;
    try {
      response = http.send(tokenRequest.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ForgeException("could not reach the token service " + realm + " of " + registry + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("interrupted while fetching a token from " + realm, e);
    }
    if (response.statusCode() == 401 || response.statusCode() == 403) {
      throw needsCredentials(what);
    }
    if (response.statusCode() != 200) {
      throw new ForgeException(
          "the token service " + realm + " of " + registry + " answered " + response.statusCode() + " for " + scope);
    }
    JsonNode json = readJson(response.body());
    String token = json.path("token").asText(json.path("access_token").asText(""));
    if (token.isEmpty()) {
      throw new ForgeException("the token service " + realm + " of " + registry + " returned no token");
    }
    return token;
  }

  private ForgeException needsCredentials(String what) {
    return new ForgeException(
        "registry " + registry + " needs credentials to " + what + ": run 'docker login " + registry
            + "' (~/.docker/config.json) or add a <server> with id " + registry + " to settings.xml");
  }

  private HttpResponse<byte[]> exchange(Supplier<HttpRequest.Builder> request, String authorizationHeader, String what) {
    HttpRequest.Builder builder = request.get();
    if (authorizationHeader != null) {
      builder.header("Authorization", authorizationHeader);
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new ForgeException(
          "could not " + what + " at " + base + ": " + e.getMessage()
              + (base.getScheme().equals("https") ? " (a local plain-HTTP registry needs forge.allowInsecureRegistries)" : ""), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("interrupted while trying to " + what, e);
    }
  }

  private void expect(HttpResponse<byte[]> response, int status, String what) {
    if (response.statusCode() != status) {
      String body = new String(response.body(), StandardCharsets.UTF_8);
      throw new ForgeException(
          "registry " + registry + " could not " + what + ": HTTP " + response.statusCode()
              + (body.isBlank() ? "" : " " + body.strip()));
    }
  }

  static String sha256(byte[] content) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  static JsonNode readJson(byte[] body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new ForgeException("the registry returned JSON that cannot be read: " + e.getMessage(), e);
    }
  }

  private static String stripParameters(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
  }
}
