package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Real keyless signing: runs only inside GitHub Actions with {@code id-token: write}. */
class SigstoreKeylessSigningTest {
  @Test
  void signsAnAttestationAndADigestKeylessly() throws Exception {
    assumeTrue(SigstoreKeylessSigner.available(System.getenv()),
        "no GitHub Actions OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL unset): keyless signing not exercised");
    Sha256Digest image = Sha256Digest.ofContent("manifest".getBytes(StandardCharsets.UTF_8));
    try (SigstoreKeylessSigner signer = SigstoreKeylessSigner.publicGood()) {
      byte[] statement = InTotoStatement.forSbom("forge-test", image, "{\"bomFormat\":\"CycloneDX\"}".getBytes(StandardCharsets.UTF_8)).toJson();
      SignedBundle attestation = signer.signDsse(statement, InTotoStatement.PAYLOAD_TYPE);
      var json = new ObjectMapper().readTree(attestation.json());
      assertTrue(json.path("verificationMaterial").has("certificate") || json.path("verificationMaterial").has("x509CertificateChain"));
      assertEquals(InTotoStatement.PAYLOAD_TYPE, json.path("dsseEnvelope").path("payloadType").asText());
      SignedBundle signature = signer.signDigest(image.bytes());
      assertTrue(new ObjectMapper().readTree(signature.json()).has("messageSignature"));
    }
  }
}
