package org.c5c3.forge.image;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.c5c3.forge.ForgeException;

/**
 * Turns the venv the build stage produced into Jib layers, following the rules that keep the
 * image honest:
 *
 * <ul>
 *   <li>only regular files and directories go in; each symlink must be identical in python-base's
 *       skeleton and is left out (Jib would copy the link's target from the build host);
 *   <li>every skeleton path must still exist in the venv (the layer cannot delete base files);
 *   <li>a regular file python-base's skeleton already has, with the same content and mode
 *       ({@code bin/activate}, {@code pyvenv.cfg}), is left out: the base layer provides it;
 *   <li>permissions are the file's own 9 bits (Jib would make executables 644); setuid, setgid and
 *       sticky bits are refused because Jib cannot carry them;
 *   <li>owner root, fixed modification time: the service user cannot rewrite the venv, and the
 *       layer is a pure function of the file contents.
 * </ul>
 */
public final class VenvLayerBuilder {

  private final String venvPath;
  private final VenvSkeleton skeleton;

  public VenvLayerBuilder(String venvPath, VenvSkeleton skeleton) {
    this.venvPath = venvPath;
    this.skeleton = skeleton;
  }

  /**
   * The venv as layers, per the {@code plan} (which file goes to which layer), bottom first. Layers
   * the plan leaves empty are not in the list; {@link FileEntriesLayer#getName()} names each.
   */
  public List<FileEntriesLayer> build(Path venvDir, VenvLayerPlan plan) {
    List<FileEntriesLayer.Builder> builders = new ArrayList<>();
    for (String name : plan.layerNames()) {
      builders.add(FileEntriesLayer.builder().setName(name));
    }
    Set<String> seen = new HashSet<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(venvDir)) {
      paths = walk.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path p : paths) {
      String rel = venvDir.relativize(p).toString();
      String inImage = rel.isEmpty() ? venvPath : venvPath + "/" + rel;
      seen.add(inImage);
      if (Files.isSymbolicLink(p)) {
        checkLink(p, inImage);
        continue;
      }
      if (rel.isEmpty()) {
        continue; // the venv directory itself belongs to python-base
      }
      boolean directory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
      if (!directory && inSkeleton(p, inImage)) {
        continue;
      }
      FileEntry entry = new FileEntry(p, AbsoluteUnixPath.get(inImage), permissions(p, inImage),
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME, "0:0");
      builders.get(plan.layerOf(rel, directory)).addEntry(entry);
    }
    for (String path : skeleton.entries().keySet()) {
      if (!seen.contains(path)) {
        throw new ForgeException("python-base has " + path + " but the build stage's venv does not: a layer "
            + "cannot delete base files, so the image would not match the build. Do not remove skeleton files "
            + "in the build stage.");
      }
    }
    // Jib leaves empty layers out of the image; leave them out here too, so that the list is the
    // image's venv layers one for one and callers can name them.
    return builders.stream().map(FileEntriesLayer.Builder::build).filter(l -> !l.getEntries().isEmpty()).toList();
  }

  /** Whether python-base has this file, byte for byte and with the same mode (hashing only those). */
  private boolean inSkeleton(Path p, String inImage) {
    VenvSkeleton.Entry base = skeleton.get(inImage).orElse(null);
    if (base == null || base.type() != 'f' || base.sha256() == null) {
      return false;
    }
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
      return skeleton.hasIdenticalFile(inImage, mode, sha256(p));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path p) throws IOException {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      try (java.io.InputStream in = Files.newInputStream(p)) {
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
          md.update(buf, 0, n);
        }
      }
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void checkLink(Path link, String inImage) {
    String target;
    try {
      target = Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    VenvSkeleton.Entry base = skeleton.get(inImage).orElse(null);
    if (base == null || base.type() != 'l' || !target.equals(base.target())) {
      throw new ForgeException("the build stage left a symlink " + inImage + " -> " + target + " that python-base "
          + (base == null ? "does not have" : "has as " + describe(base)) + ". Jib follows symlinks and would copy "
          + "the target from the build host into the image; add the link to python-base's venv skeleton or make "
          + "the installer write a regular file.");
    }
  }

  private static String describe(VenvSkeleton.Entry e) {
    return e.type() == 'l' ? "-> " + e.target() : e.type() == 'd' ? "a directory" : "a file";
  }

  private static FilePermissions permissions(Path p, String inImage) {
    try {
      int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & 07000) != 0) {
        throw new ForgeException(inImage + " has the setuid, setgid or sticky bit (mode "
            + Integer.toOctalString(mode & 07777) + "); image layers built by Jib keep only rwx bits, so forge refuses it");
      }
      return FilePermissions.fromOctalString(String.format("%03o", mode & 0777));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
