package org.c5c3.forge.supply;

import java.util.Objects;
import org.c5c3.forge.ForgeException;

/**
 * An image reference as a user types it: {@code registry[:port]/repository[:tag][@sha256:…]}.
 * The registry part is required unless the reference is a Docker Hub name ({@code library/x},
 * {@code x}); verification talks to one registry and must know which.
 *
 * @param registry host[:port] to talk to ({@code registry-1.docker.io} for Docker Hub)
 * @param repository the repository inside it ({@code c5c3/keystone})
 * @param tag the tag, or null
 * @param digest {@code sha256:<hex>}, or null
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
  private static final String DOCKER_HUB = "registry-1.docker.io";

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    if (tag == null && digest == null) {
      tag = "latest";
    }
  }

  /** Parses {@code 127.0.0.1:5555/it/fixture:1.0.0}, {@code ghcr.io/c5c3/keystone@sha256:…}. */
  public static ImageReference parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new ForgeException("no image given: set -Dforge.image=<registry>/<repository>[:tag|@sha256:digest]");
    }
    String rest = reference.strip();
    rest = rest.startsWith("docker://") ? rest.substring("docker://".length()) : rest;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!digest.matches("sha256:[0-9a-f]{64}")) {
        throw new ForgeException(
            "image reference '" + reference + "' has digest '" + digest + "'; expected sha256:<64 hex digits>");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    String registry;
    String repository;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
      registry = first;
      repository = rest.substring(slash + 1);
    } else {
      registry = DOCKER_HUB;
      repository = slash < 0 ? "library/" + rest : rest;
    }
    if (repository.isEmpty() || !repository.matches("[a-z0-9]+([._/-]+[a-z0-9]+)*")) {
      throw new ForgeException(
          "image reference '" + reference + "' has no valid repository name (lower-case, e.g. ghcr.io/c5c3/keystone:28.0.0)");
    }
    if (tag != null && !tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
      throw new ForgeException("image reference '" + reference + "' has an invalid tag '" + tag + "'");
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** The image name as attestations name it: {@code registry/repository}. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The tag or digest to look the manifest up by; a digest wins over a tag. */
  public String lookup() {
    return digest != null ? digest : tag;
  }

  @Override
  public String toString() {
    return name() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }
}
