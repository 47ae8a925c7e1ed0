package io.cairn.mysql.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The outbound side of one connection, used by the connection's own (virtual) thread only.
 *
 * <p>A caller builds one payload at a time in a scratch buffer ({@link #begin()}), then
 * {@link #end()} frames it with a 3-byte length and the next sequence id into a batch buffer,
 * splitting payloads of {@value PacketFramer#MAX_CHUNK} bytes or more into several physical
 * packets (ending with a shorter, possibly empty, one). The batch goes to the channel when it
 * passes {@value #BATCH_BYTES} bytes or on {@link #flush()}.
 *
 * <p>Back-pressure: before handing a batch to Netty the writer waits while the channel is not
 * writable (its outbound buffer is above the high water mark), so a large result set is
 * produced only as fast as the client reads it. {@link #writabilityChanged()} must be called
 * from the channel's handler when writability changes or the channel closes.
 */
public final class PacketOutput {

  static final int BATCH_BYTES = 64 * 1024;

  private final Channel channel;
  private final ByteBuf scratch;
  private final PayloadWriter writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition writable = lock.newCondition();
  private ByteBuf batch;
  private int sequenceId;

  public PacketOutput(Channel channel) {
    this.channel = channel;
    this.scratch = channel.alloc().heapBuffer(256);
    this.writer = new PayloadWriter(scratch);
  }

  /** Sets the sequence id of the next packet written. */
  public void sequenceId(int next) {
    this.sequenceId = next & 0xff;
  }

  public int sequenceId() {
    return sequenceId;
  }

  /** Starts a new payload; the returned writer is valid until {@link #end()}. */
  public PayloadWriter begin() {
    scratch.clear();
    return writer;
  }

  /** Frames the payload built since {@link #begin()} into the batch. */
  public void end() {
    if (batch == null) {
      batch = channel.alloc().directBuffer(Math.max(BATCH_BYTES, scratch.readableBytes() + 64));
    }
    int remaining = scratch.readableBytes();
    while (true) {
      int chunk = Math.min(remaining, PacketFramer.MAX_CHUNK);
      batch.writeMediumLE(chunk);
      batch.writeByte(sequenceId);
      sequenceId = (sequenceId + 1) & 0xff;
      batch.writeBytes(scratch, chunk);
      remaining -= chunk;
      if (chunk < PacketFramer.MAX_CHUNK) {
        break;
      }
    }
    if (batch.readableBytes() >= BATCH_BYTES) {
      flush();
    }
    if (scratch.capacity() > 4 * BATCH_BYTES) {
      scratch.clear().capacity(256);
    }
  }

  /** Sends the batch and waits while the channel is over its high water mark. */
  public void flush() {
    if (batch == null) {
      return;
    }
    awaitWritable();
    ByteBuf out = batch;
    batch = null;
    channel.writeAndFlush(out, channel.voidPromise());
  }

  private void awaitWritable() {
    lock.lock();
    try {
      while (channel.isActive() && !channel.isWritable()) {
        writable.await(100, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionClosedException();
    } finally {
      lock.unlock();
    }
    if (!channel.isActive()) {
      discard();
      throw new ConnectionClosedException();
    }
  }

  /** Wakes a writer waiting for writability; call on writability change and on close. */
  public void writabilityChanged() {
    lock.lock();
    try {
      writable.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Frees the buffers; the output is unusable afterwards. Owner thread only. */
  public void release() {
    discard();
    if (scratch.refCnt() > 0) {
      scratch.release();
    }
  }

  private void discard() {
    if (batch != null) {
      batch.release();
      batch = null;
    }
  }
}
