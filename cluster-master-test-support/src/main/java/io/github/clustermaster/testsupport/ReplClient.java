package io.github.clustermaster.testsupport;

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
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A client of a master's REPL, on its UNIX socket or TCP address: sends lines and returns
 * what comes back before the next prompt. A daemon thread reads everything the master
 * writes, so that a test can also wait for a message it did not ask for (a {@code debug}
 * from another session).
 *
 * @author cluster-master
 */
public final class ReplClient implements AutoCloseable {

	/** How long an answer may take; a resize or a restart waits for workers to boot. */
	public static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final Pattern PROMPT = Pattern.compile("ClusterMaster \\(`help` for cmds\\) (\\d+) (\\d+)> ");

	private final SocketChannel channel;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private final String prompt;

	private volatile boolean ended;

	private int mark;

	private ReplClient(SocketChannel channel) {
		this.channel = channel;
		Thread reader = new Thread(this::read, "repl-client");
		reader.setDaemon(true);
		reader.start();
		Matcher matcher = PROMPT.matcher(awaitPrompt(Duration.ofSeconds(30)));
		if (!matcher.find()) {
			close();
			throw new AssertionError("Expected the REPL's prompt");
		}
		this.prompt = matcher.group();
	}

	/**
	 * Open a session on a UNIX socket.
	 * @param socket the socket file
	 * @return the session, at its first prompt
	 */
	public static ReplClient connect(Path socket) {
		return connect(UnixDomainSocketAddress.of(socket));
	}

	/**
	 * Open a session on a UNIX socket or a TCP address.
	 * @param address the address
	 * @return the session, at its first prompt
	 */
	public static ReplClient connect(SocketAddress address) {
		try {
			SocketChannel channel = (address instanceof InetSocketAddress) ? SocketChannel.open()
					: SocketChannel.open(StandardProtocolFamily.UNIX);
			channel.connect(address);
			return new ReplClient(channel);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot connect to the REPL on " + address, ex);
		}
	}

	/**
	 * Connect, and read what the master writes until it closes the connection without
	 * starting a session (for example because it has too many).
	 * @param socket the REPL's socket file
	 * @return what the master wrote
	 */
	public static String answerWithoutSession(Path socket) {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			ByteBuffer buffer = ByteBuffer.allocate(1024);
			while (channel.read(buffer.clear()) >= 0) {
				answer.write(buffer.array(), 0, buffer.position());
			}
			return answer.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the REPL on " + socket, ex);
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

	/**
	 * Return the prompt of this session.
	 * @return the prompt
	 */
	public String prompt() {
		return this.prompt;
	}

	/**
	 * Return this session's id, read from its prompt.
	 * @return the id
	 */
	public int session() {
		return Integer.parseInt(group(2));
	}

	/**
	 * Return the master's pid, read from the prompt.
	 * @return the pid
	 */
	public long masterPid() {
		return Long.parseLong(group(1));
	}

	private String group(int group) {
		Matcher matcher = PROMPT.matcher(this.prompt);
		if (!matcher.matches()) {
			throw new IllegalStateException(this.prompt);
		}
		return matcher.group(group);
	}

	/**
	 * Send a line and return what comes back before the next prompt.
	 * @param line the line, without a line terminator
	 * @return the answer, without its final line break
	 */
	public String run(String line) {
		send((line + "\n").getBytes(StandardCharsets.UTF_8));
		String text = awaitPrompt(TIMEOUT);
		String answer = text.substring(0, text.length() - this.prompt.length());
		return answer.endsWith("\n") ? answer.substring(0, answer.length() - 1) : answer;
	}

	/**
	 * Send a line and return everything until the master closes the session.
	 * @param line the line, without a line terminator
	 * @return the answer
	 */
	public String runToEnd(String line) {
		send((line + "\n").getBytes(StandardCharsets.UTF_8));
		return awaitEnd(TIMEOUT);
	}

	/**
	 * Send bytes as they are.
	 * @param bytes the bytes
	 */
	public void send(byte[] bytes) {
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
	 * Wait up to {@link #TIMEOUT} for the next prompt, see {@link #awaitPrompt(Duration)}.
	 * @return what was received, the prompt included
	 */
	public String awaitPrompt() {
		return awaitPrompt(TIMEOUT);
	}

	/**
	 * Wait for the next prompt and consume what was received up to its end; what comes
	 * after it (a message the master sent on its own) stays unread.
	 * @param timeout how long to wait
	 * @return what was received, the prompt included
	 */
	public String awaitPrompt(Duration timeout) {
		AtomicReference<String> text = new AtomicReference<>("");
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> {
				text.set(unread());
				return PROMPT.matcher(text.get()).find() || this.ended;
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("No prompt from the REPL within " + timeout + "; received '" + text.get() + "'",
					ex);
		}
		Matcher prompt = PROMPT.matcher(unread());
		if (!prompt.find()) {
			throw new AssertionError("The REPL closed the session; received '" + unread() + "'");
		}
		String answer = unread().substring(0, prompt.end());
		consume(answer);
		return answer;
	}

	/**
	 * Wait until what was received since the last answer matches, without consuming it.
	 * @param pattern what to find
	 * @param timeout how long to wait
	 * @return what was received
	 */
	public String awaitUnread(Pattern pattern, Duration timeout) {
		AtomicReference<String> text = new AtomicReference<>("");
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> {
				text.set(unread());
				return pattern.matcher(text.get()).find();
			});
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Nothing matching /" + pattern + "/ from the REPL within " + timeout
					+ "; received '" + text.get() + "'", ex);
		}
		return text.get();
	}

	/**
	 * Wait up to {@link #TIMEOUT} until the master closes the session.
	 * @return what was received since the last answer
	 */
	public String awaitEnd() {
		return awaitEnd(TIMEOUT);
	}

	/**
	 * Wait until the master closes the session.
	 * @param timeout how long to wait
	 * @return what was received since the last answer
	 */
	public String awaitEnd(Duration timeout) {
		try {
			Waiting.upTo(timeout, Duration.ofMillis(20)).until(() -> this.ended);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The REPL did not close the session within " + timeout + "; received '"
					+ unread() + "'", ex);
		}
		String text = unread();
		consume();
		return text;
	}

	/**
	 * Whether the master closed the session.
	 * @return whether the connection ended
	 */
	public boolean isEnded() {
		return this.ended;
	}

	/**
	 * Return what was received since the last answer, without consuming it.
	 * @return the text
	 */
	public String unread() {
		synchronized (this.received) {
			byte[] bytes = this.received.toByteArray();
			return new String(bytes, this.mark, bytes.length - this.mark, StandardCharsets.UTF_8);
		}
	}

	private void consume(String text) {
		synchronized (this.received) {
			this.mark += text.getBytes(StandardCharsets.UTF_8).length;
		}
	}

	private void consume() {
		synchronized (this.received) {
			this.mark = this.received.size();
		}
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
