package io.cairn.tikv.retry;

/** Waits; tests replace it to run backoffs without wall time. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = Thread::sleep;

  void sleep(long millis) throws InterruptedException;
}
