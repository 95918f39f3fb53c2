package org.c5c3.forge.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The uv command line is the production install step; every flag is pinned here. */
class UvInstallerTest {

  static final InstallRequest FULL = new InstallRequest("/var/lib/openstack", "/forge/src", List.of("ldap", "oauth1"),
      List.of("/forge/lib-wheels/oslo.messaging-17.1.0+c5c3.1-py3-none-any.whl",
          "/forge/lib-wheels/keystonemiddleware-10.9.0+c5c3.2-py3-none-any.whl"),
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
        "/forge/lib-wheels/oslo.messaging-17.1.0+c5c3.1-py3-none-any.whl",
        "/forge/lib-wheels/keystonemiddleware-10.9.0+c5c3.2-py3-none-any.whl",
        "/tmp/forge/src[ldap,oauth1]",
        "python-memcached", "PyMySQL>=1.0"),
        uv.command(FULL));
  }

  @Test
  void noIndexWinsOverAnIndexUrl() {
    InstallRequest offline = new InstallRequest("/var/lib/openstack", "/forge/src", List.of(), List.of(), List.of(),
        "/forge/constraints.txt", List.of("/forge/find-links/0"), "https://pypi.example.org/simple", true);
    assertEquals(List.of("uv", "pip", "install", "--no-cache",
        "--python", "/var/lib/openstack/bin/python", "--compile-bytecode", "--link-mode", "copy",
        "--constraint", "/forge/constraints.txt", "--no-index", "--find-links", "/forge/find-links/0",
        "/tmp/forge/src"), uv.command(offline));
  }

  @Test
  void theScriptCopiesTheReadOnlyTreesAndQuotesWhatTheShellWouldExpand() {
    assertEquals("""
        set -eu
        mkdir -p /tmp/forge
        cp -a /forge/src /tmp/forge/src
        uv pip install --no-cache --python /var/lib/openstack/bin/python --compile-bytecode --link-mode copy \
        --constraint /forge/constraints.txt --index-url https://pypi.example.org/simple \
        --find-links /forge/find-links/0 --find-links /forge/find-links/1 \
        /forge/lib-wheels/oslo.messaging-17.1.0+c5c3.1-py3-none-any.whl \
        /forge/lib-wheels/keystonemiddleware-10.9.0+c5c3.2-py3-none-any.whl \
        '/tmp/forge/src[ldap,oauth1]' python-memcached 'PyMySQL>=1.0'
        """, uv.script(FULL));
    assertEquals("uv", uv.name());
  }

  @Test
  void theServiceOnlyScriptRestoresTheDependencySetAndReinstallsOnlyTheService() {
    assertEquals("""
        set -eu
        find /var/lib/openstack -mindepth 1 -delete
        cp -a /forge/deps-venv/. /var/lib/openstack/
        mkdir -p /tmp/forge
        cp -a /forge/src /tmp/forge/src
        uv pip install --no-cache --python /var/lib/openstack/bin/python --compile-bytecode --link-mode copy \
        --constraint /forge/constraints.txt --index-url https://pypi.example.org/simple \
        --find-links /forge/find-links/0 --find-links /forge/find-links/1 --no-deps --reinstall-package keystone \
        /tmp/forge/src
        uv pip check --python /var/lib/openstack/bin/python
        """, uv.serviceOnlyScript(FULL, "/forge/deps-venv", "keystone"));
  }

  @Test
  void patchedLibrariesAreBuiltIntoWheelsWithUvBuild() {
    assertEquals(List.of("uv", "build", "--no-cache", "--wheel", "--out-dir", "/tmp/forge/lib-wheels",
        "--index-url", "https://pypi.example.org/simple",
        "--find-links", "/forge/find-links/0", "--find-links", "/forge/find-links/1",
        "/tmp/forge/libs/oslo.messaging"),
        uv.buildCommand(FULL, "/tmp/forge/libs/oslo.messaging", "/tmp/forge/lib-wheels"));
    assertEquals("""
        set -eu
        mkdir -p /tmp/forge/libs /tmp/forge/lib-wheels
        cp -a /forge/libs/oslo.messaging /tmp/forge/libs/oslo.messaging
        uv build --no-cache --wheel --out-dir /tmp/forge/lib-wheels --index-url https://pypi.example.org/simple \
        --find-links /forge/find-links/0 --find-links /forge/find-links/1 /tmp/forge/libs/oslo.messaging
        """, uv.wheelScript(FULL, List.of("/forge/libs/oslo.messaging"), "/tmp/forge/lib-wheels"));
  }
}
