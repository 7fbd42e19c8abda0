package io.github.clustermaster.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application whose one bean shows whether the application itself was built.
 */
@SpringBootApplication
public class RoleTestApplication {

	@Bean
	ApplicationBean applicationBean() {
		return new ApplicationBean();
	}

	/**
	 * A bean of the application.
	 */
	public static class ApplicationBean {

	}

}
