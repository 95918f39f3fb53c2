package org.c5c3.forge.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * Caches the build stage's result, the exported venv, by a content hash of everything the stage
 * reads, so that a rebuild with unchanged inputs skips the stage.
 *
 * <p>Layout, under {@code forge.cacheDir}:
 *
 * <pre>
 * build-stage/&lt;key&gt;/venv        the venv as the stage exported it (links, modes, times kept)
 * build-stage/&lt;key&gt;/key.json    the inputs the key was made from, for a human comparing two keys
 * build-stage/&lt;key&gt;/complete    written last: an entry without it is half-written and ignored
 * build-stage/deps/&lt;depKey&gt;      the key of the newest entry with this dependency set
 * </pre>
 *
 * <p>The <em>dependency key</em> is the key without the service's source tree, but with the
 * service's dependency declarations. Its venv holds every dependency the service needs, so when
 * only the service's code changed the stage can start from it and reinstall the service alone
 * ({@code --no-deps}; see docs/performance.md for the commands).
 *
 * <p>A wrong hit ships the wrong venv, so every input is in the key; when in doubt, add an input.
 */
public final class BuildStageCache {

  /** Raise when the stage's meaning changes in a way the inputs below do not show. */
  static final int FORMAT = 1;
  private static final String MARKER = "complete";
  /**
   * How many venvs the cache keeps, least recently used evicted first: a real service's venv is
   * a few hundred MB, and one service × three releases × two platforms is six.
   */
  static final int KEEP = 12;
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  /**
   * What the build stage reads.
   *
   * @param venvBuilderDigest the build-stage image's manifest digest
   * @param pythonBaseDigest python-base's digest (its venv skeleton is the stage's starting venv)
   * @param installer {@code uv} or {@code pip}
   * @param installerScript the exact script the stage runs (extras, packages, index, paths)
   * @param constraints the effective constraints text
   * @param sourceTree {@link SourceTreeHash#of} the service's work tree after patches
   * @param serviceDependencies {@link SourceTreeHash#dependencyDeclarations} of the same tree
   * @param libraries patched library name → hash of its tree after patches, or of its wheel
   * @param wheelDirectories find-links directory (as mounted) → {@link SourceTreeHash#of} its content
   * @param extras the service's extras
   * @param pipPackages extra pip requirements
   * @param platform e.g. {@code linux/amd64}
   * @param environment the stage's environment (SOURCE_DATE_EPOCH)
   */
  public record Inputs(
      String venvBuilderDigest,
      String pythonBaseDigest,
      String installer,
      String installerScript,
      String constraints,
      String sourceTree,
      String serviceDependencies,
      Map<String, String> libraries,
      Map<String, String> wheelDirectories,
      List<String> extras,
      List<String> pipPackages,
      String platform,
      Map<String, String> environment) {}

  private final Path root;
  private final Consumer<String> log;

  /** @param cacheDir {@code forge.cacheDir}; entries go to its {@code build-stage} directory */
  public BuildStageCache(Path cacheDir, Consumer<String> log) {
    this.root = cacheDir.resolve("build-stage");
    this.log = log;
  }

  /** The key of the whole stage: every input. */
  public static String key(Inputs in) {
    return sha256(canonical(describe(in, true)));
  }

  /**
   * The key of the dependency set: every input but the service's source tree and the stage
   * environment's values (SOURCE_DATE_EPOCH follows the service's commit; only whether it is set
   * changes what installers write).
   */
  public static String dependencyKey(Inputs in) {
    return sha256(canonical(describe(in, false)));
  }

  /** The venv of a complete entry, if there is one. */
  public Optional<Path> venv(String key) {
    Path entry = root.resolve(key);
    if (!Files.isDirectory(entry)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(entry.resolve(MARKER)) || !Files.isDirectory(entry.resolve("venv"))) {
      log.accept("build-stage cache: ignoring the incomplete entry " + entry);
      return Optional.empty();
    }
    return Optional.of(entry.resolve("venv"));
  }

  /**
   * Copies the cached venv of {@code key} to {@code venvDir} (replacing it) and returns true, or
   * returns false on a miss.
   */
  public boolean restore(String key, Path venvDir) {
    Optional<Path> cached = venv(key);
    if (cached.isEmpty()) {
      log.accept("build-stage cache miss: " + key);
      return false;
    }
    copyTree(cached.get(), venvDir);
    CacheEviction.touch(root.resolve(key));
    log.accept("build-stage cache hit: " + key + " (" + root.resolve(key) + "), build stage skipped");
    return true;
  }

