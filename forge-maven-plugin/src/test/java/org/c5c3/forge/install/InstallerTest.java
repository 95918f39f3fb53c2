package org.c5c3.forge.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.TestEnvironment;
import org.junit.jupiter.api.Test;

class InstallerTest {

  @Test
  void installersAreChosenByName() {
    assertInstanceOf(UvInstaller.class, Installer.named("uv"));
    assertInstanceOf(PipInstaller.class, Installer.named(" pip "));
    ForgeException e = assertThrows(ForgeException.class, () -> Installer.named("poetry"));
    assertTrue(e.getMessage().contains("'poetry'") && e.getMessage().contains("forge.installer"), e.getMessage());
    assertTrue(e.getMessage().contains("uv, pip"), e.getMessage());
  }

  @Test
  void plainArgumentsStayUnquoted() {
    assertEquals("/tmp/forge/src", Installer.quote("/tmp/forge/src"));
    assertEquals("oslo.messaging==14.9.0", Installer.quote("oslo.messaging==14.9.0"));
  }

  /** sh itself must give back each argument unchanged, whatever it holds. */
  @Test
  void quotedArgumentsReachTheCommandUnchanged() {
    List<String> args = List.of("/tmp/forge/src[ldap,oauth1]", "PyMySQL>=1.0", "it's", "a b", "$HOME", "`id`", "*.whl",
        "x;rm -rf /", "\"q\"", "tab\there");
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "printf '%s\\n' " + Installer.join(args)));
    String out = TestEnvironment.run(cmd.toArray(String[]::new));
    assertEquals(String.join("\n", args) + "\n", out);
  }
}
