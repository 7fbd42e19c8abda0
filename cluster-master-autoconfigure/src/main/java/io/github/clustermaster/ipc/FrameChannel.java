package io.github.clustermaster.ipc;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link Frame frames} on a blocking socket channel. Reads and writes
 * call the channel directly: on Java 17 the streams of {@code Channels} take one lock for
 * both, so a write would wait for a blocked read.
 *
 * @author cluster-master
 */
final class FrameChannel implements Closeable {

	/**
	 * The longest frame accepted; a sender refuses to write a longer one, and a longer
	 * line read ends the connection.
	 */
	/** Each frame's {@code type}, as {@link Frame}'s {@code @JsonSubTypes} names it. */
	private static final Map<Class<?>, String> TYPES = Arrays
		.stream(Frame.class.getAnnotation(JsonSubTypes.class).value())
		.collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

	static final int MAX_FRAME_BYTES = 1024 * 1024;

	private static final JsonMapper json = WireJson.mapper();

	private final SocketChannel channel;

	private final ByteBuffer input = ByteBuffer.allocate(8192).flip();

	private final Object writeLock = new Object();

	FrameChannel(SocketChannel channel) {
		this.channel = channel;
	}

	/**
	 * Read the next frame.
	 * @return the frame, or {@code null} at the end of the stream
	 * @throws IOException on an I/O error or a malformed or oversized frame
	 */
	@Nullable Frame read() throws IOException {
		byte[] line = null;
		int length = 0;
		while (true) {
			int start = this.input.position();
			int end = indexOfNewline(this.input);
			int chunk = ((end >= 0) ? end : this.input.limit()) - start;
			if (length + chunk > MAX_FRAME_BYTES) {
				throw new IOException("Frame longer than " + MAX_FRAME_BYTES + " bytes");
			}
			if (end >= 0 && line == null) {
				// The whole line is in the buffer: the common case, parsed in place.
				this.input.position(end + 1);
				return parse(this.input.array(), start, chunk);
			}
			if (chunk > 0) {
				if (line == null) {
					line = new byte[Math.max(2 * chunk, 8192)];
				}
				else if (line.length < length + chunk) {
					line = Arrays.copyOf(line, Math.max(2 * line.length, length + chunk));
				}
				this.input.get(line, length, chunk);
				length += chunk;
			}
			if (end >= 0) {
				this.input.position(end + 1);
				return parse(line, 0, length);
			}
			this.input.clear();
			int read = this.channel.read(this.input);
			this.input.flip();
			if (read < 0) {
				if (length > 0) {
					throw new EOFException("Connection closed in the middle of a frame");
				}
				return null;
			}
		}
	}

	private static int indexOfNewline(ByteBuffer buffer) {
		byte[] bytes = buffer.array();
		for (int i = buffer.position(), limit = buffer.limit(); i < limit; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private Frame parse(byte[] line, int offset, int length) throws IOException {
		try {
			return json.readValue(line, offset, length, Frame.class);
		}
		catch (JacksonException ex) {
			throw new IOException("Malformed frame: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Write a frame and read it back, unsent, so that the mapper has built what it needs for
	 * that kind of frame: the first use of a record type costs Jackson tens of milliseconds
	 * (30-100 ms measured for {@link Frame.Promote} on 2 busy cores), which a frame that must
	 * act at once should not pay when it is sent.
	 * @param frame a frame of the kind to prepare
	 * @return the frame read back
	 */
	static Frame prepare(Frame frame) {
		byte[] line = encode(frame);
		return json.readValue(line, 0, line.length - 1, Frame.class);
	}

	/**
	 * Write a frame; safe to call from several threads.
	 * @param frame the frame
	 * @throws IOException on an I/O error
	 */
	void write(Frame frame) throws IOException {
		write(encode(frame));
	}

	/**
	 * Encode a frame as one line.
	 * @param frame the frame
	 * @return the bytes of the line, newline included
	 * @throws FrameTooLargeException if the frame is longer than {@link #MAX_FRAME_BYTES}
	 */
	static byte[] encode(Frame frame) {
		byte[] bytes = json.writeValueAsBytes(frame);
		if (bytes.length > MAX_FRAME_BYTES) {
			throw new FrameTooLargeException(type(frame), bytes.length);
		}
		byte[] line = Arrays.copyOf(bytes, bytes.length + 1);
		line[bytes.length] = '\n';
		return line;
	}

	/**
	 * The name of a frame's type, as written on the wire.
	 * @param frame the frame
	 * @return the name, e.g. {@code hello}
	 */
	static String type(Frame frame) {
		return TYPES.getOrDefault(frame.getClass(), frame.getClass().getSimpleName().toLowerCase(Locale.ROOT));
	}

	/**
	 * Write an encoded frame; safe to call from several threads.
	 * @param line a line from {@link #encode(Frame)}
	 * @throws IOException on an I/O error
	 */
	void write(byte[] line) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(line);
		synchronized (this.writeLock) {
			// A socket channel is interruptible: a write by a thread whose interrupt flag is
			// set closes it, for every thread. Callers are request threads that a server may
			// interrupt (Reactor's boundedElastic cancels with interrupts), and closing a
			// worker's only link to its master makes the worker exit: the flag waits.
			boolean interrupted = Thread.interrupted();
			try {
				while (buffer.hasRemaining()) {
					this.channel.write(buffer);
				}
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
