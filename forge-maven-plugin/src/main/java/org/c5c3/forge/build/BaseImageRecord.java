package org.c5c3.forge.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.file.Path;
import org.c5c3.forge.JsonFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code target/forge/image.json} of a base-image module: how downstream modules find the image.
 * The engine uses {@link #localImage} (or pulls {@link #reference}); Jib reads {@link #archive}
 * or {@link #reference}. {@link #digest} is the manifest digest that pins it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class BaseImageRecord {

  /** {@code python-base} or {@code venv-builder}. */
  public String name;
  /** Repository without tag, e.g. {@code ghcr.io/c5c3/python-base}. */
  public String repository;
  /** Name in the engine's local storage. */
  public String localImage;
  /** docker-archive the engine exported (what Jib reads as a base). */
  public String archive;
  /** Manifest digest, {@code sha256:...}. */
  public String digest;
  /** {@code repository@digest} once pushed. */
  public String reference;
  public List<String> tags = new ArrayList<>();
  /** Tag name → kind; the kind says whether the tag is immutable. */
  public java.util.Map<String, String> tagKinds = new java.util.LinkedHashMap<>();
  public String platform;
  /** With several platforms: one record per platform ({@code linux/arm64} → ...); {@link #digest} is the index's. */
  public java.util.Map<String, BaseImageRecord> platforms;
  /** Creation time in the image config, ISO-8601; the push must reuse it to keep the digest. */
  public String created;

  public void write(Path file) {
    JsonFiles.write(file, this);
  }

  public static BaseImageRecord read(Path file) {
    return JsonFiles.read(file, BaseImageRecord.class);
  }


  /** This image for {@code platform}: itself when single-platform. */
  public BaseImageRecord forPlatform(String platform) {
    if (platforms == null || platforms.isEmpty()) {
      return this;
    }
    BaseImageRecord r = platforms.get(platform);
    if (r == null) {
      throw new org.c5c3.forge.ForgeException(name + " was built for " + String.join(", ", platforms.keySet())
          + ", not for " + platform + "; build it with the same forge.platforms");
    }
    return r;
  }

  /** The reference pinned by digest (pushed or not). */
  public String pinned() {
    return repository + "@" + digest;
  }
}
