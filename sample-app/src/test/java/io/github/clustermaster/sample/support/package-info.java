/**
 * What the sample app's integration tests need beyond the shared test support
 * ({@code io.github.clustermaster.testsupport}): where the sample's fat jar is.
 */
@NullMarked
package io.github.clustermaster.sample.support;

import org.jspecify.annotations.NullMarked;
