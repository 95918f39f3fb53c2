package org.c5c3.forge.constraints;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.ConstraintOverride.Kind;

/**
 * The per-release changes to upstream pins, read from {@code constraints/<release>/overrides.txt}
 * (level 3 of patching). Grammar, one override per line:
 *
 * <pre>
 * oslo.messaging===17.1.0          # why: replaces every upstream line of the name
 * glance_store===5.3.0;python_version&gt;='3.10'   # a line may carry its own marker
 * -pysnmp                          # removes every upstream line of the name
 * +my-plugin===1.2.3               # adds a pin for a name upstream does not pin
 * </pre>
 *
 * The text after '#' is the reason, carried into {@link ConstraintChange} and the SBOM. Comment
 * and blank lines are ignored. This class checks the file on its own (syntax, one kind of change
 * per name); whether the names exist upstream is checked by {@link EffectiveConstraints#of}.
 */
public final class ConstraintOverrides {
  private static final Pattern PIN =
      Pattern.compile(
          "(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\\s*===\\s*(?<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)"
              + "\\s*(?:;\\s*(?<marker>.*?))?");
  /** A requirement with another operator: the user meant a pin but wrote it as pip would. */
  private static final Pattern OTHER_OPERATOR =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\s*(==|~=|!=|<=|>=|<|>|=)(?!==).*");

  private final String source;
  private final List<ConstraintOverride> entries;

  private ConstraintOverrides(String source, List<ConstraintOverride> entries) {
    this.source = source;
    this.entries = List.copyOf(entries);
  }

  /** No overrides. */
  public static ConstraintOverrides none(String source) {
    return new ConstraintOverrides(source, List.of());
  }

  /** Reads {@code file}; a missing file means no overrides. */
  public static ConstraintOverrides read(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      return parse(file.toString(), UpperConstraints.decodeUtf8(file.toString(), bytes));
    } catch (NoSuchFileException e) {
      return none(file.toString());
    } catch (IOException e) {
      throw new ForgeException("Cannot read constraint overrides " + file + ": " + e, e);
    }
  }

  /**
   * Parses the text of an overrides file.
   *
   * @param source the file name used in {@code file:line} of errors and origins
   * @throws ForgeException listing every malformed line as {@code file:line: 'text': problem}
   */
  public static ConstraintOverrides parse(String source, String text) {
    List<ConstraintOverride> entries = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String origin = source + ":" + (i + 1);
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      try {
        entries.add(parseLine(trimmed, origin));
      } catch (ForgeException e) {
        errors.add(origin + ": '" + trimmed + "': " + e.getMessage());
      }
    }
    checkOneKindPerName(entries, errors);
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "Constraint overrides " + source + " are not valid:\n  " + String.join("\n  ", errors));
    }
    return new ConstraintOverrides(source, entries);
  }

  private static ConstraintOverride parseLine(String line, String origin) {
    int hash = line.indexOf('#');
    String spec = (hash < 0 ? line : line.substring(0, hash)).strip();
    String reason = hash < 0 ? "" : line.substring(hash + 1).strip();
    if (spec.startsWith("-")) {
      String name = spec.substring(1).strip();
      if (!PackageName.isValid(name)) {
        throw new ForgeException(
            "a removal is '-name' with nothing else, e.g. '-pysnmp'; to change a pin write"
                + " 'name===version'");
      }
      return new ConstraintOverride(
          Kind.REMOVE, PackageName.of(name), null, null, reason, origin, line);
    }
    Kind kind = Kind.REPLACE;
    if (spec.startsWith("+")) {
      kind = Kind.ADD;
      spec = spec.substring(1).strip();
    }
    Matcher m = PIN.matcher(spec);
    if (!m.matches() || !PackageName.isValid(m.group("name"))) {
      if (OTHER_OPERATOR.matcher(spec).matches()) {
        throw new ForgeException(
            "pins use '===' as upper-constraints does, e.g. 'oslo.messaging===17.1.0'");
      }
      throw new ForgeException(
          "expected 'name===version', 'name===version;marker', '-name' or '+name===version',"
              + " optionally followed by '# reason'");
    }
    String marker = m.group("marker");
    if (marker != null && marker.isEmpty()) {
      throw new ForgeException("';' must be followed by an environment marker, or left out");
    }
    return new ConstraintOverride(
        kind, PackageName.of(m.group("name")), m.group("version"), marker, reason, origin, line);
  }

  /**
   * A name is either removed, or replaced, or added, once; it may take several replacement (or
   * addition) lines only if each has its own distinct marker, since together they replace all of
   * the name's upstream lines.
   */
  private static void checkOneKindPerName(List<ConstraintOverride> entries, List<String> errors) {
    Map<PackageName, List<ConstraintOverride>> byName = new LinkedHashMap<>();
    for (ConstraintOverride o : entries) {
      byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o);
    }
    for (List<ConstraintOverride> group : byName.values()) {
      if (group.size() < 2) {
        continue;
      }
      ConstraintOverride first = group.get(0);
      Set<String> markers = new HashSet<>();
      markers.add(first.marker());
      for (ConstraintOverride o : group.subList(1, group.size())) {
        if (o.kind() != first.kind() || o.kind() == Kind.REMOVE) {
          errors.add(
              o.origin() + ": '" + o.text() + "': " + o.name() + " already has an override at "
                  + first.origin() + " ('" + first.text() + "'); keep one of them");
        } else if (first.marker() == null || o.marker() == null || !markers.add(o.marker())) {
          errors.add(
              o.origin() + ": '" + o.text() + "': " + o.name() + " has several override lines ("
                  + first.origin() + " is the first); each needs its own distinct ';marker',"
                  + " or keep a single line without one");
        }
      }
    }
  }

  /** The file name used in origins. */
  public String source() {
    return source;
  }

  /** The overrides in file order. */
  public List<ConstraintOverride> entries() {
    return entries;
  }

  /** Whether the file has no override lines. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
