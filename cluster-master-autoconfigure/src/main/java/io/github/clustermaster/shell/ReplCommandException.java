package io.github.clustermaster.shell;

/**
 * A command that cannot do what it was asked, for a reason the person at the REPL can act
 * on. The session prints it as one line: the command's name, then this message.
 *
 * @author cluster-master
 */
class ReplCommandException extends RuntimeException {

	ReplCommandException(String message) {
		super(message);
	}

}
