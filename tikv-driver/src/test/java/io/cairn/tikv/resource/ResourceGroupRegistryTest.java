package io.cairn.tikv.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.tikv.resource.ResourceGroupException.Reason;
import io.cairn.tikv.testing.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResourceGroupRegistryTest {

  private final ManualClock clock = new ManualClock();
  private final ResourceGroupRegistry registry = new ResourceGroupRegistry(clock);

  @Test
  void thereIsAlwaysAnUnlimitedDefaultGroup() {
    assertThat(registry.groups()).containsExactly(ResourceGroup.unlimited("default", Priority.MEDIUM));
    assertThat(registry.resolve(null).name()).isEqualTo("default");
    assertThat(registry.stats("DEFAULT").availableRu()).isInfinite();
    assertThatThrownBy(() -> registry.drop("Default"))
        .isInstanceOfSatisfying(ResourceGroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DEFAULT_NOT_DROPPABLE));
  }

  @Test
  void createAlterDropAtRuntime() {
    registry.create(new ResourceGroup("Batch", 100, 500, Priority.LOW));
    assertThat(registry.group("batch")).contains(new ResourceGroup("batch", 100, 500, Priority.LOW));
    assertThatThrownBy(() -> registry.create(ResourceGroup.limited("BATCH", 1, Priority.HIGH)))
        .isInstanceOfSatisfying(ResourceGroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EXISTS));

    GroupState state = registry.resolve("batch");
    state.bucket.reserve(400);
    state.readRequests.increment();
    registry.alter(new ResourceGroup("batch", 1000, 50, Priority.HIGH));
    assertThat(registry.resolve("batch")).isSameAs(state);
    ResourceGroupStats stats = registry.stats("batch");
    assertThat(stats.group().priority()).isEqualTo(Priority.HIGH);
    assertThat(stats.availableRu()).isEqualTo(50);
    assertThat(stats.readRequests()).as("counters survive ALTER").isEqualTo(1);

    registry.drop("BATCH");
    assertThat(registry.group("batch")).isEmpty();
    assertThat(registry.groups()).extracting(ResourceGroup::name).containsExactly("default");
    assertThatThrownBy(() -> registry.drop("batch"))
        .isInstanceOfSatisfying(ResourceGroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN));
    assertThatThrownBy(() -> registry.alter(ResourceGroup.limited("batch", 5, Priority.LOW)))
        .isInstanceOfSatisfying(ResourceGroupException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN));
  }

  @Test
  void requestsOfAnUnknownOrDroppedGroupAreChargedToDefault() {
    registry.create(ResourceGroup.limited("oltp", 10, Priority.MEDIUM));
    assertThat(registry.resolve("OLTP").name()).isEqualTo("oltp");
    registry.drop("oltp");
    assertThat(registry.resolve("oltp").name()).isEqualTo("default");
    assertThat(registry.resolve("").name()).isEqualTo("default");
    assertThat(registry.resolve("x".repeat(40)).name()).isEqualTo("default");
    assertThat(registry.unknownGroupFallbacks()).isEqualTo(3);
  }

  @Test
  void defaultCanBeAlteredIntoALimitedGroupAndBack() {
    registry.alter(new ResourceGroup("default", 10, 10, Priority.MEDIUM));
    GroupState d = registry.resolve(null);
    assertThat(d.bucket.reserve(20)).isEqualTo(clock.getAsLong() + Duration.ofSeconds(1).toNanos());
    registry.alter(ResourceGroup.unlimited("default", Priority.HIGH));
    assertThat(d.bucket.reserve(1e9)).isEqualTo(clock.getAsLong());
  }

  @Test
  void groupSettingsAreValidated() {
    assertThatThrownBy(() -> ResourceGroup.limited("", 10, Priority.LOW)).hasMessageContaining("1 to 32");
    assertThatThrownBy(() -> ResourceGroup.limited("g".repeat(33), 10, Priority.LOW)).hasMessageContaining("1 to 32");
    assertThatThrownBy(() -> ResourceGroup.limited("g", 0, Priority.LOW)).hasMessageContaining("RU_PER_SEC");
    assertThatThrownBy(() -> new ResourceGroup("g", 10, 0, Priority.LOW)).hasMessageContaining("burst");
    assertThatThrownBy(() -> new ResourceGroup("g", ResourceGroup.UNLIMITED, 10, Priority.LOW)).hasMessageContaining("unlimited");
    assertThatThrownBy(() -> new ResourceGroup("g", 10, 10, null)).isInstanceOf(NullPointerException.class);
  }
}
