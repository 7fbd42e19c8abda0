package io.github.clustermaster.role;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition of {@link ConditionalOnClusterRole @ConditionalOnClusterRole}.
 *
 * @author cluster-master
 */
class OnClusterRoleCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnClusterRole.class.getName());
		ClusterRole wanted = (ClusterRole) attributes.get("value");
		ClusterRole role = ClusterRole.of(context.getEnvironment());
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnClusterRole.class,
				wanted.propertyValue());
		return (role == wanted) ? ConditionOutcome.match(message.because(ClusterRole.PROPERTY + " is " + role.propertyValue()))
				: ConditionOutcome.noMatch(message.because(ClusterRole.PROPERTY + " is " + role.propertyValue()));
	}

}