  /**
   * The newest complete venv built with the dependency set {@code dependencyKey}, to reinstall
   * only the service on top of. The path is the cache's own copy: copy it, never change it.
   */
  public Optional<Path> dependencyVenv(String dependencyKey) {
    Path pointer = root.resolve("deps").resolve(dependencyKey);
    if (!Files.isRegularFile(pointer)) {
      return Optional.empty();
    }
    try {
      String key = Files.readString(pointer).strip();
      if (!key.matches("[0-9a-f]{64}")) {
        return Optional.empty();
      }
      Optional<Path> venv = venv(key);
      venv.ifPresent(v -> log.accept("build-stage cache: dependency set " + dependencyKey + " found in " + v));
      venv.ifPresent(v -> CacheEviction.touch(root.resolve(key)));
      return venv;
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Stores {@code venvDir}, the stage's fresh output, under its key and points its dependency key
   * at it. Call it right after the stage, before forge adds files (WSGI scripts) to the venv.
   * Returns the entry's directory.
   */
  public Path store(Inputs inputs, Path venvDir) {
    String key = key(inputs);
    Path entry = root.resolve(key);
    try {
      Files.createDirectories(root);
      if (venv(key).isEmpty()) {
        Path tmp = Files.createTempDirectory(root, ".tmp-" + key.substring(0, 12) + "-");
        copyTree(venvDir, tmp.resolve("venv"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("key", key);
        json.put("dependencyKey", dependencyKey(inputs));
        json.put("inputs", describe(inputs, true));
        JSON.writeValue(tmp.resolve("key.json").toFile(), json);
        Files.writeString(tmp.resolve(MARKER), key + "\n");
        deleteTree(entry); // a half-written entry of an earlier, interrupted run
        try {
          Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (venv(key).isEmpty()) {
            throw e;
          }
          deleteTree(tmp); // a concurrent build stored the same entry first
        }
      }
      Path deps = Files.createDirectories(root.resolve("deps"));
      Path pointerTmp = Files.createTempFile(deps, ".tmp-", "");
      Files.writeString(pointerTmp, key + "\n");
      try {
        Files.move(pointerTmp, deps.resolve(dependencyKey(inputs)), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(pointerTmp, deps.resolve(dependencyKey(inputs)), StandardCopyOption.REPLACE_EXISTING);
      }
      log.accept("build-stage cache: stored " + entry);
      CacheEviction.touch(entry);
      CacheEviction.prune(root, KEEP, CacheEviction.GRACE, name -> name.matches("[0-9a-f]{64}"), java.time.Instant.now())
          .forEach(old -> log.accept("build-stage cache: evicted " + old.getFileName()));
      return entry;
    } catch (IOException e) {
      throw new UncheckedIOException("storing the build stage's venv in " + entry, e);
    }
  }

  /** The inputs as a JSON-able tree, sorted, with or without the service's source tree. */
  static Map<String, Object> describe(Inputs in, boolean withSource) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("venvBuilderDigest", in.venvBuilderDigest());
    m.put("pythonBaseDigest", in.pythonBaseDigest());
    m.put("installer", in.installer());
    m.put("installerScript", in.installerScript());
    m.put("constraints", in.constraints());
    if (withSource) {
      m.put("sourceTree", in.sourceTree());
    }
    m.put("serviceDependencies", in.serviceDependencies());
    m.put("libraries", new TreeMap<>(in.libraries()));
    m.put("wheelDirectories", new TreeMap<>(in.wheelDirectories()));
    m.put("extras", in.extras());
    m.put("pipPackages", in.pipPackages());
    m.put("platform", in.platform() == null ? "" : in.platform());
    m.put("environment", withSource ? new TreeMap<>(in.environment()) : new ArrayList<>(new TreeMap<>(in.environment()).keySet()));
    return m;
  }

  private static byte[] canonical(Map<String, Object> tree) {
    try {
      return new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(byte[] bytes) {
    return SourceTreeHash.hash(bytes);
  }

  /** {@code cp -a}: symlinks as symlinks, modes and times kept. {@code to} is replaced. */
  static void copyTree(Path from, Path to) {
    deleteTree(to);
    try {
      Files.createDirectories(to.toAbsolutePath().getParent());
      Process p = new ProcessBuilder("cp", "-a", "--", from.toString(), to.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new ForgeException("copying " + from + " to " + to + " failed: " + out.strip()
            + "; check the free space and permissions of forge.cacheDir, or delete it");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("copying " + from + " to " + to, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ForgeException("interrupted while copying " + from, e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + dir, e);
    }
  }
}
