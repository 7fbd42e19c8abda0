package io.github.clustermaster.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * A client of the REPL for tests: sends lines and reads what comes back up to the next
 * prompt. A thread reads everything the server writes, so that a test can also wait for
 * a message it did not ask for.
 *
 * @author cluster-master
 */
final class ReplClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final Pattern PROMPT = Pattern.compile("ClusterMaster \\(`help` for cmds\\) (\\d+) (\\d+)> ");

	private final SocketChannel channel;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private volatile boolean ended;

	private int mark;

	private final String prompt;

	private ReplClient(SocketChannel channel) {
		this.channel = channel;
		Thread reader = new Thread(this::read, "repl-client");
		reader.setDaemon(true);
		reader.start();
		String first = awaitPrompt();
		Matcher matcher = PROMPT.matcher(first);
		if (!matcher.find()) {
			throw new IllegalStateException("Expected a prompt, got '" + first + "'");
		}
		this.prompt = matcher.group();
	}

	static ReplClient connect(Path socket) {
		return connect(UnixDomainSocketAddress.of(socket));
	}

	static ReplClient connect(SocketAddress address) {
		try {
			SocketChannel channel = (address instanceof InetSocketAddress) ? SocketChannel.open()
					: SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(address);
			return new ReplClient(channel);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Connect, and read what the server writes until it closes the connection without
	 * starting a session.
	 * @param socket the REPL's socket
	 * @return what the server wrote
	 */
	static String answerWithoutSession(Path socket) {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(1024);
			while (channel.read(buffer.clear()) >= 0) {
				answer.write(buffer.array(), 0, buffer.position());
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void read() {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try {
			while (this.channel.read(buffer.clear()) >= 0) {
				synchronized (this.received) {
					this.received.write(buffer.array(), 0, buffer.position());
				}
			}
		}
		catch (IOException ex) {
			// Closed.
		}
		finally {
			this.ended = true;
		}
	}

	/** The prompt this session shows. */
	String prompt() {
		return this.prompt;
	}

	/** This session's id, from its prompt. */
	int session() {
		Matcher matcher = PROMPT.matcher(this.prompt);
		matcher.matches();
		return Integer.parseInt(matcher.group(2));
	}

	/** The master's pid, from the prompt. */
	long masterPid() {
		Matcher matcher = PROMPT.matcher(this.prompt);
		matcher.matches();
		return Long.parseLong(matcher.group(1));
	}

	/**
	 * Send a line and return what comes back before the next prompt.
	 * @param line the line, without a line terminator
	 * @return the answer, without a final line break
	 */
	String run(String line) {
		send((line + "\n").getBytes(StandardCharsets.UTF_8));
		return strip(awaitPrompt());
	}

	/**
	 * Send a line and return everything until the server closes the connection.
	 * @param line the line
	 * @return the answer
	 */
	String runToEnd(String line) {
		send((line + "\n").getBytes(StandardCharsets.UTF_8));
		return awaitEnd();
	}

	/**
	 * Send bytes as they are.
	 * @param bytes the bytes
	 */
	void send(byte[] bytes) {
		try {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				this.channel.write(buffer);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Wait for the next prompt and consume what was received up to its end; what comes
	 * after it (a message the server sent on its own) stays unread.
	 * @return what was received, the prompt included
	 */
	String awaitPrompt() {
		Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> PROMPT.matcher(unread()).find() || this.ended);
		String text = unread();
		Matcher prompt = PROMPT.matcher(text);
		if (!prompt.find()) {
			throw new IllegalStateException("The connection ended without a prompt; received '" + text + "'");
		}
		String answer = text.substring(0, prompt.end());
		synchronized (this.received) {
			this.mark += answer.getBytes(StandardCharsets.UTF_8).length;
		}
		return answer;
	}

	/**
	 * Wait until the server closes the connection.
	 * @return what was received since the last answer
	 */
	String awaitEnd() {
		Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> this.ended);
		String text = unread();
		consume();
		return text;
	}

	/** Whether the server closed the connection. */
	boolean isEnded() {
		return this.ended;
	}

	/** What was received since the last answer, not consumed. */
	String unread() {
		synchronized (this.received) {
			byte[] bytes = this.received.toByteArray();
			return new String(bytes, this.mark, bytes.length - this.mark, StandardCharsets.UTF_8);
		}
	}

	private void consume() {
		synchronized (this.received) {
			this.mark = this.received.size();
		}
	}

	private String strip(String text) {
		String answer = text.substring(0, text.length() - this.prompt.length());
		return answer.endsWith("\n") ? answer.substring(0, answer.length() - 1) : answer;
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Closed anyway.
		}
	}

}
