package io.github.clustermaster.autoconfigure.aotapp;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * An application that Spring AOT processes in a test, with one bean of its own.
 */
@SpringBootApplication
public class AotTestApplication {

	@Bean
	AotTestBean aotTestBean() {
		return new AotTestBean();
	}

	public static void main(String[] args) {
		SpringApplication.run(AotTestApplication.class, args);
	}

	/**
	 * The application's bean.
	 */
	public static class AotTestBean {

	}

}
