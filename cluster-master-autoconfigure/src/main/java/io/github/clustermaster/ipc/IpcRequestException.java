package io.github.clustermaster.ipc;

/**
 * A command or a message that expected an answer got none: the master answered with an
 * error, did not answer in time, or the connection closed first.
 *
 * @author cluster-master
 */
public class IpcRequestException extends RuntimeException {

	private final boolean answered;

	IpcRequestException(String message, boolean answered) {
		super(message);
		this.answered = answered;
	}

	/**
	 * Whether the master answered, with an error; otherwise it did not answer at all.
	 * @return whether the master answered
	 */
	public boolean isAnswered() {
		return this.answered;
	}

}
