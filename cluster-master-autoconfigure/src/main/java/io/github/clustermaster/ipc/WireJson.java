package io.github.clustermaster.ipc;

import tools.jackson.databind.json.JsonMapper;

/**
 * The starter's one JSON mapper: the IPC channel's frames, and the few JSON texts the
 * starter reads or writes itself (a relayed request's body, the relay's and the
 * {@code cluster} endpoint's error bodies, its {@code env} text, the REPL's message text
 * and its reading of Boot's {@code loggers} answer, the start-up check of Jackson). It has
 * Jackson's defaults and nothing of the application's: a setting of the application's
 * (Boot's {@code spring.jackson.*}, a module) must not change the wire, and the two ends of
 * a master upgrade read each other's session frames with it. The application's own mapper
 * serves what is the application's: its messages ({@code MessageCodec}, this one only
 * without a {@code JsonMapper} bean) and the results of its Actuator operations, written
 * as Boot's web layer would.
 *
 * @author cluster-master
 */
public final class WireJson {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private WireJson() {
	}

	/**
	 * The mapper.
	 * @return the wire's mapper
	 */
	public static JsonMapper mapper() {
		return mapper;
	}

}
