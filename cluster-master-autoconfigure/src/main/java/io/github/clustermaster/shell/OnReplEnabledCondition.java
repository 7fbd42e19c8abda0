package io.github.clustermaster.shell;

import io.github.clustermaster.master.ReplAddress;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code cluster.master.repl} turns the REPL off. An invalid value matches,
 * so that starting the REPL fails and says why.
 *
 * @author cluster-master
 */
class OnReplEnabledCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		ConditionMessage.Builder message = ConditionMessage.forCondition("cluster-master REPL");
		try {
			ReplAddress address = ReplAddress.of(context.getEnvironment());
			if (address.isOff()) {
				return ConditionOutcome.noMatch(message.because(ReplAddress.PROPERTY + " is '"
						+ context.getEnvironment().getProperty(ReplAddress.PROPERTY) + "'"));
			}
			return ConditionOutcome.match(message.because("it listens on " + address));
		}
		catch (IllegalArgumentException ex) {
			return ConditionOutcome.match(message.because(ReplAddress.PROPERTY + " is invalid: " + ex.getMessage()));
		}
	}

}
