package org.c5c3.forge.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The uv command line is the production install step; every flag is pinned here. */
class UvInstallerTest {

  static final InstallRequest FULL = new InstallRequest("/var/lib/openstack", "/forge/src", List.of("ldap", "oauth1"),
      List.of("/forge/libs/oslo.messaging", "/forge/libs/keystonemiddleware"),
      List.of("python-memcached", "PyMySQL>=1.0"), "/forge/constraints.txt",
      List.of("/forge/find-links/0", "/forge/find-links/1"), "https://pypi.example.org/simple", false);

  private final UvInstaller uv = new UvInstaller();

  @Test
  void theCommandLineCarriesEveryPartOfTheRequestInOrder() {
    assertEquals(List.of("uv", "pip", "install", "--no-cache",
        "--python", "/var/lib/openstack/bin/python", "--compile-bytecode", "--link-mode", "copy",
        "--constraint", "/forge/constraints.txt",
        "--index-url", "https://pypi.example.org/simple",
        "--find-links", "/forge/find-links/0", "--find-links", "/forge/find-links/1",
        "/tmp/forge/libs/oslo.messaging", "/tmp/forge/libs/keystonemiddleware",
        "/tmp/forge/src[ldap,oauth1]",
        "python-memcached", "PyMySQL>=1.0"),
        uv.command(FULL, List.of("/tmp/forge/libs/oslo.messaging", "/tmp/forge/libs/keystonemiddleware")));
  }

  @Test
  void noIndexWinsOverAnIndexUrl() {
    InstallRequest offline = new InstallRequest("/var/lib/openstack", "/forge/src", List.of(), List.of(), List.of(),
        "/forge/constraints.txt", List.of("/forge/find-links/0"), "https://pypi.example.org/simple", true);
    assertEquals(List.of("uv", "pip", "install", "--no-cache",
        "--python", "/var/lib/openstack/bin/python", "--compile-bytecode", "--link-mode", "copy",
        "--constraint", "/forge/constraints.txt", "--no-index", "--find-links", "/forge/find-links/0",
        "/tmp/forge/src"), uv.command(offline, List.of()));
  }

  @Test
  void theScriptCopiesTheReadOnlyTreesAndQuotesWhatTheShellWouldExpand() {
    assertEquals("""
        set -eu
        mkdir -p /tmp/forge/libs
        cp -a /forge/src /tmp/forge/src
        cp -a /forge/libs/oslo.messaging /tmp/forge/libs/oslo.messaging
        cp -a /forge/libs/keystonemiddleware /tmp/forge/libs/keystonemiddleware
        uv pip install --no-cache --python /var/lib/openstack/bin/python --compile-bytecode --link-mode copy \
        --constraint /forge/constraints.txt --index-url https://pypi.example.org/simple \
        --find-links /forge/find-links/0 --find-links /forge/find-links/1 \
        /tmp/forge/libs/oslo.messaging /tmp/forge/libs/keystonemiddleware \
        '/tmp/forge/src[ldap,oauth1]' python-memcached 'PyMySQL>=1.0'
        """, uv.script(FULL));
    assertEquals("uv", uv.name());
  }
}
