package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What OciArchive says about tarballs that are not one OCI image (ImageAssemblerTest reads real ones). */
class OciArchiveTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @TempDir Path tmp;

  @Test
  void aDockerArchiveIsNotAnOciArchive() throws Exception {
    Path tar = tar(Map.of("manifest.json", "[]"));
    ForgeException e = assertThrows(ForgeException.class, () -> OciArchive.read(tar));
    assertEquals(tar + " is not an OCI archive: it has no index.json", e.getMessage());
  }

  @Test
  void anIndexOfTwoImagesIsRefused() throws Exception {
    String manifest = "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + DIGEST + "\"}";
    Path tar = tar(Map.of("index.json", "{\"manifests\":[" + manifest + "," + manifest + "]}"));
    ForgeException e = assertThrows(ForgeException.class, () -> OciArchive.read(tar));
    assertEquals(tar + " holds 2 manifests; expected one image", e.getMessage());
  }

  @Test
  void aMissingManifestBlobIsNamed() throws Exception {
    Path tar = tar(Map.of("index.json", "{\"manifests\":[{\"digest\":\"" + DIGEST + "\"}]}"));
    ForgeException e = assertThrows(ForgeException.class, () -> OciArchive.read(tar));
    assertEquals(tar + " lacks its manifest blob " + DIGEST, e.getMessage());
  }

  private Path tar(Map<String, String> files) throws Exception {
    Path tar = Files.createTempFile(tmp, "archive", ".tar");
    try (OutputStream out = Files.newOutputStream(tar);
        TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
      for (Map.Entry<String, String> f : new LinkedHashMap<>(files).entrySet()) {
        byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(f.getKey());
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
      }
    }
    return tar;
  }
}
