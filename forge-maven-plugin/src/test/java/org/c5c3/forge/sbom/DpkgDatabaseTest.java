package org.c5c3.forge.sbom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DpkgDatabaseTest {
  @TempDir Path tmp;

  @Test
  void keepsOnlyInstalledPackagesWithContinuationLines() {
    List<DpkgDatabase.Installed> installed = DpkgDatabase.parseStatus(FixtureImage.STATUS);
    assertEquals(
        List.of("dpkg", "libc6", "libfoo1", "tzdata"),
        installed.stream().map(DpkgDatabase.Installed::name).toList());
    DpkgDatabase.Installed libfoo = installed.get(2);
    assertEquals("1:2.0-1+b1", libfoo.version());
    assertEquals("foo (1:2.0-1)", libfoo.source());
    assertEquals("all", installed.get(3).architecture());
  }

  @Test
  void installedPackageWithoutVersionNamesTheLine() {
    String status = "Package: a\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n\n"
        + "Package: b\nStatus: install ok installed\nArchitecture: amd64\n";
    ForgeException e = assertThrows(ForgeException.class, () -> DpkgDatabase.parseStatus(status));
    assertTrue(e.getMessage().contains("line 6") && e.getMessage().contains("Version"), e.getMessage());
  }

  @Test
  void machineReadableCopyrightGivesDistinctShortNames() {
    assertEquals(List.of("Artistic", "GPL-2+", "public-domain"), DebianCopyright.licenses(FixtureImage.DPKG_COPYRIGHT));
    assertEquals(
        List.of("BSD-3-clause", "GPL-2+ with OpenSSL exception", "LGPL-2.1+"),
        DebianCopyright.licenses(
            "Format: http://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n"
                + "Files: *\nLicense: LGPL-2.1+, and BSD-3-clause\n\nFiles: x\nLicense: GPL-2+ with OpenSSL exception\n"));
    assertEquals(List.of(), DebianCopyright.licenses("Copyright (C) 1999 Someone\nLicense: GPL\n"),
        "a free-form file names nothing a machine can trust");
  }

  @Test
  void readsAnUnpackedRootDirectory() throws IOException {
    Path root = tmp.resolve("rootfs");
    Files.createDirectories(root.resolve("var/lib/dpkg/info"));
    Files.createDirectories(root.resolve("usr/share/doc/dpkg"));
    Files.writeString(root.resolve("var/lib/dpkg/status"), FixtureImage.STATUS);
    Files.writeString(root.resolve("var/lib/dpkg/info/dpkg.md5sums"), FixtureImage.DPKG_MD5SUMS);
    Files.writeString(root.resolve("usr/share/doc/dpkg/copyright"), FixtureImage.DPKG_COPYRIGHT);

    List<DpkgPackage> packages = DpkgDatabase.read(LayeredFilesystem.ofDirectory(root));
    assertEquals(4, packages.size());
    DpkgPackage dpkg = packages.get(0);
    assertEquals("dpkg", dpkg.name());
    assertEquals(Sha256.hex(FixtureImage.DPKG_MD5SUMS.getBytes(StandardCharsets.UTF_8)), dpkg.md5sumsSha256());
    assertEquals(List.of("Artistic", "GPL-2+", "public-domain"), dpkg.licenses());
    assertEquals(null, packages.get(1).md5sumsSha256(), "libc6 has no md5sums here");
  }

  @Test
  void noDpkgDatabaseMeansNoPackages() throws IOException {
    Files.createDirectories(tmp.resolve("empty/etc"));
    assertEquals(List.of(), DpkgDatabase.read(LayeredFilesystem.ofDirectory(tmp.resolve("empty"))));
  }

  /** This machine's own dpkg database, checked against what dpkg itself reports. */
  @Test
  void thisMachinesDatabaseAgreesWithDpkgQuery() throws Exception {
    assumeTrue(Files.isRegularFile(Path.of("/var/lib/dpkg/status")), "no dpkg database on this machine");
    assumeTrue(Files.exists(Path.of("/etc/os-release")), "no /etc/os-release on this machine");
    String dpkgVersion = run("dpkg-query", "-W", "-f", "${Version}", "dpkg");

    LayeredFilesystem host = LayeredFilesystem.ofDirectory(Path.of("/"));
    List<DpkgPackage> packages = DpkgDatabase.read(host);
    DpkgPackage dpkg = packages.stream().filter(p -> p.name().equals("dpkg")).findFirst().orElseThrow();
    assertEquals(dpkgVersion, dpkg.version());
    assertNotNull(dpkg.md5sumsSha256(), "dpkg ships an md5sums file");
    assertTrue(dpkg.licenses().contains("GPL-2+"), "dpkg's copyright is DEP-5: " + dpkg.licenses());

    // every installed package, name and version, as dpkg-query sees it
    Set<String> expected = new TreeSet<>(SbomComparison.parseDpkgList(
        run("dpkg-query", "-W", "-f", "${binary:Package}\t${Version}\t${db:Status-Abbrev}\n")))
        .stream().map(e -> e.replaceFirst(":[^=]*=", "=")).collect(Collectors.toCollection(TreeSet::new));
    Set<String> actual = packages.stream().map(p -> p.name() + "=" + p.version())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected, actual);

    // the real /etc/os-release is a link into /usr/lib, resolved inside the root
    OsRelease os = OsRelease.read(host).orElseThrow();
    assertEquals(run("sh", "-c", ". /etc/os-release && printf %s \"$ID\""), os.id());
    assertEquals(run("sh", "-c", ". /etc/os-release && printf %s \"$VERSION_ID\""), os.versionId());
  }

  @Test
  void osReleaseParsesQuotesAndComments() {
    OsRelease os = OsRelease.parse("# comment\nNAME=\"Ubuntu\"\nVERSION_ID=\"24.04\"\nID=ubuntu\nVERSION_CODENAME='noble'\n");
    assertEquals(new OsRelease("ubuntu", "24.04", "noble"), os);
    assertEquals("ubuntu-24.04", os.distro());
    assertFalse(OsRelease.parse("NAME=x\n").id().isEmpty(), "ID defaults to linux");
  }

  static String run(String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      assumeTrue(false, command[0] + " is not available: " + e.getMessage());
      throw e;
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + out);
    return out;
  }
}
