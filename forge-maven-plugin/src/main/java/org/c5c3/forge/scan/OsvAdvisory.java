package org.c5c3.forge.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One OSV record (https://ossf.github.io/osv-schema/), reduced to what matching needs: which
 * packages it affects and at which versions, how severe it is, and what it is called.
 *
 * @param origin the file (or zip entry) it was read from, for messages
 */
public record OsvAdvisory(
    String id, List<String> aliases, String summary, Severity severity, List<Affected> affected, String origin) {

  /** One {@code affected[]} entry: a package in an ecosystem, with ranges and/or listed versions. */
  public record Affected(String ecosystem, String name, List<Range> ranges, List<String> versions) {}

  /** One {@code ranges[]} entry; only {@code ECOSYSTEM} ranges compare package versions. */
  public record Range(String type, List<Event> events) {}

  /** {@code introduced}, {@code fixed}, {@code last_affected} or {@code limit}, at a version. */
  public record Event(String kind, String version) {}

  public OsvAdvisory {
    aliases = List.copyOf(aliases);
    affected = List.copyOf(affected);
  }

  /** Reads a record; returns null when the JSON is no OSV record (no {@code id}). */
  static OsvAdvisory fromJson(JsonNode node, String origin) {
    String id = node.path("id").asText("");
    if (id.isEmpty() || node.path("withdrawn").asText("").length() > 0) {
      return null; // a withdrawn advisory no longer claims anything
    }
    List<String> aliases = new ArrayList<>();
    node.path("aliases").forEach(a -> aliases.add(a.asText()));
    List<Affected> affected = new ArrayList<>();
    Severity severity = null;
    for (JsonNode a : node.path("affected")) {
      JsonNode pkg = a.path("package");
      List<Range> ranges = new ArrayList<>();
      for (JsonNode r : a.path("ranges")) {
        List<Event> events = new ArrayList<>();
        for (JsonNode e : r.path("events")) {
          e.fields().forEachRemaining(f -> events.add(new Event(f.getKey(), f.getValue().asText())));
        }
        ranges.add(new Range(r.path("type").asText(""), List.copyOf(events)));
      }
      List<String> versions = new ArrayList<>();
      a.path("versions").forEach(v -> versions.add(v.asText()));
      affected.add(new Affected(pkg.path("ecosystem").asText(""), pkg.path("name").asText(""),
          List.copyOf(ranges), List.copyOf(versions)));
      severity = max(severity, rating(a.path("severity")));
      severity = max(severity, Severity.fromText(a.path("ecosystem_specific").path("severity").asText(null)));
      severity = max(severity, Severity.fromText(a.path("database_specific").path("severity").asText(null)));
    }
    severity = max(severity, rating(node.path("severity")));
    severity = max(severity, Severity.fromText(node.path("database_specific").path("severity").asText(null)));
    String summary = node.path("summary").asText(node.path("details").asText(""));
    if (summary.length() > 200) {
      summary = summary.substring(0, 197) + "...";
    }
    return new OsvAdvisory(id, aliases, summary.strip(), severity == null ? Severity.UNKNOWN : severity, affected, origin);
  }

  /** The highest of a {@code severity[]} list: CVSS vectors scored, text ratings (Ubuntu's) read. */
  private static Severity rating(JsonNode severities) {
    Severity result = null;
    for (JsonNode s : severities) {
      String type = s.path("type").asText("");
      String score = s.path("score").asText(null);
      result = max(result, type.startsWith("CVSS_") ? Severity.fromCvssVector(score) : Severity.fromText(score));
    }
    return result;
  }

  private static Severity max(Severity a, Severity b) {
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) >= 0 ? a : b;
  }

  /** The advisory's id and its aliases: what an acceptance may name. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    names.add(id);
    names.addAll(aliases);
    return names;
  }
}
