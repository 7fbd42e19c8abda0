package io.github.clustermaster.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * What a session writes to its client. Every write calls {@code write} on the channel
 * directly (see {@link ChannelLineReader} for why), and is atomic: a command's output,
 * flushed at once, never interleaves with a message broadcast by another session. A
 * message that arrives while the session waits at its prompt is written on a line of its
 * own, followed by the prompt again.
 *
 * @author cluster-master
 */
final class ReplOutput {

	private final WritableByteChannel channel;

	private final String prompt;

	private final Object lock = new Object();

	private final PrintWriter writer = new PrintWriter(new FlushingWriter());

	private boolean atPrompt;

	ReplOutput(WritableByteChannel channel, String prompt) {
		this.channel = channel;
		this.prompt = prompt;
	}

	/**
	 * A writer for a command's output: what is printed is written when it is flushed.
	 * Like every {@link PrintWriter} it does not throw; see {@link PrintWriter#checkError()}.
	 * @return the writer
	 */
	PrintWriter writer() {
		return this.writer;
	}

	/**
	 * Write the prompt: the session now waits for a line.
	 * @throws IOException if the client is gone
	 */
	void prompt() throws IOException {
		synchronized (this.lock) {
			write(this.prompt);
			this.atPrompt = true;
		}
	}

	/**
	 * Note that a line was read: the session no longer waits at its prompt.
	 */
	void promptAnswered() {
		synchronized (this.lock) {
			this.atPrompt = false;
		}
	}

	/**
	 * Write a message from elsewhere (a broadcast) on a line of its own.
	 * @param message the message, without a line terminator
	 * @param promptAgain whether to write the prompt again after it, if the session
	 * waits at its prompt
	 * @throws IOException if the client is gone
	 */
	void deliver(String message, boolean promptAgain) throws IOException {
		synchronized (this.lock) {
			String before = this.atPrompt ? "\n" : "";
			String after = (this.atPrompt && promptAgain) ? this.prompt : "";
			write(before + message + "\n" + after);
		}
	}

	/**
	 * Write text as it is.
	 * @param text the text
	 * @throws IOException if the client is gone
	 */
	void write(String text) throws IOException {
		ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
		synchronized (this.lock) {
			while (bytes.hasRemaining()) {
				this.channel.write(bytes);
			}
		}
	}

	/**
	 * Buffers what is printed and writes it to the channel, in one piece, on flush.
	 */
	private final class FlushingWriter extends Writer {

		private final StringBuilder pending = new StringBuilder();

		@Override
		public void write(char[] chars, int offset, int length) {
			synchronized (this.pending) {
				this.pending.append(chars, offset, length);
			}
		}

		@Override
		public void flush() throws IOException {
			String text;
			synchronized (this.pending) {
				text = this.pending.toString();
				this.pending.setLength(0);
			}
			if (!text.isEmpty()) {
				ReplOutput.this.write(text);
			}
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
