/** The storage node's side of the coprocessor: the data source the executors pull from. */
package io.cairn.storage.copr;
