package io.cairn.tikv.copr;

import io.cairn.kv.CopRequest;
import io.cairn.kv.CopResponse;
import io.cairn.kv.CopResponseIterator;
import io.cairn.tikv.error.ErrorTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The responses of one coprocessor request (client-go's {@code copIterator}). {@code
 * min(concurrency, tasks)} workers take tasks in order from a shared counter and run them to
 * the end ({@link CopClient#runTask}).
 *
 * <p>Keep order: each task has its own queue and {@link #next()} drains them in task order; a
 * worker takes a permit of a window of {@code workers} tasks before it starts one and the
 * consumer returns it when it has drained that task, so at most that many tasks' results wait
 * in memory and the lowest undrained task is always running or done. Otherwise: all tasks share
 * one bounded queue and responses come as they arrive; workers wait while it is full.
 *
 * <p>A failed task ends the request: {@link #next()} throws the failure (translated once by
 * {@link ErrorTranslator}) now and on later calls, and the other tasks are cancelled. {@link
 * #close()} interrupts the workers, which cancels their RPCs in flight; it may come from
 * another thread, and a consumer blocked in {@code next()} notices it within {@value
 * #POLL_MILLIS} ms. A consumer interrupted while it waits closes the iterator and gets a
 * {@link CancellationException}. Used by one consumer thread.
 */
final class CopIterator implements CopResponseIterator {

  private static final long POLL_MILLIS = 50;

  /** What workers hand the consumer. */
  private sealed interface Item {}

  private record Data(CopResponse response) implements Item {}

  private record TaskDone() implements Item {}

  private record Failed(Throwable failure) implements Item {}

  private static final Item TASK_DONE = new TaskDone();

  private final CopClient client;
  private final CopRequest request;
  private final List<CopTask> tasks;
  private final boolean keepOrder;
  private final int workerCount;
  private final AtomicInteger nextTask = new AtomicInteger();
  private final List<BlockingQueue<Item>> perTask;
  private final BlockingQueue<Item> shared;
  private final Semaphore window;
  private final List<Future<?>> workers = new ArrayList<>();
  private volatile boolean closed;
  private int current;
  private int tasksDone;
  private RuntimeException failure;

  CopIterator(CopClient client, CopRequest request, List<CopTask> tasks) {
    this.client = client;
    this.request = request;
    this.tasks = List.copyOf(tasks);
    this.keepOrder = request.keepOrder();
    this.workerCount = Math.min(request.concurrency(), Math.max(1, tasks.size()));
    if (keepOrder) {
      perTask = new ArrayList<>(tasks.size());
      for (int i = 0; i < tasks.size(); i++) {
        perTask.add(new LinkedBlockingQueue<>());
      }
      shared = null;
      window = new Semaphore(workerCount);
    } else {
      perTask = null;
      shared = new LinkedBlockingQueue<>(Math.max(16, 2 * workerCount));
      window = null;
    }
  }

  void start(ExecutorService executor) {
    if (tasks.isEmpty()) {
      return;
    }
    synchronized (workers) {
      for (int i = 0; i < workerCount && !closed; i++) {
        workers.add(executor.submit(this::work));
      }
    }
  }

  private void work() {
    try {
      while (!closed) {
        if (keepOrder) {
          window.acquire();
        }
        int i = nextTask.getAndIncrement();
        if (i >= tasks.size()) {
          return;
        }
        BlockingQueue<Item> out = keepOrder ? perTask.get(i) : shared;
        try {
          client.runTask(request, tasks.get(i), r -> out.put(new Data(r)));
        } catch (InterruptedException e) {
          throw e;
        } catch (RuntimeException | Error e) {
          out.put(new Failed(e));
          return;
        }
        out.put(TASK_DONE);
      }
    } catch (InterruptedException e) {
      // Closed: nobody waits for this worker's results.
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public CopResponse next() {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      client.checkOpen();
      return null;
    }
    client.checkOpen();
    try {
      while (true) {
        if (keepOrder ? current >= tasks.size() : tasksDone >= tasks.size()) {
          close();
          return null;
        }
        BlockingQueue<Item> queue = keepOrder ? perTask.get(current) : shared;
        Item item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (item == null) {
          if (closed) {
            // Closed from another thread (the caller or the storage).
            client.checkOpen();
            return null;
          }
          continue;
        }
        switch (item) {
          case Data d -> {
            return d.response();
          }
          case TaskDone t -> {
            if (keepOrder) {
              current++;
              window.release();
            } else {
              tasksDone++;
            }
          }
          case Failed f -> {
            failure = ErrorTranslator.translate(f.failure(), request.startTs());
            close();
            throw failure;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new CancellationException("interrupted while waiting for coprocessor responses");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (workers) {
      for (Future<?> f : workers) {
        f.cancel(true);
      }
    }
    client.closed(this);
  }
}
