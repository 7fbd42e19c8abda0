package io.github.clustermaster.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a master's event log as it grows: each call reads the lines appended since the
 * last one; a line not yet ended by its line feed waits for the next call.
 *
 * @author cluster-master
 */
final class EventLogReader {

	private final Path file;

	private final List<ClusterEvent> events = new ArrayList<>();

	private byte[] partial = new byte[0];

	private long offset;

	EventLogReader(Path file) {
		this.file = file;
	}

	Path file() {
		return this.file;
	}

	/**
	 * Return every event written so far.
	 * @return a snapshot of the events
	 */
	synchronized List<ClusterEvent> events() {
		read();
		return List.copyOf(this.events);
	}

	private void read() {
		if (!Files.exists(this.file)) {
			return;
		}
		try (FileChannel channel = FileChannel.open(this.file, StandardOpenOption.READ)) {
			long size = channel.size();
			if (size <= this.offset) {
				return;
			}
			ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(size - this.offset));
			while (buffer.hasRemaining()) {
				if (channel.read(buffer, this.offset + buffer.position()) < 0) {
					break;
				}
			}
			this.offset += buffer.position();
			byte[] bytes = new byte[this.partial.length + buffer.position()];
			System.arraycopy(this.partial, 0, bytes, 0, this.partial.length);
			System.arraycopy(buffer.array(), 0, bytes, this.partial.length, buffer.position());
			int start = 0;
			for (int i = 0; i < bytes.length; i++) {
				if (bytes[i] == '\n') {
					String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
					this.events.add(ClusterEvent.of(line));
					start = i + 1;
				}
			}
			this.partial = Arrays.copyOfRange(bytes, start, bytes.length);
		}
		catch (NoSuchFileException ex) {
			// Not written yet.
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the event log " + this.file, ex);
		}
	}

}
