package io.github.clustermaster.shell;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

import io.github.clustermaster.events.MasterEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.CommandContext;

/**
 * One connection to the REPL, on a thread of its own: prompt, read a line, run it, until
 * the client says {@code exit}, goes away, or the server stops. It is also the
 * {@link InputReader} of its commands' {@link CommandContext}, which is how a command
 * finds the session it runs in; the commands do not read input themselves.
 *
 * @author cluster-master
 */
final class ReplSession implements InputReader {

	private static final Log logger = LogFactory.getLog(ReplSession.class);

	/** The longest line a session reads, in bytes; a longer one is skipped. */
	static final int MAX_LINE = 4096;

	private final int id;

	private final SocketChannel channel;

	private final ReplServer server;

	private final ReplShell shell;

	private final Consumer<MasterEvent> events;

	private final Instant connectedAt = Instant.now();

	private final String peer;

	private final ReplOutput output;

	private final ChannelLineReader reader;

	private volatile boolean closed;

	private volatile @Nullable Thread thread;

	ReplSession(int id, SocketChannel channel, ReplServer server, ReplShell shell, Consumer<MasterEvent> events) {
		this.id = id;
		this.events = events;
		this.channel = channel;
		this.server = server;
		this.shell = shell;
		this.peer = peer(channel);
		this.output = new ReplOutput(channel, prompt(ProcessHandle.current().pid(), id));
		this.reader = new ChannelLineReader(channel, MAX_LINE);
	}

	/**
	 * The prompt, in the seed's spirit.
	 * @param pid the master's pid
	 * @param id the session id
	 * @return the prompt
	 */
	static String prompt(long pid, int id) {
		return "ClusterMaster (`help` for cmds) " + pid + " " + id + "> ";
	}

	/**
	 * The session a command runs in.
	 * @param context the command's context
	 * @return the session
	 * @throws IllegalStateException if the command does not run in a REPL session
	 */
	static ReplSession of(CommandContext context) {
		if (context.inputReader() instanceof ReplSession session) {
			return session;
		}
		throw new IllegalStateException("Not in a REPL session");
	}

	/**
	 * Start the session's thread.
	 */
	synchronized void start() {
		Thread thread = new Thread(this::run, "cluster-master-repl-" + this.id);
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
	}

	private void run() {
		logger.info("REPL session " + this.id + " opened by " + this.peer);
		try {
			while (!this.closed) {
				this.output.prompt();
				ChannelLineReader.Line line = this.reader.readLine();
				if (line == null) {
					if (this.reader.droppedAtEnd() > 0) {
						this.events.accept(new MasterEvent.ReplClientLeft(this.id, this.reader.droppedAtEnd()));
					}
					break;
				}
				this.output.promptAnswered();
				if (line.tooLong()) {
					this.output.write("Ignored a line of " + line.length() + " bytes: a line may have at most "
							+ MAX_LINE + "\n");
				}
				else if (!this.shell.run(line.text(), this)) {
					break;
				}
			}
		}
		catch (IOException ex) {
			if (!this.closed) {
				logger.debug("REPL session " + this.id + " lost its client: " + ex);
			}
		}
		finally {
			close();
			this.server.ended(this);
			logger.info("REPL session " + this.id + " closed");
		}
	}

	/**
	 * Write a message from elsewhere, on a line of its own.
	 * @param message the message
	 */
	void deliver(String message) {
		deliver(message, true);
	}

	/**
	 * Write the last message this session gets, before the server closes it.
	 * @param message the message
	 */
	void farewell(String message) {
		deliver(message, false);
	}

	private void deliver(String message, boolean promptAgain) {
		try {
			this.output.deliver(message, promptAgain);
		}
		catch (IOException ex) {
			logger.debug("REPL session " + this.id + " did not get a message: " + ex);
		}
	}

	/**
	 * Close the connection and stop the session's thread, even in the middle of a command.
	 */
	void close() {
		this.closed = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
		Thread thread = this.thread;
		if (thread != null && thread != Thread.currentThread()) {
			thread.interrupt();
		}
	}

	/**
	 * Wait for the session's thread to end.
	 * @param timeout how long to wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	void join(Duration timeout) throws InterruptedException {
		Thread thread = this.thread;
		if (thread != null) {
			thread.join(Math.max(1, timeout.toMillis()));
		}
	}

	int id() {
		return this.id;
	}

	ReplServer server() {
		return this.server;
	}

	ReplOutput output() {
		return this.output;
	}

	/**
	 * This session in a few words: {@code session 3, local client, open for 5m 03s}.
	 * @return the description
	 */
	String describe() {
		return "session " + this.id + ", " + this.peer + ", open for "
				+ ReplFormat.duration(Duration.between(this.connectedAt, Instant.now()));
	}

	private static String peer(SocketChannel channel) {
		try {
			SocketAddress remote = channel.getRemoteAddress();
			if (remote instanceof InetSocketAddress inet) {
				return "client " + inet.getAddress().getHostAddress() + ":" + inet.getPort();
			}
			return "local client";
		}
		catch (IOException ex) {
			return "client gone";
		}
	}

	@Override
	public String toString() {
		return "REPL session " + this.id;
	}

}
