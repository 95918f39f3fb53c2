package org.c5c3.forge.sbom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.c5c3.forge.ForgeException;

/**
 * An image's root filesystem as the container runtime would see it, read without running the
 * image: either merged from its layer blobs ({@link #of}) or from a plain directory
 * ({@link #ofDirectory}).
 *
 * <p>Paths are absolute image paths ({@code /etc/os-release}). Symbolic links are resolved
 * inside the image, never on the host: {@code /etc/os-release -> ../usr/lib/os-release} is
 * followed to the image's {@code /usr/lib/os-release}, and an absolute link target is taken
 * relative to the image root.
 *
 * <p>Layers are indexed once; file contents are not kept in memory. A read streams the layer
 * that holds the file, so callers that need many files use {@link #readAll}, which streams each
 * layer at most once.
 */
public final class LayeredFilesystem {
  /** Same bound as Linux's MAXSYMLINKS: a deeper chain is treated as a loop. */
  private static final int MAX_SYMLINK_HOPS = 40;

  private static final String WHITEOUT_PREFIX = ".wh.";
  private static final String OPAQUE_MARKER = ".wh..wh..opq";

  private final Tree tree;

  private LayeredFilesystem(Tree tree) {
    this.tree = tree;
  }

  /**
   * Merges layer blobs, lowest first, as an OCI runtime would: each blob is a tar, gzip-compressed
   * or not (detected from its first bytes); {@code .wh.<name>} deletes {@code <name>} from the
   * layers below, {@code .wh..wh..opq} hides everything the layers below had in that directory.
   */
  public static LayeredFilesystem of(List<Path> layerBlobs) {
    return new LayeredFilesystem(LayerTree.index(List.copyOf(layerBlobs)));
  }

  /** A filesystem over an unpacked root directory (a rootfs, the build stage's output, {@code /}). */
  public static LayeredFilesystem ofDirectory(Path rootfs) {
    if (!Files.isDirectory(rootfs)) {
      throw new ForgeException("Root filesystem " + rootfs + " is not a directory.");
    }
    return new LayeredFilesystem(new DirectoryTree(rootfs.toAbsolutePath().normalize()));
  }

  /** The contents of a regular file, following symbolic links; empty if absent or not a file. */
  public Optional<byte[]> read(String absolutePath) {
    return Optional.ofNullable(readAll(List.of(absolutePath)).get(absolutePath));
  }

  /**
   * The contents of every path that resolves to a regular file, keyed by the path as asked for
   * (in the order asked); absent paths are left out. Streams each layer at most once.
   */
  public Map<String, byte[]> readAll(Collection<String> absolutePaths) {
    Map<String, String> realByAsked = new LinkedHashMap<>();
    for (String asked : absolutePaths) {
      resolve(asked, true)
          .filter(real -> kindOf(real) == Kind.FILE)
          .ifPresent(real -> realByAsked.put(asked, real));
    }
    Map<String, byte[]> byReal = tree.contents(new TreeSet<>(realByAsked.values()));
    Map<String, byte[]> result = new LinkedHashMap<>();
    realByAsked.forEach((asked, real) -> result.put(asked, byReal.get(real)));
    return result;
  }

  /** Names of the direct children of a directory (following links), sorted; empty if no such directory. */
  public List<String> list(String dirPath) {
    return resolve(dirPath, true)
        .filter(real -> kindOf(real) == Kind.DIRECTORY)
        .map(tree::children)
        .orElse(List.of());
  }

  /** Whether the path exists, following symbolic links (a dangling link does not exist). */
  public boolean exists(String absolutePath) {
    return resolve(absolutePath, true).isPresent();
  }

  /** Whether the path is a directory, following symbolic links. */
  public boolean isDirectory(String absolutePath) {
    return resolve(absolutePath, true).map(this::kindOf).orElse(null) == Kind.DIRECTORY;
  }

  /** Whether the path is a regular file, following symbolic links. */
  public boolean isFile(String absolutePath) {
    return resolve(absolutePath, true).map(this::kindOf).orElse(null) == Kind.FILE;
  }

