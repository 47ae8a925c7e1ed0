/** The kv-interface implementation over the TiKV protocol (store cache, PD client, region cache, backoff, 2PC, lock resolver, coprocessor client) and the unistore/embedded wiring. */
package io.cairn.tikv;
