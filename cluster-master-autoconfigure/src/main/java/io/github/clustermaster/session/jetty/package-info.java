/**
 * The pool's HTTP sessions under Jetty's own session API: a {@code SessionCache} and a
 * {@code SessionDataStore} over the store the master holds, installed on the context's
 * {@code SessionHandler}. Jetty keeps its own cookie, timeout and listeners; Spring
 * Session is not involved.
 */
@NullMarked
package io.github.clustermaster.session.jetty;

import org.jspecify.annotations.NullMarked;
