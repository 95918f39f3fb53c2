package org.c5c3.forge.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.c5c3.forge.ForgeException;

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
  private int records;

  private OsvDatabase() {}

  /** Reads every source; a file that is not JSON fails the load, naming it. */
  public static OsvDatabase load(List<Path> sources) {
    OsvDatabase db = new OsvDatabase();
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
    OsvAdvisory advisory = node == null ? null : OsvAdvisory.fromJson(node, origin);
    if (advisory == null) {
      return;
    }
    records++;
    for (OsvAdvisory.Affected affected : advisory.affected()) {
      byPackage.computeIfAbsent(key(affected.ecosystem(), affected.name()), k -> new ArrayList<>())
          .add(new Entry(advisory, affected));
    }
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
    String normalized = eco.equals("pypi") ? SbomPackages.pep503(name) : name.toLowerCase(Locale.ROOT);
    return eco + "|" + normalized;
  }

  public int records() {
    return records;
  }

  public List<String> sources() {
    return List.copyOf(sources);
  }
}
