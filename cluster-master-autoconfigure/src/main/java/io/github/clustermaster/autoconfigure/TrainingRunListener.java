package io.github.clustermaster.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.clustermaster.release.ClassDataArchives;
import io.github.clustermaster.role.ClusterRole;
import io.github.clustermaster.worker.WorkerSession;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * The end of the training run of a class-data archive
 * ({@value ClassDataArchives#TRAINING_RUN}, set by {@link ClassDataArchives}): the run
 * loads what a worker loads before it is ready, so that the archive holds it. Its web
 * server starts on a free port of the loopback interface ({@code server.port=0},
 * {@code server.address=127.0.0.1}, and so does a management server on a port of its
 * own), never on the application's port nor the master's shared socket (the run is
 * standalone and inherits no socket); once it has started, the run sends itself one
 * {@code GET /} (the filters' and the dispatcher's first request) and halts, as
 * Spring's {@code spring.context.exit=onRefresh} does, so the JVM writes the archive
 * at exit. It halts before {@code @Scheduled} tasks start and before runners run; the
 * application's other lifecycle beans (those that start before the web server) have
 * started. An application without a web server halts once its context is refreshed.
 * Before it halts, the run rehearses what a worker does with its master before it is
 * ready and a standalone run does not (the compatibility check's round trip through
 * Jackson, the frames of a worker's boot), so that the archive holds those classes too.
 *
 * @author cluster-master
 */
public class TrainingRunListener implements SpringApplicationRunListener, Ordered {

	private static final Log logger = LogFactory.getLog(TrainingRunListener.class);

	private static final String WEB_SERVER_EVENT = "org.springframework.boot.web.server.context.WebServerInitializedEvent";

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	private final SpringApplication application;

	private boolean training;

	/**
	 * Create the listener; Boot calls this constructor for every application run.
	 * @param application the application
	 * @param args its arguments
	 */
	public TrainingRunListener(SpringApplication application, String[] args) {
		this.application = application;
	}

	@Override
	public int getOrder() {
		// After ClusterRunListener: its properties go first, ours before them
		return 20;
	}

	@Override
	public void environmentPrepared(ConfigurableBootstrapContext bootstrapContext,
			ConfigurableEnvironment environment) {
		this.training = environment.getProperty(ClassDataArchives.TRAINING_RUN, Boolean.class, false);
		if (!this.training) {
			return;
		}
		environment.getPropertySources().addFirst(new MapPropertySource("clusterMasterTrainingRun", ports(environment)));
	}

	/** A free loopback port for each server the run would bind. */
	static Map<String, Object> ports(ConfigurableEnvironment environment) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("server.address", "127.0.0.1");
		Integer management = environment.getProperty("management.server.port", Integer.class);
		if (management != null && management >= 0) {
			// Equal to server.port in a cluster (the only other value MasterPort allows is -1)
			properties.put("management.server.port", 0);
			properties.put("management.server.address", "127.0.0.1");
		}
		return properties;
	}

	@Override
	public void contextPrepared(ConfigurableApplicationContext context) {
		if (this.training && ClassUtils.isPresent(WEB_SERVER_EVENT, this.application.getClassLoader())) {
			context.addApplicationListener(new WebServerStarted());
		}
	}

	@Override
	public void started(ConfigurableApplicationContext context, Duration timeTaken) {
		if (this.training) {
			// No web server: refreshed, before the runners
			end("its context is refreshed (no web server)");
		}
	}

	private static void end(String when) {
		rehearseWorker();
		logger.info("Training run of a class-data archive: halting now that " + when
				+ "; the JVM writes the archive at exit");
		Runtime.getRuntime().halt(0);
	}

	/**
	 * What a worker does before it is ready and this standalone run does not: the
	 * compatibility check's round trip through Jackson and the frames it exchanges with
	 * its master. Rehearsed here, the classes they load are in the archive.
	 */
	static void rehearseWorker() {
		try {
			new ClusterCompatibility(TrainingRunListener.class.getClassLoader()).verify(ClusterRole.WORKER);
			WorkerSession.rehearseBoot();
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Training run of a class-data archive: rehearsing a worker's exchange with its master failed ("
					+ ex + "); the archive holds what the application loaded");
		}
	}

	/**
	 * Send one {@code GET /} to the port and read the answer to its end; whatever its
	 * status, the request's classes are loaded.
	 * @param port the port on the loopback interface
	 * @return the answer's status line
	 * @throws IOException when the request fails
	 */
	static String request(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) REQUEST_TIMEOUT.toMillis());
			socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
			OutputStream out = socket.getOutputStream();
			out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = in.readAllBytes();
			String text = new String(answer, StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n");
			return (end >= 0) ? text.substring(0, end) : text;
		}
	}

	/** Once the application's own web server has started: one request, then the end. */
	private static final class WebServerStarted implements ApplicationListener<WebServerInitializedEvent> {

		@Override
		public void onApplicationEvent(WebServerInitializedEvent event) {
			if (event.getApplicationContext().getServerNamespace() != null) {
				// The management server's child context: the run ends with the application's own
				return;
			}
			int port = event.getWebServer().getPort();
			try {
				logger.info("Training run of a class-data archive: GET / on 127.0.0.1:" + port + " answered \""
						+ request(port) + "\"");
			}
			catch (IOException ex) {
				logger.info("Training run of a class-data archive: GET / on 127.0.0.1:" + port + " failed ("
						+ ex.getMessage() + "); the archive holds the web server's start only");
			}
			end("its web server has started and served one request");
		}

	}

}
