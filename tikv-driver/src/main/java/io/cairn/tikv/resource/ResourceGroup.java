package io.cairn.tikv.resource;

import java.util.Locale;
import java.util.Objects;

/**
 * A resource group's settings: how many request units per second it may use on average ({@code
 * RU_PER_SEC}), how many it may save up and spend at once (its token bucket's capacity), and its
 * {@code PRIORITY}. Names are case-insensitive (stored in lower case), 1 to 32 characters, as in
 * TiDB.
 *
 * <p>The priority is carried for the storage side's scheduler and reported in metrics; the
 * client-side bucket does not use it.
 *
 * @param ruPerSec the fill rate in RU/s, {@link #UNLIMITED} for no limit
 * @param burst the bucket's capacity in RU ({@link #UNLIMITED} with an unlimited rate); a group
 *     starts with a full bucket
 */
public record ResourceGroup(String name, long ruPerSec, long burst, Priority priority) {

  /** {@code RU_PER_SEC = UNLIMITED}. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  public static final String DEFAULT_NAME = "default";

  private static final int MAX_NAME_LENGTH = 32;

  public ResourceGroup {
    name = normalize(name);
    Objects.requireNonNull(priority, "priority");
    if (ruPerSec <= 0) {
      throw new IllegalArgumentException("resource group " + name + ": RU_PER_SEC must be positive: " + ruPerSec);
    }
    if (ruPerSec == UNLIMITED) {
      if (burst != UNLIMITED) {
        throw new IllegalArgumentException("resource group " + name + ": an unlimited group has an unlimited burst");
      }
    } else if (burst <= 0 || burst == UNLIMITED) {
      throw new IllegalArgumentException("resource group " + name + ": burst must be a positive number of RU: " + burst);
    }
  }

  /** A group limited to {@code ruPerSec} whose bucket holds one second of its rate. */
  public static ResourceGroup limited(String name, long ruPerSec, Priority priority) {
    return new ResourceGroup(name, ruPerSec, ruPerSec, priority);
  }

  public static ResourceGroup unlimited(String name, Priority priority) {
    return new ResourceGroup(name, UNLIMITED, UNLIMITED, priority);
  }

  public boolean isUnlimited() {
    return ruPerSec == UNLIMITED;
  }

  /** The lower-case form of a group name; throws on an invalid name. */
  public static String normalize(String name) {
    Objects.requireNonNull(name, "resource group name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("resource group name must have 1 to " + MAX_NAME_LENGTH + " characters: '" + name + "'");
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
