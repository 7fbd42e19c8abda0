package io.github.clustermaster.shell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChannelLineReader}.
 */
class ChannelLineReaderTests {

	@Test
	void linesEndWithLineFeedOrCarriageReturnLineFeed() throws IOException {
		ChannelLineReader reader = reader("pids\r\nsize\n\n", 100);
		assertThat(reader.readLine().text()).isEqualTo("pids");
		assertThat(reader.readLine().text()).isEqualTo("size");
		assertThat(reader.readLine().text()).isEmpty();
		assertThat(reader.readLine()).isNull();
		assertThat(reader.droppedAtEnd()).isZero();
	}

	@Test
	void anUnfinishedLastLineIsDropped() throws IOException {
		ChannelLineReader reader = reader("size\nresize 5", 100);
		assertThat(reader.readLine().text()).isEqualTo("size");
		assertThat(reader.readLine()).isNull();
		assertThat(reader.droppedAtEnd()).isEqualTo(8);
	}

	@Test
	void aLineLongerThanTheLimitIsSkippedWithItsLength() throws IOException {
		ChannelLineReader reader = reader("x".repeat(20_000) + "\npids\n", 4096);
		ChannelLineReader.Line tooLong = reader.readLine();
		assertThat(tooLong.tooLong()).isTrue();
		assertThat(tooLong.length()).isEqualTo(20_000);
		assertThat(tooLong.text()).isEmpty();
		assertThat(reader.readLine().text()).isEqualTo("pids");
	}

	@Test
	void aLineOfExactlyTheLimitIsRead() throws IOException {
		ChannelLineReader reader = reader("y".repeat(4096) + "\n", 4096);
		assertThat(reader.readLine().text()).hasSize(4096);
	}

	@Test
	void malformedUtf8IsReplaced() throws IOException {
		ChannelLineReader reader = new ChannelLineReader(
				Channels.newChannel(new ByteArrayInputStream(new byte[] { 'a', (byte) 0xC3, (byte) 0x28, 'b', '\n' })),
				100);
		assertThat(reader.readLine().text()).isEqualTo("a\uFFFD(b");
	}

	private static ChannelLineReader reader(String input, int limit) {
		return new ChannelLineReader(
				Channels.newChannel(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))), limit);
	}

}
