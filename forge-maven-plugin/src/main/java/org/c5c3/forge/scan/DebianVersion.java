package org.c5c3.forge.scan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Debian package version, {@code [epoch:]upstream_version[-debian_revision]}, ordered as dpkg
 * orders it (deb-version(7), Debian Policy 5.6.12).
 *
 * <p>OSV advisories for the Debian ecosystem give {@code introduced} and {@code fixed} as such
 * versions, and the scan compares them with the versions dpkg recorded in the image, so the order
 * must be dpkg's: {@code 1.0~rc1 < 1.0 < 1.0a}, {@code 1:0.9 > 2.0}, {@code 2.36-9+deb12u4 <
 * 2.36-9+deb12u10}.
 *
 * <p>Parsing: surrounding whitespace is ignored. The epoch is the digits before the first colon
 * (0 when there is none); the revision is what follows the last hyphen (absent when there is
 * none). Rejected, as dpkg rejects them: an empty or blank version, embedded whitespace, an epoch
 * that is empty, not a number or larger than {@link Integer#MAX_VALUE}, nothing after the colon, an
 * empty upstream version or an empty revision ({@code 1.0-}). Accepted, where dpkg only warns: an
 * upstream version that does not start with a digit, and characters outside the allowed set.
 *
 * <p>Ordering: epochs numerically, then the upstream versions, then the revisions, an absent
 * revision comparing like an empty one. Each of those strings is compared as alternating runs of
 * non-digits and digits; in non-digit runs {@code ~} sorts before everything, even the end of the
 * run, then the end, then letters, then every other character, letters and others each in ASCII
 * order; digit runs compare as numbers, an absent run counting as 0. So {@code 1.0 == 0:1.0 ==
 * 1.0-0 == 1.00}, and {@link #equals} and {@link #hashCode} agree with that.
 */
public final class DebianVersion implements Comparable<DebianVersion> {
  private final String text;
  private final int epoch;
  private final String upstream;
  /** The text after the last hyphen, or "" when there is no hyphen (compares the same). */
  private final String revision;
  private final boolean hasRevision;

  private DebianVersion(
      String text, int epoch, String upstream, String revision, boolean hasRevision) {
    this.text = text;
    this.epoch = epoch;
    this.upstream = upstream;
    this.revision = revision;
    this.hasRevision = hasRevision;
  }

  /**
   * Parses a Debian version.
   *
   * @throws IllegalArgumentException naming {@code text} and the fault if dpkg would reject it
   */
  public static DebianVersion parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a Debian version: null");
    }
    String version = text.strip();
    if (version.isEmpty()) {
      throw invalid(text, "it is empty");
    }
    for (int i = 0; i < version.length(); i++) {
      if (Character.isWhitespace(version.charAt(i))) {
        throw invalid(text, "it has embedded whitespace");
      }
    }
    int epoch = 0;
    String rest = version;
    int colon = version.indexOf(':');
    if (colon >= 0) {
      epoch = epoch(text, version.substring(0, colon));
      rest = version.substring(colon + 1);
      if (rest.isEmpty()) {
        throw invalid(text, "nothing follows the epoch's colon");
      }
    }
    int hyphen = rest.lastIndexOf('-');
    String upstream = hyphen >= 0 ? rest.substring(0, hyphen) : rest;
    String revision = hyphen >= 0 ? rest.substring(hyphen + 1) : "";
    if (upstream.isEmpty()) {
      throw invalid(text, "the upstream version is empty");
    }
    if (hyphen >= 0 && revision.isEmpty()) {
      throw invalid(text, "the Debian revision after the last '-' is empty");
    }
    return new DebianVersion(version, epoch, upstream, revision, hyphen >= 0);
  }

  /** Whether {@link #parse} accepts {@code text}. */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int epoch(String text, String digits) {
    if (digits.isEmpty()) {
      throw invalid(text, "the epoch before ':' is empty");
    }
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        throw invalid(text, "the epoch '" + digits + "' is not a number");
      }
    }
    String significant = stripLeadingZeros(digits);
    if (significant.isEmpty()) {
      return 0;
    }
    if (significant.length() > 10 || Long.parseLong(significant) > Integer.MAX_VALUE) {
      throw invalid(text, "the epoch '" + digits + "' is too big");
    }
    return Integer.parseInt(significant);
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("not a Debian version: '" + text + "': " + why);
  }

  /** The epoch, 0 when the version has none. */
  public int epoch() {
    return epoch;
  }

  /** The upstream version: after the epoch's colon, before the last hyphen. */
  public String upstreamVersion() {
    return upstream;
  }

  /** The Debian revision after the last hyphen, or "" for a native package version. */
  public String debianRevision() {
    return revision;
  }

  /** Whether the version has a Debian revision, i.e. a hyphen. */
  public boolean hasDebianRevision() {
    return hasRevision;
  }

  @Override
  public int compareTo(DebianVersion other) {
    int c = Integer.compare(epoch, other.epoch);
    if (c != 0) {
      return c;
    }
    c = compareParts(upstream, other.upstream);
    if (c != 0) {
      return c;
    }
    return compareParts(revision, other.revision);
  }

  /**
   * The comparison deb-version(7) describes for an upstream version or a revision: take the longest
   * leading run of non-digits from each and compare them character by character, then the longest
   * leading run of digits as numbers, and repeat until both strings are used up.
   */
  private static int compareParts(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() || j < b.length()) {
      int iEnd = endOfRun(a, i, false);
      int jEnd = endOfRun(b, j, false);
      int c = compareNonDigits(a, i, iEnd, b, j, jEnd);
      if (c != 0) {
        return c;
      }
      i = iEnd;
      j = jEnd;
      iEnd = endOfRun(a, i, true);
      jEnd = endOfRun(b, j, true);
      c = compareDigits(a.substring(i, iEnd), b.substring(j, jEnd));
      if (c != 0) {
        return c;
      }
      i = iEnd;
      j = jEnd;
    }
    return 0;
  }

  private static int endOfRun(String s, int from, boolean digits) {
    int end = from;
    while (end < s.length() && isDigit(s.charAt(end)) == digits) {
      end++;
    }
    return end;
  }

  private static int compareNonDigits(String a, int i, int iEnd, String b, int j, int jEnd) {
    while (i < iEnd || j < jEnd) {
      int c = Integer.compare(weight(a, i, iEnd), weight(b, j, jEnd));
      if (c != 0) {
        return c;
      }
      i++;
      j++;
    }
    return 0;
  }

  /**
   * The sort weight of the character at {@code at}, or of the end of the run when {@code at} is
   * past it: {@code ~} lowest, then the end, then letters, then all other characters.
   */
  private static int weight(String s, int at, int end) {
    if (at >= end) {
      return 0;
    }
    char ch = s.charAt(at);
    if (ch == '~') {
      return -1;
    }
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
      return ch;
    }
    return ch + 0x10000;
  }

  private static int compareDigits(String a, String b) {
    String x = stripLeadingZeros(a);
    String y = stripLeadingZeros(b);
    int c = Integer.compare(x.length(), y.length());
    return c != 0 ? c : x.compareTo(y);
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }

  /** Digits without leading zeros; "" for zero or no digits, which compare the same. */
  private static String stripLeadingZeros(String digits) {
    int i = 0;
    while (i < digits.length() && digits.charAt(i) == '0') {
      i++;
    }
    return digits.substring(i);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DebianVersion && compareTo((DebianVersion) o) == 0;
  }

  /** Hashes a form that is the same for all versions {@link #compareTo} finds equal. */
  @Override
  public int hashCode() {
    return Objects.hash(epoch, canonical(upstream), canonical(revision));
  }

  /**
   * The part as alternating non-digit and digit runs, digit runs without leading zeros, and without
   * trailing pairs of empty runs: those compare like the end of the string ({@code 1a == 1a0}).
   */
  private static List<String> canonical(String part) {
    List<String> runs = new ArrayList<>();
    int i = 0;
    while (i < part.length()) {
      int nonDigitEnd = endOfRun(part, i, false);
      int digitEnd = endOfRun(part, nonDigitEnd, true);
      runs.add(part.substring(i, nonDigitEnd));
      runs.add(stripLeadingZeros(part.substring(nonDigitEnd, digitEnd)));
      i = digitEnd;
    }
    while (!runs.isEmpty()
        && runs.get(runs.size() - 1).isEmpty()
        && runs.get(runs.size() - 2).isEmpty()) {
      runs.subList(runs.size() - 2, runs.size()).clear();
    }
    return runs;
  }

  /** The version as written, without surrounding whitespace. */
  @Override
  public String toString() {
    return text;
  }
}
