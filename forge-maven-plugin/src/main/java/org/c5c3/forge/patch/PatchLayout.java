package org.c5c3.forge.patch;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * The repository's {@code patches/} directory. Each directory below it is a component:
 * <ul>
 *   <li>a service, when its name is one of the known services (the module directories under
 *       {@code services/}): {@code patches/<service>/<release>/*.patch} apply to the service's
 *       source;</li>
 *   <li>otherwise a library: {@code patches/<library>/<release>/*.patch} apply to the library's
 *       source, which {@code patches/<library>/library.properties} locates with {@code url=} and
 *       one {@code ref.<release>=} per release.</li>
 * </ul>
 * The service names come from the caller so that a new service needs no Java change, and so that
 * a misspelt service directory is reported (as a library without properties) rather than ignored.
 */
public final class PatchLayout {

  /** The file that tells where a library's source is. */
  public static final String LIBRARY_PROPERTIES = "library.properties";

  private final Path patchesRoot;
  private final Set<String> serviceNames;
  private final String rootName;

  public PatchLayout(Path patchesRoot, Set<String> serviceNames) {
    this.patchesRoot = patchesRoot;
    this.serviceNames = Set.copyOf(serviceNames);
    this.rootName = PatchSeries.displayName(patchesRoot);
  }

  public Path patchesRoot() {
    return patchesRoot;
  }

  /** The service's patches for a release; empty when it has none. */
  public PatchSeries servicePatches(String service, String release) {
    if (!serviceNames.contains(service)) {
      throw new IllegalArgumentException(
          service + " is not one of the known services " + new TreeSet<>(serviceNames));
    }
    return PatchSeries.load(patchesRoot, service, release);
  }

  /**
   * The libraries with at least one patch for the release, by name, with their source URL and
   * ref. A library with patches for the release but no {@code library.properties}, no {@code url}
   * or no {@code ref.<release>} fails here, before anything is checked out.
   */
  public List<LibraryPatchSet> libraryPatches(String release) {
    List<LibraryPatchSet> sets = new ArrayList<>();
    for (String library : libraries()) {
      libraryPatchSet(library, release).ifPresent(sets::add);
    }
    return List.copyOf(sets);
  }

  private Optional<LibraryPatchSet> libraryPatchSet(String library, String release) {
    PatchSeries series = PatchSeries.load(patchesRoot, library, release);
    if (series.isEmpty()) {
      return Optional.empty();
    }
    Properties props = libraryProperties(library, release);
    String url = required(props, "url", library, release);
    String ref = required(props, "ref." + release, library, release);
    return Optional.of(new LibraryPatchSet(library, url, ref, series));
  }

  /** Directory names under the root that are not services, sorted. */
  public List<String> libraries() {
    return componentDirectories().stream().filter(name -> !serviceNames.contains(name)).toList();
  }

  /** Directory names under the root that are known services, sorted. */
  public List<String> services() {
    return componentDirectories().stream().filter(serviceNames::contains).toList();
  }

  /**
   * Every non-empty series in the layout, services first, then libraries, each by name and
   * release: what {@code check-patches} walks. Library properties are validated on the way.
   */
  public List<PatchSeries> allSeries() {
    List<PatchSeries> all = new ArrayList<>();
    for (String service : services()) {
      for (String release : releaseDirectories(service)) {
        PatchSeries series = PatchSeries.load(patchesRoot, service, release);
        if (!series.isEmpty()) {
          all.add(series);
        }
      }
    }
    for (String library : libraries()) {
      for (String release : releaseDirectories(library)) {
        libraryPatchSet(library, release).ifPresent(set -> all.add(set.series()));
      }
    }
    return List.copyOf(all);
  }

  /** The release directories of one component, sorted. */
  public List<String> releaseDirectories(String component) {
    return subdirectories(patchesRoot.resolve(component));
  }

  private List<String> componentDirectories() {
    return subdirectories(patchesRoot);
  }

  private static List<String> subdirectories(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ForgeException("Cannot list " + dir + ": " + e, e);
    }
  }

  private Properties libraryProperties(String library, String release) {
    String dir = rootName + "/" + library;
    Path file = patchesRoot.resolve(library).resolve(LIBRARY_PROPERTIES);
    if (!Files.isRegularFile(file)) {
      throw new ForgeException(dir + " has patches for " + release + " but no " + LIBRARY_PROPERTIES
          + ". Add " + dir + "/" + LIBRARY_PROPERTIES + " with url=<git url of the library> and ref."
          + release + "=<tag|branch|40-hex sha>. If " + library + " is meant to be a service, its"
          + " directory name must match a module under services/ (known services: "
          + new TreeSet<>(serviceNames) + ").");
    }
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new ForgeException("Cannot read " + dir + "/" + LIBRARY_PROPERTIES + ": " + e, e);
    }
    return props;
  }

  private String required(Properties props, String key, String library, String release) {
    String value = props.getProperty(key, "").strip();
    String file = rootName + "/" + library + "/" + LIBRARY_PROPERTIES;
    if (value.isEmpty()) {
      String example = key.equals("url")
          ? "url=<git url of the library>"
          : key + "=<tag|branch|40-hex sha> (the " + library + " source the " + release
              + " patches apply to)";
      throw new ForgeException(file + " has no " + key + ", but " + rootName + "/" + library + "/"
          + release + " has patches. Add " + example + ".");
    }
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw new ForgeException(file + ": " + key + "=" + value + " contains whitespace;"
          + " give a single git URL or ref.");
    }
    return value;
  }
}
