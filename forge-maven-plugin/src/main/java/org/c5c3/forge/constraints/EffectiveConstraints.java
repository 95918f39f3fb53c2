package org.c5c3.forge.constraints;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.constraints.ConstraintOverride.Kind;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * The constraints a build installs with: upstream upper-constraints with a release's overrides
 * and the pins of patched libraries applied. Immutable; {@link #pin} returns a new instance.
 *
 * <p>The effective file keeps upstream's lines and order; a replaced name's new line(s) take the
 * place of its first upstream line, and added names are appended. Every difference from upstream
 * is a {@link ConstraintChange}, one per name.
 */
public final class EffectiveConstraints {
  /** Name of the effective constraints file {@link #writeTo} writes. */
  public static final String CONSTRAINTS_FILE = "constraints.txt";
  /** Name of the diff against upstream {@link #writeTo} writes. */
  public static final String DIFF_FILE = "constraints.diff";

  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+!_-]*");

  private final UpperConstraints upstream;
  /** The new lines of each changed name (empty: removed), in order of change. */
  private final Map<PackageName, List<ConstraintLine>> changedLines;
  private final Map<PackageName, ConstraintChange> changes;

  private EffectiveConstraints(
      UpperConstraints upstream,
      Map<PackageName, List<ConstraintLine>> changedLines,
      Map<PackageName, ConstraintChange> changes) {
    this.upstream = upstream;
    this.changedLines = Collections.unmodifiableMap(new LinkedHashMap<>(changedLines));
    this.changes = Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  /** Upstream as it is. */
  public static EffectiveConstraints of(UpperConstraints upstream) {
    return new EffectiveConstraints(upstream, Map.of(), Map.of());
  }

  /**
   * Applies {@code overrides} to {@code upstream}.
   *
   * @throws ForgeException listing, as {@code file:line: 'text': problem}, every override or
   *     removal of a name upstream does not pin (with close upstream names, if any) and every
   *     addition of a name upstream already pins
   */
  public static EffectiveConstraints of(UpperConstraints upstream, ConstraintOverrides overrides) {
    List<String> errors = new ArrayList<>();
    Map<PackageName, List<ConstraintOverride>> byName = new LinkedHashMap<>();
    for (ConstraintOverride o : overrides.entries()) {
      List<ConstraintLine> pins = upstream.pins(o.name());
      if (o.kind() == Kind.ADD && !pins.isEmpty()) {
        errors.add(
            o.origin() + ": '" + o.text() + "': " + o.name() + " is already pinned upstream ("
                + pins.get(0).text() + " at line " + pins.get(0).number() + "); drop the '+'"
                + " to replace that pin");
      } else if (o.kind() != Kind.ADD && pins.isEmpty()) {
        errors.add(o.origin() + ": '" + o.text() + "': " + unknownName(upstream, o));
      } else {
        byName.computeIfAbsent(o.name(), n -> new ArrayList<>()).add(o);
      }
    }
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "Constraint overrides " + overrides.source() + " do not fit upper-constraints "
              + upstream.source() + ":\n  " + String.join("\n  ", errors));
    }
    String eol = defaultEol(upstream);
    Map<PackageName, List<ConstraintLine>> lines = new LinkedHashMap<>();
    Map<PackageName, ConstraintChange> changes = new LinkedHashMap<>();
    for (List<ConstraintOverride> group : byName.values()) {
      ConstraintOverride first = group.get(0);
      PackageName spelling = spelling(upstream, first.name());
      List<ConstraintLine> newLines = new ArrayList<>();
      for (ConstraintOverride o : group) {
        if (o.kind() != Kind.REMOVE) {
          newLines.add(o.toLine(spelling, eol));
        }
      }
      String reason =
          group.stream()
              .map(ConstraintOverride::reason)
              .filter(r -> !r.isEmpty())
              .distinct()
              .collect(Collectors.joining("; "));
      String origin =
          group.stream().map(ConstraintOverride::origin).collect(Collectors.joining(", "));
      lines.put(spelling, newLines);
      changes.put(
          spelling,
          new ConstraintChange(
              spelling, specs(upstream.pins(spelling)), specs(newLines), reason, origin));
    }
    return new EffectiveConstraints(upstream, lines, changes);
  }

  private static String unknownName(UpperConstraints upstream, ConstraintOverride o) {
    StringBuilder message =
        new StringBuilder(o.name() + " has no pin in upper-constraints " + upstream.source());
    List<PackageName> close = CloseNames.find(o.name(), upstream.names(), 3);
    if (!close.isEmpty()) {
      message.append("; did you mean ");
      message.append(close.stream().map(PackageName::original).collect(Collectors.joining(", ")));
      message.append("?");
    }
    if (o.kind() == Kind.REMOVE) {
      message.append(" There is nothing to remove: drop the line.");
    } else {
      message.append(" To add a pin for it, write '+").append(o.text()).append("'.");
    }
    return message.toString();
  }

  /**
   * Re-pins {@code name} to a single unmarked line {@code name===version}, e.g. for a patched
   * library whose wheel has the local version {@code 17.1.0+c5c3.1}. A name upstream does not pin
   * is added. The change replaces any earlier change of the name; its {@code from} stays the
   * upstream pin.
   *
   * @param origin where the change comes from, e.g. the library's patch directory
   * @return a new instance; this one is unchanged
   */
  public EffectiveConstraints pin(PackageName name, String version, String reason, String origin) {
    if (version == null || !VERSION.matcher(version).matches()) {
      throw new ForgeException(
          "Cannot pin " + name + " to '" + version + "' (" + origin + "): not a PEP 440 version");
    }
    PackageName spelling = spelling(upstream, name);
    List<ConstraintLine> newLines =
        List.of(ConstraintLine.pin(spelling, version, null, defaultEol(upstream)));
    Map<PackageName, List<ConstraintLine>> lines = new LinkedHashMap<>(changedLines);
    Map<PackageName, ConstraintChange> newChanges = new LinkedHashMap<>(changes);
    lines.put(spelling, newLines);
    newChanges.put(
        spelling,
        new ConstraintChange(
            spelling,
            specs(upstream.pins(spelling)),
            specs(newLines),
            reason == null ? "" : reason,
            origin));
    return new EffectiveConstraints(upstream, lines, newChanges);
  }

  /** {@link #pin(PackageName, String, String, String)} with origin "library patch". */
  public EffectiveConstraints pin(PackageName name, String version, String reason) {
    return pin(name, version, reason, "library patch");
  }

  /** The upstream file these constraints start from. */
  public UpperConstraints upstream() {
    return upstream;
  }

  /** Every difference from upstream, one per name, in the order they were made. */
  public List<ConstraintChange> changes() {
    return List.copyOf(changes.values());
  }

  /** The change to {@code name}, if any. */
  public Optional<ConstraintChange> change(PackageName name) {
    return Optional.ofNullable(changes.get(name));
  }

  /** The effective lines pinning {@code name}; empty if it is not pinned. */
  public List<ConstraintLine> pins(PackageName name) {
    List<ConstraintLine> changed = changedLines.get(name);
    return changed != null ? changed : upstream.pins(name);
  }

  /** All lines of the effective file, comments included. */
  public List<ConstraintLine> lines() {
    List<ConstraintLine> out = new ArrayList<>();
    Set<PackageName> written = new HashSet<>();
    for (ConstraintLine line : upstream.lines()) {
      List<ConstraintLine> changed = line.isPin() ? changedLines.get(line.name()) : null;
      if (changed == null) {
        out.add(line);
      } else if (written.add(line.name())) {
        out.addAll(changed);
      }
    }
    for (Map.Entry<PackageName, List<ConstraintLine>> e : changedLines.entrySet()) {
      if (!upstream.contains(e.getKey())) {
        if (!out.isEmpty() && out.get(out.size() - 1).eol().isEmpty()) {
          // Upstream's last line had no terminator; an appended line must not join it.
          ConstraintLine last = out.remove(out.size() - 1);
          out.add(
              new ConstraintLine(
                  last.number(), last.text(), defaultEol(upstream), last.name(), last.version(),
                  last.marker()));
        }
        out.addAll(e.getValue());
      }
    }
    return out;
  }

  /** The effective constraints file. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (ConstraintLine line : lines()) {
      out.append(line.text()).append(line.eol());
    }
    return out.toString();
  }

  /**
   * A unified diff from upstream ({@code a/upper-constraints.txt}) to the effective file ({@code
   * b/constraints.txt}) with three lines of context; empty when nothing changed.
   */
  public String unifiedDiff() {
    byte[] a = upstream.render().getBytes(StandardCharsets.UTF_8);
    byte[] b = text().getBytes(StandardCharsets.UTF_8);
    RawText before = new RawText(a);
    RawText after = new RawText(b);
    EditList edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, before, after);
    if (edits.isEmpty()) {
      return "";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setContext(3);
      String header = "--- a/upper-constraints.txt\n+++ b/constraints.txt\n";
      out.write(header.getBytes(StandardCharsets.UTF_8));
      formatter.format(edits, before, after);
      formatter.flush();
    } catch (IOException e) {
      throw new IllegalStateException("Writing a diff to memory failed", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * Writes {@value #CONSTRAINTS_FILE} and {@value #DIFF_FILE} into {@code dir}, creating it.
   *
   * @return the path of {@value #CONSTRAINTS_FILE}
   */
  public Path writeTo(Path dir) {
    Path constraints = dir.resolve(CONSTRAINTS_FILE);
    try {
      Files.createDirectories(dir);
      Files.writeString(constraints, text(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve(DIFF_FILE), unifiedDiff(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ForgeException("Cannot write the effective constraints to " + dir + ": " + e, e);
    }
    return constraints;
  }

  /** Upstream's spelling of a name it pins, else the given spelling. */
  private static PackageName spelling(UpperConstraints upstream, PackageName name) {
    List<ConstraintLine> pins = upstream.pins(name);
    return pins.isEmpty() ? name : pins.get(0).name();
  }

  private static String specs(List<ConstraintLine> lines) {
    if (lines.isEmpty()) {
      return null;
    }
    return lines.stream().map(ConstraintLine::spec).collect(Collectors.joining(", "));
  }

  /** The terminator new lines get: upstream's own, so a CRLF file stays CRLF. */
  private static String defaultEol(UpperConstraints upstream) {
    for (ConstraintLine line : upstream.lines()) {
      if (!line.eol().isEmpty()) {
        return line.eol();
      }
    }
    return "\n";
  }

  @Override
  public String toString() {
    return "EffectiveConstraints[" + upstream.source() + ", " + changes.size() + " changes]";
  }
}
