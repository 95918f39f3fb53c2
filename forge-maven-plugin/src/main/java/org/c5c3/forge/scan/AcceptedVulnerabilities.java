package org.c5c3.forge.scan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * Findings a release accepts, each with the reason, read from
 * {@code constraints/<release>/accepted-vulnerabilities.txt}. One per line:
 *
 * <pre>
 * CVE-2024-12345                # not reachable: keystone never parses untrusted XML
 * GHSA-xxxx-yyyy-zzzz urllib3   # only for this package
 * </pre>
 *
 * An entry names an advisory by its id or any alias, optionally limited to one package. The reason
 * after '#' is required: an acceptance nobody can explain is not one. Accepted findings stay in
 * the scan report, marked with the reason; they only stop failing the gate.
 */
public final class AcceptedVulnerabilities {
  private static final Pattern LINE = Pattern.compile("(?<id>[A-Za-z][A-Za-z0-9._:-]*)(?:\\s+(?<pkg>[A-Za-z0-9][A-Za-z0-9._+~:-]*))?");

  /** One acceptance and where it was written. */
  public record Acceptance(String id, String packageName, String reason, String origin) {}

  private final List<Acceptance> entries;

  private AcceptedVulnerabilities(List<Acceptance> entries) {
    this.entries = List.copyOf(entries);
  }

  public static AcceptedVulnerabilities none() {
    return new AcceptedVulnerabilities(List.of());
  }

  /** Reads {@code file}; a missing file accepts nothing. */
  public static AcceptedVulnerabilities read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return none();
    } catch (IOException e) {
      throw new ForgeException("cannot read accepted vulnerabilities " + file + ": " + e.getMessage(), e);
    }
  }

  /** @throws ForgeException listing every malformed line as {@code file:line: problem} */
  public static AcceptedVulnerabilities parse(String source, String text) {
    List<Acceptance> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String origin = source + ":" + (i + 1);
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int hash = line.indexOf('#');
      String body = (hash < 0 ? line : line.substring(0, hash)).strip();
      String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
      Matcher m = LINE.matcher(body);
      if (!m.matches()) {
        errors.add(origin + ": '" + line + "' is not '<advisory id> [package] # reason'");
        continue;
      }
      if (reason.isEmpty()) {
        errors.add(origin + ": accepting " + m.group("id") + " needs a reason after '#'");
        continue;
      }
      String key = m.group("id").toUpperCase(Locale.ROOT) + " " + (m.group("pkg") == null ? "" : m.group("pkg"));
      String previous = seen.putIfAbsent(key, origin);
      if (previous != null) {
        errors.add(origin + ": " + body + " is already accepted at " + previous);
        continue;
      }
      entries.add(new Acceptance(m.group("id"), m.group("pkg"), reason, origin));
    }
    if (!errors.isEmpty()) {
      throw new ForgeException("accepted vulnerabilities: " + String.join("; ", errors));
    }
    return new AcceptedVulnerabilities(entries);
  }

  /** The acceptance that covers {@code advisory} in {@code pkg}, or null. */
  Acceptance covering(OsvAdvisory advisory, ScannedPackage pkg) {
    for (Acceptance a : entries) {
      boolean named = advisory.names().stream().anyMatch(n -> n.equalsIgnoreCase(a.id()));
      boolean forPackage = a.packageName() == null || a.packageName().equalsIgnoreCase(pkg.name())
          || pkg.component().toLowerCase(Locale.ROOT).startsWith(a.packageName().toLowerCase(Locale.ROOT) + " ");
      if (named && forPackage) {
        return a;
      }
    }
    return null;
  }

  public List<Acceptance> entries() {
    return entries;
  }
}
