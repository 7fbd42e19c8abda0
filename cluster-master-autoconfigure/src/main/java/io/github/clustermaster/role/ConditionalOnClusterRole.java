package io.github.clustermaster.role;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches only in a JVM of the given {@link ClusterRole role}, as published in
 * {@code cluster.master.role} before the context is built.
 *
 * @author cluster-master
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnClusterRoleCondition.class)
public @interface ConditionalOnClusterRole {

	/**
	 * The role that must match.
	 * @return the role
	 */
	ClusterRole value();

}
