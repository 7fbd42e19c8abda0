package io.github.clustermaster.ipc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.github.clustermaster.control.ClusterCommand;
import io.github.clustermaster.control.ClusterDescriptor;
import io.github.clustermaster.control.CommandOutcome;
import io.github.clustermaster.pool.PoolWarning;
import io.github.clustermaster.supervisor.WorkerStats;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One message on the IPC channel, written as one line of JSON whose {@code type} names
 * the record: {@code {"type":"hello","id":3,"pid":4242}}. Each record checks its own
 * fields when it is read, so a frame that exists is complete. A master and its workers
 * always run the same version of this code: the format is not meant to be read across
 * versions.
 *
 * @author cluster-master
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type", defaultImpl = Frame.Unknown.class)
@JsonSubTypes({ @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
		@JsonSubTypes.Type(value = Frame.Ready.class, name = "ready"),
		@JsonSubTypes.Type(value = Frame.Heartbeat.class, name = "heartbeat"),
		@JsonSubTypes.Type(value = Frame.Shutdown.class, name = "shutdown"),
		@JsonSubTypes.Type(value = Frame.Command.class, name = "command"),
		@JsonSubTypes.Type(value = Frame.Message.class, name = "message"),
		@JsonSubTypes.Type(value = Frame.Reply.class, name = "reply"),
		@JsonSubTypes.Type(value = Frame.Outcome.class, name = "outcome"),
		@JsonSubTypes.Type(value = Frame.Status.class, name = "status"),
		@JsonSubTypes.Type(value = Frame.Metrics.class, name = "metrics"),
		@JsonSubTypes.Type(value = Frame.MetricsRequest.class, name = "metrics-request"),
		@JsonSubTypes.Type(value = Frame.MetricsSent.class, name = "metrics-sent"),
		@JsonSubTypes.Type(value = Frame.SessionRequest.class, name = "session"),
		@JsonSubTypes.Type(value = Frame.SessionReply.class, name = "session-reply"),
		@JsonSubTypes.Type(value = Frame.SessionInvalidate.class, name = "session-invalidate"),
		@JsonSubTypes.Type(value = Frame.SessionInvalidated.class, name = "session-invalidated"),
		@JsonSubTypes.Type(value = Frame.Lease.class, name = "lease"),
		@JsonSubTypes.Type(value = Frame.LeaseReply.class, name = "leaseReply"),
		@JsonSubTypes.Type(value = Frame.Secret.class, name = "secret"),
		@JsonSubTypes.Type(value = Frame.Report.class, name = "report"),
		@JsonSubTypes.Type(value = Frame.PoolWrite.class, name = "pool-write"),
		@JsonSubTypes.Type(value = Frame.Apply.class, name = "apply"),
		@JsonSubTypes.Type(value = Frame.Applied.class, name = "applied"),
		@JsonSubTypes.Type(value = Frame.PoolWritten.class, name = "pool-written"),
		@JsonSubTypes.Type(value = Frame.Relay.class, name = "relay"),
		@JsonSubTypes.Type(value = Frame.Relayed.class, name = "relayed"),
		@JsonSubTypes.Type(value = Frame.Invoke.class, name = "invoke"),
		@JsonSubTypes.Type(value = Frame.Invoked.class, name = "invoked"),
		@JsonSubTypes.Type(value = Frame.Promote.class, name = "promote") })
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Frame {

	/**
	 * The answer to a request that carried a {@code seq}: the requester's connection
	 * completes the request with the same number, whatever its kind.
	 */
	sealed interface Answer extends Frame {

		/**
		 * The number of the request answered.
		 * @return the number
		 */
		long seq();

	}

	/**
	 * Worker to master: the first frame on a connection.
	 *
	 * @param id the worker's id
	 * @param pid the worker's process id
	 */
	record Hello(int id, long pid) implements Frame {

		/**
		 * Check the frame.
		 * @param id the worker's id
		 * @param pid the worker's process id
		 */
		public Hello {
			if (id < 0 || pid <= 0) {
				throw new IllegalArgumentException("hello needs a worker id and a pid, got id " + id + ", pid " + pid);
			}
		}

	}

	/** Worker to master: the application is ready and accepts connections. */
	record Ready() implements Frame {

	}

	/**
	 * Worker to master: still alive, and how it is doing.
	 *
	 * @param stats its load and memory, or {@code null} when it could not tell
	 */
	record Heartbeat(@Nullable WorkerStats stats) implements Frame {

	}

	/** Master to worker: stop gracefully. */
	record Shutdown() implements Frame {

	}

	/**
	 * Master to a hot spare: start accepting from the shared socket, in the slot of the
	 * worker it replaces.
	 *
	 * @param slot its slot from now on
	 */
	record Promote(int slot) implements Frame {

	}

	/**
	 * Worker to master: a command to run on the pool (the Actuator endpoint's), answered
	 * by an {@link Outcome} with the same {@code seq}. The command crosses as the record
	 * it is: {@code {"type":"command","seq":1,"command":{"operation":"resize","size":3}}}.
	 *
	 * @param seq the number the worker gave the command
	 * @param command the command
	 */
	record Command(long seq, ClusterCommand command) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the worker gave the command
		 * @param command the command
		 */
		public Command {
			Objects.requireNonNull(command, "a command frame needs its command");
		}

	}

	/**
	 * Master to worker: the answer to the {@link Command} with the same {@code seq}.
	 *
	 * @param seq the number of the command answered
	 * @param outcome what the master answered, when there is no error
	 * @param error why there is no outcome (the master failed to handle the command)
	 */
	record Outcome(long seq, @Nullable CommandOutcome outcome, @Nullable String error) implements Answer {

		/**
		 * Check the frame.
		 * @param seq the number of the command answered
		 * @param outcome the outcome, or {@code null} with an error
		 * @param error why there is no outcome, or {@code null}
		 */
		public Outcome {
			if ((outcome == null) == (error == null)) {
				throw new IllegalArgumentException("an outcome frame has either an outcome or an error");
			}
		}

	}

	/**
	 * Either way: an application's message. From a worker with a {@code seq}, it expects a
	 * {@link Reply}.
	 *
	 * @param seq the number to answer with, or {@code null}
	 * @param payload the message
	 */
	record Message(@Nullable Long seq, JsonNode payload) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number to answer with, or {@code null}
		 * @param payload the message
		 */
		public Message {
			Objects.requireNonNull(payload, "a message needs a payload");
		}

	}

	/**
	 * Master to worker: the answer to the message with the same {@code seq}.
	 *
	 * @param seq the number of the message answered
	 * @param payload the answer, when there is no error
	 * @param error why there is no answer
	 */
	record Reply(long seq, @Nullable JsonNode payload, @Nullable String error) implements Answer {

	}

	/**
	 * Master to worker: the cluster's latest status, pushed after {@code hello} and then
	 * whenever it changes (coalesced), so that a worker reads it without asking.
	 *
	 * @param status the status
	 */
	record Status(ClusterDescriptor status) implements Frame {

		/**
		 * Check the frame.
		 * @param status the status
		 */
		public Status {
			Objects.requireNonNull(status, "a status frame needs the status");
		}

	}

	/**
	 * Either way: a worker's meters in the Prometheus text format, labelled with its
	 * {@code worker} and {@code generation}. From a worker, its own, every few seconds (its
	 * {@code worker} is taken from the connection), which the master keeps; from the master,
	 * another worker's latest, in answer to a {@link MetricsRequest}, so that any worker can
	 * answer a scrape for the whole pool.
	 *
	 * @param worker the id of the worker whose meters these are
	 * @param text the meters
	 */
	record Metrics(int worker, String text) implements Frame {

		/**
		 * Check the frame.
		 * @param worker the id of the worker whose meters these are
		 * @param text the meters
		 */
		public Metrics {
			Objects.requireNonNull(text, "metrics need a text");
		}

	}

	/**
	 * Worker to master: the other workers' latest meters, for a scrape this worker
	 * answers. The master writes each as a {@link Metrics} frame, then a
	 * {@link MetricsSent} with the same {@code seq}: one frame per worker keeps each under
	 * the frame size limit, however many workers there are.
	 *
	 * @param seq the number the worker gave the request
	 */
	record MetricsRequest(long seq) implements Frame {

	}

	/**
	 * Master to worker: the meters of these workers were written before this frame, in
	 * answer to the {@link MetricsRequest} with the same {@code seq}.
	 *
	 * @param seq the number of the request answered
	 * @param workers the workers whose meters were sent (those connected, the requester
	 * left out)
	 */
	record MetricsSent(long seq, List<Integer> workers) implements Answer {

		/**
		 * Check the frame.
		 * @param seq the number of the request answered
		 * @param workers the workers whose meters were sent
		 */
		public MetricsSent {
			workers = List.copyOf(Objects.requireNonNull(workers, "metrics-sent needs its workers"));
		}

	}

	/**
	 * Worker to master: a call on the pool's HTTP session store, answered by a
	 * {@link SessionReply} with the same {@code seq}.
	 *
	 * @param seq the number the worker gave the call
	 * @param call the call
	 */
	record SessionRequest(long seq, SessionCall call) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the worker gave the call
		 * @param call the call
		 */
		public SessionRequest {
			Objects.requireNonNull(call, "a session request needs a call");
		}

	}

	/**
	 * Worker to master: acquire, renew or release a lease, answered by a
	 * {@link LeaseReply} with the same {@code seq}.
	 *
	 * @param seq the number the worker gave the request
	 * @param op {@code acquire}, {@code renew}, {@code release}, or {@code release-after}
	 * (keep it for {@code ttlMillis} more without renewal, then free it)
	 * @param name the lease's name
	 * @param ttlMillis the time to live asked for, in milliseconds (0 for a release)
	 */
	record Lease(long seq, String op, String name, long ttlMillis) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the worker gave the request
		 * @param op the operation
		 * @param name the lease's name
		 * @param ttlMillis the time to live asked for, in milliseconds
		 */
		public Lease {
			Objects.requireNonNull(name, "a lease request needs a name");
			if (!java.util.List.of("acquire", "renew", "release", "release-after").contains(op)) {
				throw new IllegalArgumentException(
						"a lease request's op is acquire, renew, release or release-after, got " + op);
			}
		}

	}

	/**
	 * Master to worker: the answer to the {@link SessionRequest} with the same
	 * {@code seq}.
	 *
	 * @param seq the number of the call answered
	 * @param session the session found, or {@code null} (none, or a call that returns
	 * nothing)
	 * @param error why the call failed, or {@code null}
	 * @param cacheable whether the worker may keep the session found and answer from it
	 * until the master invalidates it ({@link SessionInvalidate}): the master that
	 * answered holds the store and tracks who keeps a copy (not a store relayed during an
	 * upgrade)
	 */
	record SessionReply(long seq, @Nullable SessionData session, @Nullable String error,
			boolean cacheable) implements Answer {

		/**
		 * An answer the worker must not keep.
		 * @param seq the number of the call answered
		 * @param session the session found, or {@code null}
		 * @param error why the call failed, or {@code null}
		 */
		public SessionReply(long seq, @Nullable SessionData session, @Nullable String error) {
			this(seq, session, error, false);
		}

	}

	/**
	 * Master to worker: drop your copies of these sessions (another worker changed or
	 * deleted them; none: every copy), then confirm with a {@link SessionInvalidated} of
	 * the same {@code seq}. The master answers the call that changed them only then.
	 *
	 * @param seq the number the master gave the invalidation
	 * @param ids the sessions' ids; empty for all
	 */
	record SessionInvalidate(long seq, List<String> ids) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the master gave the invalidation
		 * @param ids the sessions' ids
		 */
		public SessionInvalidate {
			ids = (ids != null) ? List.copyOf(ids) : List.of();
		}

	}

	/**
	 * Worker to master: the copies named by the {@link SessionInvalidate} with the same
	 * {@code seq} are gone.
	 *
	 * @param seq the number of the invalidation
	 */
	record SessionInvalidated(long seq) implements Frame {

	}

	/**
	 * Master to worker: the answer to the {@link Lease} request with the same {@code seq}.
	 *
	 * @param seq the number of the request answered
	 * @param granted whether the worker holds the lease now
	 * @param holder the worker that holds it, or 0 when none does
	 * @param until when the master frees it unless it is renewed, in epoch milliseconds
	 * @param error why the request was refused as malformed, or {@code null}
	 */
	record LeaseReply(long seq, boolean granted, int holder, long until, @Nullable String error) implements Answer {

	}

	/**
	 * Master to worker, right after {@code hello}: the pool's secret, from which the worker
	 * derives the values every worker must share (Boot's generated password). Never shown
	 * by {@link #toString()}.
	 *
	 * @param secret the secret
	 */
	record Secret(String secret) implements Frame {

		/**
		 * Check the frame.
		 * @param secret the secret
		 */
		public Secret {
			Objects.requireNonNull(secret, "a secret frame needs the secret");
		}

		@Override
		public String toString() {
			return "Secret[not shown]";
		}

	}

	/**
	 * Worker to master, once its application's beans exist: the state it keeps for itself
	 * that the pool cannot share, and whether Boot's user took the pool's generated
	 * password.
	 *
	 * @param warnings what the worker found, one per kind
	 * @param generatedPasswordUser the name of Boot's user when it took the pool's
	 * generated password, or {@code null}
	 */
	record Report(List<PoolWarning> warnings, @Nullable String generatedPasswordUser) implements Frame {

		/**
		 * Check the frame.
		 * @param warnings what the worker found
		 * @param generatedPasswordUser the name of Boot's user, or {@code null}
		 */
		public Report {
			warnings = (warnings != null) ? List.copyOf(warnings) : List.of();
		}

	}

	/**
	 * Worker to master: an Actuator write operation this worker has applied, for the
	 * master to apply on every other worker (and, for logger levels, to remember for the
	 * workers started later); answered by a {@link PoolWritten} with the workers that applied it.
	 *
	 * @param seq the number the worker gave the request
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments the operation's arguments, as Boot passed them, by parameter name (a
	 * pool write's parameters are single values: a logger's name and level, a cache's name
	 * and manager)
	 */
	record PoolWrite(long seq, String operation, Map<String, String> arguments) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the worker gave the request
		 * @param operation the operation
		 * @param arguments the operation's arguments
		 */
		public PoolWrite {
			Objects.requireNonNull(operation, "a pool write needs an operation");
			arguments = Collections.unmodifiableMap(
					new LinkedHashMap<>(Objects.requireNonNull(arguments, "a pool write needs its arguments")));
		}

	}

	/**
	 * Master to worker: the answer to the {@link PoolWrite} with the same {@code seq}.
	 *
	 * @param seq the number of the pool write answered
	 * @param outcome the workers that applied it and those that could not, when there is
	 * no error
	 * @param error why the master could not apply it, or {@code null}
	 */
	record PoolWritten(long seq, @Nullable PoolWriteOutcome outcome, @Nullable String error) implements Answer {

	}

	/**
	 * Master to worker: apply an Actuator write operation another worker was asked for.
	 * With a {@code seq}, answered by {@link Applied}; without, one the master remembers
	 * (a logger level), sent right after {@code hello}.
	 *
	 * @param seq the number to answer with, or {@code null}
	 * @param operation the operation, {@code endpoint:parameter,parameter}
	 * @param arguments the operation's arguments
	 */
	record Apply(@Nullable Long seq, String operation, Map<String, String> arguments) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number to answer with, or {@code null}
		 * @param operation the operation
		 * @param arguments the operation's arguments
		 */
		public Apply {
			Objects.requireNonNull(operation, "an apply needs an operation");
			arguments = Collections.unmodifiableMap(
					new LinkedHashMap<>(Objects.requireNonNull(arguments, "an apply needs its arguments")));
		}

	}

	/**
	 * Worker to master: the outcome of an {@link Apply}.
	 *
	 * @param seq the number of the apply answered
	 * @param error why it was not applied, or {@code null}
	 */
	record Applied(long seq, @Nullable String error) implements Frame {

	}

	/**
	 * Worker to master: an Actuator request for worker {@code target}, answered by a
	 * {@link Relayed} with that worker's response.
	 *
	 * @param seq the number the worker gave the request
	 * @param target the id of the worker that is to answer
	 * @param request the request
	 */
	record Relay(long seq, int target, RelayRequest request) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number the worker gave the request
		 * @param target the id of the worker that is to answer
		 * @param request the request
		 */
		public Relay {
			Objects.requireNonNull(request, "a relay needs a request");
		}

	}

	/**
	 * Master to worker: the answer to the {@link Relay} with the same {@code seq}.
	 *
	 * @param seq the number of the relay answered
	 * @param response the target's response (or the master's, when it could not reach
	 * the target), when there is no error
	 * @param error why the master failed to relay it, or {@code null}
	 */
	record Relayed(long seq, @Nullable RelayResponse response, @Nullable String error) implements Answer {

	}

	/**
	 * Master to worker: answer an Actuator request in-process, with {@link Invoked}.
	 *
	 * @param seq the number to answer with
	 * @param request the request
	 */
	record Invoke(long seq, RelayRequest request) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number to answer with
		 * @param request the request
		 */
		public Invoke {
			Objects.requireNonNull(request, "an invoke needs a request");
		}

	}

	/**
	 * Worker to master: its response to an {@link Invoke}.
	 *
	 * @param seq the number of the invoke answered
	 * @param response the response
	 */
	record Invoked(long seq, RelayResponse response) implements Frame {

		/**
		 * Check the frame.
		 * @param seq the number of the invoke answered
		 * @param response the response
		 */
		public Invoked {
			Objects.requireNonNull(response, "an invoked needs a response");
		}

	}

	/**
	 * A frame of a type this side does not know; ignored.
	 */
	record Unknown() implements Frame {

	}

}
