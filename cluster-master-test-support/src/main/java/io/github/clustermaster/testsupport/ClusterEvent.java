package io.github.clustermaster.testsupport;

import java.time.Instant;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One line of a master's event log ({@code cluster.master.event-log}, see the project's
 * {@code docs/events.md}): the event's name and its fields.
 *
 * @author cluster-master
 */
public final class ClusterEvent {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final String line;

	private final JsonNode json;

	private ClusterEvent(String line, JsonNode json) {
		this.line = line;
		this.json = json;
	}

	/**
	 * Read one line of an event log.
	 * @param line the JSON line, without its line feed
	 * @return the event
	 * @throws tools.jackson.core.JacksonException if the line is not JSON
	 */
	public static ClusterEvent of(String line) {
		return new ClusterEvent(line, mapper.readTree(line));
	}

	/**
	 * Return the event's name, for example {@code worker-ready}.
	 * @return the name
	 */
	public String name() {
		return this.json.path("event").asString();
	}

	/**
	 * Return when the master reported it.
	 * @return the time
	 */
	public Instant time() {
		return Instant.parse(this.json.path("time").asString());
	}

	/**
	 * Return whether the event has a field.
	 * @param field the field's name
	 * @return whether it has it
	 */
	public boolean has(String field) {
		return this.json.has(field);
	}

	/**
	 * Return a field as text.
	 * @param field the field's name
	 * @return its text, or an empty string when the event has no such field
	 */
	public String text(String field) {
		JsonNode value = this.json.path(field);
		return value.isValueNode() ? value.asString() : value.isMissingNode() ? "" : value.toString();
	}

	/**
	 * Return a field as a number.
	 * @param field the field's name
	 * @return its value
	 * @throws AssertionError when the event has no such number
	 */
	public long number(String field) {
		JsonNode value = this.json.path(field);
		if (!value.isNumber()) {
			throw new AssertionError("No number '" + field + "' in " + this.line);
		}
		return value.asLong();
	}

	/**
	 * Return a field as a flag.
	 * @param field the field's name
	 * @return its value, {@code false} when the event has no such field
	 */
	public boolean flag(String field) {
		return this.json.path(field).asBoolean(false);
	}

	/**
	 * Return whether the event names a worker.
	 * @param id the worker's id
	 * @return whether its {@code worker} field is that id
	 */
	public boolean isWorker(long id) {
		return this.json.path("worker").asLong(-1) == id;
	}

	/**
	 * Return whether the event names a worker process.
	 * @param pid the worker's pid
	 * @return whether its {@code pid} field is that pid
	 */
	public boolean isPid(long pid) {
		return this.json.path("pid").asLong(-1) == pid;
	}

	/**
	 * Return the line as the master wrote it.
	 * @return the JSON line
	 */
	@Override
	public String toString() {
		return this.line;
	}

}
