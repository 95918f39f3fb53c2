package org.c5c3.forge.constraints;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * Which upstream {@code upper-constraints.txt} a release builds with: a commit of
 * openstack/requirements and the branch it tracks, read from {@code
 * constraints/<release>/requirements.ref} (Java properties):
 *
 * <pre>
 * # renovate: datasource=git-refs depName=https://opendev.org/openstack/requirements currentValue=stable/2025.2
 * commit=0e88245f541e4c82e3b0cf4b63cf50d7b7322d46
 * branch=stable/2025.2
 * sha256=e9d07562064153c10af35ad61a69080ea9f9fa1f5776dcb83ad6446c36fffb36
 * </pre>
 *
 * Renovate moves {@code commit} to the branch's head. {@code sha256} is optional: when present, the
 * fetched file must have that hash.
 */
public final class ConstraintsPin {
  /** The pin's file name inside {@code constraints/<release>/}. */
  public static final String FILE_NAME = "requirements.ref";
  /** The overrides' file name inside {@code constraints/<release>/}. */
  public static final String OVERRIDES_FILE_NAME = "overrides.txt";

  private static final Set<String> KEYS = Set.of("commit", "branch", "sha256");
  private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern RENOVATE_VALUE =
      Pattern.compile("^#\\s*renovate:.*\\bcurrentValue=(\\S+)", Pattern.MULTILINE);

  private final String release;
  private final Path file;
  private final String commit;
  private final String branch;
  private final String sha256;

  /** A pin made in code (tests, tools); {@code sha256} may be null. */
  public ConstraintsPin(String release, Path file, String commit, String branch, String sha256) {
    this.release = release;
    this.file = file;
    this.commit = commit;
    this.branch = branch;
    this.sha256 = sha256;
  }

  /**
   * Reads {@code <constraintsRoot>/<release>/requirements.ref}.
   *
   * @throws ForgeException if the release has no pin (naming the releases that have one), or the
   *     file lacks {@code commit} or {@code branch}, has a malformed value or an unknown key, or
   *     its Renovate comment tracks another branch than {@code branch}
   */
  public static ConstraintsPin read(Path constraintsRoot, String release) {
    if (release == null || !RELEASE.matcher(release).matches()) {
      throw new ForgeException("'" + release + "' is not a release name such as 2025.2");
    }
    Path file = constraintsRoot.resolve(release).resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      List<String> known = releases(constraintsRoot);
      throw new ForgeException(
          "Release " + release + " has no upper-constraints pin: " + file + " does not exist."
              + (known.isEmpty()
                  ? " " + constraintsRoot + " has no release with a " + FILE_NAME + "."
                  : " Releases with a pin: " + String.join(", ", known) + ".")
              + " To add one, create " + FILE_NAME + " with commit= and branch= of"
              + " openstack/requirements (see docs/constraints.md).");
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ForgeException("Cannot read " + file + ": " + e, e);
    }
    Properties props = new Properties();
    try {
      props.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ForgeException(file + " is not a Java properties file: " + e.getMessage(), e);
    }
    List<String> errors = new ArrayList<>();
    for (String key : props.stringPropertyNames()) {
      if (!KEYS.contains(key)) {
        errors.add("unknown key '" + key + "' (known: commit, branch, sha256)");
      }
    }
    String commit = props.getProperty("commit", "").strip().toLowerCase(Locale.ROOT);
    String branch = props.getProperty("branch", "").strip();
    String sha256 = props.getProperty("sha256", "").strip().toLowerCase(Locale.ROOT);
    if (!COMMIT.matcher(commit).matches()) {
      errors.add(
          "commit must be the 40-hex commit of openstack/requirements, found '" + commit + "'");
    }
    if (branch.isEmpty()) {
      errors.add("branch must name the branch the commit is on, e.g. stable/" + release);
    }
    if (!sha256.isEmpty() && !SHA256.matcher(sha256).matches()) {
      errors.add("sha256 must be 64 hex digits (or left out), found '" + sha256 + "'");
    }
    Matcher renovate = RENOVATE_VALUE.matcher(text);
    if (renovate.find() && !branch.isEmpty() && !renovate.group(1).equals(branch)) {
      errors.add(
          "the '# renovate:' comment tracks currentValue=" + renovate.group(1) + " but branch="
              + branch + "; make them the same, or Renovate bumps the commit from another branch");
    }
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "Upper-constraints pin " + file + " is not valid:\n  " + String.join("\n  ", errors));
    }
    return new ConstraintsPin(release, file, commit, branch, sha256.isEmpty() ? null : sha256);
  }

  /** The releases under {@code constraintsRoot} that have a pin, sorted. */
  public static List<String> releases(Path constraintsRoot) {
    if (!Files.isDirectory(constraintsRoot)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(constraintsRoot)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(FILE_NAME)))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ForgeException("Cannot list " + constraintsRoot + ": " + e, e);
    }
  }

  /** The release, e.g. {@code 2025.2}. */
  public String release() {
    return release;
  }

  /** The {@code requirements.ref} this pin was read from (may be null for a pin made in code). */
  public Path file() {
    return file;
  }

  /** The full commit of openstack/requirements. */
  public String commit() {
    return commit;
  }

  /** The branch the commit is on, e.g. {@code stable/2025.2}. */
  public String branch() {
    return branch;
  }

  /** The expected sha256 (lower-case hex) of the upstream file, if recorded. */
  public Optional<String> sha256() {
    return Optional.ofNullable(sha256);
  }

  /** {@code overrides.txt} beside the pin (it may not exist: no overrides). */
  public Path overridesFile() {
    return file == null ? null : file.resolveSibling(OVERRIDES_FILE_NAME);
  }

  @Override
  public String toString() {
    return "ConstraintsPin[" + release + ": " + branch + "@" + commit + "]";
  }
}
