package com.example.compat;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A plain web application: nothing in it knows about the cluster but the property in
 * {@code application.yml}.
 */
@SpringBootApplication
@RestController
public class CompatApplication {

	private final String worker;

	CompatApplication(@Value("${cluster.master.worker-id:standalone}") String worker) {
		this.worker = worker;
	}

	@GetMapping(path = "/", produces = "text/plain")
	String hello() {
		return ProcessHandle.current().pid() + " worker " + this.worker + " boot " + SpringBootVersion.getVersion()
				+ " java " + Runtime.version().feature() + "\n";
	}

	public static void main(String[] args) {
		SpringApplication.run(CompatApplication.class, args);
	}

}
