package org.c5c3.forge.constraints;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a constraints file, exactly as written, plus what it pins if it is a pin.
 *
 * <p>A pin line reads {@code name===version} or {@code name===version;marker}, for example
 * {@code glance_store===5.2.0;python_version>='3.10'}. Comment and blank lines have no name.
 *
 * @param number 1-based line number in its file (0 for lines forge wrote)
 * @param text the line without its line terminator, byte-for-byte as read
 * @param eol the terminator that followed it: {@code "\n"}, {@code "\r\n"}, or {@code ""} for a
 *     last line without one
 * @param name the pinned name, or null for a comment or blank line
 * @param version the pinned version, or null
 * @param marker the PEP 508 environment marker after ';', trimmed, or null when there is none
 */
public record ConstraintLine(
    int number, String text, String eol, PackageName name, String version, String marker) {

  /**
   * A pin: name, '===', version, an optional ';marker', an optional '# comment'. The version
   * allows everything PEP 440 does, including local versions such as {@code 17.1.0+c5c3.1}.
   */
  static final Pattern PIN =
      Pattern.compile(
          "\\s*(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)"
              + "\\s*===\\s*(?<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)"
              + "\\s*(?:;\\s*(?<marker>[^#]*?)\\s*)?(?:#(?<comment>.*))?");

  public ConstraintLine {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(eol, "eol");
  }

  /** A pin line forge writes: {@code name===version[;marker]}. */
  static ConstraintLine pin(PackageName name, String version, String marker, String eol) {
    String text = name.original() + "===" + version + (marker == null ? "" : ";" + marker);
    return new ConstraintLine(0, text, eol, name, version, marker);
  }

  /**
   * Parses one line of an upstream file.
   *
   * @return the line, or null if it is neither a comment, nor blank, nor a pin
   */
  static ConstraintLine parse(int number, String text, String eol) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.startsWith("#")) {
      return new ConstraintLine(number, text, eol, null, null, null);
    }
    Matcher m = PIN.matcher(text);
    if (!m.matches() || !PackageName.isValid(m.group("name"))) {
      return null;
    }
    String marker = m.group("marker");
    if (marker != null && marker.isEmpty()) {
      return null;
    }
    return new ConstraintLine(
        number, text, eol, PackageName.of(m.group("name")), m.group("version"), marker);
  }

  /** Whether this line pins a name (rather than being a comment or blank). */
  public boolean isPin() {
    return name != null;
  }

  /**
   * What this line pins the name to: {@code 5.2.0}, or {@code 5.2.0;python_version>='3.10'} when
   * the line has a marker. Used to describe a change ("moved from ... to ...").
   */
  public String spec() {
    return marker == null ? version : version + ";" + marker;
  }
}
