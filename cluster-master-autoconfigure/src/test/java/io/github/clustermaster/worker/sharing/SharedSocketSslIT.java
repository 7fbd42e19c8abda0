package io.github.clustermaster.worker.sharing;

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
 */
@EnabledOnOs(OS.LINUX)
class SharedSocketSslIT {

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
	void aReactorNettyWorkerAnswersHttpsOnTheInheritedSocket(@TempDir Path directory) throws Exception {
		answersHttps(ReactiveSharingApplication.class, SharingMasters.ONLY_REACTOR_NETTY, directory,
				"--spring.main.web-application-type=reactive");
	}

	private void answersHttps(Class<?> application, Pattern excluded, Path directory, String... extraArgs)
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
			cluster.awaitOutput(Pattern.compile("Workers share 127.0.0.1:" + port + " via one listening socket"), 0,
					Duration.ofSeconds(60));
			HttpResult response = await().atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(200))
				.ignoreExceptions()
				.until(() -> https(port), (answer) -> answer.status() == 200);
			assertThat(response.body()).containsPattern("pid=(\\d+)");
			long pid = Http.pidOf(response.body());
			assertThat(cluster.workerPids()).containsExactly(pid);
		}
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
