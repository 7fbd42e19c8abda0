package io.github.clustermaster.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers which worker served a request.
 *
 * @author cluster-master
 */
@RestController
class SampleController {

	private final String worker;

	private final String release;

	SampleController(@Value("${cluster.master.worker-id:standalone}") String workerId,
			@Value("${sample.release:1}") String release) {
		this.worker = "worker " + workerId;
		this.release = release;
	}

	/**
	 * The pid of the process that answered, then its worker id.
	 */
	@GetMapping(path = "/", produces = "text/plain")
	String hello() {
		return ProcessHandle.current().pid() + " " + this.worker + "\n";
	}

	/**
	 * Answers after {@code ms} milliseconds, to show that a stopping worker finishes what
	 * it started.
	 */
	@GetMapping(path = "/slow", produces = "text/plain")
	String slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		Thread.sleep(Math.min(ms, 60_000));
		return ProcessHandle.current().pid() + " " + this.worker + " slept " + ms + " ms\n";
	}

	/**
	 * The release this worker runs: {@code sample.release}, which a new build of the jar
	 * can change, to show which release a rolling restart deployed.
	 */
	@GetMapping(path = "/release", produces = "text/plain")
	String release() {
		return ProcessHandle.current().pid() + " " + this.worker + " release " + this.release + "\n";
	}

	/**
	 * The value of one of this worker's {@code SAMPLE_*} environment variables, to show
	 * the environment a restart gave it.
	 */
	@GetMapping(path = "/env/{name}", produces = "text/plain")
	String env(@PathVariable String name) {
		String value = name.startsWith("SAMPLE_") ? System.getenv(name) : null;
		return ProcessHandle.current().pid() + " " + this.worker + " " + name + "=" + value + "\n";
	}

}
