package io.cairn.mysql.wire;

import io.cairn.mysql.auth.Scrambles;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A minimal MySQL client over a plain socket, for packet-level tests. */
public final class RawClient implements AutoCloseable {

  public static final int BASE_CAPS = Capabilities.LONG_PASSWORD | Capabilities.PROTOCOL_41
      | Capabilities.SECURE_CONNECTION | Capabilities.PLUGIN_AUTH | Capabilities.TRANSACTIONS
      | Capabilities.MULTI_RESULTS | Capabilities.CONNECT_WITH_DB
      | Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA;

  public final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  public int seq;
  public byte[] greeting;

  public RawClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Reads one logical packet (joining 16 MiB chunks). */
  public byte[] read() throws IOException {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    while (true) {
      int len = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
      seq = (in.readUnsignedByte() + 1) & 0xff;
      byte[] chunk = new byte[len];
      in.readFully(chunk);
      joined.writeBytes(chunk);
      if (len < PacketFramer.MAX_CHUNK) {
        return joined.toByteArray();
      }
    }
  }

  /** True when the server closed the connection (EOF or reset) within the socket timeout. */
  public boolean closedByServer() {
    try {
      while (true) {
        read();
      }
    } catch (EOFException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Writes one logical packet, splitting it into 16 MiB chunks. */
  public void write(byte[] payload) throws IOException {
    int off = 0;
    ByteArrayOutputStream buf = new ByteArrayOutputStream(payload.length + 16);
    while (true) {
      int len = Math.min(payload.length - off, PacketFramer.MAX_CHUNK);
      buf.write(len);
      buf.write(len >>> 8);
      buf.write(len >>> 16);
      buf.write(seq);
      seq = (seq + 1) & 0xff;
      buf.write(payload, off, len);
      off += len;
      if (len < PacketFramer.MAX_CHUNK) {
        break;
      }
    }
    out.write(buf.toByteArray());
    out.flush();
  }

  public void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  public void command(int command, byte[] body) throws IOException {
    seq = 0;
    byte[] p = new byte[body.length + 1];
    p[0] = (byte) command;
    System.arraycopy(body, 0, p, 1, body.length);
    write(p);
  }

  public void query(String sql) throws IOException {
    command(0x03, sql.getBytes(StandardCharsets.UTF_8));
  }

  /** Reads the greeting and logs in as {@code user} with {@code password}; returns the reply. */
  public byte[] login(String user, String password, int caps) throws IOException {
    greeting = read();
    PayloadReader r = new PayloadReader(greeting);
    r.int1();
    r.nulString();
    r.int4();
    byte[] s1 = r.bytes(8);
    r.skip(1 + 2 + 1 + 2 + 2 + 1 + 10);
    byte[] s2 = r.bytes(12);
    byte[] scramble = new byte[20];
    System.arraycopy(s1, 0, scramble, 0, 8);
    System.arraycopy(s2, 0, scramble, 8, 12);
    byte[] auth = password.isEmpty() ? new byte[0]
        : Scrambles.nativeResponse(password.getBytes(StandardCharsets.UTF_8), scramble);
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) caps, (byte) (caps >>> 8), (byte) (caps >>> 16), (byte) (caps >>> 24)});
    p.writeBytes(new byte[] {0, 0, 0, 1, 45});
    p.writeBytes(new byte[23]);
    p.writeBytes(user.getBytes(StandardCharsets.UTF_8));
    p.write(0);
    p.write(auth.length);
    p.writeBytes(auth);
    p.writeBytes("test".getBytes(StandardCharsets.UTF_8));
    p.write(0);
    p.writeBytes("mysql_native_password".getBytes(StandardCharsets.UTF_8));
    p.write(0);
    write(p.toByteArray());
    return read();
  }

  /** Reads packets up to and including the one that ends a response (OK/ERR/EOF-after-rows). */
  public List<byte[]> readResultSet(boolean deprecateEof) throws IOException {
    List<byte[]> packets = new ArrayList<>();
    byte[] first = read();
    packets.add(first);
    if (isOk(first) || isErr(first)) {
      return packets;
    }
    int columns = (int) new PayloadReader(first).lenenc();
    for (int i = 0; i < columns; i++) {
      packets.add(read());
    }
    if (!deprecateEof) {
      packets.add(read());
    }
    while (true) {
      byte[] p = read();
      packets.add(p);
      if (isErr(p) || (p.length > 0 && (p[0] & 0xff) == 0xfe && p.length < PacketFramer.MAX_CHUNK)) {
        return packets;
      }
    }
  }

  public static boolean isOk(byte[] p) {
    return p.length > 0 && p[0] == 0;
  }

  public static boolean isErr(byte[] p) {
    return p.length > 0 && (p[0] & 0xff) == 0xff;
  }

  public static int errno(byte[] p) {
    return (p[1] & 0xff) | (p[2] & 0xff) << 8;
  }

  public static String message(byte[] p) {
    return new String(Arrays.copyOfRange(p, 9, p.length), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
