package io.cairn.server.kvshell;

/** A command of the shell failed; the message is shown to the user. */
final class ShellException extends RuntimeException {
  ShellException(String message) {
    super(message);
  }
}
