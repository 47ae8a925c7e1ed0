package io.cairn.storage.pd;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every command it is handed and leaves it in progress until the test finishes it. */
final class RecordingHandler implements SchedulingCommandHandler {

  record Call(SchedulingCommand command, CompletableFuture<Void> done) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();

  @Override
  public CompletionStage<?> handle(SchedulingCommand command) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    calls.add(new Call(command, f));
    return f;
  }

  SchedulingCommand awaitCall(int index) {
    Await.until("scheduling command #" + (index + 1), () -> calls.size() > index);
    return calls.get(index).command();
  }

  List<SchedulingCommand> commands() {
    return calls.stream().map(Call::command).toList();
  }
}
