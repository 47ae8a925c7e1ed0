/** The storage contract the SQL layer sees (mirrors TiDB's pkg/kv): keys, snapshots, transactions, coprocessor client, typed errors, driver registry. */
package io.cairn.kv;
