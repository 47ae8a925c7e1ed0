package io.cairn.tikv.pd;

import io.cairn.tikv.testing.InProcess;
import io.cairn.tikv.testing.ModelPd;

/** Lets tests outside this package start a {@link FakePd}. */
public final class FakePdAccess {

  private final FakePd pd;

  private FakePdAccess(FakePd pd) {
    this.pd = pd;
  }

  public static FakePdAccess start(InProcess net, String url, long clusterId) {
    FakePd pd = new FakePd(url, clusterId);
    net.start(url, pd);
    return new FakePdAccess(pd);
  }

  public ModelPd model() {
    return pd.model;
  }
}
