package io.github.clustermaster.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * Logs one line when it is created: the master's log shows none, each worker's one. With
 * {@code SAMPLE_FAIL_BOOT=true} in its environment it fails the application's start, to
 * show the master's crash-loop protection.
 *
 * @author cluster-master
 */
@Component
class SampleBean {

	private static final Log logger = LogFactory.getLog(SampleBean.class);

	SampleBean() {
		logger.info("SampleBean created in pid " + ProcessHandle.current().pid());
		if (Boolean.parseBoolean(System.getenv("SAMPLE_FAIL_BOOT"))) {
			throw new IllegalStateException("SAMPLE_FAIL_BOOT=true: this application refuses to start");
		}
	}

}
