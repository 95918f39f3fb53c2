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
 * <p>Read from {@code find <venv> -printf '%y %p %l\n'} run inside python-base.
 */
public final class VenvSkeleton {

  /** One path of the skeleton: {@code type} is find's %y (d, f, l); {@code target} only for links. */
  public record Entry(char type, String path, String target) {}

  private final Map<String, Entry> entries;

  private VenvSkeleton(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The command that lists a skeleton, run inside the base image. */
  public static String listCommand(String venv) {
    return "find " + venv + " -printf '%y %p %l\\n'";
  }

  public static VenvSkeleton parse(String findOutput) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String line : findOutput.split("\n")) {
      if (line.isBlank()) {
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
    return sb.toString();
  }
}