  /** The path with every symbolic link resolved inside the image; empty if it does not exist. */
  public Optional<String> realPath(String absolutePath) {
    return resolve(absolutePath, true);
  }

  private Kind kindOf(String realPath) {
    Node node = tree.node(realPath);
    return node == null ? null : node.kind();
  }

  /**
   * Walks the path one component at a time from the image root, replacing each symbolic link by
   * its target (physically: {@code ..} after a link climbs from where the link points).
   */
  private Optional<String> resolve(String path, boolean followLast) {
    Deque<String> todo = new ArrayDeque<>(rawComponents(path));
    String current = "/";
    int hops = 0;
    while (!todo.isEmpty()) {
      String component = todo.pollFirst();
      if (component.equals(".")) {
        continue;
      }
      if (component.equals("..")) {
        current = parentOf(current);
        continue;
      }
      String candidate = childOf(current, component);
      Node node = tree.node(candidate);
      if (node == null) {
        return Optional.empty();
      }
      boolean last = todo.isEmpty();
      if (node.kind() == Kind.SYMLINK && (!last || followLast)) {
        if (++hops > MAX_SYMLINK_HOPS) {
          return Optional.empty();
        }
        List<String> target = rawComponents(node.linkTarget());
        for (int i = target.size() - 1; i >= 0; i--) {
          todo.addFirst(target.get(i));
        }
        if (node.linkTarget().startsWith("/")) {
          current = "/";
        }
        continue;
      }
      if (!last && node.kind() != Kind.DIRECTORY) {
        return Optional.empty();
      }
      current = candidate;
    }
    return Optional.of(current);
  }

  private static List<String> rawComponents(String path) {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts;
  }

