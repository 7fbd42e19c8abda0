/**
 * A worker's share of Spring Security: Boot's generated password, the pool's.
 */
@NullMarked
package io.github.clustermaster.worker.security;

import org.jspecify.annotations.NullMarked;
