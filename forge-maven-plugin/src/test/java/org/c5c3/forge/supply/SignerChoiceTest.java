package org.c5c3.forge.supply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.c5c3.forge.ForgeException;
import org.c5c3.forge.sign.AttestationSigner;
import org.c5c3.forge.sign.LocalKeySigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignerChoiceTest {
  @TempDir Path tmp;
  final List<String> warnings = new ArrayList<>();

  @Test
  void autoWithoutTokenOrKeySignsNothingAndSaysSo() {
    assertTrue(SignerChoice.AUTO.signer(null, Map.of(), warnings::add).isEmpty());
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).startsWith("NOT SIGNED"), warnings.get(0));
  }

  @Test
  void autoWithAKeyUsesTheLocalSignerAndNamesItAsSuch() {
    Path key = tmp.resolve("key.pem");
    LocalKeySigner.generate(key);
    AttestationSigner signer = SignerChoice.parse("").signer(key, Map.of(), warnings::add).orElseThrow();
    assertTrue(signer.describe().contains("(not keyless)"), signer.describe());
    assertTrue(warnings.isEmpty());
  }

  @Test
  void explicitChoicesFailClearlyWhenTheyCannotSign() {
    ForgeException noKey = assertThrows(ForgeException.class,
        () -> SignerChoice.parse("local").signer(null, Map.of(), warnings::add));
    assertTrue(noKey.getMessage().contains("forge.signingKey"), noKey.getMessage());
    ForgeException missingKey = assertThrows(ForgeException.class,
        () -> SignerChoice.parse("LOCAL").signer(tmp.resolve("absent.pem"), Map.of(), warnings::add));
    assertTrue(missingKey.getMessage().contains("does not exist"), missingKey.getMessage());
    ForgeException noToken = assertThrows(ForgeException.class,
        () -> SignerChoice.parse("keyless").signer(null, Map.of(), warnings::add));
    assertTrue(noToken.getMessage().contains("GitHub Actions OIDC token"), noToken.getMessage());
    assertThrows(ForgeException.class, () -> SignerChoice.parse("cosign"));
    assertTrue(SignerChoice.parse("none").signer(null, Map.of(), warnings::add).isEmpty());
    assertTrue(warnings.get(0).contains("forge.signer=none"));
  }
}