  /** Lexical normalisation for archive entry names: no {@code .}, {@code ..} clamped at the root. */
  static String normalise(String path) {
    Deque<String> parts = new ArrayDeque<>();
    for (String part : rawComponents(path)) {
      if (part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? "/" : "/" + String.join("/", parts);
  }

  static String parentOf(String normalised) {
    int slash = normalised.lastIndexOf('/');
    return slash <= 0 ? "/" : normalised.substring(0, slash);
  }

  static String nameOf(String normalised) {
    return normalised.substring(normalised.lastIndexOf('/') + 1);
  }

  static String childOf(String dir, String name) {
    return dir.equals("/") ? "/" + name : dir + "/" + name;
  }

  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    /** Devices, fifos, sockets: present, but nothing to read. */
    OTHER
  }

  record Node(Kind kind, String linkTarget) {}

  /** What the resolver needs from a storage: lookup without following, listing, reading. */
  private interface Tree {
    /** The node at a path whose parents are real directories; null if absent. */
    Node node(String path);

    List<String> children(String realDir);

    Map<String, byte[]> contents(Collection<String> realFiles);
  }

  /** Layers merged into an in-memory index of paths; contents stay in the blobs. */
  private static final class LayerTree implements Tree {
    private final List<Path> layers;
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, TreeSet<String>> children = new HashMap<>();

    /** Where a regular file's bytes are: the layer and the entry's position in its tar stream. */
    private record Entry(Node node, int layer, int ordinal) {}

    private record RawEntry(String path, Node node, String hardLinkTarget, int ordinal) {}

    private LayerTree(List<Path> layers) {
      this.layers = layers;
      put("/", new Entry(new Node(Kind.DIRECTORY, null), -1, -1));
    }

    static LayerTree index(List<Path> layers) {
      LayerTree tree = new LayerTree(layers);
      for (int i = 0; i < layers.size(); i++) {
        tree.apply(i, tree.readEntries(i));
      }
      return tree;
    }

    @Override
    public Node node(String path) {
      Entry entry = entries.get(path);
      return entry == null ? null : entry.node();
    }

    @Override
    public List<String> children(String realDir) {
      TreeSet<String> names = children.get(realDir);
      return names == null ? List.of() : List.copyOf(names);
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> realFiles) {
      // layer -> ordinal -> paths whose bytes are that entry (hard links share one entry)
      Map<Integer, Map<Integer, List<String>>> wanted = new TreeMap<>();
      for (String path : realFiles) {
        Entry entry = entries.get(path);
        if (entry != null && entry.node().kind() == Kind.FILE) {
          wanted
              .computeIfAbsent(entry.layer(), l -> new HashMap<>())
              .computeIfAbsent(entry.ordinal(), o -> new ArrayList<>())
              .add(path);
        }
      }
      Map<String, byte[]> result = new HashMap<>();
      wanted.forEach(
          (layer, byOrdinal) -> {
            Map<Integer, List<String>> remaining = new HashMap<>(byOrdinal);
            try (TarArchiveInputStream tar = openLayer(layers.get(layer))) {
              int ordinal = 0;
              for (TarArchiveEntry e = tar.getNextEntry();
                  e != null && !remaining.isEmpty();
                  e = tar.getNextEntry(), ordinal++) {
                List<String> paths = remaining.remove(ordinal);
                if (paths != null) {
                  byte[] bytes = tar.readAllBytes();
                  paths.forEach(p -> result.put(p, bytes));
                }
              }
            } catch (IOException e) {
              throw new ForgeException(
                  "Cannot read layer " + layers.get(layer) + ": " + e.getMessage(), e);
            }
          });
      return result;
    }

    private List<RawEntry> readEntries(int layer) {
      List<RawEntry> raw = new ArrayList<>();
      try (TarArchiveInputStream tar = openLayer(layers.get(layer))) {
        int ordinal = 0;
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry(), ordinal++) {
          String path = normalise(e.getName());
          if (path.equals("/")) {
            continue;
          }
          if (e.isSymbolicLink()) {
            raw.add(new RawEntry(path, new Node(Kind.SYMLINK, e.getLinkName()), null, ordinal));
          } else if (e.isLink()) {
            raw.add(new RawEntry(path, new Node(Kind.FILE, null), normalise(e.getLinkName()), ordinal));
          } else if (e.isDirectory()) {
            raw.add(new RawEntry(path, new Node(Kind.DIRECTORY, null), null, ordinal));
          } else if (e.isFile()) {
            raw.add(new RawEntry(path, new Node(Kind.FILE, null), null, ordinal));
          } else {
            raw.add(new RawEntry(path, new Node(Kind.OTHER, null), null, ordinal));
          }
        }
      } catch (IOException e) {
        throw new ForgeException(
            "Cannot read layer " + layers.get(layer) + " as a tar archive: " + e.getMessage()
                + ". Layers must be tar or tar+gzip blobs.",
            e);
      }
      return raw;
    }

    /**
     * Whiteouts of a layer apply to the layers below it only, so they are applied before the
     * layer's own entries, whatever their order in the tar.
     */
    private void apply(int layer, List<RawEntry> raw) {
      for (RawEntry e : raw) {
        String name = nameOf(e.path());
        if (name.equals(OPAQUE_MARKER)) {
          String dir = realParent(e.path());
          for (String child : children(dir)) {
            remove(childOf(dir, child));
          }
        } else if (name.startsWith(WHITEOUT_PREFIX)) {
          remove(childOf(realParent(e.path()), name.substring(WHITEOUT_PREFIX.length())));
        }
      }
      for (RawEntry e : raw) {
        if (nameOf(e.path()).startsWith(WHITEOUT_PREFIX)) {
          continue;
        }
        String path = childOf(realParent(e.path()), nameOf(e.path()));
        ensureDirectory(parentOf(path));
        Entry existing = entries.get(path);
        if (e.node().kind() == Kind.DIRECTORY) {
          if (existing == null || existing.node().kind() != Kind.DIRECTORY) {
            remove(path);
            put(path, new Entry(e.node(), layer, e.ordinal()));
          }
          continue;
        }
        Entry entry = new Entry(e.node(), layer, e.ordinal());
        if (e.hardLinkTarget() != null) {
          Entry target = entries.get(e.hardLinkTarget());
          if (target == null || target.node().kind() != Kind.FILE) {
            throw new ForgeException(
                "Layer " + layers.get(layer) + " has a hard link " + e.path() + " to "
                    + e.hardLinkTarget() + ", which is not a regular file in this or a lower layer.");
          }
          entry = target;
        }
        remove(path);
        put(path, entry);
      }
    }

    /**
     * The real directory an entry lands in. A runtime extracting {@code /lib/x} where a lower
     * layer made {@code /lib -> usr/lib} writes into {@code /usr/lib}; mirror that.
     */
    private String realParent(String path) {
      String parent = parentOf(path);
      String real = new LayeredFilesystem(this).resolve(parent, true).orElse(parent);
      Entry entry = entries.get(real);
      return entry == null || entry.node().kind() == Kind.DIRECTORY ? real : parent;
    }

    private void ensureDirectory(String dir) {
      Entry entry = entries.get(dir);
      if (entry != null && entry.node().kind() == Kind.DIRECTORY) {
        return;
      }
      ensureDirectory(parentOf(dir));
      remove(dir);
      put(dir, new Entry(new Node(Kind.DIRECTORY, null), -1, -1));
    }

    private void put(String path, Entry entry) {
      entries.put(path, entry);
      if (!path.equals("/")) {
        children.computeIfAbsent(parentOf(path), p -> new TreeSet<>()).add(nameOf(path));
      }
    }

    private void remove(String path) {
      Entry entry = entries.remove(path);
      if (entry == null) {
        return;
      }
      TreeSet<String> below = children.remove(path);
      if (below != null) {
        for (String child : below) {
          remove(childOf(path, child));
        }
      }
      TreeSet<String> siblings = children.get(parentOf(path));
      if (siblings != null) {
        siblings.remove(nameOf(path));
      }
    }

    private static TarArchiveInputStream openLayer(Path blob) throws IOException {
      InputStream in = new BufferedInputStream(Files.newInputStream(blob), 1 << 16);
      try {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
          return new TarArchiveInputStream(new GzipCompressorInputStream(in, true));
        }
        if (magic.length == 4
            && (magic[0] & 0xff) == 0x28
            && (magic[1] & 0xff) == 0xb5
            && (magic[2] & 0xff) == 0x2f
            && (magic[3] & 0xff) == 0xfd) {
          throw new ForgeException(
              "Layer " + blob + " is zstd-compressed; forge reads tar and tar+gzip layers only."
                  + " Push the base image with gzip layers.");
        }
        return new TarArchiveInputStream(in);
      } catch (IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    }
  }

