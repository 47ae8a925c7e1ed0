/**
 * The driver's side of MVCC garbage collection (client-go's {@code tikv/safepoint.go}): the
 * GC safe point read from PD and the visibility check every read makes against it. The driver
 * runs no GC worker: advancing the safe point and collecting versions is the job of whoever
 * calls PD's {@code UpdateGCSafePoint} and of the storage nodes' GC.
 */
package io.cairn.tikv.gc;
