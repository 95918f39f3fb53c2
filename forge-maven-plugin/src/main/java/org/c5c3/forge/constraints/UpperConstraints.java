package org.c5c3.forge.constraints;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.c5c3.forge.ForgeException;

/**
 * An upstream {@code upper-constraints.txt} of openstack/requirements, held line by line so that
 * {@link #render()} gives back the input byte-for-byte: the effective constraints and their diff
 * then show only what forge changed.
 *
 * <p>One name may have several lines with different environment markers, e.g. in 2025.2:
 *
 * <pre>
 * glance_store===4.10.0;python_version=='3.9'
 * glance_store===5.2.0;python_version&gt;='3.10'
 * </pre>
 *
 * so a lookup returns all lines of a name. Names are compared PEP 503-normalised.
 */
public final class UpperConstraints {
  private final String source;
  private final List<ConstraintLine> lines;
  private final Map<PackageName, List<ConstraintLine>> pins;

  private UpperConstraints(String source, List<ConstraintLine> lines) {
    this.source = source;
    this.lines = List.copyOf(lines);
    Map<PackageName, List<ConstraintLine>> byName = new LinkedHashMap<>();
    for (ConstraintLine line : this.lines) {
      if (line.isPin()) {
        byName.computeIfAbsent(line.name(), n -> new ArrayList<>()).add(line);
      }
    }
    byName.replaceAll((name, list) -> List.copyOf(list));
    this.pins = Collections.unmodifiableMap(byName);
  }

  /**
   * Parses the text of a constraints file.
   *
   * @param source where the text came from (file or URL), used in error messages
   * @throws ForgeException naming {@code source:line} for each line that is not a pin, a comment
   *     or blank
   */
  public static UpperConstraints parse(String source, String text) {
    List<ConstraintLine> lines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int start = 0;
    int number = 0;
    while (start < text.length()) {
      number++;
      int nl = text.indexOf('\n', start);
      String raw;
      String eol;
      if (nl < 0) {
        raw = text.substring(start);
        eol = "";
        start = text.length();
      } else {
        boolean crlf = nl > start && text.charAt(nl - 1) == '\r';
        raw = text.substring(start, crlf ? nl - 1 : nl);
        eol = crlf ? "\r\n" : "\n";
        start = nl + 1;
      }
      ConstraintLine line = ConstraintLine.parse(number, raw, eol);
      if (line == null) {
        errors.add(
            source + ":" + number + ": '" + raw + "' is not a pin (name===version[;marker]),"
                + " a comment or a blank line");
      } else {
        lines.add(line);
      }
    }
    if (!errors.isEmpty()) {
      throw new ForgeException(
          "Cannot read upper-constraints " + source + ":\n  " + String.join("\n  ", errors));
    }
    return new UpperConstraints(source, lines);
  }

  /** Parses UTF-8 bytes; invalid UTF-8 is an error, since it could not round-trip. */
  public static UpperConstraints parse(String source, byte[] bytes) {
    return parse(source, decodeUtf8(source, bytes));
  }

  /** Reads and parses a file. */
  public static UpperConstraints read(Path file) {
    try {
      return parse(file.toString(), Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ForgeException("Upper-constraints file " + file + " does not exist", e);
    } catch (IOException e) {
      throw new ForgeException("Cannot read upper-constraints file " + file + ": " + e, e);
    }
  }

  static String decodeUtf8(String source, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ForgeException(source + " is not UTF-8 text: " + e.getMessage(), e);
    }
  }

  /** Where this file came from (a path or URL). */
  public String source() {
    return source;
  }

  /** Every line, comments and blanks included, in file order. */
  public List<ConstraintLine> lines() {
    return lines;
  }

  /** All lines pinning {@code name} (several when they carry markers); empty if none. */
  public List<ConstraintLine> pins(PackageName name) {
    return pins.getOrDefault(name, List.of());
  }

  /** Whether any line pins {@code name}. */
  public boolean contains(PackageName name) {
    return pins.containsKey(name);
  }

  /** The pinned names, in the spelling and order of their first line. */
  public Set<PackageName> names() {
    return pins.keySet();
  }

  /**
   * The sha256 (lower-case hex) of the file's bytes: what {@code sha256=} in {@code
   * requirements.ref} records.
   */
  public String sha256() {
    return sha256Hex(render().getBytes(StandardCharsets.UTF_8));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java runtime has SHA-256", e);
    }
  }

  /** The file's text, identical to what was parsed. */
  public String render() {
    StringBuilder out = new StringBuilder();
    for (ConstraintLine line : lines) {
      out.append(line.text()).append(line.eol());
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "UpperConstraints[" + source + ", " + pins.size() + " names]";
  }
}
