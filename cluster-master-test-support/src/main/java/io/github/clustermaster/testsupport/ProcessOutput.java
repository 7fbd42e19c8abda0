package io.github.clustermaster.testsupport;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The merged stdout and stderr of a process, pumped by one daemon thread into memory, a
 * log file and, unless quiet, the test's own output with a prefix.
 *
 * @author cluster-master
 */
final class ProcessOutput {

	private final List<String> lines = new ArrayList<>();

	private final Thread pump;

	private volatile boolean finished;

	ProcessOutput(InputStream input, Path logFile, String prefix, @Nullable PrintStream echo) throws IOException {
		BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
		this.pump = new Thread(() -> pump(input, log, prefix, echo), "output-" + prefix.trim());
		this.pump.setDaemon(true);
	}

	void start() {
		this.pump.start();
	}

	private void pump(InputStream input, BufferedWriter log, String prefix, @Nullable PrintStream echo) {
		try (log; BufferedReader reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				synchronized (this.lines) {
					this.lines.add(line);
				}
				if (echo != null) {
					echo.println(prefix + line);
				}
				log.write(line);
				log.newLine();
				// Flushed per line so that the log is complete even if the test JVM dies.
				log.flush();
			}
		}
		catch (IOException ex) {
			// The stream was closed under us: the process is being torn down.
		}
		finally {
			this.finished = true;
		}
	}

	/**
	 * Whether the stream has ended, which happens once the process and every child that
	 * inherited the stream have exited.
	 * @return whether all output has been read
	 */
	boolean isFinished() {
		return this.finished;
	}

	/**
	 * Wait a bounded time for the stream to end.
	 * @param timeout how long to wait
	 * @return whether it ended
	 */
	boolean awaitFinished(Duration timeout) {
		try {
			this.pump.join(Math.max(1, timeout.toMillis()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return this.finished;
	}

	List<String> lines() {
		synchronized (this.lines) {
			return List.copyOf(this.lines);
		}
	}

	int size() {
		synchronized (this.lines) {
			return this.lines.size();
		}
	}

	@Nullable String firstMatch(Pattern pattern, int fromLine) {
		synchronized (this.lines) {
			for (int i = Math.max(0, fromLine); i < this.lines.size(); i++) {
				String line = this.lines.get(i);
				if (pattern.matcher(line).find()) {
					return line;
				}
			}
			return null;
		}
	}

	List<String> tail(int count) {
		synchronized (this.lines) {
			return List.copyOf(this.lines.subList(Math.max(0, this.lines.size() - count), this.lines.size()));
		}
	}

}
