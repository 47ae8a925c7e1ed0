/**
 * The driver's face to the rest of Cairn: the {@link io.cairn.kv.Driver}s of the three URL
 * schemes ({@code tikv://}, {@code unistore://}, {@code embedded://}, registered through
 * {@code META-INF/services/io.cairn.kv.Driver}) and the {@link io.cairn.tikv.driver.StoreCache}
 * they share. Store creation runs in this order: parse the URL and its options; start the
 * in-process PD and nodes (unistore, embedded); open {@link io.cairn.tikv.txn.TikvStorage},
 * which builds the PD client and the region cache; cache the store. A failure at any step
 * closes what the earlier steps built.
 */
package io.cairn.tikv.driver;
