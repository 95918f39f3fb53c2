package org.c5c3.forge.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatchFileTest {

  @TempDir Path tmp;

  @Test
  void readsHeaderIssuesAndHashFromFormatPatchOutput() throws IOException {
    GitFixture src = GitFixture.init(tmp.resolve("src"));
    src.git("config", "user.name", "Jörg Müller");
    src.git("config", "user.email", "joerg@example.org");
    src.write("keystone/token.py", "EXPIRY = 3600\n");
    String base = src.commit("base");
    src.write("keystone/token.py", "EXPIRY = 600\n");
    src.commit("Fix CVE-2025-12345: shorten token expiry for a rather long subject line that"
        + " git will fold\n\n"
        + "Tokens lived too long. Also see cve-2024-0001.\n\n"
        + "Closes-Bug: #2012345\n"
        + "Related-Bug: #1999999\n"
        + "Partial-Bug: 2000001\n"
        + "Closes-Bug: #2012345\n"
        + "Change-Id: I0123456789abcdef0123456789abcdef01234567\n");
    Path written = src.formatPatch(base + "..HEAD", tmp.resolve("patches/keystone/2025.2")).get(0);

    PatchFile patch = PatchFile.read(written, "patches/keystone/2025.2/" + written.getFileName());

    assertEquals("Fix CVE-2025-12345: shorten token expiry for a rather long subject line that git will fold",
        patch.subject());
    assertEquals("Jörg Müller <joerg@example.org>", patch.author());
    assertTrue(Files.readString(written).contains("=?UTF-8?q?"), "git encoded the name");
    assertEquals(OffsetDateTime.parse("2026-01-02T10:00:01Z"), patch.date().orElseThrow());
    assertEquals(List.of(
            new IssueRef(IssueRef.Kind.CLOSES_BUG, "2012345", "https://bugs.launchpad.net/bugs/2012345"),
            new IssueRef(IssueRef.Kind.RELATED_BUG, "1999999", "https://bugs.launchpad.net/bugs/1999999"),
            new IssueRef(IssueRef.Kind.PARTIAL_BUG, "2000001", "https://bugs.launchpad.net/bugs/2000001"),
            new IssueRef(IssueRef.Kind.CVE, "CVE-2025-12345", "https://www.cve.org/CVERecord?id=CVE-2025-12345"),
            new IssueRef(IssueRef.Kind.CVE, "CVE-2024-0001", "https://www.cve.org/CVERecord?id=CVE-2024-0001")),
        patch.issues());
    assertTrue(patch.message().contains("Tokens lived too long."));
    assertTrue(!patch.message().contains("EXPIRY"), "the diff is not part of the message");
    assertEquals(sha256sum(written), patch.sha256());
    assertTrue(patch.fileName().startsWith("0001-Fix-CVE-2025-12345-shorten-token"), patch.fileName());
    assertEquals("patches/keystone/2025.2/" + patch.fileName(), patch.displayPath());
    assertEquals(patch.displayPath(), patch.toString());
  }

  @Test
  void aCveInTheDiffIsNotAnIssueOfThePatch() throws IOException {
    Path file = tmp.resolve("0001-plain.patch");
    Files.writeString(file, "diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n"
        + "-# see CVE-2020-0001\n+# see CVE-2020-0002\n");

    PatchFile patch = PatchFile.read(file, "patches/x/2025.2/0001-plain.patch");

    assertEquals(List.of(), patch.issues());
    assertEquals("", patch.subject());
    assertEquals("", patch.author());
    assertTrue(patch.date().isEmpty());
  }

  @Test
  void keepsBytesThatAreNotUtf8() throws IOException {
    byte[] latin1 = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-caf\u00e9\n+caf\u00e8\n"
        .getBytes(StandardCharsets.ISO_8859_1);
    Path file = tmp.resolve("0001-latin1.patch");
    Files.write(file, latin1);

    assertTrue(java.util.Arrays.equals(latin1, PatchFile.read(file, "p").bytes()));
  }

  @Test
  void decodesEncodedWords() {
    assertEquals("Jörg Müller <j@x>", PatchMailHeader.decode("=?UTF-8?q?J=C3=B6rg_M=C3=BCller?= <j@x>"));
    assertEquals("Jörg", PatchMailHeader.decode("=?UTF-8?q?J=C3=B6?=\n =?UTF-8?q?rg?="));
    assertEquals("Ünïcode", PatchMailHeader.decode("=?utf-8?b?w5xuw69jb2Rl?="));
  }

  private static String sha256sum(Path file) throws IOException {
    Process p = new ProcessBuilder("sha256sum", file.toString()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return out.split("\\s+")[0];
  }

}
