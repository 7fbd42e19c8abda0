package io.github.clustermaster.actuate;

import java.util.List;
import java.util.Map;

import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.CommandOutcome.Outcome;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterEndpoint}. Boot hands a write operation the values of the JSON
 * body as strings, and query parameters as strings or lists.
 */
class ClusterEndpointTests {

	private final FakeClusterClient client = new FakeClusterClient();

	private final ClusterEndpoint endpoint = new ClusterEndpoint(this.client);

	@Test
	void getAnswersTheMastersStatus() {
		WebEndpointResponse<Object> response = this.endpoint.cluster();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getBody()).isEqualTo(this.client.cluster);
	}

	@Test
	void getAnswers503WhenTheMasterDoesNotAnswer() {
		this.client.unavailable = true;
		WebEndpointResponse<Object> response = this.endpoint.cluster();
		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(descriptor(response).message()).contains("has not answered worker 1");
	}

	@Test
	void aStartedOperationAnswers202WithWhatWasStarted() {
		WebEndpointResponse<Object> response = this.endpoint.operate("resize", "3", null, null, null, null);
		assertThat(response.getStatus()).isEqualTo(202);
		assertThat(descriptor(response).cluster()).isEqualTo(this.client.cluster);
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Resize(3));
	}

	@Test
	void aResizeIsForcedWithForceTrue() {
		this.endpoint.operate("resize", "8", null, null, null, "true");
		this.endpoint.operate("resize", "9", null, null, null, "false");
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Resize(8, true),
				new ClusterCommand.Resize(9, false));
	}

	@Test
	void aResizeRefusedByTheMemoryBudgetAnswers409WithTheMastersSentence() {
		this.client.outcome = Outcome.CONFLICT;
		this.client.message = "Resize to 8 refused: 8 workers (...) exceed the 3.0 GiB this master sees "
				+ "(cgroup memory.max); force it to resize anyway";
		WebEndpointResponse<Object> response = this.endpoint.operate("resize", "8", null, null, null, null);
		assertThat(response.getStatus()).isEqualTo(409);
		assertThat(descriptor(response).message()).isEqualTo(this.client.message);
	}

	@Test
	void aConflictAnswers409() {
		this.client.outcome = Outcome.CONFLICT;
		assertThat(this.endpoint.operate("restart", null, null, null, null, null).getStatus()).isEqualTo(409);
	}

	@Test
	void theEnvironmentOfARestartComesAsAJsonObjectInAString() {
		this.endpoint.operate("restart", null, "{\"A\": \"1\", \"B\": 2, \"C\": true}", null, null, null);
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Restart(Map.of("A", "1", "B", "2", "C", "true")));
	}

	@Test
	void eachValueOfTheEnvironmentObjectIsAScalarTakenAsItsTextAndAnyOtherIsRefusedAsWritten() {
		this.endpoint.operate("restart", null, "{\"A\": 2.5, \"B\": -7, \"C\": false, \"D\": \"x y\"}", null, null,
				null);
		assertThat(this.client.commands)
			.containsExactly(new ClusterCommand.Restart(Map.of("A", "2.5", "B", "-7", "C", "false", "D", "x y")));
		assertBadRequest("restart", null, "{\"A\": {\"B\": 1}}", null, null,
				"env.A must be a string, a number or a boolean, was {\"B\":1}");
		assertBadRequest("restart", null, "{\"A\": \"1\", \"B\": [1, \"2\"]}", null, null,
				"env.B must be a string, a number or a boolean, was [1,\"2\"]");
		assertBadRequest("restart", null, "{\"A\": null}", null, null,
				"env.A must be a string, a number or a boolean, was null");
		assertThat(this.client.commands).hasSize(1);
	}

	@Test
	void theEnvironmentOfARestartComesAsNameValueQueryParameters() {
		this.endpoint.operate("restart", null, List.of("A=1", "B=x=y"), null, null, null);
		this.endpoint.operate("restart", null, "C=3", null, null, null);
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Restart(Map.of("A", "1", "B", "x=y")),
				new ClusterCommand.Restart(Map.of("C", "3")));
	}

	@Test
	void quitIsGracefulUnlessHard() {
		this.endpoint.operate("quit", null, null, null, null, null);
		this.endpoint.operate("quit", null, null, null, "true", null);
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Quit(false), new ClusterCommand.Quit(true));
	}

	@Test
	void everyBadInputAnswers400NamingTheFieldAndSendsNothing() {
		assertBadRequest("resize", null, null, null, null, "size is missing");
		assertBadRequest("resize", "three", null, null, null, "size must be a whole number from 0 to 1024, was \"three\"");
		assertBadRequest("resize", "-1", null, null, null, "size must be a whole number from 0 to 1024, was -1");
		assertBadRequest("resize", "1025", null, null, null, "size must be a whole number from 0 to 1024, was 1025");
		assertBadRequest("resize", "2.5", null, null, null, "size must be a whole number from 0 to 1024, was 2.5");
		assertBadRequest("restart", null, "nonsense", null, null, "env must be a JSON object of variables in a string");
		assertBadRequest("restart", null, "{\"A\": {\"B\": 1}}", null, null, "env.A must be a string, a number or a boolean");
		assertBadRequest("restart", null, "{\"A\": ", null, null, "env must be a JSON object");
		assertBadRequest("restart", null, List.of("A=1", "=2"), null, null, "env must be a JSON object");
		assertBadRequest("quit", null, null, null, "yes", "hard must be true or false, was \"yes\"");
		WebEndpointResponse<Object> force = this.endpoint.operate("resize", "8", null, null, null, "please");
		assertThat(force.getStatus()).isEqualTo(400);
		assertThat(descriptor(force).message()).isEqualTo("force must be true or false, was \"please\"");
		assertThat(this.client.commands).isEmpty();
	}

	@Test
	void aRestartThatWaitsIsRelayedAsSuchAndItsAbortAnswers409() {
		this.client.outcome = Outcome.DONE;
		assertThat(this.endpoint.operate("restart", null, null, "true", null, null).getStatus()).isEqualTo(200);
		this.client.outcome = Outcome.FAILED;
		WebEndpointResponse<Object> aborted = this.endpoint.operate("restart", null, "A=1", "true", null, null);
		assertThat(aborted.getStatus()).isEqualTo(409);
		assertThat(descriptor(aborted).status()).isEqualTo(409);
		assertThat(this.client.commands).containsExactly(new ClusterCommand.Restart(null, true),
				new ClusterCommand.Restart(Map.of("A", "1"), true));
	}

	@Test
	void waitIsABooleanOfRestartOnly() {
		assertBadRequest("restart", null, null, "soon", null, "wait must be true or false, was \"soon\"");
		assertBadRequest("resize", "3", null, "true", null, "wait applies to restart only");
		assertBadRequest("quit", null, null, "true", null, "wait applies to restart only");
		assertThat(this.endpoint.operate("restart", null, null, null, null, "true").getStatus()).isEqualTo(400);
		assertThat(this.client.commands).isEmpty();
	}

	@Test
	void anUnknownOperationAnswers404AndSendsNothing() {
		WebEndpointResponse<Object> response = this.endpoint.operate("explode", null, null, null, null, null);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(descriptor(response).message())
			.isEqualTo("Unknown operation 'explode'; expected resize, restart, upgrade or quit");
		assertThat(this.client.commands).isEmpty();
	}

	@Test
	void anOperationTheMasterDoesNotAnswerAnswers503() {
		this.client.unavailable = true;
		assertThat(this.endpoint.operate("quit", null, null, null, null, null).getStatus()).isEqualTo(503);
	}

	private void assertBadRequest(String operation, Object size, Object env, Object wait, Object hard,
			String message) {
		WebEndpointResponse<Object> response = this.endpoint.operate(operation, size, env, wait, hard, null);
		assertThat(response.getStatus()).as(message).isEqualTo(400);
		assertThat(descriptor(response).message()).startsWith(message);
		assertThat(descriptor(response).status()).isEqualTo(400);
	}

	private static ClusterOperationDescriptor descriptor(WebEndpointResponse<Object> response) {
		return (ClusterOperationDescriptor) response.getBody();
	}

}
