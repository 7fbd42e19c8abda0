package io.github.clustermaster.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What the master answered to a {@link ClusterCommand}.
 *
 * @param outcome how it went
 * @param message one line saying what was done or why not
 * @param cluster the cluster once the command was handled, or {@code null} if it was not
 * @author cluster-master
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandOutcome(Outcome outcome, String message, @Nullable ClusterDescriptor cluster) {

	/**
	 * How a command went.
	 */
	public enum Outcome {

		/** Done: the answer is complete (a status, or a command that has finished). */
		DONE,

		/** Accepted and started; it goes on after the answer. */
		STARTED,

		/** Refused because of the command's own values; nothing changed. */
		REJECTED,

		/** Refused because of what the cluster is doing (restarting, quitting); nothing changed. */
		CONFLICT,

		/**
		 * Started, but it did not end as asked: a rolling restart aborted, a resize
		 * superseded by a later one.
		 */
		FAILED

	}

}
