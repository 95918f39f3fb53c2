package org.c5c3.forge.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;

/**
 * User name and password per registry host: from a Docker {@code config.json} ({@code auths},
 * as {@code docker login} and {@code podman login --authfile} write it) and from explicit entries
 * (the Maven side passes {@code settings.xml} servers). Explicit entries win. Credential helpers
 * ({@code credsStore}, {@code credHelpers}) are not consulted.
 */
public final class RegistryCredentials {
  /** HTTP basic credentials; also what a bearer-token endpoint is asked with. */
  public record Basic(String username, String password) {
    @Override
    public String toString() {
      return "Basic[" + username + ", ****]";
    }

    String header() {
      return "Basic " + Base64.getEncoder().encodeToString(
          (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Map<String, Basic> byRegistry;

  private RegistryCredentials(Map<String, Basic> byRegistry) {
    this.byRegistry = Map.copyOf(byRegistry);
  }

  public static RegistryCredentials none() {
    return new RegistryCredentials(Map.of());
  }

  /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}; none if absent. */
  public static RegistryCredentials fromDefaultDockerConfig() {
    String dockerConfig = System.getenv("DOCKER_CONFIG");
    Path dir = dockerConfig != null && !dockerConfig.isBlank()
        ? Path.of(dockerConfig)
        : Path.of(System.getProperty("user.home"), ".docker");
    return fromDockerConfig(dir.resolve("config.json"));
  }

  /** Reads {@code auths} of a Docker config file; a missing file gives no credentials. */
  public static RegistryCredentials fromDockerConfig(Path configJson) {
    if (!Files.isRegularFile(configJson)) {
      return none();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(configJson.toFile());
    } catch (IOException e) {
      throw new ForgeException("could not read registry credentials from " + configJson + ": " + e.getMessage(), e);
    }
    Map<String, Basic> map = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("auths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode auth = entry.getValue();
      Basic basic = null;
      String encoded = auth.path("auth").asText("");
      if (!encoded.isEmpty()) {
        String decoded;
        try {
          decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw new ForgeException(
              configJson + ": the auth of '" + entry.getKey() + "' is not base64 of user:password", e);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          throw new ForgeException(
              configJson + ": the auth of '" + entry.getKey() + "' is not of the form user:password");
        }
        basic = new Basic(decoded.substring(0, colon), decoded.substring(colon + 1));
      } else if (auth.hasNonNull("username") && auth.hasNonNull("password")) {
        basic = new Basic(auth.get("username").asText(), auth.get("password").asText());
      }
      if (basic != null) {
        map.put(normalize(entry.getKey()), basic);
      }
    }
    return new RegistryCredentials(map);
  }

  /** These credentials plus (replacing any for the same registry) {@code username}/{@code password}. */
  public RegistryCredentials with(String registry, String username, String password) {
    Map<String, Basic> map = new HashMap<>(byRegistry);
    map.put(normalize(registry), new Basic(username, password));
    return new RegistryCredentials(map);
  }

  public Optional<Basic> forRegistry(String registry) {
    return Optional.ofNullable(byRegistry.get(normalize(registry)));
  }

  /** {@code https://index.docker.io/v1/} and {@code docker.io} are one registry; so are host and URL. */
  static String normalize(String registry) {
    String r = registry.trim().toLowerCase(Locale.ROOT);
    r = r.replaceFirst("^[a-z]+://", "");
    int slash = r.indexOf('/');
    if (slash >= 0) {
      r = r.substring(0, slash);
    }
    return switch (r) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> "docker.io";
      default -> r;
    };
  }
}
