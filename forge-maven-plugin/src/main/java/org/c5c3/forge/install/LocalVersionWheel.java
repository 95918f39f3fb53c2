package org.c5c3.forge.install;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.c5c3.forge.ForgeException;

/**
 * Gives a patched library's wheel a PEP 440 local version, e.g. {@code 17.1.0} becomes
 * {@code 17.1.0+c5c3.2}. The constraints then pin exactly that version, so no index can offer
 * the unpatched release in its place, and the SBOM and {@code pip list} show the library is
 * patched. Works on the built wheel, whatever build backend made it (pbr, setuptools, flit...):
 * the dist-info directory, {@code METADATA}'s Version, {@code RECORD} and the file name change;
 * the code does not.
 */
public final class LocalVersionWheel {

  /** What was written. */
  public record Result(Path wheel, String distribution, String version) {}

  private LocalVersionWheel() {}

  /**
   * Writes a copy of {@code wheel} with version {@code <its version>+<label>} into {@code outDir}.
   *
   * @param label the local version label, e.g. {@code c5c3.2}
   */
  public static Result relabel(Path wheel, String label, Path outDir) {
    if (!label.matches("[a-z0-9]+(\\.[a-z0-9]+)*")) {
      throw new ForgeException("'" + label + "' is not a PEP 440 local version label");
    }
    String fileName = wheel.getFileName().toString();
    String[] parts = fileName.substring(0, fileName.length() - ".whl".length()).split("-");
    if (parts.length < 5 || !fileName.endsWith(".whl")) {
      throw new ForgeException(wheel + " is not a wheel file name (name-version-python-abi-platform.whl)");
    }
    String dist = parts[0];
    String version = parts[1];
    if (version.contains("+")) {
      throw new ForgeException(wheel + " already has a local version (" + version + ")");
    }
    String newVersion = version + "+" + label;
    String oldInfo = dist + "-" + version + ".dist-info/";
    String newInfo = dist + "-" + newVersion + ".dist-info/";
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(wheel))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        if (!e.isDirectory()) {
          entries.put(e.getName(), readAll(in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + wheel, e);
    }
    if (!entries.containsKey(oldInfo + "METADATA")) {
      throw new ForgeException(wheel + " has no " + oldInfo + "METADATA");
    }
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      String name = e.getKey().startsWith(oldInfo) ? newInfo + e.getKey().substring(oldInfo.length()) : e.getKey();
      byte[] data = e.getValue();
      if (name.equals(newInfo + "METADATA")) {
        data = new String(data, StandardCharsets.UTF_8)
            .replaceFirst("(?m)^Version: .*$", "Version: " + newVersion).getBytes(StandardCharsets.UTF_8);
      }
      if (!name.equals(newInfo + "RECORD")) {
        out.put(name, data);
      }
    }
    StringBuilder record = new StringBuilder();
    for (Map.Entry<String, byte[]> e : out.entrySet()) {
      record.append(e.getKey()).append(",sha256=").append(urlsafeSha256(e.getValue())).append(',')
          .append(e.getValue().length).append('\n');
    }
    record.append(newInfo).append("RECORD,,\n");
    out.put(newInfo + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));

    parts[1] = newVersion;
    Path target = outDir.resolve(String.join("-", parts) + ".whl");
    try {
      Files.createDirectories(outDir);
      try (OutputStream os = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(os)) {
        for (Map.Entry<String, byte[]> e : out.entrySet()) {
          ZipEntry entry = new ZipEntry(e.getKey());
          // The zip epoch, in DOS local time without a time zone: same bytes on every machine.
          entry.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
          zip.putNextEntry(entry);
          zip.write(e.getValue());
          zip.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + target, e);
    }
    return new Result(target, dist, newVersion);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    in.transferTo(buffer);
    return buffer.toByteArray();
  }

  private static String urlsafeSha256(byte[] data) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
