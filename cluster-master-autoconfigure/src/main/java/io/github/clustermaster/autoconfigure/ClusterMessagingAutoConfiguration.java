package io.github.clustermaster.autoconfigure;

import io.github.clustermaster.ipc.WireJson;
import io.github.clustermaster.messaging.ClusterWorker;
import io.github.clustermaster.messaging.MessageCodec;
import io.github.clustermaster.worker.SessionClusterWorker;
import io.github.clustermaster.worker.WorkerSession;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@link ClusterWorker}: in a worker (which has a
 * {@link WorkerSession}), messages to and from its master, written with the application's
 * {@link JsonMapper}; in a standalone application one without a master.
 *
 * @author cluster-master
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public final class ClusterMessagingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClusterWorker clusterWorker(ObjectProvider<WorkerSession> session, ObjectProvider<JsonMapper> jsonMapper,
			ApplicationEventPublisher publisher, Environment environment) {
		WorkerSession worker = session.getIfAvailable();
		if (worker == null) {
			return ClusterWorker.standalone();
		}
		MessageCodec codec = new MessageCodec(jsonMapper.getIfAvailable(WireJson::mapper));
		return new SessionClusterWorker(worker, environment.getProperty("cluster.master.worker-slot", Integer.class, 0),
				codec, publisher);
	}

}
