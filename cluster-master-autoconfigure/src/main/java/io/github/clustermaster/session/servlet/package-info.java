/**
 * The pool's shared sessions for servlet applications: a Spring Session
 * {@code SessionRepository} over the master's store.
 */
@NullMarked
package io.github.clustermaster.session.servlet;

import org.jspecify.annotations.NullMarked;
