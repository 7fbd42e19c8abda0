/**
 * The worker side on Tomcat: serve on the listening socket inherited from the master and
 * stop without dropping connections that the shared accept queue hands out.
 */
@NullMarked
package io.github.clustermaster.worker.tomcat;

import org.jspecify.annotations.NullMarked;
