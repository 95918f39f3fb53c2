package org.c5c3.forge.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WsgiScriptsTest {

  @TempDir Path venv;
  private Path site;

  /** A venv as an installer leaves it: a distribution with console and WSGI entry points, no WSGI script. */
  @BeforeEach
  void installedDistribution() throws Exception {
    site = venv.resolve("lib/python3.11/site-packages");
    Files.createDirectories(venv.resolve("bin"));
    Files.createDirectories(site.resolve("demo"));
    Files.writeString(site.resolve("demo/__init__.py"), "");
    Files.writeString(site.resolve("demo/wsgi.py"), """
        def initialize_public_application():
            def app(environ, start_response):
                start_response("200 OK", [("Content-Type", "text/plain")])
                return [b"public " + environ["PATH_INFO"].encode()]
            return app


        class Factory:
            @staticmethod
            def admin():
                def app(environ, start_response):
                    start_response("200 OK", [("Content-Type", "text/plain")])
                    return [b"admin"]
                return app
        """);
    entryPoints("""
        [console_scripts]
        demo-manage = demo.cli:main

        [wsgi_scripts]
        # comments and blank lines are fine

        demo-wsgi-public = demo.wsgi:initialize_public_application
        demo-wsgi-admin = demo.wsgi:Factory.admin
        """);
  }

  @Test
  void scriptsAreWrittenForTheWsgiSectionOnly() throws Exception {
    assertEquals(List.of("demo-wsgi-public", "demo-wsgi-admin"), new WsgiScripts("/var/lib/openstack").generate(venv));
    Path script = venv.resolve("bin/demo-wsgi-public");
    assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(script)));
    String text = Files.readString(script);
    assertTrue(text.startsWith("#!/var/lib/openstack/bin/python\n"), text);
    assertTrue(text.contains("demo-1.0.dist-info"), text);
    assertTrue(Files.notExists(venv.resolve("bin/demo-manage")), "console scripts are the installer's job");
  }

  @Test
  void runningAGeneratedScriptAsAModuleYieldsACallableApplication() {
    new WsgiScripts("/var/lib/openstack").generate(venv);
    assertEquals("public /probe", callApplication("demo-wsgi-public"));
    assertEquals("admin", callApplication("demo-wsgi-admin"));
  }

  @Test
  void anExistingScriptIsLeftAlone() throws Exception {
    Path mine = venv.resolve("bin/demo-wsgi-public");
    Files.writeString(mine, "#!/bin/sh\necho written by pbr\n");
    assertEquals(List.of("demo-wsgi-admin"), new WsgiScripts("/var/lib/openstack").generate(venv));
    assertEquals("#!/bin/sh\necho written by pbr\n", Files.readString(mine));
    assertEquals(List.of(), new WsgiScripts("/var/lib/openstack").generate(venv), "a second run writes nothing");
  }

  @Test
  void aMalformedEntryPointNamesFileAndLine() throws Exception {
    Path file = entryPoints("""
        [wsgi_scripts]
        demo-wsgi-public = demo.wsgi:initialize_public_application
        demo-wsgi-admin = demo.wsgi initialize_admin_application
        """);
    ForgeException e = assertThrows(ForgeException.class, () -> new WsgiScripts("/var/lib/openstack").generate(venv));
    assertTrue(e.getMessage().startsWith(file + ":3: "), e.getMessage());
    assertTrue(e.getMessage().contains("demo-wsgi-admin = demo.wsgi initialize_admin_application"), e.getMessage());
  }

  /** keystone 28 dropped pbr's wsgi_scripts: its POM declares keystone-wsgi-public instead. */
  @Test
  void declaredScriptsAreWrittenWhenNoDistributionNamesThem() throws Exception {
    entryPoints("[console_scripts]\ndemo-manage = demo.cli:main\n");
    assertEquals(List.of("demo-api"), new WsgiScripts("/var/lib/openstack")
        .generate(venv, java.util.Map.of("demo-api", "demo.wsgi:initialize_public_application")));
    assertEquals("public /probe", callApplication("demo-api"));
    ForgeException e = assertThrows(ForgeException.class, () -> new WsgiScripts("/var/lib/openstack")
        .generate(venv, java.util.Map.of("demo-bad", "demo.wsgi initialize")));
    assertTrue(e.getMessage().contains("forge.wsgiScripts"), e.getMessage());
  }

  @Test
  void aVenvWithoutLibraryDirectoryHasNothingToGenerate(@TempDir Path empty) {
    assertEquals(List.of(), new WsgiScripts("/var/lib/openstack").generate(empty));
  }

  private Path entryPoints(String text) throws Exception {
    Path file = site.resolve("demo-1.0.dist-info/entry_points.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** Loads the script as mod_wsgi does (not as __main__) and calls its application once. */
  private String callApplication(String name) {
    String program = """
        import runpy, sys
        sys.path.insert(0, sys.argv[1])
        app = runpy.run_path(sys.argv[2])["application"]
        environ = {"PATH_INFO": "/probe", "REQUEST_METHOD": "GET"}
        status = []
        body = b"".join(app(environ, lambda s, h: status.append(s)))
        assert status == ["200 OK"], status
        sys.stdout.write(body.decode())
        """;
    return TestEnvironment.run("python3", "-c", program, site.toString(), venv.resolve("bin/" + name).toString());
  }
}
