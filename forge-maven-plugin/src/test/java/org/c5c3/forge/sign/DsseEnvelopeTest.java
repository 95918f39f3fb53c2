package org.c5c3.forge.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsseEnvelopeTest {
  @Test
  void paeIsTheSpecsEncoding() {
    // The example of the DSSE protocol document.
    assertEquals(
        "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
        new String(DsseEnvelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }

  @Test
  void paeCountsBytesNotCharacters() {
    byte[] pae = DsseEnvelope.pae("t/ü", "é".getBytes(StandardCharsets.UTF_8));
    assertEquals("DSSEv1 4 t/ü 2 é", new String(pae, StandardCharsets.UTF_8));
  }

  @Test
  void paeOfEmptyPayload() {
    assertEquals("DSSEv1 1 x 0 ", new String(DsseEnvelope.pae("x", new byte[0]), StandardCharsets.UTF_8));
  }

  @Test
  void jsonRoundTrip() throws Exception {
    DsseEnvelope envelope = new DsseEnvelope("application/vnd.in-toto+json", new byte[] {1, 2, 3},
        List.of(new DsseEnvelope.Signature("kid", new byte[] {9, 8})));
    DsseEnvelope read = DsseEnvelope.fromJson(new ObjectMapper().readTree(envelope.toJson().toString()));
    assertEquals(envelope.payloadType(), read.payloadType());
    assertArrayEquals(envelope.payload(), read.payload());
    assertEquals("kid", read.signatures().get(0).keyid());
    assertArrayEquals(new byte[] {9, 8}, read.signatures().get(0).sig());
  }
}
