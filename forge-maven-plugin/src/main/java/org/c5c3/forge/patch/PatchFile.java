package org.c5c3.forge.patch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.c5c3.forge.ForgeException;

/**
 * One patch file in {@code git format-patch} form, read once: its bytes, their sha256, the mail
 * header git wrote (author, date, subject) and the issues its commit message names.
 *
 * <p>The bytes are kept as read, not as a decoded string, because a diff of a file in another
 * encoding must reach JGit unchanged.
 */
public final class PatchFile {

  private static final Pattern BUG_TRAILER =
      Pattern.compile("(?im)^\\s*(Closes-Bug|Partial-Bug|Related-Bug)\\s*:\\s*(.*)$");
  private static final Pattern BUG_NUMBER = Pattern.compile("(?:^|[\\s,])#?(\\d+)(?=$|[\\s,])");
  private static final Pattern CVE_ID = Pattern.compile("(?i)\\bCVE-\\d{4}-\\d{4,}\\b");

  private final Path path;
  private final String displayPath;
  private final byte[] bytes;
  private final String sha256;
  private final PatchMailHeader header;
  private final List<IssueRef> issues;

  private PatchFile(Path path, String displayPath, byte[] bytes) {
    this.path = path;
    this.displayPath = displayPath;
    this.bytes = bytes;
    this.sha256 = sha256Hex(bytes);
    this.header = PatchMailHeader.parse(text());
    this.issues = parseIssues(header.message());
  }

  /**
   * Reads a patch.
   *
   * @param file the patch on disk
   * @param displayPath how messages name it, e.g. {@code patches/keystone/2025.2/0001-fix.patch}
   */
  public static PatchFile read(Path file, String displayPath) {
    Objects.requireNonNull(displayPath, "displayPath");
    try {
      return new PatchFile(file, displayPath, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ForgeException("Cannot read patch " + displayPath + " (" + file + "): " + e, e);
    }
  }

  /** Where the patch is on disk. */
  public Path path() {
    return path;
  }

  /** The name messages use: the path from the repository's top, e.g. {@code patches/nova/2025.2/0001-x.patch}. */
  public String displayPath() {
    return displayPath;
  }

  /** The file name, e.g. {@code 0001-fix-token-expiry.patch}; series are ordered by it. */
  public String fileName() {
    return path.getFileName().toString();
  }

  /** The subject without {@code [PATCH n/m]}; empty for a plain diff. */
  public String subject() {
    return header.subject();
  }

  /** The author as git wrote it, {@code Name <email>}; empty for a plain diff. */
  public String author() {
    return header.author();
  }

  /** The author date, when the header has one. */
  public Optional<OffsetDateTime> date() {
    return header.date();
  }

  /** The commit message (subject and body) without the diff stat and the diff. */
  public String message() {
    return header.message();
  }

  /** The patch as UTF-8 text, for reports and the SBOM; apply from {@link #bytes()}. */
  public String text() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The patch exactly as on disk. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lower-case hex sha256 of {@link #bytes()}. */
  public String sha256() {
    return sha256;
  }

  /** Launchpad bugs and CVE ids the commit message names, in order of appearance, without duplicates. */
  public List<IssueRef> issues() {
    return issues;
  }

  @Override
  public String toString() {
    return displayPath;
  }

  static List<IssueRef> parseIssues(String message) {
    Set<IssueRef> found = new LinkedHashSet<>();
    Matcher trailer = BUG_TRAILER.matcher(message);
    while (trailer.find()) {
      IssueRef.Kind kind = IssueRef.Kind.fromTrailer(trailer.group(1));
      Matcher number = BUG_NUMBER.matcher(trailer.group(2));
      while (number.find()) {
        found.add(IssueRef.launchpad(kind, number.group(1)));
      }
    }
    Matcher cve = CVE_ID.matcher(message);
    while (cve.find()) {
      found.add(IssueRef.cve(cve.group().toUpperCase(Locale.ROOT)));
    }
    return List.copyOf(new ArrayList<>(found));
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
