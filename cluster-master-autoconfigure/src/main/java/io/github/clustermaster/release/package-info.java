/**
 * Releases: the application a master launches, fingerprinted by content and prepared once
 * (Boot's extracted layout) in a cache directory of the master's own, so workers never
 * launch from the deploy path; and the class-data archives (dynamic CDS, the AOT cache)
 * that make later workers of a release start faster. Boot-free: JDK and commons-logging.
 */
@NullMarked
package io.github.clustermaster.release;

import org.jspecify.annotations.NullMarked;
