package org.c5c3.forge.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonDistributionsTest {
  @TempDir Path tmp;

  @Test
  void normalisesNamesAsPep503Says() {
    assertEquals("oslo-messaging", PythonDistributions.normalise("oslo.messaging"));
    assertEquals("oslo-config", PythonDistributions.normalise("oslo_config"));
    assertEquals("friendly-bard", PythonDistributions.normalise("Friendly-._Bard"));
    assertEquals("pyyaml", PythonDistributions.normalise("PyYAML"));
  }

  @Test
  void readsLicensesFromFieldsAndClassifiers() {
    PythonDistribution d = PythonDistributions.parse("/x.dist-info",
        "Metadata-Version: 2.1\nName: python-ldap\nVersion: 3.4.4\nLicense: Python style\n"
            + "Classifier: License :: OSI Approved :: Python Software Foundation License\n"
            + "Classifier: License :: OSI Approved :: BSD License\n"
            + "Classifier: License :: OSI Approved\n"
            + "Classifier: Topic :: Internet\n\nBody\n", null);
    assertEquals("python-ldap", d.name());
    assertEquals(List.of("BSD License", "OSI Approved :: Python Software Foundation License", "Python style"), d.licenses());
    assertNull(d.licenseExpression());
    assertNull(d.recordSha256());

    PythonDistribution text = PythonDistributions.parse("/y.dist-info",
        "Name: y\nVersion: 1\nLicense: Copyright (c) 2010\n        Permission is hereby granted\n", "r".getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(), text.licenses(), "a license text is not a name");
    assertEquals(Sha256.hex("r".getBytes(StandardCharsets.UTF_8)), text.recordSha256());
  }

  @Test
  void findsDistInfoInEveryPython3SitePackages() throws IOException {
    Path site = Files.createDirectories(tmp.resolve("venv/lib/python3.12/site-packages"));
    Files.createDirectories(site.resolve("Paste_Deploy-3.1.0.dist-info"));
    Files.writeString(site.resolve("Paste_Deploy-3.1.0.dist-info/METADATA"), "Name: PasteDeploy\nVersion: 3.1.0\n");
    Files.createDirectories(site.resolve("paste"));
    Files.writeString(site.resolve("not-a-dir.dist-info"), "");
    Files.createDirectories(tmp.resolve("venv/lib/python2.7/site-packages/old-1.dist-info"));

    List<PythonDistribution> found = PythonDistributions.scan(LayeredFilesystem.ofDirectory(tmp), "/venv/");
    assertEquals(1, found.size());
    assertEquals("pastedeploy", found.get(0).normalisedName());
    assertEquals("/venv/lib/python3.12/site-packages/Paste_Deploy-3.1.0.dist-info", found.get(0).distInfoPath());
    assertEquals(List.of(), PythonDistributions.scan(LayeredFilesystem.ofDirectory(tmp), "/elsewhere"));
  }

  @Test
  void distInfoWithoutMetadataIsABrokenVenv() throws IOException {
    Files.createDirectories(tmp.resolve("venv/lib/python3.12/site-packages/broken-1.0.dist-info"));
    ForgeException e = assertThrows(ForgeException.class,
        () -> PythonDistributions.scan(LayeredFilesystem.ofDirectory(tmp), "/venv"));
    assertTrue(e.getMessage().contains("broken-1.0.dist-info") && e.getMessage().contains("METADATA"), e.getMessage());
  }
}
