/**
 * The pool's HTTP sessions under Tomcat's own session API: a {@code Manager} whose
 * sessions live in the store the master holds, and an engine valve that saves what a
 * request changed before its response leaves. Applications need nothing more than
 * Tomcat; Spring Session is not involved.
 */
@NullMarked
package io.github.clustermaster.session.tomcat;

import org.jspecify.annotations.NullMarked;
