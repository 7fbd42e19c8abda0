/**
 * Integration-test harness for the sample app: start a real master JVM with its workers,
 * talk to it over loopback HTTP, put bounded load on it, and never leave a process behind.
 */
@NullMarked
package io.github.clustermaster.sample.support;

import org.jspecify.annotations.NullMarked;
