package io.github.clustermaster.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Reads lines from a channel by calling {@code read} on it directly: on Java 17 the
 * streams of {@code Channels.newInputStream} and {@code newOutputStream} share one lock,
 * so writing to a session blocked in a read would wait until its client types.
 * <p>
 * A line longer than the limit is skipped and reported by its length only. An unfinished
 * line at the end of the input is dropped: a client that disconnects in the middle of a
 * command runs nothing.
 *
 * @author cluster-master
 */
final class ChannelLineReader {

	private final ReadableByteChannel channel;

	private final int maxLength;

	private final ByteBuffer buffer = ByteBuffer.allocate(8192).flip();

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private long droppedAtEnd;

	ChannelLineReader(ReadableByteChannel channel, int maxLength) {
		this.channel = channel;
		this.maxLength = maxLength;
	}

	/**
	 * Read the next line, without its line terminator ({@code \n} or {@code \r\n}).
	 * Malformed UTF-8 is replaced, not rejected.
	 * @return the line, or {@code null} at the end of the input
	 * @throws IOException if reading fails, for example because the channel was closed
	 */
	@Nullable Line readLine() throws IOException {
		this.line.reset();
		long length = 0;
		while (true) {
			while (this.buffer.hasRemaining()) {
				byte next = this.buffer.get();
				if (next == '\n') {
					return line(length);
				}
				length++;
				if (length <= this.maxLength) {
					this.line.write(next);
				}
			}
			this.buffer.clear();
			int read = this.channel.read(this.buffer);
			this.buffer.flip();
			if (read < 0) {
				this.droppedAtEnd = length;
				return null;
			}
		}
	}

	private Line line(long length) {
		if (length > this.maxLength) {
			return new Line("", length, true);
		}
		String text = this.line.toString(StandardCharsets.UTF_8);
		if (text.endsWith("\r")) {
			text = text.substring(0, text.length() - 1);
		}
		return new Line(text, length, false);
	}

	/**
	 * How many bytes of an unfinished last line were dropped at the end of the input.
	 * @return the number of bytes, 0 if the input ended with a complete line
	 */
	long droppedAtEnd() {
		return this.droppedAtEnd;
	}

	/**
	 * One line of input.
	 *
	 * @param text the line, empty if it was too long
	 * @param length its length in bytes
	 * @param tooLong whether it was longer than the limit, and skipped
	 */
	record Line(String text, long length, boolean tooLong) {

	}

}
