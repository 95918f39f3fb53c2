package org.c5c3.forge;

/**
 * A failure the user can act on. The message says what was being done, with what input (file,
 * line, patch, image) and, where there is one, what to try next. Mojos turn it into a
 * MojoFailureException with the same text.
 */
public class ForgeException extends RuntimeException {
  public ForgeException(String message) {
    super(message);
  }

  public ForgeException(String message, Throwable cause) {
    super(message, cause);
  }
}
