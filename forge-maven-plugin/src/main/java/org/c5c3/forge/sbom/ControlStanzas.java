package org.c5c3.forge.sbom;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 822-style stanzas as dpkg's status file, DEP-5 copyright files and Python's METADATA use
 * them: {@code Name: value} fields, continuation lines start with a space or tab, a blank line
 * ends a stanza. Field names compare case-insensitively; repeated fields (METADATA's
 * {@code Classifier}) are all kept.
 */
final class ControlStanzas {
  private ControlStanzas() {}

  record Field(String name, String value) {}

  /** One stanza; {@code line} is the 1-based line it starts on, for error messages. */
  record Stanza(List<Field> fields, int line) {
    Optional<String> first(String name) {
      return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    List<String> all(String name) {
      return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }
  }

  /** Every stanza of the text. */
  static List<Stanza> parse(String text) {
    return parse(text, false);
  }

  /** Only the first stanza: METADATA's headers, before the description body. */
  static Stanza parseHeaders(String text) {
    List<Stanza> stanzas = parse(text, true);
    return stanzas.isEmpty() ? new Stanza(List.of(), 1) : stanzas.get(0);
  }

  private static List<Stanza> parse(String text, boolean firstOnly) {
    List<Stanza> stanzas = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    int start = 0;
    String name = null;
    StringBuilder value = null;
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        if (name != null) {
          fields.add(new Field(name, value.toString()));
          name = null;
        }
        if (!fields.isEmpty()) {
          stanzas.add(new Stanza(List.copyOf(fields), start));
          fields.clear();
          if (firstOnly) {
            return stanzas;
          }
        }
        continue;
      }
      if (fields.isEmpty() && name == null) {
        start = i + 1;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
        value.append('\n').append(line.substring(1));
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || line.charAt(0) == '#') {
        continue; // not a field: comments and stray text carry no data we use
      }
      if (name != null) {
        fields.add(new Field(name, value.toString()));
      }
      name = line.substring(0, colon).strip();
      value = new StringBuilder(line.substring(colon + 1).strip());
    }
    if (name != null) {
      fields.add(new Field(name, value.toString()));
    }
    if (!fields.isEmpty()) {
      stanzas.add(new Stanza(List.copyOf(fields), start));
    }
    return stanzas;
  }
}
