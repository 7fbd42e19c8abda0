package io.github.clustermaster.master;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches only in the master: keeps {@link ClusterMasterConfiguration} classes out of
 * workers and standalone applications, which find them when they scan for components.
 *
 * @author cluster-master
 */
class OnMasterCondition extends SpringBootCondition {

	/** The property {@code ClusterRunListener} sets to the JVM's role. */
	static final String ROLE_PROPERTY = "cluster.master.role";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String role = context.getEnvironment().getProperty(ROLE_PROPERTY, "standalone");
		return "master".equals(role) ? ConditionOutcome.match("cluster.master.role is master")
				: ConditionOutcome.noMatch("@ClusterMasterConfiguration runs only in the master; cluster.master.role is "
						+ role);
	}

}
