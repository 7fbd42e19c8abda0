/**
 * The pool's shared sessions for WebFlux applications: a {@code WebSessionStore} over the
 * master's store.
 */
@NullMarked
package io.github.clustermaster.session.reactive;

import org.jspecify.annotations.NullMarked;
