package io.github.clustermaster.sample;

import io.github.clustermaster.master.ClusterMasterConfiguration;
import io.github.clustermaster.messaging.ClusterMessageListener;
import io.github.clustermaster.sample.SampleMessages.Announcement;
import io.github.clustermaster.sample.SampleMessages.BroadcastRequest;
import io.github.clustermaster.sample.SampleMessages.Ping;
import io.github.clustermaster.sample.SampleMessages.Pong;
import tools.jackson.databind.JsonNode;

import org.springframework.context.annotation.Bean;

/**
 * The sample's code in the master: the only class of the application the master loads
 * (workers skip it). Its listener answers each ping with a pong, and tells every worker
 * what one of them asks it to broadcast.
 *
 * @author cluster-master
 */
@ClusterMasterConfiguration
class SampleMasterConfiguration {

	@Bean
	ClusterMessageListener sampleMessageListener() {
		long masterPid = ProcessHandle.current().pid();
		return (message) -> {
			JsonNode payload = message.payload();
			if (payload.has("ping")) {
				Ping ping = message.payload(Ping.class);
				if (ping == null || ping.ping() == null || ping.ping().isBlank()) {
					throw new IllegalArgumentException("a ping needs a text to echo");
				}
				message.reply(new Pong(ping.ping(), masterPid, message.worker().id()));
			}
			else if (payload.has("broadcast")) {
				BroadcastRequest request = message.payload(BroadcastRequest.class);
				message.broadcast(new Announcement(request.broadcast(), message.worker().id()));
			}
		};
	}

}
