package org.c5c3.forge.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.c5c3.forge.TestEnvironment;
import org.c5c3.forge.engine.BuildahEngine;
import org.c5c3.forge.engine.ImageBuildSpec;
import org.c5c3.forge.engine.StageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipInstallerTest {

  /** A venv-builder stand-in: Debian's python3 with pip, setuptools and wheel, and the venv skeleton. */
  static final String BUILDER = "localhost/forge-test/pip-builder:test";

  private final PipInstaller pip = new PipInstaller();

  @Test
  void theWheelCommandBuildsLocalTreesWithoutIndexOrIsolation() {
    assertEquals(List.of("/tmp/forge/pip/bin/pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "--wheel-dir", "/tmp/forge/lib-wheels", "/tmp/forge/libs/a", "/tmp/forge/libs/b"),
        pip.wheelCommand("/tmp/forge/lib-wheels", List.of("/tmp/forge/libs/a", "/tmp/forge/libs/b")));
  }

  @Test
  void theInstallCommandTargetsTheRuntimeVenvUnderTheConstraints() {
    assertEquals(List.of("/tmp/forge/pip/bin/pip", "--python", "/var/lib/openstack/bin/python", "install",
        "--no-cache-dir", "--constraint", "/forge/constraints.txt", "--index-url", "https://pypi.example.org/simple",
        "--find-links", "/forge/find-links/0", "--find-links", "/forge/find-links/1"),
        pip.installCommand(UvInstallerTest.FULL));
    InstallRequest offline = new InstallRequest("/venv", "/src", List.of(), List.of(), List.of(), "/c.txt",
        List.of(), "https://ignored.example.org/simple", true);
    assertEquals(List.of("/tmp/forge/pip/bin/pip", "--python", "/venv/bin/python", "install", "--no-cache-dir",
        "--constraint", "/c.txt", "--no-index"), pip.installCommand(offline));
  }

  @Test
  void theScriptBuildsWheelsThenInstallsThemTogether() {
    assertEquals("""
        set -eu
        python3 -m venv --system-site-packages /tmp/forge/pip
        mkdir -p /tmp/forge/service-wheel
        cp -a /forge/src /tmp/forge/src
        /tmp/forge/pip/bin/pip wheel --no-deps --no-build-isolation --no-index --wheel-dir /tmp/forge/service-wheel \
        /tmp/forge/src
        service_wheel=$(ls /tmp/forge/service-wheel/*.whl)
        /tmp/forge/pip/bin/pip --python /var/lib/openstack/bin/python install --no-cache-dir \
        --constraint /forge/constraints.txt --index-url https://pypi.example.org/simple \
        --find-links /forge/find-links/0 --find-links /forge/find-links/1 \
        /forge/lib-wheels/oslo.messaging-17.1.0+c5c3.1-py3-none-any.whl \
        /forge/lib-wheels/keystonemiddleware-10.9.0+c5c3.2-py3-none-any.whl \
        "${service_wheel}[ldap,oauth1]" python-memcached 'PyMySQL>=1.0'
        """, pip.script(UvInstallerTest.FULL));
    assertEquals("""
        set -eu
        python3 -m venv --system-site-packages /tmp/forge/pip
        mkdir -p /tmp/forge/libs /tmp/forge/lib-wheels
        cp -a /forge/libs/a /tmp/forge/libs/a
        cp -a /forge/libs/b /tmp/forge/libs/b
        /tmp/forge/pip/bin/pip wheel --no-deps --no-build-isolation --no-index --wheel-dir /tmp/forge/lib-wheels \
        /tmp/forge/libs/a /tmp/forge/libs/b
        """, pip.wheelScript(UvInstallerTest.FULL, List.of("/forge/libs/a", "/forge/libs/b"), "/tmp/forge/lib-wheels"));
    assertEquals("pip", pip.name());
  }

  /**
   * The script for real, in a buildah container: a setuptools project with a console script, an
   * extra and a dependency offered at 1.0 and 1.1 while the constraints pin 1.0.
   */
  @Test
  void theScriptInstallsIntoAVenvWithoutPipUnderTheConstraints(@TempDir Path tmp) throws Exception {
    BuildahEngine buildah = TestEnvironment.buildah();
    ensureBuilder(buildah, TestEnvironment.baseImage(), tmp.resolve("builder"));

    Path src = fixtureProject(tmp.resolve("src"));
    Path wheels = Files.createDirectories(tmp.resolve("wheels"));
    makeWheel(wheels, "fixture-dep", "1.0");
    makeWheel(wheels, "fixture-dep", "1.1");
    makeWheel(wheels, "fixture-extra", "1.0");
    makeWheel(wheels, "fixture-pkg", "2.0");
    Path constraints = tmp.resolve("constraints.txt");
    Files.writeString(constraints, "fixture-dep===1.0\nfixture-extra===1.0\n");

    InstallRequest request = new InstallRequest("/var/lib/openstack", "/forge/src", List.of("extra"), List.of(),
        List.of("fixture-pkg"), "/forge/constraints.txt", List.of("/forge/find-links/0"), null, true);
    Path venv = tmp.resolve("venv");
    buildah.runStage(new StageSpec(BUILDER, null,
        List.of(new StageSpec.Mount(src, "/forge/src", true),
            new StageSpec.Mount(constraints, "/forge/constraints.txt", true),
            new StageSpec.Mount(wheels, "/forge/find-links/0", true)),
        Map.of("SOURCE_DATE_EPOCH", "1759320000"), pip.script(request), "/var/lib/openstack", venv));

    Path script = venv.resolve("bin/fixture-svc");
    assertTrue(Files.isExecutable(script), "console script " + script);
    assertTrue(Files.readString(script).startsWith("#!/var/lib/openstack/bin/python"), Files.readString(script));
    Path site = sitePackages(venv);
    assertEquals("VERSION = \"1.0\"\n", Files.readString(site.resolve("fixture_dep/__init__.py")));
    List<String> dists = list(site).stream().filter(n -> n.endsWith(".dist-info")).sorted().toList();
    assertEquals(List.of("fixture_dep-1.0.dist-info", "fixture_extra-1.0.dist-info", "fixture_pkg-2.0.dist-info",
        "fixture_svc-1.0.0.dist-info"), dists);
    assertFalse(list(site).stream().anyMatch(n -> n.equals("pip") || n.startsWith("pip-")), "pip in " + site);
    assertFalse(list(venv.resolve("bin")).stream().anyMatch(n -> n.startsWith("pip")), "pip in the venv's bin");

    // The exported venv works where it belongs: mounted at /var/lib/openstack in the builder.
    Path result = tmp.resolve("result");
    buildah.runStage(new StageSpec(BUILDER, null, List.of(new StageSpec.Mount(venv, "/var/lib/openstack", true)),
        Map.of(), "mkdir -p /tmp/out && fixture-svc > /tmp/out/said.txt", "/tmp/out", result));
    assertEquals("fixture-svc uses fixture-dep 1.0\n", Files.readString(result.resolve("said.txt")));
  }

  /** Builds {@link #BUILDER} unless an earlier run did (the apt step takes half a minute). */
  static void ensureBuilder(BuildahEngine buildah, String baseImage, Path context) throws IOException {
    if (TestEnvironment.attempt("buildah", "inspect", "--type", "image", BUILDER).succeeded()) {
      return;
    }
    Files.createDirectories(context);
    Path containerfile = context.resolve("Containerfile");
    Files.writeString(containerfile, """
        ARG BASE_IMAGE
        FROM ${BASE_IMAGE}
        RUN apt-get update \\
         && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \\
              python3 python3-venv python3-pip python3-setuptools python3-wheel \\
         && apt-get clean && rm -rf /var/lib/apt/lists/*
        RUN python3 -m venv --without-pip /var/lib/openstack
        ENV PATH=/var/lib/openstack/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
        """);
    buildah.build(new ImageBuildSpec(containerfile, context, BUILDER, Map.of("BASE_IMAGE", baseImage), Map.of(),
        null));
  }

  /**
   * Only the service changed: the service-only script starts from the cached dependency venv,
   * reinstalls the service alone, and leaves every other distribution byte for byte as it was.
   */
  @Test
  void theServiceOnlyScriptReinstallsTheServiceOnTopOfTheCachedDependencies(@TempDir Path tmp) throws Exception {
    BuildahEngine buildah = TestEnvironment.buildah();
    ensureBuilder(buildah, TestEnvironment.baseImage(), tmp.resolve("builder"));
    Path src = fixtureProject(tmp.resolve("src"));
    Path wheels = Files.createDirectories(tmp.resolve("wheels"));
    makeWheel(wheels, "fixture-dep", "1.0");
    makeWheel(wheels, "fixture-extra", "1.0");
    makeWheel(wheels, "fixture-pkg", "2.0");
    Path constraints = tmp.resolve("constraints.txt");
    Files.writeString(constraints, "fixture-dep===1.0\nfixture-extra===1.0\n");
    InstallRequest request = new InstallRequest("/var/lib/openstack", "/forge/src", List.of("extra"), List.of(),
        List.of("fixture-pkg"), "/forge/constraints.txt", List.of("/forge/find-links/0"), null, true);
    List<StageSpec.Mount> mounts = List.of(new StageSpec.Mount(src, "/forge/src", true),
        new StageSpec.Mount(constraints, "/forge/constraints.txt", true),
        new StageSpec.Mount(wheels, "/forge/find-links/0", true));
    Path deps = tmp.resolve("deps");
    buildah.runStage(new StageSpec(BUILDER, null, mounts, Map.of("SOURCE_DATE_EPOCH", "1759320000"),
        pip.script(request), "/var/lib/openstack", deps));

    // A one-line change to the service; the dependency wheels are gone, so nothing can be reinstalled from them.
    Files.writeString(src.resolve("fixture_svc/__init__.py"),
        Files.readString(src.resolve("fixture_svc/__init__.py")).replace("uses", "now uses"));
    for (Path w : list(wheels).stream().map(wheels::resolve).toList()) {
      Files.delete(w);
    }
    List<StageSpec.Mount> withDeps = new java.util.ArrayList<>(mounts);
    withDeps.add(new StageSpec.Mount(deps, "/forge/deps-venv", true));
    Path venv = tmp.resolve("venv");
    buildah.runStage(new StageSpec(BUILDER, null, withDeps, Map.of("SOURCE_DATE_EPOCH", "1759320000"),
        pip.serviceOnlyScript(request, "/forge/deps-venv", "fixture-svc"), "/var/lib/openstack", venv));

    Path site = sitePackages(venv);
    assertTrue(Files.readString(site.resolve("fixture_svc/__init__.py")).contains("now uses"));
    for (String unchanged : List.of("fixture_dep/__init__.py", "fixture_extra/__init__.py")) {
      assertEquals(Files.readString(sitePackages(deps).resolve(unchanged)), Files.readString(site.resolve(unchanged)));
    }
    assertEquals(list(sitePackages(deps)).stream().sorted().toList(), list(site).stream().sorted().toList());
    Path result = tmp.resolve("result");
    buildah.runStage(new StageSpec(BUILDER, null, List.of(new StageSpec.Mount(venv, "/var/lib/openstack", true)),
        Map.of(), "mkdir -p /tmp/out && fixture-svc > /tmp/out/said.txt", "/tmp/out", result));
    assertEquals("fixture-svc now uses fixture-dep 1.0\n", Files.readString(result.resolve("said.txt")));
  }

  private static Path fixtureProject(Path src) throws IOException {
    Files.createDirectories(src.resolve("fixture_svc"));
    Files.writeString(src.resolve("setup.py"), """
        from setuptools import setup

        setup(
            name="fixture-svc",
            version="1.0.0",
            packages=["fixture_svc"],
            install_requires=["fixture-dep"],
            extras_require={"extra": ["fixture-extra"]},
            entry_points={"console_scripts": ["fixture-svc = fixture_svc:main"]},
        )
        """);
    Files.writeString(src.resolve("fixture_svc/__init__.py"), """
        import fixture_dep


        def main():
            print("fixture-svc uses fixture-dep", fixture_dep.VERSION)
        """);
    return src;
  }

  /** The integration tests' own wheel writer: there is no index to take wheels from. */
  private static void makeWheel(Path dir, String name, String version) {
    TestEnvironment.run("python3", TestEnvironment.moduleDir().resolve("src/it/fixtures/make_wheel.py").toString(),
        dir.toString(), name, version);
  }

  private static Path sitePackages(Path venv) throws IOException {
    try (Stream<Path> libs = Files.list(venv.resolve("lib"))) {
      return libs.filter(p -> p.getFileName().toString().startsWith("python3")).findFirst().orElseThrow()
          .resolve("site-packages");
    }
  }

  private static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).toList();
    }
  }
}
