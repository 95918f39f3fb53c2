package org.c5c3.forge.scan;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Python package version as PyPI orders it, following the PyPA "Version specifiers"
 * specification (PEP 440): {@code [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]}.
 *
 * <p>OSV advisories for the PyPI ecosystem give {@code introduced}, {@code fixed} and {@code
 * last_affected} as such versions, and the scan must order them against the versions in an image
 * SBOM exactly as pip does; plain string or dotted-number comparison gets {@code 1.0rc1 < 1.0},
 * {@code 1.0.post1 > 1.0} and {@code 1.0 == 1.0.0} wrong.
 *
 * <p>{@link #parse} accepts the normalised form and every spelling the specification permits and
 * normalises: any case, surrounding whitespace, a leading {@code v}, {@code alpha}/{@code beta}/
 * {@code c}/{@code pre}/{@code preview} for {@code a}/{@code b}/{@code rc}, {@code .}, {@code -} or
 * {@code _} between segments, an omitted pre/post/dev number (0), {@code -N}, {@code rev} and
 * {@code r} for post-releases, and {@code -} or {@code _} inside a local label. {@link #toString}
 * gives the normalised form.
 *
 * <p>Ordering: epoch, then release (trailing zeros ignored, so {@code 1.0 == 1.0.0}), then a
 * developmental release with neither pre- nor post-release sorts before any pre-release,
 * pre-releases ({@code a < b < rc}) before the final release, post-releases after it, a
 * developmental release just before the same version without {@code .dev}; a local version sorts
 * after its public version, and local labels compare segment by segment (numeric segments as
 * numbers and above alphanumeric ones, alphanumeric ones lexically, a shorter label first when it
 * is a prefix). {@link #equals} and {@link #hashCode} agree with that order.
 */
public final class Pep440Version implements Comparable<Pep440Version> {
  private static final String SEP = "[-_.]?";

  /** The permitted spellings, matched against the lower-cased, trimmed text. */
  private static final Pattern SYNTAX =
      Pattern.compile(
          "v?"
              + "(?:(?<epoch>[0-9]+)!)?"
              + "(?<release>[0-9]+(?:\\.[0-9]+)*)"
              + "(?:" + SEP + "(?<pre>alpha|a|beta|b|preview|pre|c|rc)" + SEP
              + "(?<preN>[0-9]+)?)?"
              + "(?:-(?<postImplicit>[0-9]+)"
              + "|" + SEP + "(?<post>post|rev|r)" + SEP + "(?<postN>[0-9]+)?)?"
              + "(?:" + SEP + "(?<dev>dev)" + SEP + "(?<devN>[0-9]+)?)?"
              + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?");

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");

  /** Pre-release phases in their order; the index is the phase's rank. */
  private static final List<String> PHASES = List.of("a", "b", "rc");

  private final BigInteger epoch;
  private final List<BigInteger> release;
  /** Release without trailing zeros: what ordering and equality use. */
  private final List<BigInteger> significantRelease;
  /** Index into {@link #PHASES}, or -1 when this is no pre-release. */
  private final int prePhase;
  private final BigInteger preNumber;
  private final BigInteger post;
  private final BigInteger dev;
  /** Local label segments, lower case, numeric ones without leading zeros; empty if public. */
  private final List<String> local;

  private Pep440Version(
      BigInteger epoch,
      List<BigInteger> release,
      int prePhase,
      BigInteger preNumber,
      BigInteger post,
      BigInteger dev,
      List<String> local) {
    this.epoch = epoch;
    this.release = List.copyOf(release);
    int end = release.size();
    while (end > 0 && release.get(end - 1).signum() == 0) {
      end--;
    }
    this.significantRelease = this.release.subList(0, end);
    this.prePhase = prePhase;
    this.preNumber = preNumber;
    this.post = post;
    this.dev = dev;
    this.local = List.copyOf(local);
  }

  /**
   * Parses a PEP 440 version in normalised or permitted non-normalised spelling.
   *
   * @throws IllegalArgumentException if {@code text} is not a PEP 440 version
   */
  public static Pep440Version parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not a PEP 440 version: null");
    }
    String lower = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SYNTAX.matcher(lower);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a PEP 440 version: '" + text + "'");
    }
    BigInteger epoch = number(m.group("epoch"));
    List<BigInteger> release = new ArrayList<>();
    for (String part : m.group("release").split("\\.")) {
      release.add(new BigInteger(part));
    }
    int phase = -1;
    BigInteger preNumber = null;
    if (m.group("pre") != null) {
      phase = PHASES.indexOf(normalisedPhase(m.group("pre")));
      preNumber = number(m.group("preN"));
    }
    BigInteger post = null;
    if (m.group("postImplicit") != null) {
      post = new BigInteger(m.group("postImplicit"));
    } else if (m.group("post") != null) {
      post = number(m.group("postN"));
    }
    BigInteger dev = m.group("dev") == null ? null : number(m.group("devN"));
    List<String> local = new ArrayList<>();
    if (m.group("local") != null) {
      for (String segment : m.group("local").split("[-_.]")) {
        local.add(DIGITS.matcher(segment).matches() ? new BigInteger(segment).toString() : segment);
      }
    }
    return new Pep440Version(epoch, release, phase, preNumber, post, dev, local);
  }

  /** Whether {@link #parse} accepts {@code text}. */
  public static boolean isValid(String text) {
    return text != null && SYNTAX.matcher(text.strip().toLowerCase(Locale.ROOT)).matches();
  }

  /** Whether this is a pre-release or a developmental release (pip skips both by default). */
  public boolean isPreRelease() {
    return prePhase >= 0 || dev != null;
  }

  private static String normalisedPhase(String spelling) {
    switch (spelling) {
      case "alpha":
        return "a";
      case "beta":
        return "b";
      case "c":
      case "pre":
      case "preview":
        return "rc";
      default:
        return spelling;
    }
  }

  private static BigInteger number(String digits) {
    return digits == null ? BigInteger.ZERO : new BigInteger(digits);
  }

  @Override
  public int compareTo(Pep440Version other) {
    int c = epoch.compareTo(other.epoch);
    if (c != 0) {
      return c;
    }
    c = compareRelease(significantRelease, other.significantRelease);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(preRank(), other.preRank());
    if (c != 0) {
      return c;
    }
    if (prePhase >= 0) {
      c = preNumber.compareTo(other.preNumber);
      if (c != 0) {
        return c;
      }
    }
    c = compareAbsentFirst(post, other.post);
    if (c != 0) {
      return c;
    }
    c = compareAbsentLast(dev, other.dev);
    if (c != 0) {
      return c;
    }
    return compareLocal(local, other.local);
  }

  /**
   * Where the pre-release part puts this version among those with the same release: a dev release
   * with no pre- or post-release first (so {@code 1.0.dev1 < 1.0a1}), then the phases, then
   * everything without a pre-release.
   */
  private int preRank() {
    if (prePhase >= 0) {
      return prePhase;
    }
    if (dev != null && post == null) {
      return -1;
    }
    return PHASES.size();
  }

  private static int compareRelease(List<BigInteger> a, List<BigInteger> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareAbsentFirst(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    return a.compareTo(b);
  }

  private static int compareAbsentLast(BigInteger a, BigInteger b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return a.compareTo(b);
  }

  private static int compareLocal(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = compareLocalSegment(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareLocalSegment(String a, String b) {
    boolean aNumeric = DIGITS.matcher(a).matches();
    boolean bNumeric = DIGITS.matcher(b).matches();
    if (aNumeric && bNumeric) {
      // Leading zeros were removed at parse time, so the longer number is the larger.
      int c = Integer.compare(a.length(), b.length());
      return c != 0 ? c : a.compareTo(b);
    }
    if (aNumeric != bNumeric) {
      return aNumeric ? 1 : -1;
    }
    return a.compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440Version && compareTo((Pep440Version) o) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        epoch, significantRelease, preRank(), prePhase >= 0 ? preNumber : null, post, dev, local);
  }

  /** The normalised form, e.g. {@code 1!2.0rc1.post2.dev3+ubuntu.1}; release zeros are kept. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (epoch.signum() != 0) {
      s.append(epoch).append('!');
    }
    for (int i = 0; i < release.size(); i++) {
      s.append(i == 0 ? "" : ".").append(release.get(i));
    }
    if (prePhase >= 0) {
      s.append(PHASES.get(prePhase)).append(preNumber);
    }
    if (post != null) {
      s.append(".post").append(post);
    }
    if (dev != null) {
      s.append(".dev").append(dev);
    }
    if (!local.isEmpty()) {
      s.append('+').append(String.join(".", local));
    }
    return s.toString();
  }

  /** The release numbers as written, e.g. [1, 0, 0] for {@code 1.0.0}. */
  public List<BigInteger> release() {
    return release;
  }
}
