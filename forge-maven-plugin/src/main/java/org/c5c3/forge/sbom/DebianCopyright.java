package org.c5c3.forge.sbom;

import java.util.List;
import java.util.TreeSet;

/**
 * License names from a Debian {@code copyright} file, when it is machine-readable (DEP-5,
 * copyright-format 1.0). Free-form copyright files carry no names a machine can trust, so they
 * give none: the SBOM then says nothing about that package's license rather than guess.
 */
final class DebianCopyright {
  private DebianCopyright() {}

  /**
   * The distinct short names of every {@code License:} field, sorted. An expression such as
   * {@code GPL-2+ or Artistic} contributes each of its names; a name with an exception clause
   * ({@code GPL-2+ with OpenSSL exception}) stays whole.
   */
  static List<String> licenses(String text) {
    List<ControlStanzas.Stanza> stanzas = ControlStanzas.parse(text);
    if (stanzas.isEmpty() || !isMachineReadable(stanzas.get(0))) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    for (ControlStanzas.Stanza stanza : stanzas) {
      for (String value : stanza.all("License")) {
        // The first line is the short name (or expression); following lines are the text.
        String shortName = value.lines().findFirst().orElse("").strip();
        for (String name : shortName.split("(?i)\\s*,\\s*(?:or|and)\\s+|\\s+(?:or|and)\\s+")) {
          String cleaned = name.strip();
          if (!cleaned.isEmpty()) {
            names.add(cleaned);
          }
        }
      }
    }
    return List.copyOf(names);
  }

  private static boolean isMachineReadable(ControlStanzas.Stanza header) {
    return header
        .first("Format")
        .map(f -> f.contains("copyright-format") || f.contains("dep5"))
        .orElse(false);
  }
}
