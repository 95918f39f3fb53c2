package org.c5c3.forge.patch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * The patches of one component (a service or a library) for one release, in the order they are
 * applied: by file name, as {@code git format-patch} numbers them ({@code 0001-…}, {@code 0002-…}).
 * A missing or empty directory is an empty series.
 */
public final class PatchSeries {

  static final String PATCH_SUFFIX = ".patch";

  private final String component;
  private final String release;
  private final Path directory;
  private final List<PatchFile> patches;

  public PatchSeries(String component, String release, Path directory, List<PatchFile> patches) {
    this.component = Objects.requireNonNull(component, "component");
    this.release = Objects.requireNonNull(release, "release");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.patches = List.copyOf(patches);
  }

  /**
   * Reads {@code <patchesRoot>/<component>/<release>/*.patch}.
   *
   * <p>A {@code .diff} file there is an error rather than ignored: it is almost certainly a
   * patch someone meant to apply. Other files (a README) and sub-directories are not patches.
   */
  public static PatchSeries load(Path patchesRoot, String component, String release) {
    Path dir = patchesRoot.resolve(component).resolve(release);
    String displayDir = displayName(patchesRoot) + "/" + component + "/" + release;
    if (!Files.isDirectory(dir)) {
      return new PatchSeries(component, release, dir, List.of());
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(Files::isRegularFile)
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new ForgeException("Cannot list patch directory " + displayDir + " (" + dir + "): " + e, e);
    }
    List<PatchFile> patches = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".diff")) {
        throw new ForgeException(displayDir + "/" + name + " is not applied: only *.patch files are."
            + " Rename it to " + name.substring(0, name.length() - ".diff".length()) + PATCH_SUFFIX
            + " (git format-patch output) or move it out of " + displayDir + ".");
      }
      if (name.endsWith(PATCH_SUFFIX) && !name.startsWith(".")) {
        patches.add(PatchFile.read(file, displayDir + "/" + name));
      }
    }
    return new PatchSeries(component, release, dir, patches);
  }

  /** The name messages give the patches root: its directory name, normally {@code patches}. */
  static String displayName(Path patchesRoot) {
    Path name = patchesRoot.toAbsolutePath().normalize().getFileName();
    return name == null ? "patches" : name.toString();
  }

  /** The service or library name, e.g. {@code keystone} or {@code oslo.messaging}. */
  public String component() {
    return component;
  }

  /** The OpenStack release, e.g. {@code 2025.2}. */
  public String release() {
    return release;
  }

  /** {@code <patchesRoot>/<component>/<release>}, whether or not it exists. */
  public Path directory() {
    return directory;
  }

  /** The patches in application order. */
  public List<PatchFile> patches() {
    return patches;
  }

  /** The number of patches; the {@code -p<N>} image tag counts them. */
  public int size() {
    return patches.size();
  }

  public boolean isEmpty() {
    return patches.isEmpty();
  }

  @Override
  public String toString() {
    return component + "/" + release + " (" + size() + " patches)";
  }
}
