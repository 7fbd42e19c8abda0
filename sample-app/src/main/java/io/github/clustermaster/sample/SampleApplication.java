package io.github.clustermaster.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web app run by cluster-master: {@code java -jar sample-app.jar} starts a master
 * and two workers that share port 8080.
 *
 * @author cluster-master
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
