package io.github.clustermaster.messaging;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link ClusterWorker} of an application without a master: sent messages are
 * dropped (logged at debug level), requests fail saying why.
 *
 * @author cluster-master
 */
final class StandaloneClusterWorker implements ClusterWorker {

	private static final Log logger = LogFactory.getLog(StandaloneClusterWorker.class);

	@Override
	public int id() {
		return 0;
	}

	@Override
	public boolean isWorker() {
		return false;
	}

	@Override
	public void send(Object message) {
		logger.debug("Running standalone, without a master: dropping a message of type " + message.getClass().getName());
	}

	@Override
	public <T> CompletableFuture<T> request(Object message, Class<T> replyType, Duration timeout) {
		return CompletableFuture.failedFuture(new ClusterMessageException(
				"This application runs standalone (cluster.master.role=standalone): there is no master to answer"));
	}

	@Override
	public String toString() {
		return "standalone (no master)";
	}

}
