package io.github.clustermaster.master.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.clustermaster.events.MasterEvent;
import io.github.clustermaster.supervisor.SupervisorEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supervisor's events and the master's own appended to a file, one JSON object per line (JSON Lines), as
 * {@code {"time":"…","master":1234,"event":"worker-ready","worker":2,"pid":5678,…}}: the
 * time it was reported, the master's pid, the event's name, then its fields (see
 * {@code docs/events.md}). The supervisor only queues an event (it never waits for the
 * disk); one thread of its own writes each line with one {@code write} to the file opened
 * for appending, so two masters of an upgrade can share the file line by line. When the
 * queue is full (the disk stalls), events are dropped and counted, and the log says how
 * many once it writes again.
 *
 * @author cluster-master
 */
public final class EventLog implements Consumer<SupervisorEvent>, AutoCloseable {

	/** The property that names the file. */
	public static final String PROPERTY = "cluster.master.event-log";

	private static final Log logger = LogFactory.getLog(EventLog.class);

	private static final int CAPACITY = 10_000;

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

	private final Path path;

	private final long master;

	private final JsonMapper mapper;

	private final FileChannel file;

	private final BlockingQueue<Reported> queue = new LinkedBlockingQueue<>(CAPACITY);

	private final AtomicLong dropped = new AtomicLong();

	private final Thread writer;

	private volatile boolean closing;

	/**
	 * Open the file for appending (creating it) and start the thread that writes to it.
	 * @param path the file; its directory must exist
	 * @param master the master's pid, in every line
	 * @param mapper writes the lines
	 * @throws IOException when the file cannot be opened
	 */
	public EventLog(Path path, long master, JsonMapper mapper) throws IOException {
		this.path = path.toAbsolutePath();
		this.master = master;
		this.mapper = mapper;
		this.file = FileChannel.open(this.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.APPEND);
		this.writer = new Thread(this::write, "cluster-master-event-log");
		this.writer.setDaemon(true);
		this.writer.start();
	}

	@Override
	public void accept(SupervisorEvent event) {
		queue(event.event(), event.fields());
	}

	/**
	 * Append one of the master's own events (a listener of
	 * {@link io.github.clustermaster.events.MasterEvents}).
	 * @param event the event
	 */
	public void accept(MasterEvent event) {
		queue(event.event(), event.fields());
	}

	private void queue(String event, Map<String, Object> fields) {
		if (!this.queue.offer(new Reported(Instant.now(), event, fields))) {
			this.dropped.incrementAndGet();
		}
	}

	/**
	 * One event as a line of JSON, without its line feed.
	 * @param time when it was reported
	 * @param event the event's name
	 * @param fields its fields
	 * @return the line
	 */
	String line(Instant time, String event, Map<String, Object> fields) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("time", time.toString());
		line.put("master", this.master);
		line.put("event", event);
		line.putAll(fields);
		return this.mapper.writeValueAsString(line);
	}

	private void write() {
		try {
			while (!this.closing || !this.queue.isEmpty()) {
				Reported reported = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (reported == null) {
					continue;
				}
				long dropped = this.dropped.getAndSet(0);
				if (dropped > 0) {
					logger.warn("The event log " + this.path + " dropped " + dropped + " events: its disk was too slow");
				}
				ByteBuffer bytes = ByteBuffer.wrap((line(reported.time(), reported.event(), reported.fields()) + "\n")
					.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					this.file.write(bytes);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			logger.error("The event log " + this.path + " stopped: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Write the events queued so far (for up to two seconds), then close the file.
	 */
	@Override
	public void close() {
		this.closing = true;
		try {
			this.writer.join(CLOSE_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			try {
				this.file.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close the event log " + this.path, ex);
			}
		}
	}

	@Override
	public String toString() {
		return "event log " + this.path;
	}

	private record Reported(Instant time, String event, Map<String, Object> fields) {
	}

}
