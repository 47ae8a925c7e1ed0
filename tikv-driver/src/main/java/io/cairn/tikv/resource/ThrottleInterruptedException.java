package io.cairn.tikv.resource;

/**
 * The thread was interrupted (a KILL QUERY, a shutdown) while its request waited for its
 * resource group's tokens. The request was not sent and its tokens were given back.
 */
public final class ThrottleInterruptedException extends RuntimeException {
  ThrottleInterruptedException(String group, InterruptedException cause) {
    super("interrupted while waiting for request units of resource group " + group, cause);
  }
}
