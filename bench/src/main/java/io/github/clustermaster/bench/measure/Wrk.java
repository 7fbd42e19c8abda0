package io.github.clustermaster.bench.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * One {@code wrk} run on 127.0.0.1: requests per second, latency percentiles (ms) and
 * errors (socket errors and answers other than 2xx or 3xx); with a Lua script, the counts
 * it printed.
 *
 * @param perSecond requests per second
 * @param p50 the median latency in milliseconds
 * @param p99 the 99th percentile in milliseconds
 * @param requests the requests completed
 * @param errors socket errors and answers other than 2xx or 3xx
 * @param socketErrors socket errors (connect, read, write, timeout)
 * @param output what it printed
 * @author cluster-master
 */
public record Wrk(double perSecond, double p50, double p99, long requests, long errors, long socketErrors, String output) {

	private static final Pattern PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern SOCKET_ERRORS = Pattern
		.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	/** The threads of a run: 2, or fewer for fewer connections. */
	public static int threads(int connections) {
		return Math.min(2, connections);
	}

	/** Run {@code wrk} against {@code GET /}, with keep-alive or {@code Connection: close}. */
	public static Wrk run(int port, int connections, boolean keepAlive, int seconds, Path log) {
		return run(port, "/", connections, seconds, keepAlive ? List.of() : List.of("-H", "Connection: close"), log);
	}

	/** Run {@code wrk} against a path, with more options before the URL (headers, a script). */
	public static Wrk run(int port, String path, int connections, int seconds, List<String> options, Path log) {
		List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads(connections), "-c" + connections,
				"-d" + seconds + "s", "--latency", "--timeout", "5s"));
		command.addAll(options);
		command.add("http://127.0.0.1:" + port + path);
		return parse(Tool.run(command, log, Duration.ofSeconds(seconds + 30L)));
	}


	static Wrk parse(String text) {
		Matcher perSecond = PER_SECOND.matcher(text);
		Matcher requests = REQUESTS.matcher(text);
		if (!perSecond.find() || !requests.find()) {
			throw new IllegalStateException("wrk printed no requests/sec: " + text.strip());
		}
		long socketErrors = 0;
		Matcher socket = SOCKET_ERRORS.matcher(text);
		if (socket.find()) {
			for (int group = 1; group <= 4; group++) {
				socketErrors += Long.parseLong(socket.group(group));
			}
		}
		long errors = socketErrors;
		Matcher non2xx = NON_2XX.matcher(text);
		if (non2xx.find()) {
			errors += Long.parseLong(non2xx.group(1));
		}
		return new Wrk(Double.parseDouble(perSecond.group(1)), latency(text, "50%"), latency(text, "99%"),
				Long.parseLong(requests.group(1)), errors, socketErrors, text);
	}

	private static double latency(String text, String percentile) {
		Matcher matcher = Pattern.compile("^\\s*" + percentile + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE)
			.matcher(text);
		if (!matcher.find()) {
			return Double.NaN;
		}
		double value = Double.parseDouble(matcher.group(1));
		return switch (matcher.group(2)) {
			case "us" -> value / 1000;
			case "s" -> value * 1000;
			default -> value;
		};
	}

	/** A line its script printed, matched, or {@code null}. */
	public @Nullable Matcher printed(Pattern pattern) {
		Matcher matcher = pattern.matcher(this.output);
		return matcher.find() ? matcher : null;
	}

	@Override
	public String toString() {
		return String.format(Locale.US, "%,6.0f req/s p99 %6.2f ms%s", this.perSecond, this.p99,
				(this.errors > 0) ? String.format(Locale.US, " errors %,d", this.errors) : "");
	}

}
