package io.github.clustermaster.actuate.prometheus;

import java.io.IOException;
import java.time.Duration;

import io.github.clustermaster.ipc.FrameTooLargeException;
import io.github.clustermaster.worker.WorkerSession;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Sends this worker's scrape (text format 0.0.4) to the master every
 * {@link #INTERVAL}, from a daemon thread of its own, for the other workers' answers to
 * {@code /actuator/prometheus}.
 *
 * @author cluster-master
 */
public class WorkerMetricsPublisher implements SmartLifecycle {

	/** How often a worker sends its meters. */
	public static final Duration INTERVAL = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(WorkerMetricsPublisher.class);

	private final PrometheusMeterRegistry registry;

	private final WorkerSession session;

	private volatile boolean running;

	private volatile boolean warned;

	private Thread thread;

	/**
	 * Create the publisher.
	 * @param registry this worker's Prometheus registry
	 * @param session the worker's link to its master
	 */
	public WorkerMetricsPublisher(PrometheusMeterRegistry registry, WorkerSession session) {
		this.registry = registry;
		this.session = session;
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = new Thread(this::publishEveryInterval, "cluster-master-worker-metrics");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void publishEveryInterval() {
		while (this.running) {
			publish();
			try {
				Thread.sleep(INTERVAL.toMillis());
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** Send the scrape now. */
	void publish() {
		try {
			this.session.publishMetrics(this.registry.scrape());
		}
		catch (FrameTooLargeException ex) {
			if (!this.warned) {
				this.warned = true;
				logger.warn("This worker's meters are too large to send to the other workers (" + ex.getMessage()
						+ "): their scrapes of /actuator/prometheus leave this worker out");
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Sending this worker's meters to the master failed: " + ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.thread;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
