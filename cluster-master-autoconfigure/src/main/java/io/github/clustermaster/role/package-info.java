/**
 * The role a JVM running the application plays (master, worker or standalone), and the
 * condition that keeps a bean to one role.
 */
@NullMarked
package io.github.clustermaster.role;

import org.jspecify.annotations.NullMarked;
