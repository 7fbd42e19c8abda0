package io.github.clustermaster.master;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.role.ConditionalOnClusterRole;

import org.springframework.context.annotation.Configuration;

/**
 * Marks a configuration class of the application that runs in the master, for example
 * one that declares a {@link io.github.clustermaster.messaging.ClusterMessageListener}.
 * The master finds such classes in the package of the application's main class and its
 * sub-packages, and loads them next to its own configuration: they are the only classes of
 * the application it loads, so they must not depend on the application's other beans.
 * Workers and standalone applications skip them.
 *
 * @author cluster-master
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Configuration(proxyBeanMethods = false)
@ConditionalOnClusterRole(ClusterRole.MASTER)
public @interface ClusterMasterConfiguration {

}