  /** A plain directory; symbolic links are read, never followed by the host. */
  private static final class DirectoryTree implements Tree {
    private final Path root;

    DirectoryTree(Path root) {
      this.root = root;
    }

    private Path host(String path) {
      return path.equals("/") ? root : root.resolve(path.substring(1));
    }

    @Override
    public Node node(String path) {
      Path p = host(path);
      try {
        BasicFileAttributes attrs =
            Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          return new Node(Kind.SYMLINK, Files.readSymbolicLink(p).toString());
        }
        if (attrs.isDirectory()) {
          return new Node(Kind.DIRECTORY, null);
        }
        return new Node(attrs.isRegularFile() ? Kind.FILE : Kind.OTHER, null);
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new ForgeException("Cannot inspect " + p + ": " + e.getMessage(), e);
      }
    }

    @Override
    public List<String> children(String realDir) {
      try (Stream<Path> list = Files.list(host(realDir))) {
        return list.map(p -> p.getFileName().toString()).sorted().toList();
      } catch (IOException e) {
        throw new ForgeException("Cannot list " + host(realDir) + ": " + e.getMessage(), e);
      }
    }

    @Override
    public Map<String, byte[]> contents(Collection<String> realFiles) {
      Map<String, byte[]> result = new HashMap<>();
      for (String path : realFiles) {
        try {
          result.put(path, Files.readAllBytes(host(path)));
        } catch (IOException e) {
          throw new ForgeException("Cannot read " + host(path) + ": " + e.getMessage(), e);
        }
      }
      return result;
    }
  }
}
