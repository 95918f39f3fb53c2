package org.c5c3.forge.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.c5c3.forge.ForgeException;

/**
 * The venv skeleton python-base carries at {@code /var/lib/openstack}: its directories, files and,
 * above all, its symlinks ({@code bin/python3 -> /usr/bin/python3}, {@code lib64 -> lib}). Jib's
 * layer builder follows symlinks, so the service layer must never contain one: each link the build
 * stage leaves must already be in python-base, identical, and is then left out of the layer.
 *
 * <p>Read from {@code find <venv> -printf '%y %p %l\n'} run inside python-base, followed by each
 * regular file's mode ({@code m <octal> <path>}) and sha256 ({@code sha256sum}'s {@code <hex>  <path>}):
 * a venv file with the skeleton's content and mode is already in the base and need not be added
 * again. A listing without those lines (an older skeleton.txt) still parses; nothing is skipped then.
 */
public final class VenvSkeleton {

  /**
   * One path of the skeleton: {@code type} is find's %y (d, f, l); {@code target} only for links;
   * {@code mode} (9 permission bits and above, or -1) and {@code sha256} (hex, or null) only for
   * regular files whose listing had them.
   */
  public record Entry(char type, String path, String target, int mode, String sha256) {

    public Entry(char type, String path, String target) {
      this(type, path, target, -1, null);
    }

    Entry with(int newMode, String newSha256) {
      return new Entry(type, path, target, newMode, newSha256);
    }
  }

  private static final java.util.regex.Pattern HASH_LINE = java.util.regex.Pattern.compile("([0-9a-f]{64})  (.+)");
  private static final java.util.regex.Pattern MODE_LINE = java.util.regex.Pattern.compile("m ([0-7]+) (.+)");

  private final Map<String, Entry> entries;

  private VenvSkeleton(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The command that lists a skeleton, run inside the base image. */
  public static String listCommand(String venv) {
    return "find " + venv + " -printf '%y %p %l\\n'"
        + " && find " + venv + " -type f -exec stat -c 'm %a %n' {} +"
        + " && find " + venv + " -type f -exec sha256sum {} +";
  }

  public static VenvSkeleton parse(String findOutput) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String line : findOutput.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      java.util.regex.Matcher hash = HASH_LINE.matcher(line);
      java.util.regex.Matcher mode = MODE_LINE.matcher(line);
      if (hash.matches()) {
        entries.computeIfPresent(hash.group(2), (p, e) -> e.with(e.mode(), hash.group(1)));
        continue;
      }
      if (mode.matches()) {
        entries.computeIfPresent(mode.group(2), (p, e) -> e.with(Integer.parseInt(mode.group(1), 8), e.sha256()));
        continue;
      }
      char type = line.charAt(0);
      String rest = line.substring(2);
      String path;
      String target = null;
      if (type == 'l') {
        int sep = rest.indexOf(' ');
        path = rest.substring(0, sep);
        target = rest.substring(sep + 1);
      } else {
        path = rest.strip();
      }
      entries.put(path, new Entry(type, path, target));
    }
    if (entries.isEmpty()) {
      throw new ForgeException("python-base has no venv skeleton (empty listing); its Containerfile must run "
          + "`python3 -m venv --without-pip /var/lib/openstack`");
    }
    return new VenvSkeleton(entries);
  }

  /**
   * Whether python-base already has {@code path} as a regular file with this content and these
   * permission bits, so that the service layer need not carry it again.
   */
  public boolean hasIdenticalFile(String path, int mode, String sha256) {
    Entry e = entries.get(path);
    return e != null && e.type() == 'f' && e.sha256() != null && e.sha256().equals(sha256) && e.mode() == mode;
  }

  public Optional<Entry> get(String path) {
    return Optional.ofNullable(entries.get(path));
  }

  public Map<String, Entry> entries() {
    return entries;
  }

  /** The listing in find's format, to store beside the base image's record. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Entry e : entries.values()) {
      sb.append(e.type()).append(' ').append(e.path());
      if (e.target() != null) {
        sb.append(' ').append(e.target());
      }
      sb.append('\n');
    }
    for (Entry e : entries.values()) {
      if (e.mode() >= 0) {
        sb.append("m ").append(Integer.toOctalString(e.mode())).append(' ').append(e.path()).append('\n');
      }
    }
    for (Entry e : entries.values()) {
      if (e.sha256() != null) {
        sb.append(e.sha256()).append("  ").append(e.path()).append('\n');
      }
    }
    return sb.toString();
  }
}
