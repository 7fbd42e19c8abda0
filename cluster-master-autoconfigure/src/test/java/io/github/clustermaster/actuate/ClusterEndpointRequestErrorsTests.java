package io.github.clustermaster.actuate;

import java.io.UnsupportedEncodingException;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tests for {@link ClusterEndpointRequestErrors}.
 */
class ClusterEndpointRequestErrorsTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final ClusterEndpointRequestErrors errors = new ClusterEndpointRequestErrors(() -> "/actuator/cluster");

	private final MockHttpServletResponse response = new MockHttpServletResponse();

	@Test
	void anUnreadableBodyAnswers400WithWhatTheBodyMustBeAndWhatTheParserSaid() throws Exception {
		JacksonException parseFailure = catchThrowableOfType(JacksonException.class, () -> json.readTree("{\"size\": 2"));
		Exception unreadable = new HttpMessageNotReadableException("JSON parse error", parseFailure,
				new MockHttpInputMessage(new byte[0]));
		JsonNode answer = answer(request("POST", "/actuator/cluster/resize"), unreadable);
		assertThat(this.response.getStatus()).isEqualTo(400);
		assertThat(answer.get("operation").asString()).isEqualTo("resize");
		assertThat(answer.get("status").asInt()).isEqualTo(400);
		assertThat(answer.get("message").asString()).startsWith("The body must be a JSON object whose values are "
				+ "strings, numbers or booleans, e.g. {\"size\": 4}, or no body at all; it could not be read: "
				+ "Unexpected end-of-input")
			.endsWith("Unexpected end-of-input: expected close marker for Object")
			.doesNotContain("\n");
	}

	@Test
	void aContentTypeOtherThanJsonAnswers415SayingWhatToSend() throws Exception {
		JsonNode answer = answer(request("POST", "/actuator/cluster/resize"),
				new HttpMediaTypeNotSupportedException(MediaType.TEXT_PLAIN, List.of(MediaType.APPLICATION_JSON)));
		assertThat(this.response.getStatus()).isEqualTo(415);
		assertThat(answer.get("message").asString()).isEqualTo("Content-Type text/plain is not supported: send "
				+ "Content-Type: application/json with a JSON object body, e.g. {\"size\": 4}, or with no body");
	}

	@Test
	void aMethodThePathDoesNotTakeAnswers405WithTheMethodsItTakes() throws Exception {
		JsonNode answer = answer(request("GET", "/actuator/cluster/resize"),
				new HttpRequestMethodNotSupportedException("GET", List.of("POST")));
		assertThat(this.response.getStatus()).isEqualTo(405);
		assertThat(this.response.getHeader("Allow")).isEqualTo("POST");
		assertThat(answer.get("operation").asString()).isEqualTo("resize");
		assertThat(answer.get("message").asString()).startsWith("GET is not supported here: an operation is a POST");
	}

	@Test
	void theEndpointsOwnPathUnderAContextPathIsTheStatus() throws Exception {
		JsonNode answer = answer(request("PUT", "/app/actuator/cluster"),
				new HttpRequestMethodNotSupportedException("PUT", List.of("GET")));
		assertThat(answer.get("operation").asString()).isEqualTo("status");
		assertThat(answer.get("message").asString()).startsWith("PUT is not supported here: GET reads the cluster");
	}

	@Test
	void requestsToOtherPathsAndOtherFailuresAreLeftToTheNextResolver() {
		HttpMessageNotReadableException unreadable = new HttpMessageNotReadableException("x",
				new MockHttpInputMessage(new byte[0]));
		assertThat(this.errors.resolveException(request("POST", "/orders"), this.response, null, unreadable))
			.isNull();
		assertThat(this.errors.resolveException(request("POST", "/actuator/clusters/x"), this.response, null,
				unreadable))
			.isNull();
		assertThat(this.errors.resolveException(request("POST", "/actuator/cluster/resize"), this.response, null,
				new IllegalStateException("boom")))
			.isNull();
		assertThat(new ClusterEndpointRequestErrors(() -> null).resolveException(
				request("POST", "/actuator/cluster/resize"), this.response, null, unreadable))
			.isNull();
		assertThat(this.response.isCommitted()).isFalse();
		assertThat(this.response.getStatus()).isEqualTo(200);
	}

	private JsonNode answer(MockHttpServletRequest request, Exception ex) throws UnsupportedEncodingException {
		@Nullable ModelAndView handled = this.errors.resolveException(request, this.response, null, ex);
		assertThat(handled).isNotNull();
		assertThat(this.response.getContentType()).startsWith("application/json");
		return json.readTree(this.response.getContentAsString());
	}

	private static MockHttpServletRequest request(String method, String uri) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		if (uri.startsWith("/app/")) {
			request.setContextPath("/app");
		}
		return request;
	}

}
