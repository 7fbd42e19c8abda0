package io.github.clustermaster.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Logs one line when it is created: the master's log shows none, each worker's one. With
 * {@code SAMPLE_FAIL_BOOT=true} in its environment (or as a property, so a release can
 * carry it) it fails the application's start, to show the master's crash-loop protection
 * and an aborted rollout.
 *
 * @author cluster-master
 */
@Component
class SampleBean {

	private static final Log logger = LogFactory.getLog(SampleBean.class);

	SampleBean(@Value("${SAMPLE_FAIL_BOOT:false}") boolean failBoot) {
		logger.info("SampleBean created in pid " + ProcessHandle.current().pid());
		if (failBoot) {
			throw new IllegalStateException("SAMPLE_FAIL_BOOT=true: this application refuses to start");
		}
	}

}
