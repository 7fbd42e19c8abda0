package io.github.clustermaster.ipc;

import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapper of the IPC channel, shared by everything that reads or writes what
 * crosses it (frames, and the relayed Actuator bodies built for them). It has Jackson's
 * defaults and nothing of the application's: a setting of the application's (Boot's
 * {@code spring.jackson.*}, a customizer) must not change the wire, and the two ends of a
 * master upgrade read each other's session frames with it.
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
