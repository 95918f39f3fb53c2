package org.c5c3.forge.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.c5c3.forge.constraints.PackageName;

/**
 * Splits the venv into three layers by how often their content changes, so that a patch to the
 * service re-pushes only the small top layer:
 *
 * <ol>
 *   <li>{@value #THIRD_PARTY}: the skeleton python-base already has, and every distribution that is
 *       neither patched nor the service (changes with the constraints);
 *   <li>{@value #PATCHED}: the patched libraries (changes with their patches);
 *   <li>{@value #SERVICE}: the service distribution, its scripts in {@code bin/}, and every file no
 *       distribution claims (generated WSGI scripts), which changes with every service patch.
 * </ol>
 *
 * <p>Ownership comes from each {@code *.dist-info/RECORD} under {@code lib/python3*\/site-packages}.
 * Installers do not list the {@code .pyc} files they compile, so a {@code __pycache__/x.cpython-311.pyc}
 * belongs to the owner of {@code x.py}. A file nobody owns goes with the owners of its nearest
 * directory (walking up to, not including, site-packages) when those are all third-party, and to
 * the service layer otherwise: a wrong guess costs bytes on a push, never correctness. A directory
 * goes to the lowest layer that holds something under it.
 */
public final class DistributionLayerPlan implements VenvLayerPlan {

  public static final String THIRD_PARTY = "venv-skeleton-and-third-party";
  public static final String PATCHED = "patched-libraries";
  public static final String SERVICE = "service";
  private static final List<String> LAYERS = List.of(THIRD_PARTY, PATCHED, SERVICE);

  /** One path's place in the plan: layer index, owning distribution (null if none), size. */
  private record Placement(int layer, String distribution, long bytes, boolean directory) {}

  private final Map<String, Placement> placements;

  private DistributionLayerPlan(Map<String, Placement> placements) {
    this.placements = placements;
  }

  /**
   * Plans the layers of {@code venvDir}.
   *
   * @param serviceDistribution the service's distribution name, e.g. {@code openstack-placement}
   * @param patchedLibraries names of the patched library distributions (any spelling)
   * @param skeleton python-base's venv skeleton, whose paths stay in the bottom layer; may be null
   * @param venvPath the venv's path in the image (the skeleton's paths start with it)
   */
  public static DistributionLayerPlan of(Path venvDir, String serviceDistribution, Set<String> patchedLibraries,
      VenvSkeleton skeleton, String venvPath) {
    String service = normalize(serviceDistribution);
    Set<String> patched = patchedLibraries.stream().map(DistributionLayerPlan::normalize)
        .collect(Collectors.toSet());
    Map<String, String> owners = owners(venvDir);
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(venvDir)) {
      paths = walk.filter(p -> !p.equals(venvDir)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Integer> layerOfDist = new HashMap<>();
    owners.values().forEach(d -> layerOfDist.put(d, d.equals(service) ? 2 : patched.contains(d) ? 1 : 0));
    Map<String, Integer> ownedBelow = ownedBelow(owners, layerOfDist);
    TreeMap<String, Placement> placements = new TreeMap<>();
    List<String> directories = new ArrayList<>();
    for (Path p : paths) {
      String rel = venvDir.relativize(p).toString();
      if (Files.isSymbolicLink(p)) {
        continue; // never in a venv layer: python-base has each link (VenvLayerBuilder checks)
      }
      if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        directories.add(rel);
        continue;
      }
      String owner = ownerOf(rel, owners);
      int layer;
      if (owner != null) {
        layer = layerOfDist.get(owner);
      } else if (skeleton != null && skeleton.get(venvPath + "/" + rel).isPresent()) {
        layer = 0;
      } else {
        layer = unownedLayer(rel, ownedBelow);
      }
      placements.put(rel, new Placement(layer, owner, size(p), false));
    }
    // Directories: the lowest layer below them; an empty one as if it were an unowned file.
    // Deepest first, so that an empty subdirectory counts for its parent.
    java.util.Collections.reverse(directories);
    for (String dir : directories) {
      String prefix = dir + "/";
      int lowest = placements.subMap(prefix, prefix + Character.MAX_VALUE).values().stream()
          .mapToInt(Placement::layer).min().orElse(-1);
      if (lowest < 0) {
        lowest = skeleton != null && skeleton.get(venvPath + "/" + dir).isPresent() ? 0
            : unownedLayer(dir, ownedBelow);
      }
      placements.put(dir, new Placement(lowest, null, 0, true));
    }
    return new DistributionLayerPlan(placements);
  }

  @Override
  public List<String> layerNames() {
    return LAYERS;
  }

  @Override
  public int layerOf(String relativePath, boolean directory) {
    Placement p = placements.get(relativePath);
    // A path the plan has not seen (the venv changed since): the top layer is always safe.
    return p == null ? LAYERS.size() - 1 : p.layer();
  }

  /** The owning distribution (PEP 503 name) of a venv path, if a RECORD lists it. */
  public String distributionOf(String relativePath) {
    Placement p = placements.get(relativePath);
    return p == null ? null : p.distribution();
  }

