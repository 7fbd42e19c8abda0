package io.github.clustermaster.release;

/**
 * The jar at the deploy path cannot be a release: missing, unreadable, truncated, not a
 * Spring Boot executable jar, or its extraction failed. The message is one line that says
 * which file and why; nothing was changed.
 *
 * @author cluster-master
 */
public class InvalidReleaseException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message the one-line reason
	 */
	public InvalidReleaseException(String message) {
		super(message);
	}

}
