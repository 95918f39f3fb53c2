package org.c5c3.forge.patch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mail header and commit message that {@code git format-patch} writes before the diff.
 * A plain diff without a header gives empty fields, so hand-made patches still read.
 *
 * @param author the {@code From:} header, RFC 2047 decoded, e.g. {@code Jane Doe <jane@example.org>}
 * @param date the {@code Date:} header, when present and RFC 1123 formatted as git writes it
 * @param subject the subject without its {@code [PATCH n/m]} prefix
 * @param message the subject and body of the commit message, up to the {@code ---} line or diff
 */
record PatchMailHeader(String author, Optional<OffsetDateTime> date, String subject, String message) {

  private static final Pattern PATCH_PREFIX = Pattern.compile("^(\\[[^\\]]*\\]\\s*)+");
  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
  // Whitespace between two encoded words is not part of the text (RFC 2047 section 6.2).
  private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

  static PatchMailHeader parse(String text) {
    String[] lines = text.split("\n", -1);
    int i = 0;
    // The mbox separator line: "From <sha> Mon Sep 17 00:00:00 2001".
    if (lines.length > 0 && lines[0].startsWith("From ") && !lines[0].startsWith("From: ")) {
      i = 1;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String last = null;
    if (i < lines.length && looksLikeHeader(lines[i])) {
      for (; i < lines.length && !lines[i].strip().isEmpty(); i++) {
        String line = stripCr(lines[i]);
        if ((line.startsWith(" ") || line.startsWith("\t")) && last != null) {
          headers.put(last, headers.get(last) + " " + line.strip());
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          break;
        }
        last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        headers.put(last, line.substring(colon + 1).strip());
      }
    }
    String subject = decode(headers.getOrDefault("subject", ""));
    subject = PATCH_PREFIX.matcher(subject).replaceFirst("").strip();
    StringBuilder message = new StringBuilder(subject);
    for (; i < lines.length; i++) {
      String line = stripCr(lines[i]);
      if (line.equals("---") || line.startsWith("diff ") || line.startsWith("--- ")
          || line.startsWith("Index: ")) {
        break;
      }
      message.append('\n').append(line);
    }
    return new PatchMailHeader(
        decode(headers.getOrDefault("from", "")),
        parseDate(headers.get("date")),
        subject,
        message.toString().strip());
  }

  private static boolean looksLikeHeader(String line) {
    return line.matches("^[A-Za-z][A-Za-z0-9-]*:.*");
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static Optional<OffsetDateTime> parseDate(String value) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
    } catch (DateTimeParseException e) {
      // The date only decorates reports; a patch with an odd date still applies.
      return Optional.empty();
    }
  }

  /** Decodes RFC 2047 encoded words, which git uses for non-ASCII names and subjects. */
  static String decode(String value) {
    String joined = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1$2");
    Matcher m = ENCODED_WORD.matcher(joined);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String word = decodeWord(m.group(1), m.group(2), m.group(3), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(word));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decodeWord(String charsetName, String encoding, String data, String original) {
    Charset charset;
    try {
      charset = Charset.forName(charsetName);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return original;
    }
    if (encoding.equalsIgnoreCase("B")) {
      try {
        return new String(Base64.getDecoder().decode(data), charset);
      } catch (IllegalArgumentException e) {
        return original;
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '_') {
        bytes.write(' ');
      } else if (c == '=' && isHex(data, i + 1) && isHex(data, i + 2)) {
        bytes.write(Integer.parseInt(data.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write((byte) c); // encoded words are ASCII by definition
      }
    }
    return bytes.toString(charset);
  }

  private static boolean isHex(String s, int index) {
    return index < s.length() && Character.digit(s.charAt(index), 16) >= 0;
  }
}
