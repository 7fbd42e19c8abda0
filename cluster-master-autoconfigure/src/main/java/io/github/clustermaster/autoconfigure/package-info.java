/**
 * Where cluster-master meets Spring Boot: the role decided before the context is built,
 * and the auto-configuration of the workers.
 */
@NullMarked
package io.github.clustermaster.autoconfigure;

import org.jspecify.annotations.NullMarked;
