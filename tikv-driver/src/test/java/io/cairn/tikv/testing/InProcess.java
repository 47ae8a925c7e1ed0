package io.cairn.tikv.testing;

import io.cairn.tikv.rpc.ChannelFactory;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** In-process gRPC servers named by address, and the channel factory that reaches them. */
public final class InProcess implements AutoCloseable {

  private final List<Server> servers = new ArrayList<>();

  public Server start(String name, BindableService... services) {
    InProcessServerBuilder b = InProcessServerBuilder.forName(name);
    for (BindableService s : services) {
      b.addService(s);
    }
    try {
      Server server = b.build().start();
      servers.add(server);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ChannelFactory channels() {
    return address -> InProcessChannelBuilder.forName(ChannelFactory.stripScheme(address)).build();
  }

  @Override
  public void close() {
    servers.forEach(Server::shutdownNow);
  }
}
