package io.github.clustermaster.sample;

import java.time.Duration;

import io.github.clustermaster.sample.support.Http10;
import io.github.clustermaster.sample.support.Http10.Response;
import io.github.clustermaster.sample.support.SampleJar;
import io.github.clustermaster.testsupport.ClusterProcess;
import io.github.clustermaster.testsupport.ClusterProcessExtension;
import io.github.clustermaster.testsupport.FreePort;
import io.github.clustermaster.testsupport.Http;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's recipe for protecting the Actuator ({@link SampleOperatorSecurity}, profile
 * {@code secured-actuator}) in the sample, whose form login guards {@code /account}, on
 * one real cluster of two workers: the application's login is still required, operators
 * authenticate with HTTP Basic and need no CSRF token, roles tell reads from writes, and
 * the relay to worker k asks the same rules about the path it reaches.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredActuatorIT {

	/** Generous: three JVMs booting on a loaded machine take minutes. */
	private static final Duration BOOT = Duration.ofMinutes(5);

	private static final String OPERATOR = "operator:op-secret";

	private static final String VIEWER = "viewer:view-secret";

	@RegisterExtension
	static final ClusterProcessExtension clusters = new ClusterProcessExtension();

	static int port;

	static ClusterProcess cluster;

	@BeforeAll
	static void startCluster() {
		port = FreePort.find();
		cluster = clusters.start(SampleJar.master()
			.name("secured-actuator-it")
			.args("--server.port=" + port, "--cluster.master.size=2", "--cluster.master.min-restart-age=1s",
					"--cluster.master.boot-timeout=5m",
					"--spring.profiles.active=secured-actuator", "--spring.security.user.password=user-secret",
					"--sample.operator.password={noop}op-secret", "--sample.viewer.password={noop}view-secret"));
		Http.awaitDistinctPids(port, 2, BOOT);
	}

	@Test
	@Order(1)
	void theApplicationsOwnLoginIsStillRequired() {
		// A client that does not ask for HTML (this one) is challenged for the application's
		// HTTP Basic; a browser is sent to /login.
		Response account = Http10.get(port, "/account");
		assertThat(account.status()).as(account.toString()).isEqualTo(401);
		assertThat(account.header("WWW-Authenticate")).startsWith("Basic");
		Response login = Http10.get(port, "/login");
		assertThat(login.status()).as(login.toString()).isEqualTo(200);
		assertThat(login.body()).contains("<form");
		Response operatorOnTheApplication = Http10.send(port, "GET", "/account", null, OPERATOR);
		assertThat(operatorOnTheApplication.status()).as("the operators are the Actuator's only").isEqualTo(401);
	}

	@Test
	@Order(2)
	void healthIsOpenReadsNeedAnOperatorAndAWrongPasswordIs401() {
		assertThat(Http10.get(port, "/actuator/health").status()).isEqualTo(200);
		Response anonymous = Http10.get(port, "/actuator/cluster");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("WWW-Authenticate")).startsWith("Basic");
		assertThat(Http10.send(port, "GET", "/actuator/cluster", null, VIEWER).status()).isEqualTo(200);
		Response wrong = Http10.send(port, "POST", "/actuator/cluster/restart?wait=true", null, "operator:wrong");
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
	}

	@Test
	@Order(3)
	void aUserWithoutTheAdminRoleIsForbiddenTheWritesAndWhatTheRelayWouldReach() {
		Response write = Http10.send(port, "POST", "/actuator/cluster/restart?wait=true", null, VIEWER);
		assertThat(write.status()).as(write.toString()).isEqualTo(403);
		Response logger = Http10.send(port, "POST", "/actuator/loggers/io.github.clustermaster.sample",
				"{\"configuredLevel\":\"DEBUG\"}", VIEWER);
		assertThat(logger.status()).isEqualTo(403);
		Response env = Http10.send(port, "GET", "/actuator/cluster/workers/1/env", null, VIEWER);
		assertThat(env.status()).as("env is for ACTUATOR_ADMIN, through the relay too: %s", env).isEqualTo(403);
		Response threads = Http10.send(port, "GET", "/actuator/cluster/workers/1/threaddump", null, VIEWER);
		assertThat(threads.status()).as(threads.toString()).isEqualTo(200);
	}

	@Test
	@Order(4)
	void anOperatorRestartsThePoolWithoutACsrfToken() {
		Response restart = Http10.send(port, "POST", "/actuator/cluster/restart?wait=true", null, OPERATOR);
		assertThat(restart.status()).as(restart.toString()).isEqualTo(200);
		assertThat(restart.body()).contains("\"operation\":\"restart\"");
		Response account = Http10.get(port, "/account");
		assertThat(account.status()).isEqualTo(401);
	}

}
