package org.c5c3.forge.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageNameTest {
  @Test
  void spellingsWithDotUnderscoreDashAndCaseAreOneName() {
    PackageName dotted = PackageName.of("oslo.messaging");
    for (String spelling : new String[] {"oslo_messaging", "Oslo-Messaging", "OSLO.-_messaging"}) {
      PackageName other = PackageName.of(spelling);
      assertEquals(dotted, other, spelling);
      assertEquals(dotted.hashCode(), other.hashCode(), spelling);
      assertEquals("oslo-messaging", other.normalized());
      assertEquals(spelling, other.original());
      assertEquals(spelling, other.toString());
    }
    assertEquals(1, new HashSet<>(List.of(dotted, PackageName.of("oslo_messaging"))).size());
    assertNotEquals(dotted, PackageName.of("oslo.messagingx"));
    assertEquals(0, PackageName.of("Glance_Store").compareTo(PackageName.of("glance-store")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-foo", "foo-", "foo bar", "foo[extra]", "foo===1", "fö"})
  void invalidNamesAreRefused(String name) {
    assertFalse(PackageName.isValid(name));
    ForgeException e = assertThrows(ForgeException.class, () -> PackageName.of(name));
    assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
  }

  @Test
  void singleCharacterNamesAreValid() {
    assertTrue(PackageName.isValid("a"));
    assertEquals("a", PackageName.of("A").normalized());
  }
}
