package org.c5c3.forge.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.c5c3.forge.ForgeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SeverityTest {
  @ParameterizedTest
  @CsvSource({
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H, CRITICAL", // 9.8
    "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H, HIGH", // 7.5
    "CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N, MEDIUM", // 6.1
    "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N, LOW", // 3.1
    "AV:N/AC:L/Au:N/C:P/I:P/A:P, HIGH", // CVSS v2, 7.5
  })
  void cvssVectorsAreRatedByTheirBaseScore(String vector, Severity expected) {
    assertEquals(expected, Severity.fromCvssVector(vector));
  }

  @Test
  void cvss4AndGarbageAreNotRated() {
    assertNull(Severity.fromCvssVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"));
    assertNull(Severity.fromCvssVector("nonsense"));
  }

  @Test
  void textRatingsOfTheDatabasesAreRead() {
    assertEquals(Severity.MEDIUM, Severity.fromText("MODERATE"));
    assertEquals(Severity.LOW, Severity.fromText("negligible"));
    assertEquals(Severity.UNKNOWN, Severity.fromText("untriaged"));
    assertNull(Severity.fromText("purple"));
  }

  @Test
  void thresholdsParseAndBadOnesAreNamed() {
    assertNull(Severity.threshold("none"));
    assertEquals(Severity.UNKNOWN, Severity.threshold("any"));
    assertEquals(Severity.HIGH, Severity.threshold("HIGH"));
    ForgeException e = assertThrows(ForgeException.class, () -> Severity.threshold("severe"));
    assertTrue(e.getMessage().contains("'severe'"));
  }
}
