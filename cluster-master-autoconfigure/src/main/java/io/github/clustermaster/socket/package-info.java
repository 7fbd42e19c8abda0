/**
 * The listening socket that the master binds once and every worker inherits as its
 * standard input, so that all workers accept from one kernel queue (the way gunicorn,
 * unicorn and nginx share a port). Free of Spring Boot.
 */
@NullMarked
package io.github.clustermaster.socket;

import org.jspecify.annotations.NullMarked;
