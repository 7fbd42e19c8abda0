package io.github.clustermaster.sample.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * A datagram socket standing in for systemd's {@code NOTIFY_SOCKET}: it keeps every
 * message a master sends, one datagram a message, and when each watchdog ping came.
 *
 * @author cluster-master
 */
public final class NotifySocket implements AutoCloseable {

	private final AFUNIXDatagramChannel channel;

	private final List<String> messages = new ArrayList<>();

	private final List<Long> watchdogNanos = new ArrayList<>();

	/**
	 * Bind the socket and start reading it.
	 * @param socket where to bind
	 * @throws IOException if it cannot be bound
	 */
	public NotifySocket(Path socket) throws IOException {
		this.channel = AFUNIXDatagramChannel.open();
		this.channel.bind(AFUNIXSocketAddress.of(socket));
		Thread reader = new Thread(this::read, "notify-socket");
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		ByteBuffer buffer = ByteBuffer.allocate(8192);
		try {
			while (true) {
				buffer.clear();
				this.channel.receive(buffer);
				buffer.flip();
				String message = StandardCharsets.UTF_8.decode(buffer).toString();
				synchronized (this) {
					this.messages.add(message);
					if (message.lines().anyMatch("WATCHDOG=1"::equals)) {
						this.watchdogNanos.add(System.nanoTime());
					}
				}
			}
		}
		catch (ClosedChannelException ex) {
			// closed by the test
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every message so far, in order.
	 * @return the messages
	 */
	public synchronized List<String> messages() {
		return List.copyOf(this.messages);
	}

	/**
	 * The messages that hold an assignment, in order.
	 * @param assignment a whole line, e.g. {@code READY=1}
	 * @return the messages
	 */
	public synchronized List<String> with(String assignment) {
		return this.messages.stream().filter((message) -> message.lines().anyMatch(assignment::equals)).toList();
	}

	/**
	 * Whether a message held an assignment.
	 * @param assignment a whole line, e.g. {@code READY=1}
	 * @return whether one did
	 */
	public boolean contains(String assignment) {
		return !with(assignment).isEmpty();
	}

	/**
	 * The first message that held an assignment.
	 * @param assignment a whole line, e.g. {@code READY=1}
	 * @return the message
	 * @throws java.util.NoSuchElementException if none did
	 */
	public String first(String assignment) {
		return with(assignment).stream().findFirst().orElseThrow();
	}

	/**
	 * The messages before one.
	 * @param message a message received
	 * @return the messages before its first copy
	 */
	public synchronized List<String> before(String message) {
		return List.copyOf(this.messages.subList(0, this.messages.indexOf(message)));
	}

	/**
	 * The messages after the first that held an assignment.
	 * @param assignment a whole line, e.g. {@code RELOADING=1}
	 * @return the messages after it
	 */
	public synchronized List<String> after(String assignment) {
		int at = this.messages.indexOf(first(assignment));
		return List.copyOf(this.messages.subList(at + 1, this.messages.size()));
	}

	/**
	 * The longest time between two watchdog pings.
	 * @return the gap, zero with fewer than two pings
	 */
	public synchronized Duration longestWatchdogGap() {
		long longest = 0;
		for (int i = 1; i < this.watchdogNanos.size(); i++) {
			longest = Math.max(longest, this.watchdogNanos.get(i) - this.watchdogNanos.get(i - 1));
		}
		return Duration.ofNanos(longest);
	}

	/**
	 * How many watchdog pings came.
	 * @return the count
	 */
	public synchronized int watchdogPings() {
		return this.watchdogNanos.size();
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
