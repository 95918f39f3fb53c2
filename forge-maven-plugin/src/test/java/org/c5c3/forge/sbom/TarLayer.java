package org.c5c3.forge.sbom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Writes a real layer blob (tar or tar+gzip) the way image builders do, entry by entry. */
final class TarLayer implements AutoCloseable {
  private final OutputStream file;
  private final TarArchiveOutputStream tar;

  private TarLayer(Path blob, boolean gzip) throws IOException {
    this.file = Files.newOutputStream(blob);
    this.tar = new TarArchiveOutputStream(gzip ? new GzipCompressorOutputStream(file) : file);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
  }

  static TarLayer gzip(Path blob) throws IOException {
    return new TarLayer(blob, true);
  }

  static TarLayer plain(Path blob) throws IOException {
    return new TarLayer(blob, false);
  }

  /** A directory entry; names are written as image builders do, without a leading slash. */
  TarLayer dir(String path) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(strip(path) + "/", TarArchiveEntry.LF_DIR);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  TarLayer file(String path, String content) throws IOException {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  TarLayer file(String path, byte[] content) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(strip(path));
    e.setSize(content.length);
    tar.putArchiveEntry(e);
    tar.write(content);
    tar.closeArchiveEntry();
    return this;
  }

  TarLayer symlink(String path, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(strip(path), TarArchiveEntry.LF_SYMLINK);
    e.setLinkName(target);
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  TarLayer hardlink(String path, String target) throws IOException {
    TarArchiveEntry e = new TarArchiveEntry(strip(path), TarArchiveEntry.LF_LINK);
    e.setLinkName(strip(target));
    tar.putArchiveEntry(e);
    tar.closeArchiveEntry();
    return this;
  }

  /** {@code .wh.<name>} beside the deleted path. */
  TarLayer whiteout(String path) throws IOException {
    String p = strip(path);
    int slash = p.lastIndexOf('/');
    return file(p.substring(0, slash + 1) + ".wh." + p.substring(slash + 1), new byte[0]);
  }

  /** {@code <dir>/.wh..wh..opq}: the directory's lower-layer contents are hidden. */
  TarLayer opaque(String dir) throws IOException {
    return file(strip(dir) + "/.wh..wh..opq", new byte[0]);
  }

  private static String strip(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  @Override
  public void close() throws IOException {
    tar.finish();
    tar.close();
  }
}
