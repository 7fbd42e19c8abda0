package io.github.clustermaster.sample;

import java.security.Principal;

import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page behind the form login: who is logged in, which worker answered, and a counter
 * kept in the session (a CSRF-protected {@code POST /account/visits} adds to it), so a test
 * sees the same session whichever worker serves it.
 *
 * @author cluster-master
 */
@RestController
class AccountController {

	private final String worker;

	AccountController(@Value("${cluster.master.worker-id:standalone}") String workerId) {
		this.worker = "worker " + workerId;
	}

	@GetMapping(path = "/account", produces = "text/plain")
	String account(Principal principal, HttpSession session) {
		return line(principal, session);
	}

	@PostMapping(path = "/account/visits", produces = "text/plain")
	String visit(Principal principal, HttpSession session, @RequestParam(defaultValue = "1") int add) {
		Integer visits = (Integer) session.getAttribute("visits");
		session.setAttribute("visits", ((visits != null) ? visits : 0) + add);
		return line(principal, session);
	}

	private String line(Principal principal, HttpSession session) {
		Object visits = session.getAttribute("visits");
		return ProcessHandle.current().pid() + " " + this.worker + " user " + principal.getName() + " visits "
				+ ((visits != null) ? visits : 0) + "\n";
	}

}
