package org.c5c3.forge.tags;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;

/**
 * Which tag kinds a build of which branch of this repository may push.
 *
 * <p>Written as one string, clauses separated by {@code ;}, each {@code kind:patterns} with
 * branch patterns separated by {@code ,}:
 *
 * <pre>
 *   version:main,stable/*;latest:main;flavour:main
 * </pre>
 *
 * <ul>
 *   <li>A kind is one of {@code version, patch, branch, sha, composite, latest, commit, flavour}.
 *   <li>A pattern is matched against the whole branch name as git spells it ({@code stable/2025.2},
 *       not the tag form): {@code *} matches any run of characters, {@code /} included, {@code ?}
 *       matches one character, everything else matches itself.
 *   <li>{@code -} alone turns a kind off on every branch.
 *   <li>A kind the string does not name keeps its default, so a policy only says what differs.
 *   <li>Whitespace around clauses, kinds and patterns is ignored; an empty string is the default.
 * </ul>
 *
 * <p>Default ({@link #DEFAULT_SPEC}):
 *
 * <pre>
 *   version:main;patch:*;branch:*;sha:*;composite:*;latest:main;commit:*;flavour:main
 * </pre>
 *
 * <p>The release tag {@code 28.0.0} and the base images' {@code latest} and flavour tags are what
 * users pull without thinking; only {@code main} moves them. Every other tag names its branch or
 * commit, so any branch may push it.
 */
public final class TagPolicy {

  /** The default, as a policy string. */
  public static final String DEFAULT_SPEC =
      "version:main;patch:*;branch:*;sha:*;composite:*;latest:main;commit:*;flavour:main";

  private static final String NONE = "-";
  private static final Pattern VALID_PATTERN = Pattern.compile("[^\\s,;:]+");

  private final Map<TagKind, List<String>> patterns;

  private TagPolicy(Map<TagKind, List<String>> patterns) {
    this.patterns = Collections.unmodifiableMap(new EnumMap<>(patterns));
  }

  /** The default policy. */
  public static TagPolicy defaults() {
    return new TagPolicy(clauses(DEFAULT_SPEC));
  }

  /**
   * Reads a policy string; kinds it does not name keep their default.
   *
   * @throws ForgeException naming the clause that is wrong and how to write it
   */
  public static TagPolicy parse(String spec) {
    Map<TagKind, List<String>> result = clauses(DEFAULT_SPEC);
    result.putAll(clauses(spec == null ? "" : spec));
    return new TagPolicy(result);
  }

  private static Map<TagKind, List<String>> clauses(String spec) {
    Map<TagKind, List<String>> named = new EnumMap<>(TagKind.class);
    for (String raw : spec.split(";")) {
      String clause = raw.trim();
      if (clause.isEmpty()) {
        continue; // a trailing or doubled ';' says nothing
      }
      int colon = clause.indexOf(':');
      if (colon < 0) {
        throw error(spec, "clause '" + clause + "' has no ':'");
      }
      TagKind kind;
      try {
        kind = TagKind.byPolicyName(clause.substring(0, colon));
      } catch (ForgeException e) {
        throw error(spec, e.getMessage().replaceFirst("\\.\\s*Known kinds:.*", ""));
      }
      if (named.containsKey(kind)) {
        throw error(spec, "kind '" + kind.policyName() + "' is named twice");
      }
      named.put(kind, parsePatterns(spec, kind, clause.substring(colon + 1)));
    }
    return named;
  }

  private static List<String> parsePatterns(String spec, TagKind kind, String list) {
    List<String> parsed = new ArrayList<>();
    for (String raw : list.split(",", -1)) {
      String pattern = raw.trim();
      if (pattern.isEmpty()) {
        throw error(spec, "kind '" + kind.policyName() + "' has an empty branch pattern");
      }
      if (!VALID_PATTERN.matcher(pattern).matches()) {
        throw error(
            spec, "branch pattern '" + pattern + "' of kind '" + kind.policyName()
                + "' contains whitespace, ',' , ';' or ':'");
      }
      parsed.add(pattern);
    }
    if (parsed.contains(NONE) && parsed.size() > 1) {
      throw error(
          spec, "kind '" + kind.policyName() + "' mixes '-' (never) with branch patterns");
    }
    return parsed.equals(List.of(NONE)) ? List.of() : List.copyOf(parsed);
  }

  private static ForgeException error(String spec, String what) {
    return new ForgeException(
        "Invalid tag policy '" + spec + "': " + what + ". Write clauses like"
            + " 'version:main,stable/*;latest:-' (kind:branch-pattern[,pattern...], clauses"
            + " separated by ';', '-' for never). Known kinds: " + TagKind.knownNames() + ".");
  }

  /** Whether a build of {@code branch} may push a tag of {@code kind}. */
  public boolean allows(TagKind kind, String branch) {
    for (String pattern : patterns.getOrDefault(kind, List.of())) {
      if (globMatches(pattern, branch)) {
        return true;
      }
    }
    return false;
  }

  /** The tags from {@code all} that a build of {@code branch} may push, order kept. */
  public ImageTags select(ImageTags all, String branch) {
    return ImageTags.of(
        all.all().stream().filter(t -> allows(t.kind(), branch)).collect(Collectors.toList()));
  }

  /** The branch patterns of a kind; empty means never. */
  public List<String> patterns(TagKind kind) {
    return patterns.getOrDefault(kind, List.of());
  }

  static boolean globMatches(String glob, String text) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(text).matches();
  }

  /** The full policy as a string that {@link #parse} reads back to an equal policy. */
  @Override
  public String toString() {
    List<String> clauses = new ArrayList<>();
    for (TagKind kind : TagKind.values()) {
      List<String> list = patterns(kind);
      clauses.add(kind.policyName() + ":" + (list.isEmpty() ? NONE : String.join(",", list)));
    }
    return String.join(";", clauses);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TagPolicy other && other.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
