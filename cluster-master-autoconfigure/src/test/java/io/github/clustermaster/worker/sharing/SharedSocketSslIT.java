package io.github.clustermaster.worker.sharing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import io.github.clustermaster.testsupport.HttpConnection;
import io.github.clustermaster.testsupport.HttpResult;
import io.github.clustermaster.worker.RawHttp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code server.ssl.*} on the shared socket: a real master whose worker serves HTTPS on
 * the socket it inherited, with a self-signed key store made by {@code keytool}, on each
 * embedded server. TLS is per connection, so one worker shows it.
 * <p>
 * The Reactor Netty master also runs a hot spare ({@code cluster.master.spares=1}; one
 * cluster for both, as the suite has no time for another): the spare is ready but, while
 * the one worker is stopped ({@code SIGSTOP}), a connection waits in the shared queue
 * untouched; once the worker is killed the master promotes the spare, which takes that
 * very connection and serves HTTPS from then on. (Tomcat's spares: {@code SparesIT}.)
 */
@EnabledOnOs(OS.LINUX)
class SharedSocketSslIT {

	/** How long a held spare is given to take a waiting connection, which it must not. */
	private static final int HELD_MILLIS = 2000;

	@TempDir
	static Path keyStoreDirectory;

	private static Path keyStore;

	@BeforeAll
	static void createKeyStore() throws Exception {
		keyStore = keyStoreDirectory.resolve("keystore.p12");
		Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "test", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
				"-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass",
				"changeit", "-keypass", "changeit")
			.redirectErrorStream(true)
			.start();
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
	}

	@Test
	void aTomcatWorkerAnswersHttpsOnTheInheritedSocket(@TempDir Path directory) throws Exception {
		answersHttps(ServletSharingApplication.class, SharingMasters.ONLY_TOMCAT, directory);
	}

	@Test
	void aJettyWorkerAnswersHttpsOnTheInheritedSocket(@TempDir Path directory) throws Exception {
		answersHttps(ServletSharingApplication.class, SharingMasters.ONLY_JETTY, directory);
	}

	@Test
	void aReactorNettyWorkerAnswersHttpsOnTheInheritedSocketAndItsHotSpareTakesNothingUntilPromoted(
			@TempDir Path directory) throws Exception {
		answersHttps(ReactiveSharingApplication.class, SharingMasters.ONLY_REACTOR_NETTY, directory,
				SharedSocketSslIT::spareTakesNothingUntilPromoted,
				"--spring.main.web-application-type=reactive", "--cluster.master.spares=1",
				"--cluster.master.boot-timeout=3m");
	}

	private void answersHttps(Class<?> application, Pattern excluded, Path directory, String... extraArgs)
			throws Exception {
		answersHttps(application, excluded, directory,
				(cluster, port, worker) -> assertThat(cluster.workerPids()).containsExactly(worker), extraArgs);
	}

	private void answersHttps(Class<?> application, Pattern excluded, Path directory, Then then, String... extraArgs)
			throws Exception {
		int port = FreePort.find();
		List<String> args = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--cluster.master.size=1", "--cluster.master.repl=false", "--spring.main.banner-mode=off",
				"--server.ssl.key-store=" + keyStore, "--server.ssl.key-store-password=changeit",
				"--server.ssl.key-store-type=PKCS12"));
		args.addAll(Arrays.asList(extraArgs));
		try (ClusterProcess cluster = SharingMasters.master(application, excluded)
			.workingDirectory(directory)
			.args(args.toArray(String[]::new))
			.start()) {
			cluster.awaitEvent("port-shared", (event) -> event.text("address").equals("127.0.0.1:" + port)
					&& event.text("via").startsWith("one listening socket"), 0, Duration.ofSeconds(60));
			HttpResult response = await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> https(port), (answer) -> answer.status() == 200);
			assertThat(response.body()).containsPattern("pid=(\\d+)");
			long pid = Http.pidOf(response.body());
			then.check(cluster, port, pid);
		}
	}

	/**
	 * With the one worker stopped, a connection waits for a ready spare that must not take
	 * it (a server that took it would close it at once: it sends no TLS); once the worker is
	 * killed, the promoted spare takes it, and answers HTTPS.
	 */
	private static void spareTakesNothingUntilPromoted(ClusterProcess cluster, int port, long worker)
			throws Exception {
		long spare = cluster.awaitEvent("worker-ready", (event) -> event.flag("spare"), Duration.ofMinutes(3))
			.number("pid");
		assertThat(cluster.workerPids()).containsExactlyInAnyOrder(worker, spare);
		cluster.signal(worker, "STOP");
		try (Socket waiting = new Socket()) {
			waiting.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
			waiting.setSoTimeout(HELD_MILLIS);
			RawHttp.send(waiting);
			assertThat(taken(waiting))
				.as("a ready spare takes no connection while the only accepting worker is stopped")
				.isFalse();
			int mark = cluster.eventCount();
			cluster.signal(worker, "KILL");
			waiting.setSoTimeout(60_000);
			assertThat(taken(waiting))
				.as("the connection that waited in the shared queue is taken once the spare is promoted")
				.isTrue();
			cluster.awaitEvent("spare-promoted", (event) -> event.isPid(spare) && event.number("slot") == 0, mark,
					Duration.ofSeconds(60));
		}
		assertThat(Http.pidOf(https(port).body())).as("the promoted spare serves HTTPS").isEqualTo(spare);
	}

	/**
	 * Whether a server took the connection before the socket's read timeout: it answered
	 * or closed it (a TLS server closes a connection that sends plain HTTP).
	 */
	private static boolean taken(Socket socket) {
		try {
			socket.getInputStream().read();
			return true;
		}
		catch (SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// Reset by the server
			return true;
		}
	}

	/** What a test checks once the worker answered HTTPS. */
	@FunctionalInterface
	private interface Then {

		void check(ClusterProcess cluster, int port, long worker) throws Exception;

	}

	private static HttpResult https(int port) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new TrustAll() }, new SecureRandom());
		try (HttpConnection connection = new HttpConnection(port, context)) {
			return connection.get("/", true);
		}
	}

	/** The test's own self-signed certificate is the only one it talks to. */
	private static final class TrustAll implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

}
