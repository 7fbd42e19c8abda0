package io.github.clustermaster.sample.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks an IT class that asserts how long something takes (a takeover within the lease,
 * a watchdog gap, a scale step, a kill noticed in time, few failed requests under load).
 * The build runs the other ITs two classes at a time and these alone, after them (the
 * {@code timing} execution of failsafe in the sample's pom), so that no other test's
 * boots take the cores they are timed on.
 *
 * @author cluster-master
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("timing")
public @interface TimingSensitive {

}
