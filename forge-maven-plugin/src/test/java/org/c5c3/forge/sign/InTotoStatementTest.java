package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.c5c3.forge.ForgeException;
import org.junit.jupiter.api.Test;

class InTotoStatementTest {
  private static final Sha256Digest DIGEST =
      Sha256Digest.parse("sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf");

  @Test
  void sbomStatementHasTheSpecShapeInFixedOrder() {
    byte[] sbom = "{\"specVersion\":\"1.6\", \"bomFormat\":\"CycloneDX\", \"version\": 1.50}".getBytes(StandardCharsets.UTF_8);
    String json = new String(InTotoStatement.forSbom("ghcr.io/c5c3/keystone", DIGEST, sbom).toJson(), StandardCharsets.UTF_8);
    assertEquals(
        "{\"_type\":\"https://in-toto.io/Statement/v1\","
            + "\"subject\":[{\"name\":\"ghcr.io/c5c3/keystone\",\"digest\":{\"sha256\":\"" + DIGEST.hex() + "\"}}],"
            + "\"predicateType\":\"https://cyclonedx.org/bom\","
            + "\"predicate\":{\"specVersion\":\"1.6\",\"bomFormat\":\"CycloneDX\",\"version\":1.50}}",
        json);
  }

  @Test
  void sameInputsGiveSameBytes() {
    byte[] sbom = "{\"b\":1,\"a\":[1,2]}".getBytes(StandardCharsets.UTF_8);
    assertArrayEquals(
        InTotoStatement.forSbom("x", DIGEST, sbom).toJson(), InTotoStatement.forSbom("x", DIGEST, sbom.clone()).toJson());
  }

  @Test
  void parseReadsBackSubjectsAndPredicate() {
    InTotoStatement original =
        InTotoStatement.of(List.of(new InTotoStatement.Subject("a", DIGEST)), "https://example/p",
            "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8));
    InTotoStatement parsed = InTotoStatement.parse(original.toJson());
    assertEquals(original.subjects(), parsed.subjects());
    assertEquals("https://example/p", parsed.predicateType());
    assertEquals("{\"k\":\"v\"}", new String(parsed.predicateJson(), StandardCharsets.UTF_8));
  }

  @Test
  void invalidInputsAreRefused() {
    assertThrows(ForgeException.class, () -> InTotoStatement.forSbom("x", DIGEST, "not json".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ForgeException.class, () -> InTotoStatement.forSbom("x", DIGEST, "[1]".getBytes(StandardCharsets.UTF_8)));
    assertThrows(ForgeException.class, () -> InTotoStatement.parse("{\"_type\":\"https://in-toto.io/Statement/v0.1\"}".getBytes(StandardCharsets.UTF_8)));
    ForgeException e = assertThrows(ForgeException.class, () -> Sha256Digest.parse("sha256:abc"));
    assertTrue(e.getMessage().contains("sha256:abc"));
  }
}
