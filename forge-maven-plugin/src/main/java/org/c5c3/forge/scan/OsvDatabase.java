package org.c5c3.forge.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.PackageName;

/**
 * Advisories in OSV format, read offline from what osv.dev publishes: per-ecosystem exports
 * ({@code https://osv-vulnerabilities.storage.googleapis.com/<ecosystem>/all.zip}), directories of
 * {@code *.json} records, or single record files. Indexed by ecosystem and package name.
 */
public final class OsvDatabase {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One affected package of one advisory. */
  record Entry(OsvAdvisory advisory, OsvAdvisory.Affected affected) {}

  private final Map<String, List<Entry>> byPackage = new HashMap<>();
  private final List<String> sources = new ArrayList<>();
  /** Keys of the packages to keep advisories for; null keeps all. */
  private Set<String> wanted;
  private int records;
  private int kept;

  private OsvDatabase() {}

  /** Reads every record of every source; a file that is not JSON fails the load, naming it. */
  public static OsvDatabase load(List<Path> sources) {
    return load(sources, null);
  }

  /**
   * Reads the records of every source that name one of {@code packages} (null: all). An
   * ecosystem export holds tens of thousands of records, nearly all about packages the image does
   * not have; they are parsed one at a time and only the relevant ones are kept.
   */
  public static OsvDatabase load(List<Path> sources, Collection<ScannedPackage> packages) {
    OsvDatabase db = new OsvDatabase();
    if (packages != null) {
      db.wanted = new HashSet<>();
      for (ScannedPackage p : packages) {
        p.ecosystems().forEach(e -> db.wanted.add(key(e, p.name())));
      }
    }
    for (Path source : sources) {
      if (Files.isDirectory(source)) {
        try (Stream<Path> files = Files.walk(source)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
            db.read(Files.readAllBytes(file), file.toString());
          }
        } catch (IOException e) {
          throw new ForgeException("cannot read advisories under " + source + ": " + e.getMessage(), e);
        }
      } else if (source.toString().endsWith(".zip")) {
        db.readZip(source);
      } else if (Files.isRegularFile(source)) {
        try {
          db.read(Files.readAllBytes(source), source.toString());
        } catch (IOException e) {
          throw new ForgeException("cannot read advisory file " + source + ": " + e.getMessage(), e);
        }
      } else {
        throw new ForgeException(
            "advisory source " + source + " does not exist (expected an OSV export .zip, a directory of "
                + "OSV .json records or one record)");
      }
      db.sources.add(source.toString());
    }
    return db;
  }

  private void readZip(Path zip) {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      ZipEntry entry;
      while ((entry = entries.getNextEntry()) != null) {
        if (!entry.isDirectory() && entry.getName().endsWith(".json")) {
          read(entries.readAllBytes(), zip + "!" + entry.getName());
        }
      }
    } catch (IOException e) {
      throw new ForgeException("cannot read the advisory archive " + zip + ": " + e.getMessage(), e);
    }
  }

  private void read(byte[] json, String origin) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (IOException e) {
      throw new ForgeException("advisory " + origin + " is not valid JSON: " + e.getMessage(), e);
    }
    if (node == null) {
      return;
    }
    records++;
    if (wanted != null && !namesAWantedPackage(node)) {
      return;
    }
    OsvAdvisory advisory = OsvAdvisory.fromJson(node, origin);
    if (advisory == null) {
      return;
    }
    kept++;
    for (OsvAdvisory.Affected affected : advisory.affected()) {
      byPackage.computeIfAbsent(key(affected.ecosystem(), affected.name()), k -> new ArrayList<>())
          .add(new Entry(advisory, affected));
    }
  }

  private boolean namesAWantedPackage(JsonNode record) {
    for (JsonNode affected : record.path("affected")) {
      JsonNode pkg = affected.path("package");
      if (wanted.contains(key(pkg.path("ecosystem").asText(""), pkg.path("name").asText("")))) {
        return true;
      }
    }
    return false;
  }

  /** What advisories say about {@code pkg}, in any of its ecosystems. */
  List<Entry> about(ScannedPackage pkg) {
    List<Entry> result = new ArrayList<>();
    for (String ecosystem : pkg.ecosystems()) {
      result.addAll(byPackage.getOrDefault(key(ecosystem, pkg.name()), List.of()));
    }
    return result;
  }

  private static String key(String ecosystem, String name) {
    String eco = ecosystem.toLowerCase(Locale.ROOT);
    String normalized = eco.equals("pypi") ? PackageName.normalize(name) : name.toLowerCase(Locale.ROOT);
    return eco + "|" + normalized;
  }

  /** How many records the sources hold. */
  public int records() {
    return records;
  }

  /** How many of them name a package of interest (all of them when no packages were given). */
  public int kept() {
    return kept;
  }

  public List<String> sources() {
    return List.copyOf(sources);
  }
}
