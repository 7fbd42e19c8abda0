package io.github.clustermaster.autoconfigure.app;

import io.github.clustermaster.master.ClusterMasterConfiguration;

import org.springframework.context.annotation.Bean;

/**
 * Master-side code of the test application.
 */
@ClusterMasterConfiguration
public class RoleTestMasterConfiguration {

	@Bean
	MasterSideBean masterSideBean() {
		return new MasterSideBean();
	}

	/**
	 * A bean only the master has.
	 */
	public static class MasterSideBean {

	}

}
