package io.github.clustermaster.sample;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.clustermaster.messaging.ClusterMessageException;
import io.github.clustermaster.messaging.ClusterWorker;
import io.github.clustermaster.messaging.MasterMessageEvent;
import io.github.clustermaster.sample.SampleMessages.Announcement;
import io.github.clustermaster.sample.SampleMessages.BroadcastRequest;
import io.github.clustermaster.sample.SampleMessages.Ping;
import io.github.clustermaster.sample.SampleMessages.Pong;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Talks to the master: echoes a text through it, asks it to broadcast, and lists what it
 * broadcast.
 *
 * @author cluster-master
 */
@RestController
class SampleMessagingController {

	private final ClusterWorker worker;

	private final List<String> announcements = new CopyOnWriteArrayList<>();

	SampleMessagingController(ClusterWorker worker) {
		this.worker = worker;
	}

	/**
	 * Sends the text to the master and answers with its reply, e.g.
	 * {@code echo: hi (master 4242, worker 2)}.
	 */
	@GetMapping(path = "/master-echo", produces = "text/plain")
	ResponseEntity<String> masterEcho(@RequestParam(defaultValue = "") String text)
			throws InterruptedException, TimeoutException {
		try {
			Pong pong = this.worker.request(new Ping(text), Pong.class).get(15, TimeUnit.SECONDS);
			return ResponseEntity.ok(
					"echo: " + pong.echo() + " (master " + pong.masterPid() + ", worker " + pong.workerId() + ")\n");
		}
		catch (ExecutionException | ClusterMessageException ex) {
			Throwable cause = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
				.body("worker " + this.worker.id() + ": " + cause.getMessage() + "\n");
		}
	}

	/**
	 * Asks the master to tell every worker the text.
	 */
	@PostMapping(path = "/broadcast", produces = "text/plain")
	ResponseEntity<String> broadcast(@RequestParam String text) {
		this.worker.send(new BroadcastRequest(text));
		return ResponseEntity.accepted().body("worker " + this.worker.id() + " asked the master to broadcast\n");
	}

	/**
	 * The pid, the worker id, then what the master broadcast to this worker, one per line.
	 */
	@GetMapping(path = "/announcements", produces = "text/plain")
	String announcements() {
		return ProcessHandle.current().pid() + " worker " + this.worker.id() + "\n"
				+ String.join("\n", this.announcements) + "\n";
	}

	@EventListener
	void onMasterMessage(MasterMessageEvent event) {
		if (event.payload().has("announcement")) {
			Announcement announcement = event.payload(Announcement.class);
			Integer from = announcement.fromWorker();
			this.announcements
				.add(announcement.announcement() + ((from != null) ? " (from worker " + from + ")" : " (from the master)"));
		}
	}

}
