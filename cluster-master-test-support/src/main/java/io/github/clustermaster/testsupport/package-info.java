/**
 * Test support of cluster-master's own tests: start a real master JVM with its workers
 * and never leave a process behind ({@link io.github.clustermaster.testsupport.ClusterProcess},
 * {@link io.github.clustermaster.testsupport.ClusterProcessExtension}), talk raw HTTP/1.1
 * to loopback ({@link io.github.clustermaster.testsupport.Http},
 * {@link io.github.clustermaster.testsupport.HttpConnection}), put bounded load on it
 * ({@link io.github.clustermaster.testsupport.LoadClient}) and use the master's REPL
 * ({@link io.github.clustermaster.testsupport.ReplClient}). JDK, JUnit, Awaitility and
 * Jackson (the master's event log) only. The benchmark ({@code bench/}) runs on it too.
 */
@NullMarked
package io.github.clustermaster.testsupport;

import org.jspecify.annotations.NullMarked;