  /**
   * The plan for {@code report.json}: per layer, bottom first, its name, file count, bytes and
   * distributions.
   */
  public Map<String, Object> summary() {
    List<Map<String, Object>> layers = new ArrayList<>();
    for (int i = 0; i < LAYERS.size(); i++) {
      int index = i;
      List<Placement> files = placements.values().stream().filter(p -> p.layer() == index && !p.directory())
          .toList();
      Map<String, Object> layer = new LinkedHashMap<>();
      layer.put("name", LAYERS.get(i));
      layer.put("files", files.size());
      layer.put("bytes", files.stream().mapToLong(Placement::bytes).sum());
      layer.put("distributions", files.stream().map(Placement::distribution).filter(d -> d != null)
          .collect(Collectors.toCollection(TreeSet::new)));
      layers.add(layer);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("layers", layers);
    return summary;
  }

  /** PEP 503 normalised: lower case, runs of {@code -_.} become one {@code -}. */
  public static String normalize(String name) {
    return PackageName.normalize(name);
  }

  /** venv-relative path → distribution, from every RECORD in every site-packages. */
  private static Map<String, String> owners(Path venvDir) {
    Map<String, String> owners = new HashMap<>();
    Path lib = venvDir.resolve("lib");
    if (!Files.isDirectory(lib, LinkOption.NOFOLLOW_LINKS)) {
      return owners;
    }
    List<Path> records;
    try (Stream<Path> walk = Files.walk(lib, 4)) {
      records = walk.filter(p -> p.getFileName().toString().equals("RECORD"))
          .filter(p -> p.getParent().getFileName().toString().endsWith(".dist-info"))
          .filter(p -> p.getParent().getParent().getFileName().toString().equals("site-packages"))
          .filter(p -> p.getParent().getParent().getParent().getFileName().toString().startsWith("python3"))
          .sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path record : records) {
      Path distInfo = record.getParent();
      Path sitePackages = distInfo.getParent();
      String dist = distributionName(distInfo);
      // The dist-info directory is the distribution's, whatever its RECORD lists (INSTALLER, REQUESTED).
      try (Stream<Path> files = Files.walk(distInfo)) {
        files.forEach(f -> owners.put(venvDir.relativize(f).toString(), dist));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : readLines(record)) {
        String file = recordPath(line);
        if (file.isEmpty()) {
          continue;
        }
        Path resolved = sitePackages.resolve(file).normalize();
        if (resolved.startsWith(venvDir) && !resolved.equals(venvDir)) {
          owners.putIfAbsent(venvDir.relativize(resolved).toString(), dist);
        }
      }
    }
    return owners;
  }

  /** A RECORD row's path: the first CSV field, which may be quoted. */
  static String recordPath(String line) {
    if (line.startsWith("\"")) {
      StringBuilder sb = new StringBuilder();
      for (int i = 1; i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            sb.append('"');
            i++;
          } else {
            break;
          }
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
    int comma = line.indexOf(',');
    return (comma < 0 ? line : line.substring(0, comma)).strip();
  }

  /** The distribution's name from METADATA's {@code Name:}, else from the directory name. */
  private static String distributionName(Path distInfo) {
    Path metadata = distInfo.resolve("METADATA");
    if (Files.isRegularFile(metadata)) {
      for (String line : readLines(metadata)) {
        if (line.isEmpty()) {
          break; // end of the headers
        }
        if (line.regionMatches(true, 0, "Name:", 0, 5)) {
          return normalize(line.substring(5).strip());
        }
      }
    }
    String dir = distInfo.getFileName().toString();
    dir = dir.substring(0, dir.length() - ".dist-info".length());
    int dash = dir.indexOf('-');
    return normalize(dash < 0 ? dir : dir.substring(0, dash));
  }

  /** The owner of a path; a {@code __pycache__} .pyc belongs to its source's owner. */
  private static String ownerOf(String rel, Map<String, String> owners) {
    String owner = owners.get(rel);
    if (owner != null) {
      return owner;
    }
    String source = pycSource(rel);
    return source == null ? null : owners.get(source);
  }

  /** {@code a/__pycache__/m.cpython-311.opt-1.pyc} → {@code a/m.py}; null for anything else. */
  static String pycSource(String rel) {
    int slash = rel.lastIndexOf('/');
    String dir = slash < 0 ? "" : rel.substring(0, slash);
    String name = rel.substring(slash + 1);
    if (!name.endsWith(".pyc") || !(dir.equals("__pycache__") || dir.endsWith("/__pycache__"))) {
      return null;
    }
    String parent = dir.length() == "__pycache__".length() ? "" : dir.substring(0, dir.length() - "/__pycache__".length());
    int dot = name.indexOf('.');
    String module = name.substring(0, dot);
    return (parent.isEmpty() ? "" : parent + "/") + module + ".py";
  }

  /**
   * An unowned path: the third-party layer when the nearest directory holding owned files (up to,
   * not including, site-packages and the venv root) holds only third-party files; else the top.
   */
  private static int unownedLayer(String rel, Map<String, Integer> ownedBelow) {
    String dir = rel;
    while (dir.contains("/")) {
      dir = dir.substring(0, dir.lastIndexOf('/'));
      if (dir.endsWith("/site-packages") || dir.equals("bin")) {
        break;
      }
      Integer highest = ownedBelow.get(dir);
      if (highest != null) {
        return highest;
      }
    }
    return LAYERS.size() - 1;
  }

  /** Directory → the highest layer of the owned files anywhere below it. */
  private static Map<String, Integer> ownedBelow(Map<String, String> owners, Map<String, Integer> layerOfDist) {
    Map<String, Integer> below = new HashMap<>();
    owners.forEach((path, dist) -> {
      int layer = layerOfDist.get(dist);
      for (int i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
        below.merge(path.substring(0, i), layer, Math::max);
      }
    });
    return below;
  }

  private static long size(Path p) {
    try {
      return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path file) {
    try {
      return List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\r?\n"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
